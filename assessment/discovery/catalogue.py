"""The known-tools catalogue: about 7,500 web technologies with categories and fingerprints.

Read once per process from the vendored ``data/catalogue.json.gz`` (see ``data/README.md``
for its source and licence): no network call at run time. ``search`` serves a name
typeahead: names are folded (case, accents, compatibility forms) once, into sorted lists
that a prefix finds by bisection, so a query touches only the entries that match
(docs/performance.md, "Catalogue typeahead"). Other names of an entry (``data/aliases.json``:
"Meta Pixel" for Facebook Pixel) are indexed with the names; ``search_names`` says which one
matched, and ``by_name`` finds an entry by either.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "catalogue.json.gz"
#: {slug: [other names]}: rebrands and common short names, curated by Stackscope.
ALIASES_FILE = Path(__file__).resolve().parent / "data" / "aliases.json"

_WORDS = re.compile(r"[^\W_]+")
_HIGH = "\U0010ffff"  # sorts after every folded text: the end of a prefix range


def fold(text: str) -> str:
    """Text as compared: case-folded, compatibility-decomposed, without combining marks."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(folded: str) -> list[str]:
    """The words of folded text: runs of letters and digits ("Node.js" → node, js)."""
    return _WORDS.findall(folded)


@dataclass(frozen=True, slots=True)
class Category:
    id: int
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """One technology. ``fingerprints`` is the raw pattern data detect.py compiles."""

    name: str
    slug: str
    categories: tuple[str, ...] = ()
    website: str = ""
    description: str = ""
    saas: bool | None = None
    oss: bool | None = None
    pricing: tuple[str, ...] = ()
    fingerprints: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_data(cls, row: Mapping[str, Any]) -> CatalogueEntry:
        return cls(
            name=row["name"],
            slug=row["slug"],
            categories=tuple(row.get("categories", ())),
            website=row.get("website", ""),
            description=row.get("description", ""),
            saas=row.get("saas"),
            oss=row.get("oss"),
            pricing=tuple(row.get("pricing", ())),
            fingerprints=MappingProxyType(row.get("fingerprints", {})),
        )


@dataclass(frozen=True, slots=True)
class NameMatch:
    """An entry found by ``Catalogue.search_names``, and how well."""

    entry: CatalogueEntry
    #: The other name (alias) that matched, as written; "" when the entry's own name did.
    alias: str = ""
    #: Sorts best first: (rank, length of the matched name, the folded name, alias after name).
    key: tuple[int, int, str, int] = (0, 0, "", 0)


class Catalogue:
    """Entries by slug and by name (or alias), with the typeahead index built once."""

    def __init__(
        self,
        entries: Iterable[CatalogueEntry],
        categories: Iterable[Category] = (),
        source: Mapping[str, Any] | None = None,
        aliases: Mapping[str, Iterable[str]] | None = None,
    ):
        self.entries: tuple[CatalogueEntry, ...] = tuple(entries)
        self.categories: dict[str, Category] = {c.slug: c for c in categories}
        self.source: Mapping[str, Any] = MappingProxyType(dict(source or {}))
        self._by_slug = {e.slug: e for e in self.entries}
        self._by_name = {e.name.casefold(): e for e in self.entries}
        # Labels: every entry's name (label i is entry i), then the aliases of known slugs.
        self._label_entry = list(range(len(self.entries)))
        self._label_alias = [""] * len(self.entries)
        index_of = {e.slug: i for i, e in enumerate(self.entries)}
        self.aliases: dict[str, tuple[str, ...]] = {}
        for slug, names in (aliases or {}).items():
            i = index_of.get(slug)
            if i is None:
                continue
            unique: dict[str, str] = {}
            for alias in names:
                alias = (alias or "").strip()
                if alias:
                    unique.setdefault(alias.casefold(), alias)
            kept = tuple(unique.values())
            self.aliases[slug] = kept
            for alias in kept:
                self._label_entry.append(i)
                self._label_alias.append(alias)
                self._by_name.setdefault(alias.casefold(), self.entries[i])  # names win
        labels = [e.name for e in self.entries] + self._label_alias[len(self.entries) :]
        self._folded = [fold(label) for label in labels]
        self._name_words = [words(name) for name in self._folded]
        # (text, label index) sorted by text: a prefix is a contiguous range found by bisect
        self._names = sorted((name, i) for i, name in enumerate(self._folded))
        self._compact = sorted(("".join(ws), i) for i, ws in enumerate(self._name_words))
        self._words = sorted({(w, i) for i, ws in enumerate(self._name_words) for w in ws})

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, slug: str) -> CatalogueEntry | None:
        return self._by_slug.get(slug)

    def by_name(self, name: str) -> CatalogueEntry | None:
        """The entry of this exact name or alias, ignoring case (how ``implies`` names
        entries; an entry's own name wins over another's alias)."""
        return self._by_name.get(name.casefold())

    def search(self, query: str, limit: int = 10) -> list[CatalogueEntry]:
        """Entries whose name or an alias matches what was typed, best first (see
        ``search_names``)."""
        return [match.entry for match in self.search_names(query, limit)]

    def search_names(self, query: str, limit: int = 10) -> list[NameMatch]:
        """Entries whose name or an alias matches what was typed, best first, each once
        (by its best matching name), with the alias that matched.

        Ranks: the whole name; the name starts with the query; every query word starts a
        word of the name ("analytics" finds "Google Analytics"); the query without spaces or
        punctuation starts the name's ("hub spot" finds "HubSpot"). Within a rank, shorter
        names first, then alphabetical; an entry's own name before an alias.
        """
        folded = fold(query).strip()
        query_words = words(folded)
        if not query_words or limit <= 0:
            return []
        ranks: dict[int, int] = {}
        for i in _prefixed(self._names, folded):
            ranks[i] = 0 if self._folded[i] == folded else 1
        # candidates from the longest word (fewest matches), then every word must match
        longest = max(query_words, key=len)
        others = [w for w in query_words if w is not longest]
        for i in _prefixed(self._words, longest):
            if i not in ranks and all(
                any(w.startswith(q) for w in self._name_words[i]) for q in others
            ):
                ranks[i] = 2
        for i in _prefixed(self._compact, "".join(query_words)):
            ranks.setdefault(i, 3)
        count = len(self.entries)
        best: dict[int, tuple[tuple[int, int, str, int], int]] = {}
        for i, rank in ranks.items():
            key = (rank, len(self._folded[i]), self._folded[i], int(i >= count))
            entry = self._label_entry[i]
            if entry not in best or key < best[entry][0]:
                best[entry] = (key, i)
        ordered = sorted(best.values())[:limit]
        return [
            NameMatch(self.entries[self._label_entry[i]], self._label_alias[i], key)
            for key, i in ordered
        ]


def _prefixed(index: list[tuple[str, int]], prefix: str) -> Iterable[int]:
    start = bisect_left(index, (prefix,))
    end = bisect_left(index, (prefix + _HIGH,), lo=start)
    return (i for _, i in index[start:end])


def parse(
    document: Mapping[str, Any], aliases: Mapping[str, Iterable[str]] | None = None
) -> Catalogue:
    """A catalogue from its JSON document (compact.py writes it), with other names."""
    return Catalogue(
        (CatalogueEntry.from_data(row) for row in document["technologies"]),
        (Category(c["id"], c["slug"], c["name"]) for c in document.get("categories", ())),
        document.get("source", {}),
        aliases,
    )


def load_aliases() -> dict[str, list[str]]:
    """``data/aliases.json``: {slug: [other names]}."""
    return json.loads(ALIASES_FILE.read_text(encoding="utf-8"))


@cache
def catalogue() -> Catalogue:
    """The vendored catalogue, read and indexed on first use (about 0.1 s), then kept."""
    with gzip.open(DATA_FILE, "rb") as handle:
        return parse(json.loads(handle.read()), load_aliases())


def search(query: str, limit: int = 10) -> list[CatalogueEntry]:
    """Typeahead over the whole catalogue (see ``Catalogue.search``)."""
    return catalogue().search(query, limit)


def get(slug: str) -> CatalogueEntry | None:
    return catalogue().get(slug)
