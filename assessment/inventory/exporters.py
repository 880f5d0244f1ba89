"""Export an inventory as CSV or XLSX (tablib) with the columns the importer reads, so
export → import is a round trip. Text that a spreadsheet would run as a formula is
neutralised with a leading apostrophe (the importer removes it again)."""

from __future__ import annotations

import tablib

from assessment.inventory import selectors
from assessment.inventory.imports import INVENTORIES
from assessment.inventory_core.fields import FieldKind
from assessment.inventory_core.rows import ToolNames, join_tool_names, split_multi
from assessment.inventory_core.taxonomy import load_taxonomy
from assessment.inventory_core.values import neutralise_formula
from assessment.models import Tool

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _seed_name(list_name: str, key: str) -> str:
    """English seed label of a fixed choice: stable across UI languages, re-importable."""
    choice = load_taxonomy().get(list_name, key)
    return choice.name if choice else key


def _multi(names: list[str]) -> str:
    """Join parts with "; " unless a part would split differently on import."""
    return "; ".join(names)


def _safe_part(name: str, key: str) -> str:
    return name if len(split_multi(name)) == 1 else key


def _value(inventory: str, spec, obj, tool_names: ToolNames | None = None):
    key = spec.key
    if spec.kind == FieldKind.ID:
        return obj.pk  # a re-import updates this entry (see inventory_core/identity.py)
    if spec.kind == FieldKind.MEMBER_EMAIL:  # the owner member (Tool.owned_by)
        return obj.owned_by.email if obj.owned_by_id else ""
    raw = getattr(obj, key) if key not in ("data_objects", "tools") else None
    if spec.kind == FieldKind.CHOICE and spec.choices:
        if key in ("category", "subcategory"):
            return raw.name if raw is not None else ""
        return _seed_name(spec.choices, raw) if raw else ""
    if spec.kind == FieldKind.MULTI_CHOICE:
        if key == "data_objects":
            return _multi([_safe_part(d.name, d.key) for d in obj.data_objects.all()])
        return _multi([_safe_part(_seed_name(spec.choices, s), s) for s in raw or ()])
    if spec.kind == FieldKind.TOOL_REF:
        return raw.name
    if spec.kind == FieldKind.TOOL_REF_LIST:
        names = sorted((t.name for t in obj.tools.all()), key=str.casefold)
        # Joined so that the importer, matching known names longest first, reads the same
        # tools back even when a name contains a separator ("Acme, Inc.").
        return join_tool_names(names, tool_names or ToolNames.of(names))
    if spec.kind == FieldKind.BOOL:
        return "" if raw is None else ("yes" if raw else "no")
    if spec.kind == FieldKind.DATE:
        return raw.isoformat() if raw else ""
    if spec.kind == FieldKind.MONEY:
        return "" if raw is None else f"{raw:.2f}"
    if spec.kind == FieldKind.INT:
        return "" if raw is None else int(raw)
    return raw or ""


def queryset_for(inventory: str, organisation):
    return {
        "tools": lambda organisation: selectors.tools(organisation).select_related("owned_by"),
        "integrations": selectors.integrations,
        "touchpoints": selectors.touchpoints,
    }[inventory](organisation)


def _organisation_tool_names(objects) -> ToolNames | None:
    """Every tool name of the exported rows' organisation (what the importer matches)."""
    first = next(iter(objects), None)
    if first is None:
        return None
    names = Tool.objects.filter(organisation_id=first.organisation_id).values_list(
        "name", flat=True
    )
    return ToolNames.of(names)


def build_dataset(inventory: str, objects) -> tablib.Dataset:
    spec = INVENTORIES[inventory]
    fields = spec.fields
    tool_names = _organisation_tool_names(objects) if inventory == "touchpoints" else None
    dataset = tablib.Dataset(headers=[f.label for f in fields], title=spec.label)
    for obj in objects:
        dataset.append([neutralise_formula(_value(inventory, f, obj, tool_names)) for f in fields])
    return dataset


def export(inventory: str, objects, file_format: str) -> bytes:
    dataset = build_dataset(inventory, objects)
    if file_format == "xlsx":
        return dataset.export("xlsx")
    return ("\ufeff" + dataset.export("csv")).encode("utf-8")
