"""What cleaning rows gives back: typed rows, row errors, unresolved choices, date-order
warnings; and the row limit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assessment.inventory_core.base import (
    Message,
    ValueParseError,
    ngettext,
)

#: Larger files are refused before any row is parsed: a living inventory of tools,
#: integrations or touchpoints has hundreds of rows, and a request must stay well within
#: a web worker's time and memory.
MAX_ROWS = 10_000
HEADER_ROW = 1


class TooManyRowsError(ValueParseError):
    pass


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem in one cell (or row). ``column`` is the file's header, or the field's
    label (a :class:`Label`) when the file has no such column; ``msg`` is translatable."""

    row_number: int
    column: str
    value: str
    msg: Message
    field: str | None = None

    @property
    def message(self) -> str:
        """The message in English."""
        return str(self.msg)


@dataclass(frozen=True, slots=True)
class UnresolvedValue:
    """A choice value that matches no option: map it to one or add it to the taxonomy."""

    value: str
    count: int
    suggestion: str | None
    rows: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class DateOrderWarning:
    """A date column whose day/month order is ambiguous or contradicts the chosen order.

    Never blocks the import (the dates are valid), but is shown so nobody imports 3 April
    for March 4 unaware; ``day_first`` is the order the preview suggests switching to.
    """

    field: str
    column: str
    msg: Message
    day_first: bool

    @property
    def message(self) -> str:
        return str(self.msg)


@dataclass(slots=True)
class CleanResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unresolved_choices: dict[str, list[UnresolvedValue]] = field(default_factory=dict)
    row_numbers: list[int] = field(default_factory=list)
    #: Per row, the stored entry it updates (None: a new entry); see identity.py.
    targets: list[int | None] = field(default_factory=list)
    date_warnings: list[DateOrderWarning] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the whole file may be committed."""
        return not self.errors and not self.unresolved_choices


def check_row_count(count: int, limit: int = MAX_ROWS) -> None:
    """Refuse a file with more than ``limit`` data rows (call it before reading them all)."""
    if count > limit:
        raise TooManyRowsError(
            Message.counted(
                ngettext(
                    "The file has %(count)s data row; an import takes at most %(limit)s. "
                    "Split it into several files.",
                    "The file has %(count)s data rows; an import takes at most %(limit)s. "
                    "Split it into several files.",
                    count,
                ),
                {"count": f"{count:,}", "limit": f"{limit:,}"},
            )
        )
