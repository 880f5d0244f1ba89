"""Turn the upstream Wappalyzer-format data into Stackscope's compact catalogue file.

Upstream (``technologies.json`` and ``categories.json``) carries much we
cannot use without a browser (``js``, ``dom``, ``css``, ``xhr``), or at all (icons, CPEs,
DNS probes). Keeping only names, categories, descriptions, pricing and the fingerprints a
plain HTTP fetch can check makes the file a third of the size and quick to load. Run by
``scripts/refresh-catalogue``; nothing here touches the network.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

#: Fingerprint fields a fetched page can be checked against (detect.py).
LIST_FIELDS = ("html", "scriptSrc", "scripts", "url")
MAP_FIELDS = ("headers", "cookies", "meta")
#: Relations between technologies (names, with optional ``\\;confidence:`` tags).
RELATION_FIELDS = ("implies", "excludes", "requires", "requiresCategory")

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """Wappalyzer's slug rule, accent-free: lower case, runs of other characters → "-"."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return _NOT_SLUG.sub("-", plain).strip("-") or "x"


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]


def _as_map(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    out = {}
    for key, pattern in value.items():
        # a list of patterns for one key is rare upstream; keep them as alternatives
        out[str(key)] = "|".join(_as_list(pattern)) if not isinstance(pattern, str) else pattern
    return out


def merge_overlay(technologies: dict[str, dict], overlay: Mapping[str, Mapping]) -> None:
    """Add Stackscope's own fingerprints (``data/overlay.json``) to upstream entries, in place.

    List fields are extended, map fields updated; an overlay entry for an unknown name is an
    error, so a renamed upstream entry cannot silently drop our additions."""
    for name, extra in overlay.items():
        if name.startswith("_"):
            continue  # comments
        if name not in technologies:
            raise KeyError(f"overlay names {name!r}, which the upstream data no longer has")
        entry = technologies[name]
        for field, value in extra.items():
            if field in MAP_FIELDS:
                entry[field] = {**_as_map(entry.get(field)), **_as_map(value)}
            else:
                entry[field] = _as_list(entry.get(field)) + _as_list(value)


def compact(
    technologies: Mapping[str, Mapping],
    categories: Mapping[str, Mapping],
    *,
    source: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The catalogue document: ``source``, ``categories`` and ``technologies`` (sorted)."""
    category_slugs = {}
    category_rows = []
    for cat_id, cat in sorted(categories.items(), key=lambda item: int(item[0])):
        slug = slugify(cat["name"])
        category_slugs[int(cat_id)] = slug
        category_rows.append({"id": int(cat_id), "slug": slug, "name": cat["name"]})

    rows = []
    seen: set[str] = set()
    for name in sorted(technologies, key=str.casefold):
        tech = technologies[name]
        slug = slugify(name)
        while slug in seen:  # never happens upstream today; keeps slugs unique if it does
            slug += "-x"
        seen.add(slug)
        row: dict[str, Any] = {"name": name, "slug": slug}
        row["categories"] = [category_slugs[c] for c in tech.get("cats", ()) if c in category_slugs]
        for field in ("website", "description"):
            if tech.get(field):
                row[field] = tech[field]
        for field in ("saas", "oss"):
            if field in tech:
                row[field] = bool(tech[field])
        if tech.get("pricing"):
            row["pricing"] = _as_list(tech["pricing"])
        fingerprints: dict[str, Any] = {}
        for field in LIST_FIELDS + RELATION_FIELDS:
            values = _as_list(tech.get(field))
            if values:
                fingerprints[field] = values
        for field in MAP_FIELDS:
            values = _as_map(tech.get(field))
            if values:
                fingerprints[field] = values
        if fingerprints:
            row["fingerprints"] = fingerprints
        rows.append(row)
    return {"source": dict(source or {}), "categories": category_rows, "technologies": rows}


def write(document: Mapping[str, Any], path: Path) -> None:
    """Write the document as compact JSON, gzipped when the name ends in ``.gz``.

    The gzip header carries no timestamp, so the same data gives the same bytes."""
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    raw = data.encode("utf-8")
    if path.suffix == ".gz":
        with (
            open(path, "wb") as handle,
            gzip.GzipFile(
                filename="", mode="wb", fileobj=handle, mtime=0, compresslevel=9
            ) as zipped,
        ):
            zipped.write(raw)
    else:
        path.write_bytes(raw)
