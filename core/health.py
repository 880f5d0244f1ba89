"""Health checks for `/healthz` (load balancers, supervisors): each returns (ok, detail).

The detail is short and names no server path, key or host: `/healthz` answers anyone."""

from __future__ import annotations

import logging
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

logger = logging.getLogger(__name__)

PROBE = b"stackscope storage probe"


def check_storage(storage=None) -> tuple[bool, str]:
    """Prove the default file storage works: write a tiny probe, read it back, delete it.

    A write, not just a read: a storage that can be read but no longer written (a full
    disk, a revoked key) would let every report export fail while the check said "ok".
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
        logger.warning("Storage health check failed: %r", error)
        return False, type(error).__name__  # the class only: /healthz answers anyone
    if content != PROBE:
        return False, "storage returned other content than was written"
    return True, "ok"
