"""The import session around the preview: storage failures, constraint races, remembered
mappings and re-imports that change nothing (issue 11, items 12 and 13)."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError, IntegrityError, OperationalError
from django.urls import reverse
from django.utils import timezone

from assessment.demo_inventory import seed as seed_demo
from assessment.inventory.imports import storage
from assessment.models import ImportPreview, Integration, Tool, Touchpoint
from assessment.testing.factories import ToolFactory
from tests.inventory.helpers import (
    commit,
    csv_file,
    preview_url,
    take_name_meanwhile,
    upload,
)

pytestmark = pytest.mark.django_db


def remembered_mappings():
    from assessment.models import ImportMapping  # new in this change: imported late

    return ImportMapping.objects


#: What a user-facing message must never contain.
LEAKS = ("duplicate key", "unique", "constraint", "IntegrityError", "Traceback", "/tmp", "/srv")


def assert_no_leak(text: str) -> None:
    for leak in LEAKS:
        assert leak not in text, leak


def raise_duplicate(*args, **kwargs):
    raise IntegrityError(
        'duplicate key value violates unique constraint "unique_tool_name_ci"\n'
        "DETAIL:  Key (lower(name::text), organisation_id)=(x, 1) already exists."
    )


# --- item 12: storage and constraint races --------------------------------------------------


def test_unwritable_storage_gives_a_clear_message_without_a_path(client, editor, monkeypatch):
    def refuse(token, **fields):
        raise OperationalError('could not extend file "/srv/pgdata/base/16384/2619": No space')

    monkeypatch.setattr(storage, "write", refuse)
    response = upload(client, "tools", csv_file("Name\nMiro\n"))
    page = response.content.decode()
    assert response.status_code == 503
    assert "could not keep this file for the preview" in page
    assert "could not extend" not in page
    assert_no_leak(page)
    assert not Tool.objects.exists()
    assert not ImportPreview.objects.exists()


def test_a_write_the_database_refuses_leaves_the_request_usable(client, editor, monkeypatch):
    """The real write path meets a database error (a full disk, a payload too large): the
    savepoint rolls back only the preview, and the page still renders its clear message."""

    def refuse(*args, **kwargs):
        raise DataError('value too long for type "/srv/pgdata" in table import_preview')

    monkeypatch.setattr(ImportPreview.objects, "create", refuse)
    response = upload(client, "tools", csv_file("Name\nMiro\n"))
    assert response.status_code == 503
    page = response.content.decode()
    assert "could not keep this file for the preview" in page
    assert "/srv" not in page and "import_preview" not in page
    assert not ImportPreview.objects.exists()
    assert editor.organisation.memberships.exists()  # the transaction still answers


def test_previews_live_in_the_database_and_are_removed_on_commit_or_after_a_day(client, editor):
    url = preview_url(upload(client, "tools", csv_file("Name,Seats\nMiro,3\n")))
    preview = ImportPreview.objects.get()
    assert (preview.organisation, preview.user, preview.kind) == (
        editor.organisation,
        editor.user,
        "tools",
    )
    assert str(preview.token) in url
    assert "Miro" in preview.payload
    # An old preview (untouched for more than a day) goes when the next one is made.
    ImportPreview.objects.update(updated_at=timezone.now() - storage.IMPORT_MAX_AGE * 2)
    fresh_url = preview_url(upload(client, "tools", csv_file("Name\nFigma\n")))
    assert ImportPreview.objects.count() == 1
    assert client.get(url).status_code == 404
    assert commit(client, fresh_url).status_code == 302
    assert not ImportPreview.objects.exists()
    assert Tool.objects.get().name == "Figma"


def test_a_preview_that_cannot_be_saved_again_is_not_a_500(client, editor, monkeypatch):
    url = preview_url(upload(client, "tools", csv_file("Name,Seats\nMiro,3\n")))

    def refuse(token, **fields):
        raise OperationalError("could not write to file /srv/pgdata/pg_wal: No space left")

    monkeypatch.setattr(storage, "write", refuse)
    response = client.post(url, {"action": "preview", "column_1": "licensed_seats"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "could not keep this file for the preview" in page
    assert_no_leak(page)


def test_a_constraint_race_on_commit_is_a_friendly_message_and_nothing_is_saved(
    client, editor, monkeypatch
):
    ToolFactory(organisation=editor.organisation, name="Kept", vendor="Old")
    url = preview_url(upload(client, "tools", csv_file("Name,Vendor\nKept,New\nMiro,Miro\n")))
    take_name_meanwhile(monkeypatch, editor.organisation, "Miro")
    response = client.post(url, {"action": "commit"}, follow=True)
    page = response.content.decode()
    assert "Row 3: Another import or edit added “Miro” at the same time" in page
    assert "nothing was saved" in page
    assert_no_leak(page)
    monkeypatch.undo()
    # Nothing of the file (the stand-in for the other request was inside its transaction).
    assert list(Tool.objects.values_list("name", "vendor")) == [("Kept", "Old")]


def test_a_create_refused_by_the_database_rolls_the_whole_import_back(client, editor, monkeypatch):
    ToolFactory(organisation=editor.organisation, name="Kept", vendor="Old")
    url = preview_url(upload(client, "tools", csv_file("Name,Vendor\nKept,New\nMiro,Miro\n")))
    monkeypatch.setattr(type(Tool.objects), "bulk_create", raise_duplicate)
    response = commit(client, url)
    assert response.status_code == 409
    page = response.content.decode()
    assert "at the same time; nothing was imported" in page
    assert_no_leak(page)
    assert list(Tool.objects.values_list("name", "vendor")) == [("Kept", "Old")]


# --- item 13: remembered mappings in the web preview -----------------------------------------

EXPORT = "Product,Licences bought,Phase,Notes\nCanva,12,Under Review,x\n"
NEXT_EXPORT = "Licences bought,Product,Notes,Phase\n5,Figma,y,under review\n"


def test_mappings_are_remembered_for_the_next_file_of_the_same_shape(client, editor):
    url = preview_url(upload(client, "tools", csv_file(EXPORT)))
    response = commit(
        client,
        url,
        column_1="licensed_seats",
        column_2="status",
        column_3="",
        **{"resolve__status__Under Review": "trial"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    canva = Tool.objects.get(name="Canva")
    assert (canva.licensed_seats, canva.status, canva.notes) == (12, "trial", "")
    remembered = remembered_mappings().get(organisation=editor.organisation, kind="tools")
    assert remembered.columns == {
        "licences bought": "licensed_seats",
        "phase": "status",
        "notes": None,
    }
    assert remembered.values == {"status": {"Under Review": "trial"}}
    assert remembered.updated_by == editor.user

    # Same titles, another order and case: applied at once, shown, and overridable.
    url = preview_url(upload(client, "tools", csv_file(NEXT_EXPORT)))
    page = client.get(url).content.decode()
    assert 'data-testid="remembered-mappings"' in page
    assert "Mappings remembered from your last import" in page
    assert "Column “Licences bought” is read as Licensed seats." in page
    assert "Column “Notes” is ignored." in page
    assert "Status: “Under Review” means Trial." in page
    assert "Ready: 1 to add, 0 to update." in page
    page = client.post(url, {"action": "forget"}).content.decode()
    assert 'data-testid="remembered-mappings"' not in page
    assert "Unknown column" in page  # "Licences bought" and "Phase" are unknown again
    # Choosing again and importing keeps the new choice for the next file.
    response = commit(client, url, column_0="licensed_seats", column_3="")
    assert response.status_code == 302
    figma = Tool.objects.get(name="Figma")
    assert (figma.licensed_seats, figma.notes) == (5, "y")
    remembered.refresh_from_db()
    assert remembered.columns == {"licences bought": "licensed_seats"}  # "Phase" unknown anyway
    assert remembered.values == {}


def test_another_organisations_mappings_are_never_applied(client, editor, signed_in):
    url = preview_url(upload(client, "tools", csv_file(EXPORT)))
    assert (
        commit(client, url, column_1="licensed_seats", column_2="", column_3="").status_code == 302
    )
    other = signed_in("editor")  # a member of another organisation
    from assessment.inventory.services import seed_taxonomy

    seed_taxonomy(organisation=other.organisation)
    page = client.get(preview_url(upload(client, "tools", csv_file(EXPORT)))).content.decode()
    assert 'data-testid="remembered-mappings"' not in page


# --- item 13: a re-import that changes nothing touches nothing ------------------------------


def test_reimporting_an_unchanged_export_changes_nothing(client, editor):
    org = editor.organisation
    seed_demo(organisation=org, users={})
    for inventory, model in (
        ("tools", Tool),
        ("integrations", Integration),
        ("touchpoints", Touchpoint),
    ):
        before = dict(model.objects.for_organisation(org).values_list("pk", "updated_at"))
        response = client.get(
            reverse("inventory_export", kwargs={"inventory": inventory}), {"format": "csv"}
        )
        file = SimpleUploadedFile(f"{inventory}.csv", response.content)
        url = preview_url(upload(client, inventory, file))
        # The catalogue off: it would fill the blank fields of known products (issue 18).
        response = client.post(url, {"action": "commit", "catalogue_option": "1"}, follow=True)
        page = response.content.decode()
        assert f"0 added, 0 updated, {len(before)} unchanged." in page, page[:3000]
        after = dict(model.objects.for_organisation(org).values_list("pk", "updated_at"))
        assert after == before, inventory


def test_the_clean_up_removes_a_bounded_batch_of_old_previews(editor, monkeypatch):
    from assessment.inventory.imports import ImportSession

    def start(name):
        return ImportSession.create(
            organisation=editor.organisation, user=editor.user, inventory="tools",
            filename=f"{name}.csv", headers=["Name"], rows=[[name]], day_first=True,
        )  # fmt: skip

    for name in ("a", "b", "c"):
        start(name)
    ImportPreview.objects.update(updated_at=timezone.now() - storage.IMPORT_MAX_AGE * 2)
    monkeypatch.setattr(storage, "CLEANUP_BATCH", 2)
    kept = start("fresh")
    assert ImportPreview.objects.count() == 2  # one old one waits for the next preview
    storage.cleanup_old_sessions()
    assert list(ImportPreview.objects.values_list("token", flat=True)) == [uuid.UUID(kept.token)]
