"""Reading an import file: CSV or XLSX bytes in, a header and rows of cells out.

Pure Python (csv, zipfile, expat; no Django, no openpyxl workbook): every read is bounded
in time, memory and output, whatever the file claims. What cannot be read at all raises
:class:`FileRefused`; what is wrong in one row (a value past the last title, a quote that
never closes, a value longer than :data:`MAX_CELL_CHARS`, an Excel error or a formula
without its saved result) is a :class:`~assessment.inventory_core.rows.RowError` in
:attr:`Sheet.errors`, which blocks the import like any other row error. Things worth
knowing that block nothing (the file was read as Windows-1252; other sheets hold data)
are :attr:`Sheet.warnings`. See docs/inventories.md, "Reading files".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assessment.inventory_core.base import Message, gettext_noop
from assessment.inventory_core.readers.collector import Collector
from assessment.inventory_core.readers.currency import format_currency, money_text
from assessment.inventory_core.readers.delimited import detect_separator, read_csv
from assessment.inventory_core.readers.encodings import decode, is_text
from assessment.inventory_core.readers.limits import (
    DEFAULT_LIMITS,
    MAX_BYTES,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_SCANNED_ROWS,
    Limits,
)
from assessment.inventory_core.readers.sheet import (
    EMPTY,
    NOT_XLSX,
    FileRefused,
    Sheet,
    column_letter,
    too_many_rows,
)
from assessment.inventory_core.readers.xlsx import OLE_MAGIC, read_xlsx

__all__ = [
    "MAX_BYTES",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_SCANNED_ROWS",
    "FileRefused",
    "Limits",
    "Sheet",
    "column_letter",
    "decode",
    "detect_separator",
    "format_currency",
    "money_text",
    "read_csv",
    "read_file",
    "read_xlsx",
    "records_of",
    "too_many_rows",
]


def read_file(data: bytes, name: str = "", limits: Limits = DEFAULT_LIMITS) -> Sheet:
    """The sheet of an uploaded file (CSV or XLSX, told apart by content, then by name)."""
    if len(data) > MAX_BYTES:
        raise FileRefused(
            gettext_noop("The file is larger than %(mb)d MB; split it into several files."),
            {"mb": MAX_BYTES // (1024 * 1024)},
        )
    if not data.strip() or not data.strip(b"\x00\t\r\n \xef\xbb\xbf\xff\xfe"):
        raise FileRefused(EMPTY)
    name = name.lower()
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return read_xlsx(data, limits)
    if data.startswith(OLE_MAGIC):
        return read_xlsx(data, limits)
    if name.endswith(".xls"):
        raise FileRefused(gettext_noop("Old .xls files are not supported; save as .xlsx or CSV."))
    if name.endswith((".xlsx", ".xlsm")):
        if is_text(data):  # a CSV saved with an .xlsx name: read what it is
            sheet = read_csv(data, limits)
            sheet.warnings.append(
                Message(
                    gettext_noop("The file is named .xlsx but holds CSV text; it was read as CSV.")
                )
            )
            return sheet
        raise FileRefused(NOT_XLSX)
    return read_csv(data, limits)


def records_of(rows: Iterable[tuple[int, list[Any]]], limits: Limits = DEFAULT_LIMITS) -> Sheet:
    """A Sheet from numbered records (the first is the header); for tests and scripts."""
    collector = Collector(limits)
    for number, record in rows:
        collector.add(number, record)
    return collector.sheet([], {})
