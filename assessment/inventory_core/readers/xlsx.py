"""Reading an Excel .xlsx file: its first sheet, and a warning when other sheets hold data."""

from __future__ import annotations

import io
import zipfile

from assessment.inventory_core.base import Message, gettext_noop, shorten
from assessment.inventory_core.readers.collector import Collector
from assessment.inventory_core.readers.limits import DEFAULT_LIMITS, Limits
from assessment.inventory_core.readers.sheet import NOT_XLSX, FileRefused, Sheet
from assessment.inventory_core.readers.xlsx_archive import (
    check_archive,
    encrypted,
    read_shared_strings,
    read_workbook,
)
from assessment.inventory_core.readers.xlsx_cells import SheetReader, has_data
from assessment.inventory_core.readers.xlsx_styles import read_styles
from assessment.inventory_core.readers.xlsx_xml import Budget

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


def read_xlsx(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Sheet:
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise FileRefused(encrypted())
        raise FileRefused(gettext_noop("Old .xls files are not supported; save as .xlsx or CSV."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise FileRefused(NOT_XLSX) from error
    with archive:
        names = check_archive(archive, limits)
        if "mimetype" in names and "content.xml" in names:
            raise FileRefused(
                gettext_noop(
                    "OpenDocument spreadsheets (.ods) are not supported; save the file as "
                    ".xlsx or CSV UTF-8."
                )
            )
        budget = Budget(limits)
        book = read_workbook(archive, names, budget)
        if not book.sheets or book.sheets[0][1] is None:
            raise FileRefused(
                gettext_noop(
                    "The first sheet of the workbook is not a table (it is a chart or missing). "
                    "Move the sheet with your data to the front and upload it again."
                )
            )
        strings = read_shared_strings(archive, book.shared_strings, limits, budget)
        styles = read_styles(archive, book.styles, budget)
        collector = Collector(limits)
        first_name, first_member = book.sheets[0]
        reader = SheetReader(
            archive, first_member, strings, styles, book.date1904, limits, budget, collector
        )
        records = reader.rows()
        try:
            for number, record, beyond in records:
                collector.add(number, record, beyond)
        finally:
            records.close()
        # Other sheets with data: say that only the first one is read.
        others = []
        for name, member in book.sheets[1:]:
            if member is None:
                continue
            look = Budget(Limits(max_scanned_cells=20_000), max_bytes=2 * 1024 * 1024)
            probe = SheetReader(archive, member, strings, styles, book.date1904, limits, look, None)
            if has_data(probe):
                others.append(name)
        if (collector.headers is None or not collector.rows) and others:
            raise FileRefused(
                gettext_noop(
                    "The first sheet, “%(first)s”, has no data rows; only the first sheet "
                    "is read, and your data seems to be on “%(other)s”. Move that sheet to "
                    "the front (or delete the others) and upload the file again."
                ),
                {"first": shorten(first_name, 40), "other": shorten(others[0], 40)},
            )
        warnings = []
        if others:
            warnings.append(
                Message(
                    gettext_noop(
                        "Only the first sheet, “%(first)s”, was read. The workbook has data on "
                        "other sheets too (%(others)s); they were ignored."
                    ),
                    {
                        "first": shorten(first_name, 40),
                        "others": shorten(", ".join(f"“{n}”" for n in others), 120),
                    },
                )
            )
        stats = {"bytes_read": budget.bytes, "elements_read": budget.elements}
        return collector.sheet(warnings, stats)
