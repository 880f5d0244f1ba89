"""The inventory and taxonomy endpoints: list, read, change, import and export."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from assessment.api.common import NO_PUT, OrganisationViewSetBase, ReadOnlyViewSet
from assessment.api.inventory.import_answers import import_error, import_result
from assessment.api.inventory.import_jobs import ImportJobSerializer
from assessment.api.inventory.import_serializers import (
    DRY_RUN_HELP,
    ImportErrorSerializer,
    ImportQuerySerializer,
    ImportResultSerializer,
    ImportRowsSerializer,
    ImportUploadSerializer,
)
from assessment.api.inventory.serializers import (
    DataObjectSerializer,
    IntegrationSerializer,
    ReviewSerializer,
    ToolCategorySerializer,
    ToolSerializer,
    ToolSubcategorySerializer,
    TouchpointSerializer,
)
from assessment.inventory import exporters, imports, selectors, services
from assessment.inventory import import_jobs as jobs
from assessment.inventory.filtersets import (
    DataObjectFilterSet,
    IntegrationFilterSet,
    ToolCategoryFilterSet,
    ToolFilterSet,
    ToolSubcategoryFilterSet,
    TouchpointFilterSet,
)
from assessment.models import (
    DataObject,
    Integration,
    Tool,
    ToolCategory,
    ToolSubcategory,
    Touchpoint,
)
from core.api.errors import APIError
from core.api.parsers import JSONParser
from core.services import ServiceError

XLSX = exporters.CONTENT_TYPES["xlsx"]


class InventoryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    OrganisationViewSetBase,
):
    """CRUD through the services; sorting is the FilterSet's `o`; import and export."""

    inventory = ""  # the importer's slug: "tools", "integrations", "touchpoints"
    http_method_names = NO_PUT
    filter_backends = [DjangoFilterBackend]  # sorting is the FilterSet's own `o`
    filtered_actions = ("export",)

    @property
    def permission_actions(self):
        resource = self.permission_resource
        return {
            "import_rows": f"{resource}.add",
            "export": f"{resource}.view",
            "review": f"{resource}.review",
            "confirm": f"{resource}.confirm",
        }

    def reload(self, obj):
        return self.get_queryset().get(pk=obj.pk)

    def perform_create(self, serializer):
        obj = services.create_object(
            model=self.model,
            organisation=self.request.organisation,
            user=self.request.user,
            **serializer.validated_data,
        )
        serializer.instance = self.reload(obj)

    def perform_update(self, serializer):
        obj = services.update_object(
            instance=serializer.instance, user=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.reload(obj)

    def perform_destroy(self, instance):
        services.delete_object(instance=instance, user=self.request.user)

    # -- import ---------------------------------------------------------------------------
    @extend_schema(
        summary="Import rows (CSV/XLSX upload or JSON rows), all or nothing; or a dry run",
        description=(
            "The same importer as the pages: headers are matched by title or alias (or by "
            "`columns`), every row is checked, and nothing is written unless every row is "
            "clean. Rows update the entry with the same identity instead of duplicating it; "
            "a row equal to its entry is counted `unchanged` and not saved. A 400 lists every "
            "row error (`rows`, `fields` as `[index].field`) and every choice value that "
            "matches no option (`unresolved`; map it with `values`). With `dry_run` "
            "(`?dry_run=1` or the body's field) the answer is the same report with nothing "
            "written, problems included (status 200, `ok` false). Every answer lists "
            "`ignored_columns`, the `applied_mappings` remembered from the organisation's "
            "last import of a file with the same headers, date-order `warnings`, and (tools) "
            "the `catalogue_hints`: rows whose name is a known product, with the blank fields "
            "the catalogue fills unless `use_catalogue` is false. A "
            "commit with column or value mappings remembers them for that header shape. "
            "Another import adding the same entry at the same moment is a 409; nothing of "
            "either file is half-written. A file of more than `IMPORT_SYNC_MAX_ROWS` rows "
            "(2,000 by default; dry runs too) is not imported in the request: the answer is "
            "a **202** with the job (`status_url`, also in `Location`) to poll at "
            "`import-jobs/{id}/`; its row problems come back on the job."
        ),
        parameters=[
            OpenApiParameter(
                "dry_run", bool, OpenApiParameter.QUERY, required=False, description=DRY_RUN_HELP
            )
        ],
        request={
            "multipart/form-data": ImportUploadSerializer,
            "application/json": ImportRowsSerializer,
        },
        responses={
            200: ImportResultSerializer,
            202: OpenApiResponse(
                ImportJobSerializer,
                description="A file of more than `IMPORT_SYNC_MAX_ROWS` rows (dry run "
                "included): queued for the task worker. Poll `status_url` (also the "
                "`Location` header) until `status` is done or failed.",
            ),
            400: ImportErrorSerializer,
            409: ImportErrorSerializer,
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=[JSONParser, MultiPartParser],
    )
    def import_rows(self, request):
        organisation = request.organisation
        query = ImportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        if request.content_type.startswith("multipart/"):
            form = ImportUploadSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            data = form.validated_data
            upload = data["file"]
            # Parsed from the upload in memory: the API stores no preview.
            sheet = imports.read_upload(upload)
            headers, rows, row_numbers = sheet
            read_errors, read_warnings = sheet.errors, sheet.warnings
            filename, values = upload.name or "upload", data.get("values") or {}
        else:
            form = ImportRowsSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            data = form.validated_data
            headers = list(dict.fromkeys(key for row in data["rows"] for key in row))
            rows = [[row.get(h) for h in headers] for row in data["rows"]]
            row_numbers = None  # rows[i] is spreadsheet row i + 2, as documented
            filename = "api.json"
            read_errors, read_warnings = [], []
            values = {**(data.get("choice_resolutions") or {})}
            for field_key, chosen in (data.get("values") or {}).items():
                values[field_key] = {**values.get(field_key, {}), **chosen}
        overrides, problems = imports.column_overrides(
            headers, self.inventory, data.get("columns") or {}
        )
        if problems:
            raise serializers.ValidationError({"columns": problems})
        arguments = {
            "organisation": organisation,
            "user": request.user,
            "inventory": self.inventory,
            "headers": headers,
            "rows": rows,
            "filename": filename,
            "day_first": data["day_first"],
            "use_catalogue": data["use_catalogue"],
            "resolutions": values,
            "row_numbers": row_numbers,
            "overrides": overrides,
            "dry_run": query.validated_data.get("dry_run", False) or data["dry_run"],
            "read_errors": read_errors,
            "read_warnings": read_warnings,
        }
        if jobs.is_large(rows):  # too long for the request: 202 and a job to poll
            try:
                job = jobs.start_api_import(**arguments)
            except imports.ImportStorageError as error:
                raise APIError(error.message, status=503, code="import_storage") from error
            body = ImportJobSerializer(job, context=self.get_serializer_context()).data
            return Response(
                body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["status_url"]}
            )
        try:
            outcome = imports.import_rows(**arguments)
        except ServiceError as error:  # another import or edit got there first
            raise APIError(error.message, status=409, code="import_conflict") from error
        if outcome.counts is None and not outcome.dry_run:
            raise import_error(outcome)
        return Response(import_result(outcome))

    # -- export ---------------------------------------------------------------------------
    def perform_content_negotiation(self, request, force=False):
        if self.action == "export":  # `format` names the file type here, not a renderer
            return JSONRenderer(), JSONRenderer.media_type
        return super().perform_content_negotiation(request, force)

    @extend_schema(
        summary="Download the rows matching the filters as CSV or XLSX",
        parameters=[
            OpenApiParameter(
                "format", str, enum=["csv", "xlsx"], default="csv", description="File type."
            )
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="CSV, UTF-8"),
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="Excel workbook"),
        },
    )
    @action(
        detail=False, methods=["get"], url_path="export", url_name="export", pagination_class=None
    )
    def export(self, request):
        file_format = request.query_params.get("format", "csv") or "csv"
        if file_format not in exporters.CONTENT_TYPES:
            raise serializers.ValidationError({"format": [_("Choose csv or xlsx.")]})
        objects = self.filter_queryset(self.get_queryset())
        content = exporters.export(self.inventory, objects, file_format)
        response = HttpResponse(content, content_type=exporters.CONTENT_TYPES[file_format])
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="{self.inventory}-{stamp}.{file_format}"'
        )
        return response


class ToolViewSet(InventoryViewSet):
    """The tool inventory. Editors and owners change it; everyone reads it."""

    model = Tool
    serializer_class = ToolSerializer
    filterset_class = ToolFilterSet
    permission_resource = "tool"
    inventory = "tools"

    def selector(self, organisation):
        return selectors.tools(organisation).select_related("owned_by", "confirmed_by")

    @extend_schema(
        summary="The owner confirms the tool's record (cost, seats, owner, lifecycle)",
        description=(
            "Sets `confirmed_by` and `confirmed_at`. Only the tool's owner member "
            "(`owned_by`) or an owner of the organisation may confirm (403 otherwise). An "
            "edit of a confirmed field by someone else clears the confirmation; it goes "
            "stale after the organisation's `confirmation_stale_days` (docs/inventories.md)."
        ),
        request=None,
        responses={200: ToolSerializer},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        tool = self.get_object()
        services.confirm_tool(tool=tool, user=request.user)
        return Response(self.get_serializer(self.reload(tool)).data)


class IntegrationViewSet(InventoryViewSet):
    """Integrations between tools. A change sends a reviewed one back to review."""

    model = Integration
    serializer_class = IntegrationSerializer
    filterset_class = IntegrationFilterSet
    permission_resource = "integration"
    inventory = "integrations"

    def selector(self, organisation):
        return selectors.integrations(organisation)

    @extend_schema(
        summary="IT's review: verify, or flag with a note",
        request=ReviewSerializer,
        responses={200: IntegrationSerializer},
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        integration = self.get_object()
        form = ReviewSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.review_integration(
            integration=integration,
            user=request.user,
            state=form.validated_data["state"],
            note=form.validated_data["note"],
        )
        return Response(self.get_serializer(self.reload(integration)).data)


class TouchpointViewSet(InventoryViewSet):
    """Customer touchpoints per journey stage and channel."""

    model = Touchpoint
    serializer_class = TouchpointSerializer
    filterset_class = TouchpointFilterSet
    permission_resource = "touchpoint"
    inventory = "touchpoints"

    def selector(self, organisation):
        return selectors.touchpoints(organisation)


class ToolCategoryViewSet(ReadOnlyViewSet):
    model = ToolCategory
    serializer_class = ToolCategorySerializer
    filterset_class = ToolCategoryFilterSet
    permission_resource = "toolcategory"
    ordering_fields = ["position", "name", "key"]

    def selector(self, organisation):
        return selectors.categories(organisation)


class ToolSubcategoryViewSet(ReadOnlyViewSet):
    model = ToolSubcategory
    serializer_class = ToolSubcategorySerializer
    filterset_class = ToolSubcategoryFilterSet
    permission_resource = "toolsubcategory"
    ordering_fields = ["position", "name", "key"]

    def selector(self, organisation):
        return selectors.subcategories(organisation)


class DataObjectViewSet(ReadOnlyViewSet):
    model = DataObject
    serializer_class = DataObjectSerializer
    filterset_class = DataObjectFilterSet
    permission_resource = "dataobject"
    ordering_fields = ["position", "name", "key"]

    def selector(self, organisation):
        # Meta.ordering is dropped by the aggregate's GROUP BY.
        return selectors.data_objects(organisation).order_by("position", "name", "pk")
