"""Assign a step (or single questions of it) to members, remove an assignment, and each
person's My work page. Thin: the services write, the selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from assessment.models import Assessment, Assignment
from assessment.questionnaire import selectors as questionnaire
from assessment.questionnaire.display import localised
from assessment.team import selectors, services
from assessment.team.forms import AssignForm
from core.htmx import is_htmx
from core.permissions import can
from core.views.mixins import PermissionRequiredMixin

ASSIGN_TEMPLATE = "assessment/team/assign.html"


class AssignmentPageMixin(PermissionRequiredMixin):
    """An assessment of the organisation (404 otherwise, for every role) and one step."""

    permission_required = "assignment.view"

    def load(self, step_key: str):
        try:
            assessment = questionnaire.assessment_for(self.request.organisation, self.kwargs["pk"])
        except Assessment.DoesNotExist:
            raise Http404 from None
        try:
            step = assessment.framework.step(step_key)
        except KeyError:
            raise Http404 from None
        return assessment, step

    def render_panel(self, assessment, step, form=None, status=200):
        organisation = self.request.organisation
        membership = self.request.membership
        state = questionnaire.questionnaire_state(assessment, with_people=False)
        team = selectors.team_progress(assessment, state)
        titles = {q.key: localised(q.text) for q in step.questions()}
        context = {
            "assessment": assessment,
            "step": step,
            "form": form or AssignForm(organisation=organisation, step=step),
            "statuses": [
                (status, titles.get(status.assignment.question_key, ""))
                for status in team.by_step.get(step.key, [])
            ],
            "may_delete": can(membership, "assignment.delete", assessment),
            "step_url": reverse("assessment_step", args=[assessment.pk, step.key]),
            "assign_url": reverse("assignment_add", args=[assessment.pk, step.key]),
        }
        template = f"{ASSIGN_TEMPLATE}#assign_panel" if is_htmx(self.request) else ASSIGN_TEMPLATE
        return render(self.request, template, context, status=status)


class AssignStepView(AssignmentPageMixin, View):
    """GET: the form and who is already asked; POST: assign. Owners and editors."""

    def _prepare(self):
        assessment, step = self.load(self.kwargs["step"])
        if not can(self.request.membership, "assignment.add", assessment):
            raise PermissionDenied
        return assessment, step

    def get(self, request, *args, **kwargs):
        assessment, step = self._prepare()
        return self.render_panel(assessment, step)

    def post(self, request, *args, **kwargs):
        assessment, step = self._prepare()
        form = AssignForm(request.POST, organisation=request.organisation, step=step)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assign(
                    assessment=assessment,
                    step=step.key,
                    question_keys=data["question_keys"] or None,
                    assignees=list(data["assignees"]),
                    due_date=data["due_date"],
                    note=data["note"],
                    user=request.user,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                names = ", ".join(u.display_name for u in data["assignees"])
                messages.success(
                    request,
                    _("Assigned %(what)s to %(names)s.")
                    % {"what": localised(step.title), "names": names},
                )
                if not is_htmx(request):
                    return redirect("assessment_step", pk=assessment.pk, step=step.key)
                return self.render_panel(assessment, step)
        return self.render_panel(assessment, step, form, status=422 if is_htmx(request) else 200)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class UnassignView(AssignmentPageMixin, View):
    """POST: remove one assignment (owners and editors)."""

    def post(self, request, *args, **kwargs):
        try:
            assessment = questionnaire.assessment_for(request.organisation, self.kwargs["pk"])
            assignment = Assignment.objects.for_organisation(request.organisation).get(
                assessment=assessment, pk=self.kwargs["assignment_pk"]
            )
        except (Assessment.DoesNotExist, Assignment.DoesNotExist):
            raise Http404 from None
        if not can(request.membership, "assignment.delete", assignment):
            raise PermissionDenied
        services.unassign(assignment=assignment, user=request.user)
        messages.success(
            request,
            _("%(name)s is no longer assigned this work.")
            % {"name": assignment.assignee.display_name},
        )
        try:
            step = assessment.framework.step(assignment.step)
        except KeyError:
            return redirect(assessment.get_absolute_url())
        if is_htmx(request):
            return self.render_panel(assessment, step)
        return redirect("assignment_add", pk=assessment.pk, step=step.key)


class MyWorkView(PermissionRequiredMixin, TemplateView):
    """Everything waiting for the signed-in member (docs/my-work.md)."""

    permission_required = "assignment.view"
    template_name = "assessment/team/my_work.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["work"] = selectors.my_work(
            self.request.user, self.request.organisation, self.request.membership
        )
        return context
