"""Reading an upload (inventory_core/readers does the work) within the import's limits."""

from __future__ import annotations

from django.utils.translation import gettext as _

from assessment.inventory.imports.messages import message_text
from assessment.inventory_core import readers
from assessment.inventory_core.readers import Sheet
from core.services import ServiceError

MAX_BYTES = readers.MAX_BYTES
MAX_COLUMNS = readers.MAX_COLUMNS
#: Rows read at all, blank ones included: bounds the time spent on a sheet whose rows are
#: mostly empty but formatted.
MAX_SCANNED_ROWS = readers.MAX_SCANNED_ROWS


class ImportFileError(ServiceError):
    """The file cannot be read at all (encoding, format, size): nothing was imported."""


def _limits() -> readers.Limits:
    """The reader's limits, read from this module at call time (tests lower them)."""
    return readers.Limits(max_columns=MAX_COLUMNS, max_scanned_rows=MAX_SCANNED_ROWS)


def _refused(error: readers.FileRefused) -> ImportFileError:
    return ImportFileError(message_text(error.msg))


def check_size(size: int) -> None:
    """ImportFileError for a file above MAX_BYTES (before it is read or stored)."""
    if size > MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(mb)d MB; split it into several files.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )


def read_upload(upload) -> Sheet:
    """The sheet of an uploaded CSV or XLSX; ImportFileError when unreadable.

    Row-level reading problems are in ``sheet.errors`` (they block the import: pass them
    on to the session), notes in ``sheet.warnings``; see inventory_core/readers/
    """
    check_size(upload.size)
    return read_bytes(upload.read(MAX_BYTES + 1), upload.name or "")


def read_bytes(data: bytes, name: str) -> Sheet:
    """`read_upload` for a file's bytes and name (the worker reads a stored upload)."""
    check_size(len(data))
    try:
        return readers.read_file(data, name, _limits())
    except readers.FileRefused as error:
        raise _refused(error) from error
