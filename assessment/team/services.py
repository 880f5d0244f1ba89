"""Writes of assignments: assign a step or single questions of an assessment to members,
change or remove an assignment. Every write is scoped to the assessment's organisation and
checked against the acting person's role; new assignees are told (``core.notifications``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from assessment.models import Assessment, Assignment
from assessment.questionnaire.display import localised
from core.models import Membership
from core.notifications.services import notify
from core.permissions import can


def _check(user, organisation, action: str, obj=None) -> None:
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if not can(membership, action, obj):
        raise PermissionDenied


def _step(assessment: Assessment, step: str):
    try:
        return assessment.framework.step(step)
    except KeyError:
        raise ValidationError({"step": _("This assessment has no step “%s”.") % step}) from None


def question_url(assessment: Assessment, step: str, question_key: str = "") -> str:
    url = reverse("assessment_step", kwargs={"pk": assessment.pk, "step": step})
    return f"{url}#question-{question_key}" if question_key else url


def _check_assignees(organisation, assignees: Iterable) -> list:
    people = [user for user in assignees if user is not None]
    if not people:
        raise ValidationError({"assignees": _("Choose at least one member.")})
    member_ids = set(
        Membership.objects.filter(
            organisation=organisation, user__in=[u.pk for u in people]
        ).values_list("user_id", flat=True)
    )
    strangers = [u for u in people if u.pk not in member_ids]
    if strangers:
        raise ValidationError(
            {"assignees": _("Only members of this organisation can be assigned work.")}
        )
    unique = {u.pk: u for u in people}
    return list(unique.values())


def _check_open(assessment: Assessment) -> None:
    if assessment.is_final:
        raise ValidationError(_("This assessment is final: nothing is left to answer."))


@transaction.atomic
def assign(
    *,
    assessment: Assessment,
    step: str,
    question_keys: Iterable[str] | None,
    assignees: Iterable,
    due_date: dt.date | None = None,
    note: str = "",
    user,
) -> list[Assignment]:
    """One assignment per assignee (and per question when ``question_keys`` are given; none
    or empty: the whole step). An existing one gets the new due date and note. Returns the
    assignments, new and updated; each person newly assigned is told once."""
    organisation = assessment.organisation
    _check(user, organisation, "assignment.add", assessment)
    _check_open(assessment)
    step_obj = _step(assessment, step)
    keys = list(dict.fromkeys(question_keys or []))
    if keys:
        known = {q.key for q in step_obj.questions()}
        unknown = [k for k in keys if k not in known]
        if unknown:
            raise ValidationError(
                {"question_keys": _("Not a question of this step: %s.") % ", ".join(unknown)}
            )
    people = _check_assignees(organisation, assignees)
    note = (note or "").strip()
    result: list[Assignment] = []
    new_by_person: dict[int, list[Assignment]] = {}
    for person in people:
        for key in keys or [""]:
            assignment, created = Assignment.objects.update_or_create(
                assessment=assessment,
                step=step,
                question_key=key,
                assignee=person,
                defaults={"due_date": due_date, "note": note},
                create_defaults={
                    "organisation": organisation,
                    "due_date": due_date,
                    "note": note,
                    "assigned_by": user,
                },
            )
            result.append(assignment)
            if created:
                new_by_person.setdefault(person.pk, []).append(assignment)
    by_pk = {p.pk: p for p in people}
    for person_pk, created in new_by_person.items():
        _tell(assessment, step_obj, created, by_pk[person_pk], user)
    return result


def _tell(assessment, step_obj, created: list[Assignment], person, user) -> None:
    """One notification per person and batch (keyed by its first new assignment)."""
    first = created[0]
    step_title = localised(step_obj.title)
    if first.question_key and len(created) == 1:
        question = next(q for q in step_obj.questions() if q.key == first.question_key)
        what = localised(question.text)
    elif first.question_key:
        what = _("%(count)d questions of %(step)s") % {"count": len(created), "step": step_title}
    else:
        what = step_title
    notify(
        organisation=assessment.organisation,
        recipients=[person],
        kind="assigned",
        key=f"assigned:{first.pk}",
        params={
            "assigner": user.display_name if user is not None else "",
            "what": what,
            "step": first.step,
            "question": first.question_key if len(created) == 1 else "",
            "assessment": assessment.title,
            "due": first.due_date.isoformat() if first.due_date else "",
        },
        url=question_url(assessment, first.step, first.question_key if len(created) == 1 else ""),
        exclude=user,
    )


@transaction.atomic
def update_assignment(
    *, assignment: Assignment, user, due_date=..., note=..., assignee=...
) -> Assignment:
    """Change the due date, note or assignee of one assignment (the arguments left out
    stay); a new assignee is told."""
    _check(user, assignment.organisation, "assignment.change", assignment)
    _check_open(assignment.assessment)
    fields = []
    if due_date is not ...:
        assignment.due_date = due_date
        fields.append("due_date")
    if note is not ...:
        assignment.note = (note or "").strip()
        fields.append("note")
    told = None
    if assignee is not ... and assignee.pk != assignment.assignee_id:
        (assignee,) = _check_assignees(assignment.organisation, [assignee])
        duplicate = (
            Assignment.objects.filter(
                assessment=assignment.assessment_id,
                step=assignment.step,
                question_key=assignment.question_key,
                assignee=assignee,
            )
            .exclude(pk=assignment.pk)
            .exists()
        )
        if duplicate:
            raise ValidationError({"assignee": _("This member already has this assignment.")})
        assignment.assignee = assignee
        fields.append("assignee")
        told = assignee
    if fields:
        assignment.save(update_fields=[*fields, "updated_at"])
    if told is not None:
        step_obj = _step(assignment.assessment, assignment.step)
        _tell(assignment.assessment, step_obj, [assignment], told, user)
    return assignment


@transaction.atomic
def unassign(*, assignment: Assignment, user) -> None:
    _check(user, assignment.organisation, "assignment.delete", assignment)
    assignment.delete()
