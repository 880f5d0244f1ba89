"""Curate the roadmap: edit, add, accept, dismiss, reopen, move and reorder items.

Item edits record the names of the fields changed in `edited_fields` (regeneration leaves
them alone); status changes add "status"; moving an item between columns adds "horizon".
Every service takes the acting user (`user=`) like all services; `RoadmapItem` has no
field recording who changed it, so they do not store it: the change history does (its
signals record each `save()`; `reorder_items`' set-based write records its column changes
itself, core.history.recording; positions are not history).
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import Assessment, Horizon, ItemStatus, RoadmapItem
from core import undo
from core.history import recording
from core.services import ServiceError

from .computing import ensure_open

HORIZON_ORDER = [h.value for h in Horizon]
#: What a person edits on an item: the model's fields and the owner member (issue 16).
EDITABLE_FIELDS = (*RoadmapItem.EDITABLE_FIELDS, "owned_by")


def _lock_item(item: RoadmapItem) -> RoadmapItem:
    ensure_open(item.assessment)
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
        if name not in EDITABLE_FIELDS:
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
    ensure_open(assessment)
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
        owned_by=data.get("owned_by"),
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


DISMISS_UNDO = "roadmap.dismiss"


@transaction.atomic
def dismiss_item_undoable(
    *, item: RoadmapItem, reason: str, user
) -> tuple[RoadmapItem, undo.UndoToken]:
    """``dismiss_item``, and the undo token that gives the item back its status, reason and
    edited fields from before."""
    before = _lock_item(item)
    previous = {
        "pk": before.pk,
        "status": before.status,
        "dismiss_reason": before.dismiss_reason,
        "edited_fields": list(before.edited_fields or []),
    }
    dismissed = dismiss_item(item=item, reason=reason, user=user)
    token = undo.create(
        organisation=dismissed.organisation,
        user=user,
        kind=DISMISS_UNDO,
        payload={**previous, "reason": dismissed.dismiss_reason},
    )
    return dismissed, token


@undo.register(DISMISS_UNDO, permission="roadmap.change")
def restore_dismissed(payload: dict, *, organisation, user) -> undo.Undone:
    """Undo a dismissal: the item's status and reason as they were. An item reopened,
    accepted or deleted since is left as it is, and the lead is told."""
    try:
        item = RoadmapItem.objects.for_organisation(organisation).get(pk=payload["pk"])
    except RoadmapItem.DoesNotExist:
        raise ServiceError(_("This roadmap item is gone; there is nothing to undo.")) from None
    locked = _lock_item(item)  # a final assessment's roadmap stays as it is
    if locked.status != ItemStatus.DISMISSED or locked.dismiss_reason != payload["reason"]:
        raise ServiceError(_("This item changed since it was dismissed; nothing was undone."))
    locked.status = payload["status"]
    locked.dismiss_reason = payload["dismiss_reason"]
    locked.edited_fields = payload["edited_fields"]
    locked.save(update_fields=["status", "dismiss_reason", "edited_fields", "updated_at"])
    return undo.Undone(_("“%(title)s” is back on the roadmap.") % {"title": locked.display_title})


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
    now = timezone.now()  # a new order is a change of the roadmap (core.render_cache)
    for item in changed:
        item.updated_at = now
    RoadmapItem.objects.bulk_update(changed, ["position", "updated_at"])


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
    ensure_open(assessment)
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
    history = []
    for pk, horizon in listed.items():
        item = items[pk]
        if item.horizon != horizon:
            history.append((item, {"horizon": [item.horizon, horizon]}))
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
    # A column change is someone's edit (its history entry); a new position alone is not.
    recording.record_changes(RoadmapItem, history)
    return order
