"""Other names of catalogue entries (data/aliases.json): the typeahead finds an entry by any
of them and says which matched; ``by_name`` finds it by them; every slug named exists."""

import json

from assessment.discovery import catalogue
from assessment.discovery.catalogue import Catalogue, CatalogueEntry


def small(aliases=None, *names):
    names = names or ("Facebook Pixel", "Google Analytics", "Meta Slider")
    entries = [CatalogueEntry(name=n, slug=n.lower().replace(" ", "-")) for n in names]
    return Catalogue(entries, aliases=aliases)


def test_every_alias_names_a_slug_of_the_catalogue():
    aliases = json.loads(catalogue.ALIASES_FILE.read_text(encoding="utf-8"))
    missing = [slug for slug in aliases if catalogue.get(slug) is None]
    assert missing == [], f"aliases.json names slugs the catalogue lacks: {missing}"
    for slug, names in aliases.items():
        assert isinstance(names, list) and names, slug
        assert all(isinstance(n, str) and n.strip() == n and n for n in names), slug


def test_an_alias_is_not_another_entrys_name():
    """An alias that is another entry's own name would never be found as an alias."""
    source = catalogue.catalogue()
    clashes = [
        (slug, name)
        for slug, names in source.aliases.items()
        for name in names
        if source.by_name(name).slug != slug
    ]
    assert clashes == []


def test_search_finds_an_entry_by_its_alias_and_says_which():
    cat = small({"facebook-pixel": ["Meta Pixel", "Meta Ads Pixel"]})
    found = cat.search_names("meta pix")
    assert [(m.entry.name, m.alias) for m in found] == [("Facebook Pixel", "Meta Pixel")]
    # once, by its best name: the whole alias before a prefix of another
    found = cat.search_names("meta")
    assert [(m.entry.name, m.alias) for m in found] == [
        ("Facebook Pixel", "Meta Pixel"),
        ("Meta Slider", ""),
    ]
    assert cat.search("meta ads") == [cat.get("facebook-pixel")]
    assert [m.alias for m in cat.search_names("facebook")] == [""]


def test_the_entrys_own_name_wins_a_tie_with_an_alias():
    cat = small({"google-analytics": ["Meta Slider"]})
    found = cat.search_names("meta slider")
    assert [(m.entry.name, m.alias) for m in found] == [
        ("Meta Slider", ""),
        ("Google Analytics", "Meta Slider"),
    ]
    assert cat.by_name("meta slider").name == "Meta Slider"  # names win over aliases


def test_by_name_finds_an_alias_ignoring_case_and_unknown_slugs_are_skipped():
    cat = small({"facebook-pixel": ["Meta Pixel", " ", "meta pixel"], "gone": ["Nothing"]})
    assert cat.by_name("META PIXEL").slug == "facebook-pixel"
    assert cat.by_name("nothing") is None
    assert cat.aliases == {"facebook-pixel": ("Meta Pixel",)}
    assert cat.search("nothing") == []


def test_the_vendored_catalogue_knows_the_rebrands():
    source = catalogue.catalogue()
    assert source.by_name("Meta Pixel").slug == "facebook-pixel"
    assert source.by_name("GA4").slug == "google-analytics"
    assert source.by_name("Pardot").slug == "salesforce-marketing-cloud-account-engagement"
    assert source.by_name("Adobe Launch").slug == "adobe-experience-platform-launch"
    first = source.search_names("meta pixel", limit=3)[0]
    assert (first.entry.slug, first.alias) == ("facebook-pixel", "Meta Pixel")
    assert source.search("episerver")[0].slug == "optimizely-content-management"
