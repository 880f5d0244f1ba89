"""The pure core's messages in the reader's language, and reading problems as JSON for the
session file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext, ngettext

from assessment.inventory_core.base import Label, Message
from assessment.inventory_core.rows import RowError


def message_text(message: Message) -> str:
    """A message of the pure core in the current language (the core marks its English
    with gettext_noop; field labels inside it are translated too)."""
    return message.render(gettext, ngettext)


def column_text(column: str) -> str:
    """A row error's column: the file's own header as it is, a field label translated."""
    return gettext(column) if isinstance(column, Label) else column


def dump_messages(items: Sequence[Message | RowError]) -> list[list[Any]]:
    """Reading problems or warnings as JSON for the session file."""
    out = []
    for item in items:
        if isinstance(item, RowError):
            row = [item.row_number, str(item.column), item.value]
            message = item.msg
        else:
            row, message = [], item
        params = {k: v for k, v in message.params.items() if isinstance(v, str | int | float)}
        out.append([*row, message.template, params, message.plural, message.count])
    return out


def load_row_errors(items: Sequence[Sequence[Any]]) -> list[RowError]:
    return [RowError(r, c, v, Message(t, p, pl, n)) for r, c, v, t, p, pl, n in items]


def load_warnings(items: Sequence[Sequence[Any]]) -> list[Message]:
    return [Message(t, p, pl, n) for t, p, pl, n in items]
