import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.inventory_core.taxonomy import load_taxonomy
from assessment.inventory_core.values import (
    SUGGESTION_THRESHOLD,
    ValueParseError,
    is_blank,
    looks_like_formula,
    neutralise_formula,
    parse_blank,
    parse_bool,
    parse_choice,
    unneutralise,
)

TAXONOMY = load_taxonomy()


@pytest.mark.parametrize(
    "raw", ["", "  ", "N/A", "n/a", "NA", "-", "—", "–", "none", "None", "NULL", "#N/A", None]
)
def test_blank(raw):
    assert is_blank(raw)
    assert parse_blank(raw) is None


@pytest.mark.parametrize(("raw", "expected"), [(" x ", "x"), (0, 0), ("0", "0"), ("Nope", "Nope")])
def test_not_blank(raw, expected):
    assert parse_blank(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("yes", True),
        ("YES", True),
        ("y", True),
        ("True", True),
        ("1", True),
        ("x", True),
        ("X", True),
        ("✓", True),
        ("✔", True),
        ("da", True),
        ("نعم", True),
        (True, True),
        (1, True),
        ("no", False),
        ("N", False),
        ("false", False),
        ("0", False),
        ("nu", False),
        (False, False),
        (0, False),
        ("", None),
        ("n/a", None),
    ],
)
def test_bool_good(raw, expected):
    assert parse_bool(raw) is expected


@pytest.mark.parametrize("raw", ["maybe", "2", 2, "yess", "partly"])
def test_bool_bad(raw):
    with pytest.raises(ValueParseError, match="yes or no"):
        parse_bool(raw)


def choice(value, list_name):
    return parse_choice(value, TAXONOMY.options(list_name), TAXONOMY.aliases(list_name))


@pytest.mark.parametrize(
    ("raw", "list_name", "key"),
    [
        ("Active", "tool_statuses", "active"),
        ("  ACTIVE ", "tool_statuses", "active"),
        ("active", "tool_statuses", "active"),
        ("Pilot", "tool_statuses", "trial"),
        ("Search and Social Advertising", "subcategories", "search_social_advertising"),
        ("search & social advertising", "subcategories", "search_social_advertising"),
        ("E-Commerce", "subcategories", "ecommerce_platforms"),
        ("eCommerce", "subcategories", "ecommerce_platforms"),
        ("Optimización, personalisation & testing", "subcategories", None),
        (
            "Optimisation, personalisation & testing",
            "subcategories",
            "optimisation_personalisation_testing",
        ),
        ("rule_based", "personalisation_levels", "rule_based"),
        ("Rule based", "personalisation_levels", "rule_based"),
        ("Fulfillment", "journey_stages", "fulfilment"),
        ("Réal-time", "frequencies", "realtime"),
        ("→", "integration_directions", "one_way"),
        ("<->", "integration_directions", "two_way"),
        ("Under review", "lifecycle_decisions", "evaluating"),
    ],
)
def test_choice_matches(raw, list_name, key):
    assert choice(raw, list_name).key == key


@pytest.mark.parametrize(
    ("raw", "list_name", "suggestion"),
    [
        ("Actve", "tool_statuses", "active"),
        ("Retird", "tool_statuses", "retired"),
        ("Tolerrate", "lifecycle_decisions", "tolerate"),
        ("Helpdsk", "subcategories", "customer_experience_service"),
        ("retention stage", "journey_stages", "service"),
        ("Under Review", "tool_statuses", None),  # too far from any status: no guess
        ("Automation", "subcategories", None),  # marketing vs sales automation: a tie
        ("Blockchain", "subcategories", None),
    ],
)
def test_choice_suggestions(raw, list_name, suggestion):
    match = choice(raw, list_name)
    assert match.key is None
    assert match.suggestion == suggestion
    assert (match.score >= SUGGESTION_THRESHOLD) == (suggestion is not None) or suggestion is None


def test_choice_blank_and_threshold():
    assert choice("", "tool_statuses") == choice(None, "tool_statuses")
    assert choice("", "tool_statuses").key is None
    strict = parse_choice("Actve", {"active": "Active"}, threshold=0.99)
    assert strict.suggestion is None and strict.score > 0.8


def test_choice_ignores_alias_to_unknown_option():
    assert parse_choice("x", {"a": "A"}, {"x": "b"}).key is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=SUM(A1:A3)", "'=SUM(A1:A3)"),
        ("+1+1", "'+1+1"),
        ("-cmd", "'-cmd"),
        ("-5", "'-5"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝1", "'＝1"),
        ("'=already", "''=already"),
        ("plain", "plain"),
        ("'quoted'", "'quoted'"),
        ("a=b", "a=b"),
        ("", ""),
        (-5, -5),
        (-5.5, -5.5),
        (None, None),
    ],
)
def test_neutralise(cell, expected):
    assert neutralise_formula(cell) == expected
    assert unneutralise(neutralise_formula(cell)) == cell


@given(st.text())
def test_neutralise_round_trips_any_text(text):
    assert unneutralise(neutralise_formula(text)) == text


@given(st.text())
def test_neutralised_text_never_starts_with_a_trigger(text):
    out = neutralise_formula(text)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", True),
        ("  =1+1", True),
        ("@SUM(A1)", True),
        ("+A1", True),
        ("-cmd|' /C calc'!A0", True),
        ("-", False),
        ("-5", False),
        ("-1,200.50", False),
        ("+44 20 7946 0000", False),
        ("HubSpot", False),
        ("a=b", False),
        ("", False),
    ],
)
def test_looks_like_formula(text, expected):
    assert looks_like_formula(text) is expected
