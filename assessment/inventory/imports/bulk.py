"""The import's writes, set-based: what `services.create_object` / `update_object` do row by
row, done for a whole file in a bounded number of queries.

A 10,000-row file saved one row at a time (plus one `.set()` per many-to-many link) took a
minute; here the stored entries and their links are read once, compared in Python, and only
what changed is written: `bulk_create` for new entries, `bulk_update` of the changed fields,
and the link rows through the through models. The behaviour is the per-row services':

- a row equal to its entry is not written (its `updated_at` stays);
- a changed row gets `updated_at` and `updated_by` (bulk_update skips `auto_now`);
- an integration whose content changed goes back to "unreviewed";
- a tool whose confirmed fields someone else changed loses its owner's confirmation;
- two touchpoints may not share name, stage, channel and segment (checked as if the rows
  were saved one after another, so a clash between two rows of the file is refused too);
- a unique name another request took meanwhile → the per-row services' message.

The caller holds the transaction (all or nothing). The models have no `save()` overrides;
the one signal receiver skipping `save()` skips, the change history's (django-auditlog), is
replaced here: each created or changed row gets one history entry, written in bulk per
chunk (core.history.recording), a child of the import's grouped entry (commit.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.inventory.services import (
    M2M,
    assign_changed,
    breaks_confirmation,
    concurrent_edit_message,
    touchpoint_clash_message,
)
from assessment.models import Integration, ReviewState, Tool, Touchpoint
from core.history import recording
from core.services import ServiceError

#: Rows written (and `progress` reported) per chunk.
CHUNK_ROWS = 1000
#: Rows per INSERT / UPDATE statement.
BATCH_SIZE = 500
#: Ids per `IN (...)` when reading links (SQLite limits a statement's parameters).
READ_BATCH = 5000

Progress = Callable[[int, int], None]


@dataclass
class _Row:
    number: int
    instance: Any
    is_new: bool
    changed: set[str] = field(default_factory=set)
    #: m2m field → (values to link, link ids to drop)
    links: dict[str, tuple[list[int], list[int]]] = field(default_factory=dict)
    #: the tracked fields' values before the import (an existing row; for its history)
    before: dict[str, Any] = field(default_factory=dict)
    #: m2m field → (linked pks added, linked pks removed), for the history
    link_changes: dict[str, tuple[list[int], list[int]]] = field(default_factory=dict)
    #: m2m field → the entries linked by the file (their names, for the history)
    linked: dict[str, list] = field(default_factory=dict)


def _row_error(number: int, message: str) -> ServiceError:
    return ServiceError(_("Row %(row)d: %(message)s") % {"row": number, "message": message})


def _batches(values: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _through(model, name: str):
    """The through model of `model.name` and its two foreign-key attnames."""
    m2m = model._meta.get_field(name)
    through = m2m.remote_field.through
    own = through._meta.get_field(m2m.m2m_field_name()).attname
    other = through._meta.get_field(m2m.m2m_reverse_field_name()).attname
    return through, own, other


def _current_links(model, name: str, pks: Sequence[int]) -> dict[int, dict[int, int]]:
    """{entry pk: {linked pk: link row pk}} for the entries `pks` (one query per batch)."""
    through, own, other = _through(model, name)
    out: dict[int, dict[int, int]] = {pk: {} for pk in pks}
    for batch in _batches(pks, READ_BATCH):
        rows = through.objects.filter(**{f"{own}__in": batch}).values_list("pk", own, other)
        for link, entry, linked in rows:
            out[entry][linked] = link
    return out


def _touchpoint_key(name: str, stage: str, channel: str, segment: str) -> tuple:
    return (name.lower(), stage, channel, segment)


def _check_touchpoints(organisation, rows: list[_Row]) -> None:
    """`services._check_touchpoint_is_new` for every new or changed row, as if the rows
    were saved one after the other (one query: the organisation's touchpoints)."""
    holders: dict[tuple, set] = {}
    stored = Touchpoint.objects.for_organisation(organisation).values_list(
        "pk", "name", "stage", "channel", "segment"
    )
    keys: dict[Any, tuple] = {}
    for pk, *values in stored:
        keys[pk] = _touchpoint_key(*values)
        holders.setdefault(keys[pk], set()).add(pk)
    for index, row in enumerate(rows):
        tp = row.instance
        if not (row.is_new or row.changed - {"tools"}):  # links alone: not checked
            continue
        own = tp.pk if not row.is_new else ("new", index)
        wanted = (tp.name.strip().lower(), tp.stage, tp.channel, tp.segment)
        if holders.get(wanted, set()) - {own}:
            raise _row_error(row.number, touchpoint_clash_message())
        if own in keys:
            holders[keys[own]].discard(own)
        keys[own] = _touchpoint_key(tp.name, tp.stage, tp.channel, tp.segment)
        holders.setdefault(keys[own], set()).add(own)


def _name_clash(organisation, rows: list[_Row], error: IntegrityError) -> ServiceError:
    """The per-row message for a tool name another request saved meanwhile (the first row
    of `rows` whose name is now taken by an entry that is not its own), else `error`."""
    names = {row.instance.name.lower(): row for row in rows}
    taken = (
        Tool.objects.for_organisation(organisation)
        .annotate(lower_name=Lower("name"))
        .filter(lower_name__in=list(names))
        .values_list("pk", "lower_name")
    )
    clashes = [
        names[lower] for pk, lower in taken if lower in names and names[lower].instance.pk != pk
    ]
    if not clashes:
        raise error
    first = min(clashes, key=lambda row: row.number)
    return _row_error(first.number, concurrent_edit_message(first.instance.name))


def _update(model, instances: list, names: Iterable[str]) -> None:
    """Write the fields `names` of `instances`: one UPDATE … FROM (VALUES …) per batch.

    Django's `bulk_update` builds a CASE WHEN expression per row and field, whose Python
    cost (about 1 s per 1,000 rows here) dominated a 10,000-row update. PostgreSQL and
    SQLite ≥ 3.33 both join the table to a VALUES list; PostgreSQL gets each value cast to
    its column's type (a VALUES column of NULLs is text), SQLite needs no cast (a cast to
    "date" would turn '2026-12-03' into 2026). Other databases use `bulk_update`.
    """
    names = sorted(names)
    if connection.vendor not in ("postgresql", "sqlite"):
        model.objects.bulk_update(instances, names, batch_size=BATCH_SIZE)
        return
    fields = [model._meta.get_field(name) for name in names]
    pk = model._meta.pk
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)

    def value(index: int, model_field) -> str:
        ref = f"v.column{index}"
        if connection.vendor == "postgresql":
            return f"CAST({ref} AS {model_field.db_type(connection)})"
        return ref

    assignments = ", ".join(
        f"{quote(f.column)} = {value(index, f)}" for index, f in enumerate(fields, start=2)
    )
    placeholders = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
    with connection.cursor() as cursor:
        for batch in _batches(instances, BATCH_SIZE):
            params: list[Any] = []
            for instance in batch:
                params.append(pk.get_db_prep_save(instance.pk, connection))
                params.extend(
                    f.get_db_prep_save(getattr(instance, f.attname), connection) for f in fields
                )
            cursor.execute(
                # Only the model's table and column names are formatted in; values are params.
                f"UPDATE {table} SET {assignments} "
                f"FROM (VALUES {', '.join([placeholders] * len(batch))}) AS v "
                f"WHERE {table}.{quote(pk.column)} = {value(1, pk)}",
                params,
            )


def _write(model, organisation, rows: list[_Row], all_fields: set[str]) -> None:
    """One chunk: new entries, changed fields, then links."""
    new = [row for row in rows if row.is_new]
    changed = [row for row in rows if not row.is_new and row.changed]
    try:
        with transaction.atomic():  # a savepoint: the clash lookup below needs a live txn
            model.objects.bulk_create([row.instance for row in new], batch_size=BATCH_SIZE)
            # One statement per batch for the union of the changed fields: the unchanged
            # ones are rewritten with the value just read (the rows are locked).
            with_fields = [row for row in changed if row.changed & all_fields]
            if with_fields:
                plain = set().union(*(row.changed for row in with_fields)) & all_fields
                _update(
                    model,
                    [row.instance for row in with_fields],
                    plain | {"updated_at", "updated_by"},
                )
            only_links = [row for row in changed if not (row.changed & all_fields)]
            if only_links:  # m2m changed, fields did not: still "last changed" now
                _update(model, [row.instance for row in only_links], {"updated_at", "updated_by"})
    except IntegrityError as error:
        if model is not Tool:
            raise
        renamed = [row for row in changed if "name" in row.changed]
        raise _name_clash(organisation, new + renamed, error) from error
    for name in M2M[model]:
        through, own, other = _through(model, name)
        drop = [link for row in rows for link in row.links.get(name, ((), ()))[1]]
        if drop:
            through.objects.filter(pk__in=drop).delete()
        add = [
            through(**{own: row.instance.pk, other: linked})
            for row in rows
            for linked in row.links.get(name, ((), ()))[0]
        ]
        through.objects.bulk_create(add, batch_size=BATCH_SIZE)
    _record(model, new, changed)


def _record(model, new: list[_Row], changed: list[_Row]) -> None:
    """One history entry per created or changed row of the chunk, in one insert (plus one
    query naming the entries whose links were removed)."""
    names: dict[str, dict[int, str]] = {}
    for name in M2M[model]:
        related = model._meta.get_field(name).related_model
        removed = sorted({pk for row in changed for pk in row.link_changes.get(name, ((), ()))[1]})
        names[name] = {
            obj.pk: str(obj)
            for batch in _batches(removed, READ_BATCH)
            for obj in related.objects.filter(pk__in=batch)
        }
        for row in new + changed:
            for obj in row.linked.get(name, ()):
                names[name][obj.pk] = str(obj)
    entries: list[tuple] = []
    for row in new:
        changes = {
            k: [None, v] for k, v in recording.values_of(row.instance).items() if v is not None
        }
        for name, (added, _removed) in row.link_changes.items():
            if added:
                changes[name] = _m2m("add", added, names[name])
        entries.append((row.instance, changes, recording.CREATE))
    for row in changed:
        changes = recording.diff(row.before, recording.values_of(row.instance))
        removals = {}
        for name, (added, removed) in row.link_changes.items():
            if added:
                changes[name] = _m2m("add", added, names[name])
            if removed:
                removals[name] = _m2m("delete", removed, names[name])
        # m2m changes are one operation per field (auditlog's shape): removals ride along
        # unless the field also gained links, then they take a second entry.
        for name in list(removals):
            if name not in changes:
                changes[name] = removals.pop(name)
        entries.append((row.instance, changes))
        if removals:
            entries.append((row.instance, removals))
    recording.record_changes(model, entries)


def _m2m(operation: str, pks: list[int], names: dict[int, str]) -> dict:
    return {
        "type": "m2m",
        "operation": operation,
        "objects": [names.get(pk, str(pk)) for pk in pks],
    }


def write_rows(
    *,
    model,
    organisation,
    user,
    rows: Iterable[tuple[int, dict[str, Any], int | None]],
    progress: Progress | None = None,
) -> dict[str, int]:
    """Create or update every (row number, field values, target id) row; return the counts
    {"created", "updated", "unchanged"}. `progress(done, total)` is called after each chunk.

    Raises ServiceError, for the caller to roll back: an entry deleted since the preview,
    a touchpoint identity clash, a unique name taken meanwhile.
    """
    rows = list(rows)
    m2m_names = M2M[model]
    targets = [target for _number, _fields, target in rows if target is not None]
    stored = model.objects.for_organisation(organisation)
    if model is Integration:  # its name (for the history) is its tools': read them along
        stored = stored.select_related("source", "target").select_for_update(of=("self",))
    else:
        stored = stored.select_for_update()
    existing = stored.in_bulk(targets)
    if len(existing) != len(set(targets)):
        # Deleted since the preview: never a silent create.
        raise ServiceError(
            _("An entry was deleted while importing; preview again. Nothing was imported.")
        )
    links = {name: _current_links(model, name, list(existing)) for name in m2m_names}
    now = timezone.now()
    all_fields = {f.name for f in model._meta.concrete_fields}
    prepared: list[_Row] = []
    for number, values, target in rows:
        values = dict(values)
        for review_field in Integration.REVIEW_FIELDS if model is Integration else ():
            values.pop(review_field, None)
        wanted = {name: values.pop(name) for name in m2m_names if name in values}
        if target is None:
            instance = model(organisation=organisation, updated_by=user, **values)
            row = _Row(number, instance, is_new=True)
            for name, linked in wanted.items():
                row.links[name] = (list(dict.fromkeys(v.pk for v in linked)), [])
                row.link_changes[name] = (row.links[name][0], [])
                row.linked[name] = list(linked)
        else:
            instance = existing[target]
            before = recording.values_of(instance)
            row = _Row(number, instance, is_new=False, changed=assign_changed(instance, values))
            row.before = before
            for name, linked in wanted.items():
                current = links[name][target]
                new = {v.pk for v in linked}
                if new != set(current):
                    add = [pk for pk in dict.fromkeys(v.pk for v in linked) if pk not in current]
                    drop = [link for pk, link in current.items() if pk not in new]
                    row.links[name] = (add, drop)
                    row.link_changes[name] = (add, [pk for pk in current if pk not in new])
                    row.linked[name] = list(linked)
                    row.changed.add(name)
            if row.changed:
                instance.updated_by = user
                instance.updated_at = now
                if breaks_confirmation(instance, row.changed, user):  # someone else's edit
                    row.changed |= {"confirmed_by", "confirmed_at"}
                if model is Integration and instance.review_state != ReviewState.UNREVIEWED:
                    instance.review_state = ReviewState.UNREVIEWED
                    row.changed.add("review_state")
        prepared.append(row)
    if model is Touchpoint:
        _check_touchpoints(organisation, prepared)
    total = len(prepared)
    for start in range(0, total, CHUNK_ROWS):
        _write(model, organisation, prepared[start : start + CHUNK_ROWS], all_fields)
        if progress is not None:
            progress(min(start + CHUNK_ROWS, total), total)
    return {
        "created": sum(1 for row in prepared if row.is_new),
        "updated": sum(1 for row in prepared if not row.is_new and row.changed),
        "unchanged": sum(1 for row in prepared if not row.is_new and not row.changed),
    }
