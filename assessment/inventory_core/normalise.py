"""Text normalisation shared by choice, header and tool-name matching.

Spreadsheet text differs from our labels in case, accents, punctuation and "&" vs "and";
comparing normalised forms makes "E-Commerce", "e‑commerce" and "Ecommerce" one value.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+|_+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def normalise_key(text: str) -> str:
    """Lower-case, accent-free, punctuation-free words separated by single spaces.

    "&" reads as "and". Text made only of symbols ("->", "↔") is kept (without spaces),
    so such aliases stay distinguishable.
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = _NON_WORD.sub(" ", plain.replace("&", " and ")).strip()
    if words:
        return _SPACES.sub(" ", words)
    return _SPACES.sub("", plain)


def compact_key(text: str) -> str:
    """:func:`normalise_key` without spaces: "e commerce" and "ecommerce" compare equal."""
    return normalise_key(text).replace(" ", "")


def normalise_name(text: str) -> str:
    """Identity of a user-given name (tools, touchpoints): case- and spacing-insensitive.

    Punctuation is kept ("Monday.com" is not "Monday com"), only case, Unicode form and
    runs of whitespace are folded.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", str(text))).strip().casefold()
