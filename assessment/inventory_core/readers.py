"""Reading an import file: CSV or XLSX bytes in, a header and rows of cells out.

Pure Python (csv, zipfile, expat; no Django, no openpyxl workbook): every read is bounded
in time, memory and output, whatever the file claims. What cannot be read at all raises
:class:`FileRefused`; what is wrong in one row (a value past the last title, a quote that
never closes, a value longer than :data:`MAX_CELL_CHARS`, an Excel error or a formula
without its saved result) is a :class:`~assessment.inventory_core.rows.RowError` in
:attr:`Sheet.errors`, which blocks the import like any other row error. Things worth
knowing that block nothing (the file was read as Windows-1252; other sheets hold data)
are :attr:`Sheet.warnings`. See docs/inventories.md, "Reading files".
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.parsers import expat

from assessment.inventory_core._base import Message, gettext_noop, is_blank, ngettext, shorten
from assessment.inventory_core.numbers import CURRENCY_SYMBOLS, ISO_CURRENCIES
from assessment.inventory_core.rows import MAX_ROWS, RowError

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

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


class FileRefused(ValueError):
    """The file cannot be imported at all; ``msg`` says why (translatable)."""

    def __init__(self, template: str | Message, params: dict | None = None) -> None:
        self.msg = template if isinstance(template, Message) else Message(template, params or {})
        super().__init__(str(self.msg))


@dataclass
class Sheet:
    """An uploaded sheet: the header row (trailing blank titles dropped), the data rows that
    are not blank (each exactly as wide as the header), each row's number in the
    spreadsheet (the header is row 1), the rows' reading problems and warnings.

    Unpacks as ``headers, rows, row_numbers`` like the tuple it replaces.
    """

    headers: list[str]
    rows: list[list[Any]]
    row_numbers: list[int]
    errors: list[RowError] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    #: Work done, for tests and logs: rows and cells read, bytes unpacked.
    stats: dict[str, int] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Any]:
        return iter((self.headers, self.rows, self.row_numbers))


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


# --- messages ------------------------------------------------------------------------------


def too_many_rows(limit: int = MAX_ROWS) -> Message:
    return Message.counted(
        ngettext(
            "The file has more than %(limit)s data row; an import takes at most %(limit)s. "
            "Split it into several files.",
            "The file has more than %(limit)s data rows; an import takes at most %(limit)s. "
            "Split it into several files.",
            limit,
        ),
        {"limit": f"{limit:,}"},
    )


def _too_many_scanned(limit: int) -> FileRefused:
    return FileRefused(
        Message.counted(
            ngettext(
                "The file has more than %(limit)s row, counting empty ones (in Excel, rows "
                "that only have formatting count too). Delete the empty rows below your "
                "data and upload it again.",
                "The file has more than %(limit)s rows, counting empty ones (in Excel, rows "
                "that only have formatting count too). Delete the empty rows below your "
                "data and upload it again.",
                limit,
            ),
            {"limit": f"{limit:,}"},
        )
    )


def _too_wide(limit: int) -> FileRefused:
    return FileRefused(
        Message.counted(
            ngettext(
                "The file has more than %(n)d column with a title; an import takes at most "
                "%(n)d. Delete the columns you do not need.",
                "The file has more than %(n)d columns with a title; an import takes at most "
                "%(n)d. Delete the columns you do not need.",
                limit,
            ),
            {"n": limit},
        )
    )


def _too_much_text(limit: int) -> FileRefused:
    return FileRefused(
        gettext_noop(
            "The file holds more than %(limit)s characters of text; an import takes at most "
            "that. Split it into several files."
        ),
        {"limit": f"{limit:,}"},
    )


_EMPTY = gettext_noop("The file is empty.")
_NO_HEADER = gettext_noop("The first row must hold the column titles; it is empty.")
_TOO_LONG = gettext_noop(
    "The value is longer than %(limit)s characters (“%(value)s”); an import takes at most "
    "%(limit)s characters in a cell."
)
_HEADER_TOO_LONG = gettext_noop(
    "The column title in column %(column)s is longer than %(limit)s characters "
    "(“%(value)s”). The first row must hold short column titles."
)
_NOT_XLSX = gettext_noop(
    "This is not an Excel .xlsx file (it may be renamed or damaged). Upload a .xlsx or CSV."
)
_DAMAGED = gettext_noop(
    "The Excel file could not be read: it is damaged (%(detail)s). Open it in Excel, save "
    "it again as .xlsx, or save it as CSV UTF-8."
)


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- rows common to both formats -------------------------------------------------------------


class _Collector:
    """Turns numbered records into a Sheet: header, non-blank rows, limits, row errors."""

    def __init__(self, limits: Limits, *, csv_separator: str | None = None) -> None:
        self.limits = limits
        self.csv_separator = csv_separator
        self.headers: list[str] | None = None
        self.rows: list[list[Any]] = []
        self.numbers: list[int] = []
        self.errors: list[RowError] = []
        self.chars = 0
        self.scanned = 0

    def column_name(self, index: int) -> str:
        """How a message names the column with 0-based ``index``."""
        return str(index + 1) if self.csv_separator is not None else column_letter(index + 1)

    def error(self, at: int, header: str, cell: Any, template: str, /, **params: Any) -> None:
        text = "" if cell is None else str(cell)
        self.errors.append(RowError(at, header, shorten(text), Message(template, params)))

    def count_text(self, value: Any) -> None:
        if isinstance(value, str):
            self.chars += len(value)
            if self.chars > self.limits.max_text_chars:
                raise _too_much_text(self.limits.max_text_chars)

    def add(self, number: int, record: list[Any], beyond: tuple[int, Any] | None = None) -> None:
        """One record of the file (the first is the header). ``beyond`` is the first value
        of an XLSX row past MAX_COLUMNS (0-based column, value), not kept in ``record``."""
        if number > self.limits.max_scanned_rows:
            raise _too_many_scanned(self.limits.max_scanned_rows)
        self.scanned = number
        if self.headers is None:
            if beyond is not None:
                raise _too_wide(self.limits.max_columns)
            self.set_header(record)
            return
        if beyond is None and all(is_blank(v) for v in record):
            return
        width = len(self.headers)
        extra = [(i, v) for i, v in enumerate(record[width:], start=width) if not is_blank(v)]
        if beyond is not None:
            extra.append(beyond)
        if extra:
            index, value = extra[0]
            if self.csv_separator is not None:
                self.error(
                    number,
                    "",
                    value,
                    gettext_noop(
                        "Row %(row)s has %(count)s values but the first row has %(width)s "
                        "column titles: “%(value)s” is in column %(column)s, which has no "
                        "title. Put a value that contains the separator “%(separator)s” (such as "
                        "$1,200.00) in double quotes."
                    ),
                    row=number,
                    count=len(record),
                    width=width,
                    value=shorten(str(value)),
                    column=self.column_name(index),
                    separator=self.csv_separator,
                )
            else:
                self.error(
                    number,
                    "",
                    value,
                    gettext_noop(
                        "Row %(row)s has a value (“%(value)s”) in column %(column)s, which "
                        "has no title in the first row. Give the column a title, or delete "
                        "the value."
                    ),
                    row=number,
                    value=shorten(str(value)),
                    column=self.column_name(index),
                )
        row = (list(record[:width]) + [None] * width)[:width]
        for index, value in enumerate(row):
            if isinstance(value, str) and len(value) > self.limits.max_cell_chars:
                self.error(
                    number,
                    self.headers[index],
                    value,
                    _TOO_LONG,
                    limit=f"{self.limits.max_cell_chars:,}",
                    value=shorten(value),
                )
                row[index] = None
            else:
                self.count_text(value)
        self.rows.append(row)
        self.numbers.append(number)
        if len(self.rows) > self.limits.max_rows:
            raise FileRefused(too_many_rows(self.limits.max_rows))

    def set_header(self, record: list[Any]) -> None:
        headers = ["" if v is None else str(v).strip() for v in record]
        while headers and not headers[-1]:
            headers.pop()
        if not headers:
            raise FileRefused(_NO_HEADER)
        if len(headers) > self.limits.max_columns:
            raise _too_wide(self.limits.max_columns)
        for index, header in enumerate(headers):
            if len(header) > MAX_HEADER_CHARS:
                raise FileRefused(
                    _HEADER_TOO_LONG,
                    {
                        "column": self.column_name(index),
                        "limit": MAX_HEADER_CHARS,
                        "value": shorten(header),
                    },
                )
        self.headers = headers

    def sheet(self, warnings: list[Message], stats: dict[str, int]) -> Sheet:
        if self.headers is None:
            raise FileRefused(_EMPTY)
        stats = {"rows_scanned": self.scanned, **stats}
        return Sheet(self.headers, self.rows, self.numbers, self.errors, warnings, stats)


# --- CSV -------------------------------------------------------------------------------------

_SEPARATORS = (",", ";", "\t", "|")
_SEPARATOR_NAMES = {"\t": "tab"}


def decode(data: bytes) -> tuple[str, Message | None]:
    """The text of a CSV and a warning when it was not UTF-8 (read as Windows-1252)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), None
        except UnicodeDecodeError as error:
            raise FileRefused(
                gettext_noop(
                    "The file says it is UTF-8 but is not (at byte %(position)s). In your "
                    "spreadsheet use “Save as → CSV UTF-8”, or upload the .xlsx file itself."
                ),
                {"position": error.start + 3},
            ) from error
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as error:
            raise FileRefused(
                gettext_noop("The file says it is UTF-16 but is not; save it as CSV UTF-8.")
            ) from error
    sample = data[:4096]
    if b"\x00" in sample:
        # UTF-16 without a byte-order mark: every other byte of plain text is zero.
        odd, even = sample[1::2], sample[0::2]
        for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
            if zeros and zeros.count(0) > 0.9 * len(zeros):
                try:
                    return data.decode(encoding), None
                except UnicodeDecodeError:
                    break
        raise _binary()
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    if "\ufffd" in text:  # bytes cp1252 leaves undefined (0x81, 0x8d, …): Latin-1
        text = data.decode("latin-1")
    warning = Message(
        gettext_noop(
            "The file is not UTF-8, so it was read as Windows-1252 (Western European). Check "
            "accented letters and symbols such as € in the preview; if they look wrong, use "
            "“Save as → CSV UTF-8” in your spreadsheet."
        )
    )
    return text, warning


def _binary() -> FileRefused:
    return FileRefused(
        gettext_noop(
            "The file holds binary data, not text: it is not a CSV file. Upload a CSV "
            "(UTF-8) or an Excel .xlsx file."
        )
    )


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return controls > max(2, len(sample) // 100)


def detect_separator(text: str) -> tuple[str, int]:
    """The separator (, ; tab |) and the lines to skip (1 after Excel's "sep=;" line).

    Each candidate reads the first lines; the one whose rows most often have as many cells
    as a header of two or more wins, ties in the order , ; tab |.
    """
    first, _, _rest = text[:200].partition("\n")
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        return first.strip()[4], 1
    sample = text[:16384]
    if len(text) > len(sample):
        sample = sample.rsplit("\n", 1)[0]
    best, best_score = ",", (-1, -1)
    for separator in _SEPARATORS:
        try:
            records = list(csv.reader(io.StringIO(sample, newline=""), delimiter=separator))[:50]
        except csv.Error:
            continue
        records = [r for r in records if any(c.strip() for c in r)]
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        same = sum(1 for r in records[1:] if len(r) == width)
        score = (same, width)
        if score > best_score:
            best, best_score = separator, score
    return best, 0


def read_csv(data: bytes, limits: Limits = Limits()) -> Sheet:
    text, warning = decode(data)
    if _looks_binary(text):
        raise _binary()
    separator, skip = detect_separator(text)
    if skip:
        text = text.split("\n", 1)[1] if "\n" in text else ""
    collector = _Collector(limits, csv_separator=_SEPARATOR_NAMES.get(separator, separator))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            number += 1
            if _csv_problem(collector, number, str(error)):
                break
            continue
        number += 1
        collector.add(number, record)
    warnings = [warning] if warning else []
    return collector.sheet(warnings, {"bytes_read": len(data)})


def _csv_problem(collector: _Collector, number: int, error: str) -> bool:
    """Record a CSV syntax problem in row ``number``; True when reading must stop."""
    if number == 1:
        raise FileRefused(
            gettext_noop(
                "The first row (the column titles) could not be read as CSV: a double quote "
                '(") is misplaced or never closed.'
            )
        )
    if "end of data" in error or "field limit" in error:
        collector.error(
            number,
            "",
            "",
            gettext_noop(
                'Row %(row)s: a double quote (") opens a value here and never closes (or the '
                "value is longer than %(limit)s characters), so the rest of the file would be "
                "read as one value. The rows after it were not read. Close the quote, or "
                "remove it."
            ),
            row=number,
            limit=f"{collector.limits.max_cell_chars:,}",
        )
        return True
    collector.error(
        number,
        "",
        "",
        gettext_noop(
            'Row %(row)s could not be read as CSV: a double quote (") is misplaced. Inside a '
            'quoted value write a quote twice (""), and put quotes only around a whole value.'
        ),
        row=number,
    )
    return False


# --- XLSX ------------------------------------------------------------------------------------


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _parser() -> expat.XMLParserType:
    parser = expat.ParserCreate()

    def no_doctype(*_args: Any) -> None:  # XLSX never has one; entities can explode
        raise FileRefused(_DAMAGED, {"detail": "DOCTYPE"})

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    parser.buffer_text = True
    return parser


class _Budget:
    """Bytes unpacked and XML elements seen; stops the read past the limits."""

    def __init__(self, limits: Limits, max_bytes: int | None = None) -> None:
        self.limits = limits
        self.max_bytes = limits.max_unpacked_bytes if max_bytes is None else max_bytes
        self.max_elements = limits.max_scanned_cells
        self.bytes = 0
        self.elements = 0

    def element(self) -> None:
        self.elements += 1
        if self.elements > self.max_elements:
            raise FileRefused(
                gettext_noop(
                    "The sheet has more than about %(limit)s cells, counting empty ones. Delete "
                    "the empty rows and columns around your data and upload it again."
                ),
                {"limit": f"{self.limits.max_scanned_cells // 2:,}"},
            )


def _feed(
    archive: zipfile.ZipFile, member: str, parser: expat.XMLParserType, budget: _Budget
) -> Iterator[None]:
    """Parse ``member`` chunk by chunk, yielding after each chunk (the caller drains)."""
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(CHUNK):
                budget.bytes += len(chunk)
                if budget.bytes > budget.max_bytes:
                    raise FileRefused(_DAMAGED, {"detail": "size"})
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
            yield
    except expat.ExpatError as error:
        detail = "XML: " + expat.errors.messages.get(error.code, "")
        raise FileRefused(_DAMAGED, {"detail": detail[:80]}) from error
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as error:
        raise FileRefused(_DAMAGED, {"detail": type(error).__name__}) from error


def _xml_dict(archive: zipfile.ZipFile, member: str, budget: _Budget) -> list[tuple[str, dict]]:
    """(element, attributes) of a small XML part (workbook, relationships)."""
    out: list[tuple[str, dict]] = []
    parser = _parser()

    def start(name: str, attrs: dict) -> None:
        budget.element()
        out.append((_local(name), attrs))

    parser.StartElementHandler = start
    for _ in _feed(archive, member, parser, budget):
        pass
    return out


@dataclass
class _Workbook:
    sheets: list[tuple[str, str | None]]  # (name, member path or None for a chart sheet)
    shared_strings: str | None
    styles: str | None
    date1904: bool


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    parts = base.split("/")[:-1]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _workbook(archive: zipfile.ZipFile, names: set[str], budget: _Budget) -> _Workbook:
    book = "xl/workbook.xml"
    for tag, attrs in _xml_dict(archive, "_rels/.rels", budget) if "_rels/.rels" in names else []:
        if tag == "Relationship" and attrs.get("Type", "").endswith("/officeDocument"):
            book = _resolve("", attrs.get("Target", book))
    if book not in names:
        raise FileRefused(
            gettext_noop(
                "This is a zip file but not an Excel workbook (no sheet inside). Upload a "
                ".xlsx saved by Excel, LibreOffice or Google Sheets, or a CSV."
            )
        )
    rels_name = book.rsplit("/", 1)[0] + "/_rels/" + book.rsplit("/", 1)[1] + ".rels"
    rels: dict[str, tuple[str, str]] = {}
    if rels_name in names:
        for tag, attrs in _xml_dict(archive, rels_name, budget):
            if tag == "Relationship":
                target = _resolve(book, attrs.get("Target", ""))
                rels[attrs.get("Id", "")] = (attrs.get("Type", ""), target)
    sheets: list[tuple[str, str | None]] = []
    date1904 = False
    for tag, attrs in _xml_dict(archive, book, budget):
        if tag == "workbookPr":
            date1904 = attrs.get("date1904", "0").lower() in ("1", "true")
        if tag == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            kind, target = rels.get(rid, ("", ""))
            is_sheet = kind.endswith("/worksheet") and target in names
            sheets.append((attrs.get("name", "?"), target if is_sheet else None))
    by_type = {kind.rsplit("/", 1)[-1]: target for kind, target in rels.values()}
    shared = by_type.get("sharedStrings")
    styles = by_type.get("styles")
    return _Workbook(
        sheets,
        shared if shared in names else None,
        styles if styles in names else None,
        date1904,
    )


def _check_archive(archive: zipfile.ZipFile, limits: Limits) -> set[str]:
    """Refuse a zip bomb before anything is unpacked (the sizes zipfile enforces)."""
    total = 0
    names = set()
    for info in archive.infolist():
        names.add(info.filename)
        if info.flag_bits & 0x1:
            raise FileRefused(_encrypted())
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > limits.max_unpacked_bytes or (
            info.file_size > RATIO_FLOOR and ratio > MAX_RATIO
        ):
            raise FileRefused(
                gettext_noop(
                    "The Excel file unpacks to far more data than a spreadsheet of its size "
                    "holds (%(mb)s MB or more); it is refused for safety. Save it again in "
                    "Excel, or save it as CSV UTF-8."
                ),
                {"mb": max(total, info.file_size) // (1024 * 1024)},
            )
    return names


def _encrypted() -> Message:
    return Message(
        gettext_noop(
            "The Excel file is password-protected (encrypted), so it cannot be read. Remove "
            "the password in Excel (File → Info → Protect Workbook → Encrypt with Password), "
            "save it and upload it again."
        )
    )


def _shared_strings(
    archive: zipfile.ZipFile, member: str | None, limits: Limits, budget: _Budget
) -> list[str]:
    if member is None:
        return []
    info = archive.getinfo(member)
    if info.file_size > limits.max_shared_strings_bytes:
        raise FileRefused(
            gettext_noop(
                "The Excel file holds more than %(mb)s MB of text; an import takes at most "
                "that. Split it into several files."
            ),
            {"mb": limits.max_shared_strings_bytes // (1024 * 1024)},
        )
    strings: list[str] = []
    cap = limits.max_cell_chars + 1
    state = {"parts": [], "length": 0, "in_t": False, "phonetic": 0}

    def start(name: str, _attrs: dict) -> None:
        tag = _local(name)
        budget.element()
        if tag == "si":
            state["parts"], state["length"] = [], 0
        elif tag == "t":
            state["in_t"] = True
        elif tag == "rPh":
            state["phonetic"] += 1

    def end(name: str) -> None:
        tag = _local(name)
        if tag == "si":
            strings.append("".join(state["parts"]))
            if len(strings) > MAX_SHARED_STRINGS:
                raise FileRefused(_too_much_text(limits.max_text_chars).msg)
        elif tag == "t":
            state["in_t"] = False
        elif tag == "rPh":
            state["phonetic"] -= 1

    def text(data: str) -> None:
        if state["in_t"] and not state["phonetic"] and state["length"] < cap:
            piece = data[: cap - state["length"]]
            state["parts"].append(piece)
            state["length"] += len(piece)

    parser = _parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    for _ in _feed(archive, member, parser, budget):
        pass
    return strings


# Number formats --------------------------------------------------------------------------

_DATE_BUILTINS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57}
_FORMAT_BRACKET = re.compile(r"\[\$([^\]\-]*)(?:-([0-9A-Fa-f]+))?[^\]]*\]")
_QUOTED = re.compile(r'"([^"]*)"')
_LITERAL_TEXT = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
#: Locale ids that say which dollar a bare "$" is (1033/409 en-US is the default: USD).
_DOLLAR_LOCALES = {
    "1009": "CAD",
    "c09": "AUD",
    "1409": "NZD",
    "3c09": "HKD",
    "1004": "SGD",
    "80a": "MXN",
    "416": "BRL",
}


def _symbol_code(token: str, locale: str | None = None) -> str | None:
    token = token.strip()
    if not token:
        return None
    if token.upper() in ISO_CURRENCIES:
        return token.upper()
    if token == "$" and locale:
        return _DOLLAR_LOCALES.get(locale.lower().lstrip("0") or "0", "USD")
    return CURRENCY_SYMBOLS.get(token)


def format_currency(code: str) -> str | None:
    """The ISO 4217 currency an Excel number format shows, if it shows exactly one:
    ``[$€-x-euro2] #,##0.00`` → EUR, ``"$"#,##0.00`` → USD, ``#,##0.00 [$EUR]`` → EUR,
    ``[$$-1009]#,##0`` → CAD, ``\\£#,##0`` → GBP."""
    found: set[str] = set()
    for match in _FORMAT_BRACKET.finditer(code):
        if currency := _symbol_code(match.group(1), match.group(2)):
            found.add(currency)
    for literal in _QUOTED.findall(code):
        if currency := _symbol_code(literal):
            found.add(currency)
    bare = _LITERAL_TEXT.sub(" ", code.replace("\\", ""))
    bare += " " + "".join(re.findall(r"\\(.)", code))
    for symbol in sorted(CURRENCY_SYMBOLS, key=len, reverse=True):
        if len(symbol) > 1 and symbol.isalpha():
            continue  # "lei", "kr": letters of a format are too easily something else
        if symbol in bare:
            if currency := CURRENCY_SYMBOLS[symbol]:
                found.add(currency)
            bare = bare.replace(symbol, " ")
    return found.pop() if len(found) == 1 else None


def _is_date_format(code: str) -> bool:
    from openpyxl.styles.numbers import is_date_format  # a pure function of the code

    return bool(is_date_format(code))


@dataclass(frozen=True)
class _Style:
    date: bool = False
    currency: str | None = None


def _styles(archive: zipfile.ZipFile, member: str | None, budget: _Budget) -> list[_Style]:
    if member is None:
        return []
    if archive.getinfo(member).file_size > MAX_STYLES_BYTES:
        raise FileRefused(_DAMAGED, {"detail": "styles"})
    formats: dict[int, str] = {}
    xfs: list[int] = []
    in_cell_xfs = False
    for tag, attrs in _xml_dict(archive, member, budget):
        if tag == "numFmt":
            try:
                formats[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
            except ValueError:
                continue
        elif tag == "cellXfs":
            in_cell_xfs = True
        elif tag in ("cellStyleXfs", "dxfs", "cellStyles"):
            in_cell_xfs = False
        elif tag == "xf" and in_cell_xfs:
            try:
                xfs.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                xfs.append(0)
    styles = []
    for fmt_id in xfs:
        code = formats.get(fmt_id)
        if code is None:
            styles.append(_Style(date=fmt_id in _DATE_BUILTINS))
        else:
            styles.append(_Style(date=_is_date_format(code), currency=format_currency(code)))
    return styles


# Cells -------------------------------------------------------------------------------------

_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d+)$")


def _column_index(ref: str | None) -> int | None:
    match = _CELL_REF.match(ref or "")
    if not match:
        return None
    index = 0
    for ch in match.group(1).upper():
        index = index * 26 + ord(ch) - 64
    return index


def _number(text: str) -> int | float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def money_text(text: str, currency: str) -> str:
    """An amount with its currency as text the money parser reads back exactly: the code
    first, a dot as decimal mark and never exactly three decimals ("1.234" would be
    thousands)."""
    try:
        amount = Decimal(text.strip())
    except InvalidOperation:
        return text
    shown = format(amount.normalize() if amount == amount.to_integral() else amount, "f")
    if "." in shown and len(shown.split(".")[1]) == 3:
        shown += "0"
    return f"{currency} {shown}"


def _date_value(number: float, date1904: bool) -> str | None:
    if number < 0 or number > 2958465:  # Excel's last day, 9999-12-31
        return None
    if not date1904 and number < 60:
        number += 1  # Excel's imaginary 1900-02-29
    moment = (_EPOCH_1904 if date1904 else _EPOCH_1900) + dt.timedelta(days=number)
    moment = moment.replace(microsecond=0) if moment.microsecond < 500_000 else moment
    if moment.time() == dt.time(0):
        return moment.date().isoformat()
    return moment.replace(microsecond=0).isoformat()


class _SheetReader:
    """Streams the rows of one worksheet with expat: (row number, cells) pairs."""

    def __init__(
        self,
        archive: zipfile.ZipFile,
        member: str,
        strings: list[str],
        styles: list[_Style],
        date1904: bool,
        limits: Limits,
        budget: _Budget,
        collector: _Collector | None,
    ) -> None:
        self.archive, self.member = archive, member
        self.strings, self.styles, self.date1904 = strings, styles, date1904
        self.limits, self.budget, self.collector = limits, budget, collector
        self.pending: list[tuple[int, list[Any], tuple[int, Any] | None]] = []
        self.row_number = 0
        self.cells: dict[int, Any] = {}
        self.cells_in_row = 0
        self.beyond: tuple[int, Any] | None = None
        self.column = 0
        self.cell: dict[str, Any] | None = None
        self.capture: str | None = None
        self.text: list[str] = []
        self.text_length = 0
        self.formula = False
        self.in_inline = False
        self.phonetic = 0

    def start(self, name: str, attrs: dict) -> None:
        tag = name if ":" not in name else _local(name)
        budget = self.budget
        budget.elements += 1
        if budget.elements > budget.max_elements:
            budget.element()  # raises
        if tag == "c":
            self.cells_in_row += 1
            if self.cells_in_row > EXCEL_MAX_COLUMNS:
                raise FileRefused(
                    _DAMAGED, {"detail": f"row {self.row_number}: over {EXCEL_MAX_COLUMNS:,} cells"}
                )
            ref = attrs.get("r")
            column = (_column_index(ref) if ref else None) or self.column + 1
            if column <= self.column:
                raise FileRefused(_DAMAGED, {"detail": f"cell {shorten(ref or '', 12)}"})
            self.column = column
            self.cell = {"t": attrs.get("t", "n"), "s": attrs.get("s"), "v": None}
            self.formula = False
        elif tag == "row":
            try:
                number = int(attrs["r"]) if "r" in attrs else self.row_number + 1
            except ValueError:
                number = self.row_number + 1
            if number <= self.row_number:
                raise FileRefused(_DAMAGED, {"detail": f"row {number}"})
            if number > self.limits.max_scanned_rows:
                raise _too_many_scanned(self.limits.max_scanned_rows)
            self.row_number, self.cells, self.column, self.beyond = number, {}, 0, None
            self.cells_in_row = 0
        elif tag == "v":
            self.capture, self.text, self.text_length = tag, [], 0
        elif tag == "t" and self.in_inline and not self.phonetic:
            self.capture = tag  # runs of rich text add up
        elif tag == "f":
            self.formula = True
        elif tag == "is":
            self.in_inline = True
            self.text, self.text_length = [], 0
        elif tag == "rPh":
            self.phonetic += 1

    def end(self, name: str) -> None:
        tag = name if ":" not in name else _local(name)
        if tag == "c" and self.cell is not None:
            cell, self.cell = self.cell, None
            if cell["v"] is None and not self.formula:
                return  # an empty (formatted) cell: the common case, kept cheap
            value = self.value(cell)
            if value is not None and self.column <= self.limits.max_columns:
                self.cells[self.column] = value
            elif not is_blank(value) and self.beyond is None:
                self.beyond = (self.column - 1, value)
        elif tag in ("v", "t") and self.capture == tag and self.cell is not None:
            if tag == "v":
                self.cell["v"] = "".join(self.text)
            self.capture = None
        elif tag == "is" and self.cell is not None:
            self.in_inline = False
            self.cell["v"] = "".join(self.text)
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "row":
            self.flush_row()

    def flush_row(self) -> None:
        if self.cells:
            width = max(self.cells)
            record = [None] * width
            for column, value in self.cells.items():
                record[column - 1] = value
        else:
            record = []
        self.pending.append((self.row_number, record, self.beyond))
        self.cells, self.beyond = {}, None

    def text_data(self, data: str) -> None:
        if self.capture is not None:
            cap = self.limits.max_cell_chars + 1
            if self.text_length < cap:
                piece = data[: cap - self.text_length]
                self.text.append(piece)
                self.text_length += len(piece)

    def value(self, cell: dict[str, Any]) -> Any:
        kind, raw = cell["t"], cell["v"]
        where = self.where()
        if raw is None:
            if self.formula and self.collector is not None:
                self.collector.error(
                    self.row_number,
                    self.header(),
                    "",
                    gettext_noop(
                        "Cell %(cell)s holds a formula without its result (the file was not "
                        "saved by a spreadsheet that calculates). Open it in Excel or "
                        "LibreOffice and save it again, or type the value."
                    ),
                    cell=where,
                )
            return None
        if kind == "s":
            try:
                return self.strings[int(raw)]
            except (ValueError, IndexError):
                raise FileRefused(_DAMAGED, {"detail": f"cell {where}"}) from None
        if kind in ("inlineStr", "str", "d"):
            return raw
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "e":
            if raw.strip().upper() == "#N/A":
                return None
            if self.collector is not None:
                self.collector.error(
                    self.row_number,
                    self.header(),
                    raw,
                    gettext_noop(
                        "Cell %(cell)s shows the Excel error %(error)s instead of a value; fix "
                        "the formula or type the value."
                    ),
                    cell=where,
                    error=shorten(raw, 20),
                )
            return None
        number = _number(raw)
        if number is None:
            return raw.strip() or None
        style = self.style(cell["s"])
        if style.date:
            return _date_value(float(number), self.date1904) or number
        if style.currency:
            return money_text(raw, style.currency)
        return number

    def where(self) -> str:
        return f"{column_letter(self.column)}{self.row_number}"

    def style(self, index: str | None) -> _Style:
        try:
            return self.styles[int(index)] if index is not None else _Style()
        except (ValueError, IndexError):
            return _Style()

    def header(self) -> str:
        headers = self.collector.headers if self.collector else None
        if headers and self.column <= len(headers):
            return headers[self.column - 1]
        return column_letter(self.column)

    def rows(self) -> Iterator[tuple[int, list[Any], tuple[int, Any] | None]]:
        parser = _parser()
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text_data
        for _ in _feed(self.archive, self.member, parser, self.budget):
            yield from self.pending
            self.pending.clear()


def _has_data(reader: _SheetReader) -> bool:
    """Whether a sheet has a value in a row after its first (a bounded look)."""
    rows = reader.rows()
    try:
        for number, record, beyond in rows:
            if number > 1 and (beyond or any(not is_blank(v) for v in record)):
                return True
    except FileRefused:  # too big to look through, or damaged: say nothing
        return False
    finally:
        rows.close()
    return False


def read_xlsx(data: bytes, limits: Limits = Limits()) -> Sheet:
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise FileRefused(_encrypted())
        raise FileRefused(gettext_noop("Old .xls files are not supported; save as .xlsx or CSV."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise FileRefused(_NOT_XLSX) from error
    with archive:
        names = _check_archive(archive, limits)
        if "mimetype" in names and "content.xml" in names:
            raise FileRefused(
                gettext_noop(
                    "OpenDocument spreadsheets (.ods) are not supported; save the file as "
                    ".xlsx or CSV UTF-8."
                )
            )
        budget = _Budget(limits)
        book = _workbook(archive, names, budget)
        if not book.sheets or book.sheets[0][1] is None:
            raise FileRefused(
                gettext_noop(
                    "The first sheet of the workbook is not a table (it is a chart or missing). "
                    "Move the sheet with your data to the front and upload it again."
                )
            )
        strings = _shared_strings(archive, book.shared_strings, limits, budget)
        styles = _styles(archive, book.styles, budget)
        collector = _Collector(limits)
        first_name, first_member = book.sheets[0]
        reader = _SheetReader(
            archive, first_member, strings, styles, book.date1904, limits, budget, collector
        )
        records = reader.rows()
        try:
            for number, record, beyond in records:
                collector.add(number, record, beyond)
        finally:
            records.close()
        # Other sheets with data: say that only the first one is read.
        others = []
        for name, member in book.sheets[1:]:
            if member is None:
                continue
            look = _Budget(Limits(max_scanned_cells=20_000), max_bytes=2 * 1024 * 1024)
            probe = _SheetReader(
                archive, member, strings, styles, book.date1904, limits, look, None
            )
            if _has_data(probe):
                others.append(name)
        if (collector.headers is None or not collector.rows) and others:
            raise FileRefused(
                gettext_noop(
                    "The first sheet, “%(first)s”, has no data rows; only the first sheet "
                    "is read, and your data seems to be on “%(other)s”. Move that sheet to "
                    "the front (or delete the others) and upload the file again."
                ),
                {"first": shorten(first_name, 40), "other": shorten(others[0], 40)},
            )
        warnings = []
        if others:
            warnings.append(
                Message(
                    gettext_noop(
                        "Only the first sheet, “%(first)s”, was read. The workbook has data on "
                        "other sheets too (%(others)s); they were ignored."
                    ),
                    {
                        "first": shorten(first_name, 40),
                        "others": shorten(", ".join(f"“{n}”" for n in others), 120),
                    },
                )
            )
        stats = {"bytes_read": budget.bytes, "elements_read": budget.elements}
        return collector.sheet(warnings, stats)


# --- either ---------------------------------------------------------------------------------


def _is_text(data: bytes) -> bool:
    try:
        text, _warning = decode(data)
    except FileRefused:
        return False
    return not _looks_binary(text)


def read_file(data: bytes, name: str = "", limits: Limits = Limits()) -> Sheet:
    """The sheet of an uploaded file (CSV or XLSX, told apart by content, then by name)."""
    if len(data) > MAX_BYTES:
        raise FileRefused(
            gettext_noop("The file is larger than %(mb)d MB; split it into several files."),
            {"mb": MAX_BYTES // (1024 * 1024)},
        )
    if not data.strip() or not data.strip(b"\x00\t\r\n \xef\xbb\xbf\xff\xfe"):
        raise FileRefused(_EMPTY)
    name = name.lower()
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return read_xlsx(data, limits)
    if data.startswith(_OLE_MAGIC):
        return read_xlsx(data, limits)
    if name.endswith(".xls"):
        raise FileRefused(gettext_noop("Old .xls files are not supported; save as .xlsx or CSV."))
    if name.endswith((".xlsx", ".xlsm")):
        if _is_text(data):  # a CSV saved with an .xlsx name: read what it is
            sheet = read_csv(data, limits)
            sheet.warnings.append(
                Message(
                    gettext_noop("The file is named .xlsx but holds CSV text; it was read as CSV.")
                )
            )
            return sheet
        raise FileRefused(_NOT_XLSX)
    return read_csv(data, limits)


def records_of(rows: Iterable[tuple[int, list[Any]]], limits: Limits = Limits()) -> Sheet:
    """A Sheet from numbered records (the first is the header); for tests and scripts."""
    collector = _Collector(limits)
    for number, record in rows:
        collector.add(number, record)
    return collector.sheet([], {})
