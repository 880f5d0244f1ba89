"""Restoring an earlier version (issue 15): a tool, an integration, a touchpoint and a
roadmap item get the values of an earlier entry back, through their services; the restore
is recorded itself; a viewer, another organisation's entry and a deleted object are
refused."""

import pytest
from django.contrib.contenttypes.models import ContentType

from assessment.history_restore import restore_version
from assessment.inventory import services as inventory
from assessment.models import ReviewState, Tool
from assessment.results.services import curation
from assessment.testing.factories import (
    DataObjectFactory,
    IntegrationFactory,
    ToolFactory,
    TouchpointFactory,
)
from core.history.context import attributed
from core.models import HistoryEntry
from core.services import ServiceError, ServiceForbidden
from core.testing.factories import MembershipFactory, OrganisationFactory
from tests.questionnaire.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def entries_of(obj):
    return HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).order_by("pk")


@pytest.fixture
def editor(organisation):
    return MembershipFactory(organisation=organisation, role="editor").user


def test_a_tool_gets_an_earlier_version_back_and_the_restore_is_recorded(organisation, editor):
    tool = ToolFactory(organisation=organisation, name="Mailer", status="active")
    inventory.update_object(instance=tool, user=editor, name="Mailer 2", status="trial")
    earlier = entries_of(tool).filter(action=1).last()
    inventory.update_object(instance=tool, user=editor, name="Mailer 3", status="retired")
    with attributed(actor=editor, source="page"):
        restored = restore_version(entry=earlier, user=editor, organisation=organisation)
    tool.refresh_from_db()
    assert (restored.pk, tool.name, tool.status) == (tool.pk, "Mailer 2", "trial")
    last = entries_of(tool).last()
    assert last.changes["name"] == ["Mailer 3", "Mailer 2"]
    assert last.changes["status"] == ["retired", "trial"]
    assert (last.actor, last.source) == (editor, "page")
    assert last.additional_data == {"restored_from": earlier.pk}


def test_restoring_a_tool_breaks_someone_elses_confirmation(organisation, editor):
    owner = MembershipFactory(organisation=organisation, role="editor").user
    tool = ToolFactory(organisation=organisation, licensed_seats=10, owned_by=owner)
    inventory.update_object(instance=tool, user=editor, licensed_seats=20)
    earlier = entries_of(tool).filter(action=1).last()
    inventory.update_object(instance=tool, user=editor, licensed_seats=30)
    inventory.confirm_tool(tool=tool, user=owner)
    restore_version(entry=earlier, user=editor, organisation=organisation)
    tool.refresh_from_db()
    assert tool.licensed_seats == 20 and tool.confirmed_at is None


def test_an_integration_comes_back_and_goes_back_to_the_review_queue(organisation, editor):
    integration = IntegrationFactory(organisation=organisation, frequency="daily")
    created = entries_of(integration).get(action=0)
    inventory.update_integration(integration=integration, user=editor, frequency="hourly")
    inventory.review_integration(integration=integration, user=editor, state=ReviewState.VERIFIED)
    restore_version(entry=created, user=editor, organisation=organisation)
    integration.refresh_from_db()
    assert integration.frequency == "daily"
    assert integration.review_state == ReviewState.UNREVIEWED
    assert entries_of(integration).last().additional_data == {"restored_from": created.pk}


def test_a_touchpoint_comes_back(organisation, editor):
    touchpoint = TouchpointFactory(organisation=organisation, name="Newsletter")
    inventory.update_object(instance=touchpoint, user=editor, name="Weekly newsletter")
    earlier = entries_of(touchpoint).filter(action=1).last()
    inventory.update_object(instance=touchpoint, user=editor, name="Monthly newsletter")
    restore_version(entry=earlier, user=editor, organisation=organisation)
    touchpoint.refresh_from_db()
    assert touchpoint.name == "Weekly newsletter"


def test_a_roadmap_item_comes_back_with_its_status(organisation, editor):
    assessment = AssessmentFactory(organisation=organisation)
    item = curation.add_item(
        assessment=assessment, data={"title": "Consolidate ESPs", "effort": "low"}
    )
    created = entries_of(item).get(action=0)
    curation.update_item(item=item, data={"title": "Drop one ESP", "effort": "high"}, user=editor)
    curation.dismiss_item(item=item, reason="Done elsewhere.", user=editor)
    restored = restore_version(entry=created, user=editor, organisation=organisation)
    item.refresh_from_db()
    assert (item.title, item.effort, item.status) == ("Consolidate ESPs", "low", "open")
    assert restored.pk == item.pk
    marked = entries_of(item).filter(additional_data__restored_from=created.pk)
    assert marked.count() >= 1


def test_a_viewer_may_not_restore(organisation, editor):
    viewer = MembershipFactory(organisation=organisation, role="viewer").user
    tool = ToolFactory(organisation=organisation, name="A")
    inventory.update_object(instance=tool, user=editor, name="B")
    created = entries_of(tool).get(action=0)
    with pytest.raises(ServiceForbidden):
        restore_version(entry=created, user=viewer, organisation=organisation)
    tool.refresh_from_db()
    assert tool.name == "B"


def test_another_organisations_entry_is_refused(organisation, editor):
    other = OrganisationFactory()
    tool = ToolFactory(organisation=other, name="Theirs")
    inventory.update_object(instance=tool, user=editor, name="Theirs 2")
    created = entries_of(tool).get(action=0)
    with pytest.raises(ServiceError):
        restore_version(entry=created, user=editor, organisation=organisation)
    tool.refresh_from_db()
    assert tool.name == "Theirs 2"


def test_a_deleted_object_is_refused_with_a_clear_message(organisation, editor):
    tool = ToolFactory(organisation=organisation, name="Gone")
    created = entries_of(tool).get(action=0)
    inventory.delete_object(instance=Tool.objects.get(pk=tool.pk), user=editor)
    with pytest.raises(ServiceError) as error:
        restore_version(entry=created, user=editor, organisation=organisation)
    assert "deleted" in error.value.message


def test_an_entry_without_a_snapshot_is_refused(organisation, editor):
    data_object = DataObjectFactory(organisation=organisation)
    entry = entries_of(data_object).get(action=0)
    with pytest.raises(ServiceError):
        restore_version(entry=entry, user=editor, organisation=organisation)


def test_restoring_the_current_values_changes_nothing(organisation, editor):
    tool = ToolFactory(organisation=organisation, name="Same")
    inventory.update_object(instance=tool, user=editor, name="Same 2")
    latest = entries_of(tool).last()
    count = entries_of(tool).count()
    with pytest.raises(ServiceError):
        restore_version(entry=latest, user=editor, organisation=organisation)
    assert entries_of(tool).count() == count


def test_a_link_to_a_deleted_category_is_kept_as_it_is(organisation, editor):
    from assessment.testing.factories import ToolCategoryFactory

    first = ToolCategoryFactory(organisation=organisation)
    second = ToolCategoryFactory(organisation=organisation)
    tool = ToolFactory(organisation=organisation, name="Cat", category=first)
    inventory.update_object(instance=tool, user=editor, name="Cat 2")
    earlier = entries_of(tool).filter(action=1).last()
    inventory.update_object(instance=tool, user=editor, name="Cat 3", category=second)
    first.delete()
    restore_version(entry=earlier, user=editor, organisation=organisation)
    tool.refresh_from_db()
    assert (tool.name, tool.category_id) == ("Cat 2", second.pk)


def test_an_integrations_data_objects_come_back_with_its_fields(organisation, editor):
    """Snapshots keep the tracked many-to-many sets (auditlog keeps only the fields)."""
    contacts, orders, events = (
        DataObjectFactory(organisation=organisation, name=name)
        for name in ("Contacts", "Orders", "Events")
    )
    integration = IntegrationFactory(organisation=organisation, frequency="daily")
    inventory.update_integration(
        integration=integration, user=editor, frequency="hourly", data_objects=[contacts, orders]
    )
    earlier = entries_of(integration).filter(serialized_data__isnull=False).last()
    assert sorted(earlier.serialized_data["fields"]["data_objects"]) == sorted(
        [contacts.pk, orders.pk]
    )
    inventory.update_integration(
        integration=integration, user=editor, frequency="weekly", data_objects=[events]
    )
    restore_version(entry=earlier, user=editor, organisation=organisation)
    integration.refresh_from_db()
    assert integration.frequency == "hourly"
    assert set(integration.data_objects.all()) == {contacts, orders}
    # the restore's own entries say what it put back, and keep the sets restored
    last = entries_of(integration).last()
    assert sorted(last.serialized_data["fields"]["data_objects"]) == sorted(
        [contacts.pk, orders.pk]
    )


def test_a_touchpoints_tools_come_back(organisation, editor):
    crm, cms = (ToolFactory(organisation=organisation, name=n) for n in ("CRM", "CMS"))
    touchpoint = TouchpointFactory(organisation=organisation, name="Web form")
    inventory.update_object(instance=touchpoint, user=editor, tools=[crm])
    with_crm = entries_of(touchpoint).filter(serialized_data__isnull=False).last()
    inventory.update_object(instance=touchpoint, user=editor, tools=[cms])
    restore_version(entry=with_crm, user=editor, organisation=organisation)
    assert list(touchpoint.tools.all()) == [crm]


def test_a_deleted_data_object_is_left_out_of_the_restored_set(organisation, editor):
    contacts, orders = (
        DataObjectFactory(organisation=organisation, name=n) for n in ("Contacts", "Orders")
    )
    integration = IntegrationFactory(organisation=organisation)
    inventory.update_integration(
        integration=integration, user=editor, data_objects=[contacts, orders]
    )
    earlier = entries_of(integration).filter(serialized_data__isnull=False).last()
    inventory.update_integration(integration=integration, user=editor, data_objects=[])
    orders.delete()
    restore_version(entry=earlier, user=editor, organisation=organisation)
    assert list(integration.data_objects.all()) == [contacts]


def test_set_based_writes_keep_the_sets_in_their_snapshots_in_one_query(
    organisation, django_assert_num_queries
):
    """An import's rows (recording.record_changes) get their sets in one query per set,
    however many rows."""
    from core.history import recording

    contacts = DataObjectFactory(organisation=organisation, name="Contacts")
    integrations = [IntegrationFactory(organisation=organisation) for _ in range(5)]
    for integration in integrations[:3]:
        integration.data_objects.add(contacts)
    with django_assert_num_queries(2):  # the sets, the insert
        entries = recording.record_changes(
            type(integrations[0]), [(i, {"notes": ["", "x"]}) for i in integrations]
        )
    sets = [entry.serialized_data["fields"]["data_objects"] for entry in entries]
    assert sets == [[contacts.pk]] * 3 + [[]] * 2
