"""Export → import leaves the inventory unchanged; exports neutralise formulas."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse
from openpyxl import load_workbook

from assessment.demo_inventory import seed as seed_demo
from assessment.models import Integration, Tool, Touchpoint
from assessment.testing.factories import ToolFactory
from tests.inventory.helpers import commit, preview_url, upload

pytestmark = pytest.mark.django_db


def state(organisation) -> dict:
    """Everything the inventories hold, keyed by identity (ids and timestamps left out)."""
    skip = {"id", "organisation", "created_at", "updated_at"}

    def plain(obj):
        data = {k: v for k, v in model_to_dict(obj).items() if k not in skip}
        for key, value in list(data.items()):
            if isinstance(value, list):
                data[key] = sorted(str(v) for v in value)
        return data

    return {
        "tools": {t.name: plain(t) for t in Tool.objects.for_organisation(organisation)},
        "integrations": {
            (i.source.name, i.target.name, i.method): plain(i)
            for i in Integration.objects.for_organisation(organisation)
        },
        "touchpoints": {
            (t.name, t.stage, t.channel): plain(t)
            for t in Touchpoint.objects.for_organisation(organisation)
        },
    }


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_leaves_the_inventory_unchanged(client, signed_in, file_format):
    membership = signed_in("owner")
    organisation = membership.organisation
    seed_demo(organisation=organisation, users={})
    ToolFactory(
        organisation=organisation, name="=cmd|' /C calc'!A0", notes="+SUM(A1)", vendor="@evil"
    )
    before = state(organisation)
    for inventory in ("tools", "integrations", "touchpoints"):
        response = client.get(
            reverse("inventory_export", kwargs={"inventory": inventory}), {"format": file_format}
        )
        assert response.status_code == 200
        file = SimpleUploadedFile(f"{inventory}.{file_format}", response.content)
        url = preview_url(upload(client, inventory, file))
        result = commit(client, url)
        assert result.status_code == 302, client.get(url).content.decode()[:6000]
    assert state(organisation) == before


def test_csv_export_neutralises_formulas(client, signed_in):
    membership = signed_in("viewer")
    ToolFactory(organisation=membership.organisation, name="=HYPERLINK(1)", vendor="@SUM(1)")
    response = client.get(reverse("inventory_export", kwargs={"inventory": "tools"}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[1][1] == "'@SUM(1)"
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
