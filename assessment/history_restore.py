"""Restore an earlier version of a tool, integration, touchpoint or roadmap item (issue 15).

``restore_version(entry=, user=, organisation=)`` applies the snapshot an entry keeps
(``serialized_data``: the tracked fields after that change, auditlog's
``{"model", "pk", "fields"}``) to the object as it is now, through the object's own
services, so their rules hold: validation and unique names, a content change sends a
reviewed integration back to the review queue, someone else's change to a confirmed field
clears a tool owner's confirmation, a final assessment's roadmap stays as it is.

- Only the fields a person edits are applied: a tool's confirmation, an integration's
  review, a roadmap item's computed fields (savings, step…) and its assessment stay as they
  are now. A foreign key whose target no longer exists (or, for a person, is no longer a
  member) keeps its current value. Many-to-many
  sets (an integration's data objects, a touchpoint's tools) are applied as the snapshot
  keeps them (``HistoryEntry.objects`` adds them to auditlog's snapshot, and an m2m change
  keeps one too); a related row deleted since is left out. A snapshot an import wrote
  without them leaves the sets as they are.
- The restore is recorded like any edit (the signals of the services' saves, attributed
  to the current request or context); those entries — every entry written for the object
  during the restore — then get ``additional_data = {"restored_from": <entry pk>}`` (one
  UPDATE after the services ran: the services re-read the object, so the mark cannot ride on
  the instance).
- Refused with ``ServiceError``: the entry is another organisation's (or none), its model
  is not restorable or it keeps no snapshot, the object is gone, or nothing would change;
  ``ServiceForbidden`` when the person may not change the object.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from assessment.inventory import services as inventory
from assessment.models import Integration, ItemStatus, RoadmapItem, Tool, Touchpoint
from assessment.results.services import curation
from core.history.recording import tracked_fields
from core.history.registry import is_restorable, restore_action
from core.models import HistoryEntry, Membership
from core.permissions import can
from core.services import ServiceError, ServiceForbidden

#: The permission resource of each restorable model.
RESOURCES = {
    Tool: "tool",
    Integration: "integration",
    Touchpoint: "touchpoint",
    RoadmapItem: "roadmap",
}
#: Tracked fields a restore leaves as they are (not a person's edit of the object).
KEPT = {
    Tool: {"confirmed_by"},
    Integration: set(Integration.REVIEW_FIELDS),
    Touchpoint: set(),
    RoadmapItem: {"assessment", "step", "savings", "currency", "status", "dismiss_reason"},
}


def _refused() -> ServiceError:
    return ServiceError(_("This version cannot be restored."))


def _target(entry: HistoryEntry, organisation):
    if entry.organisation_id != getattr(organisation, "pk", None):
        raise _refused()
    model = entry.content_type.model_class()
    if model not in RESOURCES or not is_restorable(model):
        raise _refused()
    data = entry.serialized_data or {}
    if not isinstance(data.get("fields"), dict) or entry.object_id is None:
        raise _refused()
    instance = model.objects.for_organisation(organisation).filter(pk=entry.object_id).first()
    if instance is None:
        raise ServiceError(
            _("“%(name)s” has been deleted; its earlier versions cannot be restored.")
            % {"name": entry.object_repr}
        )
    return model, instance, data["fields"]


def _values(model, organisation, fields: dict) -> dict:
    """The snapshot's values as the services take them: plain values typed, foreign keys as
    their (still existing, same organisation) rows, many-to-many sets as rows."""
    tracked = {f.name: f for f in tracked_fields(model)}
    out = {}
    for name, raw in fields.items():
        field = tracked.get(name)
        if field is None or name in KEPT[model]:
            continue
        if field.is_relation:
            if raw is None:
                out[name] = None
                continue
            rows = field.related_model._base_manager.filter(pk=raw)
            if field.related_model is get_user_model():  # a person: still a member
                rows = rows.filter(memberships__organisation=organisation)
            elif any(f.name == "organisation" for f in field.related_model._meta.concrete_fields):
                rows = rows.filter(organisation=organisation)
            target = rows.first()
            if target is not None:
                out[name] = target
            continue
        out[name] = field.to_python(raw)
    for name in inventory.M2M.get(model, ()):
        if isinstance(fields.get(name), list):
            related = model._meta.get_field(name).related_model
            out[name] = list(
                related.objects.for_organisation(organisation).filter(pk__in=fields[name])
            )
    return out


def _restore_item(item: RoadmapItem, fields: dict, values: dict, user) -> RoadmapItem:
    data = {name: values[name] for name in curation.EDITABLE_FIELDS if name in values}
    item = curation.update_item(item=item, data=data, user=user)
    status = fields.get("status")
    if status and status != item.status:
        if status == ItemStatus.DISMISSED:
            reason = fields.get("dismiss_reason") or _("Restored from an earlier version.")
            item = curation.dismiss_item(item=item, reason=reason, user=user)
        elif status == ItemStatus.ACCEPTED:
            item = curation.accept_item(item=item, user=user)
        elif status == ItemStatus.OPEN:
            item = curation.reopen_item(item=item, user=user)
    return item


@transaction.atomic
def restore_version(*, entry: HistoryEntry, user, organisation):
    """Bring the object of `entry` back to the values it had after that change; returns the
    object as restored (see the module's docstring for what is applied and refused)."""
    model, instance, fields = _target(entry, organisation)
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    action = restore_action(model) or f"{RESOURCES[model]}.change"
    if not can(membership, action, instance):
        raise ServiceForbidden(_("Your role does not allow changing this."))
    values = _values(model, organisation, fields)
    marker = HistoryEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if model is RoadmapItem:
        restored = _restore_item(instance, fields, values, user)
    else:
        restored = inventory.update_object(instance=instance, user=user, **values)
    written = HistoryEntry.objects.filter(
        pk__gt=marker, content_type_id=entry.content_type_id, object_id=instance.pk
    )
    if not written.update(additional_data={"restored_from": entry.pk}):
        raise ServiceError(
            _("“%(name)s” already has the values of this version; nothing was changed.")
            % {"name": restored}
        )
    return restored
