"""The limits every read stays within, whatever the file claims (see docs/inventories.md)."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.inventory_core.rows import MAX_ROWS

#: Upload size (bytes) accepted at all.
MAX_BYTES = 5 * 1024 * 1024
#: Columns with a title; a wider file is refused (CSV and XLSX alike).
MAX_COLUMNS = 100
#: Rows read at all, blank ones included (a formatted empty Excel row counts).
MAX_SCANNED_ROWS = 100_000
#: One cell's characters; a longer value is a row error ("value too long").
MAX_CELL_CHARS = 10_000
#: A column title's characters.
MAX_HEADER_CHARS = 200
#: All cells' characters together (bounds the preview kept on disk and every answer).
MAX_TEXT_CHARS = 20_000_000
#: XLSX XML elements read at all (a cell with a value is two: <c><v>), blank ones included.
MAX_SCANNED_CELLS = 3_000_000
#: Cells in one row that Excel allows (A … XFD); more is a damaged or crafted file.
EXCEL_MAX_COLUMNS = 16_384
#: XLSX archive: uncompressed bytes of all members together, of the shared strings, of the
#: styles, and the compression ratio allowed for members larger than RATIO_FLOOR.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 25 * 1024 * 1024
MAX_SHARED_STRINGS = MAX_ROWS * MAX_COLUMNS
MAX_STYLES_BYTES = 5 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    max_columns: int = MAX_COLUMNS
    max_rows: int = MAX_ROWS
    max_scanned_rows: int = MAX_SCANNED_ROWS
    max_cell_chars: int = MAX_CELL_CHARS
    max_text_chars: int = MAX_TEXT_CHARS
    max_scanned_cells: int = MAX_SCANNED_CELLS
    max_unpacked_bytes: int = MAX_UNPACKED_BYTES
    max_shared_strings_bytes: int = MAX_SHARED_STRINGS_BYTES


#: The limits of a read that names none (a frozen, shared value).
DEFAULT_LIMITS = Limits()
