"""Filters of the Activity page and of /api/v1/history/: person, kind of object, through
what, dates. The choices stay inside the organisation (its members; the tracked models)."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.history.registry import TRACKED
from core.history.selectors import (
    NEWEST_FIRST,
    content_type_for_label,
    day_start,
    tracked_models,
)
from core.models import HistoryEntry, HistorySource
from core.selectors import member_users

_KINDS: dict[tuple[str, int], list[tuple[str, str]]] = {}


def kind_choices() -> list[tuple[str, str]]:
    """(model label, readable plural name) of every model that keeps a history, sorted by
    name in the active language (worked out once per language)."""
    key = (get_language(), len(TRACKED))  # the count: asked before every app registered
    choices = _KINDS.get(key)
    if choices is None:
        choices = _KINDS[key] = sorted(
            (
                (m._meta.label_lower, str(m._meta.verbose_name_plural).capitalize())
                for m in tracked_models()
            ),
            key=lambda choice: choice[1],
        )
    return choices


@extend_schema_field(OpenApiTypes.STR)
class ModelLabelFilter(django_filters.ChoiceFilter):
    """A tracked model by its label ("assessment.tool"); any other is refused."""


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (0.5 is refused, not rounded)."""

    field_class = forms.IntegerField


@extend_schema_field(OpenApiTypes.INT)
class MemberFilter(django_filters.ChoiceFilter):
    """A member of the organisation by user id (the choices are set per request)."""


class _ActivityFilterSet(django_filters.FilterSet):
    kind = ModelLabelFilter(label=_("Kind"), method="filter_kind", choices=kind_choices)
    source = django_filters.ChoiceFilter(label=_("Through"), choices=HistorySource.choices)

    class Meta:
        model = HistoryEntry
        fields: list[str] = []

    def __init__(self, *args, request=None, organisation=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        organisation = organisation or getattr(request, "organisation", None)
        # the members, read once: the choices, and what a chosen id is checked against
        members = (
            member_users(organisation)
            .order_by("first_name", "last_name", "email")
            .only("pk", "first_name", "last_name", "email")
        )
        actor = self.filters["actor"]
        actor.extra["choices"] = [(str(user.pk), str(user)) for user in members]
        # A field built earlier (the schema reads the class's filters) kept the old choices.
        vars(actor).pop("_field", None)

    def filter_kind(self, queryset, name, value):
        content_type = content_type_for_label(value)
        return queryset.filter(content_type=content_type) if content_type else queryset.none()

    @property
    def qs(self):
        return super().qs.order_by(*NEWEST_FIRST)


class ActivityFilterSet(_ActivityFilterSet):
    """The page's form: person, kind, through, from, to (dates, both inclusive)."""

    actor = MemberFilter(label=_("Person"), field_name="actor_id", choices=[])
    date_from = django_filters.DateFilter(
        label=_("From"), method="filter_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("To"), method="filter_to", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta(_ActivityFilterSet.Meta):
        fields = ["actor", "kind", "source", "date_from", "date_to"]

    def filter_from(self, queryset, name, value):
        return queryset.filter(timestamp__gte=day_start(value))

    def filter_to(self, queryset, name, value):  # the whole day, in the site's time zone
        return queryset.filter(timestamp__lt=day_start(value + datetime.timedelta(days=1)))


class HistoryAPIFilterSet(_ActivityFilterSet):
    """The API's: the same, with times (ISO 8601) and one object by type and id."""

    actor = MemberFilter(label=_("Person (user id)"), field_name="actor_id", choices=[])
    since = django_filters.IsoDateTimeFilter(field_name="timestamp", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="timestamp", lookup_expr="lt")
    object_type = ModelLabelFilter(
        label=_("Object type (model label)"), method="filter_kind", choices=kind_choices
    )
    object_id = IntegerFilter(field_name="object_id")

    class Meta(_ActivityFilterSet.Meta):
        fields = ["actor", "kind", "source", "since", "until", "object_type", "object_id"]
