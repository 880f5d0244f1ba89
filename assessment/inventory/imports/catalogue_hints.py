"""Known products in a tools import (issue 18): the rows whose name is a product of the
vendored catalogue (assessment/inventory/catalogue.py), and the blank fields the catalogue
fills for them — vendor, website, description, subcategory (with its category) and the
product's slug.

Never over anything a person typed or stored: a field is filled only where the row's cell
is blank (or the file has no such column) and, for a row that updates a stored tool, the
stored tool's field is blank too. A subcategory is filled only when the category the tool
ends up with is blank or is the subcategory's own. Rows with nothing left to fill still
count as known products.

`hints_for` is pure (the preview's cleaned rows and plain values in); `catalogue_hints`
reads what it needs in a bounded number of queries whatever the file's size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assessment.inventory import catalogue as known_products
from assessment.inventory_core.rows import CleanResult
from assessment.models import Tool, ToolCategory

#: The fields the catalogue may fill, in the order they are shown.
FILL_FIELDS = ("subcategory", "category", "vendor", "website", "description", "catalogue_slug")
#: Text fields filled as they are, with the model's length limit.
TEXT_LIMITS = {"vendor": 200, "website": 500, "catalogue_slug": 200, "description": None}
#: Stored tools' values read per query (SQLite limits a statement's parameters).
READ_BATCH = 5000


@dataclass(frozen=True)
class Product:
    """A known product as the organisation sees it (plain values, no model objects)."""

    name: str
    slug: str
    vendor: str = ""
    website: str = ""
    description: str = ""
    #: The organisation's subcategory key (and its category's key and names), or "".
    subcategory: str = ""
    category: str = ""
    subcategory_name: str = ""
    category_name: str = ""


@dataclass(frozen=True)
class Hint:
    """A row that is a known product, and what the catalogue fills in it."""

    index: int  # of the row in the preview's cleaned rows
    row_number: int
    name: str
    product: Product
    #: field → value; subcategory and category are keys (read as an imported value is).
    fills: dict[str, str] = field(default_factory=dict)


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set):
        return not value
    return False


def _row_hint(
    index: int, number: int, row: Mapping[str, Any], stored: Mapping[str, Any] | None, product
) -> Hint:
    updating = stored is not None
    stored = stored or {}

    def free(key: str) -> bool:
        return is_blank(row.get(key)) and (not updating or is_blank(stored.get(key)))

    fills: dict[str, str] = {}
    if product.subcategory and free("subcategory"):
        row_category = row.get("category")
        if not is_blank(row_category):
            fits = row_category == product.category
        elif updating and not is_blank(stored.get("category")) and "category" not in row:
            fits = stored.get("category") == product.category  # kept as stored
        else:
            fits = True  # blank now (or cleared by the row's blank cell): filled below
        if fits:
            fills["subcategory"] = product.subcategory
            if is_blank(row_category) and (
                not updating or "category" in row or is_blank(stored.get("category"))
            ):
                fills["category"] = product.category
    for key, limit in TEXT_LIMITS.items():
        value = product.slug if key == "catalogue_slug" else getattr(product, key)
        if value and (limit is None or len(value) <= limit) and free(key):
            fills[key] = value
    ordered = {key: fills[key] for key in FILL_FIELDS if key in fills}
    return Hint(index, number, str(row.get("name") or ""), product, ordered)


def hints_for(
    rows: Sequence[Mapping[str, Any]],
    row_numbers: Sequence[int],
    targets: Sequence[int | None],
    products: Mapping[str, Product],
    stored: Mapping[int, Mapping[str, Any]],
) -> list[Hint]:
    """The hint of every row whose name is a known product.

    `products`: {name.casefold(): Product}; `stored`: the updated tools' values by id
    (vendor, website, description, catalogue_slug, and subcategory / category keys).
    """
    hints = []
    for index, (row, number, target) in enumerate(zip(rows, row_numbers, targets, strict=False)):
        name = row.get("name")
        if not isinstance(name, str):
            continue
        product = products.get(name.strip().casefold())
        if product is None:
            continue
        current = stored.get(target, {}) if target is not None else None
        hints.append(_row_hint(index, number, row, current, product))
    return hints


def products_for(organisation, names: Sequence[str]) -> dict[str, Product]:
    """{name.casefold(): Product} for the names that are known products (a few queries)."""
    found = known_products.exact_matches(organisation, names)
    if not found:
        return {}
    category_ids = {m.subcategory.category_id for m in found.values() if m.subcategory}
    categories = (
        {
            pk: (key, name)
            for pk, key, name in ToolCategory.objects.for_organisation(organisation)
            .filter(pk__in=category_ids)
            .values_list("pk", "key", "name")
        }
        if category_ids
        else {}
    )
    out = {}
    for folded, match in found.items():
        sub = match.subcategory
        category = categories.get(sub.category_id) if sub is not None else None
        out[folded] = Product(
            name=match.entry.name,
            slug=match.entry.slug,
            vendor=match.vendor or "",
            website=match.entry.website or "",
            description=match.entry.description or "",
            subcategory=sub.key if sub is not None and category else "",
            category=category[0] if category else "",
            subcategory_name=sub.name if sub is not None and category else "",
            category_name=category[1] if category else "",
        )
    return out


def stored_values(organisation, pks: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The fields the catalogue may fill, of the stored tools `pks` (a query per batch)."""
    out: dict[int, dict[str, Any]] = {}
    pks = sorted(set(pks))
    for start in range(0, len(pks), READ_BATCH):
        rows = (
            Tool.objects.for_organisation(organisation)
            .filter(pk__in=pks[start : start + READ_BATCH])
            .values_list(
                "pk",
                "vendor",
                "website",
                "description",
                "catalogue_slug",
                "subcategory__key",
                "category__key",
            )
        )
        for pk, vendor, website, description, slug, sub, category in rows:
            out[pk] = {
                "vendor": vendor,
                "website": website,
                "description": description,
                "catalogue_slug": slug,
                "subcategory": sub,
                "category": category,
            }
    return out


def catalogue_hints(organisation, result: CleanResult) -> list[Hint]:
    """The hints of a tools import's cleaned rows (a bounded number of queries)."""
    names = [row["name"] for row in result.rows if isinstance(row.get("name"), str)]
    products = products_for(organisation, names)
    if not products:
        return []
    targets = [
        target
        for row, target in zip(result.rows, result.targets, strict=False)
        if target is not None
        and isinstance(row.get("name"), str)
        and row["name"].strip().casefold() in products
    ]
    stored = stored_values(organisation, targets) if targets else {}
    return hints_for(result.rows, result.row_numbers, result.targets, products, stored)


def fill(fields: dict[str, Any], hint: Hint, lookups: Mapping[str, Mapping]) -> None:
    """Add a hint's fills to a row's model field values (commit.model_fields' output):
    the subcategory and category through the same lookups by key as an imported value."""
    for key, value in hint.fills.items():
        if key in ("category", "subcategory"):
            found = lookups[key].get(value)
            if found is not None:
                fields[key] = found
        else:
            fields[key] = value


def api_hints(hints: Sequence[Hint], limit: int) -> dict:
    """The API answer's `catalogue_hints`: {count, rows} (at most `limit` rows)."""
    return {
        "count": len(hints),
        "rows": [
            {
                "row": hint.row_number,
                "name": hint.name,
                "product": hint.product.name,
                "slug": hint.product.slug,
                "fills": dict(hint.fills),
            }
            for hint in hints[:limit]
        ],
    }
