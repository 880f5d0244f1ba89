"""Where previews are kept: one `ImportPreview` row per session, in the database so that
every app server sees it; removed on commit or cancel, or a day after its last change."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import ImportPreview
from core.services import ServiceError

logger = logging.getLogger(__name__)


IMPORT_MAX_AGE = dt.timedelta(days=1)
#: Old previews removed per new one: the clean-up never makes an upload slow.
CLEANUP_BATCH = 200


class ImportStorageError(ServiceError):
    """The preview could not be kept on the server (the database refused the write)."""


def parse_token(token) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(token))
    except ValueError:
        return None


def write(token, *, organisation_id: int, user_id: int, inventory: str, text: str) -> None:
    """Keep a preview's JSON (the only place previews are written; the API never calls it).

    In a savepoint, so a refused write leaves the request's transaction usable."""
    with transaction.atomic():
        updated = ImportPreview.objects.filter(token=token).update(
            payload=text, updated_at=timezone.now()
        )
        if not updated:
            ImportPreview.objects.create(
                token=token,
                organisation_id=organisation_id,
                user_id=user_id,
                kind=inventory,
                payload=text,
            )


def read(token, *, organisation, user, inventory: str) -> str | None:
    """A preview's JSON, only for the organisation, person and inventory it belongs to."""
    key = parse_token(token)
    if key is None:
        return None
    rows = ImportPreview.objects.for_organisation(organisation).filter(
        token=key, user=user, kind=inventory
    )
    return rows.values_list("payload", flat=True).first()


def remove(token) -> None:
    key = parse_token(token)
    if key is not None:
        with transaction.atomic():
            ImportPreview.objects.filter(token=key).delete()


def storage_error(error: Exception) -> ImportStorageError:
    # The database's wording goes to the log only: a message shown to people never names
    # a server path, a table or SQL.
    logger.error("Import preview could not be stored: %s", error)
    return ImportStorageError(
        _(
            "The server could not keep this file for the preview (its storage is not "
            "writable), so nothing was imported. Try again later or ask your administrator."
        )
    )


def cleanup_old_sessions() -> None:
    """Remove previews untouched for IMPORT_MAX_AGE, a bounded batch at a time."""
    cutoff = timezone.now() - IMPORT_MAX_AGE
    try:
        with transaction.atomic():
            old = ImportPreview.objects.filter(updated_at__lt=cutoff).order_by("updated_at")
            tokens = list(old.values_list("token", flat=True)[:CLEANUP_BATCH])
            if tokens:
                ImportPreview.objects.filter(token__in=tokens).delete()
    except DatabaseError as error:  # tried again with the next preview
        logger.warning("Old import previews could not be removed: %s", error)
