"""Which stored entry each imported row updates (or that it adds a new one).

NetBox-style: a row with a Stackscope ID (the first column of every export) updates that
entry, so a re-imported export is a round trip even when a name, a touchpoint's stage or
an integration's method was edited in the sheet. A row without one (typed by hand) is
matched by the inventory's natural key, compared case- and spacing-insensitively; only the
key columns the file has count, so a sheet without a Method column still finds its
integrations. Anything that cannot be told apart is a row error, never a guess:

- an ID that is not one of this organisation's entries (unknown, or another
  organisation's: the message is the same, so nothing is revealed);
- the same ID twice, or two rows that would update one entry;
- a natural key that matches several entries (integrations may share one), or that
  appears twice among the rows without an ID;
- for inventories whose natural key is unique (tools, touchpoints): a row that would give
  an entry the key another entry keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from assessment.inventory_core.base import Message, gettext_noop, ngettext
from assessment.inventory_core.fields import FieldSpec
from assessment.inventory_core.normalise import normalise_name

#: An identity column the file does not have (matches any stored value).
_ABSENT = ("absent",)

ErrorSink = Callable[[int, str, Any, Message], None]


def identity_value(spec: FieldSpec, value: Any) -> Any:
    """How a natural-key value is compared: a blank is the field's default; text is
    case- and spacing-insensitive."""
    if value is None or value == "":
        value = spec.default
    return normalise_name(value) if isinstance(value, str) else value


def _rows_text(numbers: Sequence[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _with_the_others(holders: Sequence[int]) -> Iterator[tuple[int, list[int]]]:
    """Each row of several that share an ID, a key or an entry, with the rows it shares it
    with (each one is reported); nothing when one row has it alone."""
    if len(holders) < 2:
        return
    for number in holders:
        yield number, [n for n in holders if n != number]


def _duplicate(what: str, others: Sequence[int]) -> Message:
    """Two rows with one natural key: among the new rows, or after the import."""
    return Message.counted(
        ngettext(
            "Duplicate: “%(what)s” also appears on row %(rows)s.",
            "Duplicate: “%(what)s” also appears on rows %(rows)s.",
            len(others),
        ),
        {"what": what, "rows": _rows_text(others)},
    )


def resolve_targets(
    rows: Sequence[Mapping[str, Any]],
    numbers: Sequence[int],
    *,
    specs: Mapping[str, FieldSpec],
    identity: Sequence[str],
    id_field: str | None,
    present: set[str],
    unique: bool,
    existing: Mapping[int, Mapping[str, Any]] | None,
    error: ErrorSink,
    shown: Callable[[str, Any], str] = lambda key, value: str(value),
) -> list[int | None]:
    """The entry id each row updates (None: a new entry), reporting what is ambiguous.

    ``existing`` maps the organisation's entry ids to their natural-key values (None
    when the caller has no stored entries to compare with); ``present`` is the fields the
    file has columns for; ``shown(field, value)`` is how a value reads in a message.
    """
    keyed = [k for k in identity if k in present]
    first = identity[0] if identity else (id_field or "")

    def natural(values: Mapping[str, Any], fields: Sequence[str]) -> tuple:
        return tuple(identity_value(specs[k], values.get(k)) for k in fields)

    def complete(out: Mapping[str, Any]) -> bool:
        """Every key value given or defaulted (a missing required one was reported)."""
        return all(out.get(k) not in (None, "") or specs[k].default for k in keyed)

    def what(out: Mapping[str, Any]) -> str:
        return " / ".join(shown(k, out.get(k) or specs[k].default or "") for k in keyed)

    index: dict[tuple, list[int]] = {}
    for pk in sorted(existing or ()):
        index.setdefault(natural(existing[pk], keyed), []).append(pk)

    reported: set[int] = set()
    by_number = dict(zip(numbers, rows, strict=True))

    def report(number: int, field: str, value: Any, message: Message) -> None:
        reported.add(number)
        error(number, field, value, message)

    # 1. IDs: one of this organisation's entries, each at most once.
    targets: dict[int, int | None] = {}
    by_id: dict[int, list[int]] = {}
    for out, number in zip(rows, numbers, strict=True):
        row_id = out.get(id_field) if id_field else None
        if row_id is None:
            continue
        if existing is not None and row_id not in existing:
            report(
                number,
                id_field,
                row_id,
                Message(
                    gettext_noop(
                        "No entry of this inventory has the Stackscope ID %(id)s. Leave the "
                        "ID blank to add a new entry."
                    ),
                    {"id": row_id},
                ),
            )
            targets[number] = None
            continue
        by_id.setdefault(row_id, []).append(number)
        targets[number] = row_id
    for row_id, holders in by_id.items():
        for number, others in _with_the_others(holders):
            report(
                number,
                id_field,
                row_id,
                Message.counted(
                    ngettext(
                        "Stackscope ID %(id)s also appears on row %(rows)s.",
                        "Stackscope ID %(id)s also appears on rows %(rows)s.",
                        len(others),
                    ),
                    {"id": row_id, "rows": _rows_text(others)},
                ),
            )
            targets[number] = None

    # 2. Rows without an ID: unique among themselves, then matched by natural key.
    new_keys: dict[tuple, list[int]] = {}
    for out, number in zip(rows, numbers, strict=True):
        if number in targets:
            continue
        targets[number] = None
        if not keyed or not complete(out):
            continue
        full = tuple(
            identity_value(specs[k], out.get(k)) if k in present else _ABSENT for k in identity
        )
        new_keys.setdefault(full, []).append(number)
    for holders in new_keys.values():
        if len(holders) > 1:
            for number, others in _with_the_others(holders):
                out = by_number[number]
                report(number, first, out.get(first), _duplicate(what(out), others))
            continue
        (number,) = holders
        out = by_number[number]
        matches = index.get(natural(out, keyed), []) if existing is not None else []
        if len(matches) > 1:
            report(
                number,
                first,
                out.get(first),
                Message(
                    gettext_noop(
                        "“%(what)s” matches %(count)s entries (Stackscope IDs %(ids)s). Put "
                        "the Stackscope ID of the one to update in its column."
                    ),
                    {"what": what(out), "count": len(matches), "ids": _rows_text(matches)},
                ),
            )
        elif matches:
            targets[number] = matches[0]

    # 3. No entry updated twice (an ID row and a row matched by its natural key).
    updating: dict[int, list[int]] = {}
    for number in numbers:
        if targets[number] is not None:
            updating.setdefault(targets[number], []).append(number)
    for entry, holders in updating.items():
        for number, others in _with_the_others(holders):
            report(
                number,
                first,
                by_number[number].get(first),
                Message.counted(
                    ngettext(
                        "Row %(rows)s also updates the entry with Stackscope ID %(id)s; keep "
                        "one of them.",
                        "Rows %(rows)s also update the entry with Stackscope ID %(id)s; keep "
                        "one of them.",
                        len(others),
                    ),
                    {"id": entry, "rows": _rows_text(others)},
                ),
            )

    # 4. A unique natural key stays unique after the import.
    if unique and existing is not None and identity:
        final: dict[tuple, list[tuple[int | None, int | None]]] = {}
        updated = {t for t in targets.values() if t is not None}
        for pk, values in existing.items():
            if pk not in updated:
                final.setdefault(natural(values, identity), []).append((None, pk))
        for out, number in zip(rows, numbers, strict=True):
            if number in reported or not complete(out):
                continue
            target = targets[number]
            values = {k: out.get(k) for k in identity if k in present}
            if target is not None:
                values = {**existing[target], **values}
            final.setdefault(natural(values, identity), []).append((number, target))
        for holders in final.values():
            if len(holders) < 2:
                continue
            kept = [pk for n, pk in holders if n is None]
            rows_here = [n for n, _pk in holders if n is not None]
            for number in rows_here:
                out = by_number[number]
                if kept:
                    message = Message(
                        gettext_noop(
                            "“%(what)s” is already the entry with Stackscope ID %(id)s; two "
                            "entries cannot share it."
                        ),
                        {"what": what(out), "id": kept[0]},
                    )
                else:
                    message = _duplicate(what(out), [n for n in rows_here if n != number])
                report(number, first, out.get(first), message)
    return [targets[number] for number in numbers]
