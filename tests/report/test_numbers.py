"""Numbers that agree across the report, totals that say how they are made, sources a
reader can find."""

import re
from decimal import Decimal

import pytest

from assessment.report.data import RoadmapRow
from assessment.report.render import render_report_html
from assessment.report.samples import engine_inputs, sample_report_data


@pytest.fixture(scope="module")
def m_inputs():
    return engine_inputs("M")


@pytest.fixture(scope="module")
def m_report(m_inputs):
    return sample_report_data("M", inputs=m_inputs)


def test_integrations_in_use_agree_between_summary_findings_and_map(m_inputs, m_report):
    data, result = m_inputs
    inventory = m_report["summary"]["inventory"]
    in_use = sum(1 for i in data.integrations if i.status != "deprecated")
    assert inventory["integrations"] == len(data.integrations) > in_use
    assert inventory["integrations_in_use"] == in_use
    assert m_report["maps"]["integration_map"]["edge_count"] == in_use
    unreviewed = next(f for f in result.findings if f.rule == "unreviewed_integrations")
    assert f"of {in_use} integrations in use" in unreviewed.detail.render()
    html = render_report_html(m_report, sections=["summary", "maps"])
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert f"{len(data.integrations)} integrations ({in_use} in use)" in text
    assert f"of {in_use} integrations in use" in text


def test_the_integration_map_counts_the_tools_it_could_show(m_inputs, m_report):
    data, _result = m_inputs
    connected = {
        end
        for i in data.integrations
        if i.status != "deprecated"
        for end in (i.source_id, i.target_id)
    }
    candidates = [
        t for t in data.tools if t.status != "retired" and (t.is_active or t.id in connected)
    ]
    imap = m_report["maps"]["integration_map"]
    assert imap["tool_count"] == len(candidates) >= imap["shown_tools"]


def test_savings_total_explains_why_the_items_add_up_to_more(m_report):
    roadmap = m_report["roadmap"]
    listed = sum(Decimal(i["savings"]["amount"]) for i in roadmap["items"] if i["savings"])
    (total,) = roadmap["savings"]
    (items,) = roadmap["items_savings"]
    assert Decimal(items["amount"]) == listed > Decimal(total["amount"])
    html = render_report_html(m_report, sections=["summary", "roadmap"])
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert f"The items add up to {items['text']}" in text
    assert f"Sum of the items {items['text']}" in text
    assert f"Total, each tool counted once {total['text']}" in text
    assert "each tool counted once; the roadmap shows how the items add up" in text


def test_no_explanation_when_the_items_add_up_to_the_total(m_inputs):
    rows = [
        RoadmapRow(key="a", title="Renegotiate", savings=Decimal("1200"), currency="EUR"),
        RoadmapRow(key="b", title="Retire", savings=Decimal("300"), currency="EUR"),
    ]
    report = sample_report_data("M", inputs=m_inputs, roadmap=rows)
    assert report["roadmap"]["items_savings"] == []
    assert [m["text"] for m in report["roadmap"]["savings"]] == ["1,500 EUR"]
    html = render_report_html(report, sections=["roadmap"])
    assert "The items add up to" not in html and "Sum of the items" not in html
    assert "Total, each tool counted once" in html


@pytest.mark.parametrize("language", ["en", "ar", "fa", "ro"])
def test_sources_are_cited_by_title_publication_and_date(m_inputs, language):
    report = sample_report_data("M", language=language, inputs=m_inputs)
    sources = [line["source"] for line in report["summary"]["context"]]
    joined = " | ".join(sources)
    assert "Seed" not in joined and "003" not in joined
    assert "How to build a customer journey orchestration strategy" in joined
    assert "MarTech" in joined and "Forbes" in joined
    assert "2023" in joined


def test_the_stack_map_rounds_utilisation_as_the_tables_do():
    """12.5% of seats active: 13% in the table and on the map (half up), not 12% (half even)."""
    from assessment.charts_core.stack_map import _percent_text
    from assessment.report.data.formatting import percent

    assert percent(0.125) == 13
    assert _percent_text(0.125) == "13%"
    assert _percent_text(0.135) == f"{percent(0.135)}%"
