"""/api/v1/history/ (issue 15): every role reads its organisation's history, with the
changes as stored and as people read them, filtered by person, kind, through, time and
object; POST /api/v1/history/{id}/restore/ restores a version for those who may change the
object. Another organisation's entry is a 404 for every role."""

import pytest
from django.urls import reverse

from assessment.models import Tool
from assessment.testing.factories import ToolCategoryFactory, ToolFactory, TouchpointFactory
from core.models import ApiToken, HistoryEntry, Role
from core.testing.access import ALL_ROLES
from core.testing.api import Action, APITestCases, api_client_for
from core.testing.factories import MembershipFactory, OrganisationFactory
from tests.history.helpers import entry, import_group

EDITORS = (Role.OWNER, Role.EDITOR)


def edited_tool(organisation, name="CRM"):
    tool = ToolFactory(organisation=organisation, name=name)
    for suffix in ("v2", "v3"):
        tool.name = f"{name} {suffix}"
        tool.save()
    first = HistoryEntry.objects.filter(
        object_id=tool.pk, content_type__model="tool", action=1
    ).order_by("pk")
    return tool, first.first()


class TestHistoryAPI(APITestCases.ReadOnly, APITestCases.DetailActions):
    """The per-role matrix (tests/api/test_matrix.py): every role reads; restoring a tool's
    version is for those who may change tools."""

    basename = "api-history"
    model = HistoryEntry
    roles = {"view": ALL_ROLES, "change": EDITORS}
    detail_actions = {"restore": Action("post", "change")}

    def make_object(self, organisation):
        _tool, first = edited_tool(organisation)
        return first

    @staticmethod
    def row_state(obj):
        """What a refused restore must leave as it was: the tool."""
        return Tool.objects.filter(pk=obj.object_id).values().first()


pytestmark = pytest.mark.django_db

LIST = reverse("api-history-list")


def test_entries_read_raw_and_readable():
    client, membership = api_client_for("viewer")
    organisation = membership.organisation
    first, second = (ToolCategoryFactory(organisation=organisation, name=n) for n in "AB")
    tool = ToolFactory(organisation=organisation, name="CRM", category=first)
    row = entry(
        organisation,
        tool,
        changes={"category": [first.pk, second.pk], "system_of_record": [None, True]},
        actor=membership.user,
        source="api",
        token=ApiToken.objects.filter(user=membership.user).first(),
    )
    body = client.get(reverse("api-history-detail", args=[row.pk])).json()
    assert body["action"] == "update" and body["source"] == "api"
    assert body["object_type"] == "assessment.tool" and body["object_id"] == tool.pk
    assert body["changes"]["category"] == [first.pk, second.pk]
    readable = {c["field"]: c for c in body["readable_changes"]}
    assert readable["category"]["label"] == "Category"
    assert (readable["category"]["old"], readable["category"]["new"]) == ("A", "B")
    assert readable["system_of_record"]["new"] == "Yes"
    assert body["summary"] == "Category: A → B; Holds the customer profile: Yes"
    assert body["actor"] == membership.user.pk and body["token"] == "tests"
    assert body["actor_name"] == f"API token tests of {membership.user}"


def test_filters_and_the_import_group():
    client, membership = api_client_for("reviewer")
    organisation = membership.organisation
    colleague = MembershipFactory(organisation=organisation)
    tool = ToolFactory(organisation=organisation)
    touchpoint = TouchpointFactory(organisation=organisation)
    HistoryEntry.objects.filter(organisation=organisation).delete()
    a = entry(organisation, tool, actor=membership.user, source="page")
    b = entry(organisation, touchpoint, actor=colleague.user, source="api")
    group = import_group(organisation, created=1)
    c = entry(organisation, tool, source="import", parent=group)

    def ids(**params):
        response = client.get(LIST, params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [c.pk, group.pk, b.pk, a.pk]
    assert ids(actor=colleague.user.pk) == [b.pk]
    assert ids(kind="assessment.touchpoint") == [b.pk]
    assert ids(source="import") == [c.pk, group.pk]
    assert ids(object_type="assessment.tool", object_id=tool.pk) == [c.pk, a.pk]
    assert ids(since="2000-01-01T00:00:00Z") == [c.pk, group.pk, b.pk, a.pk]
    assert ids(until="2000-01-01T00:00:00Z") == []
    summary = client.get(reverse("api-history-detail", args=[group.pk])).json()["summary"]
    assert summary == "Imported tools.csv: 1 created, 0 updated, 0 deleted, 0 unchanged"
    # a person of another organisation, an unknown kind, a bad time: 400, not a 500
    stranger = MembershipFactory(organisation=OrganisationFactory())
    for params in ({"actor": stranger.user.pk}, {"kind": "auth.user"}, {"since": "soon"}):
        assert client.get(LIST, params).status_code == 400, params


def test_the_list_runs_as_many_queries_for_many_entries(django_assert_max_num_queries):
    client, membership = api_client_for("viewer")
    organisation = membership.organisation
    categories = [ToolCategoryFactory(organisation=organisation) for _ in range(3)]
    tool = ToolFactory(organisation=organisation)
    for i in range(40):
        entry(
            organisation,
            tool,
            changes={"category": [categories[i % 3].pk, categories[(i + 1) % 3].pk]},
        )
    with django_assert_max_num_queries(14):
        assert client.get(LIST).status_code == 200


def test_restore_applies_the_version_and_refuses_what_it_cannot():
    client, membership = api_client_for("editor")
    tool, first = edited_tool(membership.organisation)
    url = reverse("api-history-restore", args=[first.pk])
    response = client.post(url)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "object_type": "assessment.tool",
        "object_id": tool.pk,
        "object_repr": "CRM v2",
    }
    again = client.post(url)
    assert again.status_code == 400
    assert "nothing was changed" in str(again.json())
    category = ToolCategoryFactory(organisation=membership.organisation)
    created = HistoryEntry.objects.filter(object_id=category.pk, content_type__model="toolcategory")
    refused = client.post(reverse("api-history-restore", args=[created.first().pk]))
    assert refused.status_code == 400


def test_the_schema_documents_the_history():
    from django.test import Client

    membership = MembershipFactory()
    web = Client()
    web.force_login(membership.user)
    schema = web.get(reverse("api-schema")).content.decode()
    assert "/api/v1/history/" in schema and "/api/v1/history/{id}/restore/" in schema
    assert "readable_changes" in schema
