"""The currency an Excel number format shows, and an amount written so the money parser
reads it back exactly."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from assessment.inventory_core.numbers import CURRENCY_SYMBOLS, ISO_CURRENCIES

_FORMAT_BRACKET = re.compile(r"\[\$([^\]\-]*)(?:-([0-9A-Fa-f]+))?[^\]]*\]")
_QUOTED = re.compile(r'"([^"]*)"')
_LITERAL_TEXT = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
#: Locale ids that say which dollar a bare "$" is (1033/409 en-US is the default: USD).
_DOLLAR_LOCALES = {
    "1009": "CAD",
    "c09": "AUD",
    "1409": "NZD",
    "3c09": "HKD",
    "1004": "SGD",
    "80a": "MXN",
    "416": "BRL",
}


def _symbol_code(token: str, locale: str | None = None) -> str | None:
    token = token.strip()
    if not token:
        return None
    if token.upper() in ISO_CURRENCIES:
        return token.upper()
    if token == "$" and locale:
        return _DOLLAR_LOCALES.get(locale.lower().lstrip("0") or "0", "USD")
    return CURRENCY_SYMBOLS.get(token)


def format_currency(code: str) -> str | None:
    """The ISO 4217 currency an Excel number format shows, if it shows exactly one:
    ``[$€-x-euro2] #,##0.00`` → EUR, ``"$"#,##0.00`` → USD, ``#,##0.00 [$EUR]`` → EUR,
    ``[$$-1009]#,##0`` → CAD, ``\\£#,##0`` → GBP."""
    found: set[str] = set()
    for match in _FORMAT_BRACKET.finditer(code):
        if currency := _symbol_code(match.group(1), match.group(2)):
            found.add(currency)
    for literal in _QUOTED.findall(code):
        if currency := _symbol_code(literal):
            found.add(currency)
    bare = _LITERAL_TEXT.sub(" ", code.replace("\\", ""))
    bare += " " + "".join(re.findall(r"\\(.)", code))
    for symbol in sorted(CURRENCY_SYMBOLS, key=len, reverse=True):
        if len(symbol) > 1 and symbol.isalpha():
            continue  # "lei", "kr": letters of a format are too easily something else
        if symbol in bare:
            if currency := CURRENCY_SYMBOLS[symbol]:
                found.add(currency)
            bare = bare.replace(symbol, " ")
    return found.pop() if len(found) == 1 else None


def money_text(text: str, currency: str) -> str:
    """An amount with its currency as text the money parser reads back exactly: the code
    first, a dot as decimal mark and never exactly three decimals ("1.234" would be
    thousands)."""
    try:
        amount = Decimal(text.strip())
    except InvalidOperation:
        return text
    shown = format(amount.normalize() if amount == amount.to_integral() else amount, "f")
    if "." in shown and len(shown.split(".")[1]) == 3:
        shown += "0"
    return f"{currency} {shown}"
