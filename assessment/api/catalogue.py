"""`GET /api/v1/catalogue/?q=`: known products from the vendored catalogue (global,
read-only data; docs/discovery.md), with the subcategory of the caller's organisation each
files under. For any member who may see tools."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from assessment.inventory import catalogue
from core.api.viewsets import OrganisationAPIMixin

#: Longer text is no product name.
MAX_QUERY = 100


class CatalogueEntrySerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True, help_text="The product's name.")
    slug = serializers.CharField(read_only=True, help_text="Stable identifier in the catalogue.")
    website = serializers.CharField(read_only=True, help_text="The product's site, or empty.")
    description = serializers.CharField(read_only=True, help_text="One or two sentences.")
    categories = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="The catalogue's category slugs (e.g. `analytics`, `tag-managers`).",
    )
    subcategory = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=(
            "The id of the organisation's tool subcategory the product files under (see "
            "`taxonomy/subcategories/`), or null: not a marketing category, or the "
            "organisation has no such subcategory."
        ),
    )
    in_stack = serializers.BooleanField(
        read_only=True,
        help_text="A tool of this name (ignoring case) is already in the inventory.",
    )

    def to_representation(self, match):
        entry = match.entry
        return {
            "name": entry.name,
            "slug": entry.slug,
            "website": entry.website,
            "description": entry.description,
            "categories": list(entry.categories),
            "subcategory": match.subcategory.pk if match.subcategory else None,
            "in_stack": match.in_stack,
        }


@extend_schema_view(
    list=extend_schema(
        summary="Search the known-products catalogue",
        description=(
            "Products whose name matches `q`, best first: the whole name, then names that "
            "start with it, then names with a word starting with each typed word "
            "(`goo ana` finds Google Analytics), ignoring case and accents. Without `q`, "
            "the whole catalogue by name. The catalogue is the same for everyone; "
            "`subcategory` and `in_stack` are the caller's organisation's."
        ),
        parameters=[
            OpenApiParameter(
                "q",
                str,
                OpenApiParameter.QUERY,
                required=False,
                description="What was typed of the name (at most 100 characters are read).",
            )
        ],
    )
)
class CatalogueViewSet(OrganisationAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_resource = "tool"  # whoever may see tools
    serializer_class = CatalogueEntrySerializer
    filter_backends: list = []

    def get_queryset(self):
        query = self.request.query_params.get("q", "")[:MAX_QUERY]
        return catalogue.search_all(query)

    def list(self, request, *args, **kwargs):
        entries = self.get_queryset()
        page = self.paginate_queryset(entries)
        matches = catalogue.describe(page, request.organisation)
        return self.get_paginated_response(self.get_serializer(matches, many=True).data)
