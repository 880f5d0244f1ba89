"""Where previews are kept: one JSON file per session under MEDIA_ROOT/imports/, removed
after a day."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import ServiceError

logger = logging.getLogger(__name__)


IMPORT_MAX_AGE = dt.timedelta(days=1)


class ImportStorageError(ServiceError):
    """The preview could not be kept on the server (MEDIA_ROOT unwritable, disk full)."""


def directory() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def session_path(token) -> Path:
    return directory() / f"{uuid.UUID(str(token)).hex}.json"


def write(token, text: str) -> None:
    """Keep a preview's JSON under MEDIA_ROOT/imports/ (the only place previews are written;
    the API never calls it)."""
    path = session_path(token)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def storage_error(error: OSError) -> ImportStorageError:
    # The path and the system's wording go to the log only: a message shown to people
    # never names a server path.
    logger.error("Import preview could not be stored: %s", error)
    return ImportStorageError(
        _(
            "The server could not keep this file for the preview (its storage is not "
            "writable), so nothing was imported. Try again later or ask your administrator."
        )
    )


def cleanup_old_sessions() -> None:
    cutoff = timezone.now().timestamp() - IMPORT_MAX_AGE.total_seconds()
    try:
        paths = list(directory().glob("*.json"))
    except OSError:
        return
    for path in paths:
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue
