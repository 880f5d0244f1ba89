"""Spreadsheet import: read a CSV/XLSX upload (inventory_core/readers.py), keep it server-side
as a preview, let the pure core map headers and clean rows, then commit all-or-nothing.

Steps: `read_upload()` → `ImportSession.create()` (JSON under MEDIA_ROOT/imports/) →
`ImportSession.preview()` (mapping, per-row errors, unresolved choices) → `commit()`.
Nothing is written to the inventory unless every row is clean.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _

from assessment.inventory import services
from assessment.inventory_core import readers
from assessment.inventory_core._base import Label, Message
from assessment.inventory_core.columns import HeaderMapping, map_headers
from assessment.inventory_core.fields import INTEGRATION, TOOL, TOUCHPOINT, InventorySpec
from assessment.inventory_core.normalise import normalise_name
from assessment.inventory_core.readers import Sheet
from assessment.inventory_core.rows import MAX_ROWS, CleanResult, RowError, clean_rows
from assessment.inventory_core.taxonomy import DATA_FILE, Taxonomy, TaxonomyError, parse_taxonomy
from assessment.models import (
    DataObject,
    Integration,
    Tool,
    ToolCategory,
    ToolSubcategory,
    Touchpoint,
)
from core.services import ServiceError

MAX_BYTES = readers.MAX_BYTES
MAX_COLUMNS = readers.MAX_COLUMNS
#: Rows read at all, blank ones included: bounds the time spent on a sheet whose rows are
#: mostly empty but formatted.
MAX_SCANNED_ROWS = readers.MAX_SCANNED_ROWS
IMPORT_MAX_AGE = dt.timedelta(days=1)
ADD = "__add__"  # a choice resolution meaning "add this value to the taxonomy"

INVENTORIES: dict[str, InventorySpec] = {
    "tools": TOOL,
    "integrations": INTEGRATION,
    "touchpoints": TOUCHPOINT,
}
MODELS = {"tools": Tool, "integrations": Integration, "touchpoints": Touchpoint}
#: Choice fields whose values live in the organisation's editable taxonomy.
TAXONOMY_FIELDS = {
    "category": ToolCategory,
    "subcategory": ToolSubcategory,
    "data_objects": DataObject,
}


class ImportFileError(ServiceError):
    """The file cannot be read at all (encoding, format, size): nothing was imported."""


# --- reading (assessment/inventory_core/readers.py does the work) --------------------------


def _limits() -> readers.Limits:
    """The reader's limits, read from this module at call time (tests lower them)."""
    return readers.Limits(max_columns=MAX_COLUMNS, max_scanned_rows=MAX_SCANNED_ROWS)


def _cell(value: Any) -> Any:
    """JSON-safe cell: dates as ISO text, Decimals as text, the rest unchanged."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _refused(error: readers.FileRefused) -> ImportFileError:
    return ImportFileError(message_text(error.msg))


def _decode(data: bytes) -> str:
    """The text of a CSV upload (UTF-8/UTF-16 with BOM, else Windows-1252)."""
    try:
        return readers.decode(data)[0]
    except readers.FileRefused as error:
        raise _refused(error) from error


def _read_csv(data: bytes) -> tuple[list[list[Any]], list[int]]:
    try:
        sheet = readers.read_csv(data, _limits())
    except readers.FileRefused as error:
        raise _refused(error) from error
    return [sheet.headers, *sheet.rows], [1, *sheet.row_numbers]


def _read_xlsx(data: bytes) -> tuple[list[list[Any]], list[int]]:
    try:
        sheet = readers.read_xlsx(data, _limits())
    except readers.FileRefused as error:
        raise _refused(error) from error
    return [sheet.headers, *sheet.rows], [1, *sheet.row_numbers]


def _too_many() -> str:
    return message_text(readers.too_many_rows(MAX_ROWS))


def read_upload(upload) -> Sheet:
    """The sheet of an uploaded CSV or XLSX; ImportFileError when unreadable.

    Row-level reading problems are in ``sheet.errors`` (they block the import: pass them
    on to the session), notes in ``sheet.warnings``; see readers.py.
    """
    if upload.size > MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(mb)d MB; split it into several files.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    data = upload.read(MAX_BYTES + 1)
    try:
        return readers.read_file(data, upload.name or "", _limits())
    except readers.FileRefused as error:
        raise _refused(error) from error


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


# --- the organisation's taxonomy for the pure core ----------------------------------------


@cache
def _seed_data() -> dict:
    with open(DATA_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def organisation_taxonomy(organisation, additions: dict[str, list[dict]] | None = None) -> Taxonomy:
    """The seed's fixed lists plus the organisation's own categories and data objects
    (and entries the person chose to add during this import)."""
    additions = additions or {}
    categories = list(ToolCategory.objects.for_organisation(organisation).order_by("position"))
    subs = list(ToolSubcategory.objects.for_organisation(organisation).select_related("category"))
    groups = []
    for category in categories:
        members = [
            {"key": s.key, "name": s.name, "aliases": s.aliases}
            for s in subs
            if s.category_id == category.pk
        ]
        members += [
            {"key": a["key"], "name": a["name"]}
            for a in additions.get("subcategory", [])
            if a["group"] == category.key
        ]
        # The pure core needs at least one subcategory per group.
        members = members or [{"key": f"{category.key}__general", "name": f"{category.name} —"}]
        groups.append(
            {
                "key": category.key,
                "name": category.name,
                "aliases": category.aliases,
                "subcategories": members,
            }
        )
    for added in additions.get("category", []):
        groups.append(
            {
                "key": added["key"],
                "name": added["name"],
                "subcategories": [
                    {"key": f"{added['key']}__general", "name": f"{added['name']} —"}
                ],
            }
        )
    data = dict(_seed_data())
    data["category_groups"] = groups or data["category_groups"]
    objects = [
        {"key": o.key, "name": o.name, "aliases": o.aliases}
        for o in DataObject.objects.for_organisation(organisation).order_by("position")
    ] + [{"key": a["key"], "name": a["name"]} for a in additions.get("data_objects", [])]
    data["data_objects"] = objects or data["data_objects"]
    return parse_taxonomy(data)


# --- the import session (preview state kept on disk) ---------------------------------------


def _directory() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _path(token) -> Path:
    return _directory() / f"{uuid.UUID(str(token)).hex}.json"


def message_text(message: Message) -> str:
    """A message of the pure core in the current language (the core marks its English
    with gettext_noop; field labels inside it are translated too)."""
    return message.render(gettext, ngettext)


def column_text(column: str) -> str:
    """A row error's column: the file's own header as it is, a field label translated."""
    return gettext(column) if isinstance(column, Label) else column


@dataclass(frozen=True)
class ShownError:
    """A row error as the person importing reads it (translated)."""

    row_number: int
    column: str
    value: str
    message: str
    field: str | None


@dataclass
class Preview:
    mapping: HeaderMapping
    result: CleanResult
    problems: list[str]
    creates: int = 0
    updates: int = 0
    #: The organisation's taxonomy the rows were read with (None when it has a clash).
    taxonomy: Taxonomy | None = None
    #: Notes from reading the file (translated), e.g. "read as Windows-1252".
    warnings: list[str] = field(default_factory=list)

    @property
    def date_warnings(self) -> list[tuple[str, bool]]:
        """(translated warning, the day-first setting it suggests) per date column whose
        day/month order is ambiguous or contradicts the chosen one."""
        return [(message_text(w.msg), w.day_first) for w in self.result.date_warnings]

    @property
    def errors(self) -> list[ShownError]:
        return [
            ShownError(e.row_number, column_text(e.column), e.value, message_text(e.msg), e.field)
            for e in self.result.errors
        ]

    @property
    def ok(self) -> bool:
        return not self.problems and self.result.ok


@dataclass
class ImportSession:
    token: str
    organisation_id: int
    user_id: int
    inventory: str
    filename: str
    headers: list[str]
    rows: list[list[Any]]
    day_first: bool = True
    #: Spreadsheet row number of each row (None: consecutive from 2, as in the API's rows).
    row_numbers: list[int] | None = None
    overrides: dict[str, str | None] = field(default_factory=dict)  # column index → field
    resolutions: dict[str, dict[str, str]] = field(default_factory=dict)
    created_at: str = ""
    #: Reading problems (row errors) and warnings of the file, see dump_messages().
    read_errors: list[list[Any]] = field(default_factory=list)
    read_warnings: list[list[Any]] = field(default_factory=list)

    @property
    def spec(self) -> InventorySpec:
        return INVENTORIES[self.inventory]

    @classmethod
    def create(
        cls,
        *,
        organisation,
        user,
        inventory,
        filename,
        headers,
        rows,
        day_first,
        row_numbers=None,
        read_errors=(),
        read_warnings=(),
    ):
        cleanup_old_sessions()
        session = cls(
            token=str(uuid.uuid4()),
            organisation_id=organisation.pk,
            user_id=user.pk,
            inventory=inventory,
            filename=filename[:200],
            headers=headers,
            rows=rows,
            day_first=day_first,
            row_numbers=row_numbers,
            created_at=timezone.now().isoformat(),
            read_errors=dump_messages(read_errors),
            read_warnings=dump_messages(read_warnings),
        )
        session.save()
        return session

    @classmethod
    def load(cls, token: str, *, organisation, user, inventory) -> ImportSession | None:
        try:
            data = json.loads(_path(token).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        session = cls(**data)
        if (
            session.organisation_id != organisation.pk
            or session.user_id != user.pk
            or session.inventory != inventory
        ):
            return None
        return session

    def save(self) -> None:
        _path(self.token).write_text(json.dumps(self.__dict__, default=str), encoding="utf-8")

    def delete(self) -> None:
        _path(self.token).unlink(missing_ok=True)

    # -- mapping and resolutions ---------------------------------------------------------
    def header_mapping(self) -> HeaderMapping:
        overrides = {int(k): v for k, v in self.overrides.items()}
        return map_headers(self.headers, self.spec.fields, overrides)

    def additions(self) -> dict[str, list[dict]]:
        """Taxonomy entries the person chose to add, with the keys they will get."""
        out: dict[str, list[dict]] = {}
        for field_key, values in self.resolutions.items():
            for raw, choice in values.items():
                if not choice.startswith(ADD):
                    continue
                key = "new_" + services.slug_key(raw)
                entry = {"key": key, "name": raw.strip(), "raw": raw}
                if field_key == "subcategory":
                    entry["group"] = choice.partition(":")[2]
                out.setdefault(field_key, []).append(entry)
        return out

    def clean_resolutions(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        added = {
            (f, a["raw"]): a["key"] for f, entries in self.additions().items() for a in entries
        }
        for field_key, values in self.resolutions.items():
            for raw, choice in values.items():
                if not choice:
                    continue
                out.setdefault(field_key, {})[raw] = added.get((field_key, raw), choice)
        return out

    def preview(self, organisation) -> Preview:
        mapping = self.header_mapping()
        problems = [message_text(m) for m in mapping.problem_messages(self.spec.fields)]
        try:
            taxonomy = organisation_taxonomy(organisation, self.additions())
        except TaxonomyError as error:
            problems.append(
                _("The organisation's taxonomy has a clash: %(error)s") % {"error": error}
            )
            return Preview(mapping, CleanResult(), problems)
        result = clean_rows(
            self.rows,
            mapping,
            self.spec,
            self.clean_resolutions(),
            known_tool_names=Tool.objects.for_organisation(organisation).values_list(
                "name", flat=True
            ),
            taxonomy=taxonomy,
            day_first=self.day_first,
            existing=existing_entries(organisation, self.inventory),
            row_numbers=self.row_numbers,
        )
        if self.read_errors:  # problems found while reading the file block it too
            read = load_row_errors(self.read_errors)
            result.errors = sorted(read + result.errors, key=lambda e: e.row_number)
        warnings = [message_text(m) for m in load_warnings(self.read_warnings)]
        preview = Preview(mapping, result, problems, taxonomy=taxonomy, warnings=warnings)
        preview.updates = sum(1 for target in result.targets if target is not None)
        preview.creates = len(result.targets) - preview.updates
        return preview


def cleanup_old_sessions() -> None:
    cutoff = timezone.now().timestamp() - IMPORT_MAX_AGE.total_seconds()
    for path in _directory().glob("*.json"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue


# --- committing -----------------------------------------------------------------------------


def existing_entries(organisation, inventory: str) -> dict[int, dict[str, Any]]:
    """The organisation's entries: id → natural-key values, for matching imported rows
    (one query; the pure core compares them case- and spacing-insensitively)."""
    if inventory == "tools":
        rows = Tool.objects.for_organisation(organisation).values_list("pk", "name")
        return {pk: {"name": name} for pk, name in rows}
    if inventory == "integrations":
        rows = Integration.objects.for_organisation(organisation).values_list(
            "pk", "source__name", "target__name", "method"
        )
        return {
            pk: {"source": source, "target": target, "method": method}
            for pk, source, target, method in rows
        }
    rows = Touchpoint.objects.for_organisation(organisation).values_list(
        "pk", "name", "stage", "channel", "segment"
    )
    return {
        pk: {"name": name, "stage": stage, "channel": channel, "segment": segment}
        for pk, name, stage, channel, segment in rows
    }


def _model_fields(inventory: str, row: dict, lookups: dict) -> dict[str, Any]:
    """A cleaned row → model field values (only the columns the file had)."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key == "stackscope_id":
            continue  # which entry to update, not a value (see commit)
        if key == "review_state":
            continue  # IT's review is recorded in the app, never imported
        if key in ("category", "subcategory"):
            out[key] = lookups[key].get(value) if value else None
        elif key == "data_objects":
            out[key] = [lookups["data_objects"][k] for k in value or ()]
        elif key in ("source", "target"):
            out[key] = lookups["tools"][normalise_name(value)]
        elif key == "tools":
            out[key] = [lookups["tools"][normalise_name(n)] for n in value or ()]
        elif key == "stages":
            out[key] = list(value or [])
        elif value is None:
            # A blank cell clears the field (to its default: "", None, or e.g. "active").
            out[key] = MODELS[inventory]._meta.get_field(key).get_default()
        else:
            out[key] = value
    if inventory == "integrations":
        out.setdefault("method", "api")
    return out


@transaction.atomic
def commit(session: ImportSession, organisation) -> dict[str, int]:
    """Write every row or none: refuse (ServiceError) unless the preview is clean."""
    preview = session.preview(organisation)
    if not preview.ok:
        raise ServiceError(
            _("The file still has problems; fix them and preview again. Nothing was imported.")
        )
    # Entries the person chose to add to the taxonomy come first.
    for field_key, entries in session.additions().items():
        for entry in entries:
            model = TAXONOMY_FIELDS[field_key]
            extra = {"key": entry["key"], "position": 1000}
            if field_key == "subcategory":
                extra["category"] = ToolCategory.objects.get(
                    organisation=organisation, key=entry["group"]
                )
            if not model.objects.filter(organisation=organisation, key=entry["key"]).exists():
                services.add_taxonomy_entry(
                    model=model, organisation=organisation, name=entry["name"], **extra
                )
    lookups = {
        "category": {c.key: c for c in ToolCategory.objects.for_organisation(organisation)},
        "subcategory": {s.key: s for s in ToolSubcategory.objects.for_organisation(organisation)},
        "data_objects": {d.key: d for d in DataObject.objects.for_organisation(organisation)},
        "tools": {normalise_name(t.name): t for t in Tool.objects.for_organisation(organisation)},
    }
    model = MODELS[session.inventory]
    result = preview.result
    existing = model.objects.for_organisation(organisation).in_bulk(
        [t for t in result.targets if t is not None]
    )
    created = updated = 0
    for row, target in zip(result.rows, result.targets, strict=True):
        fields = _model_fields(session.inventory, row, lookups)
        if target is None:
            services.create_object(model=model, organisation=organisation, **fields)
            created += 1
            continue
        if target not in existing:  # deleted since the preview: never a silent create
            raise ServiceError(
                _("An entry was deleted while importing; preview again. Nothing was imported.")
            )
        services.update_object(instance=existing[target], **fields)
        updated += 1
    session.delete()
    return {"created": created, "updated": updated}


# --- one-shot import (the API and scripts: no preview step in between) ----------------------


def import_rows(
    *,
    organisation,
    user,
    inventory: str,
    headers: list[str],
    rows: list[list[Any]],
    filename: str = "upload",
    day_first: bool = True,
    resolutions: dict[str, dict[str, str]] | None = None,
    row_numbers: list[int] | None = None,
    read_errors: Sequence[RowError] = (),
    read_warnings: Sequence[Message] = (),
) -> tuple[Preview, dict[str, int] | None]:
    """Preview and, when every row is clean, commit in one go: (preview, counts or None).

    The same session, preview and all-or-nothing `commit` as the pages; the session is kept
    in memory only. `resolutions` maps typed choice values to option keys (no additions).
    """
    if not ToolCategory.objects.for_organisation(organisation).exists():
        services.seed_taxonomy(organisation=organisation)
    session = ImportSession(
        token=str(uuid.uuid4()),
        organisation_id=organisation.pk,
        user_id=user.pk,
        inventory=inventory,
        filename=filename[:200],
        headers=headers,
        rows=rows,
        day_first=day_first,
        row_numbers=row_numbers,
        resolutions={
            field_key: {raw: key for raw, key in values.items() if not key.startswith(ADD)}
            for field_key, values in (resolutions or {}).items()
        },
        created_at=timezone.now().isoformat(),
        read_errors=dump_messages(read_errors),
        read_warnings=dump_messages(read_warnings),
    )
    preview = session.preview(organisation)
    if not preview.ok:
        return preview, None
    return preview, commit(session, organisation)
