"""Every object's History (issue 15): the section on the object's page loads lazily (the
page runs no query for it), the History page lists its entries readably, an import's rows
say "via import <file>", restoring an earlier version is offered to those who may change
the object; and the per-role access matrix of the history pages (another organisation's
object or entry is a 404 for every role)."""

import pytest
from django.urls import reverse

from assessment.models import RoadmapItem, Tool
from assessment.testing.factories import (
    IntegrationFactory,
    ToolCategoryFactory,
    ToolFactory,
    TouchpointFactory,
)
from core.models import HistoryEntry, Role
from core.testing.access import ALL_ROLES, Page, PageAccessTests, sign_in
from core.testing.factories import OrganisationFactory
from tests.history.helpers import entry, import_group
from tests.questionnaire.factories import AssessmentFactory
from tests.results.helpers import answer, make_assessment

pytestmark = pytest.mark.django_db

EDITORS = (Role.OWNER, Role.EDITOR)


def history_url(obj) -> str:
    return reverse("object_history", args=[obj._meta.label_lower, obj.pk])


def edited_tool(organisation, name="CRM"):
    """A tool saved twice: its first update entry is a version to go back to."""
    tool = ToolFactory(organisation=organisation, name=name)
    tool.name = f"{name} v2"
    tool.save()
    tool.name = f"{name} v3"
    tool.save()
    first = (
        HistoryEntry.objects.filter(object_id=tool.pk, action=1, content_type__model="tool")
        .order_by("pk")
        .first()
    )
    return tool, first


# -- the per-role matrix ------------------------------------------------------------------


def _tool(membership):
    tool, first = edited_tool(membership.organisation)
    return {"tool": tool, "entry": first}


def _foreign_tool(membership):
    tool, first = edited_tool(OrganisationFactory(), name="Theirs")
    return {"tool": tool, "entry": first}


def _import(membership):
    return {"entry": import_group(membership.organisation)}


def _foreign_import(membership):
    return {"entry": import_group(OrganisationFactory())}


def _restored(context) -> bool:
    context["tool"].refresh_from_db()
    return context["tool"].name == "CRM v2" or context["tool"].name == "Theirs v2"


class TestHistoryPages(PageAccessTests):
    pages = {
        "activity": Page(reverse("activity"), ALL_ROLES),
        "activity_export": Page(reverse("activity_export"), ALL_ROLES),
        "activity_detail": Page(
            lambda c: reverse("activity_detail", args=[c["entry"].pk]),
            ALL_ROLES,
            setup=_import,
            foreign=_foreign_import,
        ),
        "object_history": Page(
            lambda c: history_url(c["tool"]), ALL_ROLES, setup=_tool, foreign=_foreign_tool
        ),
        "restore": Page(
            lambda c: reverse("history_restore", args=[c["entry"].pk]),
            EDITORS,
            "post",
            ok=(302,),
            setup=_tool,
            changed=_restored,
            foreign=_foreign_tool,
        ),
    }


# -- the History section and page ---------------------------------------------------------


def test_each_detail_page_has_a_lazy_history_section(client):
    membership = sign_in(client, "viewer")
    organisation = membership.organisation
    tool = ToolFactory(organisation=organisation)
    objects = [
        tool,
        IntegrationFactory(organisation=organisation, source=tool),
        TouchpointFactory(organisation=organisation),
        ToolCategoryFactory(organisation=organisation),
        AssessmentFactory(organisation=organisation),
    ]
    for obj in objects:
        page = client.get(obj.get_absolute_url())
        assert page.status_code == 200, obj
        body = page.content.decode()
        assert 'data-testid="history-section"' in body, obj
        assert f'hx-get="{history_url(obj)}"' in body, obj
        assert 'hx-trigger="toggle once"' in body
        part = client.get(history_url(obj), headers={"HX-Request": "true"})
        assert part.status_code == 200
        assert 'data-testid="object-history"' in part.content.decode()
        assert "<html" not in part.content.decode()


def test_a_roadmap_item_and_an_answer_link_their_history(client):
    from assessment.results import services

    membership = sign_in(client, "editor")
    organisation = membership.organisation
    assessment = make_assessment(organisation, user=membership.user)
    services.compute_results(assessment)
    item = RoadmapItem.objects.filter(assessment=assessment).first()
    board = client.get(reverse("assessment_roadmap", args=[assessment.pk]))
    assert history_url(item) in board.content.decode()
    assert client.get(history_url(item)).status_code == 200
    saved = answer(assessment, "buyer_needs", 3, membership.user)
    step = client.get(reverse("assessment_step", args=[assessment.pk, "current_state"]))
    assert step.status_code == 200
    body = step.content.decode()
    assert 'data-testid="answer-history"' in body
    assert reverse("object_history", args=["assessment.answer", saved.pk]) in body
    part = client.get(
        reverse("object_history", args=["assessment.answer", saved.pk]),
        headers={"HX-Request": "true"},
    )
    assert part.status_code == 200 and "history-entry" in part.content.decode()


def test_the_history_reads_who_what_and_through_what(client):
    from core.history.context import attributed

    membership = sign_in(client, "editor")
    tool = ToolFactory(organisation=membership.organisation, name="Mailer")
    tool.status = "retired"
    tool.save()
    with attributed(actor=membership.user, source="api"):
        tool.system_of_record = True
        tool.save()
    body = client.get(history_url(tool)).content.decode()
    assert "Status" in body and ">Active</del>" in body and ">Retired</span>" in body
    assert "through system" in body  # saved outside a request: the system
    assert str(membership.user) in body and "through API" in body and ">Yes</span>" in body


def test_the_history_of_a_deleted_object_stays_readable_and_others_are_404(client):
    membership = sign_in(client, "viewer")
    tool = ToolFactory(organisation=membership.organisation, name="Gone soon")
    url = history_url(tool)
    tool.delete()
    response = client.get(url)
    assert response.status_code == 200
    assert "Gone soon" in response.content.decode()
    assert client.get(reverse("object_history", args=["assessment.tool", 999999])).status_code == (
        404
    )
    assert client.get(reverse("object_history", args=["auth.group", 1])).status_code == 404
    assert client.get(reverse("object_history", args=["core.user", 1])).status_code == 404


def test_restore_is_offered_to_those_who_may_change_the_object(client):
    membership = sign_in(client, "editor")
    tool, first = edited_tool(membership.organisation)
    body = client.get(history_url(tool)).content.decode()
    assert reverse("history_restore", args=[first.pk]) in body
    # every earlier version, the created one too; not the newest: the tool is in it
    entries = list(HistoryEntry.objects.filter(object_id=tool.pk, content_type__model="tool"))
    created = next(e for e in entries if e.action == 0)
    newest = max(entries, key=lambda e: (e.timestamp, e.pk))
    assert reverse("history_restore", args=[created.pk]) in body
    assert reverse("history_restore", args=[newest.pk]) not in body
    assert body.count('data-testid="history-restore"') == len(entries) - 1
    viewer = sign_in(client, "viewer", membership.organisation)
    assert viewer.role == "viewer"
    body = client.get(history_url(tool)).content.decode()
    assert 'data-testid="history-restore"' not in body


def test_restoring_applies_the_version_and_says_so(client):
    membership = sign_in(client, "editor")
    tool, first = edited_tool(membership.organisation)
    response = client.post(reverse("history_restore", args=[first.pk]), follow=True)
    assert response.status_code == 200
    tool.refresh_from_db()
    assert tool.name == "CRM v2"
    assert "Restored" in response.content.decode()
    # the same version again changes nothing: the service's message, not a 500
    response = client.post(reverse("history_restore", args=[first.pk]), follow=True)
    assert response.status_code == 200
    assert "nothing was changed" in response.content.decode()
    # a create entry of a model that is not restorable: 404
    category = ToolCategoryFactory(organisation=membership.organisation)
    created = HistoryEntry.objects.filter(object_id=category.pk, content_type__model="toolcategory")
    assert client.post(reverse("history_restore", args=[created.first().pk])).status_code == 404


def test_an_imports_rows_say_so_on_the_objects_history(client):
    membership = sign_in(client, "viewer")
    organisation = membership.organisation
    group = import_group(organisation)
    tool = ToolFactory(organisation=organisation)
    entry(organisation, tool, changes={"name": ["a", "b"]}, parent=group, source="import")
    assert "via import tools.csv" in client.get(history_url(tool)).content.decode()
    assert Tool.objects.filter(pk=tool.pk).exists()
