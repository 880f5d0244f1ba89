"""The shapes of the import endpoints: what they take (a file, or rows as JSON) and what
they answer, for validation and the OpenAPI schema."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from assessment.api.common import StrictBooleanField, StrictCharField
from assessment.inventory import imports
from assessment.inventory_core.base import shorten
from core.api.errors import ErrorDetailSerializer

COLUMNS_HELP = (
    'Column mappings, {"Their header": "field key"}; null or "" ignores the column. '
    "They win over the automatic mapping and over remembered mappings."
)
VALUES_HELP = (
    'Value mappings, {"field key": {"Their value": "option key"}}: what a choice value that '
    "matches no option means (the preview's “Values to map”)."
)
DRY_RUN_HELP = "Check and count only: the same answer as an import, with nothing written."
USE_CATALOGUE_HELP = (
    "Tools only: fill the blank fields (vendor, website, description, subcategory and its "
    "category, the known product's slug) of rows whose name is a known product from the "
    "catalogue. Never over a value of the file or of the stored tool. Ignored for other "
    "inventories."
)


def _columns_child():
    return StrictCharField(max_length=80, allow_null=True, allow_blank=True)


def _values_child():
    return serializers.DictField(child=StrictCharField(max_length=200), allow_empty=True)


def _check_size(mapping, name):
    if len(mapping) > imports.MAX_COLUMNS:
        raise serializers.ValidationError(
            _("%(name)s has more than %(n)d entries.") % {"name": name, "n": imports.MAX_COLUMNS}
        )
    return mapping


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV (UTF-8) or .xlsx; the header in the first row.")
    day_first = serializers.BooleanField(
        default=True, help_text="Read 03/04/2026 as 3 April (true) or March 4 (false)."
    )
    dry_run = serializers.BooleanField(default=False, help_text=DRY_RUN_HELP)
    use_catalogue = serializers.BooleanField(default=True, help_text=USE_CATALOGUE_HELP)
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
        max_length=imports.MAX_ROWS,
        help_text="Rows as {column title: cell}; titles as in a spreadsheet (aliases work).",
    )
    day_first = StrictBooleanField(default=True)
    dry_run = StrictBooleanField(default=False, help_text=DRY_RUN_HELP)
    use_catalogue = StrictBooleanField(default=True, help_text=USE_CATALOGUE_HELP)
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
        if len(headers) > imports.MAX_COLUMNS:
            raise serializers.ValidationError(
                _("The rows have more than %(n)d columns.") % {"n": imports.MAX_COLUMNS}
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


class CatalogueFillsSerializer(serializers.Serializer):
    subcategory = serializers.CharField(required=False, help_text="Subcategory key.")
    category = serializers.CharField(required=False, help_text="Category key.")
    vendor = serializers.CharField(required=False)
    website = serializers.CharField(required=False)
    description = serializers.CharField(required=False)
    catalogue_slug = serializers.CharField(required=False)


class CatalogueHintRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The spreadsheet's row number (header = 1).")
    name = serializers.CharField(help_text="The tool's name as in the file.")
    product = serializers.CharField(help_text="The known product's name in the catalogue.")
    slug = serializers.CharField(help_text="The known product's catalogue slug.")
    fills = CatalogueFillsSerializer(
        help_text="The blank fields filled from the catalogue (only those; may be empty)."
    )


class CatalogueHintsSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Rows whose name is a known product.")
    rows = CatalogueHintRowSerializer(many=True, help_text="At most 500 of them.")


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
    catalogue_hints = CatalogueHintsSerializer(
        help_text="A tools import's rows that are known products and the blank fields the "
        "catalogue fills (`use_catalogue`); empty when it is false and for other inventories."
    )


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
    catalogue_hints = CatalogueHintsSerializer(required=False)


class ImportErrorSerializer(serializers.Serializer):
    error = ImportErrorDetailSerializer()
