"""Report exports survive a dead worker (issue 13, item 2; docs/tasks.md).

A worker killed mid-render leaves its export RUNNING with a heartbeat that stops: such an
export is never shared with a new request, the worker's sweep retries it (or, out of
attempts, fails it with a message a person understands) and the report can be asked for
again. Times are set with update() to fixed past dates: no test reads the clock.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse

from assessment.models import ExportStatus, ReportExport
from assessment.report import exports, services
from assessment.report.exports import REPORT_WORKER_LOST
from assessment.report.pdf import RenderedPDF
from assessment.report.selectors import export_state
from core import jobs
from core.models import Role, WorkerHeartbeat
from core.testing.tasks import live_worker
from tests.results.helpers import make_assessment, make_inventory

LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def fast_render(settings, tmp_path, monkeypatch):
    """Every report goes to the task queue, and WeasyPrint is replaced by a fixed PDF."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_SYNC_MAX_TOOLS = 0
    fake = RenderedPDF(content=b"%PDF-1.4 fake", pages=1, refused_urls=())
    monkeypatch.setattr(exports, "render_report_pdf", lambda *args, **kwargs: fake)


@pytest.fixture
def assessment(organisation):
    make_inventory(organisation)
    return make_assessment(organisation, title="Board review 2026")


def request(assessment):
    return services.request_export(assessment=assessment, user=None, sections=["summary"])


def killed_mid_render(export, *, attempts=1):
    """What a worker killed during WeasyPrint leaves behind: RUNNING 40 %, silent since."""
    ReportExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.RUNNING,
        progress=40,
        attempts=attempts,
        started_at=LONG_AGO,
        heartbeat_at=LONG_AGO,
    )


@pytest.mark.django_db
def test_a_dead_export_is_never_shared_and_the_report_can_be_had_again(
    assessment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        dead = request(assessment)
    killed_mid_render(dead)
    with django_capture_on_commit_callbacks(execute=True):
        again = request(assessment)
    assert again.pk != dead.pk
    again.refresh_from_db()
    assert again.status == ExportStatus.DONE and again.is_ready
    dead.refresh_from_db()
    assert dead.status == ExportStatus.FAILED
    assert dead.error == REPORT_WORKER_LOST
    # The next identical request is served the good one.
    assert request(assessment).pk == again.pk


@pytest.mark.django_db
def test_a_running_export_with_a_fresh_lease_is_shared(
    assessment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        export = request(assessment)
    ReportExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.RUNNING, progress=40, attempts=1, heartbeat_at=F("created_at")
    )
    # created_at is now-ish: the lease (60 s) has not run out.
    with django_capture_on_commit_callbacks(execute=False):
        assert request(assessment).pk == export.pk


@pytest.mark.django_db
def test_the_sweep_fails_a_dead_export_out_of_attempts_with_a_plain_message(
    client, signed_in, assessment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        export = request(assessment)
    killed_mid_render(export, attempts=2)
    assert jobs.sweep() == {"retried": 0, "failed": 1}
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and export.error == REPORT_WORKER_LOST
    assert export.finished_at is not None
    signed_in(Role.VIEWER, assessment.organisation)
    page = client.get(export.get_absolute_url()).content.decode()
    assert "The background worker stopped while making this report; ask for it again." in page
    assert "every 1s" not in page  # finished: no more polling
    assert jobs.sweep() == {"retried": 0, "failed": 0}  # nothing left to sweep
    with django_capture_on_commit_callbacks(execute=True):
        again = request(assessment)  # the same report can be asked for again
    assert again.pk != export.pk
    again.refresh_from_db()
    assert again.status == ExportStatus.DONE and again.attempts == 1


@pytest.mark.django_db
def test_the_sweep_retries_a_dead_export_with_attempts_left(
    assessment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        export = request(assessment)
    killed_mid_render(export, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend runs it
        assert jobs.sweep() == {"retried": 1, "failed": 0}
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.is_ready
    assert export.attempts == 2 and export.progress == 100


@pytest.mark.django_db
def test_the_sweep_is_scoped_to_the_queryset_it_is_given(
    assessment, django_capture_on_commit_callbacks
):
    from core.testing.factories import OrganisationFactory

    other = make_assessment(OrganisationFactory(), title="Other")
    with django_capture_on_commit_callbacks(execute=False):
        mine, theirs = request(assessment), request(other)
    killed_mid_render(mine, attempts=2)
    killed_mid_render(theirs, attempts=2)
    mine_only = ReportExport.objects.for_organisation(assessment.organisation)
    assert jobs.sweep(mine_only)["failed"] == 1
    assert ReportExport.objects.get(pk=theirs.pk).status == ExportStatus.RUNNING


@pytest.mark.django_db
def test_a_stalled_export_says_so_while_polled(client, signed_in, assessment):
    export = ReportExport.objects.create(
        organisation=assessment.organisation, assessment=assessment, cache_key="x" * 64
    )
    killed_mid_render(export)
    signed_in(Role.VIEWER, assessment.organisation)
    content = client.get(export.get_absolute_url(), headers={"HX-Request": "true"}).content
    assert b'data-state="stalled"' in content
    assert b"The background worker stopped while making this report" in content
    assert b"<html" not in content


# --- no worker: the queued page says so -------------------------------------------------


@pytest.mark.django_db
def test_queued_export_without_a_worker_says_it_is_waiting_for_one(client, signed_in, assessment):
    export = ReportExport.objects.create(
        organisation=assessment.organisation, assessment=assessment, cache_key="x" * 64
    )
    signed_in(Role.VIEWER, assessment.organisation)
    content = client.get(export.get_absolute_url(), headers={"HX-Request": "true"}).content
    text = content.decode()
    assert 'data-state="waiting_for_worker"' in text
    assert "Waiting for the background worker — none is running." in text
    assert "docs/deployment.md" in text
    assert 'hx-trigger="every 1s"' in text  # still polled: it starts once a worker runs

    live_worker()
    content = client.get(export.get_absolute_url(), headers={"HX-Request": "true"}).content
    assert b'data-state="queued"' in content and b"Waiting for" not in content
    assert b"Queued" in content


@pytest.mark.django_db
def test_an_old_heartbeat_is_no_worker(assessment):
    export = ReportExport.objects.create(
        organisation=assessment.organisation, assessment=assessment, cache_key="x" * 64
    )
    live_worker()
    assert export_state(export).code == "queued"
    WorkerHeartbeat.objects.update(last_seen=LONG_AGO)
    assert export_state(export).code == "waiting_for_worker"


@pytest.mark.django_db
def test_api_export_status_says_waiting_for_the_worker(client, signed_in, assessment):
    export = ReportExport.objects.create(
        organisation=assessment.organisation, assessment=assessment, cache_key="x" * 64
    )
    signed_in(Role.VIEWER, assessment.organisation)
    body = client.get(reverse("api-reportexport-detail", args=[export.pk])).json()
    assert body["status"] == "queued" and body["state"] == "waiting_for_worker"
    assert body["state_message"].startswith("Waiting for the background worker")
    live_worker()
    body = client.get(reverse("api-reportexport-detail", args=[export.pk])).json()
    assert body["state"] == "queued"


@pytest.mark.django_db
def test_api_export_list_asks_about_the_worker_once(
    client, signed_in, assessment, django_assert_max_num_queries
):
    for index in range(5):
        ReportExport.objects.create(
            organisation=assessment.organisation, assessment=assessment, cache_key=f"{index:064}"
        )
    signed_in(Role.VIEWER, assessment.organisation)
    client.get(reverse("api-reportexport-list"))  # warm the session and caches
    with django_assert_max_num_queries(8):
        body = client.get(reverse("api-reportexport-list")).json()
    states = {row["state"] for row in body["results"]}
    assert states == {"waiting_for_worker"}


# --- with the production task backend and the real worker command ----------------------


@pytest.mark.django_db(transaction=True)
def test_worker_restart_completes_an_export_whose_worker_was_killed(
    database_task_backend, organisation
):
    """The worker died mid-render (its task result still RUNNING, the export at 40 %); a
    new worker sweeps on start: the old task is marked lost, the export re-queued, and it
    renders to the end."""
    from django_tasks_db.models import DBTaskResult

    make_inventory(organisation)
    assessment = make_assessment(organisation, title="Board review 2026")
    export = request(assessment)
    task = DBTaskResult.objects.get()
    assert ReportExport.objects.get(pk=export.pk).task_id == str(task.id)
    DBTaskResult.objects.filter(pk=task.pk).update(
        status="RUNNING", started_at=LONG_AGO, worker_ids=["killed-worker"]
    )
    killed_mid_render(export)

    call_command("run_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.is_ready
    assert export.attempts == 2
    task.refresh_from_db()
    assert task.status == "FAILED" and task.exception_class_path == "core.worker.WorkerLost"
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1
    assert not WorkerHeartbeat.objects.exists()  # a stopped worker removes its heartbeat


@pytest.mark.django_db(transaction=True)
def test_a_queued_export_whose_task_failed_is_not_shared(database_task_backend, organisation):
    from django_tasks_db.models import DBTaskResult

    make_inventory(organisation)
    assessment = make_assessment(organisation, title="Board review 2026")
    export = request(assessment)
    DBTaskResult.objects.update(status="FAILED")
    ReportExport.objects.filter(pk=export.pk).update(heartbeat_at=LONG_AGO)
    again = request(assessment)
    assert again.pk != export.pk and again.status == ExportStatus.QUEUED
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and export.error == REPORT_WORKER_LOST
    # A just-queued export whose task is waiting is shared.
    assert request(assessment).pk == again.pk
