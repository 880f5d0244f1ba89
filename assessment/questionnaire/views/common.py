"""What the step page and the answer views share: loading the assessment, question items."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.urls import reverse

from assessment.models import Answer, Assessment
from assessment.questionnaire import assignments, selectors
from assessment.questionnaire.forms import answer_form, note_form
from assessment.questionnaire_core import Question
from core.permissions import can
from core.views.mixins import PermissionRequiredMixin

STEP_TEMPLATE = "assessment/questionnaire/step.html"


@dataclass
class QuestionItem:
    """Everything the `question` partial renders for one question."""

    question: Question
    answer: Answer | None
    visible: bool
    form: Any
    note_form: Any
    may_answer: bool
    may_note: bool
    conflict: Any = None  # {"field": "value"|"note", "theirs": Answer}
    error: str = ""
    note_error: str = ""
    saved: bool = False
    note_saved: bool = False
    save_url: str = ""
    note_url: str = ""


_KEY_MARKER = "question-key-marker"


class AssessmentPageMixin(PermissionRequiredMixin):
    """Pages of one assessment (step, review, answers): viewers read, object rules apply."""

    permission_required = "assessment.view"

    def get_assessment(self) -> Assessment:
        if not hasattr(self, "_assessment"):
            try:
                self._assessment = selectors.assessment_for(
                    self.request.organisation, self.kwargs["pk"]
                )
            except Assessment.DoesNotExist:
                raise Http404 from None
        return self._assessment

    def assigned_keys(self, assessment) -> frozenset[str]:
        """The questions assigned to the signed-in member (docs/questionnaire.md)."""
        if getattr(self, "_assigned_of", None) != assessment.pk:
            self._assigned = assignments.assigned_keys(assessment, self.request.user)
            self._assigned_of = assessment.pk
        return self._assigned

    def may_answer(self, question: Question, assessment) -> bool:
        """The role allows it, or the member was asked to answer this question."""
        return assignments.may_answer(
            self.request.membership, assessment, question, self.assigned_keys(assessment)
        )

    def question_item(self, state, question: Question, **extra) -> QuestionItem:
        membership = self.request.membership
        assessment = state.assessment
        answer = state.answers.get(question.key)
        item = QuestionItem(
            question=question,
            answer=answer,
            visible=state.is_visible(question.key),
            form=extra.pop("form", None) or answer_form(question, answer=answer),
            note_form=extra.pop("note_form", None) or note_form(question, answer=answer),
            may_answer=self.may_answer(question, assessment),
            may_note=can(membership, "answer.note", assessment),
        )
        # two `reverse()` per assessment, not two `{% url %}` per question
        if getattr(self, "_answer_urls_of", None) != assessment.pk:
            self._answer_urls = (
                reverse("answer_save", args=[assessment.pk, _KEY_MARKER]),
                reverse("answer_note", args=[assessment.pk, _KEY_MARKER]),
            )
            self._answer_urls_of = assessment.pk
        item.save_url = self._answer_urls[0].replace(_KEY_MARKER, question.key)
        item.note_url = self._answer_urls[1].replace(_KEY_MARKER, question.key)
        for name, value in extra.items():
            setattr(item, name, value)
        return item
