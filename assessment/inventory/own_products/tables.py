"""The own products list's columns."""

from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from assessment.discovery import catalogue
from assessment.inventory.tables import DASH, Column, date, link, text


def other_names(obj):
    names = obj.alias_list
    if not names:
        return DASH
    return format_html_join(", ", "<bdi>{}</bdi>", ((name,) for name in names))


def same_as(obj):
    if not obj.same_as:
        return DASH
    entry = catalogue.get(obj.same_as)
    return entry.name if entry is not None else obj.same_as


OWN_PRODUCT_COLUMNS = [
    Column("name", _("Name"), link, order="name"),
    Column("aliases", _("Other names"), other_names),
    Column("same_as", _("Same as known product"), same_as),
    Column("vendor", _("Vendor"), text("vendor"), order="vendor"),
    Column("subcategory", _("Subcategory"), text("subcategory")),
    Column("updated_at", _("Updated"), date("updated_at"), order="updated_at", default=False),
]
