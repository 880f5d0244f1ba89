"""`GET /api/v1/catalogue/?q=`: known products from the vendored catalogue (global,
read-only data; docs/discovery.md) and the caller's organisation's own products, with the
subcategory of the organisation each files under. For any member who may see tools."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from assessment.api.common import NO_PUT, FormValidatedSerializer, OrganisationViewSetBase
from assessment.discovery import catalogue as discovery_catalogue
from assessment.inventory import catalogue
from assessment.inventory.own_products import selectors as own_selectors
from assessment.inventory.own_products import services as own_services
from assessment.inventory.own_products.filtersets import OwnProductFilterSet
from assessment.inventory.own_products.forms import OwnProductForm
from assessment.models import OwnProduct
from core.api.viewsets import OrganisationAPIMixin

#: Longer text is no product name.
MAX_QUERY = 100


class CatalogueEntrySerializer(serializers.Serializer):
    name = serializers.CharField(
        read_only=True,
        help_text=(
            "The product's name as matched: the other name typed (`Meta Pixel`), the own "
            "product's name, else the catalogue's."
        ),
    )
    slug = serializers.CharField(
        read_only=True,
        help_text=(
            "Stable identifier in the catalogue; empty for an own product that is no known product."
        ),
    )
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
    own = serializers.BooleanField(
        read_only=True,
        help_text="The organisation's own product (`own-products/`), not the catalogue's.",
    )
    own_product = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The own product's id, or null."
    )
    also_known_as = serializers.CharField(
        read_only=True,
        help_text=(
            "The catalogue's name when `name` is another name of it (an alias, or an own "
            "product the same as a known one); else empty."
        ),
    )

    def to_representation(self, match):
        entry = match.entry
        return {
            "name": match.name,
            "slug": entry.slug,
            "website": entry.website,
            "description": entry.description,
            "categories": list(entry.categories),
            "subcategory": match.subcategory.pk if match.subcategory else None,
            "in_stack": match.in_stack,
            "own": match.own,
            "own_product": match.product.pk if match.product else None,
            "also_known_as": match.also_known_as,
        }


@extend_schema_view(
    list=extend_schema(
        summary="Search the known-products catalogue",
        description=(
            "Products whose name or another name matches `q`, best first: the whole name, "
            "then names that start with it, then names with a word starting with each typed "
            "word (`goo ana` finds Google Analytics), ignoring case and accents; `meta pixel` "
            "finds Facebook Pixel by its other name. The organisation's own products "
            "(`own: true`) come first when they match as well or better. Without `q`, the "
            "own products then the whole catalogue, by name. The catalogue is the same for "
            "everyone; own products, `subcategory` and `in_stack` are the caller's "
            "organisation's."
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
        return catalogue.search_all(getattr(self.request, "organisation", None), query)

    def list(self, request, *args, **kwargs):
        entries = self.get_queryset()
        page = self.paginate_queryset(entries)
        matches = catalogue.describe(page, request.organisation)
        return self.get_paginated_response(self.get_serializer(matches, many=True).data)


class OwnProductSerializer(FormValidatedSerializer):
    """Validated by the page's form: a unique name (ignoring case), a known `same_as`, a
    subcategory of the organisation; other names trimmed, one per line, without repeats."""

    form_class = OwnProductForm
    same_as_name = serializers.SerializerMethodField(
        help_text="The catalogue's name of `same_as`, or empty."
    )

    class Meta:
        model = OwnProduct
        fields = ["id", *OwnProductForm._meta.fields, "same_as_name", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # the form checks unique names (case-insensitive)
        extra_kwargs = {
            "aliases": {"help_text": "Other names, one per line."},
            "same_as": {
                "help_text": (
                    "The catalogue slug (see `catalogue/`) of the known product this is "
                    "another name for, or empty; a catalogue name is accepted and stored as "
                    "its slug."
                )
            },
        }

    def get_same_as_name(self, product) -> str:
        entry = discovery_catalogue.get(product.same_as) if product.same_as else None
        return entry.name if entry is not None else ""


@extend_schema_view(
    list=extend_schema(summary="List the organisation's own products"),
    retrieve=extend_schema(summary="Read an own product"),
    create=extend_schema(summary="Add an own product"),
    partial_update=extend_schema(summary="Change an own product"),
    destroy=extend_schema(summary="Delete an own product"),
)
class OwnProductViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    OrganisationViewSetBase,
):
    """The organisation's own catalogue entries: every member who may see tools reads
    them; owners and editors change them (as tools)."""

    model = OwnProduct
    serializer_class = OwnProductSerializer
    filterset_class = OwnProductFilterSet
    permission_resource = "ownproduct"
    http_method_names = NO_PUT
    filter_backends = [DjangoFilterBackend]  # sorting is the FilterSet's own `o`

    def selector(self, organisation):
        return own_selectors.own_products(organisation)

    def reload(self, obj):
        return self.get_queryset().get(pk=obj.pk)

    def perform_create(self, serializer):
        product = own_services.create_own_product(
            organisation=self.request.organisation,
            user=self.request.user,
            **serializer.validated_data,
        )
        serializer.instance = self.reload(product)

    def perform_update(self, serializer):
        product = own_services.update_own_product(
            product=serializer.instance, user=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.reload(product)

    def perform_destroy(self, instance):
        own_services.delete_own_product(product=instance, user=self.request.user)
