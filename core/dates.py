"""Dates as people read them (the report, where data keeps ISO strings)."""

import datetime as dt

from django.utils import formats, timezone


def printed_date(value) -> str:
    """An ISO date or date-time as a date a reader expects, in the active language:
    "3 December 2026", not "2026-12-03 10:01:14+00:00"; anything else as it is."""
    if not value:
        return ""
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return formats.date_format(parsed.date(), "DATE_FORMAT")
