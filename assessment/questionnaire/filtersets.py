"""Filters for the framework list."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessment.models import FrameworkVersion


class FrameworkVersionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = FrameworkVersion
        fields = ["q"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(key__icontains=value))
