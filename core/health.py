"""Health checks for load balancers and supervisors (`/healthz`, docs/tasks.md).

Each check answers `(ok, detail)` and never raises: a health endpoint that errors is as
useless as one that lies.
"""

import logging

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
        return False, type(error).__name__
    return True, "ok"


def check_storage() -> tuple[bool, str]:
    """The file storage answers (a probe name that need not exist)."""
    try:
        default_storage.exists("healthz-probe")
    except Exception as error:
        logger.warning("Health check: storage unavailable: %s", error)
        return False, type(error).__name__
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
