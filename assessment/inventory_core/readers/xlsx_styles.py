"""Cell styles of an XLSX: which number formats are dates and which show a currency."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from assessment.inventory_core.readers.currency import format_currency
from assessment.inventory_core.readers.limits import MAX_STYLES_BYTES
from assessment.inventory_core.readers.sheet import DAMAGED, FileRefused
from assessment.inventory_core.readers.xlsx_xml import Budget, xml_elements

_DATE_BUILTINS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57}


def _is_date_format(code: str) -> bool:
    from openpyxl.styles.numbers import is_date_format  # a pure function of the code

    return bool(is_date_format(code))


@dataclass(frozen=True)
class Style:
    date: bool = False
    currency: str | None = None


def read_styles(archive: zipfile.ZipFile, member: str | None, budget: Budget) -> list[Style]:
    if member is None:
        return []
    if archive.getinfo(member).file_size > MAX_STYLES_BYTES:
        raise FileRefused(DAMAGED, {"detail": "styles"})
    formats: dict[int, str] = {}
    xfs: list[int] = []
    in_cell_xfs = False
    for tag, attrs in xml_elements(archive, member, budget):
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
            styles.append(Style(date=fmt_id in _DATE_BUILTINS))
        else:
            styles.append(Style(date=_is_date_format(code), currency=format_currency(code)))
    return styles
