"""Numbers, money, whole numbers and percentages as people type them in spreadsheets.

Separator rule (documented in docs/inventories.md): when both "," and "." appear, the last
one is the decimal mark; spaces and apostrophes only group thousands; a single "," or "."
followed by exactly three digits after a non-zero integer part of one to three digits
groups thousands ("€1.234" and "1,234" are 1234), because money with three decimals is
rarer than a thousands separator; any other single mark is the decimal mark.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from assessment.inventory_core.base import ValueParseError, gettext_noop, is_blank, plain_text

# Active ISO 4217 codes (no funds or metals).
_ISO_CODES = """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD
    BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR
    FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD
    JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT
    MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG
    QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS
    TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR
ZMW ZWL"""
ISO_CURRENCIES = frozenset(_ISO_CODES.split())

#: Currency symbols → ISO code; ``None`` where the symbol is shared by several currencies
#: (the amount is read, the currency must come from the currency column or the default).
CURRENCY_SYMBOLS: dict[str, str | None] = {
    "US$": "USD",
    "CA$": "CAD",
    "C$": "CAD",
    "AU$": "AUD",
    "A$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "R$": "BRL",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₺": "TRY",
    "₽": "RUB",
    "₩": "KRW",
    "₪": "ILS",
    "₫": "VND",
    "₴": "UAH",
    "₦": "NGN",
    "₱": "PHP",
    "zł": "PLN",
    "Kč": "CZK",
    "Ft": "HUF",
    "lei": "RON",
    "ر.س": "SAR",
    "د.إ": "AED",
    "ج.م": "EGP",
    "kr": None,
    "﷼": None,
    "ریال": None,
    "ريال": None,
}

_SYMBOLS = "|".join(re.escape(s) for s in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
_CUR = rf"(?:{_SYMBOLS}|[A-Za-z]{{3}})"
_NUM = r"[.,\u066b]?\d(?:[\d.,'’\u066b ]*\d)?"
_MONEY = re.compile(
    rf"""^(?P<s1>[-−+])?\s*(?P<c1>{_CUR})?\s*(?P<s2>[-−+])?\s*
    (?P<num>{_NUM})(?P<mult>k|mn|m)?\s*(?P<c2>{_CUR})?\s*(?P<s3>-)?$""",
    re.VERBOSE | re.IGNORECASE,
)
_PLAIN = re.compile(rf"^(?P<s1>[-−+])?\s*(?P<num>{_NUM})$")
_MULTIPLIERS = {"k": Decimal(1000), "m": Decimal(1_000_000), "mn": Decimal(1_000_000)}
_GROUP_MARKS = " '’"


def _groups_ok(groups: list[str]) -> bool:
    """Western (1,234,567) or Indian (12,34,567) digit grouping."""
    if len(groups) == 1:
        return True
    first, *rest = groups
    if not first or len(first) > 3:
        return False
    if all(len(g) == 3 for g in rest):
        return True
    return len(first) <= 2 and len(rest[-1]) == 3 and all(len(g) == 2 for g in rest[:-1])


def number_from_text(num: str, shown: str) -> Decimal:
    """Turn the digits-and-separators part of a cell into a Decimal (rule: module doc)."""
    if "\u066b" in num:  # Arabic decimal separator: unambiguous
        int_part, _, frac = num.replace(",", "").partition("\u066b")
        dec: str | None = "\u066b"
    else:
        marks = [c for c in num if c in ",."]
        dec = None
        if "," in marks and "." in marks:
            dec = marks[-1]
        elif len(marks) == 1:
            head, frac_try = num.split(marks[0])
            head_digits = re.sub(r"[ '’]", "", head)
            spaced = any(c in head for c in _GROUP_MARKS)
            thousands = (
                not spaced
                and len(frac_try) == 3
                and 1 <= len(head_digits) <= 3
                and head_digits.strip("0") != ""
            )
            dec = None if thousands else marks[0]
        if dec is not None:
            int_part, _, frac = num.rpartition(dec)
        else:
            int_part, frac = num, ""
    if dec is not None and not frac.isdigit():
        raise ValueParseError(
            gettext_noop("“%(value)s” is not a number (check the decimal separator)."),
            {"value": shown},
        )
    groups = re.split(r"[,. '’]", int_part) if int_part else ["0"]
    if not all(g.isdigit() for g in groups) or not _groups_ok(groups):
        raise ValueParseError(
            gettext_noop("“%(value)s” is not a number (check the thousands separators)."),
            {"value": shown},
        )
    try:
        return Decimal("".join(groups) + ("." + frac if frac else ""))
    except InvalidOperation:  # pragma: no cover - the checks above make this unreachable
        raise ValueParseError(
            gettext_noop("“%(value)s” is not a number."), {"value": shown}
        ) from None


def _from_number(value: Any, shown: str) -> Decimal | None:
    """Decimal for native numbers (openpyxl cells); None when the value is text."""
    if isinstance(value, bool):
        raise ValueParseError(
            gettext_noop("“%(value)s” is a yes/no value, not a number."), {"value": shown}
        )
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueParseError(gettext_noop("“%(value)s” is not a number."), {"value": shown})
        return Decimal(repr(value))
    return None


def _currency(token: str | None) -> tuple[bool, str | None]:
    """(present, ISO code or None) for a matched currency token."""
    if not token:
        return False, None
    for symbol, code in CURRENCY_SYMBOLS.items():
        if token.casefold() == symbol.casefold():
            return True, code
    code = token.upper()
    if code not in ISO_CURRENCIES:
        raise ValueParseError(
            gettext_noop("“%(value)s” is not a currency code we know (use e.g. EUR, USD)."),
            {"value": token},
        )
    return True, code


def parse_money_with_currency(
    value: Any, *, allow_negative: bool = True
) -> tuple[Decimal | None, str | None]:
    """``(amount, ISO currency or None)``; ``(None, None)`` for a blank cell.

    Accepts "$12,000.00", "12.000,00 €", "EUR 1 234,5", "(500)" (accounting negative),
    "-500", "12k" / "1.5m" (thousand / million). A bare "$" reads as USD.
    """
    if is_blank(value):
        return None, None
    shown = str(value).strip()
    number = _from_number(value, shown)
    currency = None
    if number is None:
        text = plain_text(value)
        negative = False
        if text.startswith("(") and text.endswith(")"):
            negative, text = True, text[1:-1].strip()
        match = _MONEY.match(text)
        if not match:
            if "%" in text:
                raise ValueParseError(
                    gettext_noop("“%(value)s” is a percentage, not an amount."), {"value": shown}
                )
            raise ValueParseError(
                gettext_noop("“%(value)s” is not an amount (expected e.g. 12,000.00 or €1.234)."),
                {"value": shown},
            )
        signs = [s for s in (match["s1"], match["s2"], match["s3"]) if s]
        if len(signs) > 1 or (signs and negative):
            raise ValueParseError(
                gettext_noop("“%(value)s” has more than one sign."), {"value": shown}
            )
        negative = negative or (bool(signs) and signs[0] != "+")
        has1, code1 = _currency(match["c1"])
        has2, code2 = _currency(match["c2"])
        if has1 and has2 and code1 != code2:
            raise ValueParseError(
                gettext_noop("“%(value)s” names two currencies."), {"value": shown}
            )
        currency = code1 or code2
        number = number_from_text(match["num"], shown)
        if match["mult"]:
            number *= _MULTIPLIERS[match["mult"].lower()]
        if negative:
            number = -number
    if number < 0 and not allow_negative:
        raise ValueParseError(
            gettext_noop("“%(value)s” is negative; an amount here must be 0 or more."),
            {"value": shown},
        )
    return number, currency


def parse_money(value: Any, *, allow_negative: bool = True) -> Decimal | None:
    """The amount of :func:`parse_money_with_currency`, without the currency."""
    return parse_money_with_currency(value, allow_negative=allow_negative)[0]


def parse_currency(value: Any) -> str | None:
    """An ISO 4217 code from "eur", "EUR" or a symbol ("€"); None when blank or ambiguous."""
    if is_blank(value):
        return None
    text = plain_text(value)
    try:
        return _currency(text)[1]
    except ValueParseError:
        raise ValueParseError(
            gettext_noop("“%(value)s” is not a currency (use a code such as EUR)."), {"value": text}
        ) from None


def parse_number(value: Any) -> Decimal | None:
    """A plain number ("1,200", "-3.5", "1 234,5"); None when blank."""
    if is_blank(value):
        return None
    shown = str(value).strip()
    number = _from_number(value, shown)
    if number is not None:
        return number
    match = _PLAIN.match(plain_text(value))
    if not match:
        raise ValueParseError(gettext_noop("“%(value)s” is not a number."), {"value": shown})
    number = number_from_text(match["num"], shown)
    return -number if match["s1"] in ("-", "−") else number


def parse_int(value: Any, *, allow_negative: bool = False) -> int | None:
    """A whole number: "1,200" and "1200.0" are 1200, "12.5" is an error; None when blank."""
    number = parse_number(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueParseError(
            gettext_noop("“%(value)s” is not a whole number."), {"value": str(value).strip()}
        )
    if number < 0 and not allow_negative:
        raise ValueParseError(
            gettext_noop("“%(value)s” is negative; use 0 or more."), {"value": str(value).strip()}
        )
    return int(number)


def parse_percent(value: Any) -> Decimal | None:
    """A fraction (0.85 for 85%); None when blank.

    With a "%" sign the number is percentage points. Without one, numbers above 1 are
    read as percentage points ("85" → 0.85) and numbers up to 1 as a fraction ("0.85",
    and openpyxl's value of a cell formatted as 85%), so "1" means 100%.
    """
    if is_blank(value):
        return None
    shown = str(value).strip()
    if isinstance(value, str):
        text = plain_text(value)
        if text.endswith("%") or text.startswith("%"):
            number = parse_number(text.strip("%").strip())
            if number is None:
                raise ValueParseError(
                    gettext_noop("“%(value)s” is not a percentage."), {"value": shown}
                )
            return number / 100
    try:
        number = parse_number(value)
    except ValueParseError:
        raise ValueParseError(
            gettext_noop("“%(value)s” is not a percentage (expected e.g. 85%%)."), {"value": shown}
        ) from None
    assert number is not None
    return number if abs(number) <= 1 else number / 100
