"""Report pages: the list of assessments to print, and choosing sections, paper and language."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from assessment.models import Assessment, ExportStatus, ReportExport
from assessment.report import ready, services
from assessment.report.forms import ReportOptionsForm
from assessment.report.selectors import export_state
from core.htmx import HtmxPartialMixin, is_htmx, partial_name
from core.views.mixins import PermissionRequiredMixin, ScopedObjectMixin


class ReportListView(PermissionRequiredMixin, ListView):
    """The Reports area: every assessment with a Print button, and recent exports."""

    permission_required = "report.view"
    template_name = "assessment/report/report_list.html"
    context_object_name = "exports"
    paginate_by = 25

    def get_queryset(self):
        return (
            ReportExport.objects.for_organisation(self.request.organisation)
            .filter(automatic=False)  # ready copies: on each assessment's Print page
            .select_related("assessment", "requested_by")
            .order_by("-created_at")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessments = (
            Assessment.objects.for_organisation(self.request.organisation)
            .filter(archived_at__isnull=True)  # archived ones print from their own page
            .select_related("organisation")
            .order_by("-created_at")
        )
        # Print downloads the ready copy when it is current (two queries an assessment).
        context["assessments"] = [(a, ready.current_copy(a)) for a in assessments]
        return context


class AssessmentReportView(HtmxPartialMixin, ScopedObjectMixin, FormView):
    """Options for one assessment's report; POST renders (or finds in the cache) the PDF.
    The ready copy's card (``ready``) is polled by htmx while a fresher one is made.

    Posted by htmx, the answer is the export's card in place (``result``: its progress, or
    the download, which starts by itself) and a fresh list of earlier exports, out of band;
    a form with errors comes back in place of the form (``options``)."""

    model = Assessment
    permission_required = "report.export"
    form_class = ReportOptionsForm
    template_name = "assessment/report/report_form.html"
    htmx_partial = "ready"
    htmx_partials = {"earlier-exports": "exports", "ready-copy": "ready"}

    def get_object(self, queryset=None):
        try:
            obj = (
                self.get_queryset()
                .select_related("organisation", "framework_version")
                .get(pk=self.kwargs["pk"])
            )
        except Assessment.DoesNotExist as error:
            raise Http404 from error
        return obj

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.request.organisation}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.object = self.get_object()
        context["assessment"] = self.object
        context["ready"] = ready.ready_state(self.object)
        context["exports"] = (
            ReportExport.objects.for_organisation(self.request.organisation)
            .filter(assessment=self.object, automatic=False)  # the ready copy has its card
            .select_related("requested_by")
            .order_by("-created_at")[:10]
        )
        return context

    def form_valid(self, form):
        assessment = self.get_object()
        export = services.request_export(
            assessment=assessment,
            user=self.request.user,
            sections=form.cleaned_data["sections"],
            page_size=form.cleaned_data["page_size"],
            language=form.cleaned_data["language"],
            keep_record=True,
        )
        if is_htmx(self.request):
            context = self.get_context_data(form=form)
            context.update(export=export, state=export_state(export), autodownload=True)
            return self._partial("result", context)
        if export.is_ready:
            return redirect("reportexport_download", pk=export.pk)
        if export.status == ExportStatus.FAILED:
            messages.error(self.request, _("The report could not be rendered: %s") % export.error)
        return redirect(export.get_absolute_url())

    def form_invalid(self, form):
        if not is_htmx(self.request):
            return super().form_invalid(form)
        response = self._partial("options", self.get_context_data(form=form))
        response["HX-Retarget"] = "#report-options"
        response["HX-Reswap"] = "outerHTML"
        return response

    def _partial(self, name: str, context: dict) -> TemplateResponse:
        return TemplateResponse(self.request, partial_name(self.template_name, name), context)
