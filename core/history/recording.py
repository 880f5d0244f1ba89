"""History entries for the writes django-auditlog's signals never see.

Signals record every ``save()`` and ``delete()`` of a tracked model (core.history.registry);
``queryset.update``, ``bulk_update``, ``bulk_create`` and raw SQL (the import's writer) go
around them. Their services record what they changed here, in the same shape auditlog
stores (``changes`` = {field: [old, new]} of the tracked fields, JSON values, foreign keys
by id; ``serialized_data`` for restorable models), attributed from the current context
(core.history.context): who, through what, which token, which import.

Every helper is O(1) queries whatever the number of rows: one ``bulk_create`` of entries
(batched), content types from Django's cache.

- ``values_of(instance, fields=None)``: the tracked fields' JSON-safe values (the "before").
- ``diff(before, after)``: {field: [old, new]} of what differs.
- ``record_changes(model, rows)``: one entry per (instance, changes[, action]) row whose
  changes are not empty (creates and deletes always).
- ``grouped_import(organisation=, model=, file_name=)``: the one parent entry of an import
  (``content_type`` = the imported model, ``object_pk`` "", ``object_id`` None,
  ``object_repr`` = the file name, ``action`` 1, ``source`` "import", ``additional_data``
  = {"kind": "import", "file", "model": "<app_label.model_name>", "created", "updated",
  "deleted", "unchanged"}); every entry written inside the block, by signals or here, gets it
  as ``parent``. ``group.counts(created=…, …)`` fills in the counts (saved at the end).
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from contextlib import contextmanager
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.encoding import smart_str

from core.history.context import attributed, current, organisation_id_of

CREATE, UPDATE, DELETE = 0, 1, 2
#: Entries per INSERT.
BATCH_SIZE = 500


def _entry_model():
    from core.models import HistoryEntry

    return HistoryEntry


def tracked_fields(model) -> list:
    """The model's concrete fields auditlog tracks (its registered ``include_fields``);
    empty when the model is not tracked."""
    from auditlog.registry import auditlog

    if not auditlog.contains(model):
        return []
    options = auditlog.get_model_fields(model)
    include, exclude = options["include_fields"], options["exclude_fields"]
    return [
        f
        for f in model._meta.concrete_fields
        if (not include or f.name in include) and f.name not in exclude
    ]


def json_value(value) -> Any:
    """A value as auditlog stores it with AUDITLOG_STORE_JSON_CHANGES: primitives as they
    are, anything else (dates, decimals, UUIDs, lazy strings) as its text. Aware times are
    stored naive in UTC, as auditlog's diff does."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.make_naive(value, timezone=dt.UTC)
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, (bool, int, float, str, list, tuple, dict, set)):
        return list(value) if isinstance(value, (tuple, set)) else value
    if isinstance(value, (decimal.Decimal, uuid.UUID, dt.date, dt.time, dt.timedelta)):
        return str(value)
    return smart_str(value)


def values_of(instance, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """{field name: JSON-safe value} of the instance's tracked fields (foreign keys by id),
    or of `fields` among them. Reads only the instance (no query)."""
    wanted = set(fields) if fields is not None else None
    out = {}
    for field in tracked_fields(type(instance)):
        if wanted is not None and field.name not in wanted and field.attname not in wanted:
            continue
        raw = getattr(instance, field.attname)
        if isinstance(field, models.DateTimeField) and raw is not None:
            raw = field.to_python(raw)
        out[field.name] = json_value(raw)
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """{field: [old, new]} for the fields of `after` whose value differs from `before`'s
    (both in the form ``values_of`` gives; a field missing from `before` counts as None)."""
    return {
        name: [before.get(name), new]
        for name, new in after.items()
        if json_value(before.get(name)) != json_value(new)
    }


def _serialized(instance):
    from core.history.registry import is_restorable

    if not is_restorable(type(instance)):
        return None
    # the sets come after, for all the rows at once (record_changes)
    return _entry_model().objects.fields_snapshot(instance)


def build_entry(instance, changes: dict | None, action: int = UPDATE, **extra):
    """An unsaved entry for `instance` (as ``HistoryEntry.objects.log_create`` would write
    it), attributed from the current context."""
    from auditlog.cid import get_cid

    entry_model = _entry_model()
    attribution = current()
    pk = instance.pk
    fields = {
        "content_type": ContentType.objects.get_for_model(type(instance)),
        "object_pk": smart_str(pk),
        "object_id": pk if isinstance(pk, int) else None,
        "object_repr": smart_str(instance),
        "serialized_data": _serialized(instance) if action != DELETE else None,
        "action": action,
        "changes": changes,
        "organisation_id": organisation_id_of(instance),
        "source": attribution.source,
        "token_id": attribution.token_id,
        "parent_id": attribution.parent_id,
        "cid": get_cid(),
        "timestamp": timezone.now(),
    }
    if attribution.actor is not None:
        fields["actor"] = attribution.actor
        fields["actor_email"] = attribution.actor.email
    fields.update(extra)
    return entry_model(**fields)


def record_changes(model, rows: Iterable[tuple], **extra) -> list:
    """Write one entry per row, in one bulk insert (per 500): `rows` are
    ``(instance, changes)`` or ``(instance, changes, action)``, the instance in its state
    after the change (its ``str`` is the entry's text: load what it needs beforehand).
    An update whose changes are empty is skipped. `extra`: more entry fields
    (e.g. ``additional_data``). Returns the entries written."""
    entries = []
    for row in rows:
        instance, changes = row[0], row[1]
        action = row[2] if len(row) > 2 else UPDATE
        if action == UPDATE and not changes:
            continue
        entries.append(build_entry(instance, changes or None, action, **extra))
    if entries:
        manager = _entry_model().objects
        manager.add_sets(model, {entry.object_id: entry.serialized_data for entry in entries})
        manager.bulk_create(entries, batch_size=BATCH_SIZE)
    return entries


def record_created(model, instances: Iterable, **extra) -> list:
    """Entries for rows a ``bulk_create`` inserted (their pks set): every tracked field
    from None to its value, as auditlog records a create."""
    return record_changes(
        model,
        (
            (
                instance,
                {k: [None, v] for k, v in values_of(instance).items() if v is not None},
                CREATE,
            )
            for instance in instances
        ),
        **extra,
    )


class ImportGroup:
    """The parent entry of an import (see the module's docstring)."""

    def __init__(self, entry):
        self.entry = entry

    @property
    def pk(self):
        return self.entry.pk

    def counts(self, **counts: int) -> None:
        data = dict(self.entry.additional_data or {})
        for key in ("created", "updated", "deleted", "unchanged"):
            if key in counts:
                data[key] = int(counts[key] or 0)
        self.entry.additional_data = data


@contextmanager
def grouped_import(*, organisation, model, file_name: str, source: str = "import"):
    """``with grouped_import(organisation=org, model=Tool, file_name="tools.csv") as group:``
    — the import's one parent entry; every entry written in the block is its child. Call
    ``group.counts(created=…, updated=…, unchanged=…)`` before leaving; the counts are saved
    when the block ends without an error (an error rolls back with the caller's
    transaction)."""
    from auditlog.cid import get_cid

    attribution = current()
    entry = _entry_model()(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_id=None,
        object_repr=(file_name or "")[:1000],
        action=UPDATE,
        changes={},
        organisation_id=getattr(organisation, "pk", organisation),
        source=source,
        token_id=attribution.token_id,
        actor=attribution.actor,
        actor_email=getattr(attribution.actor, "email", None),
        cid=get_cid(),
        additional_data={
            "kind": "import",
            "file": file_name or "",
            "model": model._meta.label_lower,
            "created": 0,
            "updated": 0,
            "deleted": 0,
            "unchanged": 0,
        },
    )
    entry.save()
    group = ImportGroup(entry)
    with attributed(parent_id=entry.pk, source=source):
        yield group
    entry.save(update_fields=["additional_data"])
