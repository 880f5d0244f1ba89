"""Filters of the roadmap (by step, by finding rule and by owner) and of findings."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessment.models import Finding, RoadmapItem
from assessment.results_core import RULE_NAMES

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


class RoadmapItemListFilterSet(RoadmapItemFilterSet):
    """The roadmap's filters plus its columns and statuses (the board shows those as
    columns and sections; a list needs them as filters)."""

    horizon = django_filters.MultipleChoiceFilter(
        label=_("Horizon"), choices=RoadmapItem._meta.get_field("horizon").choices
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=RoadmapItem._meta.get_field("status").choices
    )

    class Meta(RoadmapItemFilterSet.Meta):
        fields = ["step", "rule", "owner", "horizon", "status"]


class FindingFilterSet(django_filters.FilterSet):
    """Findings by severity, step and rule (the dashboard groups them the same ways)."""

    severity = django_filters.MultipleChoiceFilter(
        label=_("Severity"), choices=Finding._meta.get_field("severity").choices
    )
    step = django_filters.ChoiceFilter(
        label=_("Step"), choices=Finding._meta.get_field("step").choices
    )
    rule = django_filters.ChoiceFilter(
        label=_("Rule"),
        choices=[(name, name.replace("_", " ").capitalize()) for name in RULE_NAMES],
    )

    class Meta:
        model = Finding
        fields = ["severity", "step", "rule"]
