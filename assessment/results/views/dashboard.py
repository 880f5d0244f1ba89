"""The dashboard, "why is this 42?", and its actions (recompute, finalise)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from assessment.questionnaire_core import STEP_KEYS
from assessment.results import selectors, services
from assessment.results.views.base import TEMPLATES, AssessmentResultsMixin
from core.services import ServiceError


class AssessmentDashboardView(AssessmentResultsMixin, TemplateView):
    template_name = f"{TEMPLATES}/dashboard.html"
    permission_required = "assessment.view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.add_cached_part(context, "dashboard", self.dashboard_context)
        return context

    def dashboard_context(self) -> dict:
        computed = services.ensure_results(self.assessment)
        previous = selectors.previous_final(self.assessment)
        return {
            **selectors.dashboard(self.assessment, computed),
            "comparison": selectors.compare(self.assessment, computed, previous),
            "today": computed.data.today,
        }


class AssessmentExplainView(AssessmentResultsMixin, TemplateView):
    template_name = f"{TEMPLATES}/explain.html"
    permission_required = "assessment.view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.kwargs["step"] != "overall" and self.kwargs["step"] not in STEP_KEYS:
            raise Http404
        self.add_cached_part(context, "explain", self.explain_context)
        return context

    def explain_context(self) -> dict:
        step = self.kwargs["step"]
        context = {}
        computed = services.evaluate_assessment(self.assessment)
        scores = computed.result.scores
        context.update(
            overall=selectors.display(scores.overall),
            overall_exact=selectors.display(scores.overall, 1),
            level=selectors.level_label(scores.level),
            overall_lines=selectors.explain_overall(self.assessment, computed),
            current=step,
            steps=[
                (s.key, selectors.step_title(computed.data.framework, s.key)) for s in scores.steps
            ],
        )
        if step != "overall":
            context["explain"] = selectors.explain_step(self.assessment, computed, step)
        return context


class RegenerateView(AssessmentResultsMixin, View):
    permission_required = "roadmap.regenerate"

    def post(self, request, *args, **kwargs):
        self.check_object()
        try:
            services.compute_results(self.assessment)
        except ServiceError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Regenerated: your edits and dismissals were kept."))
        return HttpResponseRedirect(next_url(request, self.assessment))


class FinaliseView(AssessmentResultsMixin, View):
    permission_required = "assessment.finalise"

    def post(self, request, *args, **kwargs):
        self.check_object()
        try:
            services.finalise(assessment=self.assessment, user=request.user)
        except ServiceError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Finalised: its scores, findings and roadmap are frozen from now on."),
            )
        return redirect("assessment_dashboard", pk=self.assessment.pk)


def next_url(request, assessment) -> str:
    target = request.POST.get("next", "")
    roadmap = reverse("assessment_roadmap", kwargs={"pk": assessment.pk})
    return (
        roadmap
        if target == "roadmap"
        else reverse("assessment_dashboard", kwargs={"pk": assessment.pk})
    )


# -- roadmap -------------------------------------------------------------------------------
