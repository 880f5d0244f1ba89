"""`/api/v1/threads/` and `/api/v1/comments/` per role (core.testing.api matrices), and the
author-only edit through the API."""

import pytest
from django.urls import reverse

from assessment.comments import services
from assessment.models import Comment, Thread
from assessment.testing.factories import ToolFactory
from core.models import Notification
from core.testing.access import ALL_ROLES
from core.testing.api import APITestCases, api_client_for
from core.testing.factories import MembershipFactory
from tests.comments.helpers import first_question, people, tool_thread
from tests.questionnaire.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def _thread(organisation):
    author = MembershipFactory(organisation=organisation, role="editor")
    return tool_thread(author)


class TestThreadAPI(
    APITestCases.List,
    APITestCases.Retrieve,
    APITestCases.Create,
    APITestCases.Update,
):
    basename = "api-thread"
    model = Thread
    roles = {"view": ALL_ROLES, "add": ALL_ROLES, "change": ALL_ROLES}

    def make_object(self, organisation):
        return _thread(organisation)

    def create_data(self, organisation):
        tool = ToolFactory(organisation=organisation)
        return {"target": "tool", "tool": tool.pk, "body": "Still needed?"}

    def update_data(self, obj):
        return {"resolved": True}


class TestCommentAPI(
    APITestCases.List,
    APITestCases.Retrieve,
    APITestCases.Create,
    APITestCases.Update,
    APITestCases.Delete,
):
    basename = "api-comment"
    model = Comment
    # someone else's comment: nobody edits it; an owner deletes it (moderation)
    roles = {"view": ALL_ROLES, "add": ALL_ROLES, "change": (), "delete": ("owner",)}

    def make_object(self, organisation):
        return _thread(organisation).comments.get()

    def create_data(self, organisation):
        return {"thread": _thread(organisation).pk, "body": "A reply"}

    def update_data(self, obj):
        return {"body": "Changed"}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_author_edits_and_deletes_their_comment(role):
    client, membership = api_client_for(role)
    thread = tool_thread(membership)
    comment = thread.comments.get()
    url = reverse("api-comment-detail", args=[comment.pk])
    response = client.patch(url, {"body": "Edited"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["body"] == "Edited" and response.json()["edited_at"]
    reply = services.add_comment(thread=thread, user=membership.user, body="second")
    assert client.delete(reverse("api-comment-detail", args=[reply.pk])).status_code == 204


def test_a_question_thread_through_the_api_tells_the_mentioned():
    lead, reviewer = people()
    from rest_framework.test import APIClient

    from core import services as core_services

    _row, token = core_services.create_api_token(membership=lead, name="t")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assessment = AssessmentFactory(organisation=lead.organisation)
    key = first_question(assessment)
    response = client.post(
        reverse("api-thread-list"),
        {"target": "question", "assessment": assessment.pk, "question_key": key, "body": "@rita?"},
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["comments"][0]["mentions"] == [reviewer.user.pk]
    assert Notification.objects.filter(recipient=reviewer.user, kind="mention").exists()
    listed = client.get(reverse("api-thread-list") + f"?assessment={assessment.pk}&open=true")
    assert [t["id"] for t in listed.json()["results"]] == [data["id"]]


def test_bad_thread_input_is_a_400():
    client, membership = api_client_for("editor")
    tool = ToolFactory(organisation=membership.organisation)
    foreign = ToolFactory()
    url = reverse("api-thread-list")
    assert client.post(url, {"target": "tool", "body": "x"}, format="json").status_code == 400
    assert client.post(url, {"target": "tool", "tool": tool.pk}, format="json").status_code == 400
    response = client.post(url, {"target": "tool", "tool": foreign.pk, "body": "x"}, format="json")
    assert response.status_code == 400
    assert client.get(url + "?open=maybe").status_code == 400
    thread = tool_thread(membership, tool=tool)
    detail = reverse("api-thread-detail", args=[thread.pk])
    assert client.patch(detail, {"tool": tool.pk}, format="json").status_code == 400
