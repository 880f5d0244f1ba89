"""The write side of the change history (issue 15): an edit through the page, the API and
an import each shows in the tool's history with the right person and old → new values;
set-based writes (answers, bulk edits, reviews, imports, roadmap columns) are recorded one
entry per changed row, in a constant number of queries."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from assessment.inventory import services as inventory
from assessment.inventory.imports import import_rows
from assessment.inventory.services import seed_taxonomy
from assessment.models import Answer, Integration, ReviewState, RoadmapItem, Tool
from assessment.questionnaire import services as questionnaire
from assessment.results.services import curation
from assessment.testing.factories import IntegrationFactory, ToolFactory
from core.history.context import attributed
from core.history.recording import grouped_import, record_changes
from core.models import ApiToken, HistoryEntry
from core.testing.api import api_client_for
from core.testing.factories import MembershipFactory
from tests.inventory.helpers import commit, csv_file, preview_url, upload
from tests.questionnaire.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def entries_of(obj):
    return HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).order_by("pk")


def test_a_page_edit_is_one_entry_with_the_person_and_old_and_new_values(client, signed_in):
    membership = signed_in("editor")
    tool = ToolFactory(organisation=membership.organisation, name="Mailer", status="active")
    before = entries_of(tool).count()
    response = client.post(
        reverse("tool_edit", kwargs={"pk": tool.pk}),
        {"name": "Mailer Pro", "status": "trial"},
        **HTMX,
    )
    assert response.status_code == 204, response.content.decode()[:2000]
    new = list(entries_of(tool)[before:])
    assert len(new) == 1
    entry = new[0]
    assert (entry.actor, entry.source, entry.token_id, entry.action) == (
        membership.user,
        "page",
        None,
        1,
    )
    assert entry.organisation_id == membership.organisation_id
    assert entry.changes["name"] == ["Mailer", "Mailer Pro"]
    assert entry.changes["status"] == ["active", "trial"]
    assert entry.serialized_data["fields"]["name"] == "Mailer Pro"


def test_an_api_patch_is_one_entry_with_the_token_and_its_owner():
    client, membership = api_client_for("editor")
    tool = ToolFactory(organisation=membership.organisation, name="Heat maps")
    before = entries_of(tool).count()
    response = client.patch(
        reverse("api-tool-detail", args=[tool.pk]), {"description": "Ours."}, format="json"
    )
    assert response.status_code == 200, response.content
    new = list(entries_of(tool)[before:])
    assert len(new) == 1
    entry = new[0]
    token = ApiToken.objects.get(user=membership.user)
    assert (entry.actor, entry.source, entry.token_id) == (membership.user, "api", token.pk)
    assert entry.changes == {"description": ["", "Ours."]}


def test_a_page_import_is_one_grouped_entry_with_counts_and_its_rows(client, signed_in):
    membership = signed_in("editor")
    organisation = membership.organisation
    seed_taxonomy(organisation=organisation)
    tool = ToolFactory(organisation=organisation, name="Zorblax", licensed_seats=3)
    ToolFactory(organisation=organisation, name="Same", licensed_seats=4)
    before = entries_of(tool).count()
    text = "Tool,Seats\nZorblax,12\nQuuxify,5\nSame,4\n"
    url = preview_url(upload(client, "tools", csv_file(text, name="tools.csv")))
    response = commit(client, url)
    assert response.status_code == 302, response.content.decode()[:3000]
    group = HistoryEntry.objects.get(additional_data__kind="import")
    assert group.object_repr == "tools.csv" and group.object_pk == "" and group.object_id is None
    assert group.content_type == ContentType.objects.get_for_model(Tool)
    assert (group.actor, group.source, group.action) == (membership.user, "import", 1)
    assert group.additional_data == {
        "kind": "import",
        "file": "tools.csv",
        "model": "assessment.tool",
        "created": 1,
        "updated": 1,
        "deleted": 0,
        "unchanged": 1,
    }
    children = list(group.children.order_by("pk"))
    tools = {c.object_repr: c for c in children if c.content_type_id == group.content_type_id}
    assert set(tools) == {"Zorblax", "Quuxify"}
    assert tools["Zorblax"].changes == {"licensed_seats": [3, 12]}
    assert tools["Zorblax"].action == 1 and tools["Quuxify"].action == 0
    assert tools["Quuxify"].changes["name"] == [None, "Quuxify"]
    assert tools["Quuxify"].serialized_data["fields"]["name"] == "Quuxify"
    for child in tools.values():
        assert (child.actor, child.source, child.organisation_id) == (
            membership.user,
            "import",
            organisation.pk,
        )
    new = list(entries_of(tool)[before:])
    assert new == [tools["Zorblax"]]


def test_an_api_import_is_grouped_and_names_the_token():
    client, membership = api_client_for("editor")
    seed_taxonomy(organisation=membership.organisation)
    response = client.post(
        reverse("api-tool-import"),
        {"file": csv_file("Tool,Seats\nCanva,12\n", name="api.csv")},
        format="multipart",
    )
    assert response.status_code in (200, 201), response.content
    group = HistoryEntry.objects.get(additional_data__kind="import")
    assert (group.actor, group.source) == (membership.user, "import")
    assert group.token_id is not None
    (child,) = group.children.all()
    assert (child.object_repr, child.token_id, child.source) == ("Canva", group.token_id, "import")


def test_an_import_of_integrations_records_links_and_review_reset(organisation):
    user = MembershipFactory(organisation=organisation, role="editor").user
    seed_taxonomy(organisation=organisation)
    source = ToolFactory(organisation=organisation, name="CRM")
    target = ToolFactory(organisation=organisation, name="ESP")
    integration = IntegrationFactory(
        organisation=organisation,
        source=source,
        target=target,
        review_state=ReviewState.VERIFIED,
        reviewed_by=user,
    )
    with attributed(actor=user, source="page"):
        outcome = import_rows(
            organisation=organisation,
            user=user,
            inventory="integrations",
            headers=["Source", "Target", "Frequency"],
            rows=[["CRM", "ESP", "hourly"]],
            filename="links.csv",
        )
    assert outcome.counts is not None, outcome.preview
    assert outcome.counts["updated"] == 1
    (entry,) = HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Integration), object_id=integration.pk
    ).exclude(action=0)
    assert entry.object_repr == "CRM → ESP"
    assert entry.changes["frequency"] == ["daily", "hourly"]
    assert entry.changes["review_state"] == ["verified", "unreviewed"]
    assert entry.parent.additional_data["updated"] == 1


def _import_tools(organisation, user, count: int):
    rows = [[f"Tool {n}", n] for n in range(count)]
    return import_rows(
        organisation=organisation,
        user=user,
        inventory="tools",
        headers=["Tool", "Seats"],
        rows=rows,
        filename="many.csv",
    )


def test_an_imports_history_costs_the_same_queries_for_30_and_300_rows(organisation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = MembershipFactory(organisation=organisation, role="editor").user
    seed_taxonomy(organisation=organisation)
    _import_tools(organisation, user, 1)  # the taxonomy, catalogue caches etc. warmed up
    with CaptureQueriesContext(connection) as small:
        _import_tools(organisation, user, 30)
    with CaptureQueriesContext(connection) as large:
        _import_tools(organisation, user, 300)
    assert len(large) == len(small)
    # The rows created (1 + 29 + 270); an unchanged row has no entry.
    assert HistoryEntry.objects.filter(parent__isnull=False).count() == 300
    last = HistoryEntry.objects.filter(additional_data__kind="import").order_by("-pk").first()
    assert (last.additional_data["created"], last.additional_data["unchanged"]) == (270, 30)


def test_answers_and_notes_record_old_and_new_values(organisation):
    user = MembershipFactory(organisation=organisation, role="editor").user
    assessment = AssessmentFactory(organisation=organisation)
    key = next(q.key for q in assessment.framework.questions() if q.type == "maturity")
    first, second = 2, 3
    with attributed(actor=user, source="page"):
        answer = questionnaire.save_answer(
            assessment=assessment, question_key=key, raw_value=first, base_version=0, user=user
        )
        questionnaire.save_answer(
            assessment=assessment,
            question_key=key,
            raw_value=second,
            base_version=answer.version,
            user=user,
        )
        questionnaire.save_note(
            assessment=assessment, question_key=key, note="Why.", base_version=0, user=user
        )
    created, changed, noted = entries_of(answer)
    assert created.action == 0 and created.changes["value"] == [None, first]
    assert (changed.action, changed.actor, changed.source) == (1, user, "page")
    assert changed.changes == {"value": [first, second]}
    assert noted.changes == {"note": ["", "Why."]}


def test_a_bulk_edit_is_one_entry_per_changed_row(organisation):
    user = MembershipFactory(organisation=organisation, role="editor").user
    tools = [ToolFactory(organisation=organisation, status="active") for _ in range(3)]
    already = ToolFactory(organisation=organisation, status="retired")
    with attributed(actor=user, source="page"):
        count = inventory.bulk_update(
            queryset=Tool.objects.for_organisation(organisation),
            user=user,
            action="status",
            value="retired",
        )
    assert count == 4
    for tool in tools:
        (entry,) = entries_of(tool).filter(action=1)
        assert entry.changes == {"status": ["active", "retired"]}
        assert (entry.actor, entry.source) == (user, "page")
        assert entry.serialized_data["fields"]["status"] == "retired"
    assert not entries_of(already).filter(action=1).exists()


def test_a_review_of_several_integrations_is_one_entry_each(organisation):
    user = MembershipFactory(organisation=organisation, role="reviewer").user
    rows = [IntegrationFactory(organisation=organisation) for _ in range(3)]
    with attributed(actor=user, source="page"):
        count, token = inventory.review_integrations_undoable(
            organisation=organisation,
            ids=[r.pk for r in rows],
            user=user,
            state=ReviewState.FLAGGED,
            note="Wrong way round.",
        )
    assert count == 3
    for row in rows:
        (entry,) = entries_of(row).filter(action=1)
        assert entry.changes["review_state"] == ["unreviewed", "flagged"]
        assert entry.changes["review_note"] == ["", "Wrong way round."]
        assert entry.changes["reviewed_by"] == [None, user.pk]
        assert entry.object_repr == str(row)
    # Undoing it is recorded too: the review back as it was.
    inventory.restore_reviews(token.payload, organisation=organisation, user=user)
    for row in rows:
        last = entries_of(row).filter(action=1).last()
        assert last.changes["review_state"] == ["flagged", "unreviewed"]


def test_an_integration_edit_that_resets_its_review_is_one_entry(organisation):
    user = MembershipFactory(organisation=organisation, role="editor").user
    integration = IntegrationFactory(organisation=organisation, review_state=ReviewState.VERIFIED)
    before = entries_of(integration).count()
    inventory.update_integration(integration=integration, user=user, frequency="hourly")
    (entry,) = entries_of(integration)[before:]
    assert entry.changes == {
        "frequency": ["daily", "hourly"],
        "review_state": ["verified", "unreviewed"],
    }


def test_moving_roadmap_items_between_columns_is_recorded_but_reordering_is_not(organisation):
    user = MembershipFactory(organisation=organisation, role="editor").user
    assessment = AssessmentFactory(organisation=organisation)
    first = curation.add_item(assessment=assessment, data={"title": "One", "horizon": "now"})
    second = curation.add_item(assessment=assessment, data={"title": "Two", "horizon": "now"})
    with attributed(actor=user, source="api"):
        curation.reorder_items(assessment=assessment, columns={"now": [second.pk, first.pk]})
        assert not entries_of(first).filter(action=1).exists()
        curation.reorder_items(assessment=assessment, columns={"later": [first.pk]})
    (entry,) = entries_of(first).filter(action=1)
    assert entry.changes == {"horizon": ["now", "later"]}
    assert (entry.actor, entry.source) == (user, "api")
    assert not entries_of(second).filter(action=1).exists()
    with attributed(actor=user, source="page"):
        curation.update_item(item=first, data={"title": "One!", "effort": "high"}, user=user)
    last = entries_of(first).last()
    assert last.changes["title"] == ["One", "One!"]
    assert RoadmapItem.objects.get(pk=first.pk).title == "One!"


def test_start_from_previous_records_each_copied_answer(organisation):
    user = MembershipFactory(organisation=organisation, role="editor").user
    previous = AssessmentFactory(organisation=organisation)
    key = next(q.key for q in previous.framework.questions() if q.type == "maturity")
    questionnaire.save_answer(
        assessment=previous,
        question_key=key,
        raw_value=2,
        base_version=0,
        user=user,
    )
    assessment = AssessmentFactory(organisation=organisation)
    assert questionnaire.start_from_previous(assessment=assessment, previous=previous, user=user)
    copied = Answer.objects.get(assessment=assessment, question_key=key)
    (entry,) = entries_of(copied)
    # which question is the entry's object (it never changes): the value is the change
    assert entry.action == 0 and entry.changes["value"] == [None, 2]
    assert "question_key" not in entry.changes


def test_record_changes_skips_rows_without_changes_and_grouping_sets_the_parent(organisation):
    tool = ToolFactory(organisation=organisation)
    with grouped_import(organisation=organisation, model=Tool, file_name="x.csv") as group:
        written = record_changes(Tool, [(tool, {}), (tool, {"name": ["a", "b"]})])
        group.counts(updated=1)
    assert len(written) == 1 and written[0].parent_id == group.pk
    group.entry.refresh_from_db()
    assert group.entry.additional_data["updated"] == 1


def test_deleting_a_category_records_the_tools_it_leaves_without_one(organisation):
    from assessment.testing.factories import ToolCategoryFactory

    user = MembershipFactory(organisation=organisation, role="editor").user
    category = ToolCategoryFactory(organisation=organisation)
    tool = ToolFactory(organisation=organisation, category=category)
    category_pk = category.pk
    with attributed(actor=user, source="page"):
        inventory.delete_object(instance=category, user=user)
    last = entries_of(tool).last()
    assert last.changes == {"category": [category_pk, None]}
    assert (last.actor, last.source) == (user, "page")
    assert HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(category)),
        object_id=category_pk,
        action=2,
    ).exists()


def test_undoing_a_deletion_records_the_rows_and_links_it_brings_back(organisation):
    from assessment.testing.factories import ToolCategoryFactory
    from core import undo

    membership = MembershipFactory(organisation=organisation, role="owner")
    user = membership.user
    category = ToolCategoryFactory(organisation=organisation)
    tool = ToolFactory(organisation=organisation, category=category)
    category_pk = category.pk
    with attributed(actor=user, source="page"):
        token = inventory.delete_object_undoable(instance=category, user=user)
        undo.apply(key=token.key, organisation=organisation, membership=membership)
    last = entries_of(tool).last()
    assert last.changes == {"category": [None, category_pk]}
    assert (last.actor, last.source) == (user, "page")
    back = (
        HistoryEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(category)), object_id=category_pk
        )
        .order_by("pk")
        .last()
    )
    assert back.action == 0 and back.actor == user
