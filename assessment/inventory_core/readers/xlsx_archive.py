"""An XLSX archive's structure: zip-bomb and encryption checks, the workbook's sheets and
parts, and the shared strings."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from assessment.inventory_core.base import Message, gettext_noop
from assessment.inventory_core.readers.limits import (
    MAX_RATIO,
    MAX_SHARED_STRINGS,
    RATIO_FLOOR,
    Limits,
)
from assessment.inventory_core.readers.sheet import FileRefused, too_much_text
from assessment.inventory_core.readers.xlsx_xml import (
    Budget,
    feed,
    local_name,
    xml_elements,
    xml_parser,
)


@dataclass
class Workbook:
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


def read_workbook(archive: zipfile.ZipFile, names: set[str], budget: Budget) -> Workbook:
    book = "xl/workbook.xml"
    for tag, attrs in (
        xml_elements(archive, "_rels/.rels", budget) if "_rels/.rels" in names else []
    ):
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
        for tag, attrs in xml_elements(archive, rels_name, budget):
            if tag == "Relationship":
                target = _resolve(book, attrs.get("Target", ""))
                rels[attrs.get("Id", "")] = (attrs.get("Type", ""), target)
    sheets: list[tuple[str, str | None]] = []
    date1904 = False
    for tag, attrs in xml_elements(archive, book, budget):
        if tag == "workbookPr":
            date1904 = attrs.get("date1904", "0").lower() in ("1", "true")
        if tag == "sheet":
            rid = next((v for k, v in attrs.items() if local_name(k) == "id"), "")
            kind, target = rels.get(rid, ("", ""))
            is_sheet = kind.endswith("/worksheet") and target in names
            sheets.append((attrs.get("name", "?"), target if is_sheet else None))
    by_type = {kind.rsplit("/", 1)[-1]: target for kind, target in rels.values()}
    shared = by_type.get("sharedStrings")
    styles = by_type.get("styles")
    return Workbook(
        sheets,
        shared if shared in names else None,
        styles if styles in names else None,
        date1904,
    )


def check_archive(archive: zipfile.ZipFile, limits: Limits) -> set[str]:
    """Refuse a zip bomb before anything is unpacked (the sizes zipfile enforces)."""
    total = 0
    names = set()
    for info in archive.infolist():
        names.add(info.filename)
        if info.flag_bits & 0x1:
            raise FileRefused(encrypted())
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


def encrypted() -> Message:
    return Message(
        gettext_noop(
            "The Excel file is password-protected (encrypted), so it cannot be read. Remove "
            "the password in Excel (File → Info → Protect Workbook → Encrypt with Password), "
            "save it and upload it again."
        )
    )


def read_shared_strings(
    archive: zipfile.ZipFile, member: str | None, limits: Limits, budget: Budget
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
        tag = local_name(name)
        budget.element()
        if tag == "si":
            state["parts"], state["length"] = [], 0
        elif tag == "t":
            state["in_t"] = True
        elif tag == "rPh":
            state["phonetic"] += 1

    def end(name: str) -> None:
        tag = local_name(name)
        if tag == "si":
            strings.append("".join(state["parts"]))
            if len(strings) > MAX_SHARED_STRINGS:
                raise FileRefused(too_much_text(limits.max_text_chars).msg)
        elif tag == "t":
            state["in_t"] = False
        elif tag == "rPh":
            state["phonetic"] -= 1

    def text(data: str) -> None:
        if state["in_t"] and not state["phonetic"] and state["length"] < cap:
            piece = data[: cap - state["length"]]
            state["parts"].append(piece)
            state["length"] += len(piece)

    parser = xml_parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    for _ in feed(archive, member, parser, budget):
        pass
    return strings
