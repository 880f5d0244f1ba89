"""Roadmap proposals: horizons, priorities, dependencies, savings and gap items."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from assessment.results_core import evaluate, total_savings
from assessment.results_core.roadmap import horizon_for, quadrant

from .helpers import TODAY, integration, make_input, tool, touchpoint


@pytest.mark.parametrize(
    ("impact", "effort", "controllable", "urgent", "horizon", "kind"),
    [
        (3, "low", True, False, "now", "quick_win"),
        (3, "low", False, False, "next", "quick_win"),  # not within the team's control
        (2, "low", True, False, "next", "quick_win"),
        (3, "medium", True, False, "next", "major_project"),
        (3, "high", False, False, "next", "major_project"),
        (2, "high", False, False, "later", "major_project"),
        (1, "low", True, False, "next", "fill_in"),
        (1, "high", True, False, "later", "thankless"),
        (1, "high", False, True, "now", "thankless"),  # a deadline wins
    ],
)
def test_horizon_follows_impact_effort_quadrants(
    impact, effort, controllable, urgent, horizon, kind
):
    assert horizon_for(impact, effort, controllable, urgent) == horizon
    assert quadrant(impact, effort) == kind


def roadmap(**kwargs):
    return {item.key: item for item in evaluate(make_input(**kwargs)).roadmap}


def test_renewals_are_now_and_come_first():
    items = roadmap(
        tools=(
            tool(1, renewal_date=TODAY + dt.timedelta(days=80)),
            tool(2, licensed_seats=10, active_users_30d=0, annual_cost=500),
        ),
        answer_values={"vendor_roadmap": "vendor"},
    )
    assert items["renewal_due"].horizon == "now"
    assert items["renewal_due"].priority == 1
    assert items["underused_tool"].horizon == "now"  # high impact, low effort, controllable
    assert items["vendor_driven_roadmap"].horizon == "now"
    assert sorted(i.priority for i in items.values()) == list(range(1, len(items) + 1))


def test_grouped_items_collect_findings_and_savings_once_per_tool():
    items = roadmap(
        tools=(
            tool(1, licensed_seats=10, active_users_30d=0, annual_cost=1000, subcategory="crm"),
            tool(2, licensed_seats=10, active_users_30d=1, annual_cost=1000),
            tool(3, subcategory="crm", active_users_30d=50, annual_cost=3000),
        )
    )
    under = items["underused_tool"]
    assert under.finding_keys == ("underused_tool:1", "underused_tool:2")
    # tool 1 retired (1000), tool 2 downsized to ceil(1 × 1.2) = 2 of 10 seats (800)
    assert under.savings == Decimal("1800.00") and under.currency == "EUR"
    overlap = items["overlapping_tools:crm"]
    assert overlap.savings == Decimal("1000.00")  # retire tool 1, keep tool 3 (most used)
    # tool 1 appears in both items but is counted once in the total (its largest saving)
    assert total_savings(items.values()) == {"EUR": Decimal("1800.00")}


def test_identity_and_integration_come_before_personalisation():
    items = roadmap(
        answer_values={"single_customer_profile": "none"},
        tools=(tool(1, data_sensitivity="pii"), tool(2), tool(3)),
        integrations=(integration(1, 2, 3, method="manual", frequency="daily"),),
        touchpoints=(touchpoint(1, "service", "email"), touchpoint(2, "advocacy", "social")),
    )
    personalise = items["no_retention_personalisation"]
    assert set(personalise.dependencies) == {
        "no_unified_profile", "customer_data_silo", "manual_critical_integration",
    }  # fmt: skip
    assert items["customer_data_silo"].dependencies == ("no_unified_profile",)
    for dep in personalise.dependencies:
        assert items[dep].priority < personalise.priority
        order = ("now", "next", "later")
        assert order.index(items[dep].horizon) <= order.index(personalise.horizon)


def test_critical_findings_are_now_whatever_the_effort():
    items = roadmap(
        tools=(tool(1), tool(2)),
        integrations=(integration(1, status="broken", criticality="critical"),),
    )
    assert items["broken_integration"].horizon == "now"


def test_gap_items_for_steps_below_target_by_more_than_the_threshold():
    items = roadmap(
        answer_values={"buyer_needs": 1, "team_capacity": 3, "strategy_before_tools": 5},
        targets={"current_state": 60, "gaps": 60, "stack": 100},
    )
    assert "gap:current_state" in items  # 0 vs 60
    assert "gap:gaps" not in items  # 50 vs 60: exactly 10 points is not more than 10
    assert "gap:stack" not in items  # at target
    gap = items["gap:current_state"]
    assert (gap.impact, gap.effort, gap.step) == (3, "high", "current_state")
    # The drag is named as people know it (the question), never by its key.
    assert "“How well does the team understand its buyers' needs" in gap.description
    assert "buyer_needs" not in gap.description


def test_roadmap_is_deterministic():
    kwargs = {
        "answer_values": {"vendor_roadmap": "consultant", "buyer_needs": 1},
        "tools": (tool(1, licensed_seats=10, active_users_30d=1, subcategory="crm"),
                  tool(2, subcategory="crm")),
        "targets": {"current_state": 90},
    }  # fmt: skip
    assert evaluate(make_input(**kwargs)).roadmap == evaluate(make_input(**kwargs)).roadmap


@pytest.mark.parametrize("size", ["S", "M", "L"])
def test_items_are_titled_as_actions_and_read_without_keys(size):
    """A roadmap is a list of things to do: no question as a title, no raw key, no jargon."""
    from benchmarks.generate import generate

    items = evaluate(generate(size).to_input()).roadmap
    assert items
    for item in items:
        assert not item.title.endswith("?"), item.title
        assert not item.title.startswith(("Weak answer", "No ", "2 ")), item.title
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", item.title + item.description), item
        assert item.title_message is not None and item.title_message.en == item.title
