"""Large uploads read in the background (issue 13, item 1): above IMPORT_SYNC_MAX_BYTES the
upload page stores the file and queues a "read" job; the job page leads to the preview.
The immediate task backend runs the job when the transaction's on-commit callbacks run."""

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse

from assessment.inventory.imports import running
from assessment.models import ImportJob, ImportJobKind, ImportJobStatus, ImportPreview, Tool
from core.testing.access import sign_in
from core.testing.api import api_client_for
from core.testing.factories import MembershipFactory, OrganisationFactory
from core.testing.tasks import live_worker
from tests.inventory.helpers import csv_file, upload
from tests.inventory.test_bad_imports import (
    CASES,
    REFUSED,
    assert_clear,
    corpus_file,
    seed,
    snapshot,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_large_above_ten_bytes")]

TOOLS = "Tool,Vendor,Licensed seats\nSalesforce,Salesforce,50\nMailchimp,Intuit,5\nGA4,Google,0\n"


@pytest.fixture
def _large_above_ten_bytes():
    with override_settings(IMPORT_SYNC_MAX_BYTES=10):
        yield


def stored_uploads() -> list[str]:
    return default_storage.listdir("imports")[1]


def start(client, file, **kwargs):
    """Upload a large file; the job page's URL (the job runs when callbacks run)."""
    response = upload(client, "tools", file, **kwargs)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "/import/jobs/" in response["Location"]
    return response["Location"]


def test_a_large_upload_is_read_in_the_background_and_leads_to_its_preview(
    client, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job_url = start(client, csv_file(TOOLS, name="big.csv"), day_first=False)
    job = ImportJob.objects.get()
    assert job.kind == ImportJobKind.READ and job.status == ImportJobStatus.QUEUED
    assert job.filename == "big.csv" and job.user == editor.user and job.token == ""
    assert job.payload["day_first"] is False
    assert default_storage.exists(job.payload["file"])  # the raw file, nothing read yet
    assert not ImportPreview.objects.exists()
    live_worker()
    page = client.get(job_url).content.decode()
    assert 'hx-trigger="every 1s"' in page and "Reading your file in the background" in page
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE and job.progress == 100 and job.rows == 3
    assert job.error == "" and job.finished_at
    assert stored_uploads() == [] and "file" not in job.payload  # deleted when done
    preview = reverse("inventory_import_preview", kwargs={"inventory": "tools", "token": job.token})
    page = client.get(job_url).content.decode()
    assert "Your file is read: 3 rows." in page and preview in page
    # Polled by htmx as it finishes: on to the preview.
    polled = client.get(job_url, headers={"HX-Request": "true"})
    assert polled.status_code == 200 and polled["HX-Redirect"] == preview
    shown = client.get(preview)
    assert shown.status_code == 200
    text = shown.content.decode()
    assert "Salesforce" in text and "Mailchimp" in text and "GA4" in text
    assert Tool.objects.count() == 0  # read, not imported
    # The session has the upload form's date order; the import page lists the job.
    session = ImportPreview.objects.get(token=job.token)
    assert '"day_first": false' in session.payload
    listing = client.get(reverse("inventory_import", kwargs={"inventory": "tools"}))
    assert job_url in listing.content.decode() and "Read: 3 rows" in listing.content.decode()


def test_an_unreadable_large_file_fails_the_job_and_keeps_nothing(
    client, editor, django_capture_on_commit_callbacks
):
    garbage = csv_file("", name="inventory.xlsx")
    garbage.file.write(b"\x00\x01PK\x03garbage" * 50)
    garbage.file.seek(0)
    garbage.size = len(garbage.file.getvalue())
    with django_capture_on_commit_callbacks(execute=True):
        job_url = start(client, garbage)
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED and job.token == "", job.error
    # The reader's own message, as a small file of the same bytes gets in the request.
    with override_settings(IMPORT_SYNC_MAX_BYTES=10**7):
        garbage.seek(0)
        small = upload(client, "tools", garbage)
    assert small.status_code == 400
    assert job.error and job.error in small.content.decode()
    assert stored_uploads() == [] and "file" not in job.payload
    assert not ImportPreview.objects.exists()
    page = client.get(job_url).content.decode()
    assert job.error in page and "Continue to the preview" not in page


def test_a_small_upload_is_still_read_in_the_request(client, editor, settings):
    settings.IMPORT_SYNC_MAX_BYTES = 10**6
    response = upload(client, "tools", csv_file(TOOLS))
    assert response.status_code == 302 and "/import/jobs/" not in response["Location"]
    assert not ImportJob.objects.exists()
    assert client.get(response["Location"]).status_code == 200


def test_a_file_above_the_reader_limit_is_refused_before_it_is_stored(client, editor, monkeypatch):
    from assessment.inventory.imports import reading

    monkeypatch.setattr(reading, "MAX_BYTES", 20)
    response = upload(client, "tools", csv_file(TOOLS))
    assert (
        response.status_code == 400 and "split it into several files" in response.content.decode()
    )
    assert not ImportJob.objects.exists() and stored_uploads() == []


def test_a_viewer_cannot_upload_a_large_file(client, signed_in):
    signed_in("viewer")
    assert upload(client, "tools", csv_file(TOOLS)).status_code == 403
    assert not ImportJob.objects.exists()


def test_another_organisations_read_job_is_404_and_its_preview_is_not_offered(
    client, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job_url = start(client, csv_file(TOOLS))
    job = ImportJob.objects.get()
    sign_in(client, "owner", OrganisationFactory())
    assert client.get(job_url).status_code == 404
    # Someone else of the same organisation follows the job but not into the preview.
    colleague = MembershipFactory(role="owner", organisation=editor.organisation)
    client.force_login(colleague.user)
    page = client.get(job_url)
    assert page.status_code == 200 and "Your file is read" in page.content.decode()
    assert job.token not in page.content.decode()
    polled = client.get(job_url, headers={"HX-Request": "true"})
    assert "HX-Redirect" not in polled


def test_a_read_job_whose_starter_lost_the_right_fails_and_removes_the_file(
    client, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        start(client, csv_file(TOOLS))
    editor.role = "viewer"
    editor.save()
    for callback in callbacks:
        callback()
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED and "may no longer import" in job.error
    assert stored_uploads() == [] and not ImportPreview.objects.exists()


def test_stored_uploads_of_jobs_failed_by_the_sweep_are_cleaned_up(
    client, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        start(client, csv_file(TOOLS))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.FAILED)  # as the sweep
    assert len(stored_uploads()) == 1
    running.cleanup_stored_uploads()
    job.refresh_from_db()
    assert stored_uploads() == [] and "file" not in job.payload


@pytest.mark.parametrize(
    "case", [case for case in CASES if case.outcome == REFUSED], ids=lambda case: case.file
)
def test_files_refused_in_the_request_are_refused_by_the_job_with_the_same_message(
    client, editor, case, django_capture_on_commit_callbacks
):
    seed(editor.organisation)
    before = snapshot(editor.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, case.inventory, corpus_file(case.file))
    if response.status_code == 400:  # above the reader's size limit: refused before storing
        assert_clear(list(response.context["form"].errors["file"]), case.message)
    else:
        job = ImportJob.objects.get()
        assert job.status == ImportJobStatus.FAILED
        assert_clear([job.error], case.message)
    assert stored_uploads() == [] and not ImportPreview.objects.exists()
    assert snapshot(editor.organisation) == before


def test_the_api_does_not_list_read_jobs(client, editor, django_capture_on_commit_callbacks):
    """They import nothing (no counts to report); the API's jobs are its own imports."""
    with django_capture_on_commit_callbacks(execute=True):
        start(client, csv_file(TOOLS))
    job = ImportJob.objects.get()
    api, _membership = api_client_for("owner", editor.organisation)
    assert api.get(reverse("api-importjob-list")).json()["results"] == []
    assert api.get(reverse("api-importjob-detail", args=[job.pk])).status_code == 404
