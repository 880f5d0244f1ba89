"""The work of a background import (`assessment.inventory.tasks`), and the one function
through which the pages, the API's large imports and the jobs commit a session.

Apart from `jobs` (which queues the tasks) so the task imports the work without importing
what enqueues it, as the report's `exports` / `services` do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessment.inventory.imports.commit import commit, dry_run_commit
from assessment.inventory.imports.inventories import MODELS
from assessment.inventory.imports.preview import Preview, problem_report
from assessment.inventory.imports.reading import MAX_BYTES, read_bytes
from assessment.inventory.imports.sessions import ImportSession
from assessment.inventory.imports.steps import start_import
from assessment.models import ImportJob, ImportJobKind, ImportJobStatus
from core import jobs
from core.models import Membership
from core.permissions import can
from core.services import ServiceError

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def commit_session(
    session: ImportSession,
    organisation,
    user,
    *,
    dry_run: bool = False,
    preview: Preview | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Commit a session all-or-nothing (or, with `dry_run`, count and roll back).

    The single call site of `commit` for the pages and the jobs: `preview` (already
    built, so the rows are not cleaned twice) and `progress` (called with (done, total)
    per chunk of rows written, imports/bulk.py) are handed on to it.
    """
    if dry_run:
        return dry_run_commit(session, organisation, user, preview=preview, progress=progress)
    return commit(session, organisation, user, preview=preview, progress=progress)


def record(job: ImportJob, **fields) -> None:
    """Save these fields; each call also renews the job's lease (core.jobs)."""
    fields.setdefault("heartbeat_at", timezone.now())
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=[*fields, "updated_at"])


class ProgressWriter:
    """The commit's progress, from 50 to 99 %.

    Written inside the commit's transaction it would stay invisible until the end, so on
    PostgreSQL it goes over a second connection (autocommit); on SQLite (one writer) only
    outside a transaction.
    """

    def __init__(self, job: ImportJob, start: int = 50, end: int = 99):
        self.job, self.start, self.end = job, start, end
        self.last = start
        self.side = None

    def __call__(self, done: int, total: int) -> None:
        percent = self.start + (self.end - self.start) * min(done, total) // max(total, 1)
        if percent <= self.last:
            return
        self.last = percent
        connection = transaction.get_connection()
        if not connection.in_atomic_block:
            record(self.job, progress=percent)
        elif connection.vendor == "postgresql":
            try:
                if self.side is None:
                    self.side = connections.create_connection(DEFAULT_DB_ALIAS)
                    with self.side.cursor() as cursor:  # never wait on a lock for a courtesy
                        cursor.execute("SET lock_timeout = '1s'")
                table = self.side.ops.quote_name(ImportJob._meta.db_table)
                with self.side.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {table} SET progress = %s, heartbeat_at = %s WHERE id = %s",
                        [percent, timezone.now(), self.job.pk],
                    )
            except Exception:  # progress is a courtesy: never fail the import for it
                logger.warning("Import job %s: progress not written", self.job.pk, exc_info=True)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _problem_count(problems: dict) -> int:
    return len(problems["problems"]) + len(problems["rows"]) + len(problems["unresolved"])


def run_job(job: ImportJob) -> ImportJob:
    """Run one job to `done` or `failed`; never raises (the failure is on the job)."""
    with translation.override(job.language or None):
        session = None
        try:
            with jobs.keep_alive(job):  # the cleaning gives no progress for seconds
                session = _run_read(job) if job.kind == ImportJobKind.READ else _run(job)
        except ServiceError as error:
            _fail(job, error.message)
        except Exception:  # the person sees a plain message; the log has the details
            logger.exception("Import job %s failed", job.pk)
            _fail(
                job,
                _(
                    "The import failed unexpectedly; nothing was imported. Try again, and tell "
                    "your administrator if it keeps failing."
                ),
            )
        if job.is_failed and (job.source == "api" or job.kind == ImportJobKind.READ):
            _drop_session(job, session)  # never picked up again
        if job.kind == ImportJobKind.READ and not job.is_pending:
            drop_stored_file(job)
    return job


def drop_stored_file(job: ImportJob) -> None:
    """Remove a read job's stored upload (its rows are in the session now, or it failed)."""
    name = (job.payload or {}).get("file")
    if not name:
        return
    try:
        default_storage.delete(name)
    except Exception:  # the object store is down: left for the clean-up (storage.py)
        logger.warning("Import job %s: stored upload not removed", job.pk, exc_info=True)
        return
    record(job, payload={key: value for key, value in job.payload.items() if key != "file"})


def _fail(job: ImportJob, message: str) -> None:
    record(job, status=ImportJobStatus.FAILED, error=message, finished_at=timezone.now())


def _drop_session(job: ImportJob, session: ImportSession | None) -> None:
    try:
        if session is not None:
            session.delete()
    except Exception:  # removed by the daily clean-up instead
        logger.warning("Import job %s: session not removed", job.pk, exc_info=True)


def cleanup_stored_uploads(limit: int = 20) -> None:
    """Remove the stored uploads of read jobs that ended without removing them (failed by
    the sweep when their worker died, or the store was down then); a bounded batch."""
    ended = (
        ImportJob.objects.filter(kind=ImportJobKind.READ, payload__has_key="file")
        .exclude(status__in=(ImportJobStatus.QUEUED, ImportJobStatus.RUNNING))
        .order_by("pk")[:limit]
    )
    for job in ended:
        drop_stored_file(job)


def _may_import(job: ImportJob) -> None:
    """ServiceError unless the job's starter may still import into its inventory."""
    organisation, user = job.organisation, job.user
    membership = (
        Membership.objects.filter(user=user, organisation=organisation).first()
        if user is not None
        else None
    )
    resource = MODELS[job.inventory]._meta.model_name
    if membership is None or not can(membership, f"{resource}.add"):
        # Left the organisation, or lost the right to import, since pressing Import.
        raise ServiceError(
            _("The person who started this import may no longer import; nothing was imported.")
        )


def _run_read(job: ImportJob) -> ImportSession | None:
    """Read a stored upload into a session and build its preview once (10 → 60 → 100 %)."""
    _may_import(job)
    name = (job.payload or {}).get("file")
    try:
        with default_storage.open(name, "rb") as stored:
            data = stored.read(MAX_BYTES + 1)
    except Exception as error:  # gone (cleaned up), or the object store is down
        logger.warning("Import job %s: stored upload not read: %s", job.pk, error)
        raise ServiceError(
            _("The uploaded file is no longer kept; upload it again. Nothing was imported.")
        ) from error
    sheet = read_bytes(data, job.payload.get("name") or job.filename)  # ImportFileError
    record(job, progress=10)
    session = start_import(
        organisation=job.organisation,
        user=job.user,
        inventory=job.inventory,
        filename=job.payload.get("name") or job.filename,
        sheet=sheet,
        day_first=bool(job.payload.get("day_first", True)),
    )
    try:
        session.preview(job.organisation)  # what the preview page builds: fails here if at all
    except Exception:
        session.delete()
        raise
    record(job, progress=60)
    record(
        job,
        status=ImportJobStatus.DONE,
        progress=100,
        token=session.token,
        rows=len(session.rows),
        finished_at=timezone.now(),
    )
    return session


def _run(job: ImportJob) -> ImportSession | None:
    # Claimed by the task (`core.jobs.claim`: running, started, attempts + 1).
    record(job, progress=5)
    organisation, user = job.organisation, job.user
    _may_import(job)
    session = ImportSession.load(
        job.token, organisation=organisation, user=user, inventory=job.inventory
    )
    if session is None:
        raise ServiceError(
            _(
                "The uploaded file is no longer kept (previews are kept for a day); upload it "
                "again. Nothing was imported."
            )
        )
    record(job, progress=10)
    preview = session.preview(organisation)  # the row cleaning: the slow half
    record(job, progress=50)
    if not preview.ok:
        problems = problem_report(preview)
        count = _problem_count(problems)
        record(job, problems=problems)
        raise ServiceError(
            ngettext(
                "%(count)d problem in the rows; nothing was imported.",
                "%(count)d problems in the rows; nothing was imported.",
                count,
            )
            % {"count": count}
        )
    writer = ProgressWriter(job)
    try:
        counts = commit_session(
            session,
            organisation,
            user,
            dry_run=job.kind == ImportJobKind.PREVIEW,
            preview=preview,
            progress=writer,
        )
    finally:
        writer.close()
    if job.kind == ImportJobKind.PREVIEW:
        session.delete()  # a dry run's session serves nothing else
    record(
        job,
        status=ImportJobStatus.DONE,
        progress=100,
        counts=counts,
        finished_at=timezone.now(),
    )
    return session
