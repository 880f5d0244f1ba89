"""Dates as spreadsheets hold them: ISO text, local numeric forms, month names, Excel serials.

Day/month order: a numeric date whose first two parts could both be a month (03/04/2026)
is read day-first, as most of the world writes it; callers for US-style sheets pass
``day_first=False``. A form that is impossible one way (03/31/2026) is read the other way.
Two-digit years are 20xx. Accepted years: 1900–2199.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from assessment.inventory_core.base import ValueParseError, gettext_noop, is_blank, plain_text

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 in the 1900 date system
MIN_YEAR, MAX_YEAR = 1900, 2199

MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = {"mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur"}
WEEKDAYS |= {"thurs", "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday"}

_ISO = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?.*)?$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")


def _make(year: int, month: int, day: int, shown: str) -> dt.date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueParseError(
            gettext_noop("“%(value)s”: the year %(year)s is out of range."),
            {"value": shown, "year": year},
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueParseError(
            gettext_noop("“%(value)s” is not a real date."), {"value": shown}
        ) from None


def from_excel_serial(serial: float, shown: str = "") -> dt.date:
    """The date of an Excel (1900 system) serial number; any time fraction is dropped."""
    if not math.isfinite(serial) or serial < 61 or serial > 2_958_465:
        raise ValueParseError(
            gettext_noop("“%(value)s” is not a date."), {"value": shown or serial}
        )
    date = EXCEL_EPOCH + dt.timedelta(days=math.floor(serial))
    return _make(date.year, date.month, date.day, shown or str(serial))


def _numeric(a: int, b: int, year: int, shown: str, day_first: bool) -> dt.date:
    if year < 100:
        year += 2000
    if a > 12 and b > 12:
        raise ValueParseError(
            gettext_noop("“%(value)s” is not a date (neither part can be the month)."),
            {"value": shown},
        )
    if a > 12:
        day, month = a, b
    elif b > 12:
        day, month = b, a
    else:
        day, month = (a, b) if day_first else (b, a)
    return _make(year, month, day, shown)


def _textual(text: str, shown: str) -> dt.date:
    tokens = [t for t in re.split(r"[\s,./-]+", text.casefold()) if t]
    tokens = [t for t in tokens if t not in WEEKDAYS]
    months = [t for t in tokens if t in MONTHS]
    rest = [t for t in tokens if t not in MONTHS]
    if len(months) != 1 or len(rest) != 2:
        raise ValueParseError(
            gettext_noop(
                "“%(value)s” is not a date (use 2026-03-31, 31/03/2026 or 31 March 2026)."
            ),
            {"value": shown},
        )
    years = [t for t in rest if re.fullmatch(r"\d{4}", t)]
    days = [m[1] for t in rest if (m := _ORDINAL.match(t))]
    if len(years) != 1 or len(days) != 1:
        raise ValueParseError(
            gettext_noop("“%(value)s” is not a date (day or year missing)."), {"value": shown}
        )
    return _make(int(years[0]), MONTHS[months[0]], int(days[0]), shown)


def day_month_order(value: Any) -> str | None:
    """What a cell says about the sheet's day/month order: "day" (only day first works:
    31/03/2026), "month" (only month first: 03/31/2026), "either" (03/04/2026 is 3 April
    or March 4), or None (not a numeric date, or the same either way: 04/04/2026)."""
    if not isinstance(value, str):
        return None
    m = _NUMERIC.match(plain_text(value))
    if not m:
        return None
    a, b = int(m[1]), int(m[2])
    if a == b or (a > 12 and b > 12) or not (a and b):
        return None
    if a > 12:
        return "day"
    if b > 12:
        return "month"
    return "either"


def parse_date(value: Any, *, day_first: bool = True) -> dt.date | None:
    """A ``date`` from a cell; None when blank. See the module doc for the rules."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueParseError(gettext_noop("“%(value)s” is not a date."), {"value": value})
    if isinstance(value, int | float):
        return from_excel_serial(float(value), str(value))
    shown = str(value).strip()
    text = plain_text(value)
    if m := _ISO.match(text):
        return _make(int(m[1]), int(m[2]), int(m[3]), shown)
    if m := _COMPACT.match(text):
        return _make(int(m[1]), int(m[2]), int(m[3]), shown)
    if m := _NUMERIC.match(text):
        return _numeric(int(m[1]), int(m[2]), int(m[3]), shown, day_first)
    if _SERIAL.match(text):
        return from_excel_serial(float(text), shown)
    return _textual(text, shown)
