"""Spreadsheet import: read a CSV/XLSX upload (inventory_core/readers.py), keep it server-side
as a preview, let the pure core map headers and clean rows, then commit all-or-nothing.

Steps: `read_upload()` → `ImportSession.create()` (JSON under MEDIA_ROOT/imports/) →
`ImportSession.preview()` (mapping, per-row errors, unresolved choices) → `commit()`.
Nothing is written to the inventory unless every row is clean.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _

from assessment.inventory import selectors, services
from assessment.inventory_core import readers
from assessment.inventory_core._base import Label, Message
from assessment.inventory_core.columns import HeaderMapping, map_headers
from assessment.inventory_core.fields import INTEGRATION, TOOL, TOUCHPOINT, InventorySpec
from assessment.inventory_core.normalise import normalise_key, normalise_name
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

logger = logging.getLogger(__name__)

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


class ImportStorageError(ServiceError):
    """The preview could not be kept on the server (MEDIA_ROOT unwritable, disk full)."""


def _directory() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _path(token) -> Path:
    return _directory() / f"{uuid.UUID(str(token)).hex}.json"


def _write(token, text: str) -> None:
    """Keep a preview's JSON under MEDIA_ROOT/imports/ (the only place previews are written;
    the API never calls it)."""
    path = _path(token)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _storage_error(error: OSError) -> ImportStorageError:
    # The path and the system's wording go to the log only: a message shown to people
    # never names a server path.
    logger.error("Import preview could not be stored: %s", error)
    return ImportStorageError(
        _(
            "The server could not keep this file for the preview (its storage is not "
            "writable), so nothing was imported. Try again later or ask your administrator."
        )
    )


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
    #: Mappings remembered from the organisation's last import of a file with these headers
    #: that were applied to this one: {"columns": {header: field}, "values": {...}}.
    remembered: dict[str, dict] = field(default_factory=dict)
    #: False for the API's sessions: kept in memory only, never written to MEDIA_ROOT.
    stored: bool = True
    #: Reading problems (row errors) and warnings of the file, see dump_messages().
    read_errors: list[list[Any]] = field(default_factory=list)
    read_warnings: list[list[Any]] = field(default_factory=list)

    @property
    def spec(self) -> InventorySpec:
        return INVENTORIES[self.inventory]

    @classmethod
    def new(
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
        stored=True,
    ) -> ImportSession:
        """A session for a file just read (not yet saved); `stored=False` keeps it in memory."""
        return cls(
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
            stored=stored,
        )

    @classmethod
    def create(cls, *, organisation, **fields) -> ImportSession:
        """A preview kept server-side, with the organisation's remembered mappings for files
        of this shape applied; ImportStorageError when it cannot be written."""
        cleanup_old_sessions()
        session = cls.new(organisation=organisation, **fields)
        session.apply_remembered(organisation)
        session.save()
        return session

    @classmethod
    def load(cls, token: str, *, organisation, user, inventory) -> ImportSession | None:
        try:
            data = json.loads(_path(token).read_text(encoding="utf-8"))
            session = cls(**data)
        except (OSError, ValueError, TypeError):
            return None
        if (
            session.organisation_id != organisation.pk
            or session.user_id != user.pk
            or session.inventory != inventory
        ):
            return None
        return session

    def save(self) -> None:
        if not self.stored:
            return
        try:
            _write(self.token, json.dumps(self.__dict__, default=str))
        except OSError as error:
            raise _storage_error(error) from error

    def delete(self) -> None:
        if not self.stored:
            return
        try:
            _path(self.token).unlink(missing_ok=True)
        except OSError as error:  # removed by the daily clean-up instead
            logger.warning("Import preview could not be removed: %s", error)

    # -- remembered mappings -------------------------------------------------------------
    def apply_remembered(self, organisation, *, columns=None, values=None) -> None:
        """Apply the organisation's remembered mappings for files of this shape, except
        where `columns` ({column index: field or None}) or `values` ({field: {value: key}})
        given now say otherwise; the ones applied are kept in `remembered`."""
        columns, values = columns or {}, values or {}
        self.overrides = {str(i): key for i, key in columns.items()}
        self.resolutions = {f: dict(v) for f, v in values.items()}
        self.remembered = {"columns": {}, "values": {}}
        mapping = selectors.import_mapping(organisation, self.inventory, self.headers)
        if mapping is None:
            return
        keys = {f.key for f in self.spec.fields}
        for index, header in enumerate(self.headers):
            form = normalise_key(header) if header else ""
            if form not in mapping.columns or index in columns:
                continue
            key = mapping.columns[form]
            if key is None or key in keys:
                self.overrides[str(index)] = key
                self.remembered["columns"][header] = key
        for field_key, remembered_values in mapping.values.items():
            if field_key not in keys or not isinstance(remembered_values, dict):
                continue
            given = {normalise_key(v) for v in values.get(field_key, {})}
            for raw, key in remembered_values.items():
                if normalise_key(raw) in given or not isinstance(key, str):
                    continue
                self.resolutions.setdefault(field_key, {})[raw] = key
                self.remembered["values"].setdefault(field_key, {})[raw] = key

    def forget_remembered(self) -> None:
        """Drop the remembered mappings applied to this preview (the person overrides them)."""
        for header, key in self.remembered.get("columns", {}).items():
            for index, own in enumerate(self.headers):
                if own == header and self.overrides.get(str(index), "-") == key:
                    self.overrides.pop(str(index))
        for field_key, values in self.remembered.get("values", {}).items():
            for raw, key in values.items():
                if self.resolutions.get(field_key, {}).get(raw) == key:
                    self.resolutions[field_key].pop(raw)
        self.remembered = {}

    def mappings_to_remember(self) -> tuple[dict[str, str | None], dict[str, dict[str, str]]]:
        """The column choices that differ from the automatic mapping ({header: field or
        None}) and the value mappings to options ({field: {value: key}}) of this import."""
        automatic = map_headers(self.headers, self.spec.fields).columns
        columns: dict[str, str | None] = {}
        for index, key in self.overrides.items():
            index = int(index)
            valid = 0 <= index < len(self.headers) and self.headers[index]
            if valid and automatic.get(index) != key:
                columns[self.headers[index]] = key
        values = {
            field_key: {raw: key for raw, key in chosen.items() if key and not key.startswith(ADD)}
            for field_key, chosen in self.resolutions.items()
        }
        return columns, {f: v for f, v in values.items() if v}

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
    try:
        paths = list(_directory().glob("*.json"))
    except OSError:
        return
    for path in paths:
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


def commit(session: ImportSession, organisation, user=None) -> dict[str, int]:
    """Write every row or none: refuse (ServiceError) unless the preview is clean.

    Returns {"created", "updated", "unchanged"}: a row whose values equal the stored entry's
    is not saved (its `updated_at` stays). A unique constraint that another request took
    meanwhile (two imports adding the same tool at once) rolls everything back with a
    message fit to show; the database's own text (SQL, constraint names) never is.
    """
    try:
        with transaction.atomic():
            counts = _commit(session, organisation, user)
    except IntegrityError as error:
        logger.warning("Import refused by a constraint: %s", error)
        raise ServiceError(
            _(
                "Another import or edit changed the same entries at the same time; nothing "
                "was imported. Try again."
            )
        ) from error
    session.delete()
    return counts


def _commit(session: ImportSession, organisation, user) -> dict[str, int]:
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
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    rows = zip(result.row_numbers, result.rows, result.targets, strict=True)
    for number, row, target in rows:
        fields = _model_fields(session.inventory, row, lookups)
        if target is not None and target not in existing:
            # Deleted since the preview: never a silent create.
            raise ServiceError(
                _("An entry was deleted while importing; preview again. Nothing was imported.")
            )
        try:
            if target is None:
                services.create_object(model=model, organisation=organisation, **fields)
                counts["created"] += 1
                continue
            saved = services.update_object(instance=existing[target], **fields)
        except ServiceError as error:
            raise ServiceError(
                _("Row %(row)d: %(message)s") % {"row": number, "message": error.message}
            ) from error
        counts["updated" if saved.changed_fields else "unchanged"] += 1
    columns, values = session.mappings_to_remember()
    services.remember_import_mapping(
        organisation=organisation,
        user=user,
        inventory=session.inventory,
        headers=session.headers,
        columns=columns,
        values=values,
    )
    return counts


class _DryRun(Exception):
    """Not an error: carries the counts out of the rolled-back transaction."""

    def __init__(self, counts: dict[str, int]):
        self.counts = counts


def dry_run_commit(session: ImportSession, organisation, user=None) -> dict[str, int]:
    """The counts `commit` would report, with nothing written: the same commit, inside a
    transaction that is always rolled back (remembered mappings included)."""
    try:
        with transaction.atomic():
            raise _DryRun(commit(session, organisation, user))
    except _DryRun as done:
        return done.counts


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


# --- one-shot import (the API and scripts: no preview step in between) ----------------------


@dataclass
class ImportOutcome:
    """What the API answers: the preview, the counts (None: not clean, nothing written)
    and the session (its `remembered` mappings were applied)."""

    preview: Preview
    counts: dict[str, int] | None
    session: ImportSession
    dry_run: bool = False


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
    overrides: dict[int, str | None] | None = None,
    dry_run: bool = False,
    read_errors: Sequence[RowError] = (),
    read_warnings: Sequence[Message] = (),
) -> ImportOutcome:
    """Preview and, when every row is clean, commit in one go (or, with `dry_run`, count
    what a commit would do and write nothing).

    The same session, preview and all-or-nothing `commit` as the pages, but the session is
    kept in memory only: nothing is written to MEDIA_ROOT. `overrides` maps column indexes
    to fields (None: ignore the column); `resolutions` maps typed choice values to option
    keys (no additions). The organisation's remembered mappings for files of this shape
    apply where these say nothing.
    """
    ensure_taxonomy(organisation)
    session = ImportSession.new(
        organisation=organisation,
        user=user,
        inventory=inventory,
        filename=filename,
        headers=headers,
        rows=rows,
        day_first=day_first,
        row_numbers=row_numbers,
        read_errors=read_errors,
        read_warnings=read_warnings,
        stored=False,
    )
    session.apply_remembered(
        organisation,
        columns=overrides,
        values={
            field_key: {raw: key for raw, key in values.items() if not key.startswith(ADD)}
            for field_key, values in (resolutions or {}).items()
        },
    )
    preview = session.preview(organisation)
    if not preview.ok:
        return ImportOutcome(preview, None, session, dry_run)
    if dry_run:
        return ImportOutcome(preview, dry_run_commit(session, organisation, user), session, True)
    return ImportOutcome(preview, commit(session, organisation, user), session)


# --- the page's import steps (the views only parse the request and call these) ----------------


def ensure_taxonomy(organisation) -> None:
    """An organisation created before the taxonomy existed gets it before its first import."""
    if not ToolCategory.objects.for_organisation(organisation).exists():
        services.seed_taxonomy(organisation=organisation)


def start_import(*, organisation, user, inventory, filename, sheet, day_first) -> ImportSession:
    """Keep a file that was read for its preview (ImportStorageError when it cannot be)."""
    ensure_taxonomy(organisation)
    return ImportSession.create(
        organisation=organisation,
        user=user,
        inventory=inventory,
        filename=filename,
        headers=sheet.headers,
        rows=sheet.rows,
        row_numbers=sheet.row_numbers,
        day_first=day_first,
        read_errors=sheet.errors,
        read_warnings=sheet.warnings,
    )


def cancel_import(session: ImportSession) -> None:
    session.delete()


def stop_using_remembered(session: ImportSession) -> None:
    """The "Don't use the remembered mappings" button: this preview goes back to automatic."""
    session.forget_remembered()
    session.save()


def choose(
    session: ImportSession,
    *,
    columns: dict[int, str | None],
    values: dict[str, dict[str, str]],
    day_first: bool | None = None,
) -> None:
    """The preview's choices: a field (or None: ignore) per column index, an option (or
    ADD + name) per typed value, and the date order."""
    for index, field_key in columns.items():
        session.overrides[str(index)] = field_key
    for field_key, chosen in values.items():
        session.resolutions.setdefault(field_key, {}).update(chosen)
    if day_first is not None:
        session.day_first = day_first
    session.save()
