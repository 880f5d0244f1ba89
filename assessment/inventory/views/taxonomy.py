"""The editable taxonomy: tool categories, subcategories and data objects."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessment.inventory import selectors
from assessment.inventory.filtersets import (
    DataObjectFilterSet,
    ToolCategoryFilterSet,
    ToolSubcategoryFilterSet,
)
from assessment.inventory.forms import DataObjectForm, ToolCategoryForm, ToolSubcategoryForm
from assessment.inventory.tables import (
    CATEGORY_COLUMNS,
    DATA_OBJECT_COLUMNS,
    SUBCATEGORY_COLUMNS,
)
from assessment.inventory.views.base import (
    InventoryCreateView,
    InventoryDeleteView,
    InventoryDetailView,
    InventoryListView,
    InventoryUpdateView,
)
from assessment.models import DataObject, ToolCategory, ToolSubcategory

TAXONOMY_LINKS = [
    ("toolcategory_list", _("Categories")),
    ("toolsubcategory_list", _("Subcategories")),
    ("dataobject_list", _("Data objects")),
    ("ownproduct_list", _("Own products")),
]


def _views(model, form, filterset, columns, selector, intro):
    name = model._meta.model_name

    class List(InventoryListView):
        pass

    List.model = model
    List.filterset_class = filterset
    List.columns = columns
    List.selector = staticmethod(selector)
    List.intro = intro
    List.extra_links = [link for link in TAXONOMY_LINKS if link[0] != f"{name}_list"]

    class Detail(InventoryDetailView):
        template_name = "assessment/inventory/taxonomy_detail.html"

        def get_queryset(self):
            return selector(self.request.organisation)

    Detail.model = model

    class Create(InventoryCreateView):
        def get_success_url(self):
            return reverse(f"{name}_list")

    Create.model, Create.form_class = model, form

    class Update(InventoryUpdateView):
        pass

    Update.model, Update.form_class = model, form

    class Delete(InventoryDeleteView):
        pass

    Delete.model = model
    return List, Detail, Create, Update, Delete


(
    ToolCategoryListView,
    ToolCategoryDetailView,
    ToolCategoryCreateView,
    ToolCategoryUpdateView,
    ToolCategoryDeleteView,
) = _views(
    ToolCategory,
    ToolCategoryForm,
    ToolCategoryFilterSet,
    CATEGORY_COLUMNS,
    selectors.categories,
    _("The six groups of the martech landscape; rename or add your own."),
)
(
    ToolSubcategoryListView,
    ToolSubcategoryDetailView,
    ToolSubcategoryCreateView,
    ToolSubcategoryUpdateView,
    ToolSubcategoryDeleteView,
) = _views(
    ToolSubcategory,
    ToolSubcategoryForm,
    ToolSubcategoryFilterSet,
    SUBCATEGORY_COLUMNS,
    selectors.subcategories,
    _("What a tool does, inside its category. Aliases help imports recognise your words."),
)
(
    DataObjectListView,
    DataObjectDetailView,
    DataObjectCreateView,
    DataObjectUpdateView,
    DataObjectDeleteView,
) = _views(
    DataObject,
    DataObjectForm,
    DataObjectFilterSet,
    DATA_OBJECT_COLUMNS,
    selectors.data_objects,
    _("The kinds of data integrations carry."),
)
