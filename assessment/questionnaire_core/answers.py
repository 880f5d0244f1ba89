"""Validate raw answers and turn clean answers into 0-100 scores.

Both are pure functions of the question so that forms, imports, the API and the scoring
engine all apply the same rules. Scoring follows the brief: maturity 1-5 -> 0/25/50/75/100,
yes/partly/no -> 100/50/0, choices carry their own score, numbers and percentages use the
framework's bands; "not applicable", unanswered and text answers have no score.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from . import schema as s
from .errors import AnswerError, gettext_noop
from .fields import is_number
from .schema import Question


class _NotApplicable:
    """Singleton for a "not applicable" answer, distinct from every real answer value."""

    _instance: _NotApplicable | None = None

    def __new__(cls) -> _NotApplicable:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NA"

    def __reduce__(self) -> str:
        return "NA"


NA: Final = _NotApplicable()
# Strings accepted as "not applicable" for non-text questions (and the storage token).
NA_TOKEN: Final = "n/a"
NA_STRINGS: Final = frozenset({"n/a", "na", "not applicable"})

AnswerValue = int | float | str | list[str] | tuple[str, ...] | _NotApplicable | None


def validate_answer(question: Question, raw: Any) -> AnswerValue:
    """Clean ``raw`` for ``question`` or raise ``AnswerError`` with a user-facing message.

    ``None`` or blank text means "no answer" and returns ``None``. ``NA`` (or "n/a" for
    non-text questions) returns ``NA`` when the question allows it.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    is_text = question.type in s.TEXT_TYPES
    if raw is NA or (not is_text and isinstance(raw, str) and raw.strip().lower() in NA_STRINGS):
        if not question.allow_na:
            raise AnswerError(gettext_noop("This question cannot be answered “not applicable”."))
        return NA
    return _VALIDATORS[question.type](question, raw)


def score_answer(question: Question, value: Any) -> float | None:
    """Score 0-100 for a (clean or raw) answer; ``None`` when it does not count."""
    if not question.scored:
        return None
    value = validate_answer(question, value)
    if value is None or value is NA:
        return None
    kind = question.type
    if kind == s.MATURITY:
        return (value - 1) * 100.0 / (s.MATURITY_LEVELS - 1)
    if kind == s.YES_PARTLY_NO:
        return s.YES_PARTLY_NO_SCORES[value]
    if kind == s.SINGLE_CHOICE:
        choice = question.choice(value)
        return choice.score if choice is not None else None
    if kind == s.MULTIPLE_CHOICE:
        return _multiple_score(question, value)
    if kind in s.BANDED_TYPES:
        for index, band in enumerate(question.bands):
            if band.contains(value, last=index == len(question.bands) - 1):
                return band.score
    return None


def _choice_scores(question: Question, keys: Iterable[str]) -> list[float]:
    scores = []
    for key in keys:
        choice = question.choice(key)
        if choice is not None and choice.score is not None:
            scores.append(choice.score)
    return scores


def _multiple_score(question: Question, keys: list[str]) -> float:
    """``sum`` is capped at 100; an empty selection scores 0 whatever the rule."""
    scores = _choice_scores(question, keys)
    if not scores:
        return 0.0
    if question.scoring == "mean":
        return sum(scores) / len(scores)
    if question.scoring == "max":
        return max(scores)
    return min(100.0, sum(scores))


# -- per-type validators ------------------------------------------------------------------


def _to_number(raw: Any, *, percent: bool = False) -> int | float:
    value: Any = raw
    if isinstance(raw, str):
        text = raw.strip().replace(" ", "")
        if percent and text.endswith("%"):
            text = text[:-1]
        try:
            value = float(text)
        except ValueError:
            raise AnswerError(
                gettext_noop("“%(value)s” is not a number."), {"value": raw}
            ) from None
    if not is_number(value):
        raise AnswerError(gettext_noop("Please enter a number."))
    return int(value) if float(value).is_integer() else float(value)


def _maturity(question: Question, raw: Any) -> int:
    try:
        value = _to_number(raw)
    except AnswerError:
        raise AnswerError(gettext_noop("Choose a level from 1 to 5.")) from None
    if not isinstance(value, int) or not 1 <= value <= s.MATURITY_LEVELS:
        raise AnswerError(gettext_noop("Choose a level from 1 to 5."))
    return value


def _yes_partly_no(question: Question, raw: Any) -> str:
    value = raw.strip().lower() if isinstance(raw, str) else None
    if value not in s.YES_PARTLY_NO_SCORES:
        raise AnswerError(gettext_noop("Answer yes, partly or no."))
    return value


def _single_choice(question: Question, raw: Any) -> str:
    if not isinstance(raw, str) or question.choice(raw.strip()) is None:
        raise AnswerError(gettext_noop("Choose one of the options offered."))
    return raw.strip()


def _multiple_choice(question: Question, raw: Any) -> list[str]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list | tuple | set | frozenset):
        raise AnswerError(gettext_noop("Choose any of the options offered."))
    wanted = set()
    for item in raw:
        if not isinstance(item, str) or question.choice(item.strip()) is None:
            raise AnswerError(
                gettext_noop("“%(value)s” is not one of the options offered."), {"value": item}
            )
        wanted.add(item.strip())
    return [c.key for c in question.choices if c.key in wanted]


def _number(question: Question, raw: Any) -> int | float:
    value = _to_number(raw, percent=question.type == s.PERCENTAGE)
    low, high = question.min, question.max
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            raise AnswerError(
                gettext_noop("Enter a number from %(low)s to %(high)s."),
                {"low": f"{low:g}", "high": f"{high:g}"},
            )
        if low is not None:
            raise AnswerError(
                gettext_noop("Enter a number of at least %(low)s."), {"low": f"{low:g}"}
            )
        raise AnswerError(
            gettext_noop("Enter a number of at most %(high)s."), {"high": f"{high:g}"}
        )
    return value


def _text(question: Question, raw: Any) -> str:
    if not isinstance(raw, str):
        raise AnswerError(gettext_noop("Please enter text."))
    value = raw.strip()
    limit = s.TEXT_MAX_LENGTH[question.type]
    if len(value) > limit:
        raise AnswerError(
            gettext_noop("Please keep this to %(limit)d characters at most (now %(length)d)."),
            {"limit": limit, "length": len(value)},
        )
    return value


_VALIDATORS = {
    s.MATURITY: _maturity,
    s.YES_PARTLY_NO: _yes_partly_no,
    s.SINGLE_CHOICE: _single_choice,
    s.MULTIPLE_CHOICE: _multiple_choice,
    s.NUMBER: _number,
    s.PERCENTAGE: _number,
    s.SHORT_TEXT: _text,
    s.LONG_TEXT: _text,
}
