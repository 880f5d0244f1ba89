"""Filters for the assessment list (page and API)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessment.models import Assessment, AssessmentStatus


class AssessmentFilterSet(django_filters.FilterSet):
    """The list (page and API). Archived assessments are left out unless `archived=true`
    (only the archived ones); `archived=false` says the default out loud."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AssessmentStatus.choices)
    archived = django_filters.ChoiceFilter(
        label=_("Show archived"),
        choices=[("true", _("Archived")), ("false", _("Not archived"))],
        method="filter_archived",
    )

    class Meta:
        model = Assessment
        fields = ["q", "status", "archived"]

    def __init__(self, data=None, *args, **kwargs):
        # Unbound, a FilterSet filters nothing: bind it, so the default (archived left
        # out) also holds for the plain page without a query string.
        super().__init__(data if data is not None else {}, *args, **kwargs)

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_archived(self, queryset, name, value):
        return queryset.filter(archived_at__isnull=value != "true")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("archived"):
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset
