"""Spreadsheet import: read a CSV/XLSX upload (inventory_core/readers/), keep it server-side
as a preview, let the pure core map headers and clean rows, then commit all-or-nothing.

Steps: `read_upload()` → `ImportSession.create()` (an ImportPreview row) →
`ImportSession.preview()` (mapping, per-row errors, unresolved choices) → `commit()`.
Nothing is written to the inventory unless every row is clean.
"""

from __future__ import annotations

from assessment.inventory.imports.commit import ImportOutcome, commit, dry_run_commit, import_rows
from assessment.inventory.imports.inventories import ADD, INVENTORIES, MODELS, TAXONOMY_FIELDS
from assessment.inventory.imports.mappings import column_overrides
from assessment.inventory.imports.messages import column_text, message_text
from assessment.inventory.imports.preview import Preview, ShownError
from assessment.inventory.imports.reading import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_SCANNED_ROWS,
    ImportFileError,
    read_upload,
)
from assessment.inventory.imports.sessions import ImportSession
from assessment.inventory.imports.steps import (
    cancel_import,
    choose,
    start_import,
    stop_using_remembered,
)
from assessment.inventory.imports.storage import ImportStorageError
from assessment.inventory_core.rows import MAX_ROWS

__all__ = [
    "ADD",
    "INVENTORIES",
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_SCANNED_ROWS",
    "MODELS",
    "TAXONOMY_FIELDS",
    "ImportFileError",
    "ImportOutcome",
    "ImportSession",
    "ImportStorageError",
    "Preview",
    "ShownError",
    "cancel_import",
    "choose",
    "column_overrides",
    "column_text",
    "commit",
    "dry_run_commit",
    "import_rows",
    "message_text",
    "read_upload",
    "start_import",
    "stop_using_remembered",
]
