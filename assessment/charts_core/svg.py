"""Small SVG helpers shared by the chart renderers.

Charts are strings built by hand (no plotting library): they must render identically in
the browser and in the PDF, carry no external reference (no fonts, images or scripts),
and every piece of user text goes through :func:`esc`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from xml.sax.saxutils import escape

# Characters XML 1.0 forbids even when escaped (a pasted control character would make
# the whole document unparsable).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SAFE_HREF = re.compile(r"^(?:/(?!/)|[#?])")

#: The pages' chart face: "Stackscope Sans" is the bundled Noto fonts the label widths are
#: measured for (static/css/app.css, @font-face); the report prints in the .ttf files.
FONT = "'Stackscope Sans', system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#cbd2d9"
ALERT = "#c62828"

#: Okabe–Ito colours (readable with colour-vision deficiencies), paired with letters so
#: nothing is told by colour alone.
LIFECYCLE_STYLE: dict[str | None, tuple[str, str]] = {
    "invest": ("#009E73", "I"),
    "tolerate": ("#0072B2", "T"),
    "migrate": ("#E69F00", "M"),
    "eliminate": ("#D55E00", "E"),
    "evaluating": ("#CC79A7", "?"),
    None: ("#8a94a0", "–"),
}
GROUP_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8a6d3b")


def esc(text: object) -> str:
    """Text safe for XML content and double- or single-quoted attributes."""
    clean = _INVALID_XML.sub("", str(text))
    return escape(clean, {'"': "&quot;", "'": "&apos;"})


def safe_href(href: str | None) -> str | None:
    """Only same-site links ("/tools/3/", "#row-3", "?stage=x"): no scheme, no "//host"."""
    if href and _SAFE_HREF.match(href) and not any(c.isspace() for c in href):
        return href
    return None


# Advance widths in em of a sans-serif (Helvetica/Arial-like metrics, rounded up a little):
# enough to keep a label inside its box; the exact font varies by browser and printer.
_NARROW = set("il.,:;'|!jtfI[]()`")
_WIDE = set("MWmw@%")
_BOLD = 1.07
_SAFETY = 1.05


def _char_width(ch: str) -> float:
    if ch == " ":
        return 0.28
    if ch in _NARROW:
        return 0.3
    if ch in _WIDE:
        return 0.9
    if ch == "…":
        return 1.0
    if ch.isupper():
        return 0.7
    if ch.isascii():
        return 0.57
    if unicodedata.combining(ch):
        return 0.0  # Arabic vowel marks and other combining marks take no room
    if "\u0600" <= ch <= "\u08ff" or "\ufb50" <= ch <= "\ufeff":
        return 0.46  # Arabic script, joined (Noto Sans Arabic averages 0.40 – 0.44 em)
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    return 0.62


def text_width(text: str, font_size: float, *, bold: bool = False) -> float:
    """Estimated width in px of ``text`` set in the charts' font at ``font_size``."""
    em = sum(_char_width(ch) for ch in text)
    return em * font_size * (_BOLD if bold else 1.0) * _SAFETY


#: Vertical metrics (ascent, descent) in em of the bundled faces (static/fonts: Noto Sans and
#: Noto Sans Arabic, hhea and OS/2 alike): the box a browser gives a line of text
#: (``getBBox``), from its baseline up and down. Arabic's is much taller.
_LATIN_METRICS = (1.069, 0.293)
_ARABIC_METRICS = (1.374, 0.738)


def _arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u08ff" or "\ufb50" <= ch <= "\ufeff"


def text_extent(text: str, font_size: float) -> tuple[float, float]:
    """(ascent, descent) in px of a line of ``text`` set at ``font_size``: how far its box
    reaches above and below the baseline in the bundled fonts (Arabic script sets the line
    in the taller Arabic face)."""
    ascent, descent = _ARABIC_METRICS if any(map(_arabic, text)) else _LATIN_METRICS
    return ascent * font_size, descent * font_size


def fit(text: str, width: float, font_size: float, *, bold: bool = False) -> str:
    """``text`` (whitespace folded), cut with an ellipsis so it fits ``width`` px."""
    text = " ".join(str(text).split())
    if text_width(text, font_size, bold=bold) <= width:
        return text
    while text and text_width(text + "…", font_size, bold=bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _split_word(word: str, width: float, font_size: float, bold: bool) -> tuple[str, str]:
    """The longest head of ``word`` that fits ``width`` (at least one character), and the rest."""
    cut = 1
    while cut < len(word) and text_width(word[: cut + 1], font_size, bold=bold) <= width:
        cut += 1
    return word[:cut], word[cut:]


def fit_lines(
    text: str,
    widths: Sequence[float],
    font_size: float,
    *,
    bold: bool = False,
    break_words: bool = True,
) -> tuple[list[str], bool]:
    """Greedy word wrap of ``text`` into at most ``len(widths)`` lines, line ``i`` at most
    ``widths[i]`` px wide (a word too long for a line is broken, or with ``break_words``
    false counts as cut). Returns the lines and whether the text had to be cut (the last
    line then ends with an ellipsis)."""
    words = " ".join(str(text).split()).split(" ")
    lines: list[str] = []
    for n, width in enumerate(widths):
        if not words or not words[0]:
            break
        line = words.pop(0)
        if text_width(line, font_size, bold=bold) > width and n < len(widths) - 1:
            if not break_words:
                return [fit(line, width, font_size, bold=bold)], True
            line, rest = _split_word(line, width, font_size, bold)
            words.insert(0, rest)
        while words and text_width(f"{line} {words[0]}", font_size, bold=bold) <= width:
            line += " " + words.pop(0)
        lines.append(line)
    if not lines:
        return [""], False
    rest = " ".join(words)
    last = lines[-1] + (" " + rest if rest else "")
    lines[-1] = fit(last, widths[len(lines) - 1], font_size, bold=bold)
    return lines, lines[-1] != last


def fit_sizes(
    text: str, widths: Sequence[float], sizes: Sequence[float], *, bold: bool = False
) -> tuple[list[str], float]:
    """``text`` wrapped into ``widths`` at the largest of ``sizes`` that holds it whole
    without breaking a word; else broken, or as a last resort cut, at the smallest size.
    Returns (lines, size)."""
    for size in sizes:
        lines, cut = fit_lines(text, widths, size, bold=bold, break_words=False)
        if not cut:
            return lines, size
    return fit_lines(text, widths, sizes[-1], bold=bold)[0], sizes[-1]


def truncate(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """Greedy word wrap into at most ``lines`` lines; the last one is truncated."""
    out: list[str] = []
    for word in " ".join(str(text).split()).split(" "):
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return [truncate(line, width) for line in out]


def num(value: float) -> str:
    """Coordinates with at most one decimal: short, and identical across runs."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def attrs(**values: object) -> str:
    parts = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        text = num(value) if isinstance(value, float) else str(value)
        parts.append(f'{name}="{esc(text)}"')
    return " ".join(parts)


def tag(name: str, content: str | None = None, **values: object) -> str:
    attributes = attrs(**values)
    opening = f"<{name} {attributes}" if attributes else f"<{name}"
    return f"{opening}/>" if content is None else f"{opening}>{content}</{name}>"


def text(content: str, **values: object) -> str:
    """A <text> element with escaped content."""
    return tag("text", esc(content), **values)


def title(content: str) -> str:
    return f"<title>{esc(content)}</title>"


def linked(href: str | None, inner: str, **values: object) -> str:
    """Wrap in <a href> (with a data-href for scripts) when the link is safe."""
    href = safe_href(href)
    if href is None:
        return tag("g", inner, **values)
    return tag("a", inner, href=href, data_href=href, **values)


def document(
    width: float,
    height: float,
    heading: str,
    description: str,
    body: Iterable[str],
    *,
    css_class: str,
    rtl: bool = False,
    defs: str = "",
) -> str:
    """A standalone, accessible <svg>: named by its <title>, described by its <desc>.

    ``role="img"`` when nothing inside it can be focused; a drawing with links (the maps'
    tiles and cells, the radar's steps) is a ``group`` instead, since an image's children
    are presentational and a link inside one is hidden from assistive technology (axe's
    nested-interactive).

    ``direction="ltr"``: renderers mirror positions themselves for right-to-left and give
    text anchors physically (``start`` is the left), so the drawing must not take the
    page's direction: in a right-to-left page a browser would otherwise flip every anchor
    and push the labels out of their tiles. Bidi text inside a label is still ordered and
    shaped by the browser (an Arabic label reads right to left).
    """
    body = list(body)
    interactive = any("<a " in part for part in body)
    named = (
        f'role="group" aria-labelledby="{css_class}-title" aria-describedby="{css_class}-desc"'
        if interactive
        else f'role="img" aria-labelledby="{css_class}-title {css_class}-desc"'
    )
    head = (
        '<svg xmlns="http://www.w3.org/2000/svg"'
        f" {attrs(viewBox=f'0 0 {num(width)} {num(height)}')}"
        f" {attrs(width=num(width), height=num(height), class_=css_class)} {named}"
        f" {attrs(font_family=FONT, direction='ltr', data_layout='rtl' if rtl else None)}>"
    )
    return "".join(
        [
            head,
            f'<title id="{css_class}-title">{esc(heading)}</title>',
            f'<desc id="{css_class}-desc">{esc(description)}</desc>',
            f"<defs>{defs}</defs>" if defs else "",
            *body,
            "</svg>",
        ]
    )


def gettext_noop(message: str) -> str:
    """Mark chart wording for extraction (makemessages knows this keyword) without importing
    Django; the report translates the ``LABELS`` values with gettext."""
    return message


class Contextual(str):
    """Chart wording with a gettext context (see :func:`pgettext`)."""

    context: str

    def __new__(cls, context: str, message: str) -> Contextual:
        value = super().__new__(cls, message)
        value.context = context
        return value


def pgettext(context: str, message: str) -> Contextual:
    """Mark chart wording for extraction with a context (makemessages knows ``pgettext``)
    without importing Django or translating: :func:`translate_labels` does, later."""
    return Contextual(context, message)


def translate_labels(
    defaults: Mapping[str, str],
    gettext: Callable[[str], str],
    pgettext: Callable[[str, str], str],
) -> dict[str, str]:
    """A chart's ``LABELS`` through the caller's gettext (and pgettext for contextual ones)."""
    return {
        key: pgettext(value.context, str(value))
        if isinstance(value, Contextual)
        else gettext(value)
        for key, value in defaults.items()
    }


def merged_labels(defaults: Mapping[str, str], overrides: Mapping[str, str] | None) -> dict:
    """Chart wording in English unless the caller passes translated strings."""
    return {**defaults, **(overrides or {})}


def pairs(items: Iterable[object]) -> list[tuple[str, str]]:
    """(key, name) from tuples or from objects with ``key`` and ``name`` (taxonomy entries)."""
    out = []
    for item in items:
        if isinstance(item, tuple | list):
            out.append((str(item[0]), str(item[1])))
        else:
            out.append((str(item.key), str(item.name)))
    return out
