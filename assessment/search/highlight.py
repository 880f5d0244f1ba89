"""Matching and highlighting for the global search, in plain Python (no Django).

Texts are compared *folded*: case-folded (``"Straße"`` ~ ``"STRASSE"``), without accents
or other combining marks (``"crédit"`` ~ ``"credit"``, Arabic short vowels ignored) and
without invisible format characters (the zero-width non-joiner inside Persian words). A
highlighted text is a tuple of ``(piece, matched)`` pairs cut from the original text, which
templates print one by one, autoescaped: no HTML is ever built from what a user typed.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

Segments = tuple[tuple[str, bool], ...]


def _kept(char: str) -> bool:
    # accents and vowel marks (combining), and invisible format characters (the zero-width
    # non-joiner of Persian words, direction marks, soft hyphens)
    return not unicodedata.combining(char) and unicodedata.category(char) != "Cf"


def _fold_char(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", char.casefold()) if _kept(c))


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """The text as compared: case-folded, compatibility-decomposed, without combining marks
    or invisible format characters."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if _kept(c))


def matches(text: str | None, needle: str) -> bool:
    """Whether the folded ``needle`` (see ``fold``) occurs in ``text``."""
    return bool(text) and bool(needle) and needle in fold(text)


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original one."""
    chars: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        chars.append(folded)
        positions.extend([index] * len(folded))
    return "".join(chars), positions


def highlight(text: str | None, needle: str) -> Segments:
    """``text`` cut into pieces, the ones matching the folded ``needle`` marked True."""
    if not text:
        return ()
    if not needle:
        return ((text, False),)
    folded, positions = _folded_with_positions(text)
    segments: list[tuple[str, bool]] = []
    done = 0  # index in `text` up to which the pieces are cut
    start = folded.find(needle)
    while start != -1:
        first = positions[start]
        last = positions[start + len(needle) - 1] + 1
        if first >= done:
            if first > done:
                segments.append((text[done:first], False))
            segments.append((text[first:last], True))
            done = last
        start = folded.find(needle, start + len(needle))
    if done < len(text):
        segments.append((text[done:], False))
    return tuple(segments)
