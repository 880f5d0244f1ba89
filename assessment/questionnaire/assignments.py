"""Who is asked to answer what on an assessment, and how far each person is (issue 16;
docs/questionnaire.md, "Assignments"). The questionnaire's own reads: its pages show the
progress per person and let an assigned member answer; ``assessment.team`` (the assigning,
My work) builds on them.

An assigned question counts as *answered* as the questionnaire counts it
(``Answer.has_answer``: a value, or "not applicable"); questions hidden by ``show_if`` are
left out, as from the questionnaire's progress. Work is *overdue* once its due date has
passed while some of its questions are still unanswered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from assessment.models import Assessment, Assignment
from assessment.questionnaire.selectors import QuestionnaireState


def assignments_for(organisation):
    return Assignment.objects.for_organisation(organisation).select_related(
        "assessment", "assignee", "assigned_by"
    )


def assignment_keys(assignment: Assignment, state: QuestionnaireState) -> list[str]:
    """The visible questions an assignment asks for (a whole step's, or its one question)."""
    try:
        step = state.framework.step(assignment.step)
    except KeyError:
        return []
    keys = [q.key for q in step.questions()]
    if assignment.question_key:
        keys = [assignment.question_key] if assignment.question_key in keys else []
    return [k for k in keys if state.is_visible(k)]


@dataclass
class AssignmentStatus:
    assignment: Assignment
    keys: list[str]
    answered: int
    overdue: bool

    @property
    def done(self) -> bool:
        return self.answered >= len(self.keys)


def _status(assignment, state, today) -> AssignmentStatus:
    keys = assignment_keys(assignment, state)
    answered = sum(1 for k in keys if state.is_done(k))
    late = assignment.due_date is not None and assignment.due_date < today
    return AssignmentStatus(assignment, keys, answered, late and answered < len(keys))


@dataclass
class PersonProgress:
    """One assignee's share of an assessment."""

    user: object
    assigned: int = 0
    answered: int = 0
    due_date: dt.date | None = None
    overdue: bool = False
    steps: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.assigned) if self.assigned else 100


@dataclass
class TeamProgress:
    people: list[PersonProgress]
    #: step key → [AssignmentStatus] (who is asked on each step)
    by_step: dict[str, list[AssignmentStatus]]
    statuses: list[AssignmentStatus]

    @property
    def overdue(self) -> int:
        return sum(1 for person in self.people if person.overdue)


def team_progress(
    assessment: Assessment, state: QuestionnaireState, today: dt.date | None = None
) -> TeamProgress:
    """Progress per person (assigned questions, answered, earliest open due date, overdue)
    and the assignments per step; one query besides ``state``'s."""
    today = today or timezone.localdate()
    rows = list(
        Assignment.objects.filter(assessment=assessment)
        .select_related("assignee")
        .order_by("assignee__first_name", "assignee__email", "step", "question_key")
    )
    statuses = [_status(a, state, today) for a in rows]
    people: dict[int, PersonProgress] = {}
    keys: dict[int, set[str]] = {}
    by_step: dict[str, list[AssignmentStatus]] = {}
    for status in statuses:
        assignment = status.assignment
        by_step.setdefault(assignment.step, []).append(status)
        person = people.setdefault(assignment.assignee_id, PersonProgress(assignment.assignee))
        keys.setdefault(assignment.assignee_id, set()).update(status.keys)
        if assignment.step not in person.steps:
            person.steps.append(assignment.step)
        if status.overdue:
            person.overdue = True
        due = assignment.due_date
        if due and not status.done and (person.due_date is None or due < person.due_date):
            person.due_date = due
    for user_id, person in people.items():
        person.assigned = len(keys[user_id])
        person.answered = sum(1 for k in keys[user_id] if state.is_done(k))
    ordered = sorted(
        people.values(),
        key=lambda p: (not p.overdue, p.due_date or dt.date.max, p.user.display_name.lower()),
    )
    return TeamProgress(ordered, by_step, statuses)


def assigned_keys(assessment: Assessment, user) -> frozenset[str]:
    """The questions of the assessment assigned to the person (whole steps expanded):
    being asked to answer lets a member answer them whatever their role (a reviewer asked
    to answer the touchpoints step, say). One query; none on a final assessment."""
    if user is None or not user.is_authenticated or assessment.is_final:
        return frozenset()
    rows = Assignment.objects.filter(assessment=assessment, assignee=user).values_list(
        "step", "question_key"
    )
    keys: set[str] = set()
    framework = assessment.framework
    for step, key in rows:
        if key:
            keys.add(key)
            continue
        try:
            keys.update(q.key for q in framework.step(step).questions())
        except KeyError:
            continue
    return frozenset(keys)


def may_answer(membership, assessment: Assessment, question, assigned: frozenset[str]) -> bool:
    """Whether this member may answer this question: their role allows its step, or they
    were asked to answer it (``assigned``: ``assigned_keys`` for them). The page and the
    API ask the same question."""
    from assessment.questionnaire.selectors import answer_action
    from core.permissions import can

    if can(membership, answer_action(question), assessment):
        return True
    return question.key in assigned
