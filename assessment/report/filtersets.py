"""Filters of report exports: by assessment (its id) and by status."""

import django_filters
from django.utils.translation import gettext_lazy as _

from assessment.models import ExportStatus, ReportExport


class ReportExportFilterSet(django_filters.FilterSet):
    # By id, not a choice of every assessment: another organisation's id finds nothing
    # instead of telling it apart from one that does not exist.
    assessment = django_filters.NumberFilter(label=_("Assessment"), field_name="assessment_id")
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=ExportStatus.choices)

    class Meta:
        model = ReportExport
        fields = ["assessment", "status"]
