"""Health checks for load balancers and supervisors (`/healthz`, docs/tasks.md).

Each check answers `(ok, detail)` and never raises: a health endpoint that errors is as
useless as one that lies.
"""

import logging
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # down, refused, credentials: all mean "not serving"
        logger.warning("Health check: database unavailable: %s", error)
        return False, type(error).__name__  # the class only: /healthz answers anyone
    return True, "ok"


PROBE = b"stackscope storage probe"


def check_storage(storage=None) -> tuple[bool, str]:
    """Prove the file storage works: write a tiny probe, read it back, delete it.

    A write, not just a read: a storage that can be read but no longer written (a full
    disk, a revoked key) would let every report export fail while the check said "ok".
    The detail names no path, key or host: `/healthz` answers anyone.
    """
    storage = storage or default_storage
    name = f"healthz/probe-{uuid.uuid4().hex}.txt"
    try:
        saved = storage.save(name, ContentFile(PROBE))
        try:
            with storage.open(saved, "rb") as handle:
                content = handle.read()
        finally:
            storage.delete(saved)
    except Exception as error:  # any failure is the answer: "not healthy"
        logger.warning("Health check: storage unavailable: %r", error)
        return False, type(error).__name__  # the class only: /healthz answers anyone
    if content != PROBE:
        return False, "storage returned other content than was written"
    return True, "ok"


def check_worker(now=None) -> tuple[bool, float | None]:
    """Whether a task worker's heartbeat is fresh, and its age in seconds (None: none)."""
    from core import selectors
    from core.models.jobs import worker_stale_seconds

    last_seen = selectors.worker_last_seen()
    if last_seen is None:
        return False, None
    age = max(0.0, ((now or timezone.now()) - last_seen).total_seconds())
    return age <= worker_stale_seconds(), round(age, 1)
