"""Large imports in the background (issue 13, item 1): above IMPORT_SYNC_MAX_ROWS the
preview's Import button queues a job and the job page follows it; the immediate task
backend runs the job when the transaction's on-commit callbacks run."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import translation

from assessment.inventory.imports import running
from assessment.inventory.selectors import import_job_error
from assessment.inventory.services import seed_taxonomy
from assessment.inventory.tasks import run_import_commit
from assessment.models import IMPORT_WORKER_LOST, ImportJob, ImportJobStatus, Tool
from core import jobs
from core.services import ServiceError
from core.testing.access import sign_in
from core.testing.factories import MembershipFactory, OrganisationFactory
from core.testing.tasks import live_worker
from tests.inventory.helpers import commit, csv_file, preview_url, upload

pytestmark = pytest.mark.django_db

TOOLS = "Tool,Vendor,Licensed seats\nSalesforce,Salesforce,50\nMailchimp,Intuit,5\nGA4,Google,0\n"


@pytest.fixture(autouse=True)
def _small_threshold(settings):
    settings.IMPORT_SYNC_MAX_ROWS = 2  # three rows are "large"


def start(client, text=TOOLS, capture=None, **data):
    """Upload, press Import; the job's page URL (the job runs when callbacks run)."""
    url = preview_url(upload(client, "tools", csv_file(text)))
    response = commit(client, url, **data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "/import/jobs/" in response["Location"]
    return response["Location"], url


def test_a_large_import_runs_in_the_background_and_shows_its_counts(
    client, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job_url, _preview = start(client)
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.QUEUED and job.rows == 3 and job.user == editor.user
    assert Tool.objects.count() == 0  # nothing in the request
    page = client.get(job_url).content.decode()
    assert 'hx-trigger="every 1s"' in page and "Waiting for the background worker" in page
    for callback in callbacks:  # the worker (the immediate backend runs it inline)
        callback()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE and job.progress == 100
    assert job.counts == {"created": 3, "updated": 0, "unchanged": 0}
    assert job.started_at and job.finished_at and job.error == ""
    assert Tool.objects.for_organisation(editor.organisation).count() == 3
    partial = client.get(job_url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "hx-trigger" not in partial  # polling stops
    assert "3 added, 0 updated, 0 unchanged" in partial
    assert reverse("tool_list") in partial
    # Left and came back: the import page lists it.
    listing = client.get(reverse("inventory_import", kwargs={"inventory": "tools"}))
    assert job_url in listing.content.decode()


def test_a_small_file_still_commits_in_the_request(client, editor, settings):
    settings.IMPORT_SYNC_MAX_ROWS = 3
    url = preview_url(upload(client, "tools", csv_file(TOOLS)))
    response = commit(client, url)
    assert response["Location"] == reverse("tool_list")
    assert Tool.objects.count() == 3 and not ImportJob.objects.exists()


def test_rows_with_problems_fail_the_job_and_nothing_is_written(
    client, editor, django_capture_on_commit_callbacks
):
    text = TOOLS + "Canva,Canva,lots\n"  # seats that are not a number
    with django_capture_on_commit_callbacks(execute=True):
        job_url, preview = start(client, text=text)
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED
    assert job.error == "1 problem in the rows; nothing was imported."
    assert job.problems["rows"][0]["row"] == 5
    assert Tool.objects.count() == 0
    page = client.get(job_url).content.decode()
    assert job.error in page and preview in page  # back to the preview to fix it
    assert client.get(preview).status_code == 200  # the session is kept


def test_a_refused_commit_stores_its_message(
    client, editor, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(session, organisation, user, **kwargs):
        raise ServiceError("Another import changed the same entries; nothing was imported.")

    monkeypatch.setattr(running, "commit", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        start(client)
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED and job.error.startswith("Another import changed")
    assert job.counts == {} and Tool.objects.count() == 0


def test_an_unexpected_error_is_a_plain_message_never_raised(
    client, editor, django_capture_on_commit_callbacks, monkeypatch
):
    def boom(*args, **kwargs):
        raise RuntimeError("SELECT secret FROM /srv/db")

    monkeypatch.setattr(running, "commit", boom)
    with django_capture_on_commit_callbacks(execute=True):
        start(client)
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED
    assert "failed unexpectedly" in job.error and "SELECT" not in job.error
    assert Tool.objects.count() == 0


def test_the_message_is_in_the_language_of_the_person_who_started_it(
    client, editor, django_capture_on_commit_callbacks
):
    client.cookies["django_language"] = "ro"
    with django_capture_on_commit_callbacks(execute=True):
        start(client, text=TOOLS + "Canva,Canva,lots\n")
    job = ImportJob.objects.get()
    assert job.language == "ro"
    assert job.status == ImportJobStatus.FAILED


def test_a_gone_session_fails_with_a_message(client, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        start(client)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(token="00000000-0000-0000-0000-000000000000")
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED and "upload it again" in job.error


def test_import_pressed_twice_follows_the_same_job(
    client, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        job_url, preview = start(client)
        again = commit(client, preview)
    assert again["Location"] == job_url and ImportJob.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "status"), [("owner", 200), ("editor", 200), ("reviewer", 403), ("viewer", 403)]
)
def test_who_may_follow_a_tool_import(client, editor, role, status):
    """Anyone of the organisation who may import tools (not only who started it)."""
    job = ImportJob.objects.create(
        organisation=editor.organisation, user=editor.user, inventory="tools", token="t"
    )
    sign_in(client, role, editor.organisation)
    assert client.get(job.get_absolute_url()).status_code == status


@pytest.mark.parametrize("role", ["owner", "editor", "reviewer", "viewer"])
def test_another_organisations_job_is_404_for_every_role(client, role):
    other = MembershipFactory(role="owner", organisation=OrganisationFactory())
    job = ImportJob.objects.create(
        organisation=other.organisation, user=other.user, inventory="tools", token="t"
    )
    sign_in(client, role)
    assert client.get(job.get_absolute_url()).status_code == 404
    wrong_inventory = reverse("inventory_import_job", kwargs={"inventory": "touchpoints", "pk": 1})
    assert client.get(wrong_inventory).status_code == 404


def test_a_job_of_another_inventory_is_404(client, editor):
    job = ImportJob.objects.create(
        organisation=editor.organisation, user=editor.user, inventory="tools", token="t"
    )
    url = reverse("inventory_import_job", kwargs={"inventory": "touchpoints", "pk": job.pk})
    assert client.get(url).status_code == 404


def test_a_reviewer_may_not_start_a_tool_import_but_may_import_integrations(client, reviewer):
    assert upload(client, "tools", csv_file(TOOLS)).status_code == 403
    seed_taxonomy(organisation=reviewer.organisation)
    text = "Source,Target,Method\nA,B,API\nB,C,API\nC,A,API\n"
    for name in "ABC":
        Tool.objects.create(organisation=reviewer.organisation, name=name)
    url = preview_url(upload(client, "integrations", csv_file(text)))
    response = commit(client, url)
    assert response.status_code == 302 and "/integrations/import/jobs/" in response["Location"]


def test_the_status_page_runs_a_bounded_number_of_queries(
    client, editor, django_assert_max_num_queries
):
    job = ImportJob.objects.create(
        organisation=editor.organisation,
        user=editor.user,
        inventory="tools",
        token="t",
        status=ImportJobStatus.RUNNING,
        progress=60,
    )
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=F("created_at"))  # a fresh lease
    with django_assert_max_num_queries(8):
        response = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Saving" in response.content.decode()
    with django_assert_max_num_queries(10):
        assert client.get(job.get_absolute_url()).status_code == 200


def test_a_job_whose_starter_lost_the_right_to_import_fails(
    client, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        start(client)
    editor.role = "viewer"
    editor.save()
    for callback in callbacks:
        callback()
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED and "may no longer import" in job.error
    assert Tool.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_progress_is_written_outside_the_commit_and_on_postgresql_inside_it():
    from django.db import connection, transaction

    job = ImportJob.objects.create(organisation=OrganisationFactory(), inventory="tools", token="t")
    writer = running.ProgressWriter(job)
    writer(1, 2)  # not in a transaction: written as is
    assert ImportJob.objects.get(pk=job.pk).progress == 74
    with transaction.atomic():  # the commit's transaction
        writer(2, 2)
        seen = ImportJob.objects.get(pk=job.pk).progress  # committed by the side connection
    writer.close()
    assert seen == (99 if connection.vendor == "postgresql" else 74)


# --- a job whose worker died (core.jobs leases, docs/tasks.md) --------------------------------

LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def test_a_queued_job_says_so_only_when_a_worker_is_alive(client, editor):
    job = ImportJob.objects.create(
        organisation=editor.organisation, user=editor.user, inventory="tools", token="t"
    )
    assert "Waiting for the background worker" in client.get(job.get_absolute_url()).text
    live_worker()
    page = client.get(job.get_absolute_url()).text
    assert "Waiting to start" in page and "Waiting for the background worker" not in page


def test_a_job_whose_worker_died_is_retried_then_failed_with_a_plain_message(client, editor):
    job = ImportJob.objects.create(
        organisation=editor.organisation,
        user=editor.user,
        inventory="tools",
        token="t",
        status=ImportJobStatus.RUNNING,
        attempts=1,
        progress=60,
        heartbeat_at=LONG_AGO,
    )
    assert "stopped while importing" in client.get(job.get_absolute_url()).text  # stalled
    counts = jobs.sweep(ImportJob.objects.all())
    job.refresh_from_db()
    assert counts["retried"] == 1 and job.status == ImportJobStatus.QUEUED  # attempt 2 left
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING, attempts=2, heartbeat_at=LONG_AGO
    )
    assert jobs.sweep(ImportJob.objects.all())["failed"] == 1
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED and job.error == IMPORT_WORKER_LOST
    with translation.override("ro"):
        assert import_job_error(job) == translation.gettext(IMPORT_WORKER_LOST)


def test_the_task_skips_a_job_another_worker_claimed(editor):
    job = ImportJob.objects.create(
        organisation=editor.organisation,
        user=editor.user,
        inventory="tools",
        token="t",
        status=ImportJobStatus.RUNNING,
    )
    assert run_import_commit.call(job.pk) == "skipped"
    job.refresh_from_db()
    assert job.status == ImportJobStatus.RUNNING and job.attempts == 0
