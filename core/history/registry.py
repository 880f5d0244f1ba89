"""Which models keep a history, and which of their fields count.

django-auditlog's signals record every ``save()`` and ``delete()`` of a tracked model;
``restorable`` models also keep a snapshot of their fields with each entry, which is what
"restore this version" applies (through the model's service).
"""

from auditlog.registry import auditlog

#: Bookkeeping every model has: a change to these alone is not a change anyone made.
IGNORED_FIELDS = ("id", "created_at", "updated_at", "updated_by", "organisation", "version")

#: model label → {"restorable": bool, "fields": tuple of tracked field names or ()}
TRACKED: dict[str, dict] = {}


def track(model, *, exclude=(), m2m=(), restorable=False) -> None:
    """Record the model's changes (idempotent: apps' ``ready`` may run twice in tests)."""
    if auditlog.contains(model):
        return
    # Named fields, not exclusions: auditlog's diff of a new row would list reverse relations.
    skipped = {*IGNORED_FIELDS, *exclude}
    included = [f.name for f in model._meta.concrete_fields if f.name not in skipped]
    options = {"include_fields": included, "m2m_fields": set(m2m)}
    if restorable:
        options.update(serialize_data=True, serialize_auditlog_fields_only=True)
    auditlog.register(model, **options)
    TRACKED[model._meta.label_lower] = {"restorable": restorable}


def is_tracked(model) -> bool:
    return auditlog.contains(model)


def is_restorable(model) -> bool:
    return TRACKED.get(model._meta.label_lower, {}).get("restorable", False)


def register_core() -> None:
    from core.models import Membership, Organisation

    track(Organisation, exclude=("slug",))
    track(Membership)
