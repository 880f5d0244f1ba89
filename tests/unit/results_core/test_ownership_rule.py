"""The tool-confirmation rule (issue 16): unconfirmed or stale tool records of tools with
an owner member — firing, severity, quiet without owner members, and the input payload
(carried only when present, so older input hashes stay valid)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from assessment.results.inputs import input_from_payload, input_hash, input_payload
from assessment.results_core import RULE_NAMES, OwnershipFacts, evaluate, find

from .helpers import TODAY, make_input, tool

RULE = "unconfirmed_tool_records"


def with_ownership(data, records, stale_days=180):
    return dataclasses.replace(
        data, ownership=OwnershipFacts(stale_days=stale_days, records=records)
    )


def fired(data):
    return [f for f in find(data) if f.rule == RULE]


def days_ago(n):
    return TODAY - dt.timedelta(days=n)


TOOLS = (
    tool(1, name="Brevo", annual_cost=1000),
    tool(2, name="Asana", annual_cost=2000),
    tool(3, name="Canva", annual_cost=0),
    tool(4, name="Old CRM", annual_cost=5000, status="retired"),
)


def test_the_rule_is_registered():
    assert RULE in RULE_NAMES


def test_quiet_without_any_owner_member():
    assert fired(make_input(tools=TOOLS)) == []


def test_quiet_when_every_owned_record_is_confirmed_lately():
    data = with_ownership(make_input(tools=TOOLS), {1: days_ago(10), 2: days_ago(180)})
    assert fired(data) == []  # 180 days is not older than 180


def test_one_finding_lists_unconfirmed_and_stale_records_by_name():
    data = with_ownership(
        make_input(tools=TOOLS), {1: days_ago(181), 2: days_ago(3), 3: None, 4: None}
    )
    (finding,) = fired(data)
    assert finding.key == RULE and finding.step == "stack"
    assert finding.subject_ids == (1, 3)  # Brevo (stale), Canva (missing); retired not
    assert finding.evidence.tool_ids == (1, 3)
    # 1 of the 2 paid owned tools (Brevo, Asana): not more than half → medium
    assert finding.severity == "medium"


def test_high_when_more_than_half_of_the_paid_tools_are_unconfirmed():
    data = with_ownership(make_input(tools=TOOLS), {1: None, 2: days_ago(400), 3: days_ago(1)})
    (finding,) = fired(data)
    assert finding.severity == "high"
    assert finding.subject_ids == (2, 1)  # by name: Asana, Brevo


def test_the_staleness_days_are_the_organisations():
    data = with_ownership(make_input(tools=TOOLS), {1: days_ago(31)}, stale_days=30)
    assert fired(data)[0].subject_ids == (1,)
    data = with_ownership(make_input(tools=TOOLS), {1: days_ago(30)}, stale_days=30)
    assert fired(data) == []


def test_it_feeds_the_roadmap_like_the_other_rules():
    data = with_ownership(make_input(tools=TOOLS), {1: None})
    result = evaluate(data)
    assert RULE in {f.rule for f in result.findings}
    assert any(RULE in item.finding_keys for item in result.roadmap)


def test_the_payload_carries_ownership_only_when_present():
    plain = make_input(tools=TOOLS)
    assert "ownership" not in input_payload(plain)
    owned = with_ownership(plain, {1: days_ago(5), 3: None}, stale_days=90)
    payload = input_payload(owned)
    assert payload["ownership"] == {
        "stale_days": 90,
        "records": [[1, days_ago(5).isoformat()], [3, None]],
    }
    assert input_hash(payload) != input_hash(input_payload(plain))
    back = input_from_payload(payload, owned.framework)
    assert back.ownership == owned.ownership
