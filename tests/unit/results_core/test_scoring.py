"""Scoring details: states, blend fallback, levels, display, gaps, explanations, metrics."""

from __future__ import annotations

import pytest

from assessment.questionnaire_core import NA
from assessment.results_core import Thresholds, compute_metrics, display, maturity_level, score

from .helpers import integration, make_input, tool, touchpoint


@pytest.mark.parametrize(
    ("value", "level"),
    [(0, "Ad hoc"), (19.4, "Ad hoc"), (19.5, "Emerging"), (39.49, "Emerging"),
     (40, "Defined"), (59.9, "Integrated"), (79.4, "Integrated"), (80, "Optimised"),
     (100, "Optimised")],
)  # fmt: skip
def test_maturity_level_follows_the_displayed_whole_number(value, level):
    assert maturity_level(value).label == level
    assert maturity_level(None) is None


def test_display_rounds_half_up():
    assert display(42.5) == 43
    assert display(41.5) == 42
    assert display(0.125, 2) == 0.13
    assert display(None) is None


def test_question_states_and_completeness():
    data = make_input(
        answer_values={
            "buyer_needs": 3,
            "self_service_share": NA,
            "chatbot_use": "none",  # unscored; hides chatbot_handover and handover_context
            "chatbot_handover": "no",  # stale answer of a hidden question
            "build_vs_buy": "removed_choice",  # no longer a valid answer
        }
    )
    result = score(data)
    q = result.questions
    assert (q["buyer_needs"].state, q["buyer_needs"].score) == ("answered", 50.0)
    assert q["self_service_share"].state == "na"
    assert q["chatbot_handover"].state == "hidden"
    assert q["handover_context"].state == "hidden"
    assert q["build_vs_buy"].state == "invalid"
    assert q["purchase_paths"].state == "unanswered"
    current = result.step("current_state")
    assert current.questionnaire == 50.0  # only buyer_needs counts
    assert current.completeness.answered == 1 and current.completeness.not_applicable == 1
    touch = result.step("touchpoints")
    # chatbot_handover is hidden: not counted; chatbot_use is unscored: not counted
    counted = [s for s in result.questions.values() if s.step == "touchpoints" and s.counts]
    assert touch.completeness.counted == len(counted)
    assert "chatbot_handover" not in {s.key for s in counted}
    excluded = {c.key: c.note for c in current.explanation.excluded()}
    assert excluded["self_service_share"] == "not applicable"
    assert excluded["purchase_paths"] == "unanswered"


def test_blend_falls_back_to_questionnaire_when_metrics_have_no_data():
    data = make_input(answer_values={"journey_mapped": 5})  # touchpoints step, no inventory
    step = score(data).step("touchpoints")
    assert step.questionnaire == 100.0
    assert step.score == 100.0
    notes = {c.key: c.note for c in step.explanation.excluded()}
    assert notes == {"stage_coverage": "no data", "personalisation_coverage": "no data"}


def test_blend_renormalises_over_available_inputs():
    # questionnaire 100 (w 0.6); stage coverage 1/6 (w 0.2); personalisation 0/1 (w 0.2)
    data = make_input(
        answer_values={"journey_mapped": 5}, touchpoints=(touchpoint(1, "purchase", "web"),)
    )
    step = score(data).step("touchpoints")
    expected = (100 * 0.6 + 100 / 6 * 0.2 + 0 * 0.2) / 1.0
    assert step.score == pytest.approx(expected)
    # without answers the metrics alone make the score
    only_metrics = score(make_input(touchpoints=(touchpoint(1, "purchase", "web"),)))
    assert only_metrics.step("touchpoints").score == pytest.approx((100 / 6 * 0.2) / 0.4)


def test_overall_gap_and_targets():
    data = make_input(
        answer_values={"buyer_needs": 5, "team_capacity": 1},
        targets={"current_state": 80, "gaps": 60, "stack": None},
    )
    result = score(data)
    assert result.step("current_state").gap == pytest.approx(-20)
    assert result.step("gaps").gap == pytest.approx(60)
    assert result.step("stack").gap is None
    assert result.overall == pytest.approx(50)  # (100 + 0) / 2, other steps have no score
    assert result.level.label == "Defined"
    assert {c.key for c in result.overall_explanation.excluded()} == {
        "touchpoints", "stack", "architecture",
    }  # fmt: skip


def test_nothing_answered_gives_no_score_rather_than_zero():
    result = score(make_input())
    assert result.overall is None and result.level is None
    assert all(s.score is None for s in result.steps)
    assert result.completeness.ratio == 0.0


def test_metrics_definitions():
    tools = (
        tool(1, subcategory="crm", licensed_seats=10, active_users_30d=5),
        tool(2, subcategory="crm", licensed_seats=10, active_users_30d=20),  # counts as 10
        tool(3, subcategory="cms"),
        tool(4, subcategory="crm", status="retired", licensed_seats=100, active_users_30d=0),
    )
    links = (
        integration(1, 1, 3, method="api", review_state="verified"),
        integration(2, 1, 2, method="manual"),
        integration(3, 2, 3, status="broken", review_state="verified"),
        integration(4, 2, 3, status="deprecated"),
    )
    points = (
        touchpoint(1, "awareness", "web", personalisation="rule_based"),
        touchpoint(2, "awareness", "email"),
        touchpoint(3, "service", "call_centre", personalisation="individual"),
    )
    m = compute_metrics(make_input(tools=tools, integrations=links, touchpoints=points))
    assert m["stage_coverage"].value == pytest.approx(100 / 6)
    assert m["stage_coverage"].evidence_ids == (1, 2)
    assert m["personalisation_coverage"].value == 50.0  # call centre is not digital
    assert m["seat_utilisation"].value == 75.0  # (5 + 10) / 20
    assert m["overlap"].value == pytest.approx(100 * 2 / 3)  # crm has 2 active: 1 redundant
    assert m["overlap"].evidence_ids == (1, 2)
    assert m["tools_integrated"].value == 100.0  # all three active tools have a live link
    assert m["integrations_automated"].value == 50.0  # 1 of 2 live
    assert m["integrations_verified"].value == pytest.approx(200 / 3)  # deprecated excluded
    assert (m["integrations_verified"].numerator, m["integrations_verified"].denominator) == (
        2.0,
        3.0,
    )


def test_the_framework_file_defines_what_a_metric_counts():
    """A team that counts call-centre touchpoints as digital, file transfers as automated
    and flagged integrations as reviewed says so in its framework file."""
    import dataclasses

    from assessment.questionnaire_core import MetricDefinition, load_default_framework

    links = (
        integration(1, 1, 2, method="file", review_state="flagged"),
        integration(2, 1, 2, method="manual", review_state="verified"),
    )
    points = (touchpoint(1, "service", "call_centre"), touchpoint(2, "awareness", "in_store"))
    default = make_input(integrations=links, touchpoints=points)
    custom = dataclasses.replace(
        default,
        framework=dataclasses.replace(
            load_default_framework(),
            metrics=(
                MetricDefinition(
                    "stage_coverage", params=(("digital_channels", ("call_centre",)),)
                ),
                MetricDefinition(
                    "integrations_automated", params=(("manual_methods", ("manual",)),)
                ),
                MetricDefinition(
                    "integrations_verified", params=(("verified_states", ("verified", "flagged")),)
                ),
            ),
        ),
    )
    before, after = compute_metrics(default), compute_metrics(custom)
    assert before["stage_coverage"].value == 0.0
    assert after["stage_coverage"].value == pytest.approx(100 / 6)
    assert (before["integrations_automated"].value, after["integrations_automated"].value) == (
        0.0,
        50.0,
    )
    assert (before["integrations_verified"].value, after["integrations_verified"].value) == (
        50.0,
        100.0,
    )


def test_metrics_are_none_without_data():
    metrics = compute_metrics(make_input())
    assert all(m.value is None for m in metrics.values())


def test_overlap_threshold_is_configurable():
    tools = (tool(1, subcategory="crm"), tool(2, subcategory="crm"))
    strict = make_input(tools=tools, thresholds=Thresholds(overlap_min_tools=3))
    assert compute_metrics(strict)["overlap"].value == 100.0
