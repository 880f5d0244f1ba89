"""An import's history (issue 15): one grouped entry with its row counts, linked to the
rows it changed, whichever way it ran: in the request or in the background worker (there
attributed to the person who started it); a dry run leaves no history."""

import pytest

from assessment.inventory.imports import import_rows
from assessment.inventory.services import seed_taxonomy
from assessment.models import ImportJob, ImportJobStatus
from core.history.context import current
from core.models import HistoryEntry
from core.testing.factories import MembershipFactory
from tests.inventory.helpers import commit, csv_file, preview_url, upload

pytestmark = pytest.mark.django_db

TOOLS = "Tool,Vendor,Licensed seats\nZorblax,Z Inc,50\nQuuxify,Q Ltd,5\nFrobnik,F AG,0\n"


@pytest.fixture
def editor(signed_in):
    membership = signed_in("editor")
    seed_taxonomy(organisation=membership.organisation)
    return membership


def test_a_background_import_is_attributed_to_the_person_who_started_it(
    client, editor, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_SYNC_MAX_ROWS = 2  # three rows are "large"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        url = preview_url(upload(client, "tools", csv_file(TOOLS, name="big.csv")))
        response = commit(client, url)
        assert "/import/jobs/" in response["Location"]
    assert not HistoryEntry.objects.filter(additional_data__kind="import").exists()
    for callback in callbacks:  # the worker, outside any request
        callback()
    assert ImportJob.objects.get().status == ImportJobStatus.DONE
    group = HistoryEntry.objects.get(additional_data__kind="import")
    assert (group.actor, group.source, group.object_repr) == (editor.user, "import", "big.csv")
    assert group.additional_data["created"] == 3
    children = group.children.all()
    assert sorted(c.object_repr for c in children) == ["Frobnik", "Quuxify", "Zorblax"]
    assert {(c.actor_id, c.source, c.organisation_id) for c in children} == {
        (editor.user.pk, "import", editor.organisation_id)
    }
    assert current().actor is None and current().source == "system"  # nothing leaks


def test_a_dry_run_leaves_no_history(organisation):
    user = MembershipFactory(organisation=organisation, role="editor").user
    seed_taxonomy(organisation=organisation)
    before = HistoryEntry.objects.count()
    outcome = import_rows(
        organisation=organisation,
        user=user,
        inventory="tools",
        headers=["Tool"],
        rows=[["Zorblax"]],
        dry_run=True,
    )
    assert outcome.counts["created"] == 1
    assert HistoryEntry.objects.count() == before


def test_a_refused_import_leaves_no_history(organisation):
    user = MembershipFactory(organisation=organisation, role="editor").user
    seed_taxonomy(organisation=organisation)
    before = HistoryEntry.objects.count()
    outcome = import_rows(
        organisation=organisation,
        user=user,
        inventory="tools",
        headers=["Tool", "Licensed seats"],
        rows=[["Zorblax", "many"]],
    )
    assert outcome.counts is None
    assert HistoryEntry.objects.count() == before


def test_an_import_adding_a_category_lists_it_among_its_rows(client, editor):
    text = "Tool,Category\nZorblax,Carrier Pigeons\n"
    url = preview_url(upload(client, "tools", csv_file(text)))
    response = commit(client, url, **{"resolve__category__Carrier Pigeons": "__add__"})
    assert response.status_code == 302, response.content.decode()[:2000]
    group = HistoryEntry.objects.get(additional_data__kind="import")
    kinds = sorted(c.content_type.model for c in group.children.all())
    assert kinds == ["tool", "toolcategory"]
