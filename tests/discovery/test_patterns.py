"""Wappalyzer's pattern syntax: tags, confidence and version templates."""

from assessment.discovery.patterns import compile_pattern, parse_relation, split_tags


def test_tags_are_split_from_the_pattern():
    assert split_tags(r"jquery-([0-9.]+)\.js\;confidence:50\;version:\1") == (
        r"jquery-([0-9.]+)\.js",
        {"confidence": "50", "version": r"\1"},
    )


def test_a_pattern_is_case_insensitive_and_finds_its_version():
    pattern = compile_pattern(r"jquery-([0-9.]+)\.js\;version:\1")
    match = pattern.match("https://cdn.example/JQUERY-3.7.1.JS")
    assert match
    assert pattern.confidence == 100
    assert pattern.version_of(match) == "3.7.1"


def test_ternary_versions():
    pattern = compile_pattern(r"gtag\('config', '(G-)?\;version:\1?GA4:UA")
    assert pattern.version_of(pattern.match("gtag('config', 'G-XYZ')")) == "GA4"
    assert pattern.version_of(pattern.match("gtag('config', 'UA-1')")) == "UA"
    prefixed = compile_pattern(r"v(\d+)\;version:ver\1")
    assert prefixed.version_of(prefixed.match("v12")) == "ver12"


def test_an_empty_pattern_means_present():
    pattern = compile_pattern(r"\;confidence:25")
    assert pattern.regex is None
    assert pattern.match("anything") is True
    assert pattern.confidence == 25


def test_an_invalid_regex_is_skipped_and_confidence_is_bounded():
    assert compile_pattern("(unclosed") is None
    assert compile_pattern(r"a\;confidence:250").confidence == 100
    assert compile_pattern(r"a\;confidence:x").confidence == 100


def test_relations_carry_a_confidence():
    assert parse_relation(r"PHP\;confidence:50") == ("PHP", 50)
    assert parse_relation("React") == ("React", 100)
