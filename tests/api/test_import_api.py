"""The API import does what the web preview does: dry run, column and value mappings,
ignored columns, remembered mappings; no media storage; no database text in messages
(issue 11, items 12 and 13)."""

import io
import json

import pytest
from django.db import IntegrityError, OperationalError
from django.urls import reverse

from assessment.demo_inventory import seed as seed_demo
from assessment.inventory.imports import storage
from assessment.inventory.services import seed_taxonomy
from assessment.models import ImportPreview, Integration, Tool, Touchpoint
from assessment.testing.factories import ToolFactory
from core.testing.api import api_client_for
from tests.inventory.helpers import take_name_meanwhile

pytestmark = pytest.mark.django_db


def remembered_mappings():
    from assessment.models import ImportMapping  # new in this change: imported late

    return ImportMapping.objects


URL = "api-tool-import"
#: A real export with two columns the importer does not know and one value it cannot map.
SHEET = (
    "Product,Licences bought,Phase,Vendor\nCanva,12,Under Review,Canva Pty\nMiro,5,Active,Miro\n"
)
LEAKS = ("duplicate key", "unique", "constraint", "IntegrityError", "Traceback", "/srv", "/tmp")


def csv_upload(text: str, name: str = "tools.csv"):
    upload = io.BytesIO(text.encode())
    upload.name = name
    return upload


def post_file(client, text, inventory="tool", query="", **fields):
    for key in ("columns", "values"):
        if key in fields:
            fields[key] = json.dumps(fields[key])
    return client.post(
        reverse(f"api-{inventory}-import") + query,
        {"file": csv_upload(text), **fields},
        format="multipart",
    )


@pytest.fixture
def editor():
    client, membership = api_client_for("editor")
    seed_taxonomy(organisation=membership.organisation)
    return client, membership


def test_dry_run_reports_the_outcome_and_writes_nothing(editor):
    client, membership = editor
    ToolFactory(organisation=membership.organisation, name="Miro", vendor="Old")
    before = list(Tool.objects.values_list("pk", "vendor", "updated_at"))
    text = "Tool,Vendor,Seats,Favourite colour\nCanva,Canva,-3,blue\nMiro,Miro,5,red\n"
    response = post_file(client, text, query="?dry_run=1")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["dry_run"], body["ok"]) == (True, False)
    assert body["rows"][0]["row"] == 2 and body["rows"][0]["field"] == "licensed_seats"
    assert body["ignored_columns"] == [
        {"index": 3, "column": "Favourite colour", "suggestion": None}
    ]
    # Clean: the exact counts a commit would report, still nothing written.
    text = "Tool,Vendor\nCanva,Canva\nMiro,Miro\n"
    response = post_file(client, text, dry_run="true")
    body = response.json()
    assert (body["dry_run"], body["ok"]) == (True, True)
    assert (body["created"], body["updated"], body["unchanged"]) == (1, 1, 0)
    assert list(Tool.objects.values_list("pk", "vendor", "updated_at")) == before
    assert not remembered_mappings().exists()
    # An untitled column with data between titled ones is named as ignored too; an empty
    # one is not; data past the last title is a row error (never dropped in silence).
    response = post_file(client, "Tool,,,Vendor\nCanva,secret,,Canva\n", query="?dry_run=1")
    assert response.json()["ignored_columns"] == [{"index": 1, "column": "", "suggestion": None}]
    response = post_file(client, "Tool,,\nCanva,secret,\n", query="?dry_run=1")
    assert response.json()["ok"] is False and "secret" in response.json()["rows"][0]["value"]
    # JSON rows take the same field.
    response = client.post(
        reverse(URL), {"rows": [{"Tool": "Miro", "Vendor": "Old"}], "dry_run": True}, format="json"
    )
    assert (response.json()["updated"], response.json()["unchanged"]) == (0, 1)
    assert Tool.objects.count() == 1


def test_columns_and_values_map_what_the_importer_does_not_know(editor):
    client, membership = editor
    # Without mappings: the unknown columns are listed, the unknown value is asked about.
    # Without mappings the two columns would be lost: a dry run names them.
    response = post_file(client, SHEET, dry_run="1")
    body = response.json()
    assert (body["ok"], body["created"]) == (True, 2)
    assert [c["column"] for c in body["ignored_columns"]] == ["Licences bought", "Phase"]
    assert not Tool.objects.exists()
    response = post_file(
        client,
        SHEET,
        columns={"Licences bought": "licensed_seats", "phase": "status", "Vendor": None},
        values={"status": {"Under Review": "trial"}},
        use_catalogue="false",  # else the ignored Vendor is filled from the catalogue
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["created"], body["updated"], body["ignored_columns"]) == (
        2,
        0,
        [{"index": 3, "column": "Vendor", "suggestion": None}],
    )
    assert body["applied_mappings"] == {"columns": {}, "values": {}}
    canva = Tool.objects.get(name="Canva")
    assert (canva.licensed_seats, canva.status, canva.vendor) == (12, "trial", "")
    remembered = remembered_mappings().get(organisation=membership.organisation)
    assert remembered.columns == {
        "licences bought": "licensed_seats",
        "phase": "status",
        "vendor": None,
    }
    assert remembered.values == {"status": {"Under Review": "trial"}}


def test_remembered_mappings_apply_to_the_next_file_and_are_overridable(editor):
    client, _membership = editor
    columns = {"Licences bought": "licensed_seats", "Phase": "status"}
    values = {"status": {"Under Review": "trial"}}
    assert post_file(client, SHEET, columns=columns, values=values).status_code == 200
    # The same header shape, in another order and case, without any mapping.
    later = "PHASE,Product,Vendor,licences bought\nunder review,Figma,Figma,7\n"
    response = post_file(client, later)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["applied_mappings"] == {
        "columns": {"PHASE": "status", "licences bought": "licensed_seats"},
        "values": {"status": {"Under Review": "trial"}},
    }
    assert body["ignored_columns"] == []
    figma = Tool.objects.get(name="Figma")
    assert (figma.licensed_seats, figma.status) == (7, "trial")
    # A mapping sent with the request wins over the remembered one.
    response = post_file(client, later.replace("Figma", "Loom"), columns={"licences bought": None})
    body = response.json()
    assert body["applied_mappings"]["columns"] == {"PHASE": "status"}
    assert [c["column"] for c in body["ignored_columns"]] == ["licences bought"]
    assert Tool.objects.get(name="Loom").licensed_seats is None
    # Another organisation never gets them.
    other, _membership = api_client_for("editor")
    body = post_file(other, later).json()
    assert body["applied_mappings"] == {"columns": {}, "values": {}}


def test_unknown_columns_and_fields_in_a_mapping_are_refused(editor):
    client, _membership = editor
    response = post_file(client, SHEET, columns={"Nope": "licensed_seats", "Phase": "colour"})
    assert response.status_code == 400
    messages = response.json()["error"]["fields"]["columns"]
    assert "“Nope” is not a column of the file." in messages
    assert any("“colour” is not a field here" in m for m in messages)
    response = post_file(client, SHEET, columns="[1, 2]")
    assert response.status_code == 400
    assert not Tool.objects.exists()


def test_a_reimported_export_changes_nothing(editor):
    client, membership = editor
    org = membership.organisation
    seed_demo(organisation=org, users={})
    for inventory, model in (
        ("tool", Tool),
        ("integration", Integration),
        ("touchpoint", Touchpoint),
    ):
        before = dict(model.objects.for_organisation(org).values_list("pk", "updated_at"))
        content = client.get(reverse(f"api-{inventory}-export"), {"format": "csv"}).content
        # The catalogue off: it would fill the blank fields of known products (issue 18).
        response = post_file(
            client, content.decode("utf-8-sig"), inventory=inventory, use_catalogue="false"
        )
        assert response.status_code == 200, response.content[:3000]
        body = response.json()
        assert (body["created"], body["updated"], body["unchanged"]) == (0, 0, len(before))
        after = dict(model.objects.for_organisation(org).values_list("pk", "updated_at"))
        assert after == before, inventory


def test_the_api_import_stores_no_preview(editor, monkeypatch):
    client, _membership = editor

    def refuse(*args, **kwargs):
        raise OperationalError("could not write to file /srv/pgdata/pg_wal: No space left")

    monkeypatch.setattr(storage, "write", refuse)
    text = "Tool,Seats\nCanva,3\n"
    assert post_file(client, text, query="?dry_run=1").json()["created"] == 1
    response = post_file(client, text)
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1
    response = client.post(reverse(URL), {"rows": [{"Tool": "Miro"}]}, format="json")
    assert response.status_code == 200 and response.json()["created"] == 1
    assert set(Tool.objects.values_list("name", flat=True)) == {"Canva", "Miro"}
    assert not ImportPreview.objects.exists()


def raise_duplicate(*args, **kwargs):
    raise IntegrityError('duplicate key value violates unique constraint "unique_tool_name_ci"')


def test_a_constraint_race_is_a_409_without_database_text(editor, monkeypatch):
    client, membership = editor
    ToolFactory(organisation=membership.organisation, name="Kept", vendor="Old")
    take_name_meanwhile(monkeypatch, membership.organisation, "Canva")
    rows = [{"Tool": "Kept", "Vendor": "New"}, {"Tool": "Canva"}]
    response = client.post(reverse(URL), {"rows": rows}, format="json")
    assert response.status_code == 409
    text = response.content.decode()
    error = response.json()["error"]
    assert error["code"] == "import_conflict"
    assert error["message"] == (
        "Row 3: Another import or edit added “Canva” at the same time; nothing was saved. "
        "Try again."
    )
    for leak in LEAKS:
        assert leak not in text
    monkeypatch.undo()
    # Nothing of the file (the stand-in for the other request was inside its transaction).
    assert list(Tool.objects.values_list("name", "vendor")) == [("Kept", "Old")]


def test_a_create_refused_by_the_database_rolls_everything_back(editor, monkeypatch):
    client, membership = editor
    ToolFactory(organisation=membership.organisation, name="Kept", vendor="Old")
    monkeypatch.setattr(type(Tool.objects), "bulk_create", raise_duplicate)
    rows = [{"Tool": "Kept", "Vendor": "New"}, {"Tool": "Canva"}]
    response = client.post(reverse(URL), {"rows": rows}, format="json")
    assert response.status_code == 409
    assert "at the same time; nothing was imported" in response.json()["error"]["message"]
    for leak in LEAKS:
        assert leak not in response.content.decode()
    assert list(Tool.objects.values_list("name", "vendor")) == [("Kept", "Old")]


@pytest.mark.parametrize(
    "role,inventory,allowed",
    [
        ("editor", "tool", True),
        ("reviewer", "tool", False),
        ("reviewer", "integration", True),
        ("viewer", "touchpoint", False),
    ],
)
def test_dry_run_follows_the_import_permissions(role, inventory, allowed):
    client, membership = api_client_for(role)
    ToolFactory(organisation=membership.organisation, name="A")
    ToolFactory(organisation=membership.organisation, name="B")
    text = {
        "tool": "Tool\nC\n",
        "integration": "Source,Target\nA,B\n",
        "touchpoint": "Name,Stage,Channel\nX,awareness,web\n",
    }[inventory]
    response = post_file(client, text, inventory=inventory, query="?dry_run=1")
    assert response.status_code == (200 if allowed else 403), response.content
    assert Tool.objects.count() == 2 and not Integration.objects.exists()
