"""Decisions on many discovered tools at once, and undoing a decision (one or many)."""

import re

import pytest
from django.urls import reverse

from assessment.models import DiscoveredState, DiscoveredTool, Integration, Tool
from assessment.scans import services
from assessment.testing.factories import ToolFactory
from core import undo
from core.models import UndoToken
from core.services import ServiceError
from core.testing.factories import MembershipFactory

from .test_views import HTMX, _scanned

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(signed_in):
    from assessment.inventory.services import seed_taxonomy

    membership = signed_in("editor")
    seed_taxonomy(organisation=membership.organisation)
    return membership


def _rows(organisation):
    return {d.slug: d for d in DiscoveredTool.objects.filter(organisation=organisation)}


def _undo(membership, token):
    return undo.apply(key=token.key, organisation=membership.organisation, membership=membership)


def test_adding_several_at_once_refuses_only_the_rows_that_cannot_be_added(editor):
    org = editor.organisation
    _scanned(org, ("hotjar", "analytics"), ("intercom", "live-chat"), ("hubspot", "crm"))
    ToolFactory(organisation=org, name="Intercom")  # same name: link instead
    rows = _rows(org)
    decided = services.decide_discovered(
        organisation=org, user=editor.user, ids=[r.pk for r in rows.values()], action="add"
    )
    assert sorted(d.slug for d in decided.done) == ["hotjar", "hubspot"]
    assert len(decided.refused) == 1 and "Intercom" in decided.refused[0]
    assert decided.undo is not None
    assert set(Tool.objects.filter(organisation=org).values_list("name", flat=True)) == {
        "Hotjar",
        "HubSpot",
        "Intercom",
    }


def test_undoing_an_add_removes_the_new_tools_and_puts_the_rows_back(editor):
    org = editor.organisation
    _scanned(org, ("hotjar", "analytics"), ("hubspot", "crm"))
    ids = [r.pk for r in _rows(org).values()]
    decided = services.decide_discovered(organisation=org, user=editor.user, ids=ids, action="add")
    undone = _undo(editor, decided.undo)
    assert "2 discovered tools are back" in undone.message
    assert not Tool.objects.filter(organisation=org).exists()
    assert {(r.state, r.tool_id) for r in _rows(org).values()} == {(DiscoveredState.NEW, None)}
    with pytest.raises(ServiceError, match="already been undone"):
        _undo(editor, decided.undo)


def test_a_tool_connected_since_it_was_added_is_kept_on_undo(editor):
    org = editor.organisation
    _scanned(org, ("hotjar", "analytics"))
    row = _rows(org)["hotjar"]
    decided = services.decide_discovered(
        organisation=org, user=editor.user, ids=[row.pk], action="add"
    )
    hotjar = Tool.objects.get(organisation=org, name="Hotjar")
    Integration.objects.create(
        organisation=org, source=hotjar, target=ToolFactory(organisation=org)
    )
    undone = _undo(editor, decided.undo)
    assert "Kept Hotjar" in undone.message
    row.refresh_from_db()
    assert row.state == DiscoveredState.NEW and row.tool == hotjar  # proposed: link to confirm


def test_linking_to_the_matches_and_ignoring_in_bulk_and_their_undo(editor):
    org = editor.organisation
    _scanned(org, ("hotjar", "analytics"), ("intercom", "live-chat"))
    intercom = ToolFactory(organisation=org, name="Intercom")
    rows = _rows(org)
    rows["intercom"].tool = intercom  # as the matcher proposes a tool of the same name
    rows["intercom"].save()
    ids = [r.pk for r in rows.values()]
    linked = services.decide_discovered(organisation=org, user=editor.user, ids=ids, action="link")
    assert [d.slug for d in linked.done] == ["intercom"]
    assert "Hotjar matches no tool" in linked.refused[0]
    ignored = services.decide_discovered(
        organisation=org, user=editor.user, ids=ids, action="ignore"
    )
    assert {r.state for r in _rows(org).values()} == {DiscoveredState.IGNORED}
    _undo(editor, ignored.undo)
    states = {slug: (r.state, r.tool_id) for slug, r in _rows(org).items()}
    assert states == {
        "hotjar": (DiscoveredState.NEW, None),
        "intercom": (DiscoveredState.LINKED, intercom.pk),
    }


def test_a_decision_changed_since_cannot_be_undone(editor):
    org = editor.organisation
    _scanned(org, ("hotjar", "analytics"))
    row = _rows(org)["hotjar"]
    ignored = services.decide_discovered(
        organisation=org, user=editor.user, ids=[row.pk], action="ignore"
    )
    services.decide_discovered(organisation=org, user=editor.user, ids=[row.pk], action="unignore")
    with pytest.raises(ServiceError, match="changed since"):
        _undo(editor, ignored.undo)


def test_another_organisations_rows_are_not_decided(editor):
    other = MembershipFactory(role="editor")
    from assessment.inventory.services import seed_taxonomy

    seed_taxonomy(organisation=other.organisation)
    _scanned(other.organisation, ("hotjar", "analytics"))
    foreign = DiscoveredTool.objects.get(organisation=other.organisation)
    decided = services.decide_discovered(
        organisation=editor.organisation, user=editor.user, ids=[foreign.pk], action="ignore"
    )
    assert decided.done == [] and decided.undo is None
    foreign.refresh_from_db()
    assert foreign.state == DiscoveredState.NEW


def test_the_bulk_form_decides_the_ticked_rows_with_an_undo_toast(client, editor):
    org = editor.organisation
    _scanned(org, ("hotjar", "analytics"), ("intercom", "live-chat"))
    rows = _rows(org)
    page = client.get(reverse("discoveredtool_list")).content.decode()
    assert 'data-testid="discovered-bulk"' in page and 'form="discovered-bulk"' in page
    response = client.post(
        reverse("discoveredtool_bulk"),
        {"action": "ignore", "pk": [rows["hotjar"].pk, rows["intercom"].pk]},
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "Ignored 2 tools." in body
    key = re.search(r"/undo/([\w-]+)/", body).group(1)
    assert UndoToken.objects.get(key=key).kind == services.DECISION_UNDO
    assert {r.state for r in _rows(org).values()} == {DiscoveredState.IGNORED}
    client.post(reverse("undo", args=[key]))
    assert {r.state for r in _rows(org).values()} == {DiscoveredState.NEW}


def test_the_bulk_form_explains_a_missing_choice_or_selection(client, editor):
    _scanned(editor.organisation, ("hotjar", "analytics"))
    row = DiscoveredTool.objects.get(organisation=editor.organisation)
    nothing = client.post(reverse("discoveredtool_bulk"), {"action": "ignore"}, **HTMX)
    assert nothing.status_code == 422
    assert "Select at least one discovered tool." in nothing.content.decode()
    bogus = client.post(reverse("discoveredtool_bulk"), {"action": "delete", "pk": row.pk}, **HTMX)
    assert bogus.status_code == 422
    assert "Choose what to do" in bogus.content.decode()
    refused = client.post(reverse("discoveredtool_bulk"), {"action": "link", "pk": row.pk}, **HTMX)
    assert refused.status_code == 422 and "1 was not decided" in refused.content.decode()


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_readers_cannot_decide(client, signed_in, role):
    membership = signed_in(role)
    from assessment.inventory.services import seed_taxonomy

    seed_taxonomy(organisation=membership.organisation)
    _scanned(membership.organisation, ("hotjar", "analytics"))
    row = DiscoveredTool.objects.get(organisation=membership.organisation)
    response = client.post(reverse("discoveredtool_bulk"), {"action": "ignore", "pk": row.pk})
    assert response.status_code in (403, 404)
    row.refresh_from_db()
    assert row.state == DiscoveredState.NEW
    assert (
        'data-testid="discovered-bulk"'
        not in client.get(reverse("discoveredtool_list")).content.decode()
    )


def test_a_single_decision_offers_undo_too(client, editor):
    _scanned(editor.organisation, ("hotjar", "analytics"))
    row = DiscoveredTool.objects.get(organisation=editor.organisation)
    body = client.post(
        reverse("discoveredtool_action", args=[row.pk, "add"]), **HTMX
    ).content.decode()
    key = re.search(r"/undo/([\w-]+)/", body).group(1)
    client.post(reverse("undo", args=[key]))
    assert not Tool.objects.filter(organisation=editor.organisation).exists()
