"""The own products list's filters: search and subcategory; `o` sorts."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from assessment.inventory.filtersets import OrderingFilter, SearchFilterSet, _scoped
from assessment.inventory.widgets import SubcategorySelect
from assessment.models import OwnProduct, ToolSubcategory


class OwnProductFilterSet(SearchFilterSet):
    search_fields = ("name", "aliases", "vendor", "same_as", "description")
    subcategory = filters.ModelChoiceFilter(
        label=_("Subcategory"), queryset=_scoped(ToolSubcategory), widget=SubcategorySelect
    )
    o = OrderingFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("vendor", "vendor"), ("updated_at", "updated_at")),
    )

    class Meta:
        model = OwnProduct
        fields = ["q", "subcategory"]
