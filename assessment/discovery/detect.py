"""Which catalogue technologies a set of fetched pages shows, and the evidence for each.

The catalogue's fingerprints are checked against what a plain fetch sees: the page URL,
response headers and cookies, meta tags, the HTML, script URLs (``<script src>`` and URLs
written inside inline scripts, how marketing tags load) and inline script code. Patterns
that need a browser (``js`` globals, ``dom``, ``css``) are not in the catalogue file.
Confidence adds up per technology to at most 100, as in Wappalyzer; then ``requires`` and
``excludes`` are applied and ``implies`` adds what a technology brings with it.

Python's regex engine has no timeout, so each input is cut to a length cap before any
pattern sees it: a pathological pattern costs at most a bounded input, never a whole page.
No Django here: dataclasses in, dataclasses out.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from assessment.discovery.catalogue import Catalogue, CatalogueEntry, catalogue
from assessment.discovery.compact import slugify
from assessment.discovery.html_parts import HtmlParts, parse_html
from assessment.discovery.patterns import Pattern, compile_pattern, parse_relation

#: Input length caps (characters) before matching.
MAX_HTML_CHARS = 500_000
MAX_SCRIPT_CHARS = 50_000
MAX_VALUE_CHARS = 2_000  # a URL, header, cookie or meta value
MAX_EVIDENCE = 5  # evidence kept per technology
EVIDENCE_CHARS = 160


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched page as detection needs it (``FetchedPage`` has the same fields)."""

    url: str
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()  # (lower-case name, value)
    cookies: tuple[tuple[str, str], ...] = ()
    html: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    """What matched: ``kind`` is one of script, inline-script, html, header, cookie, meta,
    url, implied (a key the interface translates), ``detail`` the text that matched."""

    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind} {self.detail}"


@dataclass(frozen=True, slots=True)
class Detection:
    slug: str
    name: str
    confidence: int
    version: str = ""
    categories: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """One entry's compiled patterns, field by field."""

    lists: dict[str, tuple[Pattern, ...]] = field(default_factory=dict)
    maps: dict[str, tuple[tuple[str, Pattern], ...]] = field(default_factory=dict)


LIST_FIELDS = ("url", "html", "scriptSrc", "scripts")
MAP_FIELDS = ("headers", "cookies", "meta")


def compile_fingerprint(entry: CatalogueEntry) -> Fingerprint:
    raw = entry.fingerprints
    lists = {}
    for name in LIST_FIELDS:
        compiled = tuple(p for p in map(compile_pattern, raw.get(name, ())) if p is not None)
        if compiled:
            lists[name] = compiled
    maps = {}
    for name in MAP_FIELDS:
        pairs = []
        for key, text in raw.get(name, {}).items():
            pattern = compile_pattern(text)
            if pattern is not None:
                pairs.append((key.lower(), pattern))
        if pairs:
            maps[name] = tuple(pairs)
    return Fingerprint(lists, maps)


@lru_cache(maxsize=4)  # the vendored catalogue, and a few small ones in tests
def compiled(source: Catalogue) -> tuple[tuple[CatalogueEntry, Fingerprint], ...]:
    """Every entry with patterns, compiled once per catalogue (about a second)."""
    pairs = ((e, compile_fingerprint(e)) for e in source.entries)
    return tuple((e, f) for e, f in pairs if f.lists or f.maps)


class _Found:
    """What has matched for one technology so far."""

    __slots__ = ("confidence", "evidence", "version")

    def __init__(self) -> None:
        self.confidence: dict[str, int] = {}  # one contribution per pattern
        self.version = ""
        self.evidence: list[Evidence] = []

    def add(self, key: str, pattern: Pattern, match, evidence: Evidence) -> None:
        self.confidence[key] = pattern.confidence
        version = pattern.version_of(match)
        if version and len(version) > len(self.version):
            self.version = version
        if len(self.evidence) < MAX_EVIDENCE and evidence not in self.evidence:
            self.evidence.append(evidence)

    @property
    def total(self) -> int:
        return min(100, sum(self.confidence.values()))


def _clip(text: str, size: int = EVIDENCE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _matched_text(match, fallback: str) -> str:
    return match.group(0) if hasattr(match, "group") and match.group(0) else fallback


def _check_page(page: Page, parts: HtmlParts, fingerprints, found: dict[str, _Found]) -> None:
    url = page.url[:MAX_VALUE_CHARS]
    html = page.html[:MAX_HTML_CHARS]
    headers = [(k.lower(), v[:MAX_VALUE_CHARS]) for k, v in page.headers]
    cookies = [(k, v[:MAX_VALUE_CHARS]) for k, v in page.cookies]
    meta = [(k, v[:MAX_VALUE_CHARS]) for k, vs in parts.meta.items() for v in vs]
    script_urls = [("script", u[:MAX_VALUE_CHARS]) for u in parts.script_urls]
    script_urls += [("inline-script", u[:MAX_VALUE_CHARS]) for u in parts.script_literal_urls]
    scripts = [s[:MAX_SCRIPT_CHARS] for s in parts.inline_scripts]

    for entry, fingerprint in fingerprints:

        def hit(key, pattern, match, evidence, slug=entry.slug):
            found.setdefault(slug, _Found()).add(key, pattern, match, evidence)

        lists = fingerprint.lists
        for i, pattern in enumerate(lists.get("url", ())):
            if match := pattern.match(url):
                hit(f"url{i}", pattern, match, Evidence("url", _clip(url)))
        for i, pattern in enumerate(lists.get("html", ())):
            if match := pattern.match(html):
                hit(f"html{i}", pattern, match, Evidence("html", _clip(_matched_text(match, ""))))
        for i, pattern in enumerate(lists.get("scriptSrc", ())):
            for kind, src in script_urls:
                if match := pattern.match(src):
                    hit(f"src{i}", pattern, match, Evidence(kind, _clip(src)))
        for i, pattern in enumerate(lists.get("scripts", ())):
            for code in scripts:
                if match := pattern.match(code):
                    detail = _clip(_matched_text(match, code[:80]))
                    hit(f"js{i}", pattern, match, Evidence("inline-script", detail))
                    break
        maps = fingerprint.maps
        for i, (name, pattern) in enumerate(maps.get("headers", ())):
            for key, value in headers:
                if key == name and (match := pattern.match(value)):
                    hit(f"h{i}", pattern, match, Evidence("header", _clip(f"{key}: {value}")))
        for i, (name, pattern) in enumerate(maps.get("cookies", ())):
            for key, value in cookies:
                if _cookie_name_matches(name, key) and (match := pattern.match(value)):
                    hit(f"c{i}", pattern, match, Evidence("cookie", _clip(key)))
        for i, (name, pattern) in enumerate(maps.get("meta", ())):
            for key, value in meta:
                if key == name and (match := pattern.match(value)):
                    hit(f"m{i}", pattern, match, Evidence("meta", _clip(f"{key}: {value}")))


def _cookie_name_matches(pattern: str, name: str) -> bool:
    name = name.lower()
    return fnmatch.fnmatchcase(name, pattern) if "*" in pattern else name == pattern


def _apply_relations(source: Catalogue, found: dict[str, _Found]) -> dict[str, tuple[int, str]]:
    """requires, excludes, then implies: slug → (confidence, implied by) of every result."""

    def related(slug: str, relation: str) -> list[tuple[str, int]]:
        return [parse_relation(text) for text in source.get(slug).fingerprints.get(relation, ())]

    result = {slug: (f.total, "") for slug, f in found.items() if f.total > 0}
    changed = True
    while changed:  # a requirement may fall with another
        changed = False
        names = {source.get(s).name.casefold() for s in result}
        categories = {c for s in result for c in source.get(s).categories}
        for slug in list(result):
            needs = [n.casefold() for n, _c in related(slug, "requires")]
            needs_category = [slugify(n) for n, _c in related(slug, "requiresCategory")]
            if (needs and not all(n in names for n in needs)) or (
                needs_category and not any(c in categories for c in needs_category)
            ):
                del result[slug]
                changed = True
    for slug in list(result):
        for name, _c in related(slug, "excludes"):
            excluded = source.by_name(name)
            if excluded is not None and excluded.slug != slug:
                result.pop(excluded.slug, None)
    queue = list(result)
    while queue:  # ends: a result only ever rises, and never above 100
        slug = queue.pop()
        for name, implied_confidence in related(slug, "implies"):
            implied = source.by_name(name)
            if implied is None:
                continue
            value = min(result[slug][0], implied_confidence)
            current = result.get(implied.slug)
            if current is None or current[0] < value:
                by = "" if implied.slug in found else source.get(slug).name
                result[implied.slug] = (value, by)
                queue.append(implied.slug)
    return result


def detect(
    pages: Sequence[Page],
    *,
    source: Catalogue | None = None,
    parts: Sequence[HtmlParts] | None = None,
    min_confidence: int = 50,
) -> list[Detection]:
    """The technologies the pages show, most confident first, then by name.

    ``parts`` are the pages' parsed HTML when the caller has it already (the scanner does,
    for links). A technology under ``min_confidence`` is left out (a weak hint alone)."""
    source = source or catalogue()
    fingerprints = compiled(source)
    found: dict[str, _Found] = {}
    for index, page in enumerate(pages):
        page_parts = parts[index] if parts is not None else parse_html(page.html, page.url)
        _check_page(page, page_parts, fingerprints, found)
    results = []
    for slug, (confidence, implied_by) in _apply_relations(source, found).items():
        if confidence < min_confidence:
            continue
        entry = source.get(slug)
        match = found.get(slug)
        evidence: Iterable[Evidence] = match.evidence if match else ()
        if implied_by and not match:
            evidence = (Evidence("implied", implied_by),)
        results.append(
            Detection(
                slug=slug,
                name=entry.name,
                confidence=confidence,
                version=match.version if match else "",
                categories=entry.categories,
                evidence=tuple(evidence),
            )
        )
    results.sort(key=lambda d: (-d.confidence, d.name.casefold()))
    return results
