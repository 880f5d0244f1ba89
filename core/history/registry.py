"""Which models keep a history, and which of their fields count.

django-auditlog's signals record every ``save()`` and ``delete()`` of a tracked model;
``restorable`` models also keep a snapshot of their fields with each entry, which is what
"restore this version" applies (through the model's service).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from auditlog.registry import auditlog
from django.utils.module_loading import import_string

from core.models.history import SNAPSHOT_SETS

#: Bookkeeping every model has: a change to these alone is not a change anyone made.
IGNORED_FIELDS = ("id", "created_at", "updated_at", "updated_by", "organisation", "version")

#: model label → {"restorable": bool, "restore_action": the permission restoring needs}
TRACKED: dict[str, dict] = {}

#: The dotted path of the service restoring a version of a restorable model, set by the app
#: that owns those models (core never imports the domain): called with entry, user and
#: organisation, it returns the restored object or raises core.services.ServiceError.
RESTORER: dict[str, str | None] = {"path": None}


def track(model, *, exclude=(), m2m=(), restore_action: str = "", describe: str = "") -> None:
    """Record the model's changes (idempotent: apps' ``ready`` may run twice in tests).

    ``restore_action``: the permission changing one of its objects needs; a model given one
    keeps a snapshot with every entry and can be restored to an earlier version.
    ``describe``: the dotted path of a function ``(ids) -> {id: name}`` naming the objects
    in the reader's language where their ``str()`` would not (an answer: its question)."""
    restorable = bool(restore_action)
    if auditlog.contains(model):
        return
    # Named fields, not exclusions: auditlog's diff of a new row would list reverse relations.
    skipped = {*IGNORED_FIELDS, *exclude}
    included = [f.name for f in model._meta.concrete_fields if f.name not in skipped]
    options = {"include_fields": included, "m2m_fields": set(m2m)}
    if restorable:
        options.update(serialize_data=True, serialize_auditlog_fields_only=True)
    auditlog.register(model, **options)
    TRACKED[model._meta.label_lower] = {
        "restorable": restorable,
        "restore_action": restore_action,
        "describe": describe,
    }
    if restorable:  # its snapshots keep these sets too (core.models.history)
        SNAPSHOT_SETS[model._meta.label_lower] = tuple(m2m)


def is_tracked(model) -> bool:
    return auditlog.contains(model)


def is_restorable(model) -> bool:
    return TRACKED.get(model._meta.label_lower, {}).get("restorable", False)


def restore_action(model) -> str:
    """The permission restoring a version of this model needs ("" when it cannot be)."""
    return TRACKED.get(model._meta.label_lower, {}).get("restore_action", "")


@dataclass(frozen=True)
class Described:
    """What an app's ``describe`` hook may say of one object: its name, and how its stored
    values read (``read(field name, value)`` → text, or None for the usual reading) — an
    answer's value is an option's key, which only its question can put in words."""

    name: str
    read: Callable[[str, Any], str | None] | None = None

    def __str__(self) -> str:
        return self.name


def describe(model, ids) -> dict:
    """{id: readable name (a str, or a :class:`Described`)} of the model's objects, when the
    model names them its own way."""
    path = TRACKED.get(model._meta.label_lower, {}).get("describe")
    return import_string(path)(ids) if path and ids else {}


def restore(*, entry, user, organisation):
    """Restore the object of ``entry`` to that version, through its app's service."""
    return import_string(RESTORER["path"])(entry=entry, user=user, organisation=organisation)


def register_core() -> None:
    from core.models import Membership, Organisation

    track(Organisation, exclude=("slug",))
    track(Membership)
