"""A large import in a real browser: Import goes to the job's page, which polls itself to
the counts (issue 13, item 1)."""

from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from assessment.models import ImportJob, ImportJobStatus
from core.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in

INTEGRATIONS_CSV = (
    b"From,To,Method,Frequency,Data objects,Status\n"
    b"Slack,Asana,Native,Real-time,Other,Live\n"
    b"Looker,Slack,Webhook,Daily,Campaigns,Live\n"
    b"Gong,Slack,Native,Real-time,Leads,Planned\n"
)


def test_a_large_import_shows_its_progress_then_its_counts(
    page, base_url, demo, settings, tmp_path
):
    settings.IMPORT_SYNC_MAX_ROWS = 2  # three rows are "large"
    settings.MEDIA_ROOT = tmp_path
    log_in(page, base_url, "reviewer@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/integrations/import/")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "integrations.csv", "mimeType": "text/csv", "buffer": INTEGRATIONS_CSV}],
    )
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_test_id("import-job-done")).to_contain_text("3 added")
    page.screenshot(path="test-results/import-job-done.png", full_page=True)

    # A job still running (as the worker leaves it between two polls), then done.
    job = ImportJob.objects.create(
        organisation=demo["organisation"],
        inventory="integrations",
        token="t",
        filename="all-integrations.xlsx",
        rows=10_000,
        status=ImportJobStatus.RUNNING,
        progress=60,
    )
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=F("created_at"))  # a live worker
    page.goto(f"{base_url}{job.get_absolute_url()}")
    expect(page.get_by_test_id("import-job-status-text")).to_have_text("Saving…")
    page.screenshot(path="test-results/import-job-running.png", full_page=True)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.DONE, progress=100, counts={"created": 9000, "updated": 1000}
    )
    expect(page.get_by_test_id("import-job-done")).to_contain_text("9000 added, 1000 updated")
    page.goto(f"{base_url}/integrations/import/")
    expect(page.get_by_test_id("recent-imports")).to_contain_text("all-integrations.xlsx")
    page.screenshot(path="test-results/import-recent.png", full_page=True)


def test_a_large_upload_is_read_in_the_background_then_opens_its_preview(
    page, base_url, demo, settings, tmp_path
):
    settings.IMPORT_SYNC_MAX_BYTES = 10  # every file is "large"
    log_in(page, base_url, "reviewer@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/integrations/import/")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "integrations.csv", "mimeType": "text/csv", "buffer": INTEGRATIONS_CSV}],
    )
    page.get_by_role("button", name="Upload and preview").click()
    # The immediate backend read it before the job's page opened: done, with the way on.
    expect(page.get_by_test_id("import-job-read")).to_contain_text("3 rows")
    page.screenshot(path="test-results/import-read-done.png", full_page=True)
    page.get_by_test_id("import-job-preview").click()
    expect(page.get_by_role("button", name="Import", exact=True)).to_be_visible()
    preview = page.url
    assert "/integrations/import/" in preview and "/jobs/" not in preview

    # A read job still running, as a worker leaves it between two polls; then done: the
    # poll takes the page on to the preview by itself.
    read = ImportJob.objects.get(kind="read")
    job = ImportJob.objects.create(
        organisation=read.organisation,
        user=read.user,
        inventory="integrations",
        kind="read",
        filename="all-integrations.xlsx",
        status=ImportJobStatus.RUNNING,
        progress=10,
        heartbeat_at=timezone.now(),
    )
    page.goto(f"{base_url}{job.get_absolute_url()}")
    expect(page.get_by_test_id("import-job-status-text")).to_have_text("Reading the file…")
    page.screenshot(path="test-results/import-read-running.png", full_page=True)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.DONE, progress=100, rows=3, token=read.token
    )
    page.wait_for_url(preview)
