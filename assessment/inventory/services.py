"""Writes for the inventories and their taxonomy. Views, imports and the API call these.

Integrations carry IT's review: any change to a field other than the review fields sends
a reviewed integration back to "unreviewed" (see `update_integration`).

Tools carry their owner's confirmation (issue 16, `confirm_tool`): a change to one of
`CONFIRMED_FIELDS` by anyone but the person who confirmed clears it — in `_apply` (pages,
API), `bulk_update` and the import's set-based writer (imports/bulk.py).
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessment.comments.services import post_flag_notes, take_back_flag_notes
from assessment.inventory_core.columns import header_set, header_signature
from assessment.inventory_core.normalise import normalise_key
from assessment.inventory_core.taxonomy import load_taxonomy
from assessment.models import (
    Comment,
    CommentKind,
    DataObject,
    ImportMapping,
    Integration,
    ReviewState,
    Tool,
    ToolCategory,
    ToolSubcategory,
    Touchpoint,
)
from core import undo
from core.history import recording
from core.services import ServiceError

logger = logging.getLogger(__name__)

M2M = {Integration: ("data_objects",), Touchpoint: ("tools",), Tool: ()}


# --- taxonomy -------------------------------------------------------------------------------


@transaction.atomic
def seed_taxonomy(*, organisation) -> None:
    """Give an organisation its own copy of the seed taxonomy (idempotent: keeps edits)."""
    seed = load_taxonomy()
    for gpos, group in enumerate(seed.category_groups):
        category, _created = ToolCategory.objects.get_or_create(
            organisation=organisation,
            key=group.key,
            defaults={"name": group.name, "aliases": list(group.aliases), "position": gpos},
        )
        for spos, sub in enumerate(group.subcategories):
            ToolSubcategory.objects.get_or_create(
                organisation=organisation,
                key=sub.key,
                defaults={
                    "name": sub.name,
                    "aliases": list(sub.aliases),
                    "position": spos,
                    "category": category,
                },
            )
    for pos, obj in enumerate(seed.data_objects):
        DataObject.objects.get_or_create(
            organisation=organisation,
            key=obj.key,
            defaults={"name": obj.name, "aliases": list(obj.aliases), "position": pos},
        )


def slug_key(name: str) -> str:
    return slugify(name, allow_unicode=True).replace("-", "_")[:70] or "entry"


def unique_key(model, organisation, name: str) -> str:
    base = slug_key(name)
    key, n = base, 2
    while model.objects.filter(organisation=organisation, key=key).exists():
        key, n = f"{base}_{n}", n + 1
    return key


@transaction.atomic
def add_taxonomy_entry(*, model, organisation, user, name: str, **fields):
    """Add a category, subcategory or data object (used by forms and by imports)."""
    logger.info(
        "%s adds %s “%s” to %s's taxonomy", user, model._meta.model_name, name, organisation
    )
    name = name.strip()
    if model.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ServiceError(_("“%(name)s” already exists.") % {"name": name})
    fields.setdefault("key", unique_key(model, organisation, name))
    return model.objects.create(organisation=organisation, name=name, **fields)


# --- generic create/update ------------------------------------------------------------------


def _split(model, fields: dict[str, Any]) -> tuple[dict, dict]:
    m2m = {k: fields.pop(k) for k in M2M.get(model, ()) if k in fields}
    return fields, m2m


def _check_touchpoint_is_new(touchpoint: Touchpoint) -> None:
    """Two touchpoints with the same name, stage, channel and segment are the same one:
    a spreadsheet could not tell them apart (docs/inventories.md, "Identity")."""
    clash = Touchpoint.objects.filter(
        organisation_id=touchpoint.organisation_id,
        name__iexact=touchpoint.name.strip(),
        stage=touchpoint.stage,
        channel=touchpoint.channel,
        segment=touchpoint.segment,
    )
    if touchpoint.pk:
        clash = clash.exclude(pk=touchpoint.pk)
    if clash.exists():
        raise ServiceError(touchpoint_clash_message())


def touchpoint_clash_message() -> str:
    """Why a touchpoint is refused (also the set-based import's, imports/bulk.py)."""
    return _(
        "A touchpoint with this name, journey stage, channel and segment already "
        "exists; change one of them."
    )


def concurrent_edit_message(name) -> str:
    """What a person reads when a unique constraint refused a row another request saved
    at the same moment (never the database's own text: it names constraints and SQL)."""
    return _(
        "Another import or edit added “%(name)s” at the same time; nothing was saved. Try again."
    ) % {"name": name}


def assign_changed(instance, fields: dict[str, Any]) -> set[str]:
    """Set the fields whose value differs from the instance's (a relation by its key);
    return their names. Shared by the per-row writes and the set-based import."""
    changed = set()
    for name, value in fields.items():
        field = instance._meta.get_field(name)
        if field.is_relation:
            current = getattr(instance, field.attname)
            new = value.pk if value is not None else None
        else:
            current, new = getattr(instance, name), value
        if current != new:
            setattr(instance, name, value)
            changed.add(name)
    return changed


#: What a tool owner's confirmation vouches for: cost, seats, owners, lifecycle, status and
#: the contract dates. Usage counts (active users), notes, names and categories are not
#: confirmed, so an SSO import or a note leaves the confirmation alone.
CONFIRMED_FIELDS = frozenset(
    {
        "annual_cost",
        "currency",
        "plan_tier",
        "licensed_seats",
        "owned_by",
        "business_owner",
        "owning_team",
        "lifecycle",
        "status",
        "contract_start",
        "renewal_date",
        "auto_renewal",
        "notice_period_days",
    }
)


def breaks_confirmation(instance, changed: Iterable[str], user) -> bool:
    """Clear a tool's confirmation when a confirmed field changed by someone other than the
    person who confirmed it; True when it was cleared (the caller saves)."""
    if not isinstance(instance, Tool) or instance.confirmed_at is None:
        return False
    if not CONFIRMED_FIELDS.intersection(changed):
        return False
    if user is not None and getattr(user, "pk", None) == instance.confirmed_by_id:
        return False
    instance.confirmed_by = None
    instance.confirmed_at = None
    return True


def _apply(
    instance, fields: dict[str, Any], m2m: dict[str, Iterable], user, before_save=None
) -> set[str]:
    """Set fields and m2m sets; return the names whose value actually changed.

    An existing row whose values are all unchanged is not saved at all, so its
    `updated_at` stays as it was (a re-import of an unchanged export touches nothing).
    The set is also kept on the instance as `changed_fields`. `before_save(instance)` runs
    just before a save, for changes that ride along (one save: one history entry).
    """
    changed = assign_changed(instance, fields)
    if isinstance(instance, Touchpoint) and (instance.pk is None or changed):
        _check_touchpoint_is_new(instance)
    is_new = instance.pk is None
    m2m_changes = {}
    for name, values in m2m.items():
        values = list(values)
        new = {v.pk for v in values}
        if is_new or set(getattr(instance, name).values_list("pk", flat=True)) != new:
            m2m_changes[name] = values
    if is_new or changed or m2m_changes:
        breaks_confirmation(instance, changed, user)
        if before_save is not None:
            before_save(instance)
        if hasattr(instance, "updated_by_id"):
            instance.updated_by = user
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError as error:
            # A unique constraint (a tool's name) that another request took meanwhile.
            raise ServiceError(concurrent_edit_message(instance)) from error
    for name, values in m2m_changes.items():
        getattr(instance, name).set(values)
        changed.add(name)
    instance.changed_fields = changed
    return changed


@transaction.atomic
def create_object(*, model, organisation, user, **fields):
    fields, m2m = _split(model, dict(fields))
    instance = model(organisation=organisation)
    _apply(instance, fields, m2m, user)
    return instance


@transaction.atomic
def update_object(*, instance, user, **fields):
    """Update a tool or touchpoint (integrations go through `update_integration`)."""
    if isinstance(instance, Integration):
        return update_integration(integration=instance, user=user, **fields)
    # Compare with the stored row (a bound ModelForm has already changed `instance`).
    instance = type(instance).objects.select_for_update().get(pk=instance.pk)
    fields, m2m = _split(type(instance), dict(fields))
    _apply(instance, fields, m2m, user)
    return instance


@transaction.atomic
def update_integration(*, integration: Integration, user, **fields) -> Integration:
    """Edit an integration; a content change sends a reviewed one back to unreviewed."""
    for review_field in Integration.REVIEW_FIELDS:
        fields.pop(review_field, None)
    # Compare with the stored row (a bound ModelForm has already changed `integration`).
    integration = Integration.objects.select_for_update().get(pk=integration.pk)
    fields, m2m = _split(Integration, dict(fields))
    # Saved with the change itself (never a second save: one history entry per edit).
    _apply(integration, fields, m2m, user, before_save=_back_to_review_queue)
    return integration


def _back_to_review_queue(integration: Integration) -> None:
    """A content change of a stored integration sends it back to unreviewed."""
    if integration.pk is not None and integration.review_state != ReviewState.UNREVIEWED:
        integration.review_state = ReviewState.UNREVIEWED


def _review_values(*, user, state: str, note: str) -> dict:
    """The review fields for a verdict: the rules of every review, one or many."""
    if state not in (ReviewState.VERIFIED, ReviewState.FLAGGED):
        raise ServiceError(_("Choose “verified” or “flagged”."))
    note = (note or "").strip()
    if state == ReviewState.FLAGGED and not note:
        raise ServiceError(_("Say what is wrong when you flag an integration."))
    return {
        "review_state": state,
        "review_note": note,
        "reviewed_by": user,
        "reviewed_at": timezone.now(),
    }


@transaction.atomic
def review_integration(*, integration: Integration, user, state: str, note: str = ""):
    """IT verifies or flags an integration; who and when are recorded."""
    for field, value in _review_values(user=user, state=state, note=note).items():
        setattr(integration, field, value)
    integration.save(
        update_fields=[*Integration.REVIEW_FIELDS, "updated_at"],
    )
    _notify_flagged(integration)
    post_flag_notes(integrations=[integration], user=user, state=state, note=note)
    return integration


def _notify_flagged(integration: Integration) -> None:
    """A flag tells the organisation's owners and editors (not the reviewer), once."""
    if integration.review_state != ReviewState.FLAGGED:
        return
    from core.models import Membership, Role
    from core.notifications.services import notify

    notify(
        organisation=integration.organisation,
        recipients=[
            m.user
            for m in Membership.objects.filter(
                organisation=integration.organisation_id, role__in=[Role.OWNER, Role.EDITOR]
            ).select_related("user")
        ],
        kind="flagged",
        key=f"flagged:{integration.pk}:{integration.reviewed_at.isoformat()}",
        params={
            "reviewer": getattr(integration.reviewed_by, "display_name", ""),
            "integration": str(integration),
            "note": integration.review_note,
        },
        url=integration.get_absolute_url(),
        exclude=integration.reviewed_by,
    )


@transaction.atomic
def review_integrations(*, organisation, ids: Iterable[int], user, state: str, note: str = ""):
    """Verify or flag several integrations of one organisation at once, with one note:
    all or nothing. An id that names no integration of the organisation (another's, or one
    deleted meanwhile) raises ``Integration.DoesNotExist`` and nothing changes. Returns how
    many were reviewed."""
    wanted = set(ids)
    if not wanted:
        raise ServiceError(_("Select at least one integration."))
    values = _review_values(user=user, state=state, note=note)
    rows = Integration.objects.for_organisation(organisation).filter(pk__in=wanted)
    before = list(_for_history(rows))
    reviewed = rows.update(**values, updated_at=values["reviewed_at"])
    if reviewed != len(wanted):
        # the UPDATE is undone with the transaction
        raise Integration.DoesNotExist("Not every integration belongs to the organisation.")
    _record_set(Integration, before, values)
    post_flag_notes(integrations=before, user=user, state=state, note=note)
    return reviewed


def _for_history(queryset):
    """The rows a set-based write is about to change, with what their names need (their
    history entries are written from them: one query)."""
    rows = queryset.model.objects.filter(pk__in=queryset.values("pk"))
    if queryset.model is Integration:
        rows = rows.select_related("source", "target")
    return rows.order_by("pk")


def _record_set(model, rows, values: dict, per_row=None) -> None:
    """History entries for `rows` (as they were before) now holding `values` (and what
    `per_row(row)` sets on each): one entry per row whose tracked fields changed."""
    changes = []
    for row in rows:
        before = recording.values_of(row)
        for name, value in values.items():
            setattr(row, name, value)
        if per_row is not None:
            per_row(row)
        changes.append((row, recording.diff(before, recording.values_of(row))))
    recording.record_changes(model, changes)


def _review_fields(integration) -> dict:
    return {
        "pk": integration.pk,
        "review_state": integration.review_state,
        "review_note": integration.review_note,
        "reviewed_by": integration.reviewed_by_id,
        "reviewed_at": integration.reviewed_at.isoformat() if integration.reviewed_at else None,
    }


def _review_undo(*, organisation, user, before: list, integrations, since) -> undo.UndoToken:
    """The undo of a review: each integration's review fields before it, the verdict
    (state and time) it got, to leave alone what someone reviewed again since, and the
    flag notes it posted in the integrations' threads (taken back with it)."""
    after = integrations.values_list("review_state", "reviewed_at").first()
    notes = Comment.objects.filter(
        kind=CommentKind.FLAG,
        author=user,
        created_at__gte=since,
        thread__integration__in=integrations,
    ).values_list("pk", "thread__integration_id")
    return undo.create(
        organisation=organisation,
        user=user,
        kind=REVIEW_UNDO,
        payload={
            "before": before,
            "state": after[0],
            "reviewed_at": after[1].isoformat() if after and after[1] else None,
            "flag_notes": [[pk, integration_id] for pk, integration_id in notes],
        },
    )


@transaction.atomic
def review_integration_undoable(
    *, integration: Integration, user, state: str, note: str = ""
) -> tuple[Integration, undo.UndoToken]:
    """``review_integration``, and the undo token that puts its review back as it was."""
    locked = Integration.objects.select_for_update().get(pk=integration.pk)
    before = [_review_fields(locked)]
    since = timezone.now()
    integration = review_integration(integration=integration, user=user, state=state, note=note)
    token = _review_undo(
        organisation=integration.organisation,
        user=user,
        before=before,
        integrations=Integration.objects.filter(pk=integration.pk),
        since=since,
    )
    return integration, token


@transaction.atomic
def review_integrations_undoable(
    *, organisation, ids: Iterable[int], user, state: str, note: str = ""
) -> tuple[int, undo.UndoToken]:
    """``review_integrations``, and the undo token that puts each review back as it was."""
    ids = set(ids)
    rows = (
        Integration.objects.for_organisation(organisation)
        .filter(pk__in=ids)
        .select_for_update()
        .order_by("pk")
    )
    before = [_review_fields(row) for row in rows]
    since = timezone.now()
    count = review_integrations(
        organisation=organisation, ids=ids, user=user, state=state, note=note
    )
    token = _review_undo(
        organisation=organisation,
        user=user,
        before=before,
        integrations=Integration.objects.for_organisation(organisation).filter(pk__in=ids),
        since=since,
    )
    return count, token


REVIEW_UNDO = "integration.review"


@undo.register(REVIEW_UNDO, permission="integration.review")
def restore_reviews(payload: dict, *, organisation, user) -> undo.Undone:
    """Put back the review fields each integration had before a verify or flag. One
    reviewed again since (another verdict), edited back to the queue or deleted is left as
    it is; when that is every one of them, nothing is undone and the reviewer is told."""
    reviewed_at = parse_datetime(payload["reviewed_at"]) if payload.get("reviewed_at") else None
    now = timezone.now()
    restored = 0
    stored = {
        integration.pk: integration
        for integration in _for_history(
            Integration.objects.for_organisation(organisation).filter(
                pk__in=[row["pk"] for row in payload["before"]]
            )
        )
    }
    history = []
    for row in payload["before"]:
        previous_at = row["reviewed_at"]
        values = {
            "review_state": row["review_state"],
            "review_note": row["review_note"],
            "reviewed_by_id": row["reviewed_by"],
            "reviewed_at": parse_datetime(previous_at) if previous_at else None,
        }
        done = (
            Integration.objects.for_organisation(organisation)
            .filter(pk=row["pk"], review_state=payload["state"], reviewed_at=reviewed_at)
            .update(**values, updated_at=now)
        )
        restored += done
        if done and row["pk"] in stored:
            history.append((stored[row["pk"]], values))
    for integration, values in history:
        _record_set(Integration, [integration], values)
    undone = {integration.pk for integration, _values in history}
    take_back_flag_notes(
        ids=[
            pk for pk, integration_id in payload.get("flag_notes", ()) if integration_id in undone
        ],
        organisation=organisation,
        user=user,
    )
    if not restored:
        raise ServiceError(
            _("This review cannot be undone: the integration changed since. Nothing was changed.")
        )
    message = ngettext(
        "Review undone: %(count)d integration is back as it was.",
        "Review undone: %(count)d integrations are back as they were.",
        restored,
    ) % {"count": restored}
    highlight = payload["before"][0]["pk"] if len(payload["before"]) == 1 else None
    return undo.Undone(message, highlight=highlight)


# --- tool owner confirmation ---------------------------------------------------------------


@transaction.atomic
def confirm_tool(*, tool: Tool, user) -> Tool:
    """The owner vouches for the tool's record as it is now: who and when are kept until
    someone else edits a confirmed field (`breaks_confirmation`) or it goes stale."""
    tool = Tool.objects.select_for_update().get(pk=tool.pk)
    tool.confirmed_by = user
    tool.confirmed_at = timezone.now()
    # updated_at moves so the results (cached under the data version) see it.
    tool.save(update_fields=["confirmed_by", "confirmed_at", "updated_at"])
    logger.info("%s confirmed tool #%s “%s”", user, tool.pk, tool)
    return tool


# --- bulk actions --------------------------------------------------------------------------

#: Bulk-editable field per model and action name.
BULK_FIELDS = {
    Tool: {"status": "status", "owner": "business_owner", "lifecycle": "lifecycle"},
    Integration: {"status": "status", "owner": "technical_owner", "criticality": "criticality"},
    Touchpoint: {"owner": "owner", "personalisation": "personalisation"},
}


@transaction.atomic
def bulk_update(*, queryset, user, action: str, value: str) -> int:
    model = queryset.model
    field = BULK_FIELDS[model].get(action)
    if field is None:
        raise ServiceError(_("Unknown bulk action."))
    choices = model._meta.get_field(field).choices
    if choices and value not in {k for k, _label in choices}:
        raise ServiceError(_("Choose a value from the list."))
    changes = {field: value, "updated_at": timezone.now(), "updated_by": user}
    if model is Integration:
        # A content change: verified/flagged integrations go back to the review queue.
        changes["review_state"] = ReviewState.UNREVIEWED
        queryset = queryset.exclude(**{field: value})
    before = list(_for_history(queryset))  # for the history: one entry per changed row
    breaks = model is Tool and field in CONFIRMED_FIELDS
    if breaks:
        # Someone else's change breaks the owner's confirmation (see `breaks_confirmation`).
        queryset.exclude(**{field: value}).exclude(confirmed_by=user).filter(
            confirmed_at__isnull=False
        ).update(confirmed_by=None, confirmed_at=None)
    count = queryset.update(**changes)

    broken = {
        row.pk
        for row in before
        if breaks
        and getattr(row, field) != value
        and row.confirmed_at is not None
        and row.confirmed_by_id != getattr(user, "pk", None)
    }

    def confirmation(row) -> None:
        if row.pk in broken:
            row.confirmed_by_id = None

    written = {k: v for k, v in changes.items() if k not in ("updated_at", "updated_by")}
    _record_set(model, before, written, per_row=confirmation)
    return count


@transaction.atomic
def delete_object(*, instance, user) -> None:
    """Delete one inventory or taxonomy row; a category still holding subcategories stays.
    Who deleted what goes to the log (a deleted row keeps no `updated_by`)."""
    try:
        with transaction.atomic():
            nulled = _nulled_by_deleting(type(instance), [instance.pk])
            instance.delete()
            _record_nulled(nulled)
        logger.info(
            "%s deleted %s #%s “%s”", user, instance._meta.model_name, instance.pk, instance
        )
    except ProtectedError as error:
        raise ServiceError(
            _("%(name)s still has subcategories; move or delete them first.") % {"name": instance}
        ) from error


def _nulled_by_deleting(model, pks) -> list[tuple]:
    """The tracked rows whose link to the rows `pks` a delete sets to NULL (a set-based
    write the history's signals do not see; e.g. the tools of a deleted category): one
    query per such link, read before the delete for their history entries."""
    from django.db.models import SET_NULL

    out = []
    for relation in model._meta.related_objects:
        field = relation.field
        if getattr(relation, "on_delete", None) is not SET_NULL:
            continue
        related = relation.related_model
        if field.name not in {f.name for f in recording.tracked_fields(related)}:
            continue
        rows = related.objects.filter(**{f"{field.name}__in": pks})
        if related is Integration:
            rows = rows.select_related("source", "target")
        out.extend((row, field) for row in rows)
    return out


def _record_nulled(nulled: list[tuple]) -> None:
    by_model: dict = {}
    for row, field in nulled:
        old = getattr(row, field.attname)
        setattr(row, field.attname, None)
        by_model.setdefault(type(row), []).append((row, {field.name: [old, None]}))
    for model, rows in by_model.items():
        recording.record_changes(model, rows)


DELETE_UNDO = "inventory.delete"


@transaction.atomic
def delete_object_undoable(*, instance, user) -> undo.UndoToken:
    """``delete_object``, and the undo token that brings the row back with everything its
    deletion took along (a tool's integrations and links), with the same ids."""
    name = str(instance)
    snapshot = undo.snapshot_deletion(instance)
    organisation = instance.organisation
    delete_object(instance=instance, user=user)
    return undo.create(
        organisation=organisation,
        user=user,
        kind=DELETE_UNDO,
        payload={**snapshot, "name": name},
    )


def _delete_permission(payload: dict) -> str:
    return f"{payload['root']['model'].partition('.')[2]}.delete"


@undo.register(DELETE_UNDO, permission=_delete_permission)
def restore_deleted(payload: dict, *, organisation, user) -> undo.Undone:
    """Bring a deleted row back (core.undo.restore_deletion). A tool whose name another
    tool took meanwhile stays deleted, and the message says so."""
    root = payload["root"]
    if root["model"] == Tool._meta.label_lower:
        deleted = {root["pk"], *payload.get("more", ())}
        for row in payload["rows"]:
            if row["model"] != root["model"] or row["pk"] not in deleted:
                continue
            name = row["fields"]["name"]
            if Tool.objects.for_organisation(organisation).filter(name__iexact=name).exists():
                raise ServiceError(
                    _(
                        "“%(name)s” cannot come back: another tool has that name now. Rename "
                        "it, then undo again. Nothing was changed."
                    )
                    % {"name": name}
                )
    undo.restore_deletion(payload, organisation=organisation)
    logger.info("%s restored %s #%s “%s”", user, root["model"], root["pk"], payload["name"])
    return undo.Undone(_("Restored %(name)s.") % {"name": payload["name"]}, highlight=root["pk"])


@transaction.atomic
def bulk_delete(*, queryset, user) -> int:
    """Delete the selected rows; who deleted which goes to the log."""
    pks = list(queryset.values_list("pk", flat=True))
    nulled = _nulled_by_deleting(queryset.model, pks)
    queryset.delete()
    _record_nulled(nulled)
    logger.info("%s deleted %s %s", user, queryset.model._meta.verbose_name_plural, pks)
    return len(pks)


@transaction.atomic
def bulk_delete_undoable(*, queryset, user) -> tuple[int, undo.UndoToken | None]:
    """``bulk_delete``, and the undo token that brings every row back with what their
    deletion took along (None when nothing was selected)."""
    rows = list(queryset.select_for_update().order_by("pk"))
    if not rows:
        return 0, None
    snapshot = undo.snapshot_deletion(*rows)
    count = bulk_delete(queryset=queryset, user=user)
    name = ngettext("%(count)d row", "%(count)d rows", count) % {"count": count}
    token = undo.create(
        organisation=rows[0].organisation,
        user=user,
        kind=DELETE_UNDO,
        payload={**snapshot, "name": name},
    )
    return count, token


# --- remembered import mappings -----------------------------------------------------------


def remember_import_mapping(
    *,
    organisation,
    user,
    inventory: str,
    headers,
    columns: dict[str, str | None],
    values: dict[str, dict[str, str]],
) -> ImportMapping | None:
    """Keep the column and value mappings an import committed with, for the next file with
    the same header shape (`columns`: {header as in the file: field key or None};
    `values`: {field key: {value as typed: option key}}). No mapping at all forgets what
    was remembered for that shape. Runs inside the import's transaction."""
    signature = header_signature(headers)
    columns = {normalise_key(header): key for header, key in columns.items()}
    values = {f: dict(v) for f, v in values.items() if v}
    existing = ImportMapping.objects.for_organisation(organisation).filter(
        kind=inventory, signature=signature
    )
    if not columns and not values:
        existing.delete()
        return None
    defaults = {
        "headers": header_set(headers),
        "columns": columns,
        "values": values,
        "updated_by": user if getattr(user, "pk", None) else None,
    }
    try:
        with transaction.atomic():
            mapping, _created = ImportMapping.objects.update_or_create(
                organisation=organisation, kind=inventory, signature=signature, defaults=defaults
            )
    except IntegrityError:  # another import of the same shape remembered it meanwhile
        existing.update(**defaults, updated_at=timezone.now())
        mapping = existing.first()
    return mapping
