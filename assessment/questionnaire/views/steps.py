"""The step page (one per step, its sections and questions) and the review page."""

from django.http import Http404
from django.utils import timezone
from django.views.generic import TemplateView

from assessment.comments import selectors as comment_selectors
from assessment.questionnaire import assignments, selectors
from assessment.questionnaire_core import STEP_KEYS
from core import render_cache
from core.permissions import can

from .common import STEP_TEMPLATE, AssessmentPageMixin


class StepView(AssessmentPageMixin, TemplateView):
    template_name = STEP_TEMPLATE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = self.get_assessment()
        try:
            step = assessment.framework.step(self.kwargs["step"])
        except KeyError:
            raise Http404 from None
        # The questions as last answered, under the assessment's version and the minute
        # ("answered 3 minutes ago" stays true).
        part = context["render_part"] = render_cache.lookup(
            self.request,
            "step",
            selectors.assessment_version(assessment, "assignments"),
            timezone.now().strftime("%Y%m%d%H%M"),
            comment_selectors.questions_version(assessment),  # the open-thread counts
        )
        context.update(assessment=assessment, step=step)
        if not part.hit:
            context.update(self.step_context(assessment, step))
        return context

    def step_context(self, assessment, step) -> dict:
        context = {}
        state = selectors.questionnaire_state(assessment)
        index = list(state.framework.steps).index(step)
        steps = state.framework.steps
        team = assignments.team_progress(assessment, state)
        open_threads = comment_selectors.question_open_counts(assessment)
        context.update(
            discuss=self.request.GET.get("discuss", ""),
            state=state,
            step_assignments=team.by_step.get(step.key, []),
            step_number=index + 1,
            previous_step=steps[index - 1] if index > 0 else None,
            next_step=steps[index + 1] if index + 1 < len(steps) else None,
            sections=[
                {
                    "section": section,
                    "items": [
                        self.question_item(state, q, open_threads=open_threads.get(q.key, 0))
                        for q in section.questions
                    ],
                }
                for section in step.sections
            ],
            assigned_here=any(q.key in self.assigned_keys(assessment) for q in step.questions()),
            may_answer_step=can(
                self.request.membership,
                "answer.change_architecture" if step.key == "architecture" else "answer.change",
                assessment,
            ),
        )
        return context


class ReviewView(AssessmentPageMixin, TemplateView):
    template_name = "assessment/questionnaire/review.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = self.get_assessment()
        part = context["render_part"] = render_cache.lookup(
            self.request, "review", selectors.assessment_version(assessment)
        )
        context["assessment"] = assessment
        if part.hit:
            return context
        state = selectors.questionnaire_state(assessment)
        context.update(
            state=state,
            unanswered=state.unanswered(),
            step_keys=STEP_KEYS,
        )
        return context
