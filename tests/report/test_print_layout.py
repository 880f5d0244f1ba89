"""Print rules checked where they act: on the laid-out pages (tests/report/boxes.py).

Each test fails without the rule of static/report/print.css it names.
"""

import pytest

from assessment.report.render import render_report_html
from assessment.report.samples import engine_inputs, sample_report_data
from tests.report.boxes import (
    content_bottom,
    elements_pages,
    laid_out,
    page_of_stylesheet,
    placed,
    text_lines,
)


@pytest.fixture(scope="module")
def m_inputs():
    return engine_inputs("M")


def _context_table(rows: int) -> str:
    figure = "Marketers used 33% of their martech stack's capability in 2023, down from 42%. " * 2
    row = (
        f'<tr><td class="context-figure">{figure}<div class="source">Source: “An article”,'
        ' A Publication, 24 May 2023</div></td><td class="context-ours">Yours: 52%.</td></tr>'
    )
    return f'<table class="context">{row * rows}</table>'


def test_a_context_row_never_leaves_its_source_line_behind():
    """`.context tr { break-inside: avoid }`: pushed down in 3 mm steps until rows meet the
    page end, no row starts on one page and ends on the next."""
    for spacer in range(180, 250, 3):
        body = f'<div style="block-size: {spacer}mm"></div>{_context_table(4)}'
        document = laid_out(page_of_stylesheet(body))
        split = [pages for pages in elements_pages(document, "context-figure").values()]
        assert all(len(pages) == 1 for pages in split), f"a row split at spacer {spacer} mm"


def test_header_words_never_break_inside_and_stay_on_the_page(m_inputs):
    """`table.data th { overflow-wrap: normal }`: Romanian "DIFERENȚĂ" and "COMPLETARE" are
    whole words on their lines (the column widens), and no header passes the margin."""
    html = render_report_html(
        sample_report_data("M", language="ro", inputs=m_inputs), sections=["summary"]
    )
    document = laid_out(html)
    page = document.pages[placed(document, "steps-table")[0].page]._page_box
    right_edge = page.content_box_x() + page.width
    cells = [
        box
        for item in placed(document, "steps-table")
        for box in item.box.descendants()
        if type(box).__name__ == "TableCellBox" and box.element_tag == "th"
    ]
    assert len(cells) == 7
    for th in cells:
        words = set("".join(th.element.itertext()).casefold().split())
        for line in text_lines(th):
            assert set(line.casefold().split()) <= words, f"{line!r} breaks a word"
        for text in (b for b in th.descendants() if type(b).__name__ == "TextBox"):
            assert text.position_x + text.width <= right_edge + 0.5, f"{text.text} overflows"


def _question(text: str) -> str:
    return (
        f'<section id="sec-appendix"><div class="qa"><p class="qa-q"><span class="qa-no">'
        f"3.12</span><span>{text}</span></p></div></section>"
    )


@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_appendix_question_lines_hang_after_the_number(lang, direction):
    """The number sits in the start margin; every line of the question, the wrapped ones
    too, starts at the same place (in right-to-left text, on the right)."""
    text = "How well do your tools share one customer profile across channels " * 3
    if lang == "ar":
        text = "إلى أي مدى تتشارك أدواتك ملفًا واحدًا للعميل عبر القنوات " * 4
    document = laid_out(page_of_stylesheet(_question(text), lang=lang, dir=direction))
    (question,) = [p.box for p in placed(document, "qa-q")]
    texts = [b for b in question.descendants(placeholders=True) if type(b).__name__ == "TextBox"]
    number = next(b for b in texts if b.text.strip() == "3.12")
    lines = [b for b in texts if b is not number and b.text.strip()]
    assert len(lines) >= 2, "the question should wrap"
    if direction == "ltr":
        starts = {round(b.position_x) for b in lines}
        assert number.position_x + number.width <= min(starts)
    else:
        starts = {round(b.position_x + b.width) for b in lines}
        assert number.position_x >= max(starts)
    # A hanging line is 9 mm (34 px) off; a space's width at a line's end is not.
    assert max(starts) - min(starts) <= 4, f"wrapped lines start at {sorted(starts)}"


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_roadmap_pages_are_full_until_the_last(m_inputs, page_size):
    """The table of all items follows the last timeline card: no page holds two cards."""
    html = render_report_html(
        sample_report_data("M", inputs=m_inputs), sections=["roadmap"], page_size=page_size
    )
    document = laid_out(html)
    pages = document.pages[2:]  # after the cover and the table of contents
    fills = [content_bottom(page) for page in pages]
    assert all(fill > 0.6 for fill in fills[:-1]), fills


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_a_maps_heading_and_caption_go_with_their_map(m_inputs, page_size):
    html = render_report_html(
        sample_report_data("M", inputs=m_inputs), sections=["maps"], page_size=page_size
    )
    document = laid_out(html)
    for css_class in ("chart-stack", "chart-integrations"):
        (figure_page,) = {p.page for p in placed(document, css_class)}
        boxes = document.pages[figure_page]._page_box.descendants()
        page_text = " ".join("".join(getattr(b, "text", "") for b in boxes).split())
        assert ("Stack map" if css_class == "chart-stack" else "Integration map") in page_text


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_arabic_script_is_neither_spaced_out_nor_slanted(m_inputs, lang):
    """Letter-spacing breaks Arabic joins, and Arabic script has no italic."""
    html = render_report_html(
        sample_report_data("M", language=lang, inputs=m_inputs),
        sections=["summary", "appendix"],
    )
    document = laid_out(html)
    checked = 0
    for css_class in ("cover-kicker", "fact-label", "qa-note", "label"):
        for item in placed(document, css_class):
            for box in item.box.descendants():
                if type(box).__name__ == "TextBox":
                    assert box.style["letter_spacing"] in ("normal", 0), css_class
                    assert box.style["font_style"] == "normal", css_class
                    checked += 1
    assert checked > 10


@pytest.mark.parametrize("css_class", ["item", "card", "more-findings"])
def test_right_to_left_item_text_stays_inside_its_box(m_inputs, css_class):
    """A hung number made with a negative text-indent pushed Persian titles under the next
    column (WeasyPrint indents right-to-left lines on the wrong side): every line of an
    item stays inside its cell or card, the number in the start padding."""
    html = render_report_html(
        sample_report_data("M", language="fa", inputs=m_inputs),
        sections=["findings", "roadmap"],
        page_size="Letter",
    )
    document = laid_out(html)
    boxes = placed(document, css_class)
    assert boxes
    for item in boxes:
        left = item.box.position_x
        right = left + item.box.margin_width()
        for text in item.box.descendants(placeholders=True):
            if type(text).__name__ == "TextBox" and text.text.strip():
                assert left - 0.5 <= text.position_x, (css_class, text.text)
                assert text.position_x + text.width <= right + 0.5, (css_class, text.text)
