"""Autosave of one answer or one note (htmx): re-render the question's partial.

Responses: 200 saved (plus out-of-band progress and questions whose visibility changed),
422 invalid (the input is kept as typed, with the message), 409 stale save (the other
person's answer is shown beside yours: keep mine / use theirs), 403 refused role or
final assessment, 404 another organisation's assessment or an unknown question.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.views import View

from assessment.questionnaire import selectors, services
from assessment.questionnaire.forms import answer_form, note_form
from core.permissions import can

from .common import STEP_TEMPLATE, AssessmentPageMixin


class _QuestionPostView(AssessmentPageMixin, View):
    http_method_names = ["post"]

    def get_question(self, assessment):
        try:
            return assessment.framework.question(self.kwargs["question_key"])
        except KeyError:
            raise Http404 from None

    def render_question(self, state, item, status=200, extra: str = "") -> HttpResponse:
        context = {"assessment": state.assessment, "state": state, "item": item}
        html = render_to_string(f"{STEP_TEMPLATE}#question", context, request=self.request)
        return HttpResponse(html + extra, status=status)

    def oob_updates(self, before, after, step_key) -> str:
        """Progress and every question on this step whose visibility changed."""
        parts = [
            render_to_string(
                f"{STEP_TEMPLATE}#progress",
                {
                    "assessment": after.assessment,
                    "state": after,
                    "oob": True,
                    "step": after.framework.step(step_key),
                },
                request=self.request,
            )
        ]
        for question in after.framework.step(step_key).questions():
            if before.is_visible(question.key) != after.is_visible(question.key):
                item = self.question_item(after, question)
                parts.append(
                    render_to_string(
                        f"{STEP_TEMPLATE}#question",
                        {"assessment": after.assessment, "state": after, "item": item, "oob": True},
                        request=self.request,
                    )
                )
        return "".join(parts)


class AnswerSaveView(_QuestionPostView):
    def post(self, request, pk, question_key):
        assessment = self.get_assessment()
        question = self.get_question(assessment)
        if not can(request.membership, selectors.answer_action(question), assessment):
            raise PermissionDenied
        before = selectors.questionnaire_state(assessment)
        form = answer_form(question, data=request.POST)
        if request.POST.get("discard"):
            # "Use theirs": show the stored answer again, change nothing.
            return self.render_question(before, self.question_item(before, question))
        try:
            services.save_answer(
                assessment=assessment,
                question_key=question.key,
                raw_value=form.raw_value(),
                na=form.is_na(),
                base_version=form.base(),
                user=request.user,
            )
        except services.AnswerInvalid as error:
            item = self.question_item(before, question, form=form, error=" ".join(error.messages))
            return self.render_question(before, item, status=422)
        except services.AnswerConflict as conflict:
            theirs = conflict.current
            mine = answer_form(
                question, data=request.POST, base_version=theirs.version if theirs else 0
            )
            item = self.question_item(
                before, question, form=mine, conflict={"field": "value", "theirs": theirs}
            )
            return self.render_question(before, item, status=409)
        except services.ServiceError as error:
            item = self.question_item(before, question, form=form, error=" ".join(error.messages))
            return self.render_question(before, item, status=403)
        after = selectors.questionnaire_state(assessment)
        item = self.question_item(after, question, saved=True)
        return self.render_question(
            after, item, extra=self.oob_updates(before, after, question.step)
        )


class AnswerNoteView(_QuestionPostView):
    def post(self, request, pk, question_key):
        assessment = self.get_assessment()
        question = self.get_question(assessment)
        if not can(request.membership, "answer.note", assessment):
            raise PermissionDenied
        state = selectors.questionnaire_state(assessment)
        form = note_form(question, data=request.POST)
        if request.POST.get("discard"):
            return self.render_question(state, self.question_item(state, question))
        try:
            services.save_note(
                assessment=assessment,
                question_key=question.key,
                note=request.POST.get(form.add_prefix("note"), ""),
                base_version=form.base(),
                user=request.user,
            )
        except services.AnswerInvalid as error:
            item = self.question_item(
                state, question, note_form=form, note_error=" ".join(error.messages)
            )
            return self.render_question(state, item, status=422)
        except services.AnswerConflict as conflict:
            theirs = conflict.current
            mine = note_form(
                question, data=request.POST, base_version=theirs.note_version if theirs else 0
            )
            item = self.question_item(
                state, question, note_form=mine, conflict={"field": "note", "theirs": theirs}
            )
            return self.render_question(state, item, status=409)
        except services.ServiceError as error:
            item = self.question_item(
                state, question, note_form=form, note_error=" ".join(error.messages)
            )
            return self.render_question(state, item, status=403)
        state = selectors.questionnaire_state(assessment)
        return self.render_question(state, self.question_item(state, question, note_saved=True))
