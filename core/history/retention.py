"""Pruning the change history (``manage.py prune_history``, docs/history.md).

Each organisation keeps its history for ``Organisation.history_retention_days`` days
(empty: the ``HISTORY_RETENTION_DAYS`` setting, 730 by default; 0: for ever). Entries are
judged by their own timestamp, except the rows an import changed: they belong to the
import's grouped entry and go with it — a group is never left half there. A child is
never deleted on its own, and when its group is pruned the whole group goes, however
recent a child (children are written within seconds of their parent).

Deleting runs in batches of ``BATCH_SIZE`` groups, each its own short transaction, so a
first run over years of history does not hold a long lock. Running it again deletes
nothing more until time moves on (idempotent).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.models import HistoryEntry, Organisation

BATCH_SIZE = 1000


def retention_days(organisation: Organisation | None) -> int:
    """How many days this organisation keeps its history (0: for ever). ``None`` (entries
    that belong to no organisation) follows the setting."""
    days = getattr(organisation, "history_retention_days", None)
    if days is None:
        days = getattr(settings, "HISTORY_RETENTION_DAYS", 730)
    return max(int(days or 0), 0)


def cutoff(organisation: Organisation | None, now: dt.datetime) -> dt.datetime | None:
    """Entries older than this are pruned; None when the history is kept for ever."""
    days = retention_days(organisation)
    return None if days == 0 else now - dt.timedelta(days=days)


def _expired(organisation_id: int | None, before: dt.datetime):
    """The groups (top-level entries) older than ``before``; their children go with them."""
    return HistoryEntry.objects.filter(
        organisation_id=organisation_id, parent__isnull=True, timestamp__lt=before
    )


def _count(groups) -> int:
    ids = groups.values("pk")
    return HistoryEntry.objects.filter(Q(pk__in=ids) | Q(parent__in=ids)).count()


def _delete(groups, batch_size: int) -> int:
    deleted = 0
    while True:
        batch = list(groups.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not batch:
            return deleted
        with transaction.atomic():
            # the children first: then the groups' cascade has nothing left to collect
            children, _ = HistoryEntry.objects.filter(parent__in=batch).delete()
            parents, _ = HistoryEntry.objects.filter(pk__in=batch).delete()
        deleted += children + parents


def prune(
    *,
    now: dt.datetime | None = None,
    organisation: Organisation | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
) -> dict[int | None, int]:
    """Delete the history older than each organisation's retention (or only
    ``organisation``'s). Returns {organisation id: entries deleted (or, with ``dry_run``,
    that would be)}, for every organisation looked at; entries of no organisation are
    counted under None, following the setting."""
    now = now or timezone.now()
    organisations = (
        [organisation] if organisation is not None else list(Organisation.objects.order_by("pk"))
    )
    targets: list[tuple[int | None, Organisation | None]] = [(o.pk, o) for o in organisations]
    if organisation is None:
        targets.append((None, None))
    counts: dict[int | None, int] = {}
    for organisation_id, target in targets:
        before = cutoff(target, now)
        if before is None:  # kept for ever
            if target is not None:
                counts[organisation_id] = 0
            continue
        groups = _expired(organisation_id, before)
        count = _count(groups) if dry_run else _delete(groups, batch_size)
        if target is not None or count:
            counts[organisation_id] = count
    return counts
