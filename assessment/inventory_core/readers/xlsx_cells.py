"""Streaming one worksheet's rows and turning its cells into values."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from assessment.inventory_core.base import gettext_noop, is_blank, shorten
from assessment.inventory_core.readers.collector import Collector
from assessment.inventory_core.readers.currency import money_text
from assessment.inventory_core.readers.limits import EXCEL_MAX_COLUMNS, Limits
from assessment.inventory_core.readers.sheet import (
    DAMAGED,
    FileRefused,
    column_letter,
    too_many_scanned,
)
from assessment.inventory_core.readers.xlsx_styles import Style
from assessment.inventory_core.readers.xlsx_xml import Budget, feed, local_name, xml_parser

_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d+)$")


def _column_index(ref: str | None) -> int | None:
    match = _CELL_REF.match(ref or "")
    if not match:
        return None
    index = 0
    for ch in match.group(1).upper():
        index = index * 26 + ord(ch) - 64
    return index


def _number(text: str) -> int | float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _date_value(number: float, date1904: bool) -> str | None:
    if number < 0 or number > 2958465:  # Excel's last day, 9999-12-31
        return None
    if not date1904 and number < 60:
        number += 1  # Excel's imaginary 1900-02-29
    moment = (_EPOCH_1904 if date1904 else _EPOCH_1900) + dt.timedelta(days=number)
    moment = moment.replace(microsecond=0) if moment.microsecond < 500_000 else moment
    if moment.time() == dt.time(0):
        return moment.date().isoformat()
    return moment.replace(microsecond=0).isoformat()


class SheetReader:
    """Streams the rows of one worksheet with expat: (row number, cells) pairs."""

    def __init__(
        self,
        archive: zipfile.ZipFile,
        member: str,
        strings: list[str],
        styles: list[Style],
        date1904: bool,
        limits: Limits,
        budget: Budget,
        collector: Collector | None,
    ) -> None:
        self.archive, self.member = archive, member
        self.strings, self.styles, self.date1904 = strings, styles, date1904
        self.limits, self.budget, self.collector = limits, budget, collector
        self.pending: list[tuple[int, list[Any], tuple[int, Any] | None]] = []
        self.row_number = 0
        self.cells: dict[int, Any] = {}
        self.cells_in_row = 0
        self.beyond: tuple[int, Any] | None = None
        self.column = 0
        self.cell: dict[str, Any] | None = None
        self.capture: str | None = None
        self.text: list[str] = []
        self.text_length = 0
        self.formula = False
        self.in_inline = False
        self.phonetic = 0

    def start(self, name: str, attrs: dict) -> None:
        tag = name if ":" not in name else local_name(name)
        budget = self.budget
        budget.elements += 1
        if budget.elements > budget.max_elements:
            budget.element()  # raises
        if tag == "c":
            self.cells_in_row += 1
            if self.cells_in_row > EXCEL_MAX_COLUMNS:
                raise FileRefused(
                    DAMAGED, {"detail": f"row {self.row_number}: over {EXCEL_MAX_COLUMNS:,} cells"}
                )
            ref = attrs.get("r")
            column = (_column_index(ref) if ref else None) or self.column + 1
            if column <= self.column:
                raise FileRefused(DAMAGED, {"detail": f"cell {shorten(ref or '', 12)}"})
            self.column = column
            self.cell = {"t": attrs.get("t", "n"), "s": attrs.get("s"), "v": None}
            self.formula = False
        elif tag == "row":
            try:
                number = int(attrs["r"]) if "r" in attrs else self.row_number + 1
            except ValueError:
                number = self.row_number + 1
            if number <= self.row_number:
                raise FileRefused(DAMAGED, {"detail": f"row {number}"})
            if number > self.limits.max_scanned_rows:
                raise too_many_scanned(self.limits.max_scanned_rows)
            self.row_number, self.cells, self.column, self.beyond = number, {}, 0, None
            self.cells_in_row = 0
        elif tag == "v":
            self.capture, self.text, self.text_length = tag, [], 0
        elif tag == "t" and self.in_inline and not self.phonetic:
            self.capture = tag  # runs of rich text add up
        elif tag == "f":
            self.formula = True
        elif tag == "is":
            self.in_inline = True
            self.text, self.text_length = [], 0
        elif tag == "rPh":
            self.phonetic += 1

    def end(self, name: str) -> None:
        tag = name if ":" not in name else local_name(name)
        if tag == "c" and self.cell is not None:
            cell, self.cell = self.cell, None
            if cell["v"] is None and not self.formula:
                return  # an empty (formatted) cell: the common case, kept cheap
            value = self.value(cell)
            if value is not None and self.column <= self.limits.max_columns:
                self.cells[self.column] = value
            elif not is_blank(value) and self.beyond is None:
                self.beyond = (self.column - 1, value)
        elif tag in ("v", "t") and self.capture == tag and self.cell is not None:
            if tag == "v":
                self.cell["v"] = "".join(self.text)
            self.capture = None
        elif tag == "is" and self.cell is not None:
            self.in_inline = False
            self.cell["v"] = "".join(self.text)
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "row":
            self.flush_row()

    def flush_row(self) -> None:
        if self.cells:
            width = max(self.cells)
            record = [None] * width
            for column, value in self.cells.items():
                record[column - 1] = value
        else:
            record = []
        self.pending.append((self.row_number, record, self.beyond))
        self.cells, self.beyond = {}, None

    def text_data(self, data: str) -> None:
        if self.capture is not None:
            cap = self.limits.max_cell_chars + 1
            if self.text_length < cap:
                piece = data[: cap - self.text_length]
                self.text.append(piece)
                self.text_length += len(piece)

    def value(self, cell: dict[str, Any]) -> Any:
        kind, raw = cell["t"], cell["v"]
        where = self.where()
        if raw is None:
            if self.formula and self.collector is not None:
                self.collector.error(
                    self.row_number,
                    self.header(),
                    "",
                    gettext_noop(
                        "Cell %(cell)s holds a formula without its result (the file was not "
                        "saved by a spreadsheet that calculates). Open it in Excel or "
                        "LibreOffice and save it again, or type the value."
                    ),
                    cell=where,
                )
            return None
        if kind == "s":
            try:
                return self.strings[int(raw)]
            except (ValueError, IndexError):
                raise FileRefused(DAMAGED, {"detail": f"cell {where}"}) from None
        if kind in ("inlineStr", "str", "d"):
            return raw
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "e":
            if raw.strip().upper() == "#N/A":
                return None
            if self.collector is not None:
                self.collector.error(
                    self.row_number,
                    self.header(),
                    raw,
                    gettext_noop(
                        "Cell %(cell)s shows the Excel error %(error)s instead of a value; fix "
                        "the formula or type the value."
                    ),
                    cell=where,
                    error=shorten(raw, 20),
                )
            return None
        number = _number(raw)
        if number is None:
            return raw.strip() or None
        style = self.style(cell["s"])
        if style.date:
            return _date_value(float(number), self.date1904) or number
        if style.currency:
            return money_text(raw, style.currency)
        return number

    def where(self) -> str:
        return f"{column_letter(self.column)}{self.row_number}"

    def style(self, index: str | None) -> Style:
        try:
            return self.styles[int(index)] if index is not None else Style()
        except (ValueError, IndexError):
            return Style()

    def header(self) -> str:
        headers = self.collector.headers if self.collector else None
        if headers and self.column <= len(headers):
            return headers[self.column - 1]
        return column_letter(self.column)

    def rows(self) -> Iterator[tuple[int, list[Any], tuple[int, Any] | None]]:
        parser = xml_parser()
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text_data
        for _ in feed(self.archive, self.member, parser, self.budget):
            yield from self.pending
            self.pending.clear()


def has_data(reader: SheetReader) -> bool:
    """Whether a sheet has a value in a row after its first (a bounded look)."""
    rows = reader.rows()
    try:
        for number, record, beyond in rows:
            if number > 1 and (beyond or any(not is_blank(v) for v in record)):
                return True
    except FileRefused:  # too big to look through, or damaged: say nothing
        return False
    finally:
        rows.close()
    return False
