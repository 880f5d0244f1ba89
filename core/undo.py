"""Undo: a member takes back what they just did (deleted a row, dismissed a roadmap item,
verified or flagged integrations) for a few minutes after doing it.

The action's service records what it changed in an `UndoToken` (``create``); the message
that says it was done carries the token (``core.feedback.success(…, undo=token)``), shown
as an "Undo" button that posts to ``/undo/<key>/`` (core.views.undo). ``apply`` checks the
token — this organisation's, this user's, not used, not expired, the role still allows the
original action — then calls the restore function registered for its kind and marks the
token used, all in one transaction: a restore that cannot be applied changes nothing.

Each kind's restore function lives with the service that made the change and registers
itself here (``@register("inventory.delete", permission=…)``), as object rules do in
core.permissions. For deletions this module also keeps the generic mechanics:
``snapshot_deletion`` serialises the row and everything its deletion cascades to (primary
keys kept), ``restore_deletion`` writes them back, parents first.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.contrib.admin.utils import NestedObjects
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import UndoToken
from core.permissions import can
from core.services import ServiceError, ServiceForbidden

#: How long an action can be undone.
LIFETIME = timedelta(minutes=10)
#: Expired tokens are kept this long after expiry, so a late click says "too late" (not 404).
KEEP_EXPIRED = timedelta(days=1)


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, keeping microseconds (it cuts times to milliseconds): a restored
    row's times are exactly what they were."""

    def default(self, o):
        if isinstance(o, (dt.datetime, dt.time)):
            return o.isoformat()
        return super().default(o)


@dataclass(frozen=True)
class Undone:
    """What a restore did: the message to show, and the row to highlight (its pk), if any."""

    message: str
    highlight: int | None = None


@dataclass(frozen=True)
class Kind:
    restore: Callable[..., Undone]
    #: The action (core.permissions) the original change needed, from the token's payload.
    permission: Callable[[dict], str]


_kinds: dict[str, Kind] = {}


def register(kind: str, *, permission: str | Callable[[dict], str]):
    """Decorator: ``restore(payload, *, organisation, user) -> Undone`` undoes ``kind``.
    It raises ServiceError when the change cannot be undone (nothing is written then)."""

    def decorator(restore):
        check = permission if callable(permission) else (lambda _payload: permission)
        _kinds[kind] = Kind(restore=restore, permission=check)
        return restore

    return decorator


def create(*, organisation, user, kind: str, payload: dict) -> UndoToken:
    """Record an undoable action (call it inside the action's transaction)."""
    if kind not in _kinds:
        raise LookupError(f"No undo registered for {kind!r}")
    prune()
    now = timezone.now()
    return UndoToken.objects.create(
        key=secrets.token_urlsafe(32),
        organisation=organisation,
        user=user,
        kind=kind,
        payload=payload,
        expires_at=now + LIFETIME,
    )


def prune() -> int:
    """Forget tokens that expired more than a day ago (called whenever one is created)."""
    deleted, _by_model = UndoToken.objects.filter(
        expires_at__lt=timezone.now() - KEEP_EXPIRED
    ).delete()
    return deleted


def find(key: str, *, organisation, user) -> UndoToken:
    """The token, if it is this organisation's and this user's; else DoesNotExist (a 404:
    another member's or organisation's undo is never confirmed to exist)."""
    return UndoToken.objects.get(key=key, organisation=organisation, user=user)


def permission_of(token: UndoToken) -> str:
    kind = _kinds.get(token.kind)
    return kind.permission(token.payload) if kind else ""


@transaction.atomic
def apply(*, key: str, organisation, membership) -> Undone:
    """Undo the action of token ``key``, once. Raises UndoToken.DoesNotExist (not this
    member's), ServiceForbidden (the role no longer allows it) or ServiceError (used,
    expired, or the state cannot be restored); nothing is written then."""
    user = membership.user
    token = UndoToken.objects.select_for_update().get(key=key, organisation=organisation, user=user)
    kind = _kinds.get(token.kind)
    if kind is None:
        raise ServiceError(_("This action can no longer be undone."))
    if not can(membership, kind.permission(token.payload)):
        raise ServiceForbidden(_("Your role no longer allows undoing this."))
    if token.used_at is not None:
        raise ServiceError(_("This action has already been undone."))
    if token.expires_at <= timezone.now():
        raise ServiceError(_("Too late to undo: an action can be undone for 10 minutes."))
    with transaction.atomic():
        undone = kind.restore(token.payload, organisation=organisation, user=user)
    token.used_at = timezone.now()
    token.save(update_fields=["used_at"])
    return undone


# --- deletions: snapshot and restore ------------------------------------------------------


def snapshot_deletion(instance, *more) -> dict:
    """Everything deleting ``instance`` (and ``more`` rows of the same model, for a bulk
    delete) removes or changes, as JSON: the rows the deletion cascades to (link rows of
    many-to-many fields included) serialised with their primary keys, parents first, and
    the foreign keys it would set to NULL. Call it just before the delete, in the same
    transaction."""
    using = router.db_for_write(type(instance), instance=instance)
    collector = NestedObjects(using=using)
    collector.collect([instance, *more])
    collector.sort()  # deletion order: children before the rows they point to
    groups = [(model, list(objs)) for model, objs in collector.data.items()]
    rows = []
    for _model, objs in reversed(groups):  # parents first
        objs.sort(key=lambda obj: obj.pk)
        rows.extend(json.loads(serializers.serialize("json", objs, cls=ExactJSONEncoder)))
    nulled = []
    for (field, _value), batches in collector.field_updates.items():
        for batch in batches:
            for obj in batch:
                nulled.append(
                    {
                        "model": obj._meta.label_lower,
                        "pk": obj.pk,
                        "field": field.attname,
                        "value": getattr(obj, field.attname),
                    }
                )
    return {
        "root": {"model": instance._meta.label_lower, "pk": instance.pk},
        "more": [obj.pk for obj in more],
        "rows": rows,
        "nulled": nulled,
    }


def _record_nulled(nulled) -> None:
    """History entries for the foreign keys a restore set back (a set-based write, which
    the history's signals do not see; the rows brought back are saved, so they are):
    one query per model and one insert."""
    from core.history import recording
    from core.history.registry import is_tracked

    by_model: dict = {}
    for change in nulled:
        by_model.setdefault(change["model"], []).append(change)
    for label, changes in by_model.items():
        model = apps.get_model(label)
        if not is_tracked(model):
            continue
        rows = model._base_manager.in_bulk([change["pk"] for change in changes])
        history = []
        for change in changes:
            row = rows.get(change["pk"])
            field = model._meta.get_field(change["field"])
            tracked = {f.name for f in recording.tracked_fields(model)}
            if row is None or field.name not in tracked:
                continue
            history.append((row, {field.name: [None, recording.json_value(change["value"])]}))
        recording.record_changes(model, history)


def restore_deletion(snapshot: dict, *, organisation) -> None:
    """Write back what ``snapshot_deletion`` recorded: the same rows with the same primary
    keys, then the foreign keys set to NULL. Raises ServiceError, writing nothing, when
    that is no longer possible: a row came back meanwhile, a unique name is taken, or a row
    they point to is gone."""
    objects = list(serializers.deserialize("json", json.dumps(snapshot["rows"])))
    models = {type(obj.object) for obj in objects}
    for deserialized in objects:
        org_id = getattr(deserialized.object, "organisation_id", organisation.pk)
        if org_id != organisation.pk:  # never another organisation's rows
            raise ServiceError(_("This action can no longer be undone."))
    try:
        with transaction.atomic():
            for deserialized in objects:
                deserialized.save(save_m2m=False, force_insert=True)
            for change in snapshot.get("nulled", ()):
                model = apps.get_model(change["model"])
                models.add(model)
                model._base_manager.filter(pk=change["pk"]).update(
                    **{change["field"]: change["value"]}
                )
            _record_nulled(snapshot.get("nulled", ()))
            root = snapshot["root"]
            root_model = apps.get_model(root["model"])
            if any(f.name == "updated_at" for f in root_model._meta.concrete_fields):
                # a change to the inventory: the pages cached under its version refresh
                root_model._base_manager.filter(
                    pk__in=[root["pk"], *snapshot.get("more", ())]
                ).update(updated_at=timezone.now())
            using = router.db_for_write(root_model)
            connections[using].check_constraints(
                table_names=sorted({m._meta.db_table for m in models})
            )
    except IntegrityError as error:
        raise ServiceError(
            _(
                "This cannot be undone any more: something it depends on changed meanwhile "
                "(a name is taken again, or a related row was deleted). Nothing was changed."
            )
        ) from error
