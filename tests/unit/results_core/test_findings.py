"""Each rule, firing and not firing, at the edges of its thresholds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from assessment.results_core import RULE_NAMES, Thresholds, find

from .helpers import TODAY, integration, make_input, tool, touchpoint


def fired(data, rule: str):
    return [f for f in find(data) if f.rule == rule]


def test_at_least_thirteen_named_rules_are_registered():
    assert len(RULE_NAMES) >= 13
    assert len(set(RULE_NAMES)) == len(RULE_NAMES)


# -- underused_tool ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("active", "seats", "fires"),
    [
        (30, 100, False),  # exactly 0.30 is not below the threshold
        (29, 100, True),  # 0.29
        (0, 10, True),
        (12, 10, False),  # over capacity
        (None, 10, False),  # unknown users: no utilisation
        (5, None, False),  # not seat-based
        (5, 0, False),
    ],
)
def test_underused_tool_threshold(active, seats, fires):
    data = make_input(tools=(tool(1, licensed_seats=seats, active_users_30d=active),))
    assert bool(fired(data, "underused_tool")) is fires


def test_underused_tool_ignores_inactive_and_uses_configured_threshold():
    low = tool(1, licensed_seats=100, active_users_30d=40)
    assert not fired(make_input(tools=(low,)), "underused_tool")
    custom = make_input(tools=(low,), thresholds=Thresholds(underused_utilisation=0.5))
    assert fired(custom, "underused_tool")
    inactive = tool(2, status="inactive", licensed_seats=100, active_users_30d=0)
    assert not fired(make_input(tools=(inactive,)), "underused_tool")


def test_underused_tool_savings_downsize_with_headroom_or_retire():
    # 10 of 100 seats used: keep ceil(10 × 1.2) = 12 seats, save 88% of 10,000.
    data = make_input(tools=(tool(1, licensed_seats=100, active_users_30d=10, annual_cost=10000),))
    (finding,) = fired(data, "underused_tool")
    assert finding.savings == Decimal("8800.00")
    assert finding.savings_breakdown[0].action == "downsize"
    assert finding.severity == "medium"
    unused = make_input(tools=(tool(1, licensed_seats=10, active_users_30d=0, annual_cost=999),))
    (finding,) = fired(unused, "underused_tool")
    assert (finding.savings, finding.severity) == (Decimal("999.00"), "high")
    assert finding.savings_breakdown[0].action == "retire"


# -- overlapping_tools ---------------------------------------------------------------------


def test_overlapping_tools_needs_two_active_tools_in_a_subcategory():
    one = make_input(tools=(tool(1, subcategory="crm"), tool(2, subcategory="crm", status="trial")))
    assert not fired(one, "overlapping_tools")
    two = make_input(
        tools=(
            tool(1, subcategory="crm", active_users_30d=50, annual_cost=100),
            tool(2, subcategory="crm", active_users_30d=5, annual_cost=300),
        )
    )
    (finding,) = fired(two, "overlapping_tools")
    assert finding.key == "overlapping_tools:crm"
    assert finding.evidence.tool_ids == (1, 2)
    assert finding.savings == Decimal("300.00")  # keep the most used, retire the other
    assert finding.severity == "medium"
    three = make_input(tools=tuple(tool(i, subcategory="crm") for i in (1, 2, 3)))
    assert fired(three, "overlapping_tools")[0].severity == "high"
    raised = make_input(tools=two.tools, thresholds=Thresholds(overlap_min_tools=3))
    assert not fired(raised, "overlapping_tools")


# -- renewal_due ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "notice", "fires", "severity"),
    [
        (90, None, True, "medium"),  # renewal in 90 days: inside the window
        (91, None, False, None),
        (91, 1, True, "medium"),  # last day to cancel in 90 days
        (121, 30, False, None),  # last day to cancel in 91 days
        (60, 30, True, "high"),  # last day to cancel in 30 days: urgent
        (61, 30, True, "medium"),
        (0, None, True, "high"),  # renews today
        (-1, None, False, None),  # renewal passed
        (60, 90, True, "low"),  # notice date passed, renewal still inside the window
        (120, 180, False, None),  # notice date passed, renewal outside the window
    ],
)
def test_renewal_due_window(days, notice, fires, severity):
    t = tool(1, renewal_date=TODAY + dt.timedelta(days=days), notice_period_days=notice)
    found = fired(make_input(tools=(t,)), "renewal_due")
    assert bool(found) is fires
    if fires:
        assert found[0].severity == severity


def test_renewal_due_skips_retired_tools_and_counts_savings_for_eliminated_ones():
    soon = TODAY + dt.timedelta(days=40)
    retired = tool(1, status="retired", renewal_date=soon)
    assert not fired(make_input(tools=(retired,)), "renewal_due")
    eliminate = tool(2, renewal_date=soon, lifecycle="eliminate", annual_cost=1200)
    (finding,) = fired(make_input(tools=(eliminate,)), "renewal_due")
    assert finding.savings == Decimal("1200.00")
    window = make_input(tools=(eliminate,), thresholds=Thresholds(renewal_window_days=30))
    assert not fired(window, "renewal_due")


# -- paid_inactive_tool --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cost", "fires"),
    [("inactive", 100, True), ("inactive", 0, False), ("inactive", None, False),
     ("active", 100, False)],
)  # fmt: skip
def test_paid_inactive_tool(status, cost, fires):
    found = fired(
        make_input(tools=(tool(1, status=status, annual_cost=cost),)), "paid_inactive_tool"
    )
    assert bool(found) is fires


# -- customer_data_silo --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sensitivity", "record", "integration_status", "fires", "severity"),
    [
        ("pii", False, None, True, "medium"),
        (None, True, None, True, "high"),
        ("pii", False, "live", False, None),
        ("pii", False, "broken", True, "medium"),  # a broken link is no link
        ("internal", False, None, False, None),
        ("anonymised", False, None, False, None),
    ],
)
def test_customer_data_silo(sensitivity, record, integration_status, fires, severity):
    tools = (tool(1, data_sensitivity=sensitivity, system_of_record=record), tool(2))
    links = (integration(1, 2, 1, status=integration_status),) if integration_status else ()
    found = fired(make_input(tools=tools, integrations=links), "customer_data_silo")
    assert bool(found) is fires
    if fires:
        assert found[0].severity == severity and found[0].evidence.tool_ids == (1,)


# -- manual_critical_integration -----------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "fires"),
    [
        ({"method": "manual", "frequency": "daily", "criticality": "low"}, True),
        ({"method": "manual", "frequency": "weekly", "criticality": "low"}, False),
        ({"method": "file", "frequency": "weekly", "criticality": "high"}, True),
        ({"method": "file", "frequency": "weekly", "criticality": "medium"}, False),
        ({"method": "manual", "frequency": "adhoc", "data_objects": ("contacts",)}, True),
        ({"method": "manual", "frequency": "adhoc", "data_objects": ("content",),
          "criticality": "low"}, False),
        ({"method": "api", "frequency": "realtime", "criticality": "critical"}, False),
        ({"method": "manual", "frequency": "daily", "status": "planned"}, False),
    ],
)  # fmt: skip
def test_manual_critical_integration(fields, fires):
    data = make_input(tools=(tool(1), tool(2)), integrations=(integration(1, **fields),))
    assert bool(fired(data, "manual_critical_integration")) is fires


def test_manual_critical_integration_severity():
    def severity(**fields):
        data = make_input(tools=(tool(1), tool(2)), integrations=(integration(1, **fields),))
        return fired(data, "manual_critical_integration")[0].severity

    assert severity(method="manual", frequency="daily", criticality="low") == "medium"
    assert severity(method="manual", frequency="hourly", criticality="low") == "high"
    assert severity(method="file", frequency="weekly", criticality="critical") == "high"


# -- broken_integration / unreviewed / flagged ---------------------------------------------


@pytest.mark.parametrize(
    ("status", "criticality", "severity"),
    [("broken", "critical", "critical"), ("broken", "low", "low"), ("live", "critical", None),
     ("deprecated", "high", None)],
)  # fmt: skip
def test_broken_integration(status, criticality, severity):
    data = make_input(
        tools=(tool(1), tool(2)),
        integrations=(integration(1, status=status, criticality=criticality),),
    )
    found = fired(data, "broken_integration")
    assert [f.severity for f in found] == ([severity] if severity else [])


def test_unreviewed_integrations_is_one_finding_listing_all():
    links = (
        integration(3, review_state="unreviewed"),
        integration(1, review_state="unreviewed"),
        integration(2, review_state="verified"),
        integration(4, review_state="unreviewed", status="deprecated"),
    )
    (finding,) = fired(make_input(integrations=links), "unreviewed_integrations")
    assert finding.key == "unreviewed_integrations"
    assert finding.evidence.integration_ids == (1, 3)
    assert finding.severity == "medium"
    critical = (*links, integration(5, review_state="unreviewed", criticality="critical"))
    assert fired(make_input(integrations=critical), "unreviewed_integrations")[0].severity == "high"
    verified = tuple(integration(i, review_state="verified") for i in (1, 2))
    assert not fired(make_input(integrations=verified), "unreviewed_integrations")


def test_flagged_integrations():
    links = (integration(1, review_state="flagged"), integration(2, review_state="verified"))
    (finding,) = fired(make_input(integrations=links), "flagged_integrations")
    assert finding.evidence.integration_ids == (1,)
    assert not fired(make_input(integrations=links[1:]), "flagged_integrations")


# -- touchpoints ---------------------------------------------------------------------------

ALL_STAGES = ("awareness", "engagement", "purchase", "fulfilment", "service", "advocacy")


def test_stage_without_digital_touchpoint_per_stage():
    points = tuple(touchpoint(i, stage, "web") for i, stage in enumerate(ALL_STAGES[:-1], 1))
    offline = touchpoint(9, "advocacy", "events")
    found = fired(make_input(touchpoints=(*points, offline)), "stage_without_digital_touchpoint")
    assert [f.key for f in found] == ["stage_without_digital_touchpoint:advocacy"]
    assert found[0].evidence.touchpoint_ids == (9,)
    covered = (*points, touchpoint(10, "advocacy", "social"))
    assert not fired(make_input(touchpoints=covered), "stage_without_digital_touchpoint")
    # no touchpoints inventoried: no data, no finding
    assert not fired(make_input(), "stage_without_digital_touchpoint")


def test_stage_without_digital_touchpoint_severity():
    found = fired(make_input(touchpoints=(touchpoint(1, "awareness", "web"),)),
                  "stage_without_digital_touchpoint")  # fmt: skip
    severity = {f.subject_ids[0]: f.severity for f in found}
    assert severity == {"engagement": "medium", "purchase": "high", "fulfilment": "medium",
                        "service": "high", "advocacy": "medium"}  # fmt: skip


@pytest.mark.parametrize(
    ("personalisations", "fires"),
    [(("none", "none"), True), (("none", "rule_based"), False), (("individual",), False),
     ((), False)],
)  # fmt: skip
def test_no_retention_personalisation(personalisations, fires):
    stages = ("service", "advocacy")
    points = [
        touchpoint(i, stages[i % 2], "email", personalisation=p)
        for i, p in enumerate(personalisations)
    ]
    points.append(touchpoint(99, "purchase", "web", personalisation="individual"))
    found = fired(make_input(touchpoints=tuple(points)), "no_retention_personalisation")
    assert bool(found) is fires


@pytest.mark.parametrize(
    ("channel", "automated", "handover", "fires"),
    [("chat", True, False, True), ("chat", True, True, False), ("chat", True, None, False),
     ("chat", False, False, False), ("email", True, False, False)],
)  # fmt: skip
def test_chatbot_without_handover(channel, automated, handover, fires):
    point = touchpoint(1, "service", channel, automated=automated, human_handover=handover)
    assert bool(fired(make_input(touchpoints=(point,)), "chatbot_without_handover")) is fires


# -- answers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "tools", "fires", "severity"),
    [
        ("none", (), True, "high"),
        ("synced", (), False, None),
        (None, (), False, None),
        (None, ((1, False),), True, "medium"),  # tools but none is the system of record
        (None, ((1, True),), False, None),
        ("synced", ((1, False),), True, "medium"),
        ("none", ((1, True),), True, "high"),
    ],
)
def test_no_unified_profile(answer, tools, fires, severity):
    values = {"single_customer_profile": answer} if answer else {}
    inventory = tuple(tool(i, system_of_record=record) for i, record in tools)
    found = fired(make_input(answer_values=values, tools=inventory), "no_unified_profile")
    assert bool(found) is fires
    if fires:
        assert found[0].severity == severity


@pytest.mark.parametrize(
    ("answer", "severity"),
    [("vendor", "high"), ("nobody", "high"), ("consultant", "medium"), ("shared", None),
     ("company", None)],
)  # fmt: skip
def test_vendor_driven_roadmap(answer, severity):
    found = fired(make_input(answer_values={"vendor_roadmap": answer}), "vendor_driven_roadmap")
    assert [f.severity for f in found] == ([severity] if severity else [])
    if found:
        assert found[0].evidence.answer_keys == ("vendor_roadmap",)


@pytest.mark.parametrize(
    ("key", "value", "fires"),
    [
        ("buyer_needs", 2, True),  # weight 1.5, score 25 < 40
        ("buyer_needs", 3, False),  # 50
        ("strategy_before_tools", 2, True),  # weight 2
        ("field_insights_used", 1, False),  # weight 1 is not heavy
        ("digital_revenue_tracked", "no", True),
        ("digital_revenue_tracked", "partly", False),  # 50
    ],
)
def test_weak_heavy_answers(key, value, fires):
    found = fired(make_input(answer_values={key: value}), "weak_heavy_answers")
    assert bool(found) is fires
    if fires:
        from assessment.questionnaire_core import load_default_framework

        question = load_default_framework().question(key)
        assert found[0].recommendation == question.recommendation
        assert found[0].key == f"weak_heavy_answers:{key}"
        assert found[0].step == question.step


def test_weak_heavy_answers_edges_and_overlap_with_dedicated_rules():
    # exactly at the threshold: not weak
    at_edge = make_input(
        answer_values={"buyer_needs": 2}, thresholds=Thresholds(weak_answer_score=25)
    )
    assert not fired(at_edge, "weak_heavy_answers")
    # weight exactly at heavy_weight counts as heavy; above it does not
    light = make_input(answer_values={"buyer_needs": 1}, thresholds=Thresholds(heavy_weight=1.6))
    assert not fired(light, "weak_heavy_answers")
    # vendor_roadmap "vendor" is reported by vendor_driven_roadmap only
    vendor = make_input(answer_values={"vendor_roadmap": "vendor"})
    assert not fired(vendor, "weak_heavy_answers")
    # a hidden answer (its parent says there is no chatbot) is never weak
    hidden = make_input(answer_values={"chatbot_use": "none", "chatbot_handover": "no"})
    assert not fired(hidden, "weak_heavy_answers")


def test_findings_are_sorted_by_severity_step_and_key_and_deterministic():
    data = make_input(
        answer_values={"vendor_roadmap": "consultant", "buyer_needs": 1},
        tools=(
            tool(2, licensed_seats=10, active_users_30d=0),
            tool(1, licensed_seats=10, active_users_30d=1, data_sensitivity="pii"),
        ),
        integrations=(integration(1, status="broken", criticality="critical"),),
    )
    found = find(data)
    assert found == find(data)
    ranks = [f.sort_key() for f in found]
    assert ranks == sorted(ranks)
    assert found[0].rule == "broken_integration"
    assert len({f.key for f in found}) == len(found)
