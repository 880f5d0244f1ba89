"""Change history (issue 15): django-auditlog's log entry, told which organisation it
belongs to, through what the change came (page, API, import, system) and, for an API call,
which token made it. An import is one parent entry whose children are the rows it changed.
"""

from contextvars import ContextVar
from dataclasses import dataclass

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class HistorySource(models.TextChoices):
    PAGE = "page", _("page")
    API = "api", _("API")
    IMPORT = "import", _("import")
    SYSTEM = "system", _("system")


@dataclass(frozen=True)
class Attribution:
    """Who and through what the writes of the current context are made (core.history.context
    sets it; kept here, beside the writer that reads it)."""

    actor: object | None = None  # a User
    source: str = HistorySource.SYSTEM
    token_id: int | None = None
    parent_id: int | None = None  # the grouped entry (an import) rows belong to


# A frozen dataclass: the shared default is never changed, only replaced.
CURRENT: ContextVar[Attribution] = ContextVar("stackscope_history", default=Attribution())  # noqa: B039


def organisation_id_of(instance) -> int | None:
    if instance._meta.label_lower == "core.organisation":
        return instance.pk
    return getattr(instance, "organisation_id", None)


#: The Activity page's rows: an import's grouped entry, not the rows it changed.
TOP_LEVEL = models.Q(parent__isnull=True)

#: model label → the many-to-many sets its snapshots keep (core.history.registry.track
#: fills it for the restorable models).
SNAPSHOT_SETS: dict[str, tuple[str, ...]] = {}


class HistoryEntryManager(LogEntryManager):
    def log_create(self, instance, force_log: bool = False, **kwargs):
        """auditlog's writer, with who and through what taken from the current attribution
        (core.history.context) and the organisation from the changed row."""
        self._attribute(instance, kwargs)
        return super().log_create(instance, force_log=force_log, **kwargs)

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):
        """An m2m change keeps the object's snapshot too (the sets as they are after it), so
        it is a version that can be restored like any edit."""
        self._attribute(instance, kwargs)
        if changed_queryset:
            kwargs.setdefault("serialized_data", self._get_serialized_data_or_none(instance))
        return super().log_m2m_changes(changed_queryset, instance, operation, field_name, **kwargs)

    def _get_serialized_data_or_none(self, instance):
        """auditlog's snapshot of a restorable object, with its tracked many-to-many sets
        ({"data_objects": [3, 5]}) beside its fields: auditlog keeps only the fields, and
        a restore would leave the sets as they are now."""
        data = self.fields_snapshot(instance)
        self.add_sets(type(instance), {instance.pk: data})
        return data

    def fields_snapshot(self, instance):
        """auditlog's own snapshot (the tracked fields; None when the model keeps none)."""
        return super()._get_serialized_data_or_none(instance)

    @staticmethod
    def add_sets(model, snapshots: dict) -> None:
        """Put the tracked many-to-many sets into snapshots ({object id: snapshot}) of one
        model: one query per set for all of them (an import's rows too), read from the link
        table, never from a prefetched copy that a save may have made stale."""
        names = SNAPSHOT_SETS.get(model._meta.label_lower, ())
        snapshots = {
            pk: data
            for pk, data in snapshots.items()
            if pk is not None and data and isinstance(data.get("fields"), dict)
        }
        if not names or not snapshots:
            return
        for name in names:
            field = model._meta.get_field(name)
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            links = (
                field.remote_field.through._base_manager.filter(**{f"{source}__in": snapshots})
                .order_by(f"{target}_id")
                .values_list(f"{source}_id", f"{target}_id")
            )
            sets: dict = {pk: [] for pk in snapshots}
            for owner, linked in links:
                sets[owner].append(linked)
            for pk, data in snapshots.items():
                data["fields"][name] = sets[pk]

    @staticmethod
    def _attribute(instance, kwargs: dict) -> None:
        attribution = CURRENT.get()
        kwargs.setdefault("organisation_id", organisation_id_of(instance))
        kwargs.setdefault("source", attribution.source)
        if attribution.actor is not None:
            kwargs.setdefault("actor", attribution.actor)
            kwargs.setdefault("actor_email", attribution.actor.email)
        if attribution.token_id is not None:
            kwargs.setdefault("token_id", attribution.token_id)
        if attribution.parent_id is not None:
            kwargs.setdefault("parent_id", attribution.parent_id)


class HistoryEntry(AbstractLogEntry):
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    source = models.CharField(
        _("through"), max_length=10, choices=HistorySource.choices, default=HistorySource.SYSTEM
    )
    token = models.ForeignKey(
        "core.ApiToken",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("API token"),
    )
    #: The import (or other grouped change) this row's change belongs to.
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )

    objects = HistoryEntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        # Each list a page reads is one index whose columns are the query's equalities
        # then its order, so a page (even far down) stops after its rows; a looser index
        # let SQLite walk the whole organisation to find one tool's 20 entries. The
        # Activity page's lists are of top-level rows: partial indexes (parent IS NULL),
        # since PostgreSQL reads no order past an IS NULL column of an index and sorted
        # all 100,000 rows instead.
        indexes = [
            # the API's activity (imports' rows included)
            models.Index(fields=["organisation", "-timestamp", "-id"], name="history_org_time"),
            # the Activity page: top-level rows; by kind; by person
            models.Index(
                fields=["organisation", "-timestamp", "-id"],
                condition=TOP_LEVEL,
                name="history_org_top",
            ),
            models.Index(
                fields=["organisation", "content_type", "-timestamp", "-id"],
                condition=TOP_LEVEL,
                name="history_org_kind",
            ),
            models.Index(
                fields=["organisation", "actor", "-timestamp", "-id"],
                condition=TOP_LEVEL,
                name="history_org_actor",
            ),
            # an object's History
            models.Index(
                fields=["content_type", "object_id", "organisation", "-timestamp", "-id"],
                name="history_object",
            ),
        ]
