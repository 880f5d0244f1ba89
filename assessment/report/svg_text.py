"""SVG text drawn a run at a time, as WeasyPrint draws HTML text.

WeasyPrint 70 lays out and draws every SVG ``<text>``/``<tspan>`` one code point at a
time (a Pango layout per character, ``weasyprint/svg/text.py``), because SVG allows each
glyph its own ``x``, ``y``, ``dx``, ``dy`` and ``rotate``. The report's charts never
position glyphs one by one, yet that per-character layout is most of WeasyPrint's time on
the chart pages (docs/performance.md, "Chart pages"). WeasyPrint's maintainers suggest
drawing the whole text when no glyph has a position of its own (Kozea/WeasyPrint#2249);
this module does exactly that for such runs and hands every other node to WeasyPrint's
own function unchanged.

The picture is the same one: the run starts where the per-character drawing would start,
advances the text cursor by its width, and draws its code points left to right in the
order given (a run holding right-to-left characters, which ``render._visual`` has already
put in visual order and shaped, is wrapped in a left-to-right override so Pango does not
reorder it again). Only kerning between letters, which the per-character drawing loses,
comes back.

``install()`` is called where the report renders PDFs; it changes nothing for a WeasyPrint
major version it was not written against (``SUPPORTED_MAJOR``), so an upgrade falls back
to WeasyPrint's own drawing instead of breaking the report.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from math import inf

import weasyprint
import weasyprint.svg as wsvg
from weasyprint.svg.utils import normalize

logger = logging.getLogger(__name__)

#: The WeasyPrint major version whose ``svg.text.text`` this replaces.
SUPPORTED_MAJOR = 70
#: Attributes that give glyphs positions or spacing of their own.
_PER_GLYPH = ("dx", "dy", "rotate", "letter-spacing", "textLength", "lengthAdjust")
#: Bidi classes Pango would reorder in a left-to-right paragraph.
_REORDERED = frozenset({"R", "AL", "AN", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI"})
_LRO, _PDF = "\u202d", "\u202c"

_upstream_text = wsvg.text
_installed = False


def supported(version: str | None = None) -> bool:
    version = weasyprint.__version__ if version is None else version
    return version.split(".", 1)[0] == str(SUPPORTED_MAJOR)


def install() -> bool:
    """Route WeasyPrint's SVG text nodes through ``text``; True when it is in place."""
    global _installed
    if _installed:
        return True
    if not supported():
        logger.warning(
            "WeasyPrint %s: SVG text is drawn one character at a time (svg_text supports %s.x)",
            weasyprint.__version__,
            SUPPORTED_MAJOR,
        )
        return False
    # ``draw_node`` tells text nodes by ``TAGS.get(tag) == text``: both names must change.
    _route(text)
    _installed = True
    return True


def _route(function) -> None:
    for tag, current in list(wsvg.TAGS.items()):
        if current in (_upstream_text, text):
            wsvg.TAGS[tag] = function
    wsvg.text = function


@contextmanager
def per_character() -> Iterator[None]:
    """WeasyPrint's own drawing for a while: the baseline of benchmarks and tests."""
    routed = wsvg.text is text
    _route(_upstream_text)
    try:
        yield
    finally:
        if routed:
            _route(text)


def single(value: str | None) -> bool:
    """An ``x``/``y`` list of at most one length: it places the run, not its glyphs."""
    return value is None or len(normalize(value).split()) <= 1


def is_simple(node) -> bool:
    """A run WeasyPrint would draw exactly as one layout: plain ``text``/``tspan`` text,
    one line, no per-glyph positions or spacing."""
    return (
        node.tag in ("text", "tspan")
        and bool(node.text)
        and "\n" not in node.text
        and single(node.get("x"))
        and single(node.get("y"))
        and not any(node.get(name) for name in _PER_GLYPH)
    )


def as_drawn(run: str) -> str:
    """The run as Pango must get it to draw its code points left to right, in order."""
    if any(unicodedata.bidirectional(ch) in _REORDERED for ch in run):
        return _LRO + run + _PDF
    return run


def text(svg, node, font_size):
    """Draw one SVG text node: a simple run as one layout, anything else as WeasyPrint does."""
    if not is_simple(node):
        return _upstream_text(svg, node, font_size)
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.text import Style, TextBox
    from weasyprint.text.line_break import split_first_line

    style = Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [
        font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")
    ]
    style["font_style"] = node.get("font-style", "normal")
    style["font_weight"] = _weight(node.get("font-weight", 400))
    style["font_size"] = font_size
    style["direction"] = "ltr"

    layout, _, resume_index, width, height, baseline = split_first_line(
        as_drawn(node.text), style, svg.context, inf, 0
    )
    if resume_index is not None:  # a break Pango forces: leave it to WeasyPrint
        return _upstream_text(svg, node, font_size)

    x = _length(node.get("x"), font_size, svg.inner_width)
    y = _length(node.get("y"), font_size, svg.inner_height)
    if x:  # as WeasyPrint: a zero keeps the pending shift
        svg.cursor_d_position[0] = 0
    if y:
        svg.cursor_d_position[1] = 0
    x = svg.cursor_position[0] if x is None else x
    y = svg.cursor_position[1] if y is None else y
    svg.cursor_position = x + width, y

    # WeasyPrint's vertical alignment of SVG text (estimated ascent and descent).
    ascent, descent = font_size * 0.8, font_size * 0.2
    y_align = _y_align(node, height, ascent, descent)
    x_position = x + svg.cursor_d_position[0]
    y_position = y + svg.cursor_d_position[1] + y_align
    node.text_bounding_box = extend_bounding_box(
        node.text_bounding_box,
        (
            (x_position, y_position - baseline),
            (x_position + width, y_position - baseline + height),
        ),
    )

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    text_box = TextBox(layout, style)
    text_box.baseline = baseline
    matrix = Matrix(a=1, d=-1, e=x_position, f=y_position)
    emojis = draw_first_line(svg.stream, text_box, "none", "none", matrix)
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


def _length(value: str | None, font_size: float, percent_of: float) -> float | None:
    from weasyprint.svg.utils import size

    values = normalize(value).split() if value else []
    return size(values[0], font_size, percent_of) if values else None


def _weight(value) -> int:
    if value == "normal":
        return 400
    if value == "bold":
        return 700
    try:
        return int(value)
    except (TypeError, ValueError):
        return 400


def _y_align(node, height: float, ascent: float, descent: float) -> float:
    """As ``weasyprint.svg.text.text`` aligns a run to its ``y``."""
    anchor = node.get("display-anchor")
    baseline = node.get("dominant-baseline", node.get("alignment-baseline"))
    if anchor == "middle":
        return -height / 2
    if anchor == "top":
        return 0
    if anchor == "bottom":
        return -height
    if baseline in ("central", "middle"):
        return (ascent + descent) / 2 - descent
    if baseline in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
        return ascent
    if baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
        return -descent
    return 0
