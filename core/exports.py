"""Cells of the spreadsheets core exports (the Activity CSV).

The rule is the inventories' (assessment.inventory_core.values, which the pure core keeps
free of Django and core): text a spreadsheet would run as a formula gets an apostrophe.
tests/core/test_exports.py holds the two to the same triggers.
"""

from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralise_formula(cell: Any) -> Any:
    if isinstance(cell, str) and cell.lstrip("'").startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell
