"""One django-filter FilterSet per inventory model (the UI lists and, later, the API).

Choices of related models are scoped to the request's organisation; `o` sorts.
"""

import datetime as dt
import html

import django_filters as filters
from django import forms
from django.db.models import F, Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from assessment.inventory import confirmation, selectors
from assessment.inventory.forms import member_label
from assessment.inventory.widgets import SubcategorySelect
from assessment.models import (
    Criticality,
    DataObject,
    DataSensitivity,
    Frequency,
    Integration,
    IntegrationMethod,
    IntegrationStatus,
    JourneyStage,
    Lifecycle,
    Personalisation,
    ReviewState,
    Segment,
    Tool,
    ToolCategory,
    ToolStatus,
    ToolSubcategory,
    Touchpoint,
    TouchpointChannel,
)
from core.selectors import member_users


def _scoped(model):
    def queryset(request):
        organisation = getattr(request, "organisation", None)
        return (
            model.objects.for_organisation(organisation) if organisation else model.objects.none()
        )

    return queryset


class ToolSelect(forms.Select):
    """The tool filter's ``<select>``, written in one pass from (id, name) rows: Django's
    per-option templates and a model instance per option cost about a second at 2,000
    tools; the HTML is the same."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = self.choices
        queryset = getattr(choices, "queryset", None)
        if queryset is None:
            return super().render(name, value, attrs, renderer)
        selected = "" if value is None else str(value)
        rows = [("", getattr(choices.field, "empty_label", None) or "---------")]
        rows += [
            (str(pk), label) for pk, label in queryset.order_by("name").values_list("pk", "name")
        ]
        # html.escape is what django.utils.html.escape applies; format_html per option
        # (its conditional_escape and mark_safe) cost more than the rest of the list.
        options = mark_safe(
            "".join(
                f'<option value="{pk}"{" selected" if pk == selected else ""}>'
                f"{html.escape(str(label))}</option>"
                for pk, label in rows
            )
        )
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final), options)


class OrderingFilter(filters.OrderingFilter):
    """Sorting where unknown values ("—" in the list) come last in both directions, on
    SQLite and PostgreSQL alike, and ties keep a stable order across pages."""

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        if value.startswith("-"):
            return F(value[1:]).desc(nulls_last=True)
        return F(value).asc(nulls_last=True)

    def filter(self, qs, value):
        ordered = super().filter(qs, value)
        return ordered.order_by(*ordered.query.order_by, "pk") if value else ordered


class SearchFilterSet(filters.FilterSet):
    search_fields: tuple[str, ...] = ()
    q = filters.CharFilter(label=_("Search"), method="search")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)


class ToolFilterSet(SearchFilterSet):
    search_fields = (
        "name",
        "vendor",
        "website",
        "description",
        "business_owner",
        "owning_team",
        "notes",
    )
    category = filters.ModelChoiceFilter(label=_("Category"), queryset=_scoped(ToolCategory))
    subcategory = filters.ModelChoiceFilter(
        label=_("Subcategory"), queryset=_scoped(ToolSubcategory), widget=SubcategorySelect
    )
    status = filters.MultipleChoiceFilter(label=_("Status"), choices=ToolStatus.choices)
    lifecycle = filters.ChoiceFilter(label=_("Lifecycle decision"), choices=Lifecycle.choices)
    data_sensitivity = filters.ChoiceFilter(
        label=_("Data sensitivity"), choices=DataSensitivity.choices
    )
    renewing_within = filters.NumberFilter(
        label=_("Renewing within (days)"),
        method="filter_renewing",
        min_value=0,
        max_value=36500,  # beyond that the date overflows
    )
    owned_by = filters.ChoiceFilter(
        label=_("Owner (member)"),
        method="filter_owned_by",
        choices=[],  # "me", "none" and the organisation's members (__init__)
    )
    confirmation = filters.ChoiceFilter(
        label=_("Confirmation"),
        method="filter_confirmation",
        choices=[
            (confirmation.CONFIRMED, _("Confirmed")),
            (confirmation.STALE, _("Stale")),
            (confirmation.MISSING, _("Not confirmed")),
            ("attention", _("Stale or not confirmed")),
        ],
    )
    o = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("vendor", "vendor"),
            ("category__position", "category"),
            ("status", "status"),
            ("annual_cost", "annual_cost"),
            ("renewal_date", "renewal_date"),
            ("licensed_seats", "licensed_seats"),
            ("active_users_30d", "active_users_30d"),
            ("utilisation_ratio", "utilisation"),
            ("cost_per_user", "cost_per_active_user"),
            ("integration_count", "integration_count"),
            ("lifecycle", "lifecycle"),
        ),
    )

    class Meta:
        model = Tool
        fields = ["q", "category", "subcategory", "status", "lifecycle", "data_sensitivity"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        organisation = getattr(request, "organisation", None)
        members = member_users(organisation).order_by("email") if organisation else []
        owned_by = self.filters["owned_by"]
        owned_by.extra["choices"] = [
            ("me", _("Me")),
            ("none", _("No owner member")),
            *((str(user.pk), member_label(user)) for user in members),
        ]
        # The form field is built once and kept on the filter; one built from the class
        # (the API schema reads the class's filters) was copied here without these choices.
        vars(owned_by).pop("_field", None)

    def filter_owned_by(self, queryset, name, value):
        if value == "me":
            user = getattr(self.request, "user", None)
            return queryset.filter(owned_by=getattr(user, "pk", None))
        if value == "none":
            return queryset.filter(owned_by__isnull=True)
        return queryset.filter(owned_by=int(value)) if value.isdigit() else queryset

    def filter_confirmation(self, queryset, name, value):
        organisation = getattr(self.request, "organisation", None)
        return confirmation.filter_state(queryset, organisation, value) if value else queryset

    def filter_renewing(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        return queryset.filter(
            renewal_date__gte=today, renewal_date__lte=today + dt.timedelta(days=int(value))
        )


class IntegrationFilterSet(SearchFilterSet):
    search_fields = ("source__name", "target__name", "technical_owner", "notes", "review_note")
    tool = filters.ModelChoiceFilter(
        label=_("Tool"), queryset=_scoped(Tool), method="by_tool", widget=ToolSelect
    )
    status = filters.MultipleChoiceFilter(label=_("Status"), choices=IntegrationStatus.choices)
    method = filters.MultipleChoiceFilter(label=_("Method"), choices=IntegrationMethod.choices)
    frequency = filters.ChoiceFilter(label=_("Frequency"), choices=Frequency.choices)
    criticality = filters.ChoiceFilter(label=_("Criticality"), choices=Criticality.choices)
    review_state = filters.MultipleChoiceFilter(
        label=_("Review state"), choices=ReviewState.choices
    )
    data_objects = filters.ModelChoiceFilter(label=_("Data object"), queryset=_scoped(DataObject))
    o = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("source__name", "source"),
            ("target__name", "target"),
            ("method", "method"),
            ("status", "status"),
            ("criticality", "criticality"),
            ("review_state", "review_state"),
            ("reviewed_at", "reviewed_at"),
        ),
    )

    class Meta:
        model = Integration
        fields = ["q", "status", "method", "frequency", "criticality", "review_state"]

    @extend_schema_field(OpenApiTypes.INT)  # the tool's id (for the API's schema)
    def by_tool(self, queryset, name, value):
        return queryset.filter(Q(source=value) | Q(target=value)) if value else queryset


class ReviewQueueFilterSet(SearchFilterSet):
    """IT's review queue (``selectors.review_queue``): which integrations, and in what order
    (``o``: one of ``selectors.REVIEW_QUEUE_SORTS``, nothing else)."""

    search_fields = ("source__name", "target__name")
    review_state = filters.ChoiceFilter(
        label=_("Review state"),
        choices=[
            (ReviewState.UNREVIEWED, ReviewState.UNREVIEWED.label),
            (ReviewState.FLAGGED, ReviewState.FLAGGED.label),
        ],
        empty_label=_("Unreviewed and flagged"),
    )
    status = filters.ChoiceFilter(label=_("Status"), choices=IntegrationStatus.choices)
    method = filters.ChoiceFilter(label=_("Method"), choices=IntegrationMethod.choices)
    tool = filters.ModelChoiceFilter(
        label=_("Tool"), queryset=_scoped(Tool), method="by_tool", widget=ToolSelect
    )
    category = filters.ModelChoiceFilter(
        label=_("Category"), queryset=_scoped(ToolCategory), method="by_category"
    )
    o = filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("oldest", _("Oldest first")),
            ("newest", _("Newest first")),
            ("source", _("Source tool (A–Z)")),
            ("target", _("Target tool (A–Z)")),
            ("flagged", _("Flagged first")),
        ],
        empty_label=None,
        method="sort",
    )

    class Meta:
        model = Integration
        fields = ["q", "review_state", "status", "method", "tool", "category"]

    def by_tool(self, queryset, name, value):
        return queryset.filter(Q(source=value) | Q(target=value)) if value else queryset

    def by_category(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(source__category=value) | Q(target__category=value))

    def sort(self, queryset, name, value):
        return selectors.sort_review_queue(queryset, value)

    def is_filtered(self) -> bool:
        """Whether a filter (not the sort) narrows the queue."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(data.get(name) not in (None, "") for name in self.filters if name != "o")


class TouchpointFilterSet(SearchFilterSet):
    search_fields = ("name", "owner", "notes")
    stage = filters.MultipleChoiceFilter(label=_("Journey stage"), choices=JourneyStage.choices)
    channel = filters.MultipleChoiceFilter(label=_("Channel"), choices=TouchpointChannel.choices)
    segment = filters.ChoiceFilter(label=_("Segment"), choices=Segment.choices)
    personalisation = filters.ChoiceFilter(
        label=_("Personalisation"), choices=Personalisation.choices
    )
    tools = filters.ModelChoiceFilter(label=_("Tool"), queryset=_scoped(Tool), widget=ToolSelect)
    o = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("stage", "stage"),
            ("channel", "channel"),
            ("segment", "segment"),
            ("personalisation", "personalisation"),
            ("ease", "ease"),
        ),
    )

    class Meta:
        model = Touchpoint
        fields = ["q", "stage", "channel", "segment", "personalisation", "tools"]


class ToolCategoryFilterSet(SearchFilterSet):
    search_fields = ("name", "key")

    class Meta:
        model = ToolCategory
        fields = ["q"]


class ToolSubcategoryFilterSet(SearchFilterSet):
    search_fields = ("name", "key", "category__name")
    category = filters.ModelChoiceFilter(label=_("Category"), queryset=_scoped(ToolCategory))

    class Meta:
        model = ToolSubcategory
        fields = ["q", "category"]


class DataObjectFilterSet(SearchFilterSet):
    search_fields = ("name", "key")

    class Meta:
        model = DataObject
        fields = ["q"]
