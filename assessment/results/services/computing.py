"""Compute results: run the engine and store its findings (replaced) and roadmap (merged).

`compute_results` stores them in one transaction, merging the roadmap with `results_core.merge`
(a field the user edited is never overwritten, a dismissed item never comes back);
`ensure_results` does it only when the inputs changed since the last run (their hash is
kept on `AssessmentResult`). A final assessment is never computed again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import (
    Assessment,
    AssessmentResult,
    AssessmentStatus,
    Finding,
    ItemStatus,
    RoadmapItem,
)
from assessment.questionnaire.services import shared_status
from assessment.results import inputs
from assessment.results_core import EngineResult, ExistingItem, evaluate, merge, total_savings
from assessment.results_core.facts import AssessmentInput
from assessment.results_core.merge import REFRESHED_FIELDS
from assessment.texts import stored as stored_form
from core.services import ServiceError


@dataclass(frozen=True)
class Computed:
    """The engine's result for an assessment, and the input it came from."""

    data: object  # AssessmentInput
    result: EngineResult
    input_hash: str
    stored: bool  # findings and roadmap were (re)written


def ensure_open(assessment: Assessment) -> None:
    """Refuse changes to a final assessment. Inside a transaction the assessment row is
    locked, so a change and a concurrent `finalise` are serialised: the change either
    lands in the snapshot or is refused."""
    rows = Assessment.objects.filter(pk=assessment.pk)
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update()
    status = rows.values_list("status", flat=True).first()
    if status is None or status == AssessmentStatus.FINAL:
        raise ServiceError(_("This assessment is final and cannot be changed."))


def finding_messages(finding) -> dict:
    """The finding's texts as templates with parameters (rendered in the reader's language)."""
    texts = {
        "title": finding.title,
        "detail": finding.detail,
        "recommendation": finding.recommendation,
        "action": finding.action,
    }
    return {name: stored_form(value) for name, value in texts.items() if value is not None}


def _finding_row(assessment, finding, position: int, now) -> Finding:
    evidence = finding.evidence
    return Finding(
        organisation_id=assessment.organisation_id,
        assessment=assessment,
        rule=finding.rule,
        key=finding.key[:200],
        severity=finding.severity,
        step=finding.step,
        title=finding.title.en[:300],
        detail=finding.detail.en,
        recommendation={"en": finding.recommendation.en},
        messages=finding_messages(finding),
        evidence={
            "answer_keys": list(evidence.answer_keys),
            "answer_ids": list(evidence.answer_ids),
            "tool_ids": list(evidence.tool_ids),
            "integration_ids": list(evidence.integration_ids),
            "touchpoint_ids": list(evidence.touchpoint_ids),
        },
        savings=finding.savings,
        currency=finding.currency or "",
        position=position,
        computed_at=now,
    )


def _breakdown(item) -> list:
    return [[s.tool_id, str(s.amount), s.currency, s.action] for s in item.savings_breakdown]


def _item_values(item: RoadmapItem) -> dict:
    values = {name: getattr(item, name) for name in REFRESHED_FIELDS}
    values["currency"] = item.currency or None
    return values


def _existing(items) -> list[ExistingItem]:
    return [
        ExistingItem(
            key=item.key,
            status=item.status,
            edited_fields=frozenset(item.edited_fields or ()),
            values=_item_values(item),
            generated=item.generated,
        )
        for item in items
    ]


def _summary(result: EngineResult) -> dict:
    scores = result.scores
    savings = {cur: str(amount) for cur, amount in total_savings(result.roadmap).items()}
    return {
        "overall": scores.overall,
        "level": scores.level.key if scores.level else None,
        "steps": {s.key: s.score for s in scores.steps},
        "findings": len(result.findings),
        "savings": savings,
    }


#: A stored finding is rewritten only when one of these differs from the new computation.
FINDING_FIELDS = (
    "rule",
    "severity",
    "step",
    "title",
    "detail",
    "recommendation",
    "messages",
    "evidence",
    "savings",
    "currency",
    "position",
)


def _write_findings(assessment: Assessment, findings, now) -> None:
    """Only what changed: an answer usually moves a few of a few hundred findings, and
    deleting and re-inserting them all held the assessment's lock for a fifth of a second
    at 600 tools (autosaves wait on it). A finding that stays keeps its row, its id and
    its ``computed_at``; the others are updated (their changed fields and ``updated_at``),
    deleted or created."""
    fresh = {}
    for position, finding in enumerate(findings):
        row = _finding_row(assessment, finding, position, now)
        fresh[row.key] = row
    stored = {
        row["key"]: row
        for row in Finding.objects.filter(assessment=assessment).values(
            "pk", "key", *FINDING_FIELDS
        )
    }
    gone = [row["pk"] for key, row in stored.items() if key not in fresh]
    if gone:
        Finding.objects.filter(pk__in=gone).delete()
    changed, fields = [], set()
    for key, row in fresh.items():
        old = stored.get(key)
        if old is None:
            continue
        differ = {name for name in FINDING_FIELDS if getattr(row, name) != old[name]}
        if differ:
            row.pk, row.updated_at = old["pk"], now
            changed.append(row)
            fields |= differ
    if changed:
        Finding.objects.bulk_update(
            changed, sorted(fields | {"computed_at", "updated_at"}), batch_size=500
        )
    Finding.objects.bulk_create([row for key, row in fresh.items() if key not in stored])


def _apply(assessment: Assessment, result: EngineResult, input_hash: str) -> None:
    now = timezone.now()
    _write_findings(assessment, result.findings, now)
    stored = list(
        RoadmapItem.objects.select_for_update()
        .filter(assessment=assessment)
        .order_by("position", "pk")
    )
    plan = merge(_existing(stored), result.roadmap)
    by_key = {item.key: item for item in stored}
    proposed = {p.key: p for p in result.roadmap}
    changed: set[str] = set()
    touched: dict[str, RoadmapItem] = {}
    for update in plan.update:
        item = by_key[update.key]
        for name, value in update.changes.items():
            if name in ("dependencies", "finding_keys"):
                value = list(value)
            if name == "currency":
                value = value or ""
            setattr(item, name, value)
            changed.add(name)
        item.savings_breakdown = _breakdown(proposed[update.key])
        changed.add("savings_breakdown")
        touched[item.key] = item
    for key, item in by_key.items():
        # The translatable form follows the proposal (the English fields obey the merge).
        if key in proposed and item.messages != proposed[key].messages:
            item.messages = proposed[key].messages
            changed.add("messages")
            touched[key] = item
    for key in plan.resolve:
        item = by_key[key]
        item.status = ItemStatus.RESOLVED
        changed.add("status")
        touched[key] = item
    positions = {key: index for index, key in enumerate(plan.order)}
    for item in stored:
        if item.position != positions[item.key]:
            item.position = positions[item.key]
            changed.add("position")
            touched[item.key] = item
    for item in touched.values():
        item.updated_at = now
    if touched:
        RoadmapItem.objects.bulk_update(
            list(touched.values()), sorted(changed | {"updated_at"}), batch_size=500
        )
    RoadmapItem.objects.bulk_create(
        [
            RoadmapItem(
                organisation_id=assessment.organisation_id,
                assessment=assessment,
                key=p.key[:200],
                generated=True,
                title=p.title[:300],
                description=p.description,
                step=p.step or "",
                impact=p.impact,
                effort=p.effort,
                quadrant=p.quadrant,
                priority=p.priority,
                horizon=p.horizon,
                dependencies=list(p.dependencies),
                savings=p.savings,
                currency=p.currency or "",
                savings_breakdown=_breakdown(p),
                finding_keys=list(p.finding_keys),
                position=positions[p.key],
                messages=p.messages,
            )
            for p in plan.create
        ]
    )
    AssessmentResult.objects.update_or_create(
        assessment=assessment,
        defaults={
            "organisation_id": assessment.organisation_id,
            "input_hash": input_hash,
            "summary": _summary(result),
            "computed_at": now,
        },
    )


#: How long an engine result stays cached (its key changes with the data anyway).
RESULT_CACHE_SECONDS = 24 * 3600
#: The last few results in this process, in front of Django's cache: unpickling thousands
#: of frozen facts costs more than a page should (the key is derived from the data, so a
#: process never serves a result another process has made stale).
_RECENT: dict[str, tuple] = {}
_RECENT_MAX = 8


def _remember(key: str, value: tuple) -> None:
    _RECENT.pop(key, None)
    if len(_RECENT) >= _RECENT_MAX:
        _RECENT.pop(next(iter(_RECENT)))
    _RECENT[key] = value


def _result_cache_key(assessment: Assessment, today: dt.date) -> str:
    """A key that changes with everything the engine reads: the assessment row (targets,
    framework), its answers (count, sum of versions, latest change), the organisation's
    inventories, taxonomy and thresholds (``data_version``) and the day — two cheap queries
    instead of loading, hashing and evaluating the whole input."""
    from assessment.inventory.selectors import data_version

    row = (
        Assessment.objects.filter(pk=assessment.pk)
        .values("updated_at", "framework_version_id", "status")
        .annotate(n=Count("answers"), v=Sum("answers__version"), m=Max("answers__updated_at"))
        .order_by()
        .first()
    )
    parts = (
        inputs.PAYLOAD_VERSION,
        assessment.pk,
        today.isoformat(),
        sorted((row or {}).items()),
        data_version(assessment.organisation_id),
    )
    return "stackscope:results:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def evaluate_assessment(assessment: Assessment, today: dt.date | None = None) -> Computed:
    """Run the engine (no writes) on the live input — or, for a final assessment, return
    what the engine said when it was finalised (its frozen input and result). An open
    assessment's result is cached (Django's cache) under a key that changes with its data,
    so the dashboard, the roadmap and the explanations run the engine once per change."""
    key = None
    if not assessment.is_final:
        key = _result_cache_key(assessment, today or timezone.localdate())
        hit = _RECENT.get(key)
        if hit is None:
            hit = cache.get(key)
            if hit is not None:
                _remember(key, hit)
        if hit is not None:
            fields, result, digest = hit
            data = AssessmentInput(framework=assessment.framework, **fields)
            return Computed(data, result, digest, False)
    data = inputs.load_input(assessment, today)
    digest = inputs.input_hash(inputs.input_payload(data))
    frozen = inputs.frozen_result(assessment)
    computed = Computed(data, frozen if frozen is not None else evaluate(data), digest, False)
    if key is not None:
        # The parsed framework is cached in-process already: not pickled with the rest.
        fields = {f.name: getattr(data, f.name) for f in dataclasses.fields(data)}
        fields.pop("framework")
        fields["targets"] = dict(fields["targets"])
        cache.set(key, (fields, computed.result, digest), RESULT_CACHE_SECONDS)
        _remember(key, (fields, computed.result, digest))
    return computed


def compute_results(assessment: Assessment, today: dt.date | None = None) -> Computed:
    """Compute and store findings and the merged roadmap (regenerate). Refused when final."""
    ensure_open(assessment)
    computed = evaluate_assessment(assessment, today)
    with transaction.atomic():
        ensure_open(assessment)  # locked now: not finalised while the engine ran
        _apply(assessment, computed.result, computed.input_hash)
    return Computed(computed.data, computed.result, computed.input_hash, True)


def ensure_results(assessment: Assessment) -> Computed:
    """Evaluate; store the results only when the inputs changed since the last run (or never
    ran). A final assessment is never recomputed. Safe for any role: regenerating never loses
    an edit, so it is a cache refresh, not a change."""
    computed = evaluate_assessment(assessment)
    if assessment.is_final:
        return computed
    if _stored_hash(assessment) == computed.input_hash:
        return computed
    with transaction.atomic():
        # Shared: autosaves go on meanwhile, finalise waits (the results are frozen after).
        if shared_status(assessment) in (None, AssessmentStatus.FINAL):
            return computed
        # Two requests storing results for one assessment take turns on its result row.
        if _locked_result(assessment, timezone.now()).input_hash == computed.input_hash:
            return computed  # another request stored the same while this one waited
        _apply(assessment, computed.result, computed.input_hash)
    return Computed(computed.data, computed.result, computed.input_hash, True)


def _locked_result(assessment: Assessment, now) -> AssessmentResult:
    """The assessment's result row, locked for update (created empty the first time)."""
    AssessmentResult.objects.get_or_create(
        assessment=assessment,
        defaults={
            "organisation_id": assessment.organisation_id,
            "input_hash": "",
            "computed_at": now,
        },
    )
    return AssessmentResult.objects.select_for_update().get(assessment=assessment)


def _stored_hash(assessment: Assessment) -> str | None:
    return (
        AssessmentResult.objects.filter(assessment=assessment)
        .values_list("input_hash", flat=True)
        .first()
    )
