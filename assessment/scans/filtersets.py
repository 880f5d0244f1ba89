"""The Discovered list's filters (the page and the API)."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from assessment.models import DiscoveredState, DiscoveredTool, DiscoverySource


class DiscoveredToolFilterSet(filters.FilterSet):
    q = filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    state = filters.MultipleChoiceFilter(label=_("State"), choices=DiscoveredState.choices)
    source = filters.ChoiceFilter(label=_("Source"), choices=DiscoverySource.choices)
    presence = filters.ChoiceFilter(
        label=_("On the site"),
        choices=[("present", _("Still seen")), ("gone", _("No longer seen"))],
        method="filter_presence",
    )

    class Meta:
        model = DiscoveredTool
        fields = ["q", "state", "source", "presence"]

    def filter_presence(self, queryset, name, value):
        if value == "present":
            return queryset.filter(gone_at__isnull=True)
        if value == "gone":
            return queryset.filter(gone_at__isnull=False)
        return queryset
