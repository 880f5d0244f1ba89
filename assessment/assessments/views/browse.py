"""Assessment list and detail pages."""

from assessment.assessments.filtersets import AssessmentFilterSet
from assessment.models import Assessment
from assessment.questionnaire import selectors
from assessment.team import selectors as team_selectors
from core import render_cache
from core.views.generic import (
    ObjectDetailView,
    ObjectListView,
)

TEMPLATES = "assessment/questionnaire"  # the assessment pages open the questionnaire


class AssessmentViewMixin:
    model = Assessment

    def get_queryset(self):
        return (
            super().get_queryset().select_related("framework_version", "created_by", "archived_by")
        )


class AssessmentListView(AssessmentViewMixin, ObjectListView):
    filterset_class = AssessmentFilterSet
    template_name = f"{TEMPLATES}/assessment_list.html"


class AssessmentDetailView(AssessmentViewMixin, ObjectDetailView):
    template_name = f"{TEMPLATES}/assessment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        part = context["render_part"] = render_cache.lookup(
            self.request,
            "assessment-detail",
            selectors.assessment_version(self.object, "assignments"),
        )
        if part.hit:
            return context
        context["state"] = selectors.questionnaire_state(self.object)
        context["participants"] = self.object.participants.order_by("first_name", "email")
        team = context["team"] = team_selectors.team_progress(self.object, context["state"])
        context["targets"] = [
            (row, self.object.targets.get(row["step"].key), team.by_step.get(row["step"].key, []))
            for row in context["state"].steps
        ]
        return context
