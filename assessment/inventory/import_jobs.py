"""Large imports as background jobs: which files go to the worker, and queueing them.

A file with more rows than `IMPORT_SYNC_MAX_ROWS` is not committed in the request (10,000
rows outlast a web server's timeout): its session is stored, an `ImportJob` is created and
`tasks.run_import_commit` is queued once the transaction commits (`core.jobs.enqueue`, a
leased job: docs/tasks.md); the page (or the API client) polls the job. Smaller files
commit in the request as before.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from assessment.inventory.imports.commit import api_session
from assessment.inventory.imports.sessions import ImportSession
from assessment.models import ImportJob, ImportJobKind, ImportJobStatus
from core import jobs


def sync_max_rows() -> int:
    """Files up to this many rows commit in the request; larger ones in the worker."""
    return getattr(settings, "IMPORT_SYNC_MAX_ROWS", 2000)


def is_large(rows) -> bool:
    """True for a file (its rows, or their count) that is committed in the background."""
    count = rows if isinstance(rows, int) else len(rows)
    return count > sync_max_rows()


def _queue(*, session: ImportSession, organisation, user, kind: str, source: str) -> ImportJob:
    job = ImportJob.objects.create(
        organisation=organisation,
        user=user,
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
