"""Header auto-mapping: spreadsheet column titles → inventory fields.

A header maps to a field when, normalised (case, accents, punctuation, underscores,
spaces), it equals the field's key, label or an alias — with or without a bracketed unit
("Annual Cost ($)" → annual_cost). Nothing is guessed silently: unknown headers only get
a suggestion, and the person importing can override any column.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assessment.inventory_core.base import Label, Message, ValueParseError, gettext_noop
from assessment.inventory_core.fields import FieldKind, FieldSpec
from assessment.inventory_core.normalise import compact_key, normalise_key
from assessment.inventory_core.numbers import parse_currency

_BRACKETED = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]")
_HEADER_SUGGESTION_CUTOFF = 0.8


@dataclass(frozen=True, slots=True)
class UnknownHeader:
    index: int
    header: str
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class HeaderMapping:
    """The result of mapping a header row. ``columns``: column index → field key."""

    headers: tuple[str, ...]
    columns: Mapping[int, str]
    unknown: tuple[UnknownHeader, ...] = ()
    duplicates: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    missing_required: tuple[str, ...] = ()
    currency_hints: Mapping[str, str] = field(default_factory=dict)

    @property
    def field_columns(self) -> dict[str, int]:
        return {key: index for index, key in self.columns.items()}

    @property
    def ok(self) -> bool:
        """No duplicate and no missing required column: rows can be cleaned."""
        return not self.duplicates and not self.missing_required

    def header_of(self, field_key: str) -> str | None:
        index = self.field_columns.get(field_key)
        return None if index is None else self.headers[index]

    def problem_messages(self, fields: Sequence[FieldSpec]) -> list[Message]:
        """What blocks the import, as translatable messages."""
        labels = {f.key: Label(f.label) for f in fields}
        messages = [
            Message(
                gettext_noop("Required column “%(field)s” is missing."),
                {"field": labels.get(key, key)},
            )
            for key in self.missing_required
        ]
        for key, indexes in self.duplicates.items():
            names = ", ".join(f"“{self.headers[i]}”" for i in indexes)
            messages.append(
                Message(
                    gettext_noop("Columns %(columns)s all map to “%(field)s”; keep one of them."),
                    {"columns": names, "field": labels.get(key, key)},
                )
            )
        return messages

    def problems(self, fields: Sequence[FieldSpec]) -> list[str]:
        """What blocks the import, in English."""
        return [str(m) for m in self.problem_messages(fields)]


def header_forms(header: str) -> list[str]:
    """Normalised forms a header is compared by: whole, and without bracketed parts."""
    forms = [normalise_key(header), normalise_key(_BRACKETED.sub(" ", header))]
    forms += [f.replace(" ", "") for f in forms]
    return [f for f in dict.fromkeys(forms) if f]


def field_lookup(fields: Sequence[FieldSpec]) -> dict[str, str]:
    """Normalised key/label/alias → field key; two fields claiming one form is a bug."""
    lookup: dict[str, str] = {}
    for spec in fields:
        for text in (spec.key, spec.label, *spec.aliases):
            for form in dict.fromkeys((normalise_key(text), compact_key(text))):
                owner = lookup.setdefault(form, spec.key)
                if owner != spec.key:
                    raise ValueError(f"header {text!r} names both {owner!r} and {spec.key!r}")
    return lookup


def _currency_hint(header: str) -> str | None:
    for match in _BRACKETED.finditer(header):
        try:
            code = parse_currency((match[1] or match[2] or "").strip())
        except ValueParseError:
            continue
        if code:
            return code
    return None


def map_headers(
    headers: Sequence[object],
    fields: Sequence[FieldSpec],
    overrides: Mapping[int, str | None] | None = None,
) -> HeaderMapping:
    """Map each header to a field. ``overrides`` (column index → field key, or None to
    ignore the column) are the choices made in the import's column-mapping step."""
    texts = tuple("" if h is None else str(h).strip() for h in headers)
    lookup = field_lookup(fields)
    known = {f.key for f in fields}
    assigned: dict[int, str] = {}
    unknown: list[UnknownHeader] = []
    for index, header in enumerate(texts):
        if overrides and index in overrides:
            if overrides[index] is not None:
                if overrides[index] not in known:
                    raise ValueError(f"unknown field {overrides[index]!r}")
                assigned[index] = overrides[index]
            continue
        if not header:
            continue  # untitled (usually empty trailing) columns are ignored
        key = next((lookup[f] for f in header_forms(header) if f in lookup), None)
        if key:
            assigned[index] = key
        else:
            close = difflib.get_close_matches(
                normalise_key(header), list(lookup), n=1, cutoff=_HEADER_SUGGESTION_CUTOFF
            )
            unknown.append(UnknownHeader(index, header, lookup[close[0]] if close else None))
    by_field: dict[str, list[int]] = {}
    for index, key in assigned.items():
        by_field.setdefault(key, []).append(index)
    duplicates = {k: tuple(v) for k, v in by_field.items() if len(v) > 1}
    columns = {v[0]: k for k, v in by_field.items()}
    kinds = {f.key: f.kind for f in fields}
    hints = {
        key: code
        for index, key in columns.items()
        if kinds[key] == FieldKind.MONEY and (code := _currency_hint(texts[index]))
    }
    missing = tuple(f.key for f in fields if f.required and f.key not in by_field)
    return HeaderMapping(
        headers=texts,
        columns=dict(sorted(columns.items())),
        unknown=tuple(unknown),
        duplicates=duplicates,
        missing_required=missing,
        currency_hints=hints,
    )


def header_set(headers: Sequence[object]) -> list[str]:
    """The normalised, non-blank header titles of a file, sorted and without repeats."""
    return sorted({normalise_key(str(h)) for h in headers if h is not None and str(h).strip()})


def header_signature(headers: Sequence[object]) -> str:
    """A file's shape: the same titles in any order, case or spacing give the same value
    (what an organisation's remembered import mappings are keyed by)."""
    return hashlib.sha256("\n".join(header_set(headers)).encode("utf-8")).hexdigest()
