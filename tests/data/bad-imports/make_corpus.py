"""Write the malformed import files of this folder (see README.md for each file's outcome).

    .venv/bin/python tests/data/bad-imports/make_corpus.py

Deterministic: running it again rewrites the same bytes (fixed zip timestamps, a seeded
random generator), so the committed files and this script stay in step. XLSX files are
written part by part with zipfile (not openpyxl) so that each one is exactly the oddity it
is named after: a number format with a currency, a formula without its saved result, a
sheet without a <dimension>, a shared string that unpacks to 400 MB, … Every file stays
under 1 MB; the bombs are small because their content compresses extremely well.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).parent
STAMP = (2026, 1, 1, 0, 0, 0)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def write(name: str, data: bytes | str, encoding: str = "utf-8") -> None:
    if isinstance(data, str):
        data = data.encode(encoding)
    (HERE / name).write_bytes(data)


# --- XLSX parts -------------------------------------------------------------------------------


def col(index: int) -> str:
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Book:
    """A workbook written part by part. Cells: str → shared string, int/float → number,
    ("f", formula, cached or None), ("e", "#REF!"), ("n", number, style), ("is", text)."""

    def __init__(self, formats: list[str] = (), date1904: bool = False) -> None:
        self.formats = list(formats)  # numFmt codes; cell style i + 1 uses formats[i]
        self.sheets: list[tuple[str, str]] = []
        self.strings: list[str] = []
        self.date1904 = date1904

    def string(self, text: str) -> int:
        self.strings.append(text)
        return len(self.strings) - 1

    def cell_xml(self, ref: str, value) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return f'<c r="{ref}" t="s"><v>{self.string(value)}</v></c>'
        if isinstance(value, bool):
            return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, int | float):
            return f'<c r="{ref}"><v>{value}</v></c>'
        kind = value[0]
        if kind == "f":
            cached = "" if value[2] is None else f"<v>{value[2]}</v>"
            return f'<c r="{ref}"><f>{escape(value[1])}</f>{cached}</c>'
        if kind == "e":
            return f'<c r="{ref}" t="e"><v>{escape(value[1])}</v></c>'
        if kind == "n":
            return f'<c r="{ref}" s="{value[2]}"><v>{value[1]}</v></c>'
        if kind == "is":
            return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value[1])}</t></is></c>'
        raise ValueError(value)

    def sheet(self, name: str, rows: list[list], *, dimension: bool = True) -> None:
        body = []
        for r, row in enumerate(rows, start=1):
            cells = "".join(self.cell_xml(f"{col(c)}{r}", v) for c, v in enumerate(row, 1))
            body.append(f'<row r="{r}">{cells}</row>')
        width = max((len(r) for r in rows), default=1)
        dim = f'<dimension ref="A1:{col(width)}{max(len(rows), 1)}"/>' if dimension else ""
        xml = f"<worksheet {NS}>{dim}<sheetData>{''.join(body)}</sheetData></worksheet>"
        self.sheets.append((name, xml))

    def raw_sheet(self, name: str, xml: str) -> None:
        self.sheets.append((name, xml))

    def parts(self) -> dict[str, str]:
        sheets = "".join(
            f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, (n, _x) in enumerate(self.sheets, 1)
        )
        pr = '<workbookPr date1904="1"/>' if self.date1904 else ""
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(self.sheets) + 1)
        )
        n = len(self.sheets)
        rels += (
            f'<Relationship Id="rId{n + 1}" Type="{REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{n + 2}" Type="{REL}/sharedStrings" '
            f'Target="sharedStrings.xml"/>'
        )
        fmts = "".join(
            f'<numFmt numFmtId="{164 + i}" formatCode="{escape(code, {chr(34): "&quot;"})}"/>'
            for i, code in enumerate(self.formats)
        )
        xfs = '<xf numFmtId="0"/>' + "".join(
            f'<xf numFmtId="{164 + i}" applyNumberFormat="1"/>' for i in range(len(self.formats))
        )
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        out = {
            "[Content_Types].xml": (
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
                '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/styles.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                f"{overrides}</Types>"
            ),
            "_rels/.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                f'relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" '
                'Target="xl/workbook.xml"/></Relationships>'
            ),
            "xl/workbook.xml": f"<workbook {NS} {RNS}>{pr}<sheets>{sheets}</sheets></workbook>",
            "xl/_rels/workbook.xml.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                f'relationships">{rels}</Relationships>'
            ),
            "xl/styles.xml": (
                f'<styleSheet {NS}><numFmts count="{len(self.formats)}">{fmts}</numFmts>'
                '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills>'
                '<borders count="1"><border/></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(self.formats) + 1}">{xfs}</cellXfs></styleSheet>'
            ),
        }
        for i, (_n, xml) in enumerate(self.sheets, 1):
            out[f"xl/worksheets/sheet{i}.xml"] = xml
        items = "".join(f"<si><t>{escape(s)}</t></si>" for s in self.strings)
        out["xl/sharedStrings.xml"] = f'<sst {NS} count="{len(self.strings)}">{items}</sst>'
        return out

    def save(self, name: str, extra: dict[str, bytes] | None = None) -> None:
        parts = self.parts()
        with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            for part, text in parts.items():
                z.writestr(zipfile.ZipInfo(part, STAMP), text.encode(), zipfile.ZIP_DEFLATED)
            for part, data in (extra or {}).items():
                z.writestr(zipfile.ZipInfo(part, STAMP), data, zipfile.ZIP_DEFLATED)


def streamed_member(
    name: str, book: Book, member: str, head: bytes, unit: bytes, count: int, tail: bytes
) -> None:
    """A workbook whose ``member`` is head + unit × count + tail, written in pieces (a bomb:
    huge unpacked, tiny packed) without ever holding it in memory."""
    parts = book.parts()
    with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for part, text in parts.items():
            if part == member:
                continue
            z.writestr(zipfile.ZipInfo(part, STAMP), text.encode(), zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo(member, STAMP)
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as out:
            out.write(head)
            block = unit * 4096
            for _ in range(count // 4096):
                out.write(block)
            out.write(unit * (count % 4096))
            out.write(tail)


# --- the corpus --------------------------------------------------------------------------------


def csv_files() -> None:
    write(
        "unquoted-thousands.csv",
        "Name,Annual cost,Currency,Vendor\nSalesforce,$1,200.00,USD,Salesforce\n",
    )
    write("unterminated-quote.csv", 'Name,Vendor\nAlpha,"Acme\nBeta,Beta Inc\n')
    write("misplaced-quote.csv", 'Name,Vendor\nAlpha,"Acme" Inc\nBeta,Beta Inc\n')
    write("value-past-header.csv", "Name,Vendor\nAlpha,Acme,forgotten note\n")
    write("utf8-bom.csv", "\ufeffName,Vendor\nCafé app,Crème\n")
    write("utf16-bom.csv", "Name,Vendor\nCafé app,Crème\n", "utf-16")
    write("utf16le-no-bom.csv", "Name,Vendor\nCafé app,Crème\n", "utf-16-le")
    write("cp1252.csv", "Name,Vendor,Annual cost\nCafé app,Crème,€1.200\n", "cp1252")
    write("semicolon.csv", "Name;Annual cost;Currency\nLooker;1.234,50;EUR\n")
    write("tab-separated.csv", "Name\tVendor\tLicensed seats\nFigma\tFigma Inc\t12\n")
    write("excel-sep-line.csv", "sep=;\nName;Vendor\nNotion;Notion Labs\n")
    write("ragged-short-rows.csv", "Name,Vendor,Licensed seats\nAlpha\nBeta,Beta Inc\n")
    write("trailing-commas.csv", "Name,Vendor,,\nAlpha,Acme,,\n")
    write("formula-text.csv", "Name,Vendor\nAlpha,=1+1\n")
    write("date-in-cost.csv", "Name,Annual cost\nAlpha,2026-01-15\n")
    write("empty.csv", "")
    write("header-only.csv", "Name,Vendor\n")
    write("blank-header.csv", ",\nAlpha,Acme\n")
    write("binary-garbage.csv", random.Random(11).randbytes(4000))
    write("huge-cell.csv", "Name,Notes\nAlpha," + "x" * 20_000 + "\n")
    write("huge-field-over-csv-limit.csv", 'Name,Notes\nAlpha,"' + "y" * 300_000 + '"\n')
    write(
        "too-wide.csv", ",".join(f"Column {i}" for i in range(1, 102)) + "\n" + "a," * 100 + "a\n"
    )
    write("long-choice.csv", "Name,Category\nAlpha," + "Blockchain " * 50 + "\n")
    write(
        "integrations-unquoted.csv",
        "Source,Target,Data\nSeed CRM,Seed ESP,Contacts,Orders\n",
    )
    write(
        "touchpoints-semicolon.csv",
        "Name;Stage;Channel;Tools\nWelcome e-mail;Onboarding;Email;Seed ESP\n",
    )


def xlsx_files() -> None:
    # Money cells typed as numbers with a currency only in the number format, as Excel
    # writes a CSV "saved as .xlsx"; the category is a subcategory (CRM).
    book = Book(
        formats=[
            "[$€-x-euro2] #,##0.00",
            '"$"#,##0.00',
            "#,##0.00 [$EUR]",
            "[$£-809]#,##0.00",
            "[$$-1009]#,##0.00",
        ]
    )
    book.sheet(
        "Tools",
        [
            ["Name", "Category", "Annual cost"],
            ["Salesforce", "CRM", ("n", 1200, 1)],
            ["HubSpot", "CRM", ("n", 800.5, 2)],
            ["Miro", None, ("n", 1234.567, 3)],
            ["Canva", None, ("n", 99, 4)],
            ["Hootsuite", None, ("n", 450, 5)],
        ],
    )
    book.save("currency-formats.xlsx")

    book = Book()
    book.sheet("Sheet1", [["Name", "Vendor", "Licensed seats"] + [""] * 27, ["Miro", "Miro", 25]])
    book.save("trailing-blank-columns.xlsx")

    book = Book()
    book.sheet("Sheet1", [[f"Column {i}" for i in range(1, 111)], ["a"] * 110])
    book.save("too-wide.xlsx")

    book = Book()
    book.sheet("Sheet1", [])
    book.sheet("Tools", [["Name", "Vendor"], ["Miro", "Miro"]])
    book.save("data-on-second-sheet.xlsx")

    book = Book()
    book.sheet("Tools", [["Name", "Vendor"], ["Miro", "Miro"]])
    book.sheet("Old tools", [["Name", "Vendor"], ["Hootsuite", "Hootsuite"]])
    book.save("two-sheets-with-data.xlsx")

    book = Book()
    book.sheet("Sheet1", [["Name", "Annual cost"], ["Miro", ("f", "SUM(C2:C9)", None)]])
    book.save("formula-without-result.xlsx")

    book = Book()
    book.sheet("Sheet1", [["Name", "Annual cost"], ["Miro", ("f", "SUM(C2:C9)", 1200)]])
    book.save("formula-with-result.xlsx")

    book = Book()
    book.sheet("Sheet1", [["Name", "Annual cost"], ["Miro", ("e", "#REF!")]])
    book.save("excel-error-cell.xlsx")

    book = Book(formats=["yyyy-mm-dd"])
    book.sheet("Sheet1", [["Name", "Annual cost"], ["Miro", ("n", 46037, 1)]])
    book.save("date-in-cost.xlsx")

    book = Book(formats=["dd/mm/yyyy"], date1904=True)
    book.sheet("Sheet1", [["Name", "Renewal date"], ["Miro", ("n", 44576, 1)]])
    book.save("date1904.xlsx")

    book = Book()
    book.sheet("Sheet1", [["Name", "Notes"], ["Miro", ("is", "z" * 50_000)]])
    book.save("huge-inline-cell.xlsx")

    book = Book()
    book.sheet("Sheet1", [["Name", "Vendor"], ["Miro", "Miro"] + [None] * 29 + ["scratch note"]])
    book.save("value-past-header.xlsx")

    # A sheet with a DOCTYPE declaring nested entities ("billion laughs").
    book = Book()
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(9))
    book.raw_sheet(
        "Sheet1",
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{lol}]><worksheet {NS}><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&l8;</t></is></c></row></sheetData>'
        "</worksheet>",
    )
    book.save("doctype-entities.xlsx")

    # 150,000 formatted but empty rows under the header (no <dimension>).
    book = Book()
    rows = "".join(f'<row r="{r}"><c r="A{r}" s="0"/></row>' for r in range(3, 150_003))
    book.raw_sheet(
        "Sheet1",
        f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is>'
        '</c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Miro</t></is></c></row>'
        f"{rows}</sheetData></worksheet>",
    )
    book.save("many-empty-rows.xlsx")

    # Bombs: no <dimension>, a sheet that unpacks to 400 MB of empty cells…
    book = Book()
    book.raw_sheet("Sheet1", "")
    streamed_member(
        "no-dimension-bomb.xlsx",
        book,
        "xl/worksheets/sheet1.xml",
        f'<worksheet {NS}><sheetData><row r="1"><c t="inlineStr"><is><t>Name</t></is></c>'.encode(),
        b"<c/>",
        100_000_000,
        b"</row></sheetData></worksheet>",
    )
    # …and one shared string of 400 MB.
    book = Book()
    book.sheet("Sheet1", [["Name"], ["Miro"]])
    streamed_member(
        "shared-string-bomb.xlsx",
        book,
        "xl/sharedStrings.xml",
        f'<sst {NS} count="2"><si><t>Name</t></si><si><t>'.encode(),
        b"A",
        400_000_000,
        b"</t></si></sst>",
    )

    write("really-csv.xlsx", "Name,Vendor\nMiro,Miro\n")
    write(
        "png-renamed.xlsx",
        b"\x89PNG\r\n\x1a\n" + random.Random(3).randbytes(300),
    )
    with zipfile.ZipFile(HERE / "not-a-workbook.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("readme.txt", STAMP), b"Just a zip with a text file.\n")
    # An encrypted Office file is an OLE2 compound file with an EncryptionInfo stream.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    write("encrypted.xlsx", ole + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512)
    write("old-format.xls", ole + "Workbook".encode("utf-16-le") + b"\x00" * 512)


if __name__ == "__main__":
    csv_files()
    xlsx_files()
    for path in sorted(HERE.iterdir()):
        if path.suffix in (".csv", ".xlsx", ".xls"):
            print(f"{path.stat().st_size:>9,}  {path.name}")
