"""Report exports: start one (`assessments/{id}/report-exports/`), poll it
(`report-exports/{id}/`), download the PDF (`report-exports/{id}/download/`).

Starting goes through `assessment.report.services.request_export` (an identical request is
served from the cache; small inventories render in the request, large ones in the task
worker) with the options validated by the page's `ReportOptionsForm`. Every role may
export (`report.export`), as on the pages."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from assessment.models import ExportStatus, PageSize, ReportExport
from assessment.report import services
from assessment.report.filtersets import ReportExportFilterSet
from assessment.report.forms import ReportOptionsForm
from assessment.report.render import SECTIONS
from assessment.report.selectors import export_state
from core.api.errors import Conflict, ErrorSerializer
from core.selectors import worker_is_alive

from .common import ReadOnlyViewSet
from .results import form_errors


class ReportExportSerializer(serializers.ModelSerializer):
    requested_by = serializers.EmailField(
        source="requested_by.email", read_only=True, allow_null=True, default=None
    )
    sections = serializers.ListField(child=serializers.CharField(), read_only=True)
    url = serializers.SerializerMethodField(help_text="This export (poll it while pending).")
    download_url = serializers.SerializerMethodField(
        help_text="The PDF, once `status` is done (null before)."
    )
    state = serializers.SerializerMethodField(
        help_text="`status` as a person reads it: queued, waiting_for_worker (queued, and no "
        "background worker is running), running, stalled (its worker stopped; it will be "
        "retried or failed), done or failed."
    )
    state_message = serializers.SerializerMethodField(
        help_text="The state in plain words, in the request's language."
    )

    class Meta:
        model = ReportExport
        fields = [
            "id",
            "assessment",
            "status",
            "progress",
            "sections",
            "page_size",
            "language",
            "pages",
            "size_bytes",
            "error",
            "requested_by",
            "automatic",
            "created_at",
            "started_at",
            "finished_at",
            "url",
            "download_url",
            "state",
            "state_message",
        ]
        read_only_fields = fields

    def _state(self, export):
        alive = True  # only a queued export asks whether a worker runs
        if export.status == ExportStatus.QUEUED:
            root = self.root  # one query per response, however many exports it lists
            if getattr(root, "_worker_alive", None) is None:
                root._worker_alive = worker_is_alive()
            alive = root._worker_alive
        return export_state(export, worker_alive=alive)

    def get_state(self, export) -> str:
        return self._state(export).code

    def get_state_message(self, export) -> str:
        return self._state(export).message

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_url(self, export) -> str:
        return self._absolute(reverse("api-reportexport-detail", args=[export.pk]))

    def get_download_url(self, export) -> str | None:
        if not export.is_ready:
            return None
        return self._absolute(reverse("api-reportexport-download", args=[export.pk]))


class ReportOptionsSerializer(serializers.Serializer):
    """Left out: the page's defaults (every section but the full inventory, the
    organisation's paper size and report language: the options of the ready copy, handed
    over at once while the data has not changed)."""

    sections = serializers.ListField(
        child=serializers.ChoiceField(choices=[key for key, _label in SECTIONS]),
        required=False,
        help_text="Sections in any order (printed in the report's order); the cover and the "
        "table of contents are always included. Left out: all but `changes` (the appendix "
        "of changes since the last final assessment, from the history) and `inventory`.",
    )
    page_size = serializers.ChoiceField(choices=PageSize.choices, required=False)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)

    def validate(self, attrs):
        organisation = self.context.get("organisation")
        initial = ReportOptionsForm(organisation=organisation)
        data = {
            name: attrs[name] if name in attrs else initial.fields[name].initial
            for name in ("sections", "page_size", "language")
        }
        form = ReportOptionsForm(data=data, organisation=organisation)
        if not form.is_valid():
            raise form_errors(form)
        return form.cleaned_data


class ReportExportActions:
    """`POST assessments/{id}/report-exports/`, mixed into the assessment viewset."""

    report_permission_actions = {"report_exports": "report.export"}

    @extend_schema(
        summary="Start a report export (PDF)",
        description=(
            "**201** with a new export: `done` at once for inventories the app renders in the "
            "request, else `queued` — poll `url` until `done` (or `failed`), then get "
            "`download_url`. **200** with an existing export when an identical report "
            "(same content, sections, paper and language) is already rendered or pending: "
            "the same id, nothing rendered twice — with the organisation's options and the "
            "data unchanged, that is the ready copy the worker keeps (`automatic` true). "
            "Every role may export."
        ),
        request=ReportOptionsSerializer,
        responses={201: ReportExportSerializer, 200: ReportExportSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="report-exports",
        url_name="report-exports",
        pagination_class=None,
        filter_backends=[],
    )
    def report_exports(self, request, *args, **kwargs):
        assessment = self.get_object()
        options = ReportOptionsSerializer(
            data=request.data, context={"organisation": assessment.organisation}
        )
        options.is_valid(raise_exception=True)
        started = timezone.now()
        export = services.request_export(
            assessment=assessment, user=request.user, **options.validated_data
        )
        export = ReportExport.objects.select_related("requested_by").get(pk=export.pk)
        created = export.created_at >= started
        return Response(
            ReportExportSerializer(export, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ReportExportViewSet(ReadOnlyViewSet):
    """The organisation's report exports, newest first; `download/` gets the PDF."""

    model = ReportExport
    serializer_class = ReportExportSerializer
    permission_resource = "report"
    permission_actions = {"download": "report.export"}
    filterset_class = ReportExportFilterSet
    ordering_fields = ["created_at"]

    def selector(self, organisation):
        return (
            ReportExport.objects.for_organisation(organisation)
            .select_related("assessment", "requested_by")
            .order_by("-created_at", "-pk")
        )

    def perform_content_negotiation(self, request, force=False):
        if self.action == "download":  # the PDF, or an error in the one JSON body
            return JSONRenderer(), JSONRenderer.media_type
        return super().perform_content_negotiation(request, force)

    @extend_schema(
        summary="Download the PDF",
        description="**409** while the export is queued or rendering (poll it) or when it "
        "failed (start a new one); **404** when the file is gone.",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="PDF"),
            409: ErrorSerializer,
        },
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def download(self, request, *args, **kwargs):
        export = self.get_object()
        if export.status == ExportStatus.FAILED:
            raise Conflict(_("The report could not be rendered; start a new export."))
        if not export.is_ready:
            raise Conflict(_("The report is not ready yet; poll the export until it is done."))
        try:
            handle = export.file.open("rb")
        except FileNotFoundError:
            raise exceptions.NotFound(_("The report's file is gone; start a new export.")) from None
        return FileResponse(
            handle, as_attachment=True, filename=export.filename, content_type="application/pdf"
        )
