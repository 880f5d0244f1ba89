"""Persian reports print Persian digits; the others print 0–9 (assessment/report/digits.py)."""

import io
import logging
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from assessment.report.digits import localise_markup, localise_text
from assessment.report.render import render_report_html, render_report_pdf
from assessment.report.samples import engine_inputs, sample_report_data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3,558,770 EUR", "۳٬۵۵۸٬۷۷۰ EUR"),
        ("1,500.77", "۱٬۵۰۰٫۷۷"),
        ("52% از 100", "۵۲٪ از ۱۰۰"),
        ("2025-08-31", "۲۰۲۵-۰۸-۳۱"),
        ("1.4 question", "۱.۴ question"),  # a question's number, not a decimal
        ("GA4, B2B and v2", "GA4, B2B and v2"),  # names keep their digits
        ("Chatbots 39 و Tool 1,250", "Chatbots 39 و Tool 1,250"),  # a number ending a name
        ("(Chatbots 39) ۳ 12", "(Chatbots 39) ۳ ۱۲"),
        ("&#39;quoted&#39; 12", "&#39;quoted&#39; ۱۲"),  # character references stay
    ],
)
def test_persian_digits_in_text(text, expected):
    assert localise_text(text, "fa") == expected


@pytest.mark.parametrize("language", ["en", "ar", "ro", None])
def test_other_languages_keep_western_digits(language):
    assert localise_text("3,558,770 EUR · 52%", language) == "3,558,770 EUR · 52%"


def test_markup_changes_text_only():
    markup = '<style>p { margin: 2mm }</style><p title="3" data-n="4">3 <b>45</b></p>'
    assert localise_markup(markup, "fa") == (
        '<style>p { margin: 2mm }</style><p title="3" data-n="4">۳ <b>۴۵</b></p>'
    )


def _text_outside_tags(html: str) -> str:
    html = re.sub(r"<style\b.*?</style>", "", html, flags=re.S)
    return re.sub(r"<[^>]*>", " ", html)


@pytest.fixture(scope="module")
def s_inputs():
    return engine_inputs("S")


def test_persian_report_has_no_western_digit_outside_names(s_inputs):
    data = sample_report_data("S", language="fa", inputs=s_inputs)
    html = render_report_html(data, sections=["summary", "roadmap", "appendix"], language="fa")
    text = _text_outside_tags(html)
    assert re.search("[۰-۹]", text)
    # What is left belongs to a name ("GA4", "Chatbots 39") or a character reference.
    leftovers = re.findall(r"(?<![A-Za-z0-9&#.,])(?<![A-Za-z] )[0-9]+(?![A-Za-z0-9;])", text)
    assert leftovers == []
    assert "counter(page, persian)" in html and "counter(pages, persian)" in html


def test_persian_pdf_numbers_pages_and_contents_in_persian(s_inputs):
    data = sample_report_data("S", language="fa", inputs=s_inputs)
    pdf = render_report_pdf(data, sections=["summary", "roadmap"], language="fa")
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages]
    footer = pages[2].strip().splitlines()[-1]
    assert "۳" in footer and not re.search("[0-9]", footer), footer
    toc = pages[1]
    assert re.search(r"\.{3,}\s*[۰-۹]", toc) and not re.search(r"\.{3,}\s*[0-9]", toc)


def test_english_and_arabic_reports_keep_western_digits(s_inputs):
    for language in ("en", "ar"):
        data = sample_report_data("S", language=language, inputs=s_inputs)
        html = render_report_html(data, sections=["summary"], language=language)
        assert not re.search("[۰-۹٠-٩]", _text_outside_tags(html))
        assert re.search("[0-9]", _text_outside_tags(html))
        assert "counter(page)" in html


def test_persian_digits_never_fall_back_to_a_missing_glyph(s_inputs):
    """A Persian digit next to a Latin name once left its space to a face without one
    (WeasyPrint: ".notdef glyph rendered"): names keep their digits, nothing is missing."""
    messages = []

    class Collect(logging.Handler):
        def emit(self, record):
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logging.getLogger("weasyprint").addHandler(handler)
    try:
        data = sample_report_data("S", language="fa", inputs=s_inputs)
        render_report_pdf(data, sections=["findings", "stack", "appendix"], language="fa")
    finally:
        logging.getLogger("weasyprint").removeHandler(handler)
    assert not [m for m in messages if "notdef" in m], messages[:3]


def test_persian_charts_print_persian_digits_in_the_arabic_face(s_inputs):
    import base64

    from assessment.report.render import _charts

    data = sample_report_data("S", language="fa", inputs=s_inputs)
    with translation.override("fa"):  # as render_report_html draws them
        charts = _charts(data, ("radar", "touchpoints"))
    for key, uri in charts.items():
        svg = base64.b64decode(uri.split(",", 1)[1]).decode()
        texts = re.findall(r"<(?:text|tspan)\b[^>]*>([^<]+)", svg)
        assert any(re.search("[۰-۹]", t) for t in texts), key
        leftovers = [t for t in texts if re.search(r"(?<![A-Za-z0-9])[0-9]+(?![A-Za-z0-9])", t)]
        assert leftovers == [], (key, leftovers[:3])
        # Every Persian digit sits in a run set in the bundled Arabic face.
        drawn = re.sub(r"<(title|desc)\b[^>]*>.*?</\1>", "", svg, flags=re.S)  # not drawn
        bare = re.sub(r'<tspan font-family="Noto Sans Arabic">[^<]*</tspan>', "", drawn)
        assert not re.search("[۰-۹]", re.sub(r"<[^>]+>", "", bare)), key
