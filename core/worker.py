"""The task worker that survives faults (`manage.py run_worker`, docs/tasks.md).

django-tasks-db's `Worker` claims and runs tasks; alone it leaves a task RUNNING for ever
when its process is killed, and exits for good when the database connection drops. This
subclass adds, around its loop and without copying it:

- a heartbeat row (`core.WorkerHeartbeat`) renewed every few seconds from a thread, so
  the pages and /healthz know whether a worker is running;
- a sweep on start-up and every `sweep_interval` seconds: leased jobs whose worker died
  are retried or failed (`core.jobs.sweep`), task results left RUNNING by a dead worker
  are marked FAILED;
- periodic work the apps register (`jobs.register_periodic`), run on the same thread: the
  ready copies of reports look for changed data this way;
- on a lost database (OperationalError / InterfaceError) it closes its connections and
  tries again after 1, 2, 4 … seconds (capped), instead of exiting.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import timedelta

from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    connections,
)
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Worker

from core import jobs
from core.models import WorkerHeartbeat
from core.models.jobs import worker_stale_seconds

logger = logging.getLogger("stackscope.worker")

DATABASE_ERRORS = (OperationalError, InterfaceError)

#: Patched by tests (no real waiting); the worker's only sleep of its own.
sleep = time.sleep


def run_periodic(due: dict[str, float], now: float) -> None:
    """Call each function registered with `jobs.register_periodic` whose time has come;
    ``due``: path → next time."""
    for path, every in jobs.PERIODIC.items():
        if now < due.get(path, 0):
            continue
        due[path] = now + every
        try:
            import_string(path)()
        except DATABASE_ERRORS:
            raise  # the beat loop closes the connection and tries again
        except Exception:
            logger.exception("Periodic %s failed", path)


class WorkerLost(Exception):
    """Recorded on a task result whose worker stopped while it ran."""


def backoff_delays(first: float = 1, cap: float = 30):
    """1, 2, 4, … seconds, never more than `cap`."""
    delay = first
    while True:
        yield min(delay, cap)
        delay = min(delay * 2, cap)


# --- what the worker writes (services of its own: no person acts here) --------------------


def record_heartbeat(*, worker_id: str, queue: str, started_at) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"last_seen": now},
        create_defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "queue": queue[:255],
            "started_at": started_at,
            "last_seen": now,
        },
    )


def remove_heartbeat(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def fail_lost_task_results(*, restarted_worker_id: str | None = None, now=None) -> int:
    """Mark FAILED the task results left RUNNING by a worker with no fresh heartbeat (or by
    this worker before it restarted: it runs one task at a time, and none now)."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=worker_stale_seconds())
    live = set(
        WorkerHeartbeat.objects.filter(last_seen__gte=cutoff).values_list("worker_id", flat=True)
    )
    live.discard(restarted_worker_id)
    lost = []
    rows = DBTaskResult.objects.filter(status="RUNNING").values_list(
        "id", "worker_ids", "started_at"
    )
    for pk, worker_ids, started_at in rows:
        owner = worker_ids[-1] if worker_ids else None
        if (restarted_worker_id and owner == restarted_worker_id) or (
            owner not in live and (started_at is None or started_at < cutoff)
        ):
            lost.append(pk)
    if not lost:
        return 0
    return DBTaskResult.objects.filter(id__in=lost, status="RUNNING").update(
        status="FAILED",
        finished_at=now,
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback="WorkerLost: the worker running this task stopped before it finished.\n",
        return_value=None,
    )


def prune_heartbeats(now=None) -> int:
    cutoff = (now or timezone.now()) - timedelta(days=1)
    return WorkerHeartbeat.objects.filter(last_seen__lt=cutoff).delete()[0]


def sweep(*, restarted_worker_id: str | None = None) -> dict[str, int]:
    counts = jobs.sweep()
    counts["lost_tasks"] = fail_lost_task_results(restarted_worker_id=restarted_worker_id)
    prune_heartbeats()
    return counts


def close_connections() -> None:
    """Drop this thread's connections (a dead one must not be reused); never raises."""
    for conn in connections.all(initialized_only=True):
        if conn.in_atomic_block:
            continue
        try:
            conn.close()
        except Exception:  # already broken: nothing more to close
            logger.debug("Closing %s failed", conn.alias, exc_info=True)


class ResilientWorker(Worker):
    def __init__(
        self,
        *,
        heartbeat_interval: float = 5,
        sweep_interval: float = 30,
        max_backoff: float = 30,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.heartbeat_interval = heartbeat_interval
        self.sweep_interval = sweep_interval
        self.max_backoff = max_backoff
        self.started_at = timezone.now()
        self.queue_label = ",".join(self.queue_names)
        self._stop = threading.Event()
        self._beats: threading.Thread | None = None

    # -- start-up, heartbeats and sweeps ---------------------------------------------------

    def beat(self) -> None:
        record_heartbeat(
            worker_id=self.worker_id, queue=self.queue_label, started_at=self.started_at
        )

    def on_start(self, *, restarted: bool) -> None:
        """In the main thread before (re)entering the loop: raises if the database is down."""
        self.beat()
        counts = sweep(restarted_worker_id=self.worker_id if restarted else None)
        logger.info("Worker %s swept on start: %s", self.worker_id, counts)

    def _beat_forever(self) -> None:
        beats_per_sweep = max(1, round(self.sweep_interval / self.heartbeat_interval))
        count = 0
        due: dict[str, float] = {}
        try:
            while not self._stop.wait(self.heartbeat_interval):
                count += 1
                try:
                    close_old_connections()  # as a request does: a dropped one is replaced
                    self.beat()
                    if count % beats_per_sweep == 0:
                        sweep()
                    run_periodic(due, time.monotonic())
                except Exception:  # the main loop backs off; this thread just tries again
                    logger.warning("Worker heartbeat failed", exc_info=True)
                    connection.close()
        finally:
            connection.close()

    def start_heartbeats(self) -> None:
        if self.batch or not self.heartbeat_interval:
            return  # a batch run is short; its start-up beat and sweep are enough
        self._beats = threading.Thread(target=self._beat_forever, name="heartbeat", daemon=True)
        self._beats.start()

    def stop_heartbeats(self) -> None:
        self._stop.set()
        if self._beats is not None:
            self._beats.join(timeout=self.heartbeat_interval + 5)

    # -- the loop --------------------------------------------------------------------------

    def run(self) -> None:
        delays = backoff_delays(cap=self.max_backoff)
        restarted = False
        self.start_heartbeats()
        try:
            while self.running:
                try:
                    self.on_start(restarted=restarted)
                    delays = backoff_delays(cap=self.max_backoff)  # the database answered
                    super().run()
                    return
                except DATABASE_ERRORS as error:
                    if not self.running:
                        return
                    delay = next(delays)
                    logger.warning(
                        "Database unavailable (%s); worker %s retries in %ss",
                        str(error).strip() or type(error).__name__,
                        self.worker_id,
                        delay,
                    )
                    close_connections()
                    self.startup_delay = False
                    restarted = True
                    sleep(delay)
        finally:
            self.stop_heartbeats()
            try:
                remove_heartbeat(self.worker_id)
            except Exception:  # the database may be the reason we stop
                logger.debug("Could not remove heartbeat", exc_info=True)
            close_connections()
