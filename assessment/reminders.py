"""What is due (issue 16): notice deadlines, assignments due soon or overdue, overdue
roadmap items, tool records to confirm. ``send_reminders`` runs hourly; every reminder has
a stable key, so ``core.notifications.services.notify`` tells each person once.

The date rules are pure functions (``notice_threshold``, ``assignment_state``,
``confirmation_stale``) so they are unit-tested without a database."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from core.models import Membership, NotificationKind, Organisation, Role
from core.notifications.services import notify

logger = logging.getLogger(__name__)

#: An assignment is "due soon" this many days before its due date (and on it).
DUE_SOON_DAYS = 2


# --- pure date logic --------------------------------------------------------------------


def notice_threshold(today: dt.date, deadline: dt.date | None, days: Iterable[int]) -> int | None:
    """The reminder (days before the last day to cancel) that is current today: the
    smallest configured N with deadline − N ≤ today, up to the deadline itself; None
    before the first threshold, after the deadline, or without one. 30 days before a
    deadline with [120, 90, 30, 7] that is 30 — only one reminder, not three."""
    if deadline is None or today > deadline:
        return None
    left = (deadline - today).days
    passed = [n for n in _days(days) if left <= n]
    return min(passed) if passed else None


def _days(days) -> list[int]:
    out = []
    for n in days or ():
        try:
            n = int(n)
        except (TypeError, ValueError):
            continue
        if n >= 0:
            out.append(n)
    return out


def assignment_state(today: dt.date, due: dt.date | None) -> str | None:
    """ "overdue" after the due date, "due_soon" within DUE_SOON_DAYS of it, else None."""
    if due is None:
        return None
    if today > due:
        return NotificationKind.OVERDUE
    if (due - today).days <= DUE_SOON_DAYS:
        return NotificationKind.DUE_SOON
    return None


def confirmation_stale(now: dt.datetime, confirmed_at: dt.datetime | None, stale_days: int) -> bool:
    """Never confirmed, or confirmed more than ``stale_days`` ago."""
    return confirmed_at is None or confirmed_at < now - dt.timedelta(days=stale_days)


# --- what is due, per organisation ------------------------------------------------------


def _owners(organisation) -> list:
    return [
        m.user
        for m in Membership.objects.filter(organisation=organisation, role=Role.OWNER)
        .select_related("user")
        .order_by("pk")
    ]


def _member_ids(organisation) -> set[int]:
    return set(
        Membership.objects.filter(organisation=organisation).values_list("user_id", flat=True)
    )


def notice_reminders(organisation, today: dt.date) -> int:
    from assessment.models import Tool, ToolStatus

    sent = 0
    members = _member_ids(organisation)
    days = organisation.notice_reminder_days
    tools = (
        Tool.objects.for_organisation(organisation)
        .filter(status__in=[ToolStatus.ACTIVE, ToolStatus.TRIAL])
        .exclude(renewal_date=None)
        .select_related("owned_by")
    )
    for tool in tools:
        deadline = tool.last_day_to_cancel
        n = notice_threshold(today, deadline, days)
        if n is None:
            continue
        owner = tool.owned_by if tool.owned_by_id in members else None
        sent += len(
            notify(
                organisation=organisation,
                recipients=[owner] if owner else _owners(organisation),
                kind=NotificationKind.NOTICE_DEADLINE,
                key=f"notice:{tool.pk}:{deadline.isoformat()}:{n}",
                params={
                    "tool": tool.name,
                    "date": deadline.isoformat(),
                    "days": (deadline - today).days,
                },
                url=tool.get_absolute_url(),
            )
        )
    return sent


def _assignment_done(assignment, states: dict) -> bool:
    from assessment.questionnaire.selectors import questionnaire_state

    assessment = assignment.assessment
    if assessment.is_final or assessment.is_archived:
        return True
    state = states.get(assessment.pk)
    if state is None:
        state = states[assessment.pk] = questionnaire_state(assessment, with_people=False)
    try:
        if assignment.question_key:
            return not state.is_visible(assignment.question_key) or state.is_done(
                assignment.question_key
            )
        return state.step_progress(assignment.step).complete
    except KeyError:  # the step or question left the framework: nothing to remind of
        return True


def _what(assignment) -> str:
    framework = assignment.assessment.framework
    try:
        if assignment.question_key:
            return str(framework.question(assignment.question_key).text)
        return str(framework.step(assignment.step).title)
    except KeyError:
        return assignment.question_key or assignment.step


def assignment_reminders(organisation, today: dt.date) -> int:
    from assessment.models import Assignment

    sent = 0
    members = _member_ids(organisation)
    states: dict = {}
    assignments = (
        Assignment.objects.for_organisation(organisation)
        .filter(due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
        .select_related("assessment", "assignee")
    )
    for assignment in assignments:
        kind = assignment_state(today, assignment.due_date)
        if kind is None or assignment.assignee_id not in members:
            continue
        if _assignment_done(assignment, states):
            continue
        prefix = "assignment-due" if kind == NotificationKind.DUE_SOON else "assignment-overdue"
        sent += len(
            notify(
                organisation=organisation,
                recipients=[assignment.assignee],
                kind=kind,
                key=f"{prefix}:{assignment.pk}:{assignment.due_date.isoformat()}",
                params={
                    "what": _what(assignment),
                    "assessment": assignment.assessment.title,
                    "due": assignment.due_date.isoformat(),
                },
                url=assignment.assessment.get_absolute_url(),
            )
        )
    return sent


def roadmap_reminders(organisation, today: dt.date) -> int:
    from assessment.models import ItemStatus, RoadmapItem

    sent = 0
    members = _member_ids(organisation)
    items = (
        RoadmapItem.objects.for_organisation(organisation)
        .filter(
            status__in=[ItemStatus.OPEN, ItemStatus.ACCEPTED],
            due_date__lt=today,
            owned_by__isnull=False,
            assessment__archived_at=None,
        )
        .select_related("assessment", "owned_by")
    )
    for item in items:
        if item.owned_by_id not in members:
            continue
        sent += len(
            notify(
                organisation=organisation,
                recipients=[item.owned_by],
                kind=NotificationKind.OVERDUE,
                key=f"roadmap-overdue:{item.pk}:{item.due_date.isoformat()}",
                params={
                    "what": item.title,
                    "assessment": item.assessment.title,
                    "due": item.due_date.isoformat(),
                },
                url=item.get_absolute_url(),
            )
        )
    return sent


def confirmation_reminders(organisation, now: dt.datetime) -> int:
    from assessment.models import Tool, ToolStatus

    sent = 0
    members = _member_ids(organisation)
    stale_before = now - dt.timedelta(days=organisation.confirmation_stale_days)
    tools = (
        Tool.objects.for_organisation(organisation)
        .filter(status__in=[ToolStatus.ACTIVE, ToolStatus.TRIAL], owned_by__isnull=False)
        .filter(Q(confirmed_at=None) | Q(confirmed_at__lt=stale_before))
        .select_related("owned_by")
    )
    for tool in tools:
        if tool.owned_by_id not in members:
            continue
        if not confirmation_stale(now, tool.confirmed_at, organisation.confirmation_stale_days):
            continue
        stamp = tool.confirmed_at.isoformat() if tool.confirmed_at else "never"
        sent += len(
            notify(
                organisation=organisation,
                recipients=[tool.owned_by],
                kind=NotificationKind.CONFIRMATION_DUE,
                key=f"confirm:{tool.pk}:{stamp}",
                params={"tool": tool.name},
                url=tool.get_absolute_url(),
            )
        )
    return sent


def review_queue_reminders(organisation, today: dt.date) -> int:
    """Once a day, the members who review integrations (owners and reviewers) hear how many
    wait in IT's queue — one notification, however many integrations an import added."""
    from django.urls import reverse

    from assessment.models import Integration, ReviewState
    from core.permissions import can

    waiting = (
        Integration.objects.for_organisation(organisation)
        .filter(review_state=ReviewState.UNREVIEWED)
        .count()
    )
    if not waiting:
        return 0
    reviewers = [
        membership.user
        for membership in Membership.objects.filter(organisation=organisation).select_related(
            "user"
        )
        if membership.user.is_active and can(membership, "integration.review")
    ]
    return len(
        notify(
            organisation=organisation,
            recipients=reviewers,
            kind=NotificationKind.REVIEW_REQUESTED,
            key=f"review-queue:{today.isoformat()}",
            params={"count": waiting},
            url=reverse("integration_review_queue"),
        )
    )


REMINDERS = {
    "notice deadlines": lambda org, now: notice_reminders(org, timezone.localdate(now)),
    "assignments": lambda org, now: assignment_reminders(org, timezone.localdate(now)),
    "roadmap items": lambda org, now: roadmap_reminders(org, timezone.localdate(now)),
    "confirmations": confirmation_reminders,
    "review queue": lambda org, now: review_queue_reminders(org, timezone.localdate(now)),
}


def send_reminders(now: dt.datetime | None = None) -> Counter:
    """Every organisation's due reminders; returns how many notifications each kind made
    now (0 on a second run: the keys are already taken)."""
    now = now or timezone.now()
    counts: Counter = Counter()
    for organisation in Organisation.objects.order_by("pk"):
        for name, reminder in REMINDERS.items():
            try:
                counts[name] += reminder(organisation, now)
            except Exception:  # one organisation's bad row never stops the others
                logger.exception("Reminders (%s) failed for organisation %s", name, organisation.pk)
    return counts
