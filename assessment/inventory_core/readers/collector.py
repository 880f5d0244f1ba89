"""Numbered records to a Sheet: the part of reading that CSV and XLSX share."""

from __future__ import annotations

from typing import Any

from assessment.inventory_core.base import Message, gettext_noop, is_blank, shorten
from assessment.inventory_core.readers.limits import MAX_HEADER_CHARS, Limits
from assessment.inventory_core.readers.sheet import (
    EMPTY,
    HEADER_TOO_LONG,
    NO_HEADER,
    TOO_LONG,
    FileRefused,
    Sheet,
    column_letter,
    too_many_rows,
    too_many_scanned,
    too_much_text,
    too_wide,
)
from assessment.inventory_core.rows import RowError


class Collector:
    """Turns numbered records into a Sheet: header, non-blank rows, limits, row errors."""

    def __init__(self, limits: Limits, *, csv_separator: str | None = None) -> None:
        self.limits = limits
        self.csv_separator = csv_separator
        self.headers: list[str] | None = None
        self.rows: list[list[Any]] = []
        self.numbers: list[int] = []
        self.errors: list[RowError] = []
        self.chars = 0
        self.scanned = 0

    def column_name(self, index: int) -> str:
        """How a message names the column with 0-based ``index``."""
        return str(index + 1) if self.csv_separator is not None else column_letter(index + 1)

    def error(self, at: int, header: str, cell: Any, template: str, /, **params: Any) -> None:
        text = "" if cell is None else str(cell)
        self.errors.append(RowError(at, header, shorten(text), Message(template, params)))

    def count_text(self, value: Any) -> None:
        if isinstance(value, str):
            self.chars += len(value)
            if self.chars > self.limits.max_text_chars:
                raise too_much_text(self.limits.max_text_chars)

    def add(self, number: int, record: list[Any], beyond: tuple[int, Any] | None = None) -> None:
        """One record of the file (the first is the header). ``beyond`` is the first value
        of an XLSX row past MAX_COLUMNS (0-based column, value), not kept in ``record``."""
        if number > self.limits.max_scanned_rows:
            raise too_many_scanned(self.limits.max_scanned_rows)
        self.scanned = number
        if self.headers is None:
            if beyond is not None:
                raise too_wide(self.limits.max_columns)
            self.set_header(record)
            return
        if beyond is None and all(is_blank(v) for v in record):
            return
        width = len(self.headers)
        extra = [(i, v) for i, v in enumerate(record[width:], start=width) if not is_blank(v)]
        if beyond is not None:
            extra.append(beyond)
        if extra:
            index, value = extra[0]
            if self.csv_separator is not None:
                self.error(
                    number,
                    "",
                    value,
                    gettext_noop(
                        "Row %(row)s has %(count)s values but the first row has %(width)s "
                        "column titles: “%(value)s” is in column %(column)s, which has no "
                        "title. Put a value that contains the separator “%(separator)s” (such as "
                        "$1,200.00) in double quotes."
                    ),
                    row=number,
                    count=len(record),
                    width=width,
                    value=shorten(str(value)),
                    column=self.column_name(index),
                    separator=self.csv_separator,
                )
            else:
                self.error(
                    number,
                    "",
                    value,
                    gettext_noop(
                        "Row %(row)s has a value (“%(value)s”) in column %(column)s, which "
                        "has no title in the first row. Give the column a title, or delete "
                        "the value."
                    ),
                    row=number,
                    value=shorten(str(value)),
                    column=self.column_name(index),
                )
        row = (list(record[:width]) + [None] * width)[:width]
        for index, value in enumerate(row):
            if isinstance(value, str) and len(value) > self.limits.max_cell_chars:
                self.error(
                    number,
                    self.headers[index],
                    value,
                    TOO_LONG,
                    limit=f"{self.limits.max_cell_chars:,}",
                    value=shorten(value),
                )
                row[index] = None
            else:
                self.count_text(value)
        self.rows.append(row)
        self.numbers.append(number)
        if len(self.rows) > self.limits.max_rows:
            raise FileRefused(too_many_rows(self.limits.max_rows))

    def set_header(self, record: list[Any]) -> None:
        headers = ["" if v is None else str(v).strip() for v in record]
        while headers and not headers[-1]:
            headers.pop()
        if not headers:
            raise FileRefused(NO_HEADER)
        if len(headers) > self.limits.max_columns:
            raise too_wide(self.limits.max_columns)
        for index, header in enumerate(headers):
            if len(header) > MAX_HEADER_CHARS:
                raise FileRefused(
                    HEADER_TOO_LONG,
                    {
                        "column": self.column_name(index),
                        "limit": MAX_HEADER_CHARS,
                        "value": shorten(header),
                    },
                )
        self.headers = headers

    def sheet(self, warnings: list[Message], stats: dict[str, int]) -> Sheet:
        if self.headers is None:
            raise FileRefused(EMPTY)
        stats = {"rows_scanned": self.scanned, **stats}
        return Sheet(self.headers, self.rows, self.numbers, self.errors, warnings, stats)
