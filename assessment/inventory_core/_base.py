"""The error type and blank handling every value parser shares."""

from __future__ import annotations

import unicodedata
from typing import Any


class ValueParseError(ValueError):
    """A cell could not be read; ``message`` is shown to the person importing the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


#: What people type for "nothing here" (compared case-insensitively, after trimming).
BLANK_TOKENS = frozenset(
    {"", "n/a", "na", "n.a.", "#n/a", "-", "--", "—", "–", "none", "null", "nil"}
)

_DIGITS = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Extended (Persian)
        "\u066c": ",",  # Arabic thousands separator
        "\u066a": "%",  # Arabic percent sign
    }
)


def is_blank(value: Any) -> bool:
    """True for ``None``, whitespace and the usual placeholders ("N/A", "-", "none", …)."""
    if value is None:
        return True
    return isinstance(value, str) and value.strip().casefold() in BLANK_TOKENS


def parse_blank(value: Any) -> Any:
    """``None`` for a blank cell, otherwise the value (strings trimmed)."""
    if is_blank(value):
        return None
    return value.strip() if isinstance(value, str) else value


def plain_text(value: Any) -> str:
    """NFKC text with Arabic/Persian digits as ASCII, so the parsers see one alphabet.

    The Arabic decimal separator (U+066B) is kept: the number parser treats it as a
    decimal mark without guessing.
    """
    return unicodedata.normalize("NFKC", str(value)).translate(_DIGITS).strip()
