"""Assessment list/detail/add/edit/delete/archive: the generic object views over the
services."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from assessment.assessments import services
from assessment.assessments.filtersets import AssessmentFilterSet
from assessment.assessments.forms import AssessmentForm
from assessment.models import Assessment
from assessment.questionnaire import selectors
from assessment.questionnaire_core import STEP_KEYS
from core.services import ServiceError, ServiceForbidden
from core.views.generic import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)
from core.views.mixins import ScopedObjectMixin

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
        context["state"] = selectors.questionnaire_state(self.object)
        context["participants"] = self.object.participants.order_by("first_name", "email")
        context["targets"] = [
            (row, self.object.targets.get(row["step"].key)) for row in context["state"].steps
        ]
        return context


class _SaveWithServiceMixin:
    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ServiceError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message % {"object": self.object})
        return HttpResponseRedirect(self.get_success_url())


class AssessmentCreateView(AssessmentViewMixin, _SaveWithServiceMixin, ObjectCreateView):
    form_class = AssessmentForm
    template_name = f"{TEMPLATES}/assessment_form.html"
    success_message = gettext_lazy("Created %(object)s. Start with the first step.")

    def get_initial(self):
        today = date.today()
        quarter = (today.month - 1) // 3 + 1
        return {"title": _("Assessment Q%(q)s %(year)s") % {"q": quarter, "year": today.year}}

    def save(self, form):
        return services.create_assessment(
            organisation=self.request.organisation,
            user=self.request.user,
            **form.service_fields(),
        )

    def get_success_url(self):
        return reverse("assessment_step", kwargs={"pk": self.object.pk, "step": STEP_KEYS[0]})


class AssessmentUpdateView(AssessmentViewMixin, _SaveWithServiceMixin, ObjectUpdateView):
    form_class = AssessmentForm
    template_name = f"{TEMPLATES}/assessment_form.html"
    success_message = gettext_lazy("Saved %(object)s.")

    def save(self, form):
        # The ModelForm already set the fields on form.instance; the service re-applies
        # them under a row lock and checks the business rules (the API calls it alike).
        original = Assessment.objects.get(pk=form.instance.pk)
        return services.update_assessment(
            assessment=original, user=self.request.user, **form.service_fields()
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class AssessmentDeleteView(AssessmentViewMixin, ObjectDeleteView):
    """A final assessment is refused (403) by the object rule `assessment.delete`."""

    def form_valid(self, form):
        name = str(self.object)
        try:
            services.delete_assessment(assessment=self.object, user=self.request.user)
        except ServiceForbidden:  # finalised since the page was opened
            raise PermissionDenied from None
        messages.success(self.request, _("Deleted %(name)s.") % {"name": name})
        return HttpResponseRedirect(reverse("assessment_list"))


class _ArchiveView(ScopedObjectMixin, SingleObjectMixin, View):
    """POST only: archive or unarchive one assessment, then back to it (owners)."""

    model = Assessment
    permission_required = "assessment.archive"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.act(self.object)
        messages.success(request, self.message % {"object": self.object})
        return HttpResponseRedirect(self.object.get_absolute_url())


class AssessmentArchiveView(_ArchiveView):
    message = gettext_lazy(
        "Archived %(object)s. It is kept whole but no longer shows in the list, on the home "
        "page or in pickers."
    )

    def act(self, assessment):
        services.archive_assessment(assessment=assessment, user=self.request.user)


class AssessmentUnarchiveView(_ArchiveView):
    message = gettext_lazy("Unarchived %(object)s.")

    def act(self, assessment):
        services.unarchive_assessment(assessment=assessment, user=self.request.user)
