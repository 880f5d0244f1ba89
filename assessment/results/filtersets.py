"""Filters of the roadmap: by step, by finding rule and by owner."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessment.engine import RULE_NAMES
from assessment.models import RoadmapItem

RULE_CHOICES = [
    *[(name, name.replace("_", " ").capitalize()) for name in RULE_NAMES],
    ("gap", _("Gap to target")),
    ("manual", _("Added by hand")),
]


class RoadmapItemFilterSet(django_filters.FilterSet):
    step = django_filters.ChoiceFilter(
        label=_("Step"), choices=RoadmapItem._meta.get_field("step").choices
    )
    rule = django_filters.ChoiceFilter(
        label=_("Finding rule"), choices=RULE_CHOICES, method="by_rule"
    )
    owner = django_filters.CharFilter(
        label=pgettext_lazy("responsible person", "Owner"), lookup_expr="icontains"
    )

    class Meta:
        model = RoadmapItem
        fields = ["step", "rule", "owner"]

    def by_rule(self, queryset, name, value):
        if value == "manual":
            return queryset.filter(generated=False)
        return queryset.filter(Q(key=value) | Q(key__startswith=f"{value}:"))
