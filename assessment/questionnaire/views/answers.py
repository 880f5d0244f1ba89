"""Autosave of one answer or one note (htmx): re-render the question's partial.

Responses: 200 saved (plus out-of-band progress and questions whose visibility changed),
422 invalid (the input is kept as typed, with the message), 409 stale save (the other
person's answer is shown beside yours: keep mine / use theirs), 403 refused role or
final assessment, 404 another organisation's assessment or an unknown question.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.views import View

from assessment.comments.selectors import question_open_counts
from assessment.questionnaire import selectors, services
from assessment.questionnaire.forms import answer_form, note_form
from core.permissions import can

from .common import STEP_TEMPLATE, AssessmentPageMixin


@dataclass(frozen=True)
class _Part:
    """What differs between saving a question's answer and saving its note."""

    field: str  # the conflict's field, as the template shows it
    form_arg: str  # question_item's keyword for the form
    error_arg: str  # question_item's keyword for the message
    make_form: Callable
    version: str  # the stored answer's version attribute of this part


ANSWER = _Part("value", "form", "error", answer_form, "version")
NOTE = _Part("note", "note_form", "note_error", note_form, "note_version")


class _QuestionPostView(AssessmentPageMixin, View):
    """Saving one part of a question: the subclass names the part, the action the role
    needs, the service call and the saved response; refusals are answered alike."""

    http_method_names = ["post"]
    part: _Part

    def action(self, question) -> str:
        raise NotImplementedError

    def allowed(self, question, assessment) -> bool:
        return can(self.request.membership, self.action(question), assessment)

    def save(self, assessment, question, form) -> None:
        raise NotImplementedError

    def saved(self, before, after, question) -> HttpResponse:
        raise NotImplementedError

    def post(self, request, pk, question_key):
        assessment = self.get_assessment()
        question = self.get_question(assessment)
        if not self.allowed(question, assessment):
            raise PermissionDenied
        before = selectors.questionnaire_state(assessment)
        form = self.part.make_form(question, data=request.POST)
        if request.POST.get("discard"):
            # "Use theirs": show the stored answer again, change nothing.
            return self.render_question(before, self.question_item(before, question))
        try:
            self.save(assessment, question, form)
        except services.AnswerInvalid as error:
            return self.refused(before, question, form, error, status=422)
        except services.AnswerConflict as conflict:
            return self.stale(before, question, conflict.current)
        except services.ServiceError as error:
            return self.refused(before, question, form, error, status=403)
        return self.saved(before, selectors.questionnaire_state(assessment), question)

    def refused(self, state, question, form, error, status) -> HttpResponse:
        """The input kept as typed, with the message."""
        shown = {self.part.form_arg: form, self.part.error_arg: " ".join(error.messages)}
        return self.render_question(state, self.question_item(state, question, **shown), status)

    def stale(self, state, question, theirs) -> HttpResponse:
        """409: theirs beside mine; mine now based on their version (keep mine / use theirs)."""
        base_version = getattr(theirs, self.part.version) if theirs else 0
        mine = self.part.make_form(question, data=self.request.POST, base_version=base_version)
        conflict = {"field": self.part.field, "theirs": theirs}
        item = self.question_item(state, question, **{self.part.form_arg: mine}, conflict=conflict)
        return self.render_question(state, item, status=409)

    def get_question(self, assessment):
        try:
            return assessment.framework.question(self.kwargs["question_key"])
        except KeyError:
            raise Http404 from None

    def render_question(self, state, item, status=200, extra: str = "") -> HttpResponse:
        if not hasattr(item, "open_threads"):  # "Discuss (2 open)" stays true after a save
            counts = question_open_counts(state.assessment, [item.question.key])
            item.open_threads = counts.get(item.question.key, 0)
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
    part = ANSWER

    def action(self, question) -> str:
        return selectors.answer_action(question)

    def allowed(self, question, assessment) -> bool:
        # a member asked to answer the question may, whatever their role
        return self.may_answer(question, assessment)

    def save(self, assessment, question, form) -> None:
        services.save_answer(
            assessment=assessment,
            question_key=question.key,
            raw_value=form.raw_value(),
            na=form.is_na(),
            base_version=form.base(),
            user=self.request.user,
        )

    def saved(self, before, after, question) -> HttpResponse:
        item = self.question_item(after, question, saved=True)
        return self.render_question(
            after, item, extra=self.oob_updates(before, after, question.step)
        )


class AnswerNoteView(_QuestionPostView):
    part = NOTE

    def action(self, question) -> str:
        return "answer.note"

    def save(self, assessment, question, form) -> None:
        services.save_note(
            assessment=assessment,
            question_key=question.key,
            note=self.request.POST.get(form.add_prefix("note"), ""),
            base_version=form.base(),
            user=self.request.user,
        )

    def saved(self, before, after, question) -> HttpResponse:
        return self.render_question(after, self.question_item(after, question, note_saved=True))
