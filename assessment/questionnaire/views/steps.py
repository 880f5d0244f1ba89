"""The step page (one per step, its sections and questions) and the review page."""

from django.http import Http404
from django.views.generic import TemplateView

from assessment.questionnaire import selectors
from assessment.questionnaire_core import STEP_KEYS
from core.permissions import can

from .common import STEP_TEMPLATE, AssessmentPageMixin


class StepView(AssessmentPageMixin, TemplateView):
    template_name = STEP_TEMPLATE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = self.get_assessment()
        state = selectors.questionnaire_state(assessment)
        try:
            step = state.framework.step(self.kwargs["step"])
        except KeyError:
            raise Http404 from None
        index = list(state.framework.steps).index(step)
        steps = state.framework.steps
        context.update(
            assessment=assessment,
            state=state,
            step=step,
            step_number=index + 1,
            previous_step=steps[index - 1] if index > 0 else None,
            next_step=steps[index + 1] if index + 1 < len(steps) else None,
            sections=[
                {
                    "section": section,
                    "items": [self.question_item(state, q) for q in section.questions],
                }
                for section in step.sections
            ],
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
        state = selectors.questionnaire_state(assessment)
        context.update(
            assessment=assessment,
            state=state,
            unanswered=state.unanswered(),
            step_keys=STEP_KEYS,
        )
        return context
