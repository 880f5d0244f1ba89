"""Reads of the questionnaire, scoped to an organisation.

Answers of questions hidden by `show_if` stay stored; `QuestionnaireState` excludes them
from progress (and, later, scores) through the framework's `visible_questions`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import QuerySet

from assessment.models import Answer, Assessment, FrameworkVersion
from assessment.questionnaire_core import Framework, Question, visible_questions
from core.versions import version

ARCHITECTURE = "architecture"


def assessments_for(organisation) -> QuerySet[Assessment]:
    return Assessment.objects.for_organisation(organisation).select_related(
        "framework_version", "created_by", "archived_by", "pinned_by"
    )


def assessment_for(organisation, pk) -> Assessment:
    """One assessment of the organisation (Assessment.DoesNotExist otherwise)."""
    return assessments_for(organisation).get(pk=pk)


def framework_versions_for(organisation) -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.for_organisation(organisation).select_related("created_by")


def default_framework_version(organisation) -> FrameworkVersion | None:
    """The newest built-in version of the default framework (else any available)."""
    from assessment.questionnaire_core import load_default_framework

    versions = framework_versions_for(organisation)
    key = load_default_framework().key
    return (
        versions.filter(key=key, organisation__isnull=True).order_by("-version").first()
        or versions.order_by("-created_at").first()
    )


def assessment_version(
    assessment: Assessment,
    *tables: str,
    more: tuple[str, Callable[[dict[str, int]], list]] | None = None,
) -> tuple:
    """What an assessment's pages show is at, for ``core.render_cache``: the assessment row
    and, per table of its (answers, and the ``tables`` named: ``"findings"``,
    ``"roadmap_items"``…), the row count, the latest ``updated_at`` and the highest id (a
    delete or a re-creation moves one of them; every write through the services sets
    ``updated_at``); ``more``: (a name, a function giving more arms of the same query, on
    the organisation's tables: its data version…). One query (``core.versions``)."""

    def build(placeholders):
        pk = placeholders["assessment"]
        arms = [("assessment", Assessment.objects.filter(pk=pk), "updated_at")]
        for name in ("answers", *tables):
            model = Assessment._meta.get_field(name).related_model
            arms.append((name, model.objects.filter(assessment=pk), "updated_at"))
        return arms + (more[1](placeholders) if more else [])

    name = "assessment_version:" + ",".join(tables) + (f":{more[0]}" if more else "")
    ids = {"assessment": assessment.pk, "organisation": assessment.organisation_id}
    # (the status and the framework version are in the row's updated_at: set on every save)
    return version(name, build, **ids)


def assessments_arm(placeholders: dict[str, int]) -> list:
    """The organisation's assessments as a whole, as an arm of ``assessment_version``: a
    dashboard compares with the previous final one."""
    rows = Assessment.objects.filter(organisation=placeholders["organisation"])
    return [("assessments", rows, "updated_at")]


def answers_of(assessment: Assessment, *, with_people: bool = True) -> dict[str, Answer]:
    """The assessment's answers by question key; `with_people=False` leaves out who answered
    and noted them (two joins and two users per answer) for progress-only reads."""
    rows = Answer.objects.filter(assessment=assessment)
    if with_people:
        rows = rows.select_related("answered_by", "note_by")
    return {row.question_key: row for row in rows}


def answer_action(question: Question) -> str:
    """The permission needed to answer a question (reviewers answer the architecture step)."""
    return "answer.change_architecture" if question.step == ARCHITECTURE else "answer.change"


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def complete(self) -> bool:
        return self.done >= self.total


@dataclass
class QuestionnaireState:
    """An assessment's framework and answers, with what is visible and how far along it is."""

    assessment: Assessment
    framework: Framework
    answers: dict[str, Answer] = field(default_factory=dict)

    @cached_property
    def clean_answers(self) -> dict:
        return {
            key: answer.clean_value for key, answer in self.answers.items() if answer.has_answer
        }

    @cached_property
    def visible_keys(self) -> frozenset[str]:
        return frozenset(q.key for q in visible_questions(self.framework, self.clean_answers))

    def is_visible(self, key: str) -> bool:
        return key in self.visible_keys

    def is_done(self, key: str) -> bool:
        answer = self.answers.get(key)
        return answer is not None and answer.has_answer

    def step_progress(self, step_key: str) -> Progress:
        keys = [q.key for q in self.framework.step(step_key).questions() if self.is_visible(q.key)]
        return Progress(sum(1 for k in keys if self.is_done(k)), len(keys))

    @cached_property
    def steps(self) -> list[dict]:
        return [
            {"step": step, "progress": self.step_progress(step.key), "number": index}
            for index, step in enumerate(self.framework.steps, start=1)
        ]

    @cached_property
    def overall(self) -> Progress:
        return Progress(
            sum(s["progress"].done for s in self.steps),
            sum(s["progress"].total for s in self.steps),
        )

    def unanswered(self) -> list[dict]:
        """Visible questions without an answer (N/A counts as answered), per step."""
        result = []
        for step in self.framework.steps:
            missing = [
                q for q in step.questions() if self.is_visible(q.key) and not self.is_done(q.key)
            ]
            result.append({"step": step, "questions": missing})
        return result

    def visible_answers(self) -> dict:
        """Clean answers of visible questions only (for scoring and reports)."""
        return {k: v for k, v in self.clean_answers.items() if k in self.visible_keys}


def questionnaire_state(assessment: Assessment, *, with_people: bool = True) -> QuestionnaireState:
    return QuestionnaireState(
        assessment, assessment.framework, answers_of(assessment, with_people=with_people)
    )
