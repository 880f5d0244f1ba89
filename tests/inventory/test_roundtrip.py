"""Export → import leaves the inventory unchanged; exports neutralise formulas."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse
from openpyxl import load_workbook

from assessment.demo_inventory import seed as seed_demo
from assessment.inventory.services import seed_taxonomy
from assessment.models import DataObject, Integration, Tool, Touchpoint
from assessment.testing.factories import (
    IntegrationFactory,
    ToolFactory,
    TouchpointFactory,
)
from tests.inventory.helpers import commit, csv_file, preview_url, upload

pytestmark = pytest.mark.django_db


def state(organisation) -> dict:
    """Everything the inventories hold, by id (timestamps left out): a round trip keeps ids."""
    skip = {"id", "organisation", "created_at", "updated_at"}

    def plain(obj):
        data = {k: v for k, v in model_to_dict(obj).items() if k not in skip}
        for key, value in list(data.items()):
            if isinstance(value, list):
                data[key] = sorted(str(v) for v in value)
        return data

    return {
        name: {obj.pk: plain(obj) for obj in model.objects.for_organisation(organisation)}
        for name, model in (
            ("tools", Tool),
            ("integrations", Integration),
            ("touchpoints", Touchpoint),
        )
    }


def export(client, inventory: str, file_format: str) -> bytes:
    response = client.get(
        reverse("inventory_export", kwargs={"inventory": inventory}), {"format": file_format}
    )
    assert response.status_code == 200
    return response.content


def reimport(client, inventory: str, file_format: str, content: bytes):
    file = SimpleUploadedFile(f"{inventory}.{file_format}", content)
    url = preview_url(upload(client, inventory, file))
    # The catalogue off: it would fill the blank fields of known products (issue 18).
    result = commit(client, url, catalogue_option="1")
    assert result.status_code == 302, client.get(url).content.decode()[:6000]
    return url


def hard_cases(organisation) -> None:
    """What the UI accepts and a natural key cannot tell apart."""
    acme = ToolFactory(organisation=organisation, name="Acme, Inc.")
    other = ToolFactory(organisation=organisation, name="Other; Ltd | Co")
    crm = ToolFactory(organisation=organisation, name="Acme")
    seed_taxonomy(organisation=organisation)
    contacts, orders = DataObject.objects.filter(
        organisation=organisation, key__in=["contacts", "orders"]
    ).order_by("key")
    # Two API links between the same tools, carrying different data.
    first = IntegrationFactory(organisation=organisation, source=acme, target=crm, method="api")
    second = IntegrationFactory(
        organisation=organisation, source=acme, target=crm, method="api", frequency="weekly"
    )
    first.data_objects.set([contacts])
    second.data_objects.set([orders])
    # Two touchpoints that differ only in their segment.
    for segment in ("new", "existing"):
        TouchpointFactory(
            organisation=organisation, name="Welcome", stage="engagement", channel="email",
            segment=segment,
        )  # fmt: skip
    # A touchpoint powered by tools whose names contain separators.
    site = TouchpointFactory(organisation=organisation, name="Site", stage="awareness")
    site.tools.set([acme, other, crm])


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_leaves_the_inventory_unchanged(client, signed_in, file_format):
    membership = signed_in("owner")
    organisation = membership.organisation
    seed_demo(organisation=organisation, users={})
    ToolFactory(
        organisation=organisation, name="=cmd|' /C calc'!A0", notes="+SUM(A1)", vendor="@evil"
    )
    hard_cases(organisation)
    before = state(organisation)
    for inventory in ("tools", "integrations", "touchpoints"):
        url = reimport(client, inventory, file_format, export(client, inventory, file_format))
        assert client.get(url).status_code == 404  # the preview is gone after the import
    assert state(organisation) == before


def edited(content: bytes, file_format: str, row: int, column: str, value) -> bytes:
    """The exported file with one cell changed, as someone would in their spreadsheet."""
    if file_format == "xlsx":
        workbook = load_workbook(io.BytesIO(content))
        sheet = workbook.active
        headers = [c.value for c in sheet[1]]
        sheet.cell(row=row, column=headers.index(column) + 1, value=value)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    rows[row - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def row_of(content: bytes, file_format: str, pk: int) -> int:
    if file_format == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).active
        return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == pk)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return next(i for i, r in enumerate(rows, start=1) if r[0] == str(pk))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_editing_a_natural_key_in_the_sheet_updates_the_entry(client, signed_in, file_format):
    membership = signed_in("owner")
    organisation = membership.organisation
    hard_cases(organisation)
    touchpoint = Touchpoint.objects.get(organisation=organisation, name="Welcome", segment="new")
    integration = Integration.objects.filter(organisation=organisation).order_by("pk").first()
    tool = Tool.objects.get(organisation=organisation, name="Acme")
    counts = [m.objects.count() for m in (Tool, Integration, Touchpoint)]
    changes = [
        ("touchpoints", touchpoint, "Journey stage", "Purchase / transaction"),
        ("integrations", integration, "Method", "Webhook / event stream"),
        ("tools", tool, "Name", "Acme CRM"),
    ]
    for inventory, obj, column, value in changes:
        content = export(client, inventory, file_format)
        content = edited(content, file_format, row_of(content, file_format, obj.pk), column, value)
        reimport(client, inventory, file_format, content)
    assert [m.objects.count() for m in (Tool, Integration, Touchpoint)] == counts
    touchpoint.refresh_from_db(), integration.refresh_from_db(), tool.refresh_from_db()
    assert touchpoint.stage == "purchase" and touchpoint.segment == "new"
    assert integration.method == "webhook" and integration.review_state == "unreviewed"
    assert tool.name == "Acme CRM"


def test_an_id_of_another_organisation_or_unknown_is_a_row_error(client, signed_in):
    membership = signed_in("owner")
    mine = ToolFactory(organisation=membership.organisation, name="Mine")
    foreign = ToolFactory(name="Foreign")
    text = f"Stackscope ID,Name,Vendor\n{foreign.pk},Foreign,Hijacked\n99999,Ghost,x\n"
    url = preview_url(upload(client, "tools", csv_file(text)))
    page = client.get(url).content.decode()
    assert page.count("No entry of this inventory has the Stackscope ID") == 2
    assert commit(client, url).status_code == 400
    foreign.refresh_from_db()
    assert foreign.vendor != "Hijacked" and foreign.organisation != membership.organisation
    assert list(Tool.objects.for_organisation(membership.organisation)) == [mine]


def test_rows_without_an_id_that_match_two_integrations_ask_for_the_id(client, signed_in):
    membership = signed_in("owner")
    hard_cases(membership.organisation)
    before = state(membership.organisation)
    text = 'Source,Target,Method,Frequency\n"Acme, Inc.",Acme,Direct API,Daily\n'
    url = preview_url(upload(client, "integrations", csv_file(text)))
    assert "matches 2 entries" in client.get(url).content.decode()
    assert commit(client, url).status_code == 400
    assert state(membership.organisation) == before


def test_the_touchpoint_form_refuses_what_an_import_could_not_tell_apart(client, signed_in):
    membership = signed_in("editor")
    TouchpointFactory(
        organisation=membership.organisation, name="Welcome", stage="engagement",
        channel="email", segment="new",
    )  # fmt: skip
    data = {"name": "welcome", "stage": "engagement", "channel": "email", "segment": "new",
            "personalisation": "none"}  # fmt: skip
    response = client.post(reverse("touchpoint_add"), data)
    assert response.status_code == 200 and "already exists" in response.content.decode()
    assert Touchpoint.objects.filter(organisation=membership.organisation).count() == 1
    response = client.post(reverse("touchpoint_add"), {**data, "segment": "existing"})
    assert response.status_code == 302
    assert Touchpoint.objects.filter(organisation=membership.organisation).count() == 2


def test_csv_export_neutralises_formulas(client, signed_in):
    membership = signed_in("viewer")
    ToolFactory(organisation=membership.organisation, name="=HYPERLINK(1)", vendor="@SUM(1)")
    response = client.get(reverse("inventory_export", kwargs={"inventory": "tools"}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Stackscope ID", "Name", "Vendor"]
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][2] == "'@SUM(1)"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_xlsx_export_neutralises_formulas(client, signed_in):
    membership = signed_in("viewer")
    ToolFactory(organisation=membership.organisation, name="-2+3+cmd", vendor="=1+1")
    response = client.get(
        reverse("inventory_export", kwargs={"inventory": "tools"}), {"format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "'=1+1" in values
    assert all(not v.startswith(("=", "+", "-", "@")) for v in values)


def test_export_follows_the_list_filters_and_stays_in_the_organisation(client, signed_in):
    membership = signed_in("viewer")
    ToolFactory(organisation=membership.organisation, name="Alpha", vendor="A")
    ToolFactory(organisation=membership.organisation, name="Beta", vendor="B")
    ToolFactory(name="Foreign")
    response = client.get(reverse("inventory_export", kwargs={"inventory": "tools"}), {"q": "alp"})
    text = response.content.decode("utf-8-sig")
    assert "Alpha" in text and "Beta" not in text and "Foreign" not in text


def test_the_api_refuses_a_touchpoint_an_import_could_not_tell_apart():
    from core.testing.api import api_client_for

    client, membership = api_client_for("editor")
    data = {"name": "Welcome", "stage": "engagement", "channel": "email", "segment": "new"}
    assert client.post(reverse("api-touchpoint-list"), data, format="json").status_code == 201
    response = client.post(reverse("api-touchpoint-list"), data, format="json")
    assert response.status_code == 400
    assert "already exists" in str(response.json()["error"])
    assert Touchpoint.objects.filter(organisation=membership.organisation).count() == 1
