"""The website rules (issue 18): shadow martech and paid tools missing from the site —
firing, not firing, and quiet until a scan has finished."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from assessment.results_core import RULE_NAMES, DiscoveryFact, WebsiteFacts, find
from assessment.results_core.findings.website import shadow_discoveries

from .helpers import make_input, tool


def with_website(data, **website):
    return dataclasses.replace(data, website=WebsiteFacts(**website))


def fired(data, rule):
    return [f for f in find(data) if f.rule == rule]


def seen(id, slug, **fields):
    fields.setdefault("name", slug.title())
    fields.setdefault("subcategory", "mobile_web_analytics")
    return DiscoveryFact(id=id, slug=slug, **fields)


def test_both_rules_are_registered():
    assert {"shadow_martech", "paid_tool_missing_from_site"} <= set(RULE_NAMES)


# -- shadow_martech ------------------------------------------------------------------------


def test_tags_no_tool_accounts_for_are_shadow_martech():
    data = with_website(
        make_input(tools=(tool(1, name="Hotjar"),)),
        scanned=True,
        discoveries=(seen(1, "hotjar", tool_id=1), seen(2, "facebook-pixel"), seen(3, "hubspot")),
    )
    (finding,) = fired(data, "shadow_martech")
    assert finding.key == "shadow_martech"
    assert finding.subject_ids == ("facebook-pixel", "hubspot")
    assert finding.severity == "medium"
    assert finding.step == "stack"


def test_three_or_more_is_high():
    data = with_website(
        make_input(),
        scanned=True,
        discoveries=tuple(seen(i, f"tag-{i}") for i in range(3)),
    )
    assert fired(data, "shadow_martech")[0].severity == "high"


def test_decided_gone_unmapped_or_catalogued_tags_are_not_shadow():
    data = with_website(
        make_input(tools=(tool(5, name="Analytics suite"),)),
        scanned=True,
        discoveries=(
            seen(1, "a", state="ignored"),
            seen(2, "b", state="added", tool_id=9),
            seen(3, "c", state="linked", tool_id=9),
            seen(4, "d", present=False),
            seen(5, "e", subcategory=""),  # not martech
            seen(6, "f"),  # the catalogue entry of tool 5
        ),
        site_tools={5: "f"},
    )
    assert fired(data, "shadow_martech") == []


def test_a_tag_matched_to_a_tool_no_longer_in_the_inventory_is_shadow():
    data = with_website(make_input(), scanned=True, discoveries=(seen(1, "x", tool_id=99),))
    assert fired(data, "shadow_martech")[0].subject_ids == ("x",)


# -- paid_tool_missing_from_site -----------------------------------------------------------


def test_a_paid_web_tool_the_scan_did_not_see_is_reported():
    tools = (
        tool(1, name="Hotjar", annual_cost=1200),
        tool(2, name="Google Analytics", annual_cost=0),  # free: not reported
        tool(3, name="Intercom", annual_cost=5000, status="retired"),  # not active
        tool(4, name="Drift", annual_cost=900),  # seen through its link
        tool(5, name="Optimizely", annual_cost=9000),  # seen by slug
        tool(6, name="Salesforce", annual_cost=50000),  # not a web-visible kind
    )
    data = with_website(
        make_input(tools=tools),
        scanned=True,
        discoveries=(seen(1, "drift", tool_id=4, state="linked"), seen(2, "optimizely")),
        site_tools={1: "hotjar", 2: "google-analytics", 3: "intercom", 4: "drift", 5: "optimizely"},
    )
    (finding,) = fired(data, "paid_tool_missing_from_site")
    assert finding.key == "paid_tool_missing_from_site:1"
    assert finding.evidence.tool_ids == (1,)


def test_a_tag_gone_from_the_site_is_not_seen():
    data = with_website(
        make_input(tools=(tool(1, name="Hotjar", annual_cost=1200),)),
        scanned=True,
        discoveries=(seen(1, "hotjar", tool_id=1, state="added", present=False),),
        site_tools={1: "hotjar"},
    )
    assert [f.key for f in fired(data, "paid_tool_missing_from_site")] == [
        "paid_tool_missing_from_site:1"
    ]


# -- quiet without a scan ------------------------------------------------------------------

discovery = st.builds(
    DiscoveryFact,
    id=st.integers(1, 50),
    slug=st.sampled_from(["hotjar", "hubspot", "drift", "x"]),
    name=st.sampled_from(["Hotjar", "HubSpot", "Drift", "X"]),
    subcategory=st.sampled_from(["", "mobile_web_analytics", "crm"]),
    state=st.sampled_from(["new", "added", "linked", "ignored"]),
    tool_id=st.none() | st.integers(1, 5),
    present=st.booleans(),
)


@given(
    discoveries=st.lists(discovery, max_size=8),
    costs=st.lists(st.none() | st.integers(0, 5000), min_size=5, max_size=5),
    slugs=st.dictionaries(st.integers(1, 5), st.sampled_from(["hotjar", "hubspot", "drift"])),
)
def test_no_finished_scan_means_no_website_finding(discoveries, costs, slugs):
    tools = tuple(tool(i + 1, annual_cost=cost) for i, cost in enumerate(costs))
    data = with_website(
        make_input(tools=tools), scanned=False, discoveries=discoveries, site_tools=slugs
    )
    rules = {f.rule for f in find(data)}
    assert not rules & {"shadow_martech", "paid_tool_missing_from_site"}
    # and once scanned, the shadow list is exactly the undecided, present, mapped tags no
    # inventory tool accounts for
    scanned = WebsiteFacts(scanned=True, discoveries=discoveries, site_tools=slugs)
    shadow = shadow_discoveries(scanned, {t.id for t in tools})
    for d in shadow:
        assert d.present and d.subcategory and d.state == "new"
        assert d.tool_id is None or d.tool_id not in {t.id for t in tools}
