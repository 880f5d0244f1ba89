"""Digits as the report's readers expect them (docs/report.md, "Digits and numbers").

Persian readers expect Persian digits (۰–۹) in running text, with the Arabic thousands
separator, decimal separator and per cent sign; a Persian report printed with Latin digits
reads like a machine dump. Arabic reports keep Western digits: Arabic readers across the
Maghreb and the Gulf read them, Django's Arabic locale formats with them, and the inventory's
names and versions are Latin anyway. The report is rendered with Latin digits and converted
once, as text, for the languages that want another script: every number in the document goes
through one place.
"""

from __future__ import annotations

import re

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_SEPARATORS = {",": "\u066c", ".": "\u066b"}  # ARABIC THOUSANDS / DECIMAL SEPARATOR
_PERCENT = "\u066a"  # ARABIC PERCENT SIGN

# A run of digits with its separators, unless it belongs to a Latin name: glued to a Latin
# letter ("GA4", "B2B", "v2") or ending a Latin word ("Chatbots 39", "Windows 10"). An HTML
# character reference is matched first and left alone, so "&#39;" stays an apostrophe.
_NUMBER = re.compile(
    r"(?P<entity>&#?\w+;)"
    r"|(?<![A-Za-z0-9])(?<![A-Za-z] )(?<![0-9][.,])"  # a whole number, not its tail
    r"(?P<number>[0-9]+(?:[.,][0-9]+)*)(?P<percent>%?)(?![A-Za-z0-9])"
)
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
# Text between tags, outside <style> and <script>.
_MARKUP = re.compile(r"(<style\b.*?</style>|<script\b.*?</script>|<[^>]*>)", re.S | re.I)

#: Languages whose reports print digits other than 0–9, and the CSS counter style that
#: numbers their pages, table of contents and lists the same way.
COUNTER_STYLES = {"fa": "persian"}


def uses_native_digits(language: str | None) -> bool:
    return (language or "").split("-")[0] in COUNTER_STYLES


def counter_style(language: str | None) -> str | None:
    return COUNTER_STYLES.get((language or "").split("-")[0])


def _persian(match: re.Match[str]) -> str:
    if match.group("entity"):
        return match.group(0)
    number = match["number"]
    if _GROUPED.fullmatch(number):  # "3,558,770.5": thousands and decimal separators
        number = re.sub(r"[.,]", lambda m: _SEPARATORS[m.group(0)], number)
    # Otherwise a full stop stays: "1.4" may be a question's number as well as a decimal.
    return number.translate(PERSIAN_DIGITS) + (_PERCENT if match["percent"] else "")


def localise_text(text: str, language: str | None) -> str:
    """Plain text (or a CSS string) with the language's digits."""
    if not uses_native_digits(language):
        return text
    return _NUMBER.sub(_persian, text)


def localise_markup(markup: str, language: str | None) -> str:
    """HTML or SVG with the language's digits in its text; tags, attributes, character
    references, styles and scripts are left as they are."""
    if not uses_native_digits(language):
        return markup
    parts = _MARKUP.split(markup)
    # split() with one group alternates text, markup, text, …: only the text changes.
    parts[::2] = [_NUMBER.sub(_persian, text) for text in parts[::2]]
    return "".join(parts)
