"""Cleaning imported rows: raw cells in, typed values and per-row errors out.

The import is all-or-nothing: the caller commits only when :attr:`CleanResult.ok` (no
row error and no unresolved choice). Row numbers are the spreadsheet's (header = row 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from assessment.inventory_core.base import Message, gettext_noop, is_blank
from assessment.inventory_core.columns import HeaderMapping
from assessment.inventory_core.fields import FieldSpec, InventorySpec
from assessment.inventory_core.identity import resolve_targets
from assessment.inventory_core.rows.cleaner import MAX_CHOICE_CHARS, Cleaner, as_text
from assessment.inventory_core.rows.results import (
    HEADER_ROW,
    MAX_ROWS,
    CleanResult,
    DateOrderWarning,
    RowError,
    TooManyRowsError,
    UnresolvedValue,
    check_row_count,
)
from assessment.inventory_core.rows.tool_names import (
    ToolNames,
    join_tool_names,
    list_name_key,
    split_multi,
    split_tool_names,
)
from assessment.inventory_core.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "HEADER_ROW",
    "MAX_CHOICE_CHARS",
    "MAX_ROWS",
    "CleanResult",
    "DateOrderWarning",
    "RowError",
    "TooManyRowsError",
    "ToolNames",
    "UnresolvedValue",
    "check_row_count",
    "clean_rows",
    "join_tool_names",
    "list_name_key",
    "split_multi",
    "split_tool_names",
]


def _raw(row: Mapping[str, Any] | Sequence[Any], mapping: HeaderMapping, index: int) -> Any:
    if isinstance(row, Mapping):
        return row.get(mapping.headers[index])
    return row[index] if index < len(row) else None


def _row_is_blank(row: Mapping[str, Any] | Sequence[Any]) -> bool:
    values = row.values() if isinstance(row, Mapping) else row
    return all(is_blank(v) for v in values)


def _count_data_rows(rows: Sequence[Any], limit: int) -> int:
    """How many rows hold data, for the row limit: blank rows a spreadsheet leaves behind
    do not count. Only checked for blankness (nothing is parsed), and only when there are
    more rows than ``limit`` at all."""
    if len(rows) <= limit:
        return len(rows)
    return sum(1 for row in rows if not _row_is_blank(row))


def clean_rows(
    rows: Sequence[Mapping[str, Any] | Sequence[Any]],
    mapping: HeaderMapping,
    fields: Sequence[FieldSpec] | InventorySpec,
    choice_resolutions: Mapping[str, Mapping[str, str]] | None = None,
    known_tool_names: Iterable[str] = (),
    *,
    identity: Sequence[str] | None = None,
    taxonomy: Taxonomy | None = None,
    day_first: bool = True,
    existing: Mapping[int, Mapping[str, Any]] | None = None,
    row_numbers: Sequence[int] | None = None,
    known_member_emails: Iterable[str] | None = None,
) -> CleanResult:
    """Parse and check every data row (dicts keyed by header, or lists by column).

    ``choice_resolutions`` is ``{field: {typed value: option key}}`` from the person
    importing; ``known_tool_names`` are the tools integrations and touchpoints may name;
    ``identity`` is the natural key; it defaults to the inventory's (``TOOL.identity`` is
    the name) when ``fields`` is an :class:`InventorySpec`. ``existing`` maps the stored
    entries' ids to their natural-key values, so each row gets the entry it updates
    (``CleanResult.targets``, see identity.py). ``row_numbers`` are the spreadsheet's row
    numbers of ``rows`` when the reader left blank rows out (default: consecutive from 2).
    ``known_member_emails``: the members an "Owner e-mail" cell may name (None: any
    address is accepted).
    Entirely blank rows are skipped. Every non-blank row is returned (bad cells as None)
    for the preview.
    """
    unique, id_field = False, None
    if isinstance(fields, InventorySpec):
        identity = fields.identity if identity is None else identity
        unique, id_field = fields.unique_identity, fields.id_field
        fields = fields.fields
    if row_numbers is None:
        row_numbers = range(HEADER_ROW + 1, HEADER_ROW + 1 + len(rows))
    result = CleanResult()
    try:
        check_row_count(_count_data_rows(rows, MAX_ROWS))
    except TooManyRowsError as exc:
        result.errors.append(RowError(HEADER_ROW, "", "", exc.msg))
        return result
    if not mapping.ok:
        result.errors += [RowError(HEADER_ROW, "", "", m) for m in mapping.problem_messages(fields)]
        return result
    cleaner = Cleaner(
        mapping,
        fields,
        choice_resolutions or {},
        known_tool_names,
        taxonomy or load_taxonomy(),
        day_first,
        known_member_emails,
    )
    category_column = mapping.field_columns.get("category")
    for number, row in zip(row_numbers, rows, strict=True):
        if _row_is_blank(row):
            continue
        out: dict[str, Any] = {}
        for index, key in mapping.columns.items():
            out[key] = cleaner.cell(number, cleaner.specs[key], _raw(row, mapping, index), out)
        raw_category = None
        if category_column is not None:
            raw_value = _raw(row, mapping, category_column)
            raw_category = None if is_blank(raw_value) else as_text(raw_value)
        cleaner.row_rules(number, out, raw_category)
        result.rows.append(out)
        result.row_numbers.append(number)
    if not result.rows:
        message = Message(gettext_noop("The file has no data rows."))
        result.errors.append(RowError(HEADER_ROW, "", "", message))
        return result
    result.targets = resolve_targets(
        result.rows,
        result.row_numbers,
        specs=cleaner.specs,
        identity=tuple(identity or ()),
        id_field=id_field if id_field in cleaner.specs else None,
        present=set(mapping.field_columns),
        unique=unique,
        existing=existing,
        error=cleaner.error,
        shown=cleaner.shown,
    )
    result.date_warnings = cleaner.date_warnings()
    order = {key: i for i, key in enumerate(mapping.field_columns)}
    result.errors = sorted(
        cleaner.errors, key=lambda e: (e.row_number, order.get(e.field or "", len(order)))
    )
    result.unresolved_choices = {
        key: [UnresolvedValue(v[0], v[1], v[2], tuple(v[3])) for v in entries.values()]
        for key, entries in cleaner.unresolved.items()
        if entries
    }
    return result
