"""Reads of own products (always scoped to one organisation)."""

from assessment.models import OwnProduct


def own_products(organisation):
    """The organisation's own products, by name, with what their list shows."""
    return (
        OwnProduct.objects.for_organisation(organisation)
        .select_related("subcategory", "subcategory__category", "updated_by")
        .order_by("name")
    )


def own_product_rows(organisation) -> list[OwnProduct]:
    """Every own product of the organisation, for the typeahead's small catalogue (one
    query, the subcategory joined)."""
    return list(
        OwnProduct.objects.for_organisation(organisation)
        .select_related("subcategory")
        .order_by("name")
    )
