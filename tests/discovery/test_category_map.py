"""Every catalogue category is decided: mapped to a taxonomy subcategory, or ignored."""

import pytest

from assessment.discovery import catalogue, category_map
from assessment.inventory_core.taxonomy import load_taxonomy

MARTECH = [
    "analytics", "tag-managers", "marketing-automation", "crm", "email", "advertising",
    "a-b-testing", "personalisation", "live-chat", "cms", "ecommerce",
    "customer-data-platform", "surveys", "seo", "reviews", "cookie-compliance",
    "retargeting", "affiliate-programs", "loyalty-rewards",
]  # fmt: skip
NOT_MARTECH = [
    "web-servers", "javascript-libraries", "font-scripts", "cdn", "javascript-frameworks",
    "programming-languages", "databases", "operating-systems", "caching",
]  # fmt: skip


def taxonomy_subcategories() -> set[str]:
    return {s.key for s in load_taxonomy().subcategories}


def test_every_catalogue_category_is_mapped_or_ignored():
    """A new upstream category fails here until someone decides where it belongs."""
    assert category_map.undecided(catalogue.catalogue().categories) == []


def test_mapped_categories_lead_to_existing_subcategories():
    missing = set(category_map.SUBCATEGORY.values()) - taxonomy_subcategories()
    assert missing == set()


def test_no_category_is_both_mapped_and_ignored_and_none_is_stale():
    known = set(catalogue.catalogue().categories)
    assert set(category_map.SUBCATEGORY) & category_map.IGNORED == set()
    assert set(category_map.SUBCATEGORY) - known == set()
    assert category_map.IGNORED - known == set()


@pytest.mark.parametrize("category", MARTECH)
def test_martech_categories_are_mapped(category):
    assert category_map.SUBCATEGORY[category] in taxonomy_subcategories()


@pytest.mark.parametrize("category", NOT_MARTECH)
def test_infrastructure_and_web_development_are_ignored(category):
    assert category in category_map.IGNORED


def test_the_most_specific_category_wins():
    assert category_map.subcategory_for(["analytics", "a-b-testing"]) == (
        "optimisation_personalisation_testing"
    )
    assert category_map.subcategory_for(["crm", "live-chat"]) == "live_chat_chatbots"
    assert category_map.subcategory_for(["web-servers"]) is None
    assert category_map.subcategory_for([]) is None


@pytest.mark.parametrize(
    ("slug", "subcategory"),
    [
        ("google-tag-manager", "ipaas_integration_tag_management"),
        ("google-analytics", "mobile_web_analytics"),
        ("hubspot", "marketing_automation"),
        ("hotjar", "mobile_web_analytics"),
        ("facebook-pixel", "mobile_web_analytics"),
        ("salesforce", "crm"),
        ("mailchimp", "email_marketing"),
        ("optimizely", "optimisation_personalisation_testing"),
        ("intercom", "live_chat_chatbots"),
        ("shopify", "ecommerce_platforms"),
        ("onetrust", "governance_compliance_privacy"),
        ("segment", "cdp"),
    ],
)
def test_well_known_tools_land_where_a_marketer_expects(slug, subcategory):
    entry = catalogue.get(slug)
    assert entry is not None, slug
    assert category_map.subcategory_for(entry.categories) == subcategory
