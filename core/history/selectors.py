"""Reading the change history (docs/history.md): one object's entries, an organisation's
activity with filters, and the rows a grouped import changed. Every query is scoped to the
organisation; newest first, by (timestamp, id) so ties keep a stable order."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from core.history.registry import TRACKED
from core.models import HistoryEntry

NEWEST_FIRST = ("-timestamp", "-id")


def _base(organisation) -> QuerySet[HistoryEntry]:
    # the parent (an import's grouped entry) is read by display_rows, for the pages that
    # show an import's rows (one query, only then)
    return HistoryEntry.objects.filter(organisation=organisation).select_related("actor", "token")


def tracked_models() -> list:
    """The models that keep a history, in the order they were registered."""
    from django.apps import apps

    return [apps.get_model(label) for label in TRACKED]


def content_type_for_label(label: str) -> ContentType | None:
    """``"assessment.tool"`` → its content type, for a tracked model only."""
    label = (label or "").strip().lower()
    if label not in TRACKED:
        return None
    app_label, _, model = label.partition(".")
    return ContentType.objects.get_by_natural_key(app_label, model)


def entries_for_object(obj, organisation=None) -> QuerySet[HistoryEntry]:
    """The object's entries (an import's rows included), newest first."""
    content_type = ContentType.objects.get_for_model(type(obj))
    organisation = organisation if organisation is not None else _organisation_of(obj)
    return (
        _base(organisation)
        .filter(content_type=content_type, object_id=obj.pk)
        .order_by(*NEWEST_FIRST)
    )


def entries_for(organisation, content_type, object_id: int) -> QuerySet[HistoryEntry]:
    """An object's entries by type and id (the object may be gone)."""
    return (
        _base(organisation)
        .filter(content_type=content_type, object_id=object_id)
        .order_by(*NEWEST_FIRST)
    )


def _organisation_of(obj):
    from core.models import Organisation

    return obj if isinstance(obj, Organisation) else obj.organisation


def day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def activity(
    organisation,
    *,
    actor=None,
    kind=None,
    source: str | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    top_level: bool = True,
) -> QuerySet[HistoryEntry]:
    """The organisation's entries, newest first (index (organisation, -timestamp, -id)).
    ``kind``: a content type or a model label; ``date_to`` is inclusive. ``top_level``
    shows an import as its one grouped entry, not the rows it changed."""
    # the snapshot is what "restore" applies; the Activity page never reads it
    entries = _base(organisation).defer("serialized_data")
    if top_level:
        entries = entries.filter(parent__isnull=True)
    if actor is not None:
        entries = entries.filter(actor=actor)
    if kind:
        if isinstance(kind, str):
            kind = content_type_for_label(kind)
            if kind is None:
                return entries.none()
        entries = entries.filter(content_type=kind)
    if source:
        entries = entries.filter(source=source)
    if date_from:
        entries = entries.filter(timestamp__gte=day_start(date_from))
    if date_to:
        entries = entries.filter(timestamp__lt=day_start(date_to + datetime.timedelta(days=1)))
    return entries.order_by(*NEWEST_FIRST)


def import_children(entry) -> QuerySet[HistoryEntry]:
    """The rows a grouped import changed, newest first."""
    return _base(entry.organisation_id).filter(parent=entry).order_by(*NEWEST_FIRST)


def entry_for(organisation, pk) -> HistoryEntry:
    """One of the organisation's entries (another organisation's: DoesNotExist)."""
    return _base(organisation).get(pk=pk)


def version(entries: QuerySet[HistoryEntry]) -> tuple:
    """What a rendered page of these entries depends on: the newest and the oldest entry
    (two index lookups). Entries are never changed, and a change to a row they name or
    link (a rename, a delete) is itself a new entry; pruning removes the oldest."""
    ordered = entries.order_by(*NEWEST_FIRST).values_list("id", flat=True)
    newest = ordered[:1]
    oldest = entries.order_by("timestamp", "id").values_list("id", flat=True)[:1]
    return (list(newest), list(oldest))
