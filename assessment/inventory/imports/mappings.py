"""Remembered mappings (the organisation's column and value choices for files of the same
shape), and the API's column choices."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from assessment.inventory import selectors
from assessment.inventory.imports.inventories import ADD, INVENTORIES
from assessment.inventory_core.columns import map_headers
from assessment.inventory_core.normalise import normalise_key

if TYPE_CHECKING:
    from assessment.inventory.imports.sessions import ImportSession


def apply_remembered(session: ImportSession, organisation, *, columns=None, values=None) -> None:
    """Apply the organisation's remembered mappings for files of this shape, except
    where `columns` ({column index: field or None}) or `values` ({field: {value: key}})
    given now say otherwise; the ones applied are kept in `remembered`."""
    columns, values = columns or {}, values or {}
    session.overrides = {str(i): key for i, key in columns.items()}
    session.resolutions = {f: dict(v) for f, v in values.items()}
    session.remembered = {"columns": {}, "values": {}}
    mapping = selectors.import_mapping(organisation, session.inventory, session.headers)
    if mapping is None:
        return
    keys = {f.key for f in session.spec.fields}
    for index, header in enumerate(session.headers):
        form = normalise_key(header) if header else ""
        if form not in mapping.columns or index in columns:
            continue
        key = mapping.columns[form]
        if key is None or key in keys:
            session.overrides[str(index)] = key
            session.remembered["columns"][header] = key
    for field_key, remembered_values in mapping.values.items():
        if field_key not in keys or not isinstance(remembered_values, dict):
            continue
        given = {normalise_key(v) for v in values.get(field_key, {})}
        for raw, key in remembered_values.items():
            if normalise_key(raw) in given or not isinstance(key, str):
                continue
            session.resolutions.setdefault(field_key, {})[raw] = key
            session.remembered["values"].setdefault(field_key, {})[raw] = key


def forget_remembered(session: ImportSession) -> None:
    """Drop the remembered mappings applied to this preview (the person overrides them)."""
    for header, key in session.remembered.get("columns", {}).items():
        for index, own in enumerate(session.headers):
            if own == header and session.overrides.get(str(index), "-") == key:
                session.overrides.pop(str(index))
    for field_key, values in session.remembered.get("values", {}).items():
        for raw, key in values.items():
            if session.resolutions.get(field_key, {}).get(raw) == key:
                session.resolutions[field_key].pop(raw)
    session.remembered = {}


def mappings_to_remember(
    session: ImportSession,
) -> tuple[dict[str, str | None], dict[str, dict[str, str]]]:
    """The column choices that differ from the automatic mapping ({header: field or
    None}) and the value mappings to options ({field: {value: key}}) of this import."""
    automatic = map_headers(session.headers, session.spec.fields).columns
    columns: dict[str, str | None] = {}
    for index, key in session.overrides.items():
        index = int(index)
        valid = 0 <= index < len(session.headers) and session.headers[index]
        if valid and automatic.get(index) != key:
            columns[session.headers[index]] = key
    values = {
        field_key: {raw: key for raw, key in chosen.items() if key and not key.startswith(ADD)}
        for field_key, chosen in session.resolutions.items()
    }
    return columns, {f: v for f, v in values.items() if v}


def column_overrides(
    headers: Sequence[str], inventory: str, columns: dict[str, str | None]
) -> tuple[dict[int, str | None], list[str]]:
    """The API's `columns` ({header as in the file: field key, or null/"" to ignore it}) as
    {column index: field or None}, and a message per header or field it does not know.
    A header is found as typed, else by its normalised title ("annual cost" = "Annual Cost")."""
    keys = [f.key for f in INVENTORIES[inventory].fields]
    overrides: dict[int, str | None] = {}
    problems: list[str] = []
    for header, key in columns.items():
        indexes = [i for i, h in enumerate(headers) if h == str(header).strip()] or [
            i for i, h in enumerate(headers) if h and normalise_key(h) == normalise_key(header)
        ]
        if not indexes:
            problems.append(_("“%(header)s” is not a column of the file.") % {"header": header})
            continue
        if key not in (None, "") and key not in keys:
            problems.append(
                _("“%(field)s” is not a field here; use one of: %(fields)s.")
                % {"field": key, "fields": ", ".join(keys)}
            )
            continue
        for index in indexes:
            overrides[index] = key or None
    return overrides, problems
