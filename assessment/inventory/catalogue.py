"""Known products for a typed tool name: the vendored catalogue (assessment/discovery/,
global read-only data) seen from one organisation — the subcategory of *its* taxonomy a
product files under (through ``category_map``, by the seed's stable keys) and whether a
tool of that name is already in its inventory. Serves the tool form's typeahead and
``GET /api/v1/catalogue/``; nothing here writes (docs/discovery.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from django.db.models import Q
from django.db.models.functions import Lower

from assessment.discovery import catalogue
from assessment.discovery.catalogue import CatalogueEntry, fold, words
from assessment.discovery.category_map import subcategory_for
from assessment.inventory_core.taxonomy import load_taxonomy
from assessment.models import Tool, ToolSubcategory

#: Options the typeahead offers.
TYPEAHEAD_LIMIT = 8


@dataclass(frozen=True, slots=True)
class CatalogueMatch:
    entry: CatalogueEntry
    #: The website's host without "www." ("hotjar.com"), "" without a website.
    host: str
    #: The vendor read off the name and website ("Google" for Google Analytics), or "".
    vendor: str
    #: The organisation's subcategory the product files under, or None (unmapped, or the
    #: organisation renamed its key or deleted the entry).
    subcategory: ToolSubcategory | None
    #: A tool of this name (ignoring case) is already in the organisation's inventory.
    in_stack: bool


def host_of(website: str) -> str:
    host = (urlsplit(website).hostname or "") if website else ""
    return host.removeprefix("www.")


def vendor_of(entry: CatalogueEntry) -> str:
    """The leading words of the name that spell the website's domain ("HubSpot Chat" at
    hubspot.com → "HubSpot"; "Google Analytics" at google.com → "Google"); "" when they do
    not (the catalogue has no vendor field, and a guess is worse than a blank)."""
    labels = host_of(entry.website).split(".")
    if len(labels) < 2:
        return ""
    domain = labels[-2]
    name_words = entry.name.split()
    for count in range(1, len(name_words) + 1):
        leading = " ".join(name_words[:count])
        joined = "".join(words(fold(leading)))
        if joined == domain:
            return leading
        if len(joined) >= len(domain):
            break
    return ""


def subcategories_by_key(organisation, keys: Iterable[str]) -> dict[str, ToolSubcategory]:
    """The organisation's subcategory for each seed key: the one with that key, else the
    one still named as the seed names it (an entry deleted and added again gets a key made
    from its name); keys it has neither for are left out. One query."""
    keys = set(keys)
    if not keys:
        return {}
    seed = load_taxonomy().options("subcategories")
    seed_names = {key: seed[key].lower() for key in keys if key in seed}
    rows = (
        ToolSubcategory.objects.for_organisation(organisation)
        .annotate(lowered=Lower("name"))
        .filter(Q(key__in=keys) | Q(lowered__in=set(seed_names.values())))
    )
    by_key, by_name = {}, {}
    for row in rows:
        by_key[row.key] = row
        by_name.setdefault(row.lowered, row)
    found = {}
    for key in keys:
        row = by_key.get(key) or by_name.get(seed_names.get(key, ""))
        if row is not None:
            found[key] = row
    return found


def names_in_stack(organisation, names: Sequence[str]) -> set[str]:
    """Which of these names (case-folded) the organisation's inventory has."""
    if not names:
        return set()
    lowered = {name.lower() for name in names}
    found = (
        Tool.objects.for_organisation(organisation)
        .annotate(lowered=Lower("name"))
        .filter(lowered__in=lowered)
        .values_list("lowered", flat=True)
    )
    return set(found)


def describe(entries: Sequence[CatalogueEntry], organisation) -> list[CatalogueMatch]:
    """Entries as the organisation sees them (two small queries whatever their number).
    The subcategory is matched by the seed's stable key, so a renamed one still matches."""
    if not entries:
        return []
    keys = [subcategory_for(entry.categories) for entry in entries]
    subcategories = subcategories_by_key(organisation, [key for key in keys if key])
    in_stack = names_in_stack(organisation, [e.name for e in entries])
    return [
        CatalogueMatch(
            entry=entry,
            host=host_of(entry.website),
            vendor=vendor_of(entry),
            subcategory=subcategories.get(key) if key else None,
            in_stack=entry.name.lower() in in_stack,
        )
        for entry, key in zip(entries, keys, strict=True)
    ]


def matches(organisation, query: str, limit: int = TYPEAHEAD_LIMIT) -> list[CatalogueMatch]:
    """The typeahead: the best ``limit`` products for what was typed."""
    return describe(catalogue.search(query, limit), organisation)


def search_all(query: str) -> Sequence[CatalogueEntry]:
    """Every entry matching ``query``, best first; the whole catalogue (by name) without
    one. What the API pages through."""
    if not query.strip():
        return _by_name()
    return catalogue.search(query, limit=len(catalogue.catalogue()))


@cache
def _by_name() -> tuple[CatalogueEntry, ...]:
    return tuple(sorted(catalogue.catalogue().entries, key=lambda e: (fold(e.name), e.slug)))


def exact_matches(organisation, names: Iterable[str]) -> dict[str, CatalogueMatch]:
    """The known product each name *is* (its whole name, ignoring case), as the
    organisation sees it: {name.casefold(): match} for the names that are one. What an
    import's preview offers to fill blank fields from (imports/catalogue_hints.py)."""
    found: dict[str, CatalogueEntry] = {}
    for name in names:
        key = name.strip().casefold()
        if key and key not in found:
            entry = catalogue.catalogue().by_name(key)
            if entry is not None:
                found[key] = entry
    described = describe(list(found.values()), organisation)
    return dict(zip(found, described, strict=True))
