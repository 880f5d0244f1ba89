"""The appendix: every question with its answer as text, note and author."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from assessment.engine import (
    AssessmentInput,
    EngineResult,
)
from assessment.framework import Question
from assessment.framework import schema as s
from assessment.report.data.formatting import iso, number_text, shown
from assessment.report.data.inputs import AnswerMeta


def answer_text(question: Question, state: str, value: Any, language: str) -> str:
    if state == "na":
        return _("Not applicable")
    if state == "unanswered":
        return _("Unanswered")
    if state == "hidden":
        return _("Not asked (its condition was not met)")
    if state == "invalid":
        return _("Answer no longer valid: %(value)s") % {"value": value}
    kind = question.type
    if kind == s.MATURITY:
        level = next((lv for lv in question.levels if lv.value == value), None)
        text = level.text.get(language) if level else ""
        return _("Level %(value)s of 5 — %(text)s") % {"value": value, "text": text}
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


def appendix_section(
    data: AssessmentInput,
    result: EngineResult,
    answers_meta: Mapping[str, AnswerMeta],
    language: str,
) -> list[dict[str, Any]]:
    questions = result.scores.questions
    steps = []
    for step_no, step in enumerate(data.framework.steps, start=1):
        sections = []
        for sec_no, section in enumerate(step.sections, start=1):
            rows = []
            for q_no, q in enumerate(section.questions, start=1):
                qs = questions.get(q.key)
                state = qs.state if qs else "unanswered"
                value = qs.value if qs else None
                meta = answers_meta.get(q.key) or AnswerMeta()
                rows.append(
                    {
                        "number": f"{step_no}.{sec_no}.{q_no}",
                        "key": q.key,
                        "text": q.text.get(language),
                        "state": state,
                        "answer": answer_text(q, state, value, language),
                        "score": shown(qs.score) if qs and qs.score is not None else None,
                        "scored": q.scored,
                        "weight": q.weight,
                        "note": meta.note,
                        "answered_by": meta.answered_by,
                        "answered_at": iso(meta.answered_at),
                    }
                )
            sections.append({"title": section.title.get(language), "questions": rows})
        steps.append({"key": step.key, "title": step.title.get(language), "sections": sections})
    return steps
