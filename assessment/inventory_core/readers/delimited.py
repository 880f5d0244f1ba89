"""Reading a CSV (or other delimited text): the separator, quoting problems as row errors.

Not named csv.py, which would shadow the standard library module."""

from __future__ import annotations

import csv
import io

from assessment.inventory_core.base import gettext_noop
from assessment.inventory_core.readers.collector import Collector
from assessment.inventory_core.readers.encodings import decode, looks_binary, refused_binary
from assessment.inventory_core.readers.limits import DEFAULT_LIMITS, Limits
from assessment.inventory_core.readers.sheet import FileRefused, Sheet

_SEPARATORS = (",", ";", "\t", "|")
_SEPARATOR_NAMES = {"\t": "tab"}


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


def read_csv(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Sheet:
    text, warning = decode(data)
    if looks_binary(text):
        raise refused_binary()
    separator, skip = detect_separator(text)
    if skip:
        text = text.split("\n", 1)[1] if "\n" in text else ""
    collector = Collector(limits, csv_separator=_SEPARATOR_NAMES.get(separator, separator))
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


def _csv_problem(collector: Collector, number: int, error: str) -> bool:
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
