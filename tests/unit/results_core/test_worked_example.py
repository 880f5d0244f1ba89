"""The worked example of docs/scoring.md, reproduced number by number.

Framework and data are read from the document itself (worked_example.py), and every
number quoted in the document's tables is checked here.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment.results_core import display, evaluate, total_savings

from .worked_example import DOC, load_worked_example


@pytest.fixture(scope="module")
def result():
    return evaluate(load_worked_example())


@pytest.fixture(scope="module")
def doc():
    return DOC.read_text(encoding="utf-8")


def test_question_scores(result):
    q = result.scores.questions
    expected = {
        "buyer_needs": ("answered", 75.0), "digital_role": ("answered", 50.0),
        "nps": ("na", None), "journey_mapped": ("answered", 50.0),
        "mobile_experience": ("unanswered", None), "chatbot_use": ("answered", None),
        "chatbot_handover": ("hidden", None), "team_capacity": ("answered", 50.0),
        "quick_wins_list": ("answered", 0.0), "vendor_roadmap": ("answered", 20.0),
        "stack_fully_used": ("answered", 25.0),
        "single_customer_profile": ("answered", 50.0),
        "integration_monitoring": ("answered", 25.0),
    }  # fmt: skip
    assert {k: (v.state, v.score) for k, v in q.items()} == expected


def test_metrics(result):
    m = result.scores.metrics
    assert (m["stage_coverage"].numerator, m["stage_coverage"].denominator) == (3, 6)
    assert m["stage_coverage"].value == 50.0
    assert m["personalisation_coverage"].value == pytest.approx(200 / 3)
    assert (m["seat_utilisation"].numerator, m["seat_utilisation"].denominator) == (55, 80)
    assert m["seat_utilisation"].value == 68.75
    assert m["overlap"].value == 75.0
    assert m["tools_integrated"].value == 50.0
    assert m["integrations_automated"].value == 50.0
    assert m["integrations_verified"].value == pytest.approx(200 / 3)


STEPS = {
    # key: (questionnaire, score, completeness done/counted, gap, level)
    "current_state": (200 / 3, 200 / 3, (3, 3), 10 / 3, "Integrated"),
    "touchpoints": (50.0, 160 / 3, (1, 2), 50 / 3, "Defined"),
    "gaps": (20.0, 20.0, (2, 2), 40.0, "Emerging"),
    "stack": (65 / 3, 41.75, (2, 2), 28.25, "Defined"),
    "architecture": (125 / 3, 140 / 3, (2, 2), 100 / 3, "Defined"),
}


@pytest.mark.parametrize("key", STEPS)
def test_steps(result, doc, key):
    questionnaire, value, (done, counted), gap, level = STEPS[key]
    step = result.scores.step(key)
    assert step.questionnaire == pytest.approx(questionnaire)
    assert step.score == pytest.approx(value)
    assert (step.completeness.done, step.completeness.counted) == (done, counted)
    assert step.gap == pytest.approx(gap)
    assert step.level.label == level
    # the document's step table shows the same numbers, rounded to one decimal
    row = (
        f"| {key} | {display(questionnaire, 1):.1f} | {display(value, 1):.1f} | "
        f"{done}/{counted} | {display(step.target, 1):.0f} | {display(gap, 1):.1f} | {level} |"
    )
    assert row in doc


def test_overall(result, doc):
    scores = result.scores
    assert scores.overall == pytest.approx(251.75 / 5.5)
    assert display(scores.overall, 1) == 45.8
    assert scores.level.label == "Defined"
    assert (scores.completeness.done, scores.completeness.counted) == (10, 11)
    assert "251.75 / 5.5 = 45.8" in doc
    points = {c.key: c.points for c in scores.overall_explanation.included()}
    assert points["architecture"] == pytest.approx(70 / 5.5)


FINDINGS = [
    ("high", "no_retention_personalisation"),
    ("high", "stage_without_digital_touchpoint:service"),
    ("high", "broken_integration:3"),
    ("medium", "stage_without_digital_touchpoint:advocacy"),
    ("medium", "stage_without_digital_touchpoint:fulfilment"),
    ("medium", "weak_heavy_answers:quick_wins_list"),
    ("medium", "overlapping_tools:email_marketing"),
    ("medium", "paid_inactive_tool:5"),
    ("medium", "renewal_due:2"),
    ("medium", "underused_tool:2"),
    ("medium", "vendor_driven_roadmap"),
    ("medium", "customer_data_silo:3"),
    ("medium", "manual_critical_integration:2"),
    ("medium", "unreviewed_integrations"),
]


def test_findings(result, doc):
    assert [(f.severity, f.key) for f in result.findings] == FINDINGS
    savings = {f.key: f.savings for f in result.findings if f.savings is not None}
    assert savings == {
        "overlapping_tools:email_marketing": Decimal("12000.00"),
        "paid_inactive_tool:5": Decimal("2400.00"),
        "underused_tool:2": Decimal("9000.00"),
    }
    for number, (severity, key) in enumerate(FINDINGS, start=1):
        assert f"| {number} | `{key}` | {severity} |" in doc


ROADMAP = [
    ("renewal_due", "now", ()),
    ("stage_without_digital_touchpoint:service", "next", ()),
    ("broken_integration", "next", ()),
    ("gap:stack", "next", ()),
    ("gap:gaps", "next", ()),
    ("gap:architecture", "next", ()),
    ("underused_tool", "next", ()),
    ("paid_inactive_tool", "next", ()),
    ("weak_heavy_answers:quick_wins_list", "next", ()),
    ("vendor_driven_roadmap", "next", ()),
    ("unreviewed_integrations", "next", ()),
    ("stage_without_digital_touchpoint:advocacy", "next", ()),
    ("stage_without_digital_touchpoint:fulfilment", "next", ()),
    ("customer_data_silo", "next", ()),
    ("manual_critical_integration", "next", ()),
    (
        "no_retention_personalisation",
        "next",
        ("broken_integration", "customer_data_silo", "manual_critical_integration"),
    ),
    ("overlapping_tools:email_marketing", "later", ("vendor_driven_roadmap",)),
]


def test_roadmap(result, doc):
    items = result.roadmap
    assert [(i.key, i.horizon, i.dependencies) for i in items] == ROADMAP
    assert [i.priority for i in items] == list(range(1, len(ROADMAP) + 1))
    for item in items:
        assert f"| {item.priority} | `{item.key}` | {item.horizon} |" in doc
    assert total_savings(items) == {"EUR": Decimal("14400.00")}
    assert "14,400.00" in doc
