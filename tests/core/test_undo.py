"""Undo (core.undo, issue 17): deleting an inventory row, dismissing a roadmap item and
verifying or flagging integrations can be taken back by the member who did it, once, for
ten minutes; a restore that no longer fits changes nothing and says why."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.inventory import services as inventory
from assessment.models import Integration, ItemStatus, ReviewState, RoadmapItem, Tool, Touchpoint
from assessment.results import services as results
from assessment.results.services.curation import dismiss_item_undoable
from assessment.testing.factories import (
    DataObjectFactory,
    IntegrationFactory,
    ToolFactory,
    TouchpointFactory,
)
from core import undo
from core.models import UndoToken
from core.services import ServiceError, ServiceForbidden
from core.testing.access import sign_in
from core.testing.factories import MembershipFactory
from tests.results.helpers import make_assessment, make_inventory

pytestmark = pytest.mark.django_db

#: Bumped by a restore (pages cached under the inventory's version refresh); all else stays.
VOLATILE = {"updated_at"}


def values(obj, pk=None) -> dict:
    """The stored row's fields (and links) by pk: a deleted instance's own pk is None."""
    row = type(obj)._base_manager.get(pk=pk or obj.pk)
    fields = {f.name: getattr(row, f.attname) for f in row._meta.concrete_fields}
    for name in ("data_objects", "tools"):
        if hasattr(row, name):
            fields[name] = sorted(getattr(row, name).values_list("pk", flat=True))
    return {k: v for k, v in fields.items() if k not in VOLATILE}


@pytest.fixture
def editor(organisation):
    return MembershipFactory(organisation=organisation, role="editor")


@pytest.fixture
def reviewer(organisation):
    return MembershipFactory(organisation=organisation, role="reviewer")


def apply(token, membership):
    return undo.apply(key=token.key, organisation=membership.organisation, membership=membership)


# --- deleting a row -----------------------------------------------------------------------


def test_undoing_a_tool_deletion_brings_back_its_integrations_and_links(organisation, editor):
    tool = ToolFactory(organisation=organisation, name="Salesforce", notes="CRM of record")
    other = ToolFactory(organisation=organisation, name="Slack")
    leads, deals = (DataObjectFactory(organisation=organisation) for _ in range(2))
    outgoing = IntegrationFactory(organisation=organisation, source=tool, target=other)
    outgoing.data_objects.set([leads, deals])
    incoming = IntegrationFactory(
        organisation=organisation, source=other, target=tool, review_state="verified"
    )
    touchpoint = TouchpointFactory(organisation=organisation, name="Web shop")
    touchpoint.tools.set([tool, other])
    rows = [(obj, obj.pk) for obj in (tool, outgoing, incoming, touchpoint)]
    before = [values(obj) for obj, _pk in rows]
    tool_pk = tool.pk

    token = inventory.delete_object_undoable(instance=tool, user=editor.user)
    assert not Tool.objects.filter(pk=tool_pk).exists()
    assert not Integration.objects.filter(pk__in=[rows[1][1], rows[2][1]]).exists()
    assert list(Touchpoint.objects.get(pk=touchpoint.pk).tools.all()) == [other]

    undone = apply(token, editor)

    assert undone.highlight == tool_pk and undone.message == "Restored Salesforce."
    assert [values(obj, pk) for obj, pk in rows] == before  # same pks, values and links
    assert Tool.objects.get(pk=tool_pk).updated_at > tool.updated_at  # caches refresh
    assert UndoToken.objects.get(pk=token.pk).used_at is not None


def test_undoing_a_touchpoint_deletion_keeps_its_tools(organisation, editor):
    touchpoint = TouchpointFactory(organisation=organisation)
    tools = [ToolFactory(organisation=organisation) for _ in range(2)]
    touchpoint.tools.set(tools)
    pk, before = touchpoint.pk, values(touchpoint)
    token = inventory.delete_object_undoable(instance=touchpoint, user=editor.user)
    apply(token, editor)
    assert values(touchpoint, pk) == before


def test_a_tool_whose_name_was_taken_meanwhile_stays_deleted(organisation, editor):
    tool = ToolFactory(organisation=organisation, name="Salesforce")
    IntegrationFactory(organisation=organisation, source=tool)
    pk = tool.pk
    token = inventory.delete_object_undoable(instance=tool, user=editor.user)
    ToolFactory(organisation=organisation, name="SALESFORCE")
    with pytest.raises(ServiceError, match="another tool has that name"):
        apply(token, editor)
    assert not Tool.objects.filter(pk=pk).exists()
    assert UndoToken.objects.get(pk=token.pk).used_at is None  # may try again after a rename


def test_an_integration_whose_tool_is_gone_is_not_brought_back(organisation, editor):
    integration = IntegrationFactory(organisation=organisation)
    pk, target = integration.pk, integration.target
    token = inventory.delete_object_undoable(instance=integration, user=editor.user)
    inventory.delete_object(instance=target, user=editor.user)
    with pytest.raises(ServiceError, match="cannot be undone"):
        apply(token, editor)
    assert not Integration.objects.filter(pk=pk).exists()


def test_undoing_a_bulk_delete_brings_back_every_row(organisation, editor):
    tools = [ToolFactory(organisation=organisation) for _ in range(3)]
    kept = ToolFactory(organisation=organisation)
    link = IntegrationFactory(organisation=organisation, source=tools[0], target=kept)
    rows = [(obj, obj.pk) for obj in (*tools, link)]
    before = [values(obj) for obj, _pk in rows]
    chosen = Tool.objects.filter(pk__in=[t.pk for t in tools])

    count, token = inventory.bulk_delete_undoable(queryset=chosen, user=editor.user)

    assert count == 3 and not chosen.exists() and not Integration.objects.exists()
    undone = apply(token, editor)
    assert undone.message == "Restored 3 rows."
    assert [values(obj, pk) for obj, pk in rows] == before
    assert Tool.objects.count() == 4


def test_a_bulk_delete_undo_refuses_when_one_name_was_taken(organisation, editor):
    tools = [ToolFactory(organisation=organisation, name=n) for n in ("Hotjar", "Braze")]
    chosen = Tool.objects.filter(pk__in=[t.pk for t in tools])
    _count, token = inventory.bulk_delete_undoable(queryset=chosen, user=editor.user)
    ToolFactory(organisation=organisation, name="braze")
    with pytest.raises(ServiceError, match="“Braze” cannot come back"):
        apply(token, editor)
    assert list(Tool.objects.values_list("name", flat=True)) == ["braze"]


def test_the_bulk_delete_page_offers_undo(client):
    membership = sign_in(client, "editor")
    tools = [ToolFactory(organisation=membership.organisation) for _ in range(2)]
    response = client.post(
        reverse("tool_bulk"),
        {"action": "delete", "confirm": "yes", "pk": [t.pk for t in tools]},
        follow=True,
    )
    body = response.content.decode()
    assert "Deleted 2 rows." in body and "/undo/" in body
    assert not Tool.objects.exists()


# --- dismissing a roadmap item ------------------------------------------------------------


@pytest.fixture
def roadmap_item(organisation):
    make_inventory(organisation)
    assessment = make_assessment(organisation)
    results.compute_results(assessment)
    item = RoadmapItem.objects.filter(assessment=assessment).order_by("position").first()
    return results.accept_item(item=item)


def test_undoing_a_dismissal_restores_the_status_and_reason(roadmap_item, editor):
    before = values(roadmap_item)
    assert before["status"] == ItemStatus.ACCEPTED
    dismissed, token = dismiss_item_undoable(
        item=roadmap_item, reason="Not this year", user=editor.user
    )
    assert dismissed.status == ItemStatus.DISMISSED
    undone = apply(token, editor)
    assert values(roadmap_item) == before
    assert "back on the roadmap" in undone.message


def test_a_dismissal_changed_since_is_not_undone(roadmap_item, editor):
    _item, token = dismiss_item_undoable(item=roadmap_item, reason="Later", user=editor.user)
    results.reopen_item(item=roadmap_item)
    with pytest.raises(ServiceError, match="changed since"):
        apply(token, editor)
    assert RoadmapItem.objects.get(pk=roadmap_item.pk).status == ItemStatus.OPEN


# --- verifying and flagging integrations --------------------------------------------------


def test_undoing_a_bulk_verify_restores_each_previous_review(organisation, reviewer):
    other = MembershipFactory(organisation=organisation, role="reviewer").user
    earlier = timezone.now() - dt.timedelta(days=3)
    unreviewed = IntegrationFactory(organisation=organisation)
    flagged = IntegrationFactory(
        organisation=organisation,
        review_state=ReviewState.FLAGGED,
        review_note="Token expires",
        reviewed_by=other,
        reviewed_at=earlier,
    )
    rows = (unreviewed, flagged)
    before = {row: values(row) for row in rows}

    count, token = inventory.review_integrations_undoable(
        organisation=organisation, ids=[r.pk for r in rows], user=reviewer.user, state="verified"
    )
    assert count == 2
    assert set(Integration.objects.values_list("review_state", flat=True)) == {"verified"}

    undone = apply(token, reviewer)
    assert "2 integrations" in undone.message
    for row, fields in before.items():
        assert values(row) == fields
    assert values(flagged)["reviewed_at"] == earlier


def test_undoing_a_single_flag(organisation, reviewer):
    integration = IntegrationFactory(organisation=organisation)
    before = values(integration)
    _integration, token = inventory.review_integration_undoable(
        integration=integration, user=reviewer.user, state="flagged", note="Broken"
    )
    apply(token, reviewer)
    assert values(integration) == before


def test_a_review_given_again_since_is_left_alone(organisation, reviewer):
    integration = IntegrationFactory(organisation=organisation)
    _integration, token = inventory.review_integration_undoable(
        integration=integration, user=reviewer.user, state="verified"
    )
    inventory.review_integration(
        integration=integration, user=reviewer.user, state="flagged", note="Broke again"
    )
    with pytest.raises(ServiceError, match="changed since"):
        apply(token, reviewer)
    assert Integration.objects.get(pk=integration.pk).review_state == ReviewState.FLAGGED


# --- the token's rules --------------------------------------------------------------------


@pytest.fixture
def deleted_tool(organisation, editor):
    tool = ToolFactory(organisation=organisation, name="Hotjar")
    pk = tool.pk
    token = inventory.delete_object_undoable(instance=tool, user=editor.user)
    tool.pk = pk  # (Django clears a deleted instance's pk)
    return tool, token


def test_a_token_is_used_once(deleted_tool, editor):
    tool, token = deleted_tool
    apply(token, editor)
    with pytest.raises(ServiceError, match="already been undone"):
        apply(token, editor)
    assert Tool.objects.filter(pk=tool.pk).count() == 1


def test_an_expired_token_is_refused(deleted_tool, editor):
    tool, token = deleted_tool
    UndoToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    with pytest.raises(ServiceError, match="Too late"):
        apply(token, editor)
    assert not Tool.objects.filter(pk=tool.pk).exists()


def test_a_token_lives_ten_minutes_and_old_ones_are_pruned(deleted_tool, editor, organisation):
    _tool, token = deleted_tool
    assert dt.timedelta(minutes=9) < token.expires_at - token.created_at <= undo.LIFETIME
    UndoToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(2))
    other = ToolFactory(organisation=organisation)
    inventory.delete_object_undoable(instance=other, user=editor.user)
    assert not UndoToken.objects.filter(pk=token.pk).exists()


def test_another_organisations_or_members_token_is_not_found(deleted_tool, editor):
    _tool, token = deleted_tool
    stranger = MembershipFactory(role="owner")
    colleague = MembershipFactory(organisation=editor.organisation, role="owner")
    for membership in (stranger, colleague):
        with pytest.raises(UndoToken.DoesNotExist):
            apply(token, membership)


def test_a_role_that_no_longer_allows_the_action_cannot_undo_it(deleted_tool, editor):
    tool, token = deleted_tool
    editor.role = "viewer"
    editor.save()
    with pytest.raises(ServiceForbidden):
        apply(token, editor)
    assert not Tool.objects.filter(pk=tool.pk).exists()


# --- the endpoint -------------------------------------------------------------------------


def test_the_endpoint_restores_and_goes_back(client):
    membership = sign_in(client, "editor")
    tool = ToolFactory(organisation=membership.organisation, name="Hotjar")
    pk = tool.pk
    token = inventory.delete_object_undoable(instance=tool, user=membership.user)
    tool.pk = pk
    url = reverse("undo", kwargs={"key": token.key})
    response = client.post(url, {"next": "/tools/?q=hot"})
    assert response.status_code == 302 and response["Location"] == "/tools/?q=hot"
    page = client.get("/tools/?q=hot").content.decode()
    assert "Restored Hotjar." in page and f'data-highlight="{tool.pk}"' in page
    assert Tool.objects.filter(pk=tool.pk).exists()
    # used: a second press says so, and goes back the same way
    response = client.post(url, {"next": "/tools/"}, follow=True)
    assert "already been undone" in response.content.decode()


def test_the_endpoint_refuses_an_outside_next(client):
    membership = sign_in(client, "editor")
    tool = ToolFactory(organisation=membership.organisation)
    token = inventory.delete_object_undoable(instance=tool, user=membership.user)
    response = client.post(
        reverse("undo", kwargs={"key": token.key}), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("dashboard")


def test_the_endpoint_hides_other_members_tokens_and_checks_the_role(client):
    owner = MembershipFactory(role="owner")
    tool = ToolFactory(organisation=owner.organisation)
    pk = tool.pk
    token = inventory.delete_object_undoable(instance=tool, user=owner.user)
    tool.pk = pk
    url = reverse("undo", kwargs={"key": token.key})
    sign_in(client, "owner")  # another organisation
    assert client.post(url).status_code == 404
    sign_in(client, "editor", owner.organisation)  # the same organisation, another member
    assert client.post(url).status_code == 404
    client.force_login(owner.user)
    owner.role = "viewer"
    owner.save()
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    assert not Tool.objects.filter(pk=tool.pk).exists()
