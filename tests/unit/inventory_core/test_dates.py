import datetime as dt

import pytest

from assessment.inventory_core.values import ValueParseError, parse_date

D = dt.date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-03-31", D(2026, 3, 31)),
        ("2026/03/31", D(2026, 3, 31)),
        ("2026-3-1", D(2026, 3, 1)),
        ("2026-03-31T10:15:00", D(2026, 3, 31)),
        ("2026-03-31 10:15", D(2026, 3, 31)),
        ("20260331", D(2026, 3, 31)),
        ("31/03/2026", D(2026, 3, 31)),
        ("31.03.2026", D(2026, 3, 31)),
        ("31-03-2026", D(2026, 3, 31)),
        ("03/31/2026", D(2026, 3, 31)),  # only possible month-first
        ("31/3/26", D(2026, 3, 31)),
        ("Mar 31 2026", D(2026, 3, 31)),
        ("March 31, 2026", D(2026, 3, 31)),
        ("March 31st, 2026", D(2026, 3, 31)),
        ("31 March 2026", D(2026, 3, 31)),
        ("31 mar 2026", D(2026, 3, 31)),
        ("31-Mar-2026", D(2026, 3, 31)),
        ("Tue, 31 Mar 2026", D(2026, 3, 31)),
        ("1 Sept 2026", D(2026, 9, 1)),
        ("٣١/٠٣/٢٠٢٦", D(2026, 3, 31)),
        (46112, D(2026, 3, 31)),
        (46112.75, D(2026, 3, 31)),
        ("46112", D(2026, 3, 31)),
        (dt.datetime(2026, 3, 31, 23, 59), D(2026, 3, 31)),
        (D(2026, 3, 31), D(2026, 3, 31)),
        ("", None),
        ("N/A", None),
        (None, None),
    ],
)
def test_date_good(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "day_first", "expected"),
    [
        ("03/04/2026", True, D(2026, 4, 3)),  # ambiguous: day-first by default
        ("03/04/2026", False, D(2026, 3, 4)),  # US-style sheets opt in
        ("13/04/2026", False, D(2026, 4, 13)),  # impossible month-first: read day-first
        ("04/13/2026", True, D(2026, 4, 13)),  # impossible day-first: read month-first
        ("12/12/2026", True, D(2026, 12, 12)),
    ],
)
def test_ambiguous_day_month_rule(raw, day_first, expected):
    assert parse_date(raw, day_first=day_first) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "2026-02-30",
        "31/13/2026",
        "13/13/2026",
        "hello",
        "Mar 2026",
        "31 Foo 2026",
        "32 March 2026",
        "0026-01-01",
        "2300-01-01",
        12,
        True,
        float("nan"),
        "1/2",
    ],
)
def test_date_bad(raw):
    with pytest.raises(ValueParseError) as info:
        parse_date(raw)
    assert "date" in info.value.message or "year" in info.value.message


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("03/04/2026", "either"),
        ("31/03/2026", "day"),
        ("04/13/2026", "month"),
        ("04/04/2026", None),
        ("2026-03-04", None),
        ("3 April 2026", None),
        ("31/13/2026", None),
    ],
)
def test_day_month_order_evidence(text, order):
    from assessment.inventory_core.dates import day_month_order

    assert day_month_order(text) == order
