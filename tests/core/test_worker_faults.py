"""The task worker survives faults (issue 13, item 2; docs/tasks.md): a database outage
makes it back off and carry on, a dead worker's tasks are marked lost, the worker's
heartbeat says whether one runs. No test reads the clock: sleeps are patched, past times
are fixed dates."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError, connection

from core import jobs, selectors, worker
from core.models import Role, WorkerHeartbeat
from core.tasks import send_invitation_email
from core.testing.factories import InvitationFactory
from core.testing.tasks import live_worker

LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def test_backoff_doubles_up_to_the_cap():
    delays = worker.backoff_delays(first=1, cap=30)
    assert [next(delays) for _ in range(8)] == [1, 2, 4, 8, 16, 30, 30, 30]


@pytest.fixture
def sleeps(monkeypatch):
    """The worker's back-off sleeps, recorded instead of slept."""
    recorded = []
    monkeypatch.setattr(worker, "sleep", recorded.append)
    return recorded


@pytest.fixture
def outage(monkeypatch):
    """The database refuses the next `n` connection checks, then answers again."""

    def start(n: int):
        real = connection.ensure_connection
        left = {"n": n}

        def flaky():
            if left["n"]:
                left["n"] -= 1
                raise OperationalError("server closed the connection unexpectedly")
            return real()

        monkeypatch.setattr(connection, "ensure_connection", flaky)
        return left

    return start


@pytest.mark.django_db(transaction=True)
def test_worker_backs_off_through_a_database_outage_then_runs_the_task(
    database_task_backend, sleeps, outage
):
    from django_tasks_db.models import DBTaskResult

    invitation = InvitationFactory(role=Role.VIEWER)
    result = send_invitation_email.enqueue(invitation.pk, "https://example.test/i/abc/")
    left = outage(4)
    call_command("run_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert left["n"] == 0
    assert sleeps == [1, 2, 4, 8]  # exponential, then the database answered
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_worker_backoff_is_capped(database_task_backend, sleeps, outage):
    outage(7)
    call_command(
        "run_worker", batch=True, startup_delay=False, reload=False, verbosity=0, max_backoff=5
    )
    assert sleeps == [1, 2, 4, 5, 5, 5, 5]


@pytest.mark.django_db(transaction=True)
def test_worker_survives_an_outage_inside_the_loop(database_task_backend, sleeps, monkeypatch):
    """The claim itself fails (the connection dropped after start-up): back off, go on."""
    from django_tasks_db.models import DBTaskResultQuerySet

    invitation = InvitationFactory(role=Role.VIEWER)
    result = send_invitation_email.enqueue(invitation.pk, "https://example.test/i/abc/")
    real = DBTaskResultQuerySet.get_locked
    failures = {"n": 2}

    def get_locked(self):
        if failures["n"]:
            failures["n"] -= 1
            raise OperationalError("terminating connection due to administrator command")
        return real(self)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", get_locked)
    call_command("run_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert failures["n"] == 0 and len(sleeps) == 2
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_other_errors_are_not_swallowed(database_task_backend, sleeps, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr(worker, "sweep", broken)
    with pytest.raises(RuntimeError):
        call_command("run_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert sleeps == []


@pytest.mark.django_db
def test_task_results_of_a_dead_worker_are_marked_lost(database_task_backend):
    from django_tasks_db.models import DBTaskResult

    invitation = InvitationFactory(role=Role.VIEWER)
    dead = send_invitation_email.enqueue(invitation.pk, "https://example.test/i/1/")
    alive = send_invitation_email.enqueue(invitation.pk, "https://example.test/i/2/")
    waiting = send_invitation_email.enqueue(invitation.pk, "https://example.test/i/3/")
    live_worker("alive-worker")
    DBTaskResult.objects.filter(id=dead.id).update(
        status="RUNNING", started_at=LONG_AGO, worker_ids=["dead-worker"]
    )
    DBTaskResult.objects.filter(id=alive.id).update(
        status="RUNNING", started_at=LONG_AGO, worker_ids=["alive-worker"]
    )
    assert worker.fail_lost_task_results() == 1
    statuses = dict(DBTaskResult.objects.values_list("id", "status"))
    assert {str(k): v for k, v in statuses.items()} == {
        str(dead.id): "FAILED",
        str(alive.id): "RUNNING",
        str(waiting.id): "READY",
    }


@pytest.mark.django_db
def test_worker_heartbeat_makes_a_worker_alive():
    assert selectors.worker_is_alive() is False
    worker.record_heartbeat(worker_id="w1", queue="default", started_at=LONG_AGO)
    worker.record_heartbeat(worker_id="w1", queue="default", started_at=LONG_AGO)
    beat = WorkerHeartbeat.objects.get()
    assert beat.started_at == LONG_AGO and beat.pid > 0 and beat.hostname
    assert selectors.worker_is_alive() is True
    WorkerHeartbeat.objects.update(last_seen=LONG_AGO)
    assert selectors.worker_is_alive() is False
    assert worker.prune_heartbeats() == 1


@pytest.mark.django_db
def test_worker_is_alive_is_one_query(django_assert_num_queries):
    live_worker()
    with django_assert_num_queries(1):
        assert selectors.worker_is_alive()


@pytest.mark.django_db(transaction=True)
def test_keep_alive_renews_the_lease_from_a_thread(organisation, monkeypatch):
    """WeasyPrint gives no progress: a thread renews the lease while it works."""
    from assessment.models import ExportStatus, ReportExport
    from tests.results.helpers import make_assessment

    export = ReportExport.objects.create(
        organisation=organisation,
        assessment=make_assessment(organisation),
        cache_key="x" * 64,
        status=ExportStatus.RUNNING,
        heartbeat_at=LONG_AGO,
    )
    beaten = threading.Event()
    real_beat = jobs.beat

    def beat(job):
        renewed = real_beat(job)
        beaten.set()
        return renewed

    monkeypatch.setattr(jobs, "beat", beat)
    with jobs.keep_alive(export, interval=0.01):
        assert beaten.wait(timeout=30)
    export.refresh_from_db()
    assert export.heartbeat_at > LONG_AGO
    assert not ReportExport.objects.dead().exists()


def test_keep_alive_with_no_interval_starts_no_thread():
    before = threading.active_count()
    with jobs.keep_alive(object(), interval=0):
        assert threading.active_count() == before
