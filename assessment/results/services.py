"""Writes of results: compute and store findings, curate the roadmap, finalise, thresholds.

- `compute_results` runs the engine and stores its findings (replaced) and roadmap
  (merged with `engine.merge`: a field the user edited is never overwritten, a dismissed
  item never comes back), in one transaction. `ensure_results` does it only when the inputs
  changed since the last run (their hash is kept on `AssessmentResult`).
- Item edits record the names of the fields changed in `edited_fields`; status changes add
  "status"; moving an item between columns adds "horizon".
- `finalise` freezes answers, inventory facts, scores, findings and roadmap in an
  `AssessmentSnapshot` (see `snapshot_payload`, the hook for the report) and sets the
  status to final; afterwards nothing here changes the assessment.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.engine import EngineResult, ExistingItem, evaluate, merge, serial, total_savings
from assessment.engine.merge import REFRESHED_FIELDS
from assessment.models import (
    Answer,
    Assessment,
    AssessmentResult,
    AssessmentSnapshot,
    AssessmentStatus,
    Finding,
    FindingThresholds,
    Horizon,
    ItemStatus,
    RoadmapItem,
)
from assessment.results import facts
from assessment.texts import stored as stored_form
from core.services import ServiceError

HORIZON_ORDER = [h.value for h in Horizon]
#: 2: the engine's result (scores, findings, proposals), people's names and the organisation
#: name are frozen too; version 1 snapshots are re-evaluated from their frozen input.
SNAPSHOT_VERSION = 2


@dataclass(frozen=True)
class Computed:
    """The engine's result for an assessment, and the input it came from."""

    data: object  # AssessmentInput
    result: EngineResult
    input_hash: str
    stored: bool  # findings and roadmap were (re)written


def _ensure_open(assessment: Assessment) -> None:
    """Refuse changes to a final assessment. Inside a transaction the assessment row is
    locked, so a change and a concurrent `finalise` are serialised: the change either
    lands in the snapshot or is refused."""
    rows = Assessment.objects.filter(pk=assessment.pk)
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update()
    status = rows.values_list("status", flat=True).first()
    if status is None or status == AssessmentStatus.FINAL:
        raise ServiceError(_("This assessment is final and cannot be changed."))


# -- computing -----------------------------------------------------------------------------


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


def _apply(assessment: Assessment, result: EngineResult, input_hash: str) -> None:
    now = timezone.now()
    Finding.objects.filter(assessment=assessment).delete()
    Finding.objects.bulk_create(
        [_finding_row(assessment, f, i, now) for i, f in enumerate(result.findings)]
    )
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
    if touched:
        RoadmapItem.objects.bulk_update(
            list(touched.values()), sorted(changed | {"updated_at"}), batch_size=500
        )
    for item in touched.values():
        item.updated_at = now
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


def evaluate_assessment(assessment: Assessment, today: dt.date | None = None) -> Computed:
    """Run the engine (no writes) on the live input — or, for a final assessment, return
    what the engine said when it was finalised (its frozen input and result)."""
    data = facts.load_input(assessment, today)
    digest = facts.input_hash(facts.input_payload(data))
    frozen = facts.frozen_result(assessment)
    return Computed(data, frozen if frozen is not None else evaluate(data), digest, False)


def compute_results(assessment: Assessment, today: dt.date | None = None) -> Computed:
    """Compute and store findings and the merged roadmap (regenerate). Refused when final."""
    _ensure_open(assessment)
    computed = evaluate_assessment(assessment, today)
    with transaction.atomic():
        _ensure_open(assessment)  # locked now: not finalised while the engine ran
        _apply(assessment, computed.result, computed.input_hash)
    return Computed(computed.data, computed.result, computed.input_hash, True)


def ensure_results(assessment: Assessment) -> Computed:
    """Evaluate; store the results only when the inputs changed since the last run (or never
    ran). A final assessment is never recomputed. Safe for any role: regenerating never loses
    an edit, so it is a cache refresh, not a change."""
    computed = evaluate_assessment(assessment)
    if assessment.is_final:
        return computed
    stored = (
        AssessmentResult.objects.filter(assessment=assessment)
        .values_list("input_hash", flat=True)
        .first()
    )
    if stored == computed.input_hash:
        return computed
    with transaction.atomic():
        try:
            _ensure_open(assessment)  # finalised meanwhile: its results are frozen
        except ServiceError:
            return computed
        _apply(assessment, computed.result, computed.input_hash)
    return Computed(computed.data, computed.result, computed.input_hash, True)


# -- roadmap items -------------------------------------------------------------------------


def _lock_item(item: RoadmapItem) -> RoadmapItem:
    _ensure_open(item.assessment)
    return RoadmapItem.objects.select_for_update().get(pk=item.pk)


def _mark_edited(item: RoadmapItem, names) -> None:
    edited = list(item.edited_fields or [])
    for name in names:
        if name not in edited:
            edited.append(name)
    item.edited_fields = edited


def _clean(item: RoadmapItem) -> None:
    item.full_clean(exclude=["organisation", "assessment"], validate_unique=False)


@transaction.atomic
def update_item(*, item: RoadmapItem, data: dict, user=None) -> RoadmapItem:
    """Change editable fields; only the fields whose value changed count as edited."""
    locked = _lock_item(item)
    # A generated text counts as unchanged when it comes back as it was shown (translated).
    shown = {"title": locked.title_text(), "description": locked.description_text()}
    changed = []
    for name, value in data.items():
        if name not in RoadmapItem.EDITABLE_FIELDS:
            raise TypeError(f"update_item() got a field it may not change: {name!r}")
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").strip()
        if name in shown and value == shown[name].strip():
            continue
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    if not changed:
        return locked
    if not (locked.title or "").strip():
        raise ServiceError(_("Give the item a title."))
    _mark_edited(locked, changed)
    _clean(locked)
    locked.save()
    if "horizon" in changed:
        _renumber(locked.assessment_id, moved=locked, index=None)
    return locked


@transaction.atomic
def add_item(*, assessment: Assessment, data: dict, user=None) -> RoadmapItem:
    """A manual item (generated=False): regeneration never resolves or changes it."""
    _ensure_open(assessment)
    title = (data.get("title") or "").strip()
    if not title:
        raise ServiceError(_("Give the item a title."))
    last = RoadmapItem.objects.filter(assessment=assessment).order_by("-position").first()
    digest = hashlib.sha256(f"{title}{timezone.now().isoformat()}".encode()).hexdigest()[:10]
    item = RoadmapItem(
        organisation_id=assessment.organisation_id,
        assessment=assessment,
        key=f"manual:{digest}",
        generated=False,
        title=title,
        description=(data.get("description") or "").strip(),
        step=data.get("step") or "",
        impact=data.get("impact") or 2,
        effort=data.get("effort") or "medium",
        horizon=data.get("horizon") or Horizon.NEXT,
        owner=(data.get("owner") or "").strip(),
        due_date=data.get("due_date"),
        position=(last.position + 1) if last else 0,
        edited_fields=[],
    )
    _clean(item)
    item.save()
    return item


def _set_status(item: RoadmapItem, status: str, reason: str = "") -> RoadmapItem:
    locked = _lock_item(item)
    locked.status = status
    locked.dismiss_reason = reason
    _mark_edited(locked, ["status"])
    locked.save(update_fields=["status", "dismiss_reason", "edited_fields", "updated_at"])
    return locked


@transaction.atomic
def accept_item(*, item: RoadmapItem, user=None) -> RoadmapItem:
    return _set_status(item, ItemStatus.ACCEPTED)


@transaction.atomic
def dismiss_item(*, item: RoadmapItem, reason: str, user=None) -> RoadmapItem:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why you dismiss this item: the reason stays with it."))
    if len(reason) > 2000:
        raise ServiceError(_("Please keep the reason to 2,000 characters at most."))
    return _set_status(item, ItemStatus.DISMISSED, reason)


@transaction.atomic
def reopen_item(*, item: RoadmapItem, user=None) -> RoadmapItem:
    return _set_status(item, ItemStatus.OPEN)


def _renumber(assessment_id: int, *, moved: RoadmapItem | None, index: int | None) -> None:
    """Positions 0…n: the columns Now, Next, Later in turn; `moved` goes to `index` among the
    active items of its column (None: keep it where its position puts it)."""
    items = list(
        RoadmapItem.objects.select_for_update()
        .filter(assessment_id=assessment_id)
        .order_by("position", "pk")
    )
    order: list[RoadmapItem] = []
    for horizon in HORIZON_ORDER:
        column = [i for i in items if i.horizon == horizon]
        if moved is not None and index is not None and moved.horizon == horizon:
            column = [i for i in column if i.pk != moved.pk]
            active = [i for i in column if i.is_active]
            index = max(0, min(index, len(active)))
            anchor = active[index] if index < len(active) else None
            at = column.index(anchor) if anchor is not None else len(column)
            if anchor is None and active:
                at = column.index(active[-1]) + 1
            column.insert(at, moved)
        order.extend(column)
    others = [i for i in items if i.horizon not in HORIZON_ORDER]
    changed = []
    for position, item in enumerate(order + others):
        if moved is not None and item.pk == moved.pk:
            item = moved
        if item.position != position:
            item.position = position
            changed.append(item)
    RoadmapItem.objects.bulk_update(changed, ["position"])


@transaction.atomic
def move_item(*, item: RoadmapItem, horizon: str, position: int | None = None, user=None):
    """Move to a column (Now / Next / Later) and place it at `position` in that column
    (0 = top; None = the end). Changing the column marks the horizon as edited."""
    if horizon not in HORIZON_ORDER:
        raise ServiceError(_("Unknown horizon."))
    locked = _lock_item(item)
    if locked.horizon != horizon:
        locked.horizon = horizon
        _mark_edited(locked, ["horizon"])
        locked.save(update_fields=["horizon", "edited_fields", "updated_at"])
    _renumber(locked.assessment_id, moved=locked, index=10**6 if position is None else position)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def shift_item(*, item: RoadmapItem, delta: int, user=None) -> RoadmapItem:
    """Move up (−1) or down (+1) within its column."""
    locked = _lock_item(item)
    column = list(
        RoadmapItem.objects.filter(
            assessment_id=locked.assessment_id,
            horizon=locked.horizon,
            status__in=[ItemStatus.OPEN, ItemStatus.ACCEPTED],
        )
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    current = column.index(locked.pk) if locked.pk in column else len(column)
    return move_item(item=locked, horizon=locked.horizon, position=max(0, current + delta))


@transaction.atomic
def reorder_items(*, assessment: Assessment, columns: dict, user=None) -> list[RoadmapItem]:
    """Set the order of whole columns at once: `columns` maps a horizon to the ids of its items,
    top first. A listed item moves to that column (its horizon counts as edited when it
    changes); items a column does not list keep their order after the listed ones; columns
    left out stay as they are. Every id is checked first: an unknown id, an item of another
    assessment or an id listed twice changes nothing and names the offending entry."""
    _ensure_open(assessment)
    items = {
        item.pk: item
        for item in RoadmapItem.objects.select_for_update()
        .filter(assessment=assessment)
        .order_by("position", "pk")
    }
    errors: dict[str, list[str]] = {}
    seen: set = set()
    for horizon, ids in columns.items():
        if horizon not in HORIZON_ORDER:
            errors[horizon] = [_("Unknown horizon.")]
            continue
        for index, pk in enumerate(ids):
            if pk not in items:
                errors[f"{horizon}[{index}]"] = [
                    _("Item %(id)s is not on this assessment's roadmap.") % {"id": pk}
                ]
            elif pk in seen:
                errors[f"{horizon}[{index}]"] = [
                    _("Item %(id)s is listed more than once.") % {"id": pk}
                ]
            seen.add(pk)
    if errors:
        raise ServiceError(errors)
    listed = {pk: horizon for horizon, ids in columns.items() for pk in ids}
    moved = []
    for pk, horizon in listed.items():
        item = items[pk]
        if item.horizon != horizon:
            item.horizon = horizon
            _mark_edited(item, ["horizon"])
            moved.append(item)
    order: list[RoadmapItem] = []
    for horizon in HORIZON_ORDER:
        head = [items[pk] for pk in columns.get(horizon, ())]
        rest = [i for i in items.values() if i.horizon == horizon and i.pk not in listed]
        order.extend(head + rest)
    order.extend(i for i in items.values() if i.horizon not in HORIZON_ORDER)
    changed = set(moved)
    for position, item in enumerate(order):
        if item.position != position:
            item.position = position
            changed.add(item)
    now = timezone.now()
    for item in changed:
        item.updated_at = now
    RoadmapItem.objects.bulk_update(
        list(changed), ["horizon", "edited_fields", "position", "updated_at"]
    )
    return order


# -- finalise, compare, start from previous ------------------------------------------------


def _plain(value):
    return facts._plain(value)


def _explanation_data(explanation) -> dict:
    return {
        "value": explanation.value,
        "total_weight": explanation.total_weight,
        "contributions": [
            {
                "kind": c.kind,
                "key": c.key,
                "value": c.value,
                "weight": c.weight,
                "included": c.included,
                "share": c.share,
                "points": c.points,
                "note": c.note,
                "evidence_ids": list(c.evidence_ids),
            }
            for c in explanation.contributions
        ],
    }


def scores_payload(result: EngineResult) -> dict:
    scores = result.scores
    return {
        "overall": scores.overall,
        "level": scores.level.key if scores.level else None,
        "completeness": [scores.completeness.done, scores.completeness.counted],
        "overall_explanation": _explanation_data(scores.overall_explanation),
        "steps": [
            {
                "key": step.key,
                "score": step.score,
                "questionnaire": step.questionnaire,
                "target": step.target,
                "gap": step.gap,
                "level": step.level.key if step.level else None,
                "completeness": [step.completeness.done, step.completeness.counted],
                "explanation": _explanation_data(step.explanation),
                "questionnaire_explanation": _explanation_data(step.questionnaire_explanation),
            }
            for step in scores.steps
        ],
        "metrics": {
            key: {
                "value": m.value,
                "numerator": m.numerator,
                "denominator": m.denominator,
                "evidence_kind": m.evidence_kind,
                "evidence_ids": list(m.evidence_ids),
            }
            for key, m in scores.metrics.items()
        },
        "savings": {c: str(a) for c, a in total_savings(result.roadmap).items()},
    }


FINDING_FIELDS = (
    "rule", "key", "severity", "step", "title", "detail", "recommendation", "messages",
)  # fmt: skip
ITEM_FIELDS = (
    "key",
    "generated",
    "title",
    "description",
    "step",
    "impact",
    "effort",
    "quadrant",
    "priority",
    "horizon",
    "owner",
    "due_date",
    "dependencies",
    "savings",
    "currency",
    "finding_keys",
    "status",
    "dismiss_reason",
    "position",
    "edited_fields",
    "messages",
)


def snapshot_payload(assessment: Assessment, computed: Computed | None = None) -> dict:
    """The frozen content of a final assessment, JSON-serialisable (dates ISO, decimals as
    strings). The report layer may add a "report" key (rendered HTML/metadata) here later."""
    computed = computed or evaluate_assessment(assessment)
    answers = {
        a.question_key: {
            "id": a.pk,
            "value": a.value,
            "is_na": a.is_na,
            "note": a.note,
            "answered_by": a.answered_by_id,
            "answered_at": a.answered_at.isoformat() if a.answered_at else None,
        }
        for a in Answer.objects.filter(assessment=assessment).order_by("question_key")
    }
    findings = [
        {
            **{name: getattr(f, name) for name in FINDING_FIELDS},
            "evidence": f.evidence,
            "savings": _plain(f.savings),
            "currency": f.currency,
        }
        for f in Finding.objects.filter(assessment=assessment).order_by("position")
    ]
    roadmap = [
        {name: _plain(getattr(item, name)) for name in ITEM_FIELDS}
        for item in RoadmapItem.objects.filter(assessment=assessment).order_by("position", "pk")
    ]
    people = get_user_model().objects.filter(
        pk__in={a["answered_by"] for a in answers.values() if a["answered_by"]}
    )
    return {
        "version": SNAPSHOT_VERSION,
        "assessment": {
            "id": assessment.pk,
            "title": assessment.title,
            "organisation": assessment.organisation.name,
            "framework_version": assessment.framework_version_id,
            "targets": assessment.targets,
            "period_start": _plain(assessment.period_start),
            "period_end": _plain(assessment.period_end),
        },
        "input": facts.input_payload(computed.data),
        "answers": answers,
        "people": {str(user.pk): user.display_name for user in people},
        "scores": scores_payload(computed.result),
        "result": serial.pack(computed.result),
        "findings": findings,
        "roadmap": roadmap,
    }


@transaction.atomic
def finalise(*, assessment: Assessment, user=None) -> Assessment:
    """Freeze the assessment: fresh results, a snapshot, status final. Only from draft or in
    review; afterwards answers, roadmap and findings are read-only."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status not in (AssessmentStatus.DRAFT, AssessmentStatus.IN_REVIEW):
        raise ServiceError(_("Only a draft or an assessment in review can be finalised."))
    computed = compute_results(locked)
    data = snapshot_payload(locked, computed)
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    AssessmentSnapshot.objects.update_or_create(
        assessment=locked,
        defaults={
            "organisation_id": locked.organisation_id,
            "data": json.loads(text),
            "content_hash": hashlib.sha256(text.encode()).hexdigest(),
            "created_by": user,
        },
    )
    locked.status = AssessmentStatus.FINAL
    locked.save(update_fields=["status", "updated_at"])
    assessment.status = locked.status
    return locked


@transaction.atomic
def start_from_previous(*, assessment: Assessment, previous: Assessment, user=None) -> int:
    """Copy the previous assessment's answers and notes into `assessment` — only for question
    keys its framework has; returns how many were copied. Never overwrites an answer."""
    _ensure_open(assessment)
    if previous.organisation_id != assessment.organisation_id:
        raise ServiceError(_("Pick an assessment of your organisation."))
    keys = {q.key for q in assessment.framework.questions()}
    taken = set(Answer.objects.filter(assessment=assessment).values_list("question_key", flat=True))
    now = timezone.now()
    rows = [
        Answer(
            organisation_id=assessment.organisation_id,
            assessment=assessment,
            question_key=a.question_key,
            value=a.value,
            is_na=a.is_na,
            version=1,
            answered_by=user,
            answered_at=now,
            note=a.note,
            note_version=1 if a.note else 0,
            note_by=user if a.note else None,
            note_at=now if a.note else None,
        )
        for a in Answer.objects.filter(assessment=previous).order_by("question_key")
        if a.question_key in keys and a.question_key not in taken and a.has_answer
    ]
    Answer.objects.bulk_create(rows)
    return len(rows)


# -- thresholds ----------------------------------------------------------------------------


def thresholds_row(organisation) -> FindingThresholds:
    row = FindingThresholds.objects.filter(organisation=organisation).first()
    return row or FindingThresholds(organisation=organisation)


@transaction.atomic
def save_thresholds(*, organisation, data: dict, user=None) -> FindingThresholds:
    row = thresholds_row(organisation)
    for name in FindingThresholds.ENGINE_FIELDS:
        if name in data and data[name] is not None:
            value = data[name]
            setattr(row, name, float(value) if isinstance(value, Decimal) else value)
    row.full_clean(exclude=["organisation"])
    row.save()
    return row
