"""ORM → engine facts: everything `results_core.evaluate` reads, in a fixed number of queries.

`load_input(assessment)` reads answers, the organisation's inventories, targets and
thresholds, the website scans' facts and the tool owners' confirmations with `values()`
(eight queries however large the inventory, ten once a website scan has finished); for a final
assessment it rebuilds the same input from the frozen snapshot instead (one query).

`input_payload(data)` is the JSON form of an input (dates ISO, decimals as strings, ids
kept) — what a snapshot stores and what the input hash is computed from;
`input_from_payload` reverses it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import fields
from decimal import Decimal
from typing import Any

from django.utils import timezone

from assessment.models import (
    Answer,
    AssessmentSnapshot,
    FindingThresholds,
    Integration,
    Tool,
    Touchpoint,
)
from assessment.results_core import (
    AnswerFact,
    AssessmentInput,
    DiscoveryFact,
    IntegrationFact,
    OwnershipFacts,
    Thresholds,
    ToolFact,
    TouchpointFact,
    WebsiteFacts,
    serial,
)
from assessment.scans.selectors import website_facts

PAYLOAD_VERSION = 1


def thresholds_for(organisation) -> Thresholds:
    row = FindingThresholds.objects.filter(organisation=organisation).first()
    return row.as_engine() if row is not None else Thresholds()


def _answers(assessment) -> list[AnswerFact]:
    rows = (
        Answer.objects.filter(assessment=assessment)
        .order_by("question_key")
        .values_list("id", "question_key", "value", "is_na")
    )
    return [
        AnswerFact(pk, key, value, is_na)
        for pk, key, value, is_na in rows
        if is_na or value is not None
    ]


def _grouped(pairs) -> dict:
    """(owner id, value) pairs of a many-to-many table as {owner id: [values]}: one query."""
    grouped = defaultdict(list)
    for owner_id, value in pairs:
        grouped[owner_id].append(value)
    return grouped


def _tool_rows(organisation) -> list[dict]:
    return list(
        Tool.objects.for_organisation(organisation)
        .order_by("pk")
        .values(
            "id",
            "name",
            "category__key",
            "subcategory__key",
            "subcategory__name",
            "status",
            "annual_cost",
            "currency",
            "licensed_seats",
            "active_users_30d",
            "renewal_date",
            "notice_period_days",
            "lifecycle",
            "stages",
            "data_sensitivity",
            "system_of_record",
            "business_owner",
            "owning_team",
            "owned_by",
            "confirmed_at",
            "organisation__confirmation_stale_days",
        )
    )


def _tools(rows: list[dict]) -> list[ToolFact]:
    return [
        ToolFact(
            id=row["id"],
            name=row["name"],
            category=row["category__key"] or "",
            subcategory=row["subcategory__key"] or "",
            subcategory_name=row["subcategory__name"] or "",
            status=row["status"],
            annual_cost=row["annual_cost"],
            currency=row["currency"] or "EUR",
            licensed_seats=row["licensed_seats"],
            active_users_30d=row["active_users_30d"],
            renewal_date=row["renewal_date"],
            notice_period_days=row["notice_period_days"],
            lifecycle=row["lifecycle"] or None,
            stages=tuple(row["stages"] or ()),
            data_sensitivity=row["data_sensitivity"] or None,
            system_of_record=bool(row["system_of_record"]),
            owner=row["business_owner"] or row["owning_team"] or "",
        )
        for row in rows
    ]


def _integrations(organisation) -> list[IntegrationFact]:
    objects = _grouped(
        Integration.data_objects.through.objects.filter(
            integration__organisation=organisation
        ).values_list("integration_id", "dataobject__key")
    )
    rows = (
        Integration.objects.for_organisation(organisation)
        .order_by("pk")
        .values(
            "id",
            "source_id",
            "target_id",
            "direction",
            "method",
            "frequency",
            "status",
            "criticality",
            "review_state",
        )
    )
    return [
        IntegrationFact(
            id=row["id"],
            source_id=row["source_id"],
            target_id=row["target_id"],
            direction=row["direction"],
            data_objects=tuple(sorted(objects.get(row["id"], ()))),
            method=row["method"],
            frequency=row["frequency"] or "",
            status=row["status"],
            criticality=row["criticality"] or "medium",
            review_state=row["review_state"],
        )
        for row in rows
    ]


def _touchpoints(organisation) -> list[TouchpointFact]:
    tools = _grouped(
        Touchpoint.tools.through.objects.filter(touchpoint__organisation=organisation).values_list(
            "touchpoint_id", "tool_id"
        )
    )
    rows = (
        Touchpoint.objects.for_organisation(organisation)
        .order_by("pk")
        .values(
            "id", "name", "stage", "channel", "segment", "personalisation", "human_handover", "ease"
        )
    )
    return [
        TouchpointFact(
            id=row["id"],
            name=row["name"],
            stage=row["stage"],
            channel=row["channel"],
            segment=row["segment"],
            personalisation=row["personalisation"],
            # Recording whether a person can take over only makes sense for automation.
            automated=row["human_handover"] is not None,
            human_handover=row["human_handover"],
            ease=row["ease"],
            tool_ids=tuple(sorted(tools.get(row["id"], ()))),
        )
        for row in rows
    ]


def _ownership(rows: list[dict]) -> OwnershipFacts:
    """The confirmations of the tools that have an owner member, and the organisation's
    staleness in days, from ``_tool_rows`` (no query of its own; issue 16)."""
    owned = [row for row in rows if row["owned_by"] is not None]
    if not owned:
        return OwnershipFacts()
    return OwnershipFacts(
        stale_days=owned[0]["organisation__confirmation_stale_days"] or 180,
        records=[
            (row["id"], timezone.localdate(row["confirmed_at"]) if row["confirmed_at"] else None)
            for row in owned
        ],
    )


def ownership_facts(organisation_id) -> OwnershipFacts:
    return _ownership(_tool_rows(organisation_id))


def live_input(assessment, today: dt.date | None = None) -> AssessmentInput:
    """The input from the current answers and inventories (never from a snapshot)."""
    organisation = assessment.organisation_id
    tool_rows = _tool_rows(organisation)
    return AssessmentInput(
        framework=assessment.framework,
        today=today or timezone.localdate(),
        answers=_answers(assessment),
        tools=_tools(tool_rows),
        integrations=_integrations(organisation),
        touchpoints=_touchpoints(organisation),
        targets={k: v for k, v in (assessment.targets or {}).items() if v is not None},
        thresholds=thresholds_for(organisation),
        website=website_facts(organisation),
        ownership=_ownership(tool_rows),
    )


def snapshot_of(assessment) -> AssessmentSnapshot | None:
    if not hasattr(assessment, "_snapshot_cache"):
        assessment._snapshot_cache = AssessmentSnapshot.objects.filter(
            assessment=assessment
        ).first()
    return assessment._snapshot_cache


_FROZEN: dict[str, Any] = {}  # snapshot content hash → EngineResult (immutable, small)
_FROZEN_MAX = 16


def frozen_result(assessment):
    """The engine's result as it was when the assessment was finalised (None for snapshots
    taken before results were kept: those are re-evaluated from their frozen input)."""
    snapshot = snapshot_of(assessment) if assessment.is_final else None
    if snapshot is None or "result" not in snapshot.data:
        return None
    cached = _FROZEN.get(snapshot.content_hash)
    if cached is None:
        cached = serial.unpack(snapshot.data["result"])
        if len(_FROZEN) >= _FROZEN_MAX:
            _FROZEN.pop(next(iter(_FROZEN)))
        _FROZEN[snapshot.content_hash] = cached
    return cached


def load_input(assessment, today: dt.date | None = None) -> AssessmentInput:
    """What the engine reads for this assessment: frozen for a final one, else live."""
    if assessment.is_final:
        snapshot = snapshot_of(assessment)
        if snapshot is not None and "input" in snapshot.data:
            return input_from_payload(snapshot.data["input"], assessment.framework)
    return live_input(assessment, today)


# -- JSON form -----------------------------------------------------------------------------


def plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def _record(fact) -> dict:
    return {f.name: plain(getattr(fact, f.name)) for f in fields(fact)}


def input_payload(data: AssessmentInput) -> dict:
    return {
        "version": PAYLOAD_VERSION,
        "framework": {"key": data.framework.key, "hash": data.framework.content_hash},
        "today": data.today.isoformat(),
        "targets": dict(data.targets),
        "thresholds": _record(data.thresholds),
        "answers": [_record(a) for a in data.answers],
        "tools": [_record(t) for t in data.tools],
        "integrations": [_record(i) for i in data.integrations],
        "touchpoints": [_record(t) for t in data.touchpoints],
        # Only once a website scan has finished: the payloads (and hashes) of
        # organisations that never scanned stay as they were.
        **({"website": _website_payload(data.website)} if data.website.scanned else {}),
        # Only once a tool has an owner member (issue 16): earlier payloads keep their hash.
        **({"ownership": _ownership_payload(data.ownership)} if data.ownership.records else {}),
    }


def _ownership_payload(ownership: OwnershipFacts) -> dict:
    return {
        "stale_days": ownership.stale_days,
        "records": [[tool_id, plain(on)] for tool_id, on in ownership.records],
    }


def _ownership_from_payload(row: dict | None) -> OwnershipFacts:
    if not row:
        return OwnershipFacts()
    return OwnershipFacts(
        stale_days=int(row.get("stale_days") or 180),
        records=[(tool_id, _date(on)) for tool_id, on in row.get("records") or ()],
    )


def _website_payload(website: WebsiteFacts) -> dict:
    return {
        "scanned": True,
        "scanned_on": plain(website.scanned_on),
        "discoveries": [_record(d) for d in website.discoveries],
        "site_tools": [[tool_id, slug] for tool_id, slug in website.site_tools],
    }


def _website_from_payload(row: dict | None) -> WebsiteFacts:
    if not row:
        return WebsiteFacts()
    return WebsiteFacts(
        scanned=bool(row.get("scanned")),
        scanned_on=_date(row.get("scanned_on")),
        discoveries=[DiscoveryFact(**d) for d in row.get("discoveries", ())],
        site_tools=[(tool_id, slug) for tool_id, slug in row.get("site_tools") or ()],
    )


def input_hash(payload: dict) -> str:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def input_from_payload(payload: dict, framework) -> AssessmentInput:
    def tool(row: dict) -> ToolFact:
        row = dict(row)
        row["annual_cost"] = Decimal(row["annual_cost"]) if row.get("annual_cost") else None
        row["renewal_date"] = _date(row.get("renewal_date"))
        row["stages"] = tuple(row.get("stages") or ())
        return ToolFact(**row)

    def integration(row: dict) -> IntegrationFact:
        return IntegrationFact(**{**row, "data_objects": tuple(row.get("data_objects") or ())})

    def touchpoint(row: dict) -> TouchpointFact:
        return TouchpointFact(**{**row, "tool_ids": tuple(row.get("tool_ids") or ())})

    return AssessmentInput(
        framework=framework,
        today=dt.date.fromisoformat(payload["today"]),
        answers=[AnswerFact(**row) for row in payload.get("answers", ())],
        tools=[tool(row) for row in payload.get("tools", ())],
        integrations=[integration(row) for row in payload.get("integrations", ())],
        touchpoints=[touchpoint(row) for row in payload.get("touchpoints", ())],
        targets=payload.get("targets") or {},
        thresholds=Thresholds(**payload.get("thresholds", {})),
        website=_website_from_payload(payload.get("website")),
        ownership=_ownership_from_payload(payload.get("ownership")),
    )
