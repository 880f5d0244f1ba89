"""Framework versions: the list (with what changed), one version's questions, the upload."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from assessment.models import FrameworkVersion
from assessment.questionnaire import selectors, services
from assessment.questionnaire.filtersets import FrameworkVersionFilterSet
from assessment.questionnaire.forms import FrameworkUploadForm
from assessment.questionnaire_core import FrameworkError
from core.htmx import HtmxPartialMixin
from core.services import ServiceError
from core.views.mixins import PermissionRequiredMixin

TEMPLATES = "assessment/questionnaire"


class FrameworkListView(HtmxPartialMixin, PermissionRequiredMixin, ListView):
    permission_required = "framework.view"
    template_name = f"{TEMPLATES}/framework_list.html"
    htmx_partial = "results"
    paginate_by = 50

    def get_queryset(self):
        services.ensure_default_framework()
        queryset = selectors.framework_versions_for(self.request.organisation)
        self.filterset = FrameworkVersionFilterSet(self.request.GET or None, queryset=queryset)
        return self.filterset.qs.order_by("key", "-version")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filterset=self.filterset, **kwargs)


class FrameworkDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "framework.view"
    template_name = f"{TEMPLATES}/framework_detail.html"
    context_object_name = "version"

    def get_queryset(self):
        return selectors.framework_versions_for(self.request.organisation)

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except FrameworkVersion.DoesNotExist:
            raise Http404 from None


class FrameworkUploadView(PermissionRequiredMixin, FormView):
    permission_required = "framework.add"
    form_class = FrameworkUploadForm
    template_name = f"{TEMPLATES}/framework_upload.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            version = services.load_framework_version(
                text=form.text,
                filename=upload.name,
                organisation=self.request.organisation,
                user=self.request.user,
            )
        except FrameworkError as error:
            return self.render_to_response(
                self.get_context_data(form=form, issues=error.issues), status=422
            )
        except ServiceError as error:
            for message in error.messages:
                form.add_error("file", message)
            return self.render_to_response(self.get_context_data(form=form), status=422)
        messages.success(
            self.request,
            _("Loaded %(framework)s. New assessments can use it now.") % {"framework": version},
        )
        return redirect(version.get_absolute_url())

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)
