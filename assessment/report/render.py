"""Render the report data (``data.build_report_data``) to HTML and to PDF.

The renderer reads nothing but the data dict and the options, so the same snapshot always
gives the same HTML (and an identical request can be served from a cache keyed by
``report_cache_key``). Charts are the shared SVG renderers of ``charts_core``,
embedded inline; the PDF is always produced through the static-only URL fetcher.

    data = build_report_data(meta=..., data=..., result=..., roadmap=...)
    pdf = render_report_pdf(data, sections={"summary", "roadmap"}, page_size="Letter")
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Collection, Mapping
from typing import Any, Literal

import arabic_reshaper
from bidi import get_base_level, get_display
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from assessment.charts_core import (
    IntegrationEdge,
    RadarAxis,
    ToolNode,
    TouchpointItem,
    integration_map,
    radar_chart,
    stack_map,
    touchpoint_matrix,
)
from assessment.charts_core.svg import FONT, esc, translate_labels
from assessment.report import digits
from assessment.report.fetcher import StaticOnlyURLFetcher
from assessment.report.pdf import RenderedPDF, html_to_pdf
from core.dates import printed_date

#: Bump when the template, the stylesheet or this module changes what a report looks like:
#: it is part of the cache key, so cached PDFs of an older renderer are not served.
RENDERER_VERSION = "report-7"

#: The fonts the print stylesheet bundles (static/fonts), also used for the charts' text.
REPORT_FONT = "'Noto Sans', 'Noto Sans Arabic', 'Stackscope Symbols', sans-serif"

PageSize = Literal["A4", "Letter"]
PAGE_SIZES: dict[str, str] = {"A4": "A4", "Letter": "letter"}

#: The report's optional sections, in print order, with translatable labels (a UI can
#: offer them as checkboxes). The cover and the table of contents are always printed.
SECTIONS: tuple[tuple[str, Any], ...] = (
    ("summary", gettext_lazy("Executive summary")),
    ("radar", gettext_lazy("Scores at a glance")),
    ("findings", gettext_lazy("Findings by step")),
    ("touchpoints", gettext_lazy("Touchpoint matrix")),
    ("stack", gettext_lazy("Martech stack")),
    ("maps", gettext_lazy("Stack and integration maps")),
    ("roadmap", gettext_lazy("Roadmap")),
    ("appendix", gettext_lazy("Appendix: answers and notes")),
    ("changes", gettext_lazy("Appendix: changes since the last final assessment")),
    ("inventory", gettext_lazy("Appendix: full stack inventory")),
)
SECTION_KEYS: tuple[str, ...] = tuple(key for key, _label in SECTIONS)
#: The appendix read from the change history: its data is only built when it is chosen
#: (``sources.report_data_for``), and the renderer prints it only when the data has it.
CHANGES_SECTION = "changes"
#: Printed unless the caller chooses: everything but the exhaustive inventory and the
#: changes since the last final assessment.
DEFAULT_SECTIONS: frozenset[str] = frozenset(SECTION_KEYS) - {"inventory", CHANGES_SECTION}


def normalise_sections(sections: Collection[str] | None) -> tuple[str, ...]:
    """The chosen section keys in print order; unknown keys are an error."""
    if sections is None:
        chosen = set(DEFAULT_SECTIONS)
    else:
        chosen = set(sections)
        unknown = chosen - set(SECTION_KEYS)
        if unknown:
            raise ValueError(f"unknown report sections: {sorted(unknown)}")
    return tuple(key for key in SECTION_KEYS if key in chosen)


def _page_size(page_size: str) -> str:
    if page_size not in PAGE_SIZES:
        raise ValueError(f"page_size must be one of {sorted(PAGE_SIZES)}, not {page_size!r}")
    return page_size


def _language(report_data: Mapping[str, Any], language: str | None) -> str:
    return language or report_data.get("language") or "en"


def report_cache_key(
    report_data: Mapping[str, Any],
    sections: Collection[str] | None = None,
    page_size: str = "A4",
    language: str | None = None,
) -> str:
    """sha256 over the canonical JSON of everything the output depends on."""
    payload = {
        "renderer": RENDERER_VERSION,
        "data": report_data,
        "sections": list(normalise_sections(sections)),
        "page_size": _page_size(page_size),
        "language": _language(report_data, language),
    }
    canonical = json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# -- charts -------------------------------------------------------------------------------

# The chart package re-exports its functions under the modules' names; the modules hold the
# English wording (``LABELS``) that the report passes through gettext.
_CHART_LABELS = {
    name: importlib.import_module(f"assessment.charts_core.{name}").LABELS
    for name in ("radar", "touchpoint_matrix", "stack_map", "integration_map")
}


def _labels(defaults: Mapping[str, str]) -> dict[str, str]:
    """The chart's own English wording, through gettext (translated when a catalogue has it)."""
    return translate_labels(defaults, _, pgettext)


_SVG_FONT = f'font-family="{esc(FONT)}"'
_REPORT_FONT = f'font-family="{esc(REPORT_FONT)}"'


def _print_font(svg: str) -> str:
    """The charts ask for the UI's system fonts; in print they use the bundled Noto fonts."""
    return svg.replace(_SVG_FONT, _REPORT_FONT, 1)


# Arabic-script letters (Arabic, Persian, Urdu: the base blocks and the presentation forms).
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_SVG_TEXT = re.compile(r"(<(?:text|tspan)\b[^>]*>)([^<]+)")


#: Bidi mirroring (UAX #9, L4) of the paired characters chart labels hold: python-bidi 0.6
#: (the Rust ``unicode-bidi`` crate) reorders but does not mirror, so "(2)" in right-to-left
#: text came out as ")2(".
_MIRROR = str.maketrans("()[]{}<>«»‹›≤≥", ")(][}{><»«›‹≥≤")
_LEVELS = re.compile(r"levels: \[(.*?)\]", re.S)
_LEVEL = re.compile(r"Level\(\s*(\d+)")


def _bidi_levels(text: str, base_dir: str | None) -> list[int]:
    """The resolved embedding level of each character (rules up to I2) of one paragraph,
    from python-bidi's debug output (the only way it gives them; levels are per UTF-8 byte)."""
    info = get_display(text, base_dir=base_dir, debug=True)
    by_byte = [int(n) for n in _LEVEL.findall(_LEVELS.search(info).group(1))]
    levels, offset = [], 0
    for ch in text:
        levels.append(by_byte[offset])
        offset += len(ch.encode("utf-8"))
    return levels


def _visual_order(text: str, rtl: bool) -> str:
    """One line of text in visual order (UAX #9 rules L1, L2 and L4), as the PDF draws it."""
    base_dir = "R" if rtl else None
    levels = _bidi_levels(text, base_dir)
    paragraph = 1 if rtl else get_base_level(text)
    # L1: whitespace at the end of the line takes the paragraph's level.
    end = len(text)
    while end and text[end - 1].isspace():
        end -= 1
        levels[end] = paragraph
    chars = [
        ch.translate(_MIRROR) if level % 2 else ch for ch, level in zip(text, levels, strict=True)
    ]
    # L2: from the highest level to the lowest odd one, reverse every run at or above it.
    lowest_odd = min((lv for lv in levels if lv % 2), default=None)
    if lowest_odd is None:
        return "".join(chars)
    for level in range(max(levels), lowest_odd - 1, -1):
        i = 0
        while i < len(chars):
            if levels[i] >= level:
                j = i
                while j < len(chars) and levels[j] >= level:
                    j += 1
                chars[i:j] = chars[i:j][::-1]
                levels[i:j] = levels[i:j][::-1]
                i = j
            else:
                i += 1
    return "".join(chars)


def _visual(text: str, rtl: bool) -> str:
    """Arabic-script text joined and in visual order. WeasyPrint draws SVG text one code
    point at a time, left to right, without shaping or the bidi algorithm (Kozea/WeasyPrint
    #2909), so Arabic and Persian labels would print as separate letters in reverse order;
    given presentation forms in visual order, it draws them as they should look. Paired
    characters in right-to-left runs are mirrored ("(2)" stays "(2)", not ")2("). Text
    without Arabic script is drawn as it is (left to right, as its first strong character
    says). HTML text is shaped by WeasyPrint itself and needs none of this."""
    if not _ARABIC_SCRIPT.search(text):
        return text
    shaped = arabic_reshaper.reshape(html.unescape(text))
    return esc(_visual_order(shaped, rtl))


# Runs of text set in a bundled face other than the root's Noto Sans: Arabic script (the
# base blocks and the presentation forms `_visual` makes) and the symbols of
# static/fonts/StackscopeSymbols.ttf (scripts/build-symbols-font).
_RUNS = re.compile(
    "(?P<arabic>[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+)"
    "|(?P<symbols>[\u2190-\u22ff\u25a0-\u25ff\u2600-\u2613\u2713-\u2718]+)"
)
_RUN_FAMILIES = {"arabic": "Noto Sans Arabic", "symbols": "Stackscope Symbols"}


def _bundled_faces(text: str) -> str:
    """In SVG text WeasyPrint falls back from the first family to the machine's fonts, not
    to the next family named: each run is set in its bundled face explicitly."""
    return _RUNS.sub(
        lambda m: f'<tspan font-family="{_RUN_FAMILIES[m.lastgroup]}">{m.group(0)}</tspan>',
        text,
    )


_SVG_NS = "{http://www.w3.org/2000/svg}"
ET.register_namespace("", _SVG_NS[1:-1])
#: Attributes that only serve the web page (hover, scripts, styling hooks, links).
_INTERACTIVE = re.compile(r"^(?:class|data-[\w-]+|href|aria-[\w-]+)$")


def _lean(svg: str) -> str:
    """The chart as the PDF needs it: no hover titles (but the chart's own title and
    description), no attributes for the page's CSS and scripts, no links, no group that
    only held those, and no clip on the stack map's names (the text-width estimate already
    keeps them inside their tiles; the clip is there for the browsers' fonts). Fewer
    nodes for WeasyPrint to cascade and draw; the same picture."""
    root = ET.fromstring(svg)

    def lean(parent: ET.Element) -> list[ET.Element]:
        kept: list[ET.Element] = []
        for child in parent:
            tag = child.tag.removeprefix(_SVG_NS)
            if tag == "clipPath" or (tag == "title" and parent is not root):
                continue
            for name in [n for n in child.attrib if _INTERACTIVE.match(n) or n == "clip-path"]:
                del child.attrib[name]
            child[:] = lean(child)
            if tag in ("g", "a") and not child.attrib:
                kept.extend(child)  # a bare group: its children take its place
            else:
                kept.append(child)
        return kept

    root[:] = lean(root)
    return ET.tostring(root, encoding="unicode")


def _print_text(svg: str, rtl: bool) -> str:
    return _SVG_TEXT.sub(lambda m: m.group(1) + _bundled_faces(_visual(m.group(2), rtl)), svg)


def svg_data_uri(svg: str) -> str:
    """A self-contained ``data:`` URI of an SVG document (base64: no escaping questions)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _charts(report: Mapping[str, Any], sections: tuple[str, ...]) -> dict[str, str]:
    """Chart key → vector SVG as a ``data:`` URI for an ``<img>``.

    Embedded as images rather than as inline ``<svg>`` markup: the same vector output, but
    WeasyPrint then parses the SVG with its XML parser instead of the (pure Python) HTML
    parser and does not run the page's CSS cascade over thousands of chart elements —
    measured 0.56 s less CPU on the M report (docs/report.md, "Speed").
    """
    rtl = bool(report.get("rtl"))
    language = report.get("language")
    # The language's digits before shaping: Persian digits are Arabic script, so they are
    # set in the Arabic face and ordered with their text.
    return {
        key: svg_data_uri(
            _print_text(digits.localise_markup(_lean(_print_font(svg)), language), rtl)
        )
        for key, svg in _chart_svgs(report, sections)
    }


def _chart_svgs(report: Mapping[str, Any], sections: tuple[str, ...]) -> list[tuple[str, str]]:
    rtl = bool(report.get("rtl"))
    charts: dict[str, str] = {}
    # The renderers escape every piece of text they are given (see charts_core/svg.py).
    if "radar" in sections:
        axes = [RadarAxis(a["label"], a["value"], a["target"]) for a in report["radar"]["axes"]]
        charts["radar"] = radar_chart(
            axes,
            size=460,
            margin=62,
            rtl=rtl,
            labels=_labels(_CHART_LABELS["radar"]),
            legend=True,
        )
    if "touchpoints" in sections:
        tp = report["touchpoints"]
        charts["touchpoints"] = touchpoint_matrix(
            [(s["key"], s["name"]) for s in tp["stages"]],
            [(c["key"], c["name"], c["digital"]) for c in tp["channels"]],
            [
                TouchpointItem(
                    i["id"], i["name"], i["stage"], i["channel"], i["personalisation"], i["ease"]
                )
                for i in tp["items"]
            ],
            rtl=rtl,
            labels=_labels(_CHART_LABELS["touchpoint_matrix"]),
        )
    if "maps" in sections:
        maps = report["maps"]
        groups = [(g["key"], g["name"]) for g in maps["groups"]]
        charts["stack_map"] = stack_map(
            [ToolNode(**node) for node in maps["stack_map"]["tools"]],
            groups,
            rtl=rtl,
            labels=_labels(_CHART_LABELS["stack_map"]),
            underused=maps["stack_map"].get("underused", 0.30),
        )
        imap = maps["integration_map"]
        charts["integration_map"] = integration_map(
            [ToolNode(**node) for node in imap["tools"]],
            [IntegrationEdge(**edge) for edge in imap["edges"]],
            groups,
            method_names=maps["methods"],
            rtl=rtl,
            labels=_labels(_CHART_LABELS["integration_map"]),
        )
    return list(charts.items())


# -- HTML and PDF -------------------------------------------------------------------------


def _css_string(text: str) -> str:
    """A CSS string literal (for generated content): quotes, backslashes, "<" escaped."""
    clean = "".join(" " if ch.isspace() else ch for ch in str(text))
    clean = clean.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return f'"{clean}"'


def _footer_content(generated_on: str | None, language: str | None = None) -> SafeString:
    """``content`` of the footer: "<generated> · Page x of y" with translated words, and the
    page numbers in the language's digits (digits.py)."""
    marker_page, marker_pages = "\x00PAGE\x00", "\x00PAGES\x00"
    style = digits.counter_style(language)
    page, pages = (
        (f"counter(page, {style})", f"counter(pages, {style})")
        if style
        else (
            "counter(page)",
            "counter(pages)",
        )
    )
    template = _("Page %(page)s of %(pages)s") % {"page": marker_page, "pages": marker_pages}
    parts: list[str] = []
    if generated_on:
        date = printed_date(generated_on)  # "3 December 2026" in the report's language
        generated = _("Generated on %(date)s") % {"date": date} + "  ·  "
        parts.append(_css_string(digits.localise_text(generated, language)))
    rest = template
    while rest:
        cut = min(
            (i for i in (rest.find(marker_page), rest.find(marker_pages)) if i >= 0),
            default=-1,
        )
        if cut < 0:
            parts.append(_css_string(rest))
            break
        if cut:
            parts.append(_css_string(rest[:cut]))
        if rest.startswith(marker_pages, cut):
            parts.append(pages)
            rest = rest[cut + len(marker_pages) :]
        else:
            parts.append(page)
            rest = rest[cut + len(marker_page) :]
    # Every literal went through _css_string; the rest are fixed CSS functions.
    return mark_safe(" ".join(parts))


def render_report_html(
    report_data: Mapping[str, Any],
    *,
    sections: Collection[str] | None = None,
    page_size: PageSize = "A4",
    language: str | None = None,
) -> str:
    """The report as one HTML document (print stylesheet linked relative to static/)."""
    chosen = normalise_sections(sections)
    if "changes" not in report_data:  # built without the history: nothing to print
        chosen = tuple(key for key in chosen if key != CHANGES_SECTION)
    size = _page_size(page_size)
    lang = _language(report_data, language)
    with translation.override(lang):
        labels = {key: str(label) for key, label in SECTIONS}
        toc = [
            {
                "key": key,
                "label": labels[key],
                "children": [
                    {"id": f"step-{step['key']}", "label": step["title"]}
                    for step in report_data["steps"]
                ]
                if key == "findings"
                else [],
            }
            for key in chosen
        ]
        context = {
            "report": report_data,
            "meta": report_data["meta"],
            "language": lang,
            "rtl": bool(report_data.get("rtl")),
            "sections": chosen,
            "section_labels": labels,
            "toc": toc,
            "charts": _charts(report_data, chosen),
            "page_size": PAGE_SIZES[size],
            "footer_content": _footer_content(report_data["meta"].get("generated_on"), lang),
        }
        return digits.localise_markup(render_to_string("report/report.html", context), lang)


def render_report_pdf(
    report_data: Mapping[str, Any],
    *,
    sections: Collection[str] | None = None,
    page_size: PageSize = "A4",
    language: str | None = None,
    fetcher: StaticOnlyURLFetcher | None = None,
) -> RenderedPDF:
    """The report as PDF bytes, rendered through the static-only fetcher."""
    html = render_report_html(
        report_data, sections=sections, page_size=page_size, language=language
    )
    return html_to_pdf(html, fetcher=fetcher or StaticOnlyURLFetcher())


__all__ = [
    "CHANGES_SECTION",
    "DEFAULT_SECTIONS",
    "RENDERER_VERSION",
    "SECTIONS",
    "SECTION_KEYS",
    "normalise_sections",
    "render_report_html",
    "render_report_pdf",
    "report_cache_key",
]
