"""/api/v1/assignments/ and /api/v1/my-work/: every role reads, owners and editors assign,
change and remove; another organisation's are a 404; bad input is a clear 400."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.models import Assignment
from core.models import Notification
from core.testing.access import ALL_ROLES
from core.testing.api import APITestCases, api_client_for
from core.testing.factories import MembershipFactory
from tests.questionnaire.factories import AssessmentFactory
from tests.team.helpers import STEP, assign_step

EDITORS = ("owner", "editor")
LIST = reverse("api-assignment-list")
MY_WORK = reverse("api-mywork-list")


def make_assignment(organisation, **kwargs):
    assessment = AssessmentFactory(organisation=organisation)
    lead = MembershipFactory(organisation=organisation, role="owner")
    person = MembershipFactory(organisation=organisation, role="reviewer")
    (row,) = assign_step(assessment, lead, [person], **kwargs)
    return row


class TestAssignmentAPI(APITestCases.AllEndpoints):
    basename = "api-assignment"
    model = Assignment
    roles = {"view": ALL_ROLES, "add": EDITORS, "change": EDITORS, "delete": EDITORS}

    def make_object(self, organisation):
        return make_assignment(organisation)

    def create_data(self, organisation):
        assessment = AssessmentFactory(organisation=organisation)
        person = MembershipFactory(organisation=organisation, role="viewer")
        return {"assessment": assessment.pk, "step": STEP, "assignee": person.user.pk}

    def update_data(self, obj):
        return {"due_date": "2030-01-31", "note": "Soon"}


class TestMyWorkAPI(APITestCases.List):
    """Every role reads its own work; one object of sections, not a list of rows."""

    basename = "api-mywork"
    roles = {"view": ALL_ROLES}

    @pytest.mark.parametrize("role", ALL_ROLES)
    @pytest.mark.django_db
    def test_list(self, role):
        client, membership = api_client_for(role)
        lead = MembershipFactory(organisation=membership.organisation, role="owner")
        assessment = AssessmentFactory(organisation=membership.organisation, title="Mine")
        assign_step(assessment, lead, [membership], question_keys=["journey_mapped"], due_date=None)
        foreign = MembershipFactory()
        other = AssessmentFactory(organisation=foreign.organisation, title="Theirs")
        owner = MembershipFactory(organisation=foreign.organisation, role="owner")
        assign_step(other, owner, [foreign])
        body = client.get(MY_WORK).json()
        assert [q["question_key"] for q in body["questions"]] == ["journey_mapped"]
        assert body["questions"][0]["assessment_title"] == "Mine"
        assert body["question_count"] == 1
        assert set(body) == {
            "questions",
            "question_count",
            "reviews",
            "review_count",
            "roadmap",
            "renewals",
            "mentions",
        }


@pytest.mark.django_db
def test_create_tells_the_member_and_answers_with_the_row():
    client, membership = api_client_for("editor")
    person = MembershipFactory(organisation=membership.organisation, role="reviewer")
    assessment = AssessmentFactory(organisation=membership.organisation)
    response = client.post(
        LIST,
        {
            "assessment": assessment.pk,
            "step": STEP,
            "question_key": "journey_mapped",
            "assignee": person.user.pk,
            "due_date": "2030-01-31",
            "note": "Please",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["assignee"] == person.user.pk
    assert body["assignee_name"] == person.user.display_name
    assert body["assigned_by"] == membership.user.pk
    assert body["question_key"] == "journey_mapped" and body["due_date"] == "2030-01-31"
    assert Notification.objects.filter(recipient=person.user, kind="assigned").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"assignee": "stranger"}, "assignee"),
        ({"assignee": 10**9}, "assignee"),
        ({"assignee": "1"}, "assignee"),
        ({"step": "nope"}, "step"),
        ({"question_key": "buyer_needs"}, "question_key"),
        ({"assessment": "foreign"}, "assessment"),
        ({"due_date": "31/12/2030"}, "due_date"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(change, field):
    client, membership = api_client_for("owner")
    organisation = membership.organisation
    person = MembershipFactory(organisation=organisation, role="viewer")
    assessment = AssessmentFactory(organisation=organisation)
    data = {"assessment": assessment.pk, "step": STEP, "assignee": person.user.pk, **change}
    if data["assignee"] == "stranger":
        data["assignee"] = MembershipFactory().user.pk
    if data["assessment"] == "foreign":
        data["assessment"] = AssessmentFactory().pk
    response = client.post(LIST, data, format="json")
    assert response.status_code == 400, response.json()
    assert field in str(response.json())
    if field == "assignee" and change["assignee"] == "stranger":
        assert "Only members of this organisation" in str(response.json())
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_filters_by_assessment_and_assignee():
    client, membership = api_client_for("viewer")
    organisation = membership.organisation
    mine = make_assignment(organisation)
    lead = MembershipFactory(organisation=organisation, role="owner")
    (for_me,) = assign_step(mine.assessment, lead, [membership])
    other = make_assignment(organisation)

    def ids(query):
        response = client.get(LIST, query)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids({"assessment": mine.assessment_id}) == {mine.pk, for_me.pk}
    assert ids({"assignee": "me"}) == {for_me.pk}
    assert ids({"assignee": other.assignee_id}) == {other.pk}
    assert ids({"step": STEP}) == {mine.pk, for_me.pk, other.pk}
    for bad in ({"assessment": "x"}, {"assignee": "you"}, {"step": "nope"}):
        assert client.get(LIST, bad).status_code == 400


@pytest.mark.django_db
def test_patch_may_not_move_an_assignment_to_another_step():
    client, membership = api_client_for("editor")
    row = make_assignment(membership.organisation)
    url = reverse("api-assignment-detail", args=[row.pk])
    response = client.patch(url, {"step": "gaps"}, format="json")
    assert response.status_code == 400
    assert "step" in response.json()["error"]["fields"] or "step" in str(response.json())
    today = timezone.localdate()
    response = client.patch(
        url, {"due_date": (today + dt.timedelta(days=1)).isoformat()}, format="json"
    )
    assert response.status_code == 200
