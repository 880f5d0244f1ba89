"""Reminders: pure date rules, and `send_reminders` telling each person once."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessment.models import Assignment, ItemStatus
from assessment.reminders import (
    assignment_state,
    confirmation_stale,
    notice_threshold,
    send_reminders,
)
from assessment.results import services as results
from assessment.testing.factories import ToolFactory
from core.models import Notification
from core.testing.factories import MembershipFactory
from tests.questionnaire.factories import AssessmentFactory
from tests.results.helpers import answer

D = dt.date(2027, 3, 1)
DAYS = [120, 90, 30, 7]


# --- pure date logic --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (200, None),
        (121, None),
        (120, 120),
        (100, 120),
        (90, 90),
        (31, 90),
        (30, 30),
        (8, 30),
        (7, 7),
        (1, 7),
        (0, 7),
        (-1, None),
    ],
)
def test_notice_threshold_is_the_latest_passed(left, expected):
    assert notice_threshold(D - dt.timedelta(days=left), D, DAYS) == expected


def test_notice_threshold_without_a_deadline_or_days():
    assert notice_threshold(D, None, DAYS) is None
    assert notice_threshold(D, D, []) is None
    assert notice_threshold(D, D + dt.timedelta(days=3), ["x", -1, "5"]) == 5


@pytest.mark.parametrize(
    ("due_in", "expected"),
    [(None, None), (5, None), (3, None), (2, "due_soon"), (0, "due_soon"), (-1, "overdue")],
)
def test_assignment_state(due_in, expected):
    due = None if due_in is None else D + dt.timedelta(days=due_in)
    assert assignment_state(D, due) == expected


def test_confirmation_stale():
    now = timezone.now()
    assert confirmation_stale(now, None, 180)
    assert confirmation_stale(now, now - dt.timedelta(days=181), 180)
    assert not confirmation_stale(now, now - dt.timedelta(days=10), 180)


# --- the command ------------------------------------------------------------------------


def tool_with_deadline_in(organisation, days, **kwargs):
    notice = 30
    return ToolFactory(
        organisation=organisation,
        renewal_date=timezone.localdate() + dt.timedelta(days=days + notice),
        notice_period_days=notice,
        **kwargs,
    )


@pytest.mark.django_db
def test_a_tool_30_days_from_its_deadline_reminds_its_owner_once(capsys):
    owner = MembershipFactory(role="editor")
    boss = MembershipFactory(organisation=owner.organisation, role="owner")
    tool = tool_with_deadline_in(owner.organisation, 30, owned_by=owner.user, name="Slack")
    call_command("send_reminders")
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "notice deadlines: 1 notification(s)" in out
    assert "notice deadlines: 0 notification(s)" in out
    (reminder,) = Notification.objects.filter(kind="notice_deadline")
    deadline = tool.last_day_to_cancel
    assert reminder.recipient == owner.user
    assert reminder.key == f"notice:{tool.pk}:{deadline.isoformat()}:30"
    assert reminder.params == {"tool": "Slack", "date": deadline.isoformat(), "days": 30}
    assert reminder.url == tool.get_absolute_url()
    assert not Notification.objects.filter(recipient=boss.user).exists()


@pytest.mark.django_db
def test_without_an_owner_member_the_organisations_owners_are_told():
    boss = MembershipFactory(role="owner")
    MembershipFactory(organisation=boss.organisation, role="editor")
    gone = MembershipFactory()  # owns the tool but is not a member here
    tool_with_deadline_in(boss.organisation, 5, owned_by=gone.user)
    tool_with_deadline_in(boss.organisation, 200)  # not yet
    tool_with_deadline_in(boss.organisation, 5, status="retired")  # not active
    send_reminders()
    assert list(Notification.objects.values_list("recipient", "key")) == [
        (boss.user.pk, Notification.objects.get().key)
    ]
    assert Notification.objects.get().key.endswith(":7")


@pytest.mark.django_db
def test_each_organisations_reminder_days_apply():
    boss = MembershipFactory(role="owner")
    boss.organisation.notice_reminder_days = [60]
    boss.organisation.save()
    tool_with_deadline_in(boss.organisation, 30)
    send_reminders()
    assert Notification.objects.get().key.endswith(":60")


@pytest.mark.django_db
def test_assignments_due_soon_and_overdue_until_answered():
    lead = MembershipFactory(role="owner")
    assignee = MembershipFactory(organisation=lead.organisation, role="editor")
    assessment = AssessmentFactory(organisation=lead.organisation)
    step = assessment.framework.steps[0]
    question = step.sections[0].questions[0]
    today = timezone.localdate()
    soon = Assignment.objects.create(
        organisation=lead.organisation,
        assessment=assessment,
        step=step.key,
        assignee=assignee.user,
        due_date=today + dt.timedelta(days=1),
    )
    late = Assignment.objects.create(
        organisation=lead.organisation,
        assessment=assessment,
        step=step.key,
        question_key=question.key,
        assignee=lead.user,
        due_date=today - dt.timedelta(days=1),
    )
    Assignment.objects.create(  # far away: nothing yet
        organisation=lead.organisation,
        assessment=assessment,
        step=assessment.framework.steps[-1].key,
        assignee=lead.user,
        due_date=today + dt.timedelta(days=10),
    )
    counts = send_reminders()
    assert counts["assignments"] == 2
    assert set(Notification.objects.values_list("recipient", "kind", "key")) == {
        (assignee.user.pk, "due_soon", f"assignment-due:{soon.pk}:{soon.due_date.isoformat()}"),
        (lead.user.pk, "overdue", f"assignment-overdue:{late.pk}:{late.due_date.isoformat()}"),
    }
    assert send_reminders()["assignments"] == 0
    # answered: a new due date reminds no one
    answer(assessment, question.key, 2, lead.user)
    Assignment.objects.filter(pk=late.pk).update(due_date=today - dt.timedelta(days=2))
    assert send_reminders()["assignments"] == 0


@pytest.mark.django_db
def test_overdue_roadmap_items_remind_their_owner():
    owner = MembershipFactory(role="editor")
    assessment = AssessmentFactory(organisation=owner.organisation)
    item = results.add_item(assessment=assessment, data={"title": "Drop Zapier"})
    done = results.add_item(assessment=assessment, data={"title": "Done already"})
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    type(item).objects.filter(pk=item.pk).update(owned_by=owner.user, due_date=yesterday)
    type(item).objects.filter(pk=done.pk).update(
        owned_by=owner.user, due_date=yesterday, status=ItemStatus.RESOLVED
    )
    assert send_reminders()["roadmap items"] == 1
    reminder = Notification.objects.get()
    assert (reminder.recipient, reminder.kind, reminder.params["what"]) == (
        owner.user,
        "overdue",
        "Drop Zapier",
    )
    assert send_reminders()["roadmap items"] == 0


@pytest.mark.django_db
def test_unconfirmed_or_stale_tools_ask_their_owner_to_confirm():
    owner = MembershipFactory(role="editor")
    org = owner.organisation
    never = ToolFactory(organisation=org, owned_by=owner.user)
    stale = ToolFactory(
        organisation=org,
        owned_by=owner.user,
        confirmed_at=timezone.now() - dt.timedelta(days=200),
    )
    ToolFactory(organisation=org, owned_by=owner.user, confirmed_at=timezone.now())
    ToolFactory(organisation=org)  # no owner: nobody to ask
    assert send_reminders()["confirmations"] == 2
    keys = set(Notification.objects.values_list("key", flat=True))
    assert keys == {
        f"confirm:{never.pk}:never",
        f"confirm:{stale.pk}:{stale.confirmed_at.isoformat()}",
    }
    assert send_reminders()["confirmations"] == 0


@pytest.mark.django_db
def test_reviewers_hear_once_a_day_how_many_integrations_wait():
    from assessment.models import ReviewState
    from assessment.reminders import review_queue_reminders
    from assessment.testing.factories import IntegrationFactory

    reviewer = MembershipFactory(role="reviewer")
    organisation = reviewer.organisation
    owner = MembershipFactory(organisation=organisation, role="owner")
    MembershipFactory(organisation=organisation, role="editor")  # edits, does not review
    today = timezone.localdate()
    assert review_queue_reminders(organisation, today) == 0  # nothing waits
    for _n in range(3):
        IntegrationFactory(organisation=organisation)
    IntegrationFactory(organisation=organisation, review_state=ReviewState.VERIFIED)
    assert review_queue_reminders(organisation, today) == 2
    assert review_queue_reminders(organisation, today) == 0  # once a day
    told = Notification.objects.filter(organisation=organisation, kind="review_requested")
    assert {n.recipient for n in told} == {reviewer.user, owner.user}
    assert {n.params["count"] for n in told} == {3}
    assert review_queue_reminders(organisation, today + dt.timedelta(days=1)) == 2
