"""The questionnaire's texts as people read them, one wording everywhere: the step page,
the "why is this 42?" explanations and the report's appendix all call `answer_text`;
framework texts in the reader's language (`localised`). Importable before Django is set up
(the report's sample command builds its data first): no models here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessment.questionnaire_core import Question
from assessment.questionnaire_core import schema as s

ANSWERED, NOT_APPLICABLE, UNANSWERED, HIDDEN, INVALID = (
    "answered",
    "na",
    "unanswered",
    "hidden",
    "invalid",
)


def localised(text) -> str:
    """A framework Text in the active language (English fallback); other values as str."""
    if text is None:
        return ""
    return text.get(get_language()) if hasattr(text, "get") else str(text)


def number_text(value: Any) -> str:
    """12,345 or 12.5 (thousands grouped, at most two decimals, no trailing zeros)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def answer_text(
    question: Question, value: Any, *, state: str = ANSWERED, language: str | None = None
) -> str:
    """The answer's text in ``language`` (the active one by default); ``state`` is the
    engine's question state (answered, na, unanswered, hidden, invalid)."""
    language = language or get_language() or "en"
    if state == NOT_APPLICABLE:
        return _("Not applicable")
    if state == UNANSWERED:
        return _("Unanswered")
    if state == HIDDEN:
        return _("Not asked (its condition was not met)")
    if state == INVALID:
        return _("Answer no longer valid: %(value)s") % {"value": value}
    kind = question.type
    if kind == s.MATURITY:
        level = next((lv for lv in question.levels if lv.value == value), None)
        text = level.text.get(language) if level else ""
        return _("Level %(value)s of %(levels)s — %(text)s") % {
            "value": value,
            "levels": len(question.levels),
            "text": text,
        }
    if kind == s.YES_PARTLY_NO:
        return {"yes": _("Yes"), "partly": _("Partly"), "no": _("No")}.get(value, str(value))
    if kind == s.SINGLE_CHOICE:
        choice = question.choice(value)
        return choice.label.get(language) if choice else str(value)
    if kind == s.MULTIPLE_CHOICE:
        keys = list(value or ())
        if not keys:
            return _("None selected")
        names = [c.label.get(language) if (c := question.choice(k)) else str(k) for k in keys]
        return "; ".join(names)
    if kind == s.PERCENTAGE:
        return f"{number_text(value)}%"
    if kind == s.NUMBER:
        unit = question.unit.get(language) if question.unit else ""
        return f"{number_text(value)} {unit}".strip()
    return str(value)
