"""Upload helpers for the import tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook


def csv_file(text: str, name: str = "inventory.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows: list[list], name: str = "inventory.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, inventory: str, file, day_first: bool = True):
    return client.post(
        reverse("inventory_import", kwargs={"inventory": inventory}),
        {"file": file, "day_first": "1" if day_first else "0"},
    )


def preview_url(response) -> str:
    assert response.status_code == 302, response.content.decode()[:3000]
    return response["Location"]


def commit(client, url: str, **data):
    return client.post(url, {"action": "commit", **data})


def take_name_meanwhile(monkeypatch, organisation, name: str) -> None:
    """Another request saves a tool called `name` after the preview, just before the
    import writes its rows (the database's unique constraint then refuses the import)."""
    from assessment.inventory.imports import bulk
    from assessment.models import Tool
    from assessment.testing.factories import ToolFactory

    write = bulk._write

    def write_after_the_other_request(*args, **kwargs):
        if not Tool.objects.for_organisation(organisation).filter(name=name).exists():
            ToolFactory(organisation=organisation, name=name)
        return write(*args, **kwargs)

    monkeypatch.setattr(bulk, "_write", write_after_the_other_request)
