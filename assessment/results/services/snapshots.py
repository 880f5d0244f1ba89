"""Finalise: freeze an assessment in an `AssessmentSnapshot` and set it final.

The snapshot holds answers, the engine's input and its whole result (`results_core/serial.py`:
scores, findings, proposals), the stored findings and the curated roadmap, people's names
and the organisation's name, so a final assessment's dashboard and report never change.
Scores are kept once, inside the result; snapshots of version 2 also carry a separate
"scores" key, which readers use only when there is no result (`selectors.frozen_scores`).
"""

from __future__ import annotations

import hashlib
import json

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from assessment.models import (
    Answer,
    Assessment,
    AssessmentSnapshot,
    AssessmentStatus,
    Finding,
    RoadmapItem,
)
from assessment.results import inputs
from assessment.results_core import serial
from core.services import ServiceError

from .computing import Computed, compute_results, evaluate_assessment

#: 3: scores only inside "result" (2 also stored them apart, as "scores"); 2: the engine's
#: result, people's names and the organisation name are frozen too; version 1 snapshots
#: are re-evaluated from their frozen input.
SNAPSHOT_VERSION = 3


FINDING_FIELDS = (
    "rule", "key", "severity", "step", "title", "detail", "recommendation", "messages",
)  # fmt: skip
#: A roadmap item as the API shows it, with its translatable texts.
ITEM_FIELDS = (*RoadmapItem.PUBLIC_FIELDS, "messages")


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
            "savings": inputs.plain(f.savings),
            "currency": f.currency,
        }
        for f in Finding.objects.filter(assessment=assessment).order_by("position")
    ]
    roadmap = [
        {name: inputs.plain(getattr(item, name)) for name in ITEM_FIELDS}
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
            "period_start": inputs.plain(assessment.period_start),
            "period_end": inputs.plain(assessment.period_end),
        },
        "input": inputs.input_payload(computed.data),
        "answers": answers,
        "people": {str(user.pk): user.display_name for user in people},
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
