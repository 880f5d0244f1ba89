"""The report's charts as printed: the SVG text WeasyPrint draws, sizes at print scale,
legends that match the charts (issue 14).
"""

import base64
import re
import xml.etree.ElementTree as ET

import arabic_reshaper
import pytest
from bidi import get_display
from django.utils import translation

from assessment.charts_core.svg import text_width
from assessment.report.render import (
    _MIRROR,
    _chart_svgs,
    _charts,
    _visual,
    _visual_order,
    normalise_sections,
    render_report_html,
)
from assessment.report.samples import engine_inputs, sample_report_data

NS = {"s": "http://www.w3.org/2000/svg"}
CHART_SECTIONS = ("radar", "maps", "touchpoints")
#: The narrowest text width the report prints on: A4 (210 mm) less 2 × 16 mm of margins.
A4_TEXT_WIDTH_PT = (210 - 32) / 25.4 * 72


@pytest.fixture(scope="module")
def m_inputs():
    return engine_inputs("M")


def printed_svgs(report) -> dict[str, str]:
    """Chart key → the SVG document the PDF embeds (decoded from its data: URI)."""
    with translation.override(report["language"]):
        uris = _charts(report, normalise_sections(CHART_SECTIONS))
    prefix = "data:image/svg+xml;base64,"
    return {key: base64.b64decode(uri[len(prefix) :]).decode() for key, uri in uris.items()}


def drawn_texts(svg: str) -> list[str]:
    """The strings of every <text> as WeasyPrint draws them (tspans joined)."""
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


# -- 1. brackets in right-to-left charts ------------------------------------------------


def test_brackets_in_arabic_labels_print_the_right_way_round():
    """python-bidi 0.6 reorders without mirroring: "(2)" printed as ")2(" before the fix."""
    word = arabic_reshaper.reshape("الإعلان")
    assert _visual("الإعلان (2)", rtl=True) == "(2) " + word[::-1]
    assert _visual("الإعلان (2)", rtl=False) == "(2) " + word[::-1]  # RTL by its letters
    assert _visual("[SMS] الإعلان", rtl=True) == word[::-1] + " [SMS]"
    # "≤" read right to left is drawn as "≥" read left to right (mirrored like brackets).
    assert _visual("3.5 ≤ الإعلان", rtl=True) == word[::-1] + " ≥ 3.5"
    # Text without Arabic script is printed as it is, whatever the chart's direction.
    assert _visual("Salesforce (2)", rtl=True) == "Salesforce (2)"


@pytest.mark.parametrize(
    "label",
    [
        "الإعلان والترويج (7)",
        "وسائل (SMS)",
        "وسائل التواصل (فيسبوك، 2)",
        "a [b] ج",
        "ab (وس) c",
        "SMS / إشعارات",
        "◐2 · السهولة 3.5",
        "ابزار «CRM» (۳)",  # guillemets: mirrored too, so only the order is checked
    ],
)
@pytest.mark.parametrize("rtl", [True, False])
def test_visual_order_is_python_bidis_order_with_mirrored_brackets(label, rtl):
    shaped = arabic_reshaper.reshape(label)
    ours = _visual_order(shaped, rtl)
    reference = get_display(shaped, base_dir="R" if rtl else None)
    pairs = "()[]{}<>«»‹›≤≥"
    fold = str.maketrans(pairs, "|" * len(pairs))
    assert ours.translate(fold) == reference.translate(fold)  # the same order…
    # …and every bracket pair opens before it closes, read left to right.
    for left, right in ("()", "[]"):
        if left in label:
            assert ours.index(left) < ours.index(right), ours
    assert _MIRROR  # the mirroring table is in use


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_no_chart_prints_a_reversed_bracket(m_inputs, language):
    report = sample_report_data("M", inputs=m_inputs, language=language)
    svgs = printed_svgs(report)
    texts = [t for svg in svgs.values() for t in drawn_texts(svg)]
    counted = [t for t in texts if re.search(r"\(\d+\)|\([\u06f0-\u06f9]+\)", t)]
    assert counted, texts  # the stack map's group headings: "name (7)"
    for label in texts:
        if "(" in label or ")" in label:
            assert label.index("(") < label.index(")"), label


# -- 2. stack map: names, lifecycle letters ---------------------------------------------


def test_stack_map_names_are_not_cut_in_the_m_report(m_inputs):
    report = sample_report_data("M", inputs=m_inputs)
    tools = report["maps"]["stack_map"]["tools"]
    svg = dict(_chart_svgs(report, ("maps",)))["stack_map"]
    root = ET.fromstring(svg)
    shown = [
        " ".join(t.text for t in g.findall("s:text", NS))
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if g.get("class") == "tool-text"
    ]
    assert len(shown) == len(tools)
    whole = sum(1 for s in shown if not s.endswith("…"))
    assert whole >= len(tools) - 1, [s for s in shown if s.endswith("…")]
    assert {t["name"] for t in tools} >= {s for s in shown if not s.endswith("…")}


@pytest.mark.parametrize("language", ["en", "ar", "fa", "ro"])
def test_the_stack_maps_legend_explains_its_letters_in_the_reports_language(m_inputs, language):
    """One legend, the chart's own: each letter on the tiles beside its decision."""
    report = sample_report_data("M", inputs=m_inputs, language=language)
    with translation.override(language):
        svg = dict(_chart_svgs(report, ("maps",)))["stack_map"]
        expected = [
            (translation.pgettext("lifecycle letter", letter), translation.gettext(word))
            for letter, word in (("I", "Invest"), ("T", "Tolerate"), ("M", "Migrate"),
                                 ("E", "Eliminate"))
        ]  # fmt: skip
        html = render_report_html(report, sections=["maps"])
    texts = {t.strip() for t in ET.fromstring(svg).itertext() if t.strip()}
    for letter, word in expected:
        assert letter in texts and word in texts, (letter, word)
    assert len({letter for letter, _word in expected}) == 4  # four different letters
    assert 'class="chart-legend"' not in html  # not a second legend under the map


def test_lifecycle_letters_go_through_pgettext_in_the_report(m_inputs, monkeypatch):
    from assessment.report import render

    asked = []

    def fake_pgettext(context, message):
        asked.append((context, message))
        return {"I": "Î"}.get(message, message)

    monkeypatch.setattr(render, "pgettext", fake_pgettext)
    report = sample_report_data("M", inputs=m_inputs)
    svg = dict(_chart_svgs(report, ("maps",)))["stack_map"]
    assert ("lifecycle letter", "I") in asked and ("lifecycle letter", "E") in asked
    assert ">Î</text>" in svg


# -- 3. touchpoint matrix: print size, no spill -----------------------------------------


def font_sizes(svg: str) -> list[float]:
    root = ET.fromstring(svg)
    return [float(t.get("font-size")) for t in root.iter() if t.get("font-size")]


@pytest.mark.parametrize("language", ["en", "ro", "ar"])
def test_matrix_text_prints_at_7pt_or_more(m_inputs, language):
    """The SVG is printed across the text width: a px of its viewBox is that width / the
    viewBox width."""
    report = sample_report_data("M", inputs=m_inputs, language=language)
    with translation.override(language):
        svg = dict(_chart_svgs(report, ("touchpoints",)))["touchpoints"]
    width = float(ET.fromstring(svg).get("viewBox").split()[2])
    scale = A4_TEXT_WIDTH_PT / width
    assert min(font_sizes(svg)) * scale >= 7.0, (min(font_sizes(svg)), width)


# -- 4. radar: legend colours, labels inside -----------------------------------------------


def colours(element) -> set[str]:
    return {
        element.get(attr).lower()
        for attr in ("fill", "stroke")
        if element.get(attr) and element.get(attr).startswith("#")
    }


@pytest.mark.parametrize("language", ["en", "ro", "ar"])
def test_radar_legend_colours_are_the_charts_colours(m_inputs, language):
    report = sample_report_data("M", inputs=m_inputs, language=language)
    with translation.override(language):
        svg = dict(_chart_svgs(report, ("radar",)))["radar"]
        html = render_report_html(report, sections=["radar"])
    root = ET.fromstring(svg)
    legend = root.find(".//s:g[@class='legend']", NS)
    assert legend is not None
    legend_colours = set().union(*(colours(e) for e in legend.iter()))
    legend_colours -= {"#1f2933"}  # the legend's words
    drawn = set()
    for element in root.iter():
        if element is legend:
            break
        drawn |= colours(element)
    assert legend_colours and legend_colours <= drawn
    # No colour key in the section that the chart does not use (the old level swatches).
    section = html[html.index('id="sec-radar"') :]
    assert "level-bg-" not in section


def test_radar_labels_fit_in_the_viewbox_in_romanian(m_inputs):
    report = sample_report_data("M", inputs=m_inputs, language="ro")
    with translation.override("ro"):
        svg = dict(_chart_svgs(report, ("radar",)))["radar"]
    root = ET.fromstring(svg)
    width = float(root.get("viewBox").split()[2])
    labels = [
        t
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if g.get("class") == "axis-label"
        for t in g.findall("s:text", NS)
    ]
    assert "Puncte de contact" in " ".join(t.text for t in labels)
    for t in labels:
        x, size = float(t.get("x")), float(t.get("font-size"))
        w = text_width(t.text, size, bold=t.get("font-weight") == "600")
        left = {"start": x, "end": x - w, "middle": x - w / 2}[t.get("text-anchor")]
        assert left >= 0 and left + w <= width, (t.text, left, w, width)
