"""Long jobs that survive a dead worker: a lease renewed by heartbeats, and the worker's own
heartbeat (docs/tasks.md).

A job model (a report export, later an import) subclasses `LeasedJob` next to its other
bases and keeps the field names `status`, `progress`, `error`, `started_at`, `finished_at`
with the values of `JobStatus`. A job RUNNING whose `heartbeat_at` is older than
`JOB_LEASE_SECONDS` lost its worker: `core.jobs` retries or fails it.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Rendering")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def lease_seconds() -> int:
    return getattr(settings, "JOB_LEASE_SECONDS", 60)


def max_attempts() -> int:
    return getattr(settings, "JOB_MAX_ATTEMPTS", 2)


def worker_stale_seconds() -> int:
    return getattr(settings, "WORKER_STALE_SECONDS", 30)


class LeasedJobQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])

    def dead(self, now=None):
        """RUNNING jobs whose worker stopped renewing the lease (a row from before leases
        has no heartbeat: its `started_at` stands in)."""
        cutoff = (now or timezone.now()) - timedelta(seconds=lease_seconds())
        return self.filter(status=JobStatus.RUNNING).filter(
            Q(heartbeat_at__lt=cutoff)
            | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
            | Q(heartbeat_at__isnull=True, started_at__isnull=True)
        )

    def alive(self, now=None):
        """Pending jobs that are not dead (queued ones may still be waiting for a worker)."""
        return self.pending().exclude(pk__in=self.dead(now).values("pk"))


class LeasedJob(models.Model):
    """Abstract: the lease fields. `task_id` is the queued task's result id, so a queued job
    whose task is gone or failed is known for one."""

    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    class Meta:
        abstract = True

    def is_dead(self, now=None) -> bool:
        if self.status != JobStatus.RUNNING:
            return False
        seen = self.heartbeat_at or self.started_at
        cutoff = (now or timezone.now()) - timedelta(seconds=lease_seconds())
        return seen is None or seen < cutoff


class WorkerHeartbeat(models.Model):
    """One row per running task worker, renewed every few seconds (`manage.py run_worker`);
    no fresh row means no worker (the pages say so, /healthz reports it)."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    queue = models.CharField(_("queues"), max_length=255)
    started_at = models.DateTimeField(_("started"))
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.queue})"
