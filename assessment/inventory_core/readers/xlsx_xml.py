"""Streaming the XML parts of an XLSX archive with expat, within a budget of bytes and
elements (no DOCTYPE, so no entity expansion)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import Any
from xml.parsers import expat

from assessment.inventory_core.base import gettext_noop
from assessment.inventory_core.readers.limits import CHUNK, Limits
from assessment.inventory_core.readers.sheet import DAMAGED, FileRefused


def local_name(name: str) -> str:
    return name.rpartition(":")[2]


def xml_parser() -> expat.XMLParserType:
    parser = expat.ParserCreate()

    def no_doctype(*_args: Any) -> None:  # XLSX never has one; entities can explode
        raise FileRefused(DAMAGED, {"detail": "DOCTYPE"})

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    parser.buffer_text = True
    return parser


class Budget:
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


def feed(
    archive: zipfile.ZipFile, member: str, parser: expat.XMLParserType, budget: Budget
) -> Iterator[None]:
    """Parse ``member`` chunk by chunk, yielding after each chunk (the caller drains)."""
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(CHUNK):
                budget.bytes += len(chunk)
                if budget.bytes > budget.max_bytes:
                    raise FileRefused(DAMAGED, {"detail": "size"})
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
            yield
    except expat.ExpatError as error:
        detail = "XML: " + expat.errors.messages.get(error.code, "")
        raise FileRefused(DAMAGED, {"detail": detail[:80]}) from error
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as error:
        raise FileRefused(DAMAGED, {"detail": type(error).__name__}) from error


def xml_elements(archive: zipfile.ZipFile, member: str, budget: Budget) -> list[tuple[str, dict]]:
    """(element, attributes) of a small XML part (workbook, relationships)."""
    out: list[tuple[str, dict]] = []
    parser = xml_parser()

    def start(name: str, attrs: dict) -> None:
        budget.element()
        out.append((local_name(name), attrs))

    parser.StartElementHandler = start
    for _ in feed(archive, member, parser, budget):
        pass
    return out
