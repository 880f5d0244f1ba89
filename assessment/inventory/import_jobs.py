"""Large imports as background jobs: which files go to the worker, and queueing them.

A file with more rows than `IMPORT_SYNC_MAX_ROWS` is not committed in the request (10,000
rows outlast a web server's timeout): its session is stored, an `ImportJob` is created and
`tasks.run_import_commit` is queued once the transaction commits (`core.jobs.enqueue`, a
leased job: docs/tasks.md); the page (or the API client) polls the job. Smaller files
commit in the request as before.

An upload of more than `IMPORT_SYNC_MAX_BYTES` bytes is not even read in the request
(reading and previewing 10,000 rows take seconds): `start_read_job` stores the raw file in
`default_storage` (`imports/<uuid>`, removed when the job ends) and queues a "read" job,
which reads it, keeps its session and hands its token to the job page.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import translation

from assessment.inventory.imports.commit import api_session
from assessment.inventory.imports.reading import check_size
from assessment.inventory.imports.running import cleanup_stored_uploads
from assessment.inventory.imports.sessions import ImportSession
from assessment.inventory.imports.storage import storage_error
from assessment.models import ImportJob, ImportJobKind, ImportJobStatus
from core import jobs
from core.history.context import current as current_attribution

logger = logging.getLogger(__name__)


def sync_max_rows() -> int:
    """Files up to this many rows commit in the request; larger ones in the worker."""
    return getattr(settings, "IMPORT_SYNC_MAX_ROWS", 2000)


def is_large(rows) -> bool:
    """True for a file (its rows, or their count) that is committed in the background."""
    count = rows if isinstance(rows, int) else len(rows)
    return count > sync_max_rows()


def sync_max_bytes() -> int:
    """Uploads up to this many bytes are read and previewed in the request."""
    return getattr(settings, "IMPORT_SYNC_MAX_BYTES", 256 * 1024)


def is_large_upload(upload) -> bool:
    """True for an upload read in the background (its rows are unknown before reading)."""
    return upload.size > sync_max_bytes()


def start_read_job(*, upload, organisation, user, inventory: str, day_first: bool) -> ImportJob:
    """The upload page's large file: store it and queue the job that reads it.

    ImportFileError when it is too large to read at all (nothing stored),
    ImportStorageError when it cannot be stored.
    """
    check_size(upload.size)
    cleanup_stored_uploads()
    filename = upload.name or "upload"
    try:
        stored = default_storage.save(f"imports/{uuid.uuid4()}", upload)
    except Exception as error:  # the database or the object store: say so, never a 500
        logger.warning("Import upload not stored: %s", error)
        raise storage_error(error) from error
    job = ImportJob.objects.create(
        organisation=organisation,
        user=user,
        inventory=inventory,
        token="",
        kind=ImportJobKind.READ,
        source="web",
        filename=filename[:200],
        payload={"file": stored, "name": filename, "day_first": bool(day_first)},
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    jobs.enqueue(job)
    return job


def _queue(*, session: ImportSession, organisation, user, kind: str, source: str) -> ImportJob:
    job = ImportJob.objects.create(
        organisation=organisation,
        user=user,
        api_token_id=current_attribution().token_id,  # an API call's token (core.history)
        inventory=session.inventory,
        token=session.token,
        kind=kind,
        source=source,
        filename=session.filename,
        rows=len(session.rows),
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    jobs.enqueue(job)  # once the transaction commits; the task id is kept for the sweep
    return job


def start_commit_job(*, session: ImportSession, organisation, user) -> ImportJob:
    """The preview's Import button on a large file: queue the commit of this session.

    The session stays stored until the commit succeeds, so a failed job leaves the
    preview to correct and import again.
    """
    pending = (
        ImportJob.objects.for_organisation(organisation)
        .filter(token=session.token, status__in=(ImportJobStatus.QUEUED, ImportJobStatus.RUNNING))
        .first()
    )
    if pending is not None:  # Import pressed twice: follow the job already queued
        return pending
    return _queue(
        session=session,
        organisation=organisation,
        user=user,
        kind=ImportJobKind.COMMIT,
        source="web",
    )


def start_api_import(*, organisation, user, dry_run: bool = False, **fields) -> ImportJob:
    """The API's large import (or dry run): the same session as `import_rows` builds
    (`fields`: as `api_session` takes them), but stored (the worker loads it), and a job
    instead of an answer."""
    session = api_session(organisation=organisation, user=user, stored=True, **fields)
    session.save()  # ImportStorageError when it cannot be kept
    return _queue(
        session=session,
        organisation=organisation,
        user=user,
        kind=ImportJobKind.PREVIEW if dry_run else ImportJobKind.COMMIT,
        source="api",
    )
