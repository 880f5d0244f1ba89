"""Creating, editing, deleting and archiving an assessment, each through its service."""

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
from assessment.assessments.forms import AssessmentForm
from assessment.assessments.views.browse import TEMPLATES, AssessmentViewMixin
from assessment.models import Assessment
from assessment.questionnaire_core import STEP_KEYS
from core.services import ServiceError, ServiceForbidden
from core.views.generic import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectUpdateView,
)
from core.views.mixins import ScopedObjectMixin


class AssessmentCreateView(AssessmentViewMixin, ObjectCreateView):
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


class AssessmentUpdateView(AssessmentViewMixin, ObjectUpdateView):
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

    def delete_object(self, obj) -> None:
        try:
            services.delete_assessment(assessment=obj, user=self.request.user)
        except ServiceForbidden:  # finalised since the page was opened
            raise PermissionDenied from None


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


class _PinView(_ArchiveView):
    """POST only: pin or unpin one assessment as the organisation's current one (owners)."""

    permission_required = "assessment.pin"

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            self.act(self.object)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, self.message % {"object": self.object})
        return HttpResponseRedirect(self.object.get_absolute_url())


class AssessmentPinView(_PinView):
    message = gettext_lazy(
        "Pinned %(object)s: every member's home page and the Roadmap now open it."
    )

    def act(self, assessment):
        services.pin_assessment(assessment=assessment, user=self.request.user)


class AssessmentUnpinView(_PinView):
    message = gettext_lazy(
        "Unpinned %(object)s: the home page opens the newest assessment still open again."
    )

    def act(self, assessment):
        services.unpin_assessment(assessment=assessment, user=self.request.user)
