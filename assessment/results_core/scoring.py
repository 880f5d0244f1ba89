"""Scores: per question, section and step, the overall index, maturity and completeness.

``score(data)`` is a pure, deterministic function of an ``AssessmentInput``. Floats are
kept internally; round only for display (``display``). Every number carries an
``Explanation`` listing what went into it. The method is written up in docs/scoring.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from assessment.questionnaire_core import (
    NA,
    AnswerError,
    Framework,
    Step,
    score_answer,
    visible_questions,
)

from .explain import ANSWER, METRIC, QUESTIONNAIRE, STEP, Candidate, Explanation, weighted_mean
from .facts import AssessmentInput
from .index import InventoryIndex
from .metrics import Metric, compute_metrics

# Question states.
ANSWERED = "answered"
NOT_APPLICABLE = "na"
UNANSWERED = "unanswered"
HIDDEN = "hidden"
INVALID = "invalid"  # a stored answer the framework no longer accepts (e.g. a removed choice)


@dataclass(frozen=True, slots=True)
class MaturityLevel:
    key: str
    label: str
    min: int
    max: int


MATURITY_LEVELS: tuple[MaturityLevel, ...] = (
    MaturityLevel("ad_hoc", "Ad hoc", 0, 19),
    MaturityLevel("emerging", "Emerging", 20, 39),
    MaturityLevel("defined", "Defined", 40, 59),
    MaturityLevel("integrated", "Integrated", 60, 79),
    MaturityLevel("optimised", "Optimised", 80, 100),
)


def display(value: float | None, digits: int = 0) -> float | int | None:
    """Round half up for display (Python's ``round`` rounds half to even)."""
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-digits)
    rounded = Decimal(repr(value)).quantize(quantum, ROUND_HALF_UP)
    return int(rounded) if digits == 0 else float(rounded)


def maturity_level(value: float | None) -> MaturityLevel | None:
    """The level of a 0-100 score, judged on the whole number shown to the user, so that
    "20 — Emerging" never appears as "20 — Ad hoc" (19.6 displays as 20)."""
    shown = display(value)
    if shown is None:
        return None
    for level in MATURITY_LEVELS:
        if shown <= level.max:
            return level
    return MATURITY_LEVELS[-1]


@dataclass(frozen=True, slots=True)
class Completeness:
    """Answered or "not applicable" ÷ visible scored questions (beside the score, never in it)."""

    answered: int
    not_applicable: int
    counted: int  # visible scored questions

    @property
    def done(self) -> int:
        return self.answered + self.not_applicable

    @property
    def ratio(self) -> float | None:
        return self.done / self.counted if self.counted else None

    def __add__(self, other: Completeness) -> Completeness:
        return Completeness(
            self.answered + other.answered,
            self.not_applicable + other.not_applicable,
            self.counted + other.counted,
        )


NO_QUESTIONS = Completeness(0, 0, 0)


@dataclass(frozen=True, slots=True)
class QuestionScore:
    key: str
    step: str
    section: str
    weight: float
    scored: bool
    state: str  # answered / na / unanswered / hidden / invalid
    value: Any  # the clean answer (NA, None when unanswered)
    score: float | None  # 0-100 when scored, visible and answered
    answer_id: int | None = None

    @property
    def counts(self) -> bool:
        """Counts towards completeness: visible and scored."""
        return self.scored and self.state != HIDDEN


@dataclass(frozen=True, slots=True)
class SectionScore:
    key: str
    step: str
    score: float | None
    completeness: Completeness
    explanation: Explanation


@dataclass(frozen=True, slots=True)
class StepScore:
    key: str
    weight: float  # weight in the overall index
    questionnaire: float | None  # weighted mean of the step's answers
    questionnaire_explanation: Explanation
    score: float | None  # blended with metrics when the step has a blend
    explanation: Explanation  # of ``score``
    metrics: tuple[Metric, ...]  # the metrics in this step's blend
    completeness: Completeness
    sections: tuple[SectionScore, ...]
    target: float | None
    level: MaturityLevel | None

    @property
    def gap(self) -> float | None:
        """Target − score: positive when the step is below its target."""
        if self.target is None or self.score is None:
            return None
        return self.target - self.score


@dataclass(frozen=True)
class ScoreResult:
    questions: dict[str, QuestionScore]  # in framework order
    steps: tuple[StepScore, ...]  # in framework order
    metrics: dict[str, Metric]
    overall: float | None
    overall_explanation: Explanation
    level: MaturityLevel | None
    completeness: Completeness

    def step(self, key: str) -> StepScore:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)


def score_questions(
    framework: Framework, answers: dict[str, Any], answer_ids: dict[str, int | None]
) -> dict[str, QuestionScore]:
    visible = {q.key for q in visible_questions(framework, answers)}
    result = {}
    for q in framework.questions():
        value = answers.get(q.key)
        if q.key not in visible:
            state, points = HIDDEN, None
        elif value is NA:
            state, points = NOT_APPLICABLE, None
        elif value is None or (isinstance(value, str) and not value.strip()):
            state, points = UNANSWERED, None
        else:
            try:
                state, points = ANSWERED, score_answer(q, value)
            except AnswerError:
                state, points = INVALID, None
        result[q.key] = QuestionScore(
            q.key,
            q.step,
            q.section,
            q.weight,
            q.scored,
            state,
            value,
            points,
            answer_ids.get(q.key),
        )
    return result


_NOTES = {
    NOT_APPLICABLE: "not applicable",
    UNANSWERED: "unanswered",
    HIDDEN: "hidden",
    INVALID: "invalid answer",
}


def _answer_candidate(qs: QuestionScore) -> Candidate:
    note = _NOTES.get(qs.state, "") or ("" if qs.score is not None else "no score")
    ids = (qs.answer_id,) if qs.answer_id is not None else ()
    return Candidate(ANSWER, qs.key, qs.score, qs.weight, note, ids)


def _completeness(scores: list[QuestionScore]) -> Completeness:
    counted = [s for s in scores if s.counts]
    return Completeness(
        sum(1 for s in counted if s.state == ANSWERED),
        sum(1 for s in counted if s.state == NOT_APPLICABLE),
        len(counted),
    )


def _score_step(
    step: Step,
    questions: dict[str, QuestionScore],
    metrics: dict[str, Metric],
    target: float | None,
) -> StepScore:
    sections = []
    for section in step.sections:
        scores = [questions[q.key] for q in section.questions]
        explanation = weighted_mean(_answer_candidate(s) for s in scores if s.scored)
        sections.append(
            SectionScore(
                section.key, step.key, explanation.value, _completeness(scores), explanation
            )
        )
    step_scores = [questions[q.key] for q in step.questions()]
    questionnaire = weighted_mean(_answer_candidate(s) for s in step_scores if s.scored)
    blend_metrics: tuple[Metric, ...] = ()
    if step.blend is None:
        explanation = questionnaire
    else:
        blend_metrics = tuple(metrics[key] for key, _ in step.blend.metrics)
        candidates = [
            Candidate(
                QUESTIONNAIRE,
                "questionnaire",
                questionnaire.value,
                step.blend.questionnaire,
                "" if questionnaire.value is not None else "no answers",
            )
        ]
        for key, weight in step.blend.metrics:
            metric = metrics[key]
            candidates.append(
                Candidate(
                    METRIC,
                    key,
                    metric.value,
                    weight,
                    "" if metric.value is not None else "no data",
                    metric.evidence_ids,
                )
            )
        explanation = weighted_mean(candidates)
    return StepScore(
        step.key,
        step.weight,
        questionnaire.value,
        questionnaire,
        explanation.value,
        explanation,
        blend_metrics,
        _completeness(step_scores),
        tuple(sections),
        target,
        maturity_level(explanation.value),
    )


def score(data: AssessmentInput, index: InventoryIndex | None = None) -> ScoreResult:
    """Score an assessment: questions → sections → steps (blended) → overall index."""
    index = index or InventoryIndex.build(data)
    framework = data.framework
    questions = score_questions(framework, data.answer_values(), data.answer_ids())
    metrics = compute_metrics(data, index)
    steps = tuple(
        _score_step(step, questions, metrics, data.targets.get(step.key))
        for step in framework.steps
    )
    overall = weighted_mean(
        Candidate(STEP, s.key, s.score, s.weight, "" if s.score is not None else "no score")
        for s in steps
    )
    completeness = NO_QUESTIONS
    for step in steps:
        completeness = completeness + step.completeness
    return ScoreResult(
        questions,
        steps,
        metrics,
        overall.value,
        overall,
        maturity_level(overall.value),
        completeness,
    )
