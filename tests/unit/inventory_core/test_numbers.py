from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.inventory_core.values import (
    ValueParseError,
    parse_currency,
    parse_int,
    parse_money,
    parse_money_with_currency,
    parse_number,
    parse_percent,
)


@pytest.mark.parametrize(
    ("raw", "amount", "currency"),
    [
        ("$12,000.00", Decimal("12000.00"), "USD"),
        ("12.000,00 €", Decimal("12000.00"), "EUR"),
        ("€1.234", Decimal("1234"), "EUR"),
        ("1 234,5", Decimal("1234.5"), None),
        ("1\u00a0234,50", Decimal("1234.50"), None),
        ("1\u202f234,50 €", Decimal("1234.50"), "EUR"),
        ("1,234", Decimal("1234"), None),
        ("1,5", Decimal("1.5"), None),
        ("0,500", Decimal("0.5"), None),
        ("1200.000", Decimal("1200"), None),
        ("1,234,567.89", Decimal("1234567.89"), None),
        ("1.234.567,89", Decimal("1234567.89"), None),
        ("1'234.50", Decimal("1234.50"), None),
        ("12,34,567", Decimal("1234567"), None),
        (".5", Decimal("0.5"), None),
        ("12k", Decimal("12000"), None),
        ("12K", Decimal("12000"), None),
        ("1.5m", Decimal("1500000"), None),
        ("2mn", Decimal("2000000"), None),
        ("(500)", Decimal("-500"), None),
        ("($1,200.50)", Decimal("-1200.50"), "USD"),
        ("-500", Decimal("-500"), None),
        ("−500", Decimal("-500"), None),
        ("-$500", Decimal("-500"), "USD"),
        ("$-500", Decimal("-500"), "USD"),
        ("500-", Decimal("-500"), None),
        ("+500", Decimal("500"), None),
        ("EUR 1 234,5", Decimal("1234.5"), "EUR"),
        ("1234 usd", Decimal("1234"), "USD"),
        ("12 MXN", Decimal("12"), "MXN"),
        ("US$ 99", Decimal("99"), "USD"),
        ("C$10", Decimal("10"), "CAD"),
        ("£3.50", Decimal("3.50"), "GBP"),
        ("12 lei", Decimal("12"), "RON"),
        ("kr 100", Decimal("100"), None),
        ("١٢٬٠٠٠", Decimal("12000"), None),
        ("۱۲۵۰", Decimal("1250"), None),
        ("١٫٥٠٠", Decimal("1.5"), None),
        (12000.0, Decimal("12000"), None),
        (5, Decimal("5"), None),
        (Decimal("7.25"), Decimal("7.25"), None),
        ("", None, None),
        ("N/A", None, None),
        ("-", None, None),
    ],
)
def test_money_good(raw, amount, currency):
    assert parse_money_with_currency(raw) == (amount, currency)


@pytest.mark.parametrize(
    "raw",
    [
        "abc",
        "12 abc",
        "1,2.5",
        "1.234.5",
        "12 34",
        "1,23,4",
        "$$12",
        "12%",
        "$12 EUR",
        "--5",
        "(-5)",
        "1e5",
        True,
        float("nan"),
        float("inf"),
    ],
)
def test_money_bad(raw):
    with pytest.raises(ValueParseError) as info:
        parse_money(raw)
    assert info.value.message


def test_money_refuses_negative_when_asked():
    with pytest.raises(ValueParseError, match="negative"):
        parse_money("(500)", allow_negative=False)
    assert parse_money("500", allow_negative=False) == Decimal("500")


def _format(value: Decimal, style: str, symbol: str) -> str:
    """Format like a spreadsheet in a given locale style."""
    whole, _, cents = f"{abs(value):.2f}".partition(".")
    groups = f"{int(whole):,}"
    body = {
        "en": f"{groups}.{cents}",
        "de": groups.replace(",", ".") + f",{cents}",
        "fr": groups.replace(",", "\u202f") + f",{cents}",
        "ch": groups.replace(",", "'") + f".{cents}",
        "plain": f"{whole}.{cents}",
    }[style]
    text = f"{symbol}{body}" if style in ("en", "ch", "plain") else f"{body} {symbol}".strip()
    return f"({text})" if value < 0 else text


@given(
    value=st.decimals(
        min_value=Decimal("-999999999.99"),
        max_value=Decimal("999999999.99"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    ),
    style=st.sampled_from(["en", "de", "fr", "ch", "plain"]),
    symbol=st.sampled_from(["", "€", "$", "£"]),
)
def test_money_round_trips_formatted_decimals(value, style, symbol):
    text = _format(value, style, symbol)
    assert parse_money(text) == value


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_money_round_trips_native_and_str(value):
    assert parse_money(value) == value
    assert parse_money(str(value)) == value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,200", 1200),
        ("1200.0", 1200),
        ("1.200", 1200),
        ("  42 ", 42),
        (7, 7),
        (7.0, 7),
        (Decimal("3"), 3),
        ("0", 0),
        ("", None),
        ("n/a", None),
    ],
)
def test_int_good(raw, expected):
    assert parse_int(raw) == expected


@pytest.mark.parametrize("raw", ["12.5", 12.5, "abc", "-3", -3, True, "1,5", "3 seats"])
def test_int_bad(raw):
    with pytest.raises(ValueParseError):
        parse_int(raw)


def test_int_negative_only_when_allowed():
    assert parse_int("-3", allow_negative=True) == -3
    assert parse_int(-3, allow_negative=True) == -3


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("85%", Decimal("0.85")),
        ("85 %", Decimal("0.85")),
        ("%85", Decimal("0.85")),
        ("85", Decimal("0.85")),
        ("0.85", Decimal("0.85")),
        (0.85, Decimal("0.85")),
        ("1", Decimal("1")),
        ("120%", Decimal("1.2")),
        ("12,5%", Decimal("0.125")),
        ("٨٥٪", Decimal("0.85")),
        ("", None),
    ],
)
def test_percent_good(raw, expected):
    assert parse_percent(raw) == expected


@pytest.mark.parametrize("raw", ["abc%", "%", "high", True])
def test_percent_bad(raw):
    with pytest.raises(ValueParseError):
        parse_percent(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("eur", "EUR"), ("EUR", "EUR"), ("€", "EUR"), ("$", "USD"), ("lei", "RON"), ("kr", None)],
)
def test_currency_good(raw, expected):
    assert parse_currency(raw) == expected


@pytest.mark.parametrize("raw", ["euro", "XYZ", "12"])
def test_currency_bad(raw):
    with pytest.raises(ValueParseError):
        parse_currency(raw)


@pytest.mark.parametrize(("raw", "expected"), [("-3.5", Decimal("-3.5")), ("1 234", 1234)])
def test_number(raw, expected):
    assert parse_number(raw) == expected
