# ruff: noqa: E501 - the table of corpus files reads best one file per line
"""Every file of tests/data/bad-imports/ through the real import flows.

Each file is either refused with a clear message and nothing changes (no tool, integration
or touchpoint added, none touched), or imported exactly right. Both through the pages
(upload → preview → commit, as an editor) and through the API's import endpoint. The
bombs are also bounded in memory (tracemalloc) and in work done (bytes unpacked, rows
read), never by wall-clock time. See tests/data/bad-imports/README.md.
"""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.inventory import imports
from assessment.models import Integration, Tool, Touchpoint
from assessment.testing.factories import ToolFactory
from core.testing.api import api_client_for
from tests.inventory.helpers import commit, upload

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bad-imports"
REFUSED, ROW_ERROR, IMPORTED = "refused", "row error", "imported"
MODELS = {"tools": Tool, "integrations": Integration, "touchpoints": Touchpoint}
CAFE = {"Café app": {"vendor": "Crème"}}


@dataclass(frozen=True)
class Case:
    file: str
    outcome: str
    #: A fragment of the refusal / row error, or of the warning for an imported file.
    message: str = ""
    inventory: str = "tools"
    #: Imported entries: natural name → {field: exact value}.
    expected: dict = field(default_factory=dict)
    #: Text the preview page shows (web flow only).
    preview: tuple[str, ...] = ()


# fmt: off
CASES = [
    # CSV: structure
    Case("unquoted-thousands.csv", ROW_ERROR, "Row 2 has 5 values but the first row has 4 column titles"),
    Case("unterminated-quote.csv", ROW_ERROR, "Row 2: a double quote (\") opens a value here and never closes"),
    Case("misplaced-quote.csv", ROW_ERROR, "Row 2 could not be read as CSV: a double quote (\") is misplaced"),
    Case("value-past-header.csv", ROW_ERROR, "“forgotten note” is in column 3, which has no title"),
    Case("integrations-unquoted.csv", ROW_ERROR, "Row 2 has 4 values but the first row has 3", inventory="integrations"),
    Case("ragged-short-rows.csv", IMPORTED, expected={"Alpha": {"vendor": "", "licensed_seats": None}, "Beta": {"vendor": "Beta Inc"}}),
    Case("trailing-commas.csv", IMPORTED, expected={"Alpha": {"vendor": "Acme"}}),
    Case("empty.csv", REFUSED, "file is empty."),
    Case("header-only.csv", ROW_ERROR, "The file has no data rows."),
    Case("blank-header.csv", REFUSED, "The first row must hold the column titles; it is empty."),
    Case("too-wide.csv", REFUSED, "more than 100 columns with a title"),
    # CSV: encodings and separators
    Case("utf8-bom.csv", IMPORTED, expected=CAFE),
    Case("utf16-bom.csv", IMPORTED, expected=CAFE),
    Case("utf16le-no-bom.csv", IMPORTED, expected=CAFE),
    Case("cp1252.csv", IMPORTED, "read as Windows-1252", expected={"Café app": {"vendor": "Crème", "annual_cost": Decimal("1200.00"), "currency": "EUR"}}),
    Case("binary-garbage.csv", REFUSED, "The file holds binary data, not text"),
    Case("semicolon.csv", IMPORTED, expected={"Looker": {"annual_cost": Decimal("1234.50"), "currency": "EUR"}}),
    Case("tab-separated.csv", IMPORTED, expected={"Figma": {"vendor": "Figma Inc", "licensed_seats": 12}}),
    Case("excel-sep-line.csv", IMPORTED, expected={"Notion": {"vendor": "Notion Labs"}}),
    Case("touchpoints-semicolon.csv", IMPORTED, inventory="touchpoints", expected={"Welcome e-mail": {"stage": "fulfilment", "channel": "email"}}),
    # CSV: values
    Case("formula-text.csv", ROW_ERROR, "“=1+1” looks like a spreadsheet formula"),
    Case("date-in-cost.csv", ROW_ERROR, "“2026-01-15” is not an amount"),
    Case("huge-cell.csv", ROW_ERROR, "The value is longer than 10,000 characters"),
    Case("huge-field-over-csv-limit.csv", ROW_ERROR, "never closes (or the value is longer than 10,000 characters)"),
    Case("long-choice.csv", ROW_ERROR, "Category is longer than 200 characters."),
    # XLSX: typed cells
    Case("currency-formats.xlsx", IMPORTED, expected={
        "Salesforce": {"annual_cost": Decimal("1200.00"), "currency": "EUR", "subcategory__key": "crm", "category__key": "social_relationships"},
        "HubSpot": {"annual_cost": Decimal("800.50"), "currency": "USD", "subcategory__key": "crm"},
        "Miro": {"annual_cost": Decimal("1234.57"), "currency": "EUR"},
        "Canva": {"annual_cost": Decimal("99.00"), "currency": "GBP"},
        "Hootsuite": {"annual_cost": Decimal("450.00"), "currency": "CAD"},
    }, preview=("<th scope=\"col\">Currency</th>", "<td>EUR</td>", "<td>GBP</td>", "<th scope=\"col\">Subcategory</th>")),
    Case("formula-with-result.xlsx", IMPORTED, expected={"Miro": {"annual_cost": Decimal("1200.00")}}),
    Case("formula-without-result.xlsx", ROW_ERROR, "Cell B2 holds a formula without its result"),
    Case("excel-error-cell.xlsx", ROW_ERROR, "Cell B2 shows the Excel error #REF!"),
    Case("date-in-cost.xlsx", ROW_ERROR, "“2026-01-15” is not an amount"),
    Case("date1904.xlsx", IMPORTED, expected={"Miro": {"renewal_date": dt.date(2026, 1, 16)}}),
    Case("huge-inline-cell.xlsx", ROW_ERROR, "The value is longer than 10,000 characters"),
    # XLSX: shape and sheets
    Case("too-wide.xlsx", REFUSED, "more than 100 columns with a title"),
    Case("trailing-blank-columns.xlsx", IMPORTED, expected={"Miro": {"vendor": "Miro", "licensed_seats": 25}}),
    Case("value-past-header.xlsx", ROW_ERROR, "Row 2 has a value (“scratch note”) in column AF, which has no title"),
    Case("data-on-second-sheet.xlsx", REFUSED, "your data seems to be on “Tools”"),
    Case("two-sheets-with-data.xlsx", IMPORTED, "The workbook has data on other sheets too (“Old tools”)", expected={"Miro": {"vendor": "Miro"}}),
    Case("many-empty-rows.xlsx", REFUSED, "more than 100,000 rows, counting empty ones"),
    # XLSX: not a workbook, or hostile
    Case("really-csv.xlsx", IMPORTED, "holds CSV text; it was read as CSV", expected={"Miro": {"vendor": "Miro"}}),
    Case("png-renamed.xlsx", REFUSED, "This is not an Excel .xlsx file"),
    Case("not-a-workbook.xlsx", REFUSED, "This is a zip file but not an Excel workbook"),
    Case("encrypted.xlsx", REFUSED, "The Excel file is password-protected (encrypted)"),
    Case("old-format.xls", REFUSED, "Old .xls files are not supported"),
    Case("doctype-entities.xlsx", REFUSED, "The Excel file could not be read: it is damaged"),
    Case("no-dimension-bomb.xlsx", REFUSED, "it is refused for safety"),
    Case("shared-string-bomb.xlsx", REFUSED, "it is refused for safety"),
]
# fmt: on
IDS = [case.file for case in CASES]
BOMBS = ["no-dimension-bomb.xlsx", "shared-string-bomb.xlsx"]


def test_the_corpus_is_complete():
    """Every file of the folder has a case (and the other way round), each under 1 MB."""
    files = {p.name for p in CORPUS.iterdir() if p.suffix in (".csv", ".xlsx", ".xls")}
    assert files == set(IDS)
    assert len(files) >= 30
    assert all((CORPUS / name).stat().st_size < 1024 * 1024 for name in files)
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in files)


def seed(organisation) -> None:
    ToolFactory(organisation=organisation, name="Seed CRM")
    ToolFactory(organisation=organisation, name="Seed ESP")


def snapshot(organisation):
    """Counts and last changes of all three inventories."""
    return {
        key: sorted(model.objects.for_organisation(organisation).values_list("pk", "updated_at"))
        for key, model in MODELS.items()
    }


def corpus_file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (CORPUS / name).read_bytes())


def assert_clear(messages: list[str], fragment: str) -> None:
    """The fragment is in one of the messages; every message is short and plain."""
    assert any(fragment in m for m in messages), messages
    for message in messages:
        assert len(message) <= 300, message
        for leak in ("Traceback", 'File "', "/work/", ".py", "SELECT ", "Error(", "\\x"):
            assert leak not in message, message


def assert_imported(case: Case, organisation) -> None:
    model = MODELS[case.inventory]
    entries = model.objects.for_organisation(organisation)
    if case.inventory == "tools":
        entries = entries.exclude(name__startswith="Seed ")
    assert sorted(entries.values_list("name", flat=True)) == sorted(case.expected)
    for name, values in case.expected.items():
        stored = entries.filter(name=name).values(*values).get()
        assert stored == values, name


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_web_import(client, editor, case, settings):
    settings.IMPORT_SYNC_MAX_BYTES = 10**8  # the request's path (the worker's: read-jobs tests)
    organisation = editor.organisation
    seed(organisation)
    before = snapshot(organisation)
    response = upload(client, case.inventory, corpus_file(case.file))
    if case.outcome == REFUSED:
        assert response.status_code == 400
        assert_clear(list(response.context["form"].errors["file"]), case.message)
        assert snapshot(organisation) == before
        return
    assert response.status_code == 302, response.context["form"].errors
    url = response["Location"]
    page = client.get(url)
    preview = page.context["preview"]
    if case.outcome == ROW_ERROR:
        assert not preview.ok
        shown = [e.message for e in page.context["errors"]] + preview.problems
        assert_clear(shown, case.message)
        refused = commit(client, url)
        assert refused.status_code == 400
        assert snapshot(organisation) == before
        return
    assert preview.ok, [e.message for e in preview.errors] + preview.problems
    if case.message:
        assert_clear(preview.warnings, case.message)
    else:
        assert preview.warnings == []
    html = page.content.decode()
    for text in case.preview:
        assert text in html
    # Only the file's real columns are listed (no blank ones padded to 100).
    assert len(page.context["columns"]) == len(
        imports.ImportSession.load(
            url.rstrip("/").rsplit("/", 1)[-1],
            organisation=organisation,
            user=editor.user,
            inventory=case.inventory,
        ).headers
    )
    assert commit(client, url).status_code == 302
    assert_imported(case, organisation)


def api_upload(client, inventory: str, name: str):
    buffer = io.BytesIO((CORPUS / name).read_bytes())
    buffer.name = name
    return client.post(
        reverse(f"api-{inventory[:-1]}-import"), {"file": buffer}, format="multipart"
    )


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_api_import(case):
    client, membership = api_client_for("editor")
    organisation = membership.organisation
    seed(organisation)
    before = snapshot(organisation)
    response = api_upload(client, case.inventory, case.file)
    body = response.json()
    if case.outcome in (REFUSED, ROW_ERROR):
        assert response.status_code == 400, body
        error = body["error"]
        messages = [error["message"]]
        messages += [row["message"] for row in error.get("rows", [])]
        messages += [m for values in (error.get("fields") or {}).values() for m in values]
        assert_clear(messages, case.message)
        assert len(response.content) < 5000
        assert snapshot(organisation) == before
        return
    assert response.status_code == 200, body
    assert body["created"] == len(case.expected)
    file_notes = [w["message"] for w in body["warnings"] if w["field"] is None]
    if case.message:
        assert_clear(file_notes, case.message)
    else:
        assert file_notes == []
    assert_imported(case, organisation)


def test_the_trailing_blank_columns_of_an_xlsx_are_not_listed(client, editor):
    response = upload(client, "tools", corpus_file("trailing-blank-columns.xlsx"))
    page = client.get(response["Location"])
    assert [c["header"] for c in page.context["columns"]] == ["Name", "Vendor", "Licensed seats"]


# --- bounded work and memory -------------------------------------------------------------


class Spy:
    """Counts the bytes unpacked from any zip member and the rows the reader takes in."""

    def __init__(self, monkeypatch):
        self.unpacked = 0
        self.rows = 0
        spy = self
        from assessment.inventory_core.readers.collector import Collector

        real_read = zipfile.ZipExtFile.read
        real_add = Collector.add

        def read(handle, n=-1):
            data = real_read(handle, n)
            spy.unpacked += len(data)
            return data

        def add(collector, number, record, beyond=None):
            spy.rows += 1
            return real_add(collector, number, record, beyond)

        monkeypatch.setattr("zipfile.ZipExtFile.read", read)
        monkeypatch.setattr(Collector, "add", add)


@pytest.mark.parametrize("name", BOMBS)
def test_a_zip_bomb_is_refused_before_anything_is_unpacked(monkeypatch, name):
    spy = Spy(monkeypatch)
    tracemalloc.start()
    try:
        with pytest.raises(imports.ImportFileError, match="refused for safety"):
            imports.read_upload(corpus_file(name))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert spy.unpacked == 0 and spy.rows == 0
    assert peak < 200 * 1024 * 1024
    assert peak < 10 * 1024 * 1024  # in fact: about the size of the upload


def test_a_bomb_within_the_archive_limits_is_stopped_early(monkeypatch):
    """Without the ratio check, the 400 MB sheet of empty cells is still stopped: a row may
    not have more cells than Excel allows. It reads well under 1 MB of the 400."""
    from assessment.inventory_core import readers
    from assessment.inventory_core.readers import xlsx_archive

    monkeypatch.setattr(xlsx_archive, "MAX_RATIO", 10**9)
    monkeypatch.setattr(readers.Limits, "__init__", _limits_init(max_unpacked_bytes=10**10))
    spy = Spy(monkeypatch)
    tracemalloc.start()
    try:
        with pytest.raises(imports.ImportFileError, match="over 16,384 cells"):
            imports.read_upload(corpus_file("no-dimension-bomb.xlsx"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert spy.unpacked < 1024 * 1024  # of 400 MB
    assert spy.rows == 0  # the one row never ended
    assert peak < 200 * 1024 * 1024


def test_a_sheet_of_many_empty_cells_is_stopped_by_the_cell_budget(monkeypatch):
    """Rows of empty cells, each row within Excel's width: the cell budget stops the read
    (here lowered to 100,000 elements) long before the end of the sheet."""
    from assessment.inventory_core import readers
    from assessment.inventory_core.readers import xlsx_archive

    monkeypatch.setattr(xlsx_archive, "MAX_RATIO", 10**9)
    monkeypatch.setattr(readers.Limits, "__init__", _limits_init(max_scanned_cells=100_000))
    rows = "".join(f'<row r="{r}">' + "<c/>" * 200 + "</row>" for r in range(2, 5_002))
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c t="inlineStr"><is><t>Name</t></is></c></row>'
        f"{rows}</sheetData></worksheet>"
    )
    data = _workbook_with_sheet(sheet)
    spy = Spy(monkeypatch)
    with pytest.raises(imports.ImportFileError, match="more than about 50,000 cells"):
        imports.read_upload(SimpleUploadedFile("cells.xlsx", data))
    assert spy.rows < 1_000  # of 5,001 rows
    assert spy.unpacked < len(sheet) / 2


def _workbook_with_sheet(sheet_xml: str) -> bytes:
    """The smallest workbook around one sheet's XML."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{rels}"><Relationship Id="rId1" '
            f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'xmlns:r="{rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets>'
            "</workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{rels}"><Relationship Id="rId1" Type="{rel}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


def test_a_huge_shared_string_within_the_archive_limits_is_capped(monkeypatch):
    """Without the size checks, the 400 MB shared string is read in chunks and kept only up
    to the cell limit: memory stays bounded and the message quotes 100 characters."""
    from assessment.inventory_core import readers
    from assessment.inventory_core.readers import xlsx_archive

    monkeypatch.setattr(xlsx_archive, "MAX_RATIO", 10**9)
    monkeypatch.setattr(
        readers.Limits,
        "__init__",
        _limits_init(max_unpacked_bytes=10**10, max_shared_strings_bytes=10**10),
    )
    tracemalloc.start()
    try:
        sheet = imports.read_upload(corpus_file("shared-string-bomb.xlsx"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200 * 1024 * 1024
    assert sheet.headers == ["Name"] and sheet.rows == [[None]]
    (error,) = sheet.errors
    assert "longer than 10,000 characters" in str(error.msg)
    assert len(str(error.msg)) < 300 and len(error.value) <= 100


def _limits_init(**overrides):
    from assessment.inventory_core import readers

    real = readers.Limits.__init__

    def init(self, **kwargs):
        real(self, **{**overrides, **kwargs})

    return init


def test_rows_past_the_scanned_limit_are_not_read(monkeypatch):
    spy = Spy(monkeypatch)
    with pytest.raises(imports.ImportFileError, match="counting empty ones"):
        imports.read_upload(corpus_file("many-empty-rows.xlsx"))
    # Reading stopped at row 100,001 of 150,002: a good part of the sheet was never unpacked.
    with zipfile.ZipFile(CORPUS / "many-empty-rows.xlsx") as archive:
        sheet_size = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    assert spy.rows <= imports.MAX_SCANNED_ROWS
    assert spy.unpacked < 0.75 * sheet_size


def test_a_50000_row_csv_stops_reading_after_the_row_limit(monkeypatch):
    spy = Spy(monkeypatch)
    text = "Name\n" + "".join(f"Tool {i}\n" for i in range(50_000))
    with pytest.raises(imports.ImportFileError, match="at most 10,000"):
        imports.read_upload(SimpleUploadedFile("big.csv", text.encode()))
    assert spy.rows == 1 + 10_001
