"""A real worker process killed with SIGKILL mid-render; a new worker finishes the export
(issue 13: "worker killed mid-render: the export completes after the worker restarts").

PostgreSQL only: the worker processes need the test database, which SQLite keeps in this
process's memory. Waits are bounded by attempts, never by reading the clock.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from assessment.models import ExportStatus, ReportExport
from assessment.report import services
from core.models import WorkerHeartbeat
from tests.results.helpers import make_assessment, make_inventory

ROOT = Path(__file__).resolve().parents[2]
LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)

#: A worker whose renders never end (WeasyPrint stuck, or just a very long report).
BLOCKED_WORKER = """
import os, time, django
django.setup()
from assessment.report import exports
def stuck(*args, **kwargs):
    while True:
        time.sleep(0.1)
exports.render_report_pdf = stuck
from django.core.management import call_command
call_command("run_worker", reload=False, startup_delay=False, heartbeat_interval=1, verbosity=0)
"""


def worker_env(tmp_path) -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "core.settings",
        "DATABASE_URL": url,
        "TASKS_BACKEND": "database",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "JOB_HEARTBEAT_SECONDS": "1",
    }


def wait_for(check, attempts: int = 600, pause: float = 0.1) -> bool:
    for _ in range(attempts):
        if check():
            return True
        time.sleep(pause)
    return False


@pytest.mark.usefixtures("postgres_only")
def test_export_killed_mid_render_completes_after_the_worker_restarts(
    organisation, settings, tmp_path, database_task_backend
):
    from django_tasks_db.models import DBTaskResult

    settings.REPORT_SYNC_MAX_TOOLS = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    make_inventory(organisation)
    assessment = make_assessment(organisation, title="Board review 2026")
    export = services.request_export(assessment=assessment, user=None, sections=["summary"])
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    env = worker_env(tmp_path)
    first = subprocess.Popen(
        [sys.executable, "-c", BLOCKED_WORKER],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:

        def rendering() -> bool:
            export.refresh_from_db()
            return export.status == ExportStatus.RUNNING and export.progress == 40

        assert wait_for(rendering), first.stderr.read1().decode() if first.poll() else ""
        assert WorkerHeartbeat.objects.count() == 1
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)

    # Time passes: the killed worker's heartbeat and the export's lease run out.
    WorkerHeartbeat.objects.update(last_seen=LONG_AGO)
    DBTaskResult.objects.filter(status="RUNNING").update(started_at=LONG_AGO)
    ReportExport.objects.filter(pk=export.pk).update(heartbeat_at=LONG_AGO)
    export.refresh_from_db()
    assert export.status == ExportStatus.RUNNING  # "running 40 %" for ever, until swept

    second = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "run_worker",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "-v",
            "0",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=300,
    )
    assert second.returncode == 0, second.stderr.decode()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error
    assert export.attempts == 2 and export.pages and export.size_bytes
    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == ["FAILED", "SUCCESSFUL"]  # the killed worker's task is marked lost


@pytest.mark.usefixtures("postgres_only")
def test_worker_carries_on_after_its_database_connections_are_killed(
    tmp_path, database_task_backend
):
    """PostgreSQL drops the worker's connections (a failover, a restart): the worker stays
    up, reconnects, runs the next task, and stops cleanly on SIGTERM."""
    from django_tasks_db.models import DBTaskResult

    from core.models import Role
    from core.tasks import send_invitation_email
    from core.testing.factories import InvitationFactory

    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "run_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval=0.2",
            "--heartbeat-interval=0.5",
            "--max-backoff=1",
        ],
        cwd=ROOT,
        env=worker_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert wait_for(WorkerHeartbeat.objects.exists)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] >= 1
        invitation = InvitationFactory(role=Role.VIEWER)
        result = send_invitation_email.enqueue(invitation.pk, "https://example.test/i/abc/")

        def done() -> bool:
            return DBTaskResult.objects.filter(id=result.id, status="SUCCESSFUL").exists()

        assert wait_for(done), worker.stderr.read1().decode() if worker.poll() else ""
        assert worker.poll() is None  # still running
    finally:
        worker.send_signal(signal.SIGTERM)
        returncode = worker.wait(timeout=60)
    assert returncode == 0
    assert not WorkerHeartbeat.objects.exists()  # a graceful stop removes its heartbeat
