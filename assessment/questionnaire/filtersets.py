"""Filters for the assessment and framework lists."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessment.models import Assessment, AssessmentStatus, FrameworkVersion


class AssessmentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AssessmentStatus.choices)

    class Meta:
        model = Assessment
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class FrameworkVersionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = FrameworkVersion
        fields = ["q"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(key__icontains=value))
