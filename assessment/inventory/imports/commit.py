"""Committing an import all-or-nothing, counting what a commit would do (dry run), and the
one-shot import of the API."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from assessment.inventory import services
from assessment.inventory.imports.bulk import Progress, write_rows
from assessment.inventory.imports.catalogue_hints import fill
from assessment.inventory.imports.inventories import ADD, MODELS, TAXONOMY_FIELDS
from assessment.inventory.imports.mappings import apply_remembered, mappings_to_remember
from assessment.inventory.imports.preview import Preview
from assessment.inventory.imports.sessions import ImportSession
from assessment.inventory.imports.taxonomy import ensure_taxonomy
from assessment.inventory_core.base import Message
from assessment.inventory_core.normalise import normalise_name
from assessment.inventory_core.rows import RowError
from assessment.models import DataObject, Tool, ToolCategory, ToolSubcategory
from core.history import recording
from core.selectors import member_users
from core.services import ServiceError

logger = logging.getLogger(__name__)


def model_fields(inventory: str, row: dict, lookups: dict) -> dict[str, Any]:
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
        elif key == "owner_email":  # the owner member, by e-mail (checked by the preview)
            out["owned_by"] = lookups["members"].get(value) if value else None
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


def commit(
    session: ImportSession,
    organisation,
    user,
    *,
    preview: Preview | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write every row or none: refuse (ServiceError) unless the preview is clean.

    Returns {"created", "updated", "unchanged"}: a row whose values equal the stored entry's
    is not saved (its `updated_at` stays). A unique constraint that another request took
    meanwhile (two imports adding the same tool at once) rolls everything back with a
    message fit to show; the database's own text (SQL, constraint names) never is.

    `preview`: the session's preview when the caller has just built it (the cleaning is
    the slow part of an import; it runs once). `progress(done, total)` is called after
    each chunk of rows written (imports/bulk.py).
    """
    try:
        with (
            transaction.atomic(),
            # One history entry for the import, the parent of its rows' (core.history).
            recording.grouped_import(
                organisation=organisation,
                model=MODELS[session.inventory],
                file_name=session.filename,
            ) as group,
        ):
            counts = _commit(session, organisation, user, preview=preview, progress=progress)
            group.counts(**counts)
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


def _commit(
    session: ImportSession, organisation, user, *, preview: Preview | None, progress
) -> dict[str, int]:
    if preview is None:
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
                    model=model, organisation=organisation, user=user, name=entry["name"], **extra
                )
    lookups = {
        "category": {c.key: c for c in ToolCategory.objects.for_organisation(organisation)},
        "subcategory": {s.key: s for s in ToolSubcategory.objects.for_organisation(organisation)},
        "data_objects": {d.key: d for d in DataObject.objects.for_organisation(organisation)},
        # The owner members, by e-mail: only read when the file has the column.
        "members": {u.email.lower(): u for u in member_users(organisation)}
        if "owner_email" in preview.mapping.columns.values()
        else {},
        # Tools referred to by integrations and touchpoints (a tools file refers to none).
        "tools": {}
        if session.inventory == "tools"
        else {
            normalise_name(t.name): t
            for t in Tool.objects.for_organisation(organisation).only("pk", "name")
        },
    }
    result = preview.result
    # Blank fields of known products, from the catalogue (a tools import with the option on).
    fills = preview.fills if session.inventory == "tools" else {}

    def fields_of(index: int, row: dict) -> dict[str, Any]:
        values = model_fields(session.inventory, row, lookups)
        if index in fills:
            fill(values, fills[index], lookups)
        return values

    counts = write_rows(
        model=MODELS[session.inventory],
        organisation=organisation,
        user=user,
        rows=(
            (number, fields_of(index, row), target)
            for index, (number, row, target) in enumerate(
                zip(result.row_numbers, result.rows, result.targets, strict=True)
            )
        ),
        progress=progress,
    )
    columns, values = mappings_to_remember(session)
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


def dry_run_commit(
    session: ImportSession,
    organisation,
    user,
    *,
    preview: Preview | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """The counts `commit` would report, with nothing written: the same commit, inside a
    transaction that is always rolled back (remembered mappings included)."""
    try:
        with transaction.atomic():
            raise _DryRun(commit(session, organisation, user, preview=preview, progress=progress))
    except _DryRun as done:
        return done.counts


@dataclass
class ImportOutcome:
    """What the API answers: the preview, the counts (None: not clean, nothing written)
    and the session (its `remembered` mappings were applied)."""

    preview: Preview
    counts: dict[str, int] | None
    session: ImportSession
    dry_run: bool = False


def api_session(
    *,
    organisation,
    user,
    inventory: str,
    headers: list[str],
    rows: list[list[Any]],
    filename: str = "upload",
    day_first: bool = True,
    use_catalogue: bool = True,
    resolutions: dict[str, dict[str, str]] | None = None,
    row_numbers: list[int] | None = None,
    overrides: dict[int, str | None] | None = None,
    read_errors: Sequence[RowError] = (),
    read_warnings: Sequence[Message] = (),
    stored: bool = False,
) -> ImportSession:
    """The session of an API import: the rows as sent, the client's mappings, and the
    organisation's remembered ones where those say nothing. In memory only (`stored`
    False: a synchronous import), or stored for the worker (a large one, not saved yet)."""
    ensure_taxonomy(organisation)
    session = ImportSession.new(
        organisation=organisation,
        user=user,
        inventory=inventory,
        filename=filename,
        headers=headers,
        rows=rows,
        day_first=day_first,
        use_catalogue=use_catalogue,
        row_numbers=row_numbers,
        read_errors=read_errors,
        read_warnings=read_warnings,
        stored=stored,
    )
    apply_remembered(
        session,
        organisation,
        columns=overrides,
        values={
            field_key: {raw: key for raw, key in values.items() if not key.startswith(ADD)}
            for field_key, values in (resolutions or {}).items()
        },
    )
    return session


def import_rows(*, organisation, user, dry_run: bool = False, **fields) -> ImportOutcome:
    """Preview and, when every row is clean, commit in one go (or, with `dry_run`, count
    what a commit would do and write nothing).

    The same session, preview and all-or-nothing `commit` as the pages, but the session is
    kept in memory only: no preview is stored. `fields` are `api_session`'s: `overrides`
    maps column indexes to fields (None: ignore the column); `resolutions` maps typed choice
    values to option keys (no additions). The organisation's remembered mappings for files
    of this shape apply where these say nothing.
    """
    session = api_session(organisation=organisation, user=user, stored=False, **fields)
    preview = session.preview(organisation)
    if not preview.ok:
        return ImportOutcome(preview, None, session, dry_run)
    if dry_run:
        counts = dry_run_commit(session, organisation, user, preview=preview)
        return ImportOutcome(preview, counts, session, True)
    return ImportOutcome(preview, commit(session, organisation, user, preview=preview), session)
