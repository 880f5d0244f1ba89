"""Tools, integrations (with IT's review), touchpoints, their import and export, and the
taxonomy (read). Writes go through `assessment.inventory.services`; validation is the
pages' forms; filters and sorting (`o`) are the pages' FilterSets."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from assessment.inventory import exporters, importers, selectors, services
from assessment.inventory.filtersets import (
    DataObjectFilterSet,
    IntegrationFilterSet,
    ToolCategoryFilterSet,
    ToolFilterSet,
    ToolSubcategoryFilterSet,
    TouchpointFilterSet,
)
from assessment.inventory.forms import IntegrationForm, ToolForm, TouchpointForm
from assessment.inventory_core._base import is_blank, shorten
from assessment.models import (
    DataObject,
    Integration,
    JourneyStage,
    ReviewState,
    Tool,
    ToolCategory,
    ToolSubcategory,
    Touchpoint,
)
from core.api.errors import APIError, ErrorDetailSerializer
from core.api.parsers import JSONParser
from core.services import ServiceError

from .common import (
    NO_PUT,
    FormValidatedSerializer,
    OrganisationViewSetBase,
    ReadOnlyViewSet,
    ScopedSerializerMixin,
    StrictBooleanField,
    StrictCharField,
)

TIMESTAMPS = ["created_at", "updated_at"]


# --- serializers -------------------------------------------------------------------------


class ToolSerializer(FormValidatedSerializer):
    form_class = ToolForm
    stages = serializers.ListField(
        child=serializers.ChoiceField(choices=JourneyStage.choices), required=False
    )
    utilisation = serializers.FloatField(read_only=True, allow_null=True)
    over_capacity = serializers.BooleanField(read_only=True)
    last_day_to_cancel = serializers.DateField(read_only=True, allow_null=True)
    cost_per_active_user = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, allow_null=True
    )
    integration_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Tool
        fields = [
            "id",
            *ToolForm._meta.fields,
            "utilisation",
            "over_capacity",
            "last_day_to_cancel",
            "cost_per_active_user",
            "integration_count",
            *TIMESTAMPS,
        ]
        read_only_fields = TIMESTAMPS
        validators = []  # the form checks unique names (case-insensitive)


class IntegrationSerializer(FormValidatedSerializer):
    form_class = IntegrationForm
    source_name = serializers.CharField(source="source.name", read_only=True)
    target_name = serializers.CharField(source="target.name", read_only=True)
    reviewed_by = serializers.EmailField(
        source="reviewed_by.email", read_only=True, allow_null=True
    )

    class Meta:
        model = Integration
        fields = [
            "id",
            *IntegrationForm._meta.fields,
            "source_name",
            "target_name",
            "review_state",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            *TIMESTAMPS,
        ]
        read_only_fields = ["review_state", "reviewed_at", "review_note", *TIMESTAMPS]
        validators = []


class TouchpointSerializer(FormValidatedSerializer):
    form_class = TouchpointForm

    class Meta:
        model = Touchpoint
        fields = ["id", *TouchpointForm._meta.fields, *TIMESTAMPS]
        read_only_fields = TIMESTAMPS
        validators = []


class ReviewSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=[ReviewState.VERIFIED, ReviewState.FLAGGED])
    note = StrictCharField(required=False, allow_blank=True, default="", max_length=4000)


class ToolCategorySerializer(serializers.ModelSerializer):
    subcategory_count = serializers.IntegerField(read_only=True)
    tool_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ToolCategory
        fields = ["id", "key", "name", "aliases", "position", "subcategory_count", "tool_count"]
        read_only_fields = fields


class ToolSubcategorySerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    tool_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ToolSubcategory
        fields = ["id", "key", "name", "aliases", "position", "category", "tool_count"]
        read_only_fields = fields


class DataObjectSerializer(serializers.ModelSerializer):
    integration_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = DataObject
        fields = ["id", "key", "name", "aliases", "position", "integration_count"]
        read_only_fields = fields


# --- import / export shapes --------------------------------------------------------------


COLUMNS_HELP = (
    'Column mappings, {"Their header": "field key"}; null or "" ignores the column. '
    "They win over the automatic mapping and over remembered mappings."
)
VALUES_HELP = (
    'Value mappings, {"field key": {"Their value": "option key"}}: what a choice value that '
    "matches no option means (the preview's “Values to map”)."
)
DRY_RUN_HELP = "Check and count only: the same answer as an import, with nothing written."


def _columns_child():
    return StrictCharField(max_length=80, allow_null=True, allow_blank=True)


def _values_child():
    return serializers.DictField(child=StrictCharField(max_length=200), allow_empty=True)


def _check_size(mapping, name):
    if len(mapping) > importers.MAX_COLUMNS:
        raise serializers.ValidationError(
            _("%(name)s has more than %(n)d entries.") % {"name": name, "n": importers.MAX_COLUMNS}
        )
    return mapping


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV (UTF-8) or .xlsx; the header in the first row.")
    day_first = serializers.BooleanField(
        default=True, help_text="Read 03/04/2026 as 3 April (true) or March 4 (false)."
    )
    dry_run = serializers.BooleanField(default=False, help_text=DRY_RUN_HELP)
    columns = serializers.CharField(
        required=False, allow_blank=True, max_length=20_000, help_text="JSON. " + COLUMNS_HELP
    )
    values = serializers.CharField(
        required=False, allow_blank=True, max_length=200_000, help_text="JSON. " + VALUES_HELP
    )

    def _json(self, text, child, name):
        import json

        if not text:
            return {}
        try:
            data = json.loads(text)
        except ValueError as error:
            raise serializers.ValidationError(_("Send a JSON object.")) from error
        field = serializers.DictField(child=child)
        field.bind(name, self)
        return _check_size(field.run_validation(data), name)

    def validate_columns(self, text):
        return self._json(text, _columns_child(), "columns")

    def validate_values(self, text):
        return self._json(text, _values_child(), "values")


class ImportRowsSerializer(serializers.Serializer):
    rows = serializers.ListField(
        child=serializers.DictField(child=serializers.JSONField(allow_null=True)),
        min_length=1,
        max_length=importers.MAX_ROWS,
        help_text="Rows as {column title: cell}; titles as in a spreadsheet (aliases work).",
    )
    day_first = StrictBooleanField(default=True)
    dry_run = StrictBooleanField(default=False, help_text=DRY_RUN_HELP)
    columns = serializers.DictField(child=_columns_child(), required=False, help_text=COLUMNS_HELP)
    values = serializers.DictField(child=_values_child(), required=False, help_text=VALUES_HELP)
    choice_resolutions = serializers.DictField(
        child=_values_child(),
        required=False,
        help_text="The same as `values` (its former name).",
    )

    def validate_columns(self, columns):
        return _check_size(columns, "columns")

    def validate_values(self, values):
        return _check_size(values, "values")

    def validate_rows(self, rows):
        headers: dict[str, None] = {}
        for index, row in enumerate(rows):
            for key, value in row.items():
                if isinstance(value, dict | list):
                    raise serializers.ValidationError(
                        _("Row %(index)d: “%(key)s” must be text, a number, true/false or null.")
                        % {"index": index, "key": shorten(key)}
                    )
                headers.setdefault(key, None)
        if len(headers) > importers.MAX_COLUMNS:
            raise serializers.ValidationError(
                _("The rows have more than %(n)d columns.") % {"n": importers.MAX_COLUMNS}
            )
        return rows


class ImportQuerySerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(required=False, help_text=DRY_RUN_HELP)


class IgnoredColumnSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="0-based column.")
    column = serializers.CharField(allow_blank=True, help_text="The header as in the file.")
    suggestion = serializers.CharField(
        allow_null=True, help_text="A field the header resembles (never applied)."
    )


class AppliedMappingsSerializer(serializers.Serializer):
    columns = serializers.DictField(child=serializers.CharField(allow_null=True))
    values = serializers.DictField(child=serializers.DictField(child=serializers.CharField()))


class ImportWarningSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="The field of a date warning; null for a note on the file."
    )
    column = serializers.CharField(allow_blank=True)
    message = serializers.CharField()
    day_first = serializers.BooleanField(
        allow_null=True,
        help_text="The date order a date warning suggests; null for a note on the file "
        "(e.g. read as Windows-1252).",
    )


class ImportRowErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="0-based data row (the spreadsheet row − 2).")
    row = serializers.IntegerField(help_text="The spreadsheet's row number (header = 1).")
    column = serializers.CharField()
    field = serializers.CharField(allow_null=True)
    value = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class UnresolvedChoiceSerializer(serializers.Serializer):
    field = serializers.CharField()
    value = serializers.CharField()
    count = serializers.IntegerField()
    suggestion = serializers.CharField(allow_null=True)
    rows = serializers.ListField(child=serializers.IntegerField())


class ImportReportMixin(serializers.Serializer):
    """What every import answer carries beside its outcome."""

    ignored_columns = IgnoredColumnSerializer(
        many=True, help_text="Columns of the file that are not imported (unknown or ignored)."
    )
    applied_mappings = AppliedMappingsSerializer(
        help_text="Mappings remembered from the organisation's last import of a file with "
        "the same headers that were applied (empty when none)."
    )
    warnings = ImportWarningSerializer(many=True, help_text="Date-order warnings.")


class ImportResultSerializer(ImportReportMixin):
    dry_run = serializers.BooleanField(help_text="True: nothing was written.")
    ok = serializers.BooleanField(help_text="Every row is clean (a dry run may say false).")
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField(
        help_text="Rows equal to their stored entry: not saved, `updated_at` kept."
    )
    problems = serializers.ListField(child=serializers.CharField())
    rows = ImportRowErrorSerializer(many=True)
    unresolved = UnresolvedChoiceSerializer(many=True)


class ImportErrorDetailSerializer(ErrorDetailSerializer):
    rows = ImportRowErrorSerializer(many=True, required=False)
    unresolved = UnresolvedChoiceSerializer(many=True, required=False)
    ignored_columns = IgnoredColumnSerializer(many=True, required=False)
    applied_mappings = AppliedMappingsSerializer(required=False)
    warnings = ImportWarningSerializer(many=True, required=False)


class ImportErrorSerializer(serializers.Serializer):
    error = ImportErrorDetailSerializer()


MAX_ROW_ERRORS = 500
XLSX = exporters.CONTENT_TYPES["xlsx"]


def _has_data(rows, index: int) -> bool:
    """An untitled column that holds something is listed as ignored too."""
    return any(index < len(row) and not is_blank(row[index]) for row in rows)


def _report(outcome) -> dict:
    """What every import answer carries: ignored columns, applied mappings, warnings."""
    preview, session = outcome.preview, outcome.session
    mapping = preview.mapping
    suggestions = {u.index: u.suggestion for u in mapping.unknown}
    return {
        "ignored_columns": [
            {"index": index, "column": header, "suggestion": suggestions.get(index)}
            for index, header in enumerate(session.headers)
            if index not in mapping.columns and (header or _has_data(session.rows, index))
        ],
        "applied_mappings": {
            "columns": dict(session.remembered.get("columns", {})),
            "values": dict(session.remembered.get("values", {})),
        },
        "warnings": [
            {"field": None, "column": "", "message": text, "day_first": None}
            for text in preview.warnings
        ]
        + [
            {
                "field": w.field,
                "column": importers.column_text(w.column),
                "message": importers.message_text(w.msg),
                "day_first": w.day_first,
            }
            for w in preview.result.date_warnings
        ],
    }


def _problems(preview) -> tuple[dict[str, list[str]], list[dict], list[dict]]:
    """Field messages, row errors and unresolved choice values of a preview."""
    result = preview.result
    fields: dict[str, list[str]] = {}
    if preview.problems:
        fields["non_field_errors"] = list(preview.problems)
    rows = []
    for error in preview.errors[:MAX_ROW_ERRORS]:
        index = error.row_number - 2
        fields.setdefault(f"[{index}].{error.field or error.column}", []).append(error.message)
        rows.append(
            {
                "index": index,
                "row": error.row_number,
                "column": error.column,
                "field": error.field,
                "value": "" if error.value is None else str(error.value),
                "message": error.message,
            }
        )
    unresolved = []
    for field_key, values in result.unresolved_choices.items():
        for value in values:
            message = _("“%(value)s” matches no option.") % {"value": shorten(value.value)}
            if value.suggestion:
                message += " " + _("Did you mean “%(s)s”?") % {"s": value.suggestion}
            fields.setdefault(field_key, []).append(message)
            unresolved.append(
                {
                    "field": field_key,
                    "value": value.value,
                    "count": value.count,
                    "suggestion": value.suggestion,
                    "rows": list(value.rows),
                }
            )
    return fields, rows, unresolved


def _import_error(outcome) -> APIError:
    preview = outcome.preview
    fields, rows, unresolved = _problems(preview)
    count = len(preview.result.errors) + len(unresolved) + len(preview.problems)
    return APIError(
        ngettext(
            "%(count)d problem in the rows; nothing was imported.",
            "%(count)d problems in the rows; nothing was imported.",
            count,
        )
        % {"count": count},
        status=400,
        code="import_invalid",
        fields=fields,
        extra={"rows": rows, "unresolved": unresolved, **_report(outcome)},
    )


def _import_result(outcome) -> dict:
    preview = outcome.preview
    _fields, rows, unresolved = _problems(preview)
    counts = outcome.counts or {
        "created": preview.creates,
        "updated": preview.updates,
        "unchanged": 0,
    }
    return {
        "dry_run": outcome.dry_run,
        "ok": outcome.counts is not None,
        **counts,
        "problems": list(preview.problems),
        "rows": rows,
        "unresolved": unresolved,
        **_report(outcome),
    }


# --- viewsets ----------------------------------------------------------------------------


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
        }

    def reload(self, obj):
        return self.get_queryset().get(pk=obj.pk)

    def perform_create(self, serializer):
        obj = services.create_object(
            model=self.model, organisation=self.request.organisation, **serializer.validated_data
        )
        serializer.instance = self.reload(obj)

    def perform_update(self, serializer):
        obj = services.update_object(instance=serializer.instance, **serializer.validated_data)
        serializer.instance = self.reload(obj)

    def perform_destroy(self, instance):
        services.bulk_delete(queryset=self.model.objects.filter(pk=instance.pk))

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
            "last import of a file with the same headers, and date-order `warnings`. A "
            "commit with column or value mappings remembers them for that header shape. "
            "Another import adding the same entry at the same moment is a 409; nothing of "
            "either file is half-written."
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
            # Parsed from the upload in memory: the API writes nothing to MEDIA_ROOT.
            sheet = importers.read_upload(upload)
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
        overrides, problems = importers.column_overrides(
            headers, self.inventory, data.get("columns") or {}
        )
        if problems:
            raise serializers.ValidationError({"columns": problems})
        try:
            outcome = importers.import_rows(
                organisation=organisation,
                user=request.user,
                inventory=self.inventory,
                headers=headers,
                rows=rows,
                filename=filename,
                day_first=data["day_first"],
                resolutions=values,
                row_numbers=row_numbers,
                overrides=overrides,
                dry_run=query.validated_data.get("dry_run", False) or data["dry_run"],
                read_errors=read_errors,
                read_warnings=read_warnings,
            )
        except ServiceError as error:  # another import or edit got there first
            raise APIError(error.message, status=409, code="import_conflict") from error
        if outcome.counts is None and not outcome.dry_run:
            raise _import_error(outcome)
        return Response(_import_result(outcome))

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
        return selectors.tools(organisation)


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
