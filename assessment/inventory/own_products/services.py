"""Writes of own products: create, update, delete (undoable), through the inventories'
generic writer (``updated_by``, unchanged rows not saved, a name another request took
meanwhile answered with a message)."""

from django.db import transaction

from assessment.inventory import services
from assessment.models import OwnProduct
from core import undo

FIELDS = ("name", "aliases", "same_as", "vendor", "website", "description", "subcategory")


def _fields(fields: dict) -> dict:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"not fields of an own product: {sorted(unknown)}")
    return fields


@transaction.atomic
def create_own_product(*, organisation, user, **fields) -> OwnProduct:
    return services.create_object(
        model=OwnProduct, organisation=organisation, user=user, **_fields(fields)
    )


@transaction.atomic
def update_own_product(*, product: OwnProduct, user, **fields) -> OwnProduct:
    return services.update_object(instance=product, user=user, **_fields(fields))


def delete_own_product(*, product: OwnProduct, user) -> None:
    services.delete_object(instance=product, user=user)


def delete_own_product_undoable(*, product: OwnProduct, user) -> undo.UndoToken:
    """Delete, with the token of the message's "Undo" (ten minutes)."""
    return services.delete_object_undoable(instance=product, user=user)
