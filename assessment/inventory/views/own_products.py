"""The organisation's own catalogue entries (``/tools/products/``): list with search, add,
edit and delete (with confirmation and undo). Owners and editors change them; every member
reads them. Saving goes through ``own_products.services``."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessment.inventory.own_products import selectors, services
from assessment.inventory.own_products.filtersets import OwnProductFilterSet
from assessment.inventory.own_products.forms import OwnProductForm
from assessment.inventory.own_products.tables import OWN_PRODUCT_COLUMNS
from assessment.inventory.tables import Table
from assessment.inventory.views.base import (
    InventoryCreateView,
    InventoryDeleteView,
    InventoryListView,
    InventoryUpdateView,
)
from assessment.inventory.views.taxonomy import TAXONOMY_LINKS
from assessment.models import OwnProduct
from core import render_cache


class OwnProductListView(InventoryListView):
    model = OwnProduct
    filterset_class = OwnProductFilterSet
    columns = OWN_PRODUCT_COLUMNS
    selector = staticmethod(selectors.own_products)
    title = _("Own products")
    intro = _(
        "Products the known-products catalogue lacks, or your names for known ones: the "
        "tool form's name suggestions and imports offer them first."
    )
    extra_links = [
        ("tool_list", _("Tools")),
        *(link for link in TAXONOMY_LINKS if link[0] != "ownproduct_list"),
    ]

    def get(self, request, *args, **kwargs):
        # Not kept in the render cache: the inventories' data version does not cover this
        # table, and the list is small.
        self.table = Table(request, "ownproduct", self.get_columns())
        self.render_part = render_cache.Part(None)
        return super(InventoryListView, self).get(request, *args, **kwargs)


class OwnProductCreateView(InventoryCreateView):
    model = OwnProduct
    form_class = OwnProductForm

    def get(self, request, *args, **kwargs):
        self.render_part = render_cache.Part(None)
        return super(InventoryCreateView, self).get(request, *args, **kwargs)

    def get_initial(self):
        # "Not listed? Add your own product" carries what was typed in the tool form
        initial = super().get_initial()
        name = (self.request.GET.get("name") or "").strip()[:200]
        if name:
            initial["name"] = name
        return initial

    def save(self, form):
        return services.create_own_product(
            organisation=self.request.organisation,
            user=self.request.user,
            **self.fields_from(form),
        )

    def get_success_url(self):
        return reverse("ownproduct_list")


class OwnProductUpdateView(InventoryUpdateView):
    model = OwnProduct
    form_class = OwnProductForm

    def get_queryset(self):
        return selectors.own_products(self.request.organisation)

    def save(self, form):
        return services.update_own_product(
            product=self.object, user=self.request.user, **self.fields_from(form)
        )

    def get_success_url(self):
        return reverse("ownproduct_list")


class OwnProductDeleteView(InventoryDeleteView):
    model = OwnProduct

    def delete_object(self, obj):
        return services.delete_own_product_undoable(product=obj, user=self.request.user)
