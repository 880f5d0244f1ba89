"""One export: its progress while the worker renders it, then the PDF download."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.generic import DetailView

from assessment.models import ReportExport
from assessment.report.selectors import export_state
from core.htmx import HtmxPartialMixin, is_htmx, trigger
from core.views.mixins import ScopedObjectMixin


class ReportExportDetailView(HtmxPartialMixin, ScopedObjectMixin, DetailView):
    """An export's progress (polled by htmx while it renders) and its download link."""

    model = ReportExport
    permission_required = "report.view"
    template_name = "assessment/report/export_detail.html"
    htmx_partial = "status"

    def get_queryset(self):
        return super().get_queryset().select_related("assessment", "requested_by")

    def get_context_data(self, **kwargs):
        # Polled: says "stalled" or "waiting for the background worker" when that is so.
        # Polled to the end, the download starts by itself (the person was waiting for it).
        return super().get_context_data(
            state=export_state(self.object),
            autodownload=is_htmx(self.request),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if is_htmx(self.request) and self.object.is_ready:
            trigger(response, "export-ready")  # the page's list of exports refreshes
        return response


class ReportExportDownloadView(ScopedObjectMixin, DetailView):
    model = ReportExport
    permission_required = "report.export"

    def get(self, request, *args, **kwargs):
        export = self.get_object()
        if not export.is_ready:
            return redirect(export.get_absolute_url())
        try:
            handle = export.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return FileResponse(
            handle, as_attachment=True, filename=export.filename, content_type="application/pdf"
        )
