"""Assigning steps and questions: one row per person (and question), updates instead of
repeats, members only, role checks, notifications; and the progress per person."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assessment.models import Assignment
from assessment.questionnaire import selectors as questionnaire
from assessment.team import selectors, services
from core.models import Notification
from core.testing.factories import MembershipFactory
from tests.results.helpers import answer
from tests.team.helpers import STEP, TOUCHPOINT_QUESTIONS, assign_step, team

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def test_a_step_is_assigned_once_per_person_and_the_person_is_told():
    lead, reviewer, assessment = team()
    due = today() + dt.timedelta(days=7)
    rows = assign_step(assessment, lead, [reviewer, lead], due_date=due, note="Before Friday")
    assert len(rows) == 2
    assert {r.assignee for r in rows} == {reviewer.user, lead.user}
    assert all(r.question_key == "" and r.step == STEP and r.due_date == due for r in rows)
    notes = Notification.objects.filter(kind="assigned")
    # the lead assigned themself: not told
    assert [n.recipient for n in notes] == [reviewer.user]
    note = notes.get()
    assignment = next(r for r in rows if r.assignee == reviewer.user)
    assert note.key == f"assigned:{assignment.pk}"
    assert note.params["assigner"] == lead.user.display_name
    assert note.params["assessment"] == "Q4 review"
    assert note.params["due"] == due.isoformat()
    assert note.url == f"/assessments/{assessment.pk}/steps/{STEP}/"


def test_the_assignee_gets_one_e_mail_and_the_assigner_none(django_capture_on_commit_callbacks):
    lead, reviewer, assessment = team()
    with django_capture_on_commit_callbacks(execute=True):
        assign_step(assessment, lead, [reviewer, lead])
    with django_capture_on_commit_callbacks(execute=True):
        assign_step(assessment, lead, [reviewer, lead], note="again")  # no new e-mail
    assert [m.to for m in mail.outbox] == [[reviewer.user.email]]


def test_assigning_again_updates_the_due_date_and_note_without_telling_twice():
    lead, reviewer, assessment = team()
    assign_step(assessment, lead, [reviewer], due_date=today())
    later = today() + dt.timedelta(days=3)
    assign_step(assessment, lead, [reviewer], due_date=later, note="new")
    row = Assignment.objects.get()
    assert (row.due_date, row.note) == (later, "new")
    assert Notification.objects.filter(kind="assigned").count() == 1


def test_single_questions_make_one_row_each_and_one_notification():
    lead, reviewer, assessment = team()
    rows = assign_step(
        assessment, lead, [reviewer], question_keys=["journey_mapped", "delivery_updates"]
    )
    assert sorted(r.question_key for r in rows) == ["delivery_updates", "journey_mapped"]
    assert Notification.objects.filter(recipient=reviewer.user).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"step": "nope"}, "step"),
        ({"question_keys": ["buyer_needs"]}, "question_keys"),  # another step's question
    ],
)
def test_bad_steps_and_questions_are_refused(kwargs, field):
    lead, reviewer, assessment = team()
    with pytest.raises(ValidationError) as error:
        assign_step(assessment, lead, [reviewer], **kwargs)
    assert field in error.value.message_dict
    assert not Assignment.objects.exists()


def test_only_members_can_be_assigned():
    lead, _reviewer, assessment = team()
    stranger = MembershipFactory(role="editor")  # another organisation's member
    with pytest.raises(ValidationError) as error:
        assign_step(assessment, lead, [stranger])
    assert "assignees" in error.value.message_dict
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("role", ["reviewer", "viewer"])
def test_reviewers_and_viewers_may_not_assign(role):
    lead, reviewer, assessment = team()
    other = MembershipFactory(organisation=lead.organisation, role=role)
    with pytest.raises(PermissionDenied):
        assign_step(assessment, other, [reviewer])


def test_someone_of_another_organisation_may_not_assign():
    _lead, reviewer, assessment = team()
    outsider = MembershipFactory(role="owner")
    with pytest.raises(PermissionDenied):
        assign_step(assessment, outsider, [reviewer])


def test_a_final_assessment_takes_no_assignments():
    lead, reviewer, assessment = team()
    assessment.status = "final"
    assessment.save()
    with pytest.raises(ValidationError):
        assign_step(assessment, lead, [reviewer])


def test_unassign_and_update():
    lead, reviewer, assessment = team()
    (row,) = assign_step(assessment, lead, [reviewer])
    services.update_assignment(assignment=row, user=lead.user, due_date=today(), note=" x ")
    row.refresh_from_db()
    assert (row.due_date, row.note) == (today(), "x")
    with pytest.raises(PermissionDenied):
        services.unassign(assignment=row, user=reviewer.user)
    services.unassign(assignment=row, user=lead.user)
    assert not Assignment.objects.exists()


def test_progress_per_person_counts_answered_visible_questions_and_flags_overdue():
    lead, reviewer, assessment = team()
    yesterday = today() - dt.timedelta(days=1)
    assign_step(assessment, lead, [reviewer], due_date=yesterday)
    assign_step(assessment, lead, [lead], question_keys=["journey_mapped"], due_date=yesterday)
    answer(assessment, "journey_mapped", 2, lead.user)
    answer(assessment, "delivery_updates", "yes", reviewer.user)
    state = questionnaire.questionnaire_state(assessment)
    progress = selectors.team_progress(assessment, state)
    people = {p.user: p for p in progress.people}
    assert (people[reviewer.user].assigned, people[reviewer.user].answered) == (
        TOUCHPOINT_QUESTIONS,
        2,
    )
    assert people[reviewer.user].overdue is True
    assert people[reviewer.user].due_date == yesterday
    # the lead's one question is answered: late but done is not overdue
    assert (people[lead.user].assigned, people[lead.user].answered) == (1, 1)
    assert people[lead.user].overdue is False
    assert progress.people[0].user == reviewer.user  # overdue first
    assert progress.overdue == 1
    assert {s.assignment.assignee for s in progress.by_step[STEP]} == {reviewer.user, lead.user}
