"""Reading the history for the report's appendix "Changes since the last final
assessment" (section ``changes``; docs/report.md, docs/history.md).

The window: after the organisation's previous final assessment was finalised (its
snapshot's ``created_at``), up to now — or, for a final assessment, up to its own
finalising, so a final report's appendix does not grow afterwards. Only the history of
the report's organisation, and only of the kinds the appendix prints
(``data.changes.KINDS``). Two queries for the window and the entries (at most
``MAX_CHANGES``, newest first), plus ``core.history.display``'s constant few to name
related rows.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from assessment.models import Assessment, AssessmentSnapshot, AssessmentStatus
from assessment.report.data.changes import (
    KIND_OF_MODEL,
    MAX_CHANGES,
    MODEL_LABELS,
    ChangeInput,
    ChangeWindow,
    FieldChange,
    changes_section,
)
from core.history.display import display_rows
from core.models import HistoryEntry


def _content_types() -> dict[int, str]:
    """{content type id: "app.model"} of the kinds the appendix prints."""
    found = {}
    for label in MODEL_LABELS:
        app_label, _dot, model = label.partition(".")
        try:
            found[ContentType.objects.get_by_natural_key(app_label, model).pk] = label
        except ContentType.DoesNotExist:  # a model without rows yet on a fresh database
            continue
    return found


def window_for(assessment: Assessment) -> ChangeWindow:
    """The previous final assessment's finalising → this one's (or now)."""
    own = None
    if assessment.is_final:
        own = (
            AssessmentSnapshot.objects.filter(assessment=assessment)
            .values_list("created_at", flat=True)
            .first()
        )
    finals = AssessmentSnapshot.objects.filter(
        organisation=assessment.organisation_id, assessment__status=AssessmentStatus.FINAL
    ).exclude(assessment=assessment)
    if own is not None:
        finals = finals.filter(created_at__lt=own)
    previous = finals.select_related("assessment").order_by("-created_at", "-pk").first()
    if previous is None:
        return ChangeWindow(since=None, until=own)
    frozen = (previous.data or {}).get("assessment") or {}
    return ChangeWindow(
        since=previous.created_at,
        until=own,
        previous_title=frozen.get("title") or previous.assessment.title,
    )


def _field_changes(row) -> tuple[FieldChange, ...]:
    changes = []
    for change in row.changes:
        if change.is_m2m:
            text = change.as_text()[len(change.label) + 2 :]
            changes.append(FieldChange(label=change.label, text=text))
        else:
            changes.append(FieldChange(label=change.label, old=change.old, new=change.new))
    return tuple(changes)


def change_inputs(assessment: Assessment, window: ChangeWindow, language: str):
    """(rows, total): the newest ``MAX_CHANGES`` entries of the window as ``ChangeInput``,
    made readable in ``language``, and how many the window holds."""
    content_types = _content_types()
    entries = HistoryEntry.objects.filter(
        organisation=assessment.organisation_id,
        content_type__in=list(content_types),
        timestamp__gt=window.since,
    )
    if window.until is not None:
        entries = entries.filter(timestamp__lte=window.until)
    total = entries.count()
    page = list(
        entries.select_related("actor", "token", "parent").order_by("-timestamp", "-id")[
            :MAX_CHANGES
        ]
    )
    with translation.override(language):
        readable = display_rows(page, link_objects=False)
        rows = [
            ChangeInput(
                kind=KIND_OF_MODEL[content_types[row.entry.content_type_id]],
                when=row.entry.timestamp,
                who=row.who,
                object=row.object_repr,
                action=row.action,
                through=row.through,
                # a created or deleted row is one line; the fields of a change are listed
                changes=_field_changes(row) if row.entry.action == 1 else (),
                summary=row.import_summary,
            )
            for row in readable
        ]
    return rows, total


def changes_data(assessment: Assessment, *, language: str = "en") -> dict:
    """The appendix's plain data for the assessment's report."""
    window = window_for(assessment)
    if window.since is None:  # nothing to compare with: the appendix says so
        return changes_section(window, [], language)
    rows, total = change_inputs(assessment, window, language)
    return changes_section(
        ChangeWindow(window.since, window.until, window.previous_title, total), rows, language
    )
