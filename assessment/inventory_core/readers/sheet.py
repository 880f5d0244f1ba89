"""What a read gives back (Sheet), what refuses a file (FileRefused) and the messages
both formats share."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from assessment.inventory_core.base import Message, gettext_noop, ngettext
from assessment.inventory_core.rows import MAX_ROWS, RowError


class FileRefused(ValueError):
    """The file cannot be imported at all; ``msg`` says why (translatable)."""

    def __init__(self, template: str | Message, params: dict | None = None) -> None:
        self.msg = template if isinstance(template, Message) else Message(template, params or {})
        super().__init__(str(self.msg))


@dataclass
class Sheet:
    """An uploaded sheet: the header row (trailing blank titles dropped), the data rows that
    are not blank (each exactly as wide as the header), each row's number in the
    spreadsheet (the header is row 1), the rows' reading problems and warnings.

    Unpacks as ``headers, rows, row_numbers`` like the tuple it replaces.
    """

    headers: list[str]
    rows: list[list[Any]]
    row_numbers: list[int]
    errors: list[RowError] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    #: Work done, for tests and logs: rows and cells read, bytes unpacked.
    stats: dict[str, int] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Any]:
        return iter((self.headers, self.rows, self.row_numbers))


def too_many_rows(limit: int = MAX_ROWS) -> Message:
    return Message.counted(
        ngettext(
            "The file has more than %(limit)s data row; an import takes at most %(limit)s. "
            "Split it into several files.",
            "The file has more than %(limit)s data rows; an import takes at most %(limit)s. "
            "Split it into several files.",
            limit,
        ),
        {"limit": f"{limit:,}"},
    )


def too_many_scanned(limit: int) -> FileRefused:
    return FileRefused(
        Message.counted(
            ngettext(
                "The file has more than %(limit)s row, counting empty ones (in Excel, rows "
                "that only have formatting count too). Delete the empty rows below your "
                "data and upload it again.",
                "The file has more than %(limit)s rows, counting empty ones (in Excel, rows "
                "that only have formatting count too). Delete the empty rows below your "
                "data and upload it again.",
                limit,
            ),
            {"limit": f"{limit:,}"},
        )
    )


def too_wide(limit: int) -> FileRefused:
    return FileRefused(
        Message.counted(
            ngettext(
                "The file has more than %(n)d column with a title; an import takes at most "
                "%(n)d. Delete the columns you do not need.",
                "The file has more than %(n)d columns with a title; an import takes at most "
                "%(n)d. Delete the columns you do not need.",
                limit,
            ),
            {"n": limit},
        )
    )


def too_much_text(limit: int) -> FileRefused:
    return FileRefused(
        gettext_noop(
            "The file holds more than %(limit)s characters of text; an import takes at most "
            "that. Split it into several files."
        ),
        {"limit": f"{limit:,}"},
    )


EMPTY = gettext_noop("The file is empty.")
NO_HEADER = gettext_noop("The first row must hold the column titles; it is empty.")
TOO_LONG = gettext_noop(
    "The value is longer than %(limit)s characters (“%(value)s”); an import takes at most "
    "%(limit)s characters in a cell."
)
HEADER_TOO_LONG = gettext_noop(
    "The column title in column %(column)s is longer than %(limit)s characters "
    "(“%(value)s”). The first row must hold short column titles."
)
NOT_XLSX = gettext_noop(
    "This is not an Excel .xlsx file (it may be renamed or damaged). Upload a .xlsx or CSV."
)
DAMAGED = gettext_noop(
    "The Excel file could not be read: it is damaged (%(detail)s). Open it in Excel, save "
    "it again as .xlsx, or save it as CSV UTF-8."
)


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
