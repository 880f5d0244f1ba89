"""The import page's steps: the views only parse the request and call these."""

from __future__ import annotations

from assessment.inventory.imports.mappings import forget_remembered
from assessment.inventory.imports.sessions import ImportSession
from assessment.inventory.imports.taxonomy import ensure_taxonomy


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
    forget_remembered(session)
    session.save()


def choose(
    session: ImportSession,
    *,
    columns: dict[int, str | None],
    values: dict[str, dict[str, str]],
    day_first: bool | None = None,
    use_catalogue: bool | None = None,
) -> None:
    """The preview's choices: a field (or None: ignore) per column index, an option (or
    ADD + name) per typed value, the date order, and whether blank fields of known
    products are filled from the catalogue."""
    for index, field_key in columns.items():
        session.overrides[str(index)] = field_key
    for field_key, chosen in values.items():
        session.resolutions.setdefault(field_key, {}).update(chosen)
    if day_first is not None:
        session.day_first = day_first
    if use_catalogue is not None:
        session.use_catalogue = use_catalogue
    session.save()
