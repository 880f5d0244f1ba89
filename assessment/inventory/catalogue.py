"""Known products for a typed tool name: the vendored catalogue (assessment/discovery/,
global read-only data) seen from one organisation — the subcategory of *its* taxonomy a
product files under (through ``category_map``, by the seed's stable keys) and whether a
tool of that name is already in its inventory — merged with the organisation's own entries
(``OwnProduct``: built into a small ``Catalogue`` per request, one query, so both rank
alike; an own product comes first when it ranks the same or better) and the catalogue's
other names (aliases: "Meta Pixel" finds Facebook Pixel, and is the name offered). Serves
the tool form's typeahead, ``GET /api/v1/catalogue/`` and the imports' hints; nothing here
writes (docs/discovery.md, "Own products and aliases")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from django.db.models import Q
from django.db.models.functions import Lower

from assessment.discovery import catalogue
from assessment.discovery.catalogue import Catalogue, CatalogueEntry, NameMatch, fold, words
from assessment.discovery.category_map import subcategory_for
from assessment.inventory.own_products.selectors import own_product_rows
from assessment.inventory_core.taxonomy import load_taxonomy
from assessment.models import OwnProduct, Tool, ToolSubcategory

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
    #: The organisation's own entry (``product``), not the vendored catalogue's.
    own: bool = False
    #: What to show and fill: the other name typed ("Meta Pixel"), the own product's name,
    #: else the entry's name.
    name: str = ""
    #: The other name to show beside it: the catalogue's name of an alias ("Facebook
    #: Pixel"), or of the known product an own product is the same as; "" when none.
    also_known_as: str = ""
    product: OwnProduct | None = None

    @property
    def slug(self) -> str:
        """The catalogue slug picking this fills: "" for an own product of no known one."""
        return self.entry.slug


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


#: The slug of an own product in its small per-request catalogue (never shown).
_OWN_SLUG = "own-product-{}"


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result before the organisation's view of it is added."""

    entry: CatalogueEntry
    #: The other name that matched ("" when the entry's own name did).
    alias: str = ""
    product: OwnProduct | None = None
    key: tuple = ()

    @property
    def name(self) -> str:
        if self.product is not None:
            return self.product.name
        return self.alias or self.entry.name

    @property
    def also_known_as(self) -> str:
        if self.product is not None:
            if self.entry.slug:
                base = catalogue.get(self.entry.slug)
                if base is not None and fold(base.name) != fold(self.product.name):
                    return base.name
            return self.alias
        return self.entry.name if self.alias else ""


def own_entry(product: OwnProduct) -> CatalogueEntry:
    """An own product as a catalogue entry: its slug is the known product it is the same as
    ("" without one); website, description and categories come from that one unless given."""
    base = catalogue.get(product.same_as) if product.same_as else None
    return CatalogueEntry(
        name=product.name,
        slug=base.slug if base is not None else "",
        categories=base.categories if base is not None else (),
        website=product.website or (base.website if base is not None else ""),
        description=product.description or (base.description if base is not None else ""),
    )


class OwnCatalogue:
    """The organisation's own products as a small ``Catalogue`` (one query), searched with
    the same ranking as the vendored one."""

    def __init__(self, organisation):
        self.products = own_product_rows(organisation) if organisation is not None else []
        self.catalogue = Catalogue(
            (CatalogueEntry(name=p.name, slug=_OWN_SLUG.format(p.pk)) for p in self.products),
            aliases={_OWN_SLUG.format(p.pk): p.alias_list for p in self.products},
        )
        self._by_slug = {_OWN_SLUG.format(p.pk): p for p in self.products}
        self._entries = {p.pk: own_entry(p) for p in self.products}

    def hit(self, match: NameMatch) -> Hit:
        product = self._by_slug[match.entry.slug]
        return Hit(self._entries[product.pk], match.alias, product, match.key)

    def search(self, query: str, limit: int) -> list[Hit]:
        return [self.hit(m) for m in self.catalogue.search_names(query, limit)]

    def by_name(self, name: str) -> Hit | None:
        found = self.catalogue.by_name(name)
        if found is None:
            return None
        product = self._by_slug[found.slug]
        alias = "" if fold(product.name) == fold(name.strip()) else name.strip()
        return Hit(self._entries[product.pk], alias, product)

    def all(self) -> list[Hit]:
        return [Hit(self._entries[p.pk], "", p) for p in self.products]


def merge(own: Sequence[Hit], known: Sequence[Hit], limit: int | None = None) -> list[Hit]:
    """Own and known hits best first, an own one first when it ranks the same or better; a
    known product an own hit of the same name stands for is left out."""
    standing_for = {(h.entry.slug, fold(h.name)) for h in own if h.entry.slug}
    known = [h for h in known if (h.entry.slug, fold(h.name)) not in standing_for]
    ordered = sorted(
        [(h.key, 0, i, h) for i, h in enumerate(own)]
        + [(h.key, 1, i, h) for i, h in enumerate(known)],
        key=lambda row: row[:3],
    )
    hits = [row[3] for row in ordered]
    return hits if limit is None else hits[:limit]


def describe(entries: Sequence[CatalogueEntry | Hit], organisation) -> list[CatalogueMatch]:
    """Entries (or search hits) as the organisation sees them (two small queries whatever
    their number). The subcategory is matched by the seed's stable key, so a renamed one
    still matches; an own product's own subcategory wins."""
    if not entries:
        return []
    hits = [e if isinstance(e, Hit) else Hit(e) for e in entries]
    keys = [subcategory_for(hit.entry.categories) for hit in hits]
    subcategories = subcategories_by_key(organisation, [key for key in keys if key])
    names = {name for hit in hits for name in (hit.name, hit.entry.name)}
    in_stack = names_in_stack(organisation, sorted(names))
    out = []
    for hit, key in zip(hits, keys, strict=True):
        product = hit.product
        subcategory = subcategories.get(key) if key else None
        vendor = vendor_of(hit.entry)
        if product is not None:
            subcategory = product.subcategory or subcategory
            base = catalogue.get(hit.entry.slug) if hit.entry.slug else None
            vendor = product.vendor or (vendor_of(base) if base is not None else "")
        out.append(
            CatalogueMatch(
                entry=hit.entry,
                host=host_of(hit.entry.website),
                vendor=vendor,
                subcategory=subcategory,
                in_stack=bool({hit.name.lower(), hit.entry.name.lower()} & in_stack),
                own=product is not None,
                name=hit.name,
                also_known_as=hit.also_known_as,
                product=product,
            )
        )
    return out


def _known_hits(query: str, limit: int) -> list[Hit]:
    return [
        Hit(m.entry, m.alias, None, m.key) for m in catalogue.catalogue().search_names(query, limit)
    ]


def search(organisation, query: str, limit: int) -> list[Hit]:
    """The best ``limit`` hits for what was typed: own products and known ones merged."""
    own = OwnCatalogue(organisation).search(query, limit)
    return merge(own, _known_hits(query, limit), limit)


def matches(organisation, query: str, limit: int = TYPEAHEAD_LIMIT) -> list[CatalogueMatch]:
    """The typeahead: the best ``limit`` products for what was typed."""
    if not words(fold(query)):
        return []
    return describe(search(organisation, query, limit), organisation)


def search_all(organisation, query: str) -> Sequence[Hit]:
    """Every hit for ``query``, best first; without one, the organisation's own products
    then the whole catalogue, by name. What the API pages through."""
    own = OwnCatalogue(organisation)
    if not query.strip():
        return [*own.all(), *_by_name()]
    return merge(
        own.search(query, len(own.products) or 1),
        _known_hits(query, len(catalogue.catalogue())),
    )


@cache
def _by_name() -> tuple[Hit, ...]:
    entries = sorted(catalogue.catalogue().entries, key=lambda e: (fold(e.name), e.slug))
    return tuple(Hit(entry) for entry in entries)


def exact_matches(organisation, names: Iterable[str]) -> dict[str, CatalogueMatch]:
    """The known product each name *is* (its whole name or another name of it, ignoring
    case; the organisation's own products first), as the organisation sees it:
    {name.casefold(): match} for the names that are one. What an import's preview offers
    to fill blank fields from (imports/catalogue_hints.py)."""
    own: OwnCatalogue | None = None
    found: dict[str, Hit] = {}
    for name in names:
        key = name.strip().casefold()
        if not key or key in found:
            continue
        if own is None:
            own = OwnCatalogue(organisation)
        hit = own.by_name(key)
        if hit is None:
            entry = catalogue.catalogue().by_name(key)
            if entry is not None:
                alias = "" if entry.name.casefold() == key else name.strip()
                hit = Hit(entry, alias)
        if hit is not None:
            found[key] = hit
    described = describe(list(found.values()), organisation)
    return dict(zip(found, described, strict=True))
