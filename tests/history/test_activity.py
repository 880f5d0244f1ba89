"""The Activity page (/activity/): every change in the organisation, newest first, with
filters (person, kind, through, dates), paging, an import as one row with its own page,
a CSV export of the filtered rows, and a constant number of queries."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessment.testing.factories import (
    IntegrationFactory,
    ToolCategoryFactory,
    ToolFactory,
    TouchpointFactory,
)
from core.history import selectors
from core.models import HistoryEntry
from core.testing.access import sign_in
from core.testing.factories import MembershipFactory, OrganisationFactory
from tests.history.helpers import entry, import_group

pytestmark = pytest.mark.django_db

ACTIVITY = reverse("activity")


def texts(response) -> str:
    return response.content.decode()


def test_every_role_reads_the_organisations_activity_and_only_its_own(client):
    membership = sign_in(client, "viewer")
    organisation = membership.organisation
    tool = ToolFactory(organisation=organisation, name="Hubspot")
    ToolFactory(organisation=OrganisationFactory(), name="Elsewhere")
    response = client.get(ACTIVITY)
    assert response.status_code == 200
    body = texts(response)
    assert "Hubspot" in body and "Elsewhere" not in body
    # the row links to the object through its "open" address, which leads to its page
    link = reverse("object_open", args=["assessment.tool", tool.pk])
    assert f'href="{link}"' in body
    assert client.get(link).url == tool.get_absolute_url()


@pytest.mark.parametrize("role", ["viewer", "reviewer", "editor", "owner"])
def test_a_rows_link_leads_to_the_object_or_once_gone_its_history(client, role):
    membership = sign_in(client, role)
    organisation = membership.organisation
    tool = ToolFactory(organisation=organisation, name="Kept")
    gone = ToolFactory(organisation=organisation, name="Gone")
    category = ToolCategoryFactory(organisation=organisation, name="Data")
    gone_pk = gone.pk
    gone.delete()
    open_ = lambda label, pk: client.get(reverse("object_open", args=[label, pk]))  # noqa: E731
    assert open_("assessment.tool", tool.pk).url == tool.get_absolute_url()
    assert open_("assessment.tool", gone_pk).url == reverse(
        "object_history", args=["assessment.tool", gone_pk]
    )
    # no page of its own (a category lives on the taxonomy page): its History
    response = open_("assessment.toolcategory", category.pk)
    assert response.status_code == 302
    assert response.url in (
        category.get_absolute_url() if hasattr(category, "get_absolute_url") else "",
        reverse("object_history", args=["assessment.toolcategory", category.pk]),
    )
    # another organisation's object, an untracked model, nothing ever there: 404
    foreign = ToolFactory(organisation=OrganisationFactory(), name="Theirs")
    assert open_("assessment.tool", foreign.pk).status_code == 404
    assert open_("core.user", membership.user.pk).status_code == 404
    assert open_("assessment.tool", 999999).status_code == 404


def test_the_open_link_needs_a_signed_in_member(client):
    tool = ToolFactory(name="Private")
    response = client.get(reverse("object_open", args=["assessment.tool", tool.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_changes_read_with_labels_choices_and_names(client):
    membership = sign_in(client, "editor")
    organisation = membership.organisation
    first, second = ToolCategoryFactory(organisation=organisation, name="Data"), None
    second = ToolCategoryFactory(organisation=organisation, name="Content")
    tool = ToolFactory(organisation=organisation, name="CRM", category=first)
    entry(
        organisation,
        tool,
        changes={"category": [first.pk, second.pk], "status": ["active", "retired"]},
        actor=membership.user,
        source="page",
    )
    body = texts(client.get(ACTIVITY))
    assert "Category" in body and ">Data</del>" in body and ">Content</span>" in body
    assert ">Active</del>" in body and ">Retired</span>" in body
    assert str(membership.user) in body and "through page" in body


def test_filters_by_person_kind_through_and_dates(client):
    membership = sign_in(client, "owner")
    organisation = membership.organisation
    colleague = MembershipFactory(organisation=organisation)
    tool = ToolFactory(organisation=organisation)
    touchpoint = TouchpointFactory(organisation=organisation)
    HistoryEntry.objects.filter(organisation=organisation).delete()  # the factories' own
    mine = entry(organisation, tool, actor=membership.user, source="page", object_repr="T")
    theirs = entry(organisation, touchpoint, actor=colleague.user, source="api")
    old = entry(organisation, tool, actor=colleague.user, source="import")
    HistoryEntry.objects.filter(pk=old.pk).update(timestamp=timezone.now() - dt.timedelta(days=40))

    def shown(**params):
        response = client.get(ACTIVITY, params)
        assert response.status_code == 200
        return {row.entry.pk for row in response.context["rows"]}

    assert shown(actor=membership.user.pk) == {mine.pk}
    assert shown(actor=colleague.user.pk) == {theirs.pk, old.pk}
    assert shown(kind="assessment.touchpoint") == {theirs.pk}
    assert shown(source="api") == {theirs.pk}
    since = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    assert old.pk not in shown(date_from=since)
    until = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    assert shown(date_to=until) == {old.pk}
    # the person filter offers members only; a stranger or bad input is an error, not a 500
    stranger = MembershipFactory(organisation=OrganisationFactory())
    for params in ({"actor": stranger.user.pk}, {"kind": "auth.user"}, {"date_from": "soon"}):
        response = client.get(ACTIVITY, params)
        assert response.status_code == 200
        assert response.context["filterset"].errors
    # the kind filter names the models readably
    choices = dict(response.context["filterset"].form.fields["kind"].choices)
    assert choices["assessment.tool"] == "Tools"


def test_an_import_is_one_row_with_a_page_of_its_rows(client):
    membership = sign_in(client, "reviewer")
    organisation = membership.organisation
    group = import_group(organisation, actor=membership.user, created=1, updated=1)
    created = ToolFactory(organisation=organisation, name="Imported CRM")
    HistoryEntry.objects.filter(organisation=organisation).exclude(pk=group.pk).update(parent=group)
    response = client.get(ACTIVITY)
    rows = response.context["rows"]
    assert [row.entry.pk for row in rows if row.entry.parent_id] == []
    body = texts(response)
    assert "Imported tools.csv: 1 created, 1 updated, 0 deleted, 0 unchanged" in body
    assert reverse("activity_detail", args=[group.pk]) in body
    detail = client.get(reverse("activity_detail", args=[group.pk]))
    assert detail.status_code == 200
    assert "Imported CRM" in texts(detail)
    # the tool's own History shows the row, through the import
    history = client.get(reverse("object_history", args=["assessment.tool", created.pk]))
    assert "via import tools.csv" in texts(history)


def test_another_organisations_entry_is_404(client):
    sign_in(client, "owner")
    foreign = import_group(OrganisationFactory())
    assert client.get(reverse("activity_detail", args=[foreign.pk])).status_code == 404


def test_pages_of_fifty_newest_first(client):
    membership = sign_in(client, "viewer")
    organisation = membership.organisation
    tool = ToolFactory(organisation=organisation)
    HistoryEntry.objects.filter(organisation=organisation).delete()
    made = [entry(organisation, tool, changes={"name": [str(i), str(i + 1)]}) for i in range(60)]
    first = client.get(ACTIVITY)
    ids = [row.entry.pk for row in first.context["rows"]]
    assert ids == [e.pk for e in reversed(made)][:50]
    assert first.context["page_obj"].has_next
    second = client.get(ACTIVITY, {"page": 2})
    assert [row.entry.pk for row in second.context["rows"]] == [e.pk for e in reversed(made)][50:]
    assert not second.context["page_obj"].has_next
    assert client.get(ACTIVITY, {"page": "x"}).status_code == 200
    # htmx asks for the results only
    partial = client.get(ACTIVITY, {"page": 2}, headers={"HX-Request": "true"})
    assert texts(partial).lstrip().startswith('<div id="results"')


def test_the_csv_export_has_the_filtered_rows_readably(client):
    membership = sign_in(client, "viewer")
    organisation = membership.organisation
    tool = ToolFactory(organisation=organisation, name="=HYPERLINK()")
    entry(organisation, tool, changes={"status": ["active", "retired"]}, source="api")
    response = client.get(reverse("activity_export"), {"source": "api"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["When", "Who", "Through", "Action", "Kind", "Object", "Changes"]
    assert len(rows) == 2
    assert rows[1][1:] == [
        "System",
        "API",
        "changed",
        "Tool",
        "'=HYPERLINK()",
        "Status: Active → Retired",
    ]


def test_the_csv_export_streams_past_one_chunk(client, monkeypatch):
    from core.views.activity import ActivityExportView

    monkeypatch.setattr(ActivityExportView, "chunk", 7)
    membership = sign_in(client, "viewer")
    organisation = membership.organisation
    tool = ToolFactory(organisation=organisation)
    HistoryEntry.objects.filter(organisation=organisation).delete()
    for i in range(20):
        entry(organisation, tool, changes={"name": [str(i), str(i + 1)]})
    response = client.get(reverse("activity_export"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 21


def _fill(organisation, user, count: int) -> None:
    """`count` rows of various kinds: tools, integrations, touchpoints, categories, with
    related ids in their changes (named through one query per related model)."""
    categories = [ToolCategoryFactory(organisation=organisation) for _ in range(3)]
    tools = [ToolFactory(organisation=organisation) for _ in range(3)]
    integration = IntegrationFactory(organisation=organisation, source=tools[0], target=tools[1])
    touchpoint = TouchpointFactory(organisation=organisation)
    HistoryEntry.objects.filter(organisation=organisation).delete()
    group = import_group(organisation, actor=user, created=2)
    for i in range(count):
        kind = i % 4
        if kind == 0:
            entry(
                organisation,
                tools[i % 3],
                changes={"category": [categories[i % 3].pk, categories[(i + 1) % 3].pk]},
                actor=user,
            )
        elif kind == 1:
            entry(
                organisation,
                integration,
                changes={"target": [tools[1].pk, tools[2].pk], "method": ["api", "native"]},
            )
        elif kind == 2:
            entry(
                organisation,
                touchpoint,
                changes={"tools": {"type": "m2m", "operation": "add", "objects": ["A"]}},
                actor=user,
                source="api",
            )
        else:
            entry(organisation, categories[0], changes={"name": ["a", "b"]}, parent=group)


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def test_the_activity_page_runs_as_many_queries_for_200_rows_as_for_10(client):
    membership = sign_in(client, "owner")
    small, large = membership.organisation, OrganisationFactory()
    MembershipFactory(organisation=large, user=membership.user, role="owner")
    _fill(small, membership.user, 10)
    few = _queries(client, ACTIVITY)
    few_filtered = _queries(client, ACTIVITY, {"actor": membership.user.pk, "source": "page"})
    switch = reverse("organisation_switch", args=[large.pk])
    client.post(switch)
    _fill(large, membership.user, 200)
    assert selectors.activity(large).count() > 50
    assert _queries(client, ACTIVITY) == few
    assert _queries(client, ACTIVITY, {"actor": membership.user.pk, "source": "page"}) == (
        few_filtered
    )
    assert few <= 20, few


def test_an_object_history_runs_as_many_queries_for_many_entries(client):
    membership = sign_in(client, "owner")
    organisation = membership.organisation
    _fill(organisation, membership.user, 8)
    tool = HistoryEntry.objects.filter(organisation=organisation, action=1).first()
    url = reverse(
        "object_history",
        args=[tool.content_type.natural_key()[0] + "." + tool.content_type.model, tool.object_id],
    )
    few = _queries(client, url)
    _fill(organisation, membership.user, 80)
    tool = HistoryEntry.objects.filter(organisation=organisation, action=1).first()
    url = reverse("object_history", args=["assessment." + tool.content_type.model, tool.object_id])
    assert _queries(client, url) == few
