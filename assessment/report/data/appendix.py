"""The appendix: every question with its answer as text, note and author."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assessment.questionnaire.display import answer_text
from assessment.report.data.formatting import iso, shown
from assessment.report.data.inputs import AnswerMeta
from assessment.results_core import (
    AssessmentInput,
    EngineResult,
)


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
                        "answer": answer_text(q, value, state=state, language=language),
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
