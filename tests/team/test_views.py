"""The assignment pages and My work: per-role access, tenancy, the form's errors, progress
on the assessment and step pages, My work's sections and a constant number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.models import Assignment, Integration, RoadmapItem
from assessment.results import services as results
from assessment.testing.factories import IntegrationFactory, ToolFactory
from core.models import Notification
from core.testing.access import ALL_ROLES, Page, PageAccessTests, sign_in
from core.testing.factories import MembershipFactory
from tests.questionnaire.factories import AssessmentFactory
from tests.results.helpers import answer
from tests.team.helpers import STEP, assign_step

EDITORS = ("owner", "editor")


def today():
    return timezone.localdate()


def _assessment(membership):
    return {"assessment": AssessmentFactory(organisation=membership.organisation)}


def _foreign(membership):
    return _assessment(MembershipFactory())


def _assignment(membership):
    assessment = AssessmentFactory(organisation=membership.organisation)
    owner = MembershipFactory(organisation=membership.organisation, role="owner")
    (row,) = assign_step(assessment, owner, [membership])
    return {"assessment": assessment, "assignment": row}


def _foreign_assignment(membership):
    return _assignment(MembershipFactory())


def _assign_data(context):
    return {"assignees": [context["membership"].user.pk], "due_date": "2030-01-31"}


class TestAssignmentPages(PageAccessTests):
    pages = {
        "my_work": Page(reverse("my_work"), ALL_ROLES),
        "assign_form": Page(
            lambda c: reverse("assignment_add", args=[c["assessment"].pk, STEP]),
            EDITORS,
            setup=_assessment,
            foreign=_foreign,
        ),
        "assign": Page(
            lambda c: reverse("assignment_add", args=[c["assessment"].pk, STEP]),
            EDITORS,
            "post",
            data=_assign_data,
            ok=(302,),
            setup=_assessment,
            foreign=_foreign,
            changed=lambda c: Assignment.objects.filter(assessment=c["assessment"]).exists(),
        ),
        "unassign": Page(
            lambda c: reverse("assignment_delete", args=[c["assessment"].pk, c["assignment"].pk]),
            EDITORS,
            "post",
            ok=(302,),
            setup=_assignment,
            foreign=_foreign_assignment,
            changed=lambda c: not Assignment.objects.filter(pk=c["assignment"].pk).exists(),
        ),
    }


@pytest.mark.django_db
def test_an_unknown_step_is_a_404(client):
    membership = sign_in(client, "owner")
    assessment = AssessmentFactory(organisation=membership.organisation)
    response = client.get(reverse("assignment_add", args=[assessment.pk, "nope"]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_form_refuses_an_empty_choice_and_a_bad_date_with_messages(client):
    membership = sign_in(client, "editor")
    assessment = AssessmentFactory(organisation=membership.organisation)
    url = reverse("assignment_add", args=[assessment.pk, STEP])
    response = client.post(url, {"due_date": "31/31/2030"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose at least one member." in body
    assert "Enter a valid date." in body
    stranger = MembershipFactory()
    response = client.post(url, {"assignees": [stranger.user.pk]}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert 'id="assign-panel"' in response.content.decode()
    assert "<html" not in response.content.decode()
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_htmx_assign_answers_with_the_panel_listing_the_person(client):
    membership = sign_in(client, "editor")
    reviewer = MembershipFactory(organisation=membership.organisation, role="reviewer")
    assessment = AssessmentFactory(organisation=membership.organisation)
    url = reverse("assignment_add", args=[assessment.pk, STEP])
    response = client.post(
        url,
        {"assignees": [reviewer.user.pk], "question_keys": ["journey_mapped"], "note": "pls"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert reviewer.user.display_name in body and 'data-testid="step-assignments"' in body
    row = Assignment.objects.get()
    assert (row.assignee, row.question_key, row.note) == (reviewer.user, "journey_mapped", "pls")


@pytest.mark.django_db
def test_the_assessment_and_step_pages_show_who_is_assigned_and_progress(client):
    membership = sign_in(client, "editor")
    reviewer = MembershipFactory(organisation=membership.organisation, role="reviewer")
    assessment = AssessmentFactory(organisation=membership.organisation)
    detail = reverse("assessment_detail", args=[assessment.pk])
    step = reverse("assessment_step", args=[assessment.pk, STEP])
    assert "Nobody is assigned yet" in client.get(detail).content.decode()  # cached copy next
    assert "Assign this step" in client.get(step).content.decode()
    assign_step(assessment, membership, [reviewer], due_date=today() - dt.timedelta(days=2))
    answer(assessment, "journey_mapped", 2, reviewer.user)
    body = client.get(detail).content.decode()
    assert f'data-testid="person-{reviewer.user.pk}"' in body
    assert "1 overdue" in body and "Overdue" in body
    assert 'data-testid="assigned-touchpoints"' in body
    body = client.get(step).content.decode()
    assert 'data-testid="step-assignees"' in body and reviewer.user.display_name in body


@pytest.mark.django_db
def test_viewers_see_progress_but_no_assign_button(client):
    membership = sign_in(client, "viewer")
    assessment = AssessmentFactory(organisation=membership.organisation)
    body = client.get(reverse("assessment_step", args=[assessment.pk, STEP])).content.decode()
    assert "Assign this step" not in body


@pytest.mark.django_db
def test_my_work_is_in_the_navigation_and_says_what_to_do_when_empty(client):
    sign_in(client, "viewer")
    body = client.get(reverse("my_work")).content.decode()
    assert 'data-testid="my-work-empty"' in body
    assert f'href="{reverse("my_work")}"' in body
    assert 'data-testid="my-reviews"' not in body  # viewers do not review
    assert 'data-testid="my-mentions"' not in body


def _fill(membership, n):
    """n of each kind of work for the member."""
    organisation = membership.organisation
    lead = MembershipFactory(organisation=organisation, role="owner")
    for i in range(n):
        assessment = AssessmentFactory(organisation=organisation, title=f"A{i}")
        assign_step(assessment, lead, [membership], due_date=today() - dt.timedelta(days=i))
        item = results.add_item(assessment=assessment, data={"title": f"Item {i}"})
        RoadmapItem.objects.filter(pk=item.pk).update(
            owned_by=membership.user, due_date=today() - dt.timedelta(days=1)
        )
        tool = ToolFactory(
            organisation=organisation,
            owned_by=membership.user,
            renewal_date=today() + dt.timedelta(days=20 + i),
            notice_period_days=30,
        )
        IntegrationFactory(organisation=organisation, source=tool)
        Notification.objects.create(
            organisation=organisation,
            recipient=membership.user,
            kind="mention",
            key=f"mention:{Notification.objects.count()}",
            params={"by": "Dana"},
            url="/",
        )


@pytest.mark.django_db
def test_my_work_lists_every_section_in_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    membership = sign_in(client, "reviewer")
    _fill(membership, 1)
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("my_work"))
    _fill(membership, 4)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("my_work"))
    body = response.content.decode()
    for section in ("my-questions", "my-reviews", "my-roadmap", "my-renewals", "my-mentions"):
        assert f'data-testid="{section}"' in body, section
    assert "Notice passed" in body  # 30 days' notice, renewing in 20: already passed
    assert body.count("your tool") == Integration.objects.count()
    question = reverse("assessment_step", args=[1, STEP]).replace("/1/", "/")
    assert "#question-journey_mapped" in body and question.split("/")[-2] in body


@pytest.mark.django_db
def test_my_work_leaves_out_answered_questions_and_other_peoples_work(client):
    membership = sign_in(client, "editor")
    lead = MembershipFactory(organisation=membership.organisation, role="owner")
    other = MembershipFactory(organisation=membership.organisation, role="editor")
    assessment = AssessmentFactory(organisation=membership.organisation)
    assign_step(assessment, lead, [membership], question_keys=["journey_mapped", "ease_test"])
    assign_step(assessment, lead, [other], question_keys=["mobile_experience"])
    answer(assessment, "journey_mapped", 2, membership.user)
    body = client.get(reverse("my_work")).content.decode()
    assert 'data-testid="my-question-ease_test"' in body
    assert 'data-testid="my-question-journey_mapped"' not in body
    assert 'data-testid="my-question-mobile_experience"' not in body


@pytest.mark.django_db
def test_a_reviewer_answers_the_questions_assigned_to_them_and_no_others(client):
    membership = sign_in(client, "reviewer")
    lead = MembershipFactory(organisation=membership.organisation, role="owner")
    assessment = AssessmentFactory(organisation=membership.organisation)

    def post(key, value):
        url = reverse("answer_save", kwargs={"pk": assessment.pk, "question_key": key})
        data = {f"q-{key}-value": value, f"q-{key}-base_version": 0}
        return client.post(url, data, HTTP_HX_REQUEST="true")

    step = reverse("assessment_step", args=[assessment.pk, STEP])
    assert post("journey_mapped", 2).status_code == 403
    assert 'data-testid="assigned-notice"' not in client.get(step).content.decode()
    assign_step(assessment, lead, [membership], question_keys=["journey_mapped"])
    assert 'data-testid="assigned-notice"' in client.get(step).content.decode()
    assert post("journey_mapped", 2).status_code == 200
    assert assessment.answers.get(question_key="journey_mapped").value == 2
    assert post("segment_journeys", 2).status_code == 403  # not assigned
    assessment.status = "final"
    assessment.save()
    assert post("journey_mapped", 3).status_code == 403
