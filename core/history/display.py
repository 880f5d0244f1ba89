"""History entries as people read them: who, when, through what, and each change as
"field: old → new" with the field's verbose name, choice labels, related rows by name,
booleans as Yes/No and dates in the reader's locale.

The value formatting (``format_value``, ``change_rows``, ``who``) is plain functions over
Django fields and stored JSON, testable without a database. ``display_rows`` turns a page
of entries into rows with a constant number of queries: one per related model named in the
page's changes (to show names, not ids); each row links its object through
``/history/<label>/<pk>/open/``, which finds out only when clicked whether the object still
exists. The Activity page, the History tabs, the CSV export, the API and the
report's appendix all use it.
"""

from __future__ import annotations

import contextlib
import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import formats, numberformat, timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core.history import registry
from core.models import HistoryEntry

#: Longer text is cut to this many characters (the stored entry keeps all of it).
MAX_TEXT = 160

ACTION_LABELS = {
    0: gettext_lazy("created"),
    1: gettext_lazy("changed"),
    2: gettext_lazy("deleted"),
    3: gettext_lazy("accessed"),
}


@dataclass
class ChangeRow:
    field: str  # the field's name, as stored
    label: str  # its verbose name
    old: str = ""
    new: str = ""
    added: list[str] | None = None  # an m2m change: the names added / removed
    removed: list[str] | None = None

    @property
    def is_m2m(self) -> bool:
        return self.added is not None or self.removed is not None

    def as_text(self) -> str:
        if self.is_m2m:
            parts = []
            if self.added:
                parts.append(_("added %(names)s") % {"names": ", ".join(self.added)})
            if self.removed:
                parts.append(_("removed %(names)s") % {"names": ", ".join(self.removed)})
            return f"{self.label}: {'; '.join(parts)}"
        if not self.old:
            return f"{self.label}: {self.new}"
        return f"{self.label}: {self.old} → {self.new}"


@dataclass
class EntryRow:
    entry: Any
    who: str
    action: str
    through: str
    kind: str  # the model's verbose name
    object_repr: str
    object_url: str = ""
    changes: list[ChangeRow] = field(default_factory=list)
    #: A grouped import: {"file", "model", "created", "updated", "deleted", "unchanged"}.
    import_summary: str = ""
    #: The import this row's change came through (its file), for the object's History.
    via_import: str = ""

    @property
    def is_import(self) -> bool:
        return bool(self.import_summary)

    def changes_text(self) -> str:
        return "; ".join(change.as_text() for change in self.changes)


# -- pure formatting --------------------------------------------------------------------


class Words:
    """One language's words for history rows, translated once and kept: the few texts every
    row may use, fields' labels, choices' labels. A page of rows looks its language up once
    (:func:`words`) instead of once per value."""

    def __init__(self) -> None:
        self.texts = {
            "yes": _("Yes"),
            "no": _("No"),
            "deleted": _("#%(id)s (deleted)"),
            **{f"action{k}": str(v) for k, v in ACTION_LABELS.items()},
        }
        self.labels: dict = {}  # (model, field name) → label
        self.choices: dict = {}  # field → {value: label}
        self.number = {
            "decimal_sep": formats.get_format("DECIMAL_SEPARATOR"),
            "grouping": formats.get_format("NUMBER_GROUPING"),
            "thousand_sep": formats.get_format("THOUSAND_SEPARATOR"),
        }


_WORDS: dict[str, Words] = {}


def words() -> Words:
    """The active language's words (built in that language on first use)."""
    language = get_language()
    found = _WORDS.get(language)
    if found is None:
        found = _WORDS[language] = Words()
    return found


def _text(key: str, in_words: Words | None = None) -> str:
    return (in_words or words()).texts[key]


def yes_no(value: Any, in_words: Words | None = None) -> str:
    if isinstance(value, str):
        value = value.strip().lower() in ("true", "1", "yes")
    return _text("yes" if value else "no", in_words)


def _parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _parse_datetime(value: Any) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        try:
            moment = datetime.datetime.fromisoformat(str(value))
        except ValueError:
            return None
    if timezone.is_naive(moment):  # auditlog stores naive UTC
        moment = moment.replace(tzinfo=datetime.UTC)
    return timezone.localtime(moment)


def _truncate(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _choice_label(model_field, value: Any, in_words: Words | None = None) -> str:
    known = (in_words or words()).choices
    choices = known.get(model_field)
    if choices is None:
        choices = known[model_field] = {k: str(v) for k, v in model_field.flatchoices}
    try:
        return choices.get(value, str(value))
    except TypeError:  # an unhashable value
        return str(value)


def format_value(
    model_field, value: Any, names: Mapping | None = None, in_words: Words | None = None
) -> str:
    """One stored value of ``model_field`` as text: "" for nothing, the choice's label,
    the related row's name from ``names`` ({id: name}; "#id (deleted)" when missing),
    Yes/No, a localised date, list items joined, long text cut."""
    if value is None or value == "" or value == "None":
        return ""
    if model_field is None:
        return _truncate(str(value))
    if model_field.is_relation and (model_field.many_to_one or model_field.one_to_one):
        key = _int_or_none(value)
        if names is not None and key in names:
            return str(names[key])
        return _text("deleted", in_words) % {"id": value} if names is not None else str(value)
    if isinstance(model_field, models.BooleanField):
        return yes_no(value, in_words)
    if isinstance(model_field, models.DateTimeField):
        moment = _parse_datetime(value)
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT") if moment else str(value)
    if isinstance(model_field, models.DateField):
        day = _parse_date(value)
        return formats.date_format(day, "SHORT_DATE_FORMAT") if day else str(value)
    if isinstance(value, str) and value.startswith("[") and not model_field.choices:
        # auditlog may keep a list field's value as its text: read it back
        import json

        with contextlib.suppress(ValueError):
            value = json.loads(value)
    if isinstance(value, (list, tuple)):
        labels = _list_labels(model_field, value)
        if labels is not None:
            return ", ".join(labels)
        base = getattr(model_field, "base_field", None)
        if base is not None and base.choices:
            return ", ".join(_choice_label(base, item, in_words) for item in value)
        return _truncate(", ".join(str(item) for item in value))
    if model_field.choices:
        return _choice_label(model_field, value, in_words)
    if isinstance(model_field, models.DecimalField):
        try:
            # to the field's places: 4800.00 → 5400.00, not 4800.00 → 5400 (as typed)
            return numberformat.format(
                Decimal(str(value)),
                decimal_pos=model_field.decimal_places,
                use_l10n=True,
                **(in_words or words()).number,
            )
        except (InvalidOperation, ValueError):
            return str(value)
    if isinstance(value, dict):
        return _truncate(", ".join(f"{k}: {v}" for k, v in value.items()))
    return _truncate(str(value))


def _list_labels(model_field, value) -> list[str] | None:
    """A list field whose model reads it out (``Tool.get_stages_display``): its labels,
    from an unsaved instance holding the value (no query)."""
    model = getattr(model_field, "model", None)
    getter = getattr(model, f"get_{model_field.name}_display", None) if model else None
    if getter is None:
        return None
    instance = model.__new__(model)
    instance.__dict__[model_field.attname] = list(value)
    try:
        labels = getter(instance)
    except Exception:  # a reader that needs more than the value: shown raw
        return None
    return [str(label) for label in labels] if isinstance(labels, (list, tuple)) else None


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def field_of(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(model, name: str | None, in_words: Words | None = None) -> str:
    """The field's label (``name`` None: the model's own name), capitalised."""
    known = (in_words or words()).labels
    label = known.get((model, name))
    if label is None:
        label = known[(model, name)] = _field_label(model, name)
    return label


def _field_label(model, name: str | None) -> str:
    if name is None:  # the model's own name
        name = str(model._meta.verbose_name)
        return name[:1].upper() + name[1:]
    model_field = field_of(model, name)
    if model_field is None or not hasattr(model_field, "verbose_name"):
        return name.replace("_", " ").capitalize()
    return str(model_field.verbose_name)[:1].upper() + str(model_field.verbose_name)[1:]


def change_rows(
    model,
    changes: Mapping | None,
    *,
    action: int = 1,
    names: Mapping | None = None,
    in_words: Words | None = None,
    read=None,
) -> list[ChangeRow]:
    """The entry's ``changes`` ({field: [old, new]} or an m2m record) as rows.
    ``names``: {related model: {id: name}}; ``read(field, value)``: the object's own reading
    of a value (``registry.Described``), None where it has none. On a create, empty values
    are left out."""
    in_words = in_words or words()
    rows = []
    for name, change in (changes or {}).items():
        model_field = field_of(model, name)
        label = field_label(model, name, in_words)
        if isinstance(change, Mapping) and change.get("type") == "m2m":
            objects = [str(item) for item in change.get("objects") or ()]
            if change.get("operation") == "add":
                rows.append(ChangeRow(name, label, added=objects, removed=[]))
            else:
                rows.append(ChangeRow(name, label, added=[], removed=objects))
            continue
        if not isinstance(change, (list, tuple)) or len(change) != 2:
            continue
        related = getattr(model_field, "related_model", None) if model_field else None
        lookup = (names or {}).get(related) if related is not None else None
        if related is not None and names is None:
            lookup = None
        old = new = None
        if read is not None:
            old, new = read(name, change[0]), read(name, change[1])
        if old is None:
            old = format_value(model_field, change[0], lookup if related else None, in_words)
        if new is None:
            new = format_value(model_field, change[1], lookup if related else None, in_words)
        if action == 0 and (not new or change[1] is False):
            continue  # nothing set (or a box left unticked) on create is noise
        if action == 2 and not old:
            continue
        if old == new:
            continue
        rows.append(ChangeRow(name, label, old=old, new=new))
    return rows


def who(actor, token=None, actor_email: str = "") -> str:
    """'Ann Smith', 'API token CI of Ann Smith', or 'System' when nobody."""
    person = str(actor) if actor is not None else (actor_email or "")
    if token is not None:
        return _("API token %(name)s of %(person)s") % {
            "name": token.name,
            "person": person or _("a former member"),
        }
    return person or _("System")


def import_summary(data: Mapping | None) -> str:
    """'Imported tools.csv: 3 created, 5 updated, 0 deleted, 10 unchanged'."""
    data = data or {}
    counts = ", ".join(
        f"{int(data.get(key) or 0)} {label}"
        for key, label in (
            ("created", _("created")),
            ("updated", _("updated")),
            ("deleted", _("deleted")),
            ("unchanged", _("unchanged")),
        )
    )
    return _("Imported %(file)s: %(counts)s") % {
        "file": data.get("file") or _("a file"),
        "counts": counts,
    }


def is_import_group(entry) -> bool:
    data = entry.additional_data if isinstance(entry.additional_data, Mapping) else {}
    return data.get("kind") == "import" and not entry.object_pk


# -- pages of entries ---------------------------------------------------------------------


def _model_for(content_type_id: int | None):
    if content_type_id is None:
        return None
    return ContentType.objects.get_for_id(content_type_id).model_class()


def url_for(instance) -> str:
    """Where a tracked object is shown ("" when it has no page of its own)."""
    meta = instance._meta
    try:
        if meta.label_lower == "assessment.answer":
            return reverse("assessment_detail", args=[instance.assessment_id])
        if meta.label_lower == "core.organisation":
            return reverse("organisation_settings")
        if meta.label_lower == "core.membership":
            return reverse("members")
        if hasattr(instance, "get_absolute_url"):
            return instance.get_absolute_url()
    except NoReverseMatch:
        return ""
    return ""


def open_url(model, pk) -> str:
    """The link to a tracked object from a history row: ``/history/<label>/<pk>/open/``
    sends the reader to the object's page, or to its History once it is gone. Built by
    formatting, not by reading the objects: a page of 50 rows of a dozen kinds would
    otherwise cost a query per kind and a ``reverse`` per row."""
    global _OPEN_PREFIX
    if _OPEN_PREFIX is None:
        _OPEN_PREFIX = reverse("object_open", args=["x.y", 0])[: -len("x.y/0/open/")]
    return f"{_OPEN_PREFIX}{model._meta.label_lower}/{pk}/open/"


_OPEN_PREFIX: str | None = None


def display_rows(entries: Iterable, *, link_objects: bool = True) -> list[EntryRow]:
    """Rows of a page of entries (fetched with ``select_related("actor", "token")``), with
    a constant number of queries whatever the page holds: one per related model named in
    the changes, one per model that names its objects its own way (answers), one for the
    imports the rows came through."""
    entries = list(entries)
    models_of = {entry.content_type_id: _model_for(entry.content_type_id) for entry in entries}
    # related ids named in the page's changes, per related model
    wanted: dict[Any, set[int]] = defaultdict(set)
    objects: dict[Any, set[int]] = defaultdict(set)
    for entry in entries:
        model = models_of[entry.content_type_id]
        if model is None:
            continue
        if entry.object_id is not None:
            objects[model].add(entry.object_id)
        for name, change in (entry.changes or {}).items():
            model_field = field_of(model, name)
            if (
                model_field is not None
                and model_field.is_relation
                and (model_field.many_to_one or model_field.one_to_one)
                and isinstance(change, (list, tuple))
            ):
                for value in change:
                    key = _int_or_none(value)
                    if key is not None:
                        wanted[model_field.related_model].add(key)
    names: dict[Any, dict[int, str]] = {}
    for related, ids in wanted.items():
        # no ordering: a model's default one may join another table for nothing
        rows = related._base_manager.filter(pk__in=ids).order_by()
        names[related] = {row.pk: str(row) for row in rows}
    # objects their app names in words (an answer: its question), one query per such model
    described: dict[tuple[Any, int], Any] = {}  # a str, or a registry.Described
    for model, ids in objects.items():
        for pk, name in registry.describe(model, ids).items():
            described[(model, pk)] = name
    source_field = HistoryEntry._meta.get_field("source")
    parents = _parents(entries)
    in_words = words()
    people: dict[tuple, str] = {}  # (actor, token, e-mail) → who, once per page
    rows = []
    for entry in entries:
        person = (entry.actor_id, entry.token_id, entry.actor_email)
        if person not in people:
            people[person] = who(entry.actor, entry.token, entry.actor_email or "")
        model = models_of[entry.content_type_id]
        kind = field_label(model, None, in_words) if model else ""
        group = is_import_group(entry)
        named = described.get((model, entry.object_id))
        parent = parents.get(entry.parent_id)
        rows.append(
            EntryRow(
                entry=entry,
                who=people[person],
                action=(
                    _text(f"action{entry.action}", in_words)
                    if entry.action in ACTION_LABELS
                    else ""
                ),
                through=_choice_label(source_field, entry.source, in_words),
                kind=kind,
                object_repr=str(named or "") or entry.object_repr,
                object_url=(
                    open_url(model, entry.object_id)
                    if link_objects and model is not None and entry.object_id is not None
                    else ""
                ),
                changes=[]
                if group
                else change_rows(
                    model,
                    entry.changes,
                    action=entry.action,
                    names=names,
                    in_words=in_words,
                    read=getattr(named, "read", None),
                ),
                import_summary=import_summary(entry.additional_data) if group else "",
                via_import=(
                    str((parent.additional_data or {}).get("file") or _("a file"))
                    if parent is not None and is_import_group(parent)
                    else ""
                ),
            )
        )
    return rows


class _NoState:  # an entry read with values() (selectors.EntryValues) caches nothing
    fields_cache: dict = {}


_NO_STATE = _NoState()


def _parents(entries) -> dict:
    """{id: grouped entry} of the entries' parents (one query, none when no entry has one)."""
    ids = {entry.parent_id for entry in entries if entry.parent_id}
    if not ids:
        return {}
    cached = {
        entry.parent_id: entry._state.fields_cache["parent"]
        for entry in entries
        if entry.parent_id and "parent" in getattr(entry, "_state", _NO_STATE).fields_cache
    }
    missing = ids - set(cached)
    if missing:
        rows = HistoryEntry._base_manager.filter(pk__in=missing).only(
            "pk", "object_pk", "additional_data"
        )
        cached.update({row.pk: row for row in rows})
    return cached
