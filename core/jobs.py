"""Leased jobs (docs/tasks.md): claim, heartbeat and progress while a job runs; sweep the
jobs whose worker died (retry them, or fail them with a message a person understands).

A job kind registers once (`register_job_kind`, from its app's `ready`): its model, the
task that runs one job (it takes the job's primary key) and what to tell the user when the
worker was lost. Everything here is generic over `core.models.LeasedJob`.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import F, Q
from django.tasks import task_backends
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop

from core.models.jobs import JobStatus, lease_seconds, max_attempts

logger = logging.getLogger(__name__)

#: What a person reads about a job lost with its worker, unless its kind says better (stored
#: in `error` in English, shown translated by the pages and the API).
WORKER_LOST = gettext_noop("The background worker stopped while doing this; ask for it again.")


@dataclass(frozen=True)
class JobKind:
    model: str  # "app_label.ModelName"
    task: str  # dotted path of a task that runs one job, given its primary key
    lost_message: str  # English (gettext_noop), translated where shown

    @property
    def model_class(self):
        return apps.get_model(self.model)


JOB_KINDS: dict[str, JobKind] = {}


def register_job_kind(*, model: str, task: str, lost_message: str = WORKER_LOST) -> None:
    JOB_KINDS[model] = JobKind(model=model, task=task, lost_message=lost_message)


#: dotted path of a function taking no argument → how often the worker calls it, in seconds.
PERIODIC: dict[str, float] = {}


def register_periodic(path: str, *, every: float) -> None:
    """Have the task worker call ``path`` every ``every`` seconds, on its heartbeat thread
    (``core.worker``; apps register from ``ready``). It must be short: it delays the beat."""
    PERIODIC[path] = every


def kind_of(model) -> JobKind:
    return JOB_KINDS[model._meta.label]


def heartbeat_seconds() -> float:
    """How often a running job renews its lease between progress calls (0: only at them)."""
    return getattr(settings, "JOB_HEARTBEAT_SECONDS", 10)


# --- while a job runs ---------------------------------------------------------------------


def claim(job) -> bool:
    """Start a queued job: one conditional UPDATE, so two workers never run the same job."""
    now = timezone.now()
    claimed = (
        type(job)
        .objects.filter(pk=job.pk, status=JobStatus.QUEUED)
        .update(
            status=JobStatus.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            heartbeat_at=now,
            finished_at=None,
            error="",
        )
    )
    if claimed:
        job.refresh_from_db(
            fields=["status", "attempts", "started_at", "heartbeat_at", "finished_at", "error"]
        )
    return bool(claimed)


def record_progress(job, status: str, progress: int, **fields) -> None:
    """Save the job's status and progress; each call renews the lease."""
    job.status, job.progress, job.heartbeat_at = status, progress, timezone.now()
    for name, value in fields.items():
        setattr(job, name, value)
    update = ["status", "progress", "heartbeat_at", *fields]
    if any(field.name == "updated_at" for field in job._meta.concrete_fields):
        update.append("updated_at")
    job.save(update_fields=update)


def beat(job) -> int:
    """Renew a running job's lease (a separate UPDATE: it never overwrites other fields)."""
    return (
        type(job)
        .objects.filter(pk=job.pk, status=JobStatus.RUNNING)
        .update(heartbeat_at=timezone.now())
    )


@contextmanager
def keep_alive(job, interval: float | None = None):
    """Renew the lease from a thread while a long step runs (WeasyPrint gives no progress).

    The thread has its own database connection and closes it; a failed beat is logged, the
    next one tries again. `interval` 0 turns the thread off (tests: progress calls only).
    """
    interval = heartbeat_seconds() if interval is None else interval
    if not interval:
        yield
        return
    stop = threading.Event()

    def run() -> None:
        try:
            while not stop.wait(interval):
                try:
                    close_old_connections()  # a dropped connection is replaced, not reused
                    beat(job)
                except Exception:  # a dropped connection: the next beat reconnects
                    logger.warning("Heartbeat of %s %s failed", job._meta.label, job.pk)
                    connection.close()
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=f"heartbeat-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


# --- queueing -----------------------------------------------------------------------------


def enqueue(job, *, task: str | None = None, run_after=None) -> None:
    """Queue the job's task (its kind's, or `task`) once the transaction commits, and
    remember the task's id. `run_after`: not before then, where the backend can wait (the
    database backend can; the immediate one of the tests runs it at once)."""
    kind = kind_of(type(job))

    def send() -> None:
        runner = import_string(task or kind.task)
        if run_after is not None and runner.get_backend().supports_defer:
            runner = runner.using(run_after=run_after)
        result = runner.enqueue(job.pk)
        type(job).objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(send)


def _uses_database_backend() -> bool:
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def lost_queued(queryset, now=None):
    """Queued jobs whose task can no longer run them: its result is missing, finished or
    failed (database task backend only; other backends keep no results to ask)."""
    queued = queryset.filter(status=JobStatus.QUEUED)
    if not _uses_database_backend():
        return queued.none()
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - timedelta(seconds=lease_seconds())
    # Just queued: the id is written right after the commit; give it a lease to arrive.
    candidates = dict(
        queued.filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True)).values_list(
            "pk", "task_id"
        )
    )
    if not candidates:
        return queued.none()
    task_ids = [task_id for task_id in candidates.values() if task_id]
    waiting = {
        str(pk)
        for pk in DBTaskResult.objects.filter(
            id__in=task_ids, status__in=["READY", "RUNNING"]
        ).values_list("id", flat=True)
    }
    lost = [pk for pk, task_id in candidates.items() if not task_id or task_id not in waiting]
    return queued.filter(pk__in=lost)


def unusable(queryset, now=None):
    """Pending jobs nobody will finish: running without a lease, or queued without a task."""
    return queryset.dead(now) | lost_queued(queryset, now)


# --- sweeping -----------------------------------------------------------------------------


def fail_lost(queryset, now=None) -> int:
    """Fail these jobs if they are (still) unusable, in one UPDATE, with the plain message."""
    now = now or timezone.now()
    kind = kind_of(queryset.model)
    ids = list(unusable(queryset, now).values_list("pk", flat=True))
    if not ids:
        return 0
    return unusable(queryset.model.objects.filter(pk__in=ids), now).update(
        status=JobStatus.FAILED, error=kind.lost_message, finished_at=now
    )


def sweep(queryset=None, now=None) -> dict[str, int]:
    """Retry the unusable jobs that have attempts left (queued again, a new task) and fail
    the others. Without a queryset: every registered kind, every organisation (the worker).
    """
    now = now or timezone.now()
    querysets = (
        [queryset]
        if queryset is not None
        else [kind.model_class.objects.all() for kind in JOB_KINDS.values()]
    )
    counts = {"retried": 0, "failed": 0}
    for jobs in querysets:
        lost = unusable(jobs, now)
        counts["failed"] += fail_lost(lost.filter(attempts__gte=max_attempts()), now)
        for pk in lost.filter(attempts__lt=max_attempts()).values_list("pk", flat=True):
            # Row by row, each conditional: of two sweeping workers, one re-queues it.
            with transaction.atomic():
                requeued = unusable(jobs.model.objects.filter(pk=pk), now).update(
                    status=JobStatus.QUEUED, progress=0, heartbeat_at=now, task_id=""
                )
                if requeued:
                    enqueue(jobs.model(pk=pk))
                    counts["retried"] += 1
    if counts["retried"] or counts["failed"]:
        logger.warning("Swept jobs whose worker was lost: %s", counts)
    return counts
