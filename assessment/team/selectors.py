"""Reads of assignments: who is asked what on an assessment and how far each person is,
and one person's My work (docs/my-work.md). Every read is scoped to the organisation.

An assigned question counts as *answered* as the questionnaire counts it
(``Answer.has_answer``: a value, or "not applicable"); questions hidden by ``show_if`` are
left out, as from the questionnaire's progress. Work is *overdue* once its due date has
passed while some of its questions are still unanswered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Q, When
from django.utils import timezone

from assessment.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Assignment,
    Integration,
    ItemStatus,
    ReviewState,
    RoadmapItem,
    Tool,
)
from assessment.questionnaire.assignments import (  # noqa: F401 (re-exported)
    AssignmentStatus,
    PersonProgress,
    TeamProgress,
    _status,
    assigned_keys,
    assignment_keys,
    assignments_for,
    team_progress,
)
from assessment.questionnaire.selectors import QuestionnaireState
from assessment.team.services import question_url
from core.models import Notification, NotificationKind
from core.permissions import can

#: Renewals and last days to cancel this many days ahead show on My work.
RENEWAL_HORIZON = 120
#: At most this many integrations to review are listed (the count says how many there are).
REVIEW_LIMIT = 10
MENTION_LIMIT = 20


# -- My work ----------------------------------------------------------------------------


@dataclass
class QuestionWork:
    assessment: Assessment
    step_key: str
    question: object
    due_date: dt.date | None
    overdue: bool
    url: str
    note: str = ""


@dataclass
class QuestionGroup:
    assessment: Assessment
    step_key: str
    step_title: object
    items: list[QuestionWork]

    @property
    def overdue(self) -> bool:
        return any(item.overdue for item in self.items)

    @property
    def due_date(self) -> dt.date | None:
        dates = [i.due_date for i in self.items if i.due_date]
        return min(dates) if dates else None

    @property
    def notes(self) -> list[str]:
        """The assigners' notes, once each."""
        return list(dict.fromkeys(i.note for i in self.items if i.note))


@dataclass
class RenewalWork:
    tool: Tool
    date: dt.date
    last_day_to_cancel: dt.date | None
    days_left: int
    cancel_overdue: bool


@dataclass
class MyWork:
    questions: list[QuestionGroup]
    question_count: int
    may_review: bool
    reviews: list[Integration]
    review_count: int
    roadmap: list[RoadmapItem]
    renewals: list[RenewalWork]
    mentions: list[Notification]
    today: dt.date

    @property
    def empty(self) -> bool:
        return (
            not (self.question_count or self.review_count or self.roadmap or self.renewals)
            and not self.mentions
        )


def _assigned_questions(user, organisation, today) -> tuple[list[QuestionGroup], int]:
    rows = list(
        Assignment.objects.for_organisation(organisation)
        .filter(assignee=user, assessment__archived_at__isnull=True)
        .exclude(assessment__status=AssessmentStatus.FINAL)
        .select_related("assessment__framework_version")
    )
    if not rows:
        return [], 0
    assessments = {a.assessment_id: a.assessment for a in rows}
    answers: dict[int, dict[str, Answer]] = {pk: {} for pk in assessments}
    for answer in Answer.objects.filter(assessment__in=list(assessments)).only(
        "assessment_id", "question_key", "value", "is_na"
    ):
        answers[answer.assessment_id][answer.question_key] = answer
    states = {
        pk: QuestionnaireState(assessment, assessment.framework, answers[pk])
        for pk, assessment in assessments.items()
    }
    found: dict[tuple[int, str], QuestionWork] = {}
    for assignment in rows:
        state = states[assignment.assessment_id]
        questions = {q.key: q for q in state.framework.step(assignment.step).questions()}
        for key in assignment_keys(assignment, state):
            if state.is_done(key):
                continue
            due = assignment.due_date
            late = due is not None and due < today
            current = found.get((assignment.assessment_id, key))
            if current is not None and (current.due_date or dt.date.max) <= (due or dt.date.max):
                continue
            found[(assignment.assessment_id, key)] = QuestionWork(
                assessment=assignment.assessment,
                step_key=assignment.step,
                question=questions[key],
                due_date=due,
                overdue=late,
                url=question_url(assignment.assessment, assignment.step, key),
                note=assignment.note,
            )
    groups: dict[tuple[int, str], QuestionGroup] = {}
    for work in found.values():
        state = states[work.assessment.pk]
        group = groups.get((work.assessment.pk, work.step_key))
        if group is None:
            group = groups[(work.assessment.pk, work.step_key)] = QuestionGroup(
                work.assessment, work.step_key, state.framework.step(work.step_key).title, []
            )
        group.items.append(work)
    order = {}
    for state in states.values():
        order.update({q.key: i for i, q in enumerate(state.framework.questions())})
    for group in groups.values():
        group.items.sort(key=lambda w: (not w.overdue, order.get(w.question.key, 0)))
    ordered = sorted(
        groups.values(),
        key=lambda g: (not g.overdue, g.due_date or dt.date.max, g.assessment.title.lower()),
    )
    return ordered, len(found)


def _reviews(user, membership, organisation) -> tuple[bool, list[Integration], int]:
    """Who may review (reviewers and owners) gets the organisation's unreviewed
    integrations, those touching tools they own first."""
    if not can(membership, "integration.review"):
        return False, [], 0
    rows = (
        Integration.objects.for_organisation(organisation)
        .filter(review_state=ReviewState.UNREVIEWED)
        .select_related("source", "target")
    )
    count = rows.count()
    mine = Q(source__owned_by=user) | Q(target__owned_by=user)
    listed = list(
        rows.annotate(theirs=Case(When(mine, then=0), default=1)).order_by(
            "theirs", "-updated_at", "pk"
        )[:REVIEW_LIMIT]
    )
    return True, listed, count


def _roadmap(user, organisation, today) -> list[RoadmapItem]:
    items = list(
        RoadmapItem.objects.for_organisation(organisation)
        .filter(
            owned_by=user,
            status__in=[ItemStatus.OPEN, ItemStatus.ACCEPTED],
            assessment__archived_at__isnull=True,
        )
        .select_related("assessment")
        .order_by("due_date", "pk")
    )
    for item in items:
        item.is_overdue = item.overdue_on(today)
    return items


def _renewals(user, organisation, today) -> list[RenewalWork]:
    horizon = today + dt.timedelta(days=RENEWAL_HORIZON)
    tools = Tool.objects.for_organisation(organisation).filter(
        owned_by=user, renewal_date__gte=today
    )
    result = []
    for tool in tools.order_by("renewal_date", "name"):
        cancel = tool.last_day_to_cancel
        first = cancel if cancel is not None and cancel < tool.renewal_date else tool.renewal_date
        if tool.renewal_date > horizon and (cancel is None or cancel > horizon):
            continue
        result.append(
            RenewalWork(
                tool=tool,
                date=first,
                last_day_to_cancel=cancel,
                days_left=(first - today).days,
                cancel_overdue=cancel is not None and cancel < today,
            )
        )
    return sorted(result, key=lambda r: r.date)


def _mentions(user, organisation) -> list[Notification]:
    return list(
        Notification.objects.filter(
            organisation=organisation, recipient=user, kind=NotificationKind.MENTION
        ).order_by("read_at", "-created_at")[:MENTION_LIMIT]
    )


def my_work(user, organisation, membership=None, today: dt.date | None = None) -> MyWork:
    """Everything waiting for one person in one organisation; a fixed number of queries."""
    today = today or timezone.localdate()
    if membership is None:
        from core.models import Membership

        membership = Membership.objects.filter(user=user, organisation=organisation).first()
    groups, count = _assigned_questions(user, organisation, today)
    may_review, reviews, review_count = _reviews(user, membership, organisation)
    return MyWork(
        questions=groups,
        question_count=count,
        may_review=may_review,
        reviews=reviews,
        review_count=review_count,
        roadmap=_roadmap(user, organisation, today),
        renewals=_renewals(user, organisation, today),
        mentions=_mentions(user, organisation),
        today=today,
    )
