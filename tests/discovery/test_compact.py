"""Building the compact catalogue file from upstream data (scripts/refresh-catalogue)."""

import gzip
import json

import pytest

from assessment.discovery import compact

UPSTREAM = {
    "Zeta CMS": {"cats": [1], "website": "https://zeta.example", "icon": "z.svg", "js": {"z": ""}},
    "Crème Ads": {
        "cats": [36, 999],
        "website": "https://creme.example",
        "description": "Ads.",
        "saas": True,
        "pricing": ["low"],
        "scriptSrc": "creme\\.js",
        "headers": {"X-Creme": ""},
        "implies": "PHP",
        "dom": ["#creme"],
    },
}
CATEGORIES = {"1": {"name": "CMS", "groups": [3]}, "36": {"name": "Advertising"}}


def test_slugify_follows_wappalyzer_without_accents():
    assert compact.slugify("Crème Ads") == "creme-ads"
    assert compact.slugify("Node.js") == "node-js"
    assert compact.slugify("A/B Testing") == "a-b-testing"


def test_compact_keeps_what_stackscope_uses_as_lists_and_maps():
    document = compact.compact(UPSTREAM, CATEGORIES, source={"version": "1"})
    assert document["source"] == {"version": "1"}
    assert document["categories"] == [
        {"id": 1, "slug": "cms", "name": "CMS"},
        {"id": 36, "slug": "advertising", "name": "Advertising"},
    ]
    creme, zeta = document["technologies"]
    assert creme == {
        "name": "Crème Ads",
        "slug": "creme-ads",
        "categories": ["advertising"],
        "website": "https://creme.example",
        "description": "Ads.",
        "saas": True,
        "pricing": ["low"],
        "fingerprints": {
            "scriptSrc": ["creme\\.js"],
            "implies": ["PHP"],
            "headers": {"X-Creme": ""},
        },
    }
    assert "fingerprints" not in zeta  # js and dom need a browser: dropped


def test_the_overlay_extends_upstream_and_refuses_unknown_names():
    technologies = json.loads(json.dumps(UPSTREAM))
    compact.merge_overlay(technologies, {"_comment": "x", "Crème Ads": {"scripts": ["crm\\("]}})
    assert technologies["Crème Ads"]["scripts"] == ["crm\\("]
    with pytest.raises(KeyError, match="no longer has"):
        compact.merge_overlay(technologies, {"Gone": {"html": ["x"]}})


def test_write_gzips_deterministically(tmp_path):
    document = compact.compact(UPSTREAM, CATEGORIES)
    compact.write(document, tmp_path / "a.json.gz")
    compact.write(document, tmp_path / "b.json.gz")
    assert (tmp_path / "a.json.gz").read_bytes() == (tmp_path / "b.json.gz").read_bytes()
    assert json.loads(gzip.decompress((tmp_path / "a.json.gz").read_bytes())) == document


def test_the_vendored_file_has_the_overlay_applied():
    from assessment.discovery import catalogue

    hubspot = catalogue.get("hubspot")
    assert any("hsforms" in p for p in hubspot.fingerprints["scriptSrc"])
