"""Writes of an assessment's lifecycle: create (optionally from a previous one's answers),
update (`status=final` finalises it), delete, archive and unarchive.

This package sits above the questionnaire (answers) and results (scores, snapshot): an
assessment's lifecycle uses both, and neither needs it, so the imports go one way only.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import Assessment, AssessmentStatus, FrameworkVersion
from assessment.questionnaire.services import final_refused, start_from_previous
from assessment.questionnaire_core import STEP_KEYS
from assessment.results.services import finalise
from core.models import Membership
from core.services import ServiceError, ServiceForbidden

DEFAULT_TARGET = 70


def default_targets() -> dict[str, int]:
    return dict.fromkeys(STEP_KEYS, DEFAULT_TARGET)


def _check_participants(organisation, participants) -> list:
    participants = list(participants or [])
    member_ids = set(
        Membership.objects.filter(organisation=organisation).values_list("user_id", flat=True)
    )
    outsiders = [user for user in participants if user.pk not in member_ids]
    if outsiders:
        raise ServiceError(_("Participants must be members of the organisation."))
    return participants


@transaction.atomic
def create_assessment(
    *,
    organisation,
    user,
    framework_version: FrameworkVersion,
    title: str,
    period_start=None,
    period_end=None,
    description: str = "",
    targets: dict | None = None,
    participants=(),
    start_from: Assessment | None = None,
) -> Assessment:
    if framework_version.organisation_id not in (None, organisation.pk):
        raise ServiceError(_("This framework is not available to your organisation."))
    assessment = Assessment(
        organisation=organisation,
        framework_version=framework_version,
        title=title,
        period_start=period_start,
        period_end=period_end,
        description=description,
        targets=targets if targets is not None else default_targets(),
        created_by=user,
    )
    assessment.full_clean()
    assessment.save()
    people = _check_participants(organisation, participants)
    if user is not None and user not in people:
        people.append(user)
    assessment.participants.set(people)
    if start_from is not None:
        start_from_previous(assessment=assessment, previous=start_from, user=user)
    return assessment


@transaction.atomic
def update_assessment(*, assessment: Assessment, user, participants=None, **fields) -> Assessment:
    """Change an open assessment; `status=final` finalises it (snapshot by `user`).

    The page's form view and the API both call this with the form's `service_fields()`
    and the acting user, so a finalise records its author whichever way it came.
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_final:
        raise final_refused()
    finalising = fields.get("status") == AssessmentStatus.FINAL
    if finalising:
        # Finalising freezes a snapshot: done by `results` after the other fields.
        fields["status"] = locked.status
    allowed = {"title", "period_start", "period_end", "description", "status", "targets"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"update_assessment() got an unexpected field {name!r}")
        setattr(assessment, name, value)
    assessment.full_clean()
    assessment.save()
    if participants is not None:
        assessment.participants.set(_check_participants(assessment.organisation, participants))
    if finalising:
        finalise(assessment=assessment, user=user)
    return assessment


@transaction.atomic
def delete_assessment(*, assessment: Assessment, user) -> None:
    """Delete an open assessment with everything under it. A final one is never deleted
    (it is the record of what was agreed): owners archive it instead."""
    locked = Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    if locked is None:
        return
    if locked.is_final:
        raise ServiceForbidden(
            _("A final assessment cannot be deleted. Owners can archive it instead.")
        )
    locked.delete()


@transaction.atomic
def archive_assessment(*, assessment: Assessment, user) -> Assessment:
    """Hide an assessment from the default list, the home page and pickers; everything is
    kept (snapshot, findings, roadmap, exports; the report still prints). Idempotent."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.archived_at is None:
        locked.archived_at = timezone.now()
        locked.archived_by = user
        # An archived assessment is nobody's current one: the pin goes with it.
        locked.pinned_at, locked.pinned_by = None, None
        locked.save(
            update_fields=["archived_at", "archived_by", "pinned_at", "pinned_by", "updated_at"]
        )
    assessment.archived_at, assessment.archived_by = locked.archived_at, locked.archived_by
    assessment.pinned_at, assessment.pinned_by = locked.pinned_at, locked.pinned_by
    return assessment


@transaction.atomic
def unarchive_assessment(*, assessment: Assessment, user) -> Assessment:
    """Bring an archived assessment back to the lists. Idempotent."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.archived_at is not None:
        locked.archived_at = None
        locked.archived_by = None
        locked.save(update_fields=["archived_at", "archived_by", "updated_at"])
    assessment.archived_at, assessment.archived_by = None, None
    return assessment


@transaction.atomic
def pin_assessment(*, assessment: Assessment, user) -> Assessment:
    """Make it the organisation's current assessment (home page, top-level Roadmap) for
    every member; the one pinned before is unpinned. Idempotent. An archived assessment
    cannot be pinned."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.archived_at is not None:
        raise ServiceError(
            _("An archived assessment cannot be the current one: unarchive it first.")
        )
    if locked.pinned_at is None:
        # Lock and clear the organisation's other pin first: the unique constraint allows one.
        others = Assessment.objects.select_for_update().filter(
            organisation_id=locked.organisation_id, pinned_at__isnull=False
        )
        for other in others.exclude(pk=locked.pk):
            other.pinned_at, other.pinned_by = None, None
            other.save(update_fields=["pinned_at", "pinned_by", "updated_at"])
        locked.pinned_at, locked.pinned_by = timezone.now(), user
        locked.save(update_fields=["pinned_at", "pinned_by", "updated_at"])
    assessment.pinned_at, assessment.pinned_by = locked.pinned_at, locked.pinned_by
    return assessment


@transaction.atomic
def unpin_assessment(*, assessment: Assessment, user) -> Assessment:
    """Back to the default: the newest open assessment, else the newest. Idempotent."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.pinned_at is not None:
        locked.pinned_at, locked.pinned_by = None, None
        locked.save(update_fields=["pinned_at", "pinned_by", "updated_at"])
    assessment.pinned_at, assessment.pinned_by = None, None
    return assessment
