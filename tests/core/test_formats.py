"""One date, time and number format per language on the pages (core/formats; issue 17:
Arabic and Persian did not group "1160300 EUR", Arabic mixed day-first and month-first
dates, English showed US dates beside ISO dates)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

SAMPLE = Template(
    "{% load humanize %}"
    '{{ day|date:"DATE_FORMAT" }}|{{ day|date:"SHORT_DATE_FORMAT" }}|{{ moment }}|'
    '{{ moment|date:"SHORT_DATETIME_FORMAT" }}|{{ amount|intcomma }}|{{ ratio }}'
)
DAY = dt.date(2026, 12, 4)
MOMENT = dt.datetime(2026, 12, 4, 16, 30, tzinfo=dt.UTC)


def rendered(language: str) -> list[str]:
    with translation.override(language):
        context = Context({"day": DAY, "moment": MOMENT, "amount": 1160300, "ratio": 2.5})
        return SAMPLE.render(context).split("|")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "4 Dec 2026",
                "2026-12-04",
                "4 Dec 2026, 16:30",
                "2026-12-04 16:30",
                "1,160,300",
                "2.5",
            ],
        ),
        (
            "ar",
            [
                "4 ديسمبر، 2026",
                "04\u200f/12\u200f/2026",
                "4 ديسمبر، 2026، 16:30",
                "04\u200f/12\u200f/2026 16:30",
                "1.160.300",
                "2,5",
            ],
        ),
        (
            "fa",
            [
                "4 دسامبر 2026",
                "2026/12/4",
                "4 دسامبر 2026، ساعت 16:30",
                "2026/12/4،\u200f 16:30",
                "1,160,300",
                "2.5",
            ],
        ),
        (
            "ro",
            [
                "4 Decembrie 2026",
                "04.12.2026",
                "4 Decembrie 2026, 16:30",
                "04.12.2026, 16:30",
                "1.160.300",
                "2,5",
            ],
        ),
    ],
)
def test_each_language_has_one_date_and_number_format(language, expected, settings):
    settings.TIME_ZONE = "UTC"
    assert rendered(language) == expected


def test_every_language_puts_the_day_and_the_month_in_one_order():
    """The long date and the date with time agree: the day before the month, or the month
    before the day, not both (Arabic fell back to English "Dec. 4, 2026, 4:30 p.m.")."""
    for language in ("en", "ar", "fa", "ro"):
        long, _short, with_time, *_ = rendered(language)
        assert with_time.startswith(long), (language, long, with_time)


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
LITERAL_DATE = re.compile(r"""\|date:["'](?![A-Z_]+["'])""")


def test_templates_use_the_languages_formats_not_literal_ones():
    """A literal pattern (``|date:"Y-m-d"``) prints the same in every language: templates
    name a format (``SHORT_DATE_FORMAT``…) instead."""
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LITERAL_DATE.search(line)
    ]
    assert offenders == []
