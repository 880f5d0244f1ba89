"""Cell values as people type them, parsed into Python values or a human error message.

Every parser returns ``None`` for a blank cell (see :func:`is_blank`); whether a blank is
allowed is the row cleaner's business. Numbers and dates live in their own modules and
are re-exported here so callers have one import.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assessment.inventory_core.base import (
    BLANK_TOKENS,
    ValueParseError,
    gettext_noop,
    is_blank,
    parse_blank,
    plain_text,
)
from assessment.inventory_core.dates import parse_date
from assessment.inventory_core.normalise import compact_key, normalise_key
from assessment.inventory_core.numbers import (
    parse_currency,
    parse_int,
    parse_money,
    parse_money_with_currency,
    parse_number,
    parse_percent,
)

__all__ = [
    "BLANK_TOKENS",
    "SUGGESTION_THRESHOLD",
    "ChoiceMatch",
    "ValueParseError",
    "is_blank",
    "looks_like_formula",
    "neutralise_formula",
    "parse_blank",
    "parse_bool",
    "parse_choice",
    "parse_currency",
    "parse_date",
    "parse_int",
    "parse_money",
    "parse_money_with_currency",
    "parse_number",
    "parse_percent",
    "unneutralise",
]

# English plus the seed languages (Romanian, Arabic, Persian).
TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1", "x", "✓", "✔", "on", "da", "نعم", "بله"})
FALSE_WORDS = frozenset({"no", "n", "false", "f", "0", "✗", "✘", "off", "nu", "لا", "خیر"})


def parse_bool(value: Any) -> bool | None:
    """yes/no, y/n, true/false, 1/0, x/✓ (case-insensitive); None when blank."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = plain_text(value).casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueParseError(
        gettext_noop("“%(value)s” is not yes or no."), {"value": str(value).strip()}
    )


# --- choices -----------------------------------------------------------------------------

#: Below this similarity a near miss gets no suggestion: "Under Review" for tool statuses
#: (active / trial / inactive / retired) suggests nothing rather than a wrong status.
SUGGESTION_THRESHOLD = 0.75
_CONTAINED_SCORE = 0.8
_SYNONYM_SCORE = 0.9


@dataclass(frozen=True, slots=True)
class ChoiceMatch:
    """``key`` when the value names an option; otherwise maybe a ``suggestion`` to confirm."""

    key: str | None
    suggestion: str | None
    score: float

    @property
    def matched(self) -> bool:
        return self.key is not None


def _similarity(value: str, candidate: str) -> float:
    """difflib ratio on normalised text; a value whose words all occur in the candidate
    ("Automation" in "Marketing automation …") scores at least ``_CONTAINED_SCORE``."""
    ratio = max(
        difflib.SequenceMatcher(None, value, candidate).ratio(),
        difflib.SequenceMatcher(None, value.replace(" ", ""), candidate.replace(" ", "")).ratio(),
    )
    words = set(value.split()) - {"and"}
    if words and len(value) >= 3 and words <= set(candidate.split()):
        ratio = max(ratio, _CONTAINED_SCORE)
    return ratio


def _synonym(norm: str, options: Mapping[str, str], synonyms: Mapping[str, str]) -> str | None:
    """The option a synonym phrase points at (see synonyms.py): the value is the phrase,
    or contains a phrase of two words or more; the longest phrase wins, a tie gives none."""
    if (key := synonyms.get(norm)) in options:
        return key
    words = f" {norm} "
    found: dict[str, int] = {}
    for phrase, key in synonyms.items():
        if key in options and " " in phrase and f" {phrase} " in words:
            found[key] = max(found.get(key, 0), len(phrase))
    if not found:
        return None
    best = max(found.values())
    keys = [k for k, length in found.items() if length == best]
    return keys[0] if len(keys) == 1 else None


def parse_choice(
    value: Any,
    options: Mapping[str, str],
    aliases: Mapping[str, str] | None = None,
    *,
    threshold: float = SUGGESTION_THRESHOLD,
    synonyms: Mapping[str, str] | None = None,
) -> ChoiceMatch:
    """Match a cell against ``{key: label}`` options and ``{alias: key}`` aliases.

    An exact match after normalisation (case, accents, punctuation, "&"/"and", spaces)
    of a key, label or alias is a match. Otherwise a synonym (``{normalised phrase:
    key}``, see synonyms.py: "Under Review" → trial) or else the closest option above
    ``threshold`` is offered as a suggestion, never applied; a tie between two options
    suggests nothing.
    """
    if is_blank(value):
        return ChoiceMatch(None, None, 0.0)
    candidates: list[tuple[str, str]] = []
    for key, label in options.items():
        candidates += [(key, key), (label, key)]
    for alias, key in (aliases or {}).items():
        if key in options:
            candidates.append((alias, key))
    text = str(value)
    norm, compact = normalise_key(text), compact_key(text)
    for candidate, key in candidates:
        if normalise_key(candidate) == norm or compact_key(candidate) == compact:
            return ChoiceMatch(key, None, 1.0)
    if synonyms and (key := _synonym(norm, options, synonyms)):
        return ChoiceMatch(None, key, _SYNONYM_SCORE)
    best: dict[str, float] = {}
    for candidate, key in candidates:
        best[key] = max(best.get(key, 0.0), _similarity(norm, normalise_key(candidate)))
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    if not ranked:
        return ChoiceMatch(None, None, 0.0)
    top_key, top = ranked[0]
    tied = len(ranked) > 1 and abs(ranked[1][1] - top) < 1e-9
    suggestion = top_key if top >= threshold and not tied else None
    return ChoiceMatch(None, suggestion, round(top, 3))


# --- formulas ----------------------------------------------------------------------------

#: Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection),
#: with their full-width forms.
_NUMBER_LIKE = re.compile(r"^[\d\s.,'’/()%-]+$")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def _needs_quote(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_TRIGGERS)


def neutralise_formula(cell: Any) -> Any:
    """Prefix an apostrophe to text a spreadsheet would run as a formula (for exports).

    Numbers are left alone (a numeric -5 is not a formula). Text already starting with
    apostrophes before a trigger gets one more, so :func:`unneutralise` restores it exactly.
    """
    if isinstance(cell, str) and _needs_quote(cell):
        return "'" + cell
    return cell


def unneutralise(cell: Any) -> Any:
    """Undo :func:`neutralise_formula` on import: drop the one apostrophe it added."""
    if isinstance(cell, str) and cell.startswith("'") and _needs_quote(cell):
        return cell[1:]
    return cell


def looks_like_formula(text: str) -> bool:
    """True for text starting with = or @, or with + or - followed by something that is
    not a number ("-5" and "+44 20 7946 0000" are fine, "-cmd" and "+A1" are not)."""
    stripped = text.strip()
    if not stripped:
        return False
    if stripped[0] in "=@＝＠":
        return True
    if stripped[0] in "+-＋－":
        rest = stripped[1:].strip()
        if not rest or _NUMBER_LIKE.match(rest):
            return False  # digits and punctuation only: a number or a phone number
        try:
            return parse_money(rest) is None
        except ValueParseError:
            return True
    return False
