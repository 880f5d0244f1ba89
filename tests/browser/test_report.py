"""A viewer prints the demo assessment's roadmap report from the browser."""

from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from assessment.models import Assessment
from core.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in


def test_viewer_downloads_the_demo_report(page, base_url, demo):
    assessment = Assessment.objects.get(
        organisation=demo["organisation"], title="Digital experience review 2026"
    )
    log_in(page, base_url, "viewer@acme.example", DEMO_PASSWORD)
    page.get_by_role("link", name="Reports").first.click()
    page.get_by_test_id(f"print-{assessment.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Print the roadmap report")
    page.get_by_label("Letter").check()
    expect(page.get_by_test_id("export-list")).to_contain_text("No PDF printed yet.")
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="Create PDF").click()
        # While it renders, the button waits and the page says what is happening.
        expect(page.get_by_test_id("export-busy")).to_be_visible()
        expect(page.get_by_role("button", name="Create PDF")).to_be_disabled()
    download = download_info.value
    # The download started by itself; the page kept its place and lists the new PDF.
    expect(page.get_by_test_id("export-result")).to_contain_text("Your PDF is ready")
    expect(page.get_by_test_id("export-list")).to_contain_text("Letter · EN")
    expect(page.get_by_test_id("export-list")).not_to_contain_text("No PDF printed yet.")
    expect(page.get_by_role("button", name="Create PDF")).to_be_enabled()
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(str(download.path()))
    first = reader.pages[0].extract_text()
    assert "Acme Retail" in first
    assert "Digital experience review 2026" in first
    assert float(reader.pages[0].mediabox.width) == 612
    assert len(reader.pages) > 5


def test_print_downloads_the_ready_copy_and_the_card_follows_changes(page, base_url, demo):
    """The usual Print is one click on a file already made; after a change the Print page
    says a fresh copy is on its way and shows it by itself once the worker made it."""
    from assessment.models import ReportExport
    from assessment.report import ready
    from core.testing.tasks import live_worker
    from tests.results.helpers import answer

    assessment = Assessment.objects.get(
        organisation=demo["organisation"], title="Digital experience review 2026"
    )
    live_worker()
    ready.refresh_due()  # what the worker does within seconds of a change (renders here)
    copy = ReportExport.objects.get(assessment=assessment, automatic=True)
    log_in(page, base_url, "viewer@acme.example", DEMO_PASSWORD)
    page.get_by_role("link", name="Reports").first.click()
    with page.expect_download(timeout=10_000) as download_info:
        page.get_by_test_id(f"print-{assessment.pk}").click()
    reader = PdfReader(str(download_info.value.path()))
    assert "Digital experience review 2026" in reader.pages[0].extract_text()
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4: the organisation's paper

    page.get_by_test_id(f"options-{assessment.pk}").click()
    card = page.get_by_test_id("ready-copy")
    expect(card).to_have_attribute("data-state", "current")
    current = assessment.answers.get(question_key="breaks_identified")
    answer(assessment, "breaks_identified", 1 if current.value != 1 else 2)
    page.reload()
    expect(card).to_have_attribute("data-state", "refreshing")
    expect(card).to_contain_text("a fresh copy is being prepared")
    page.screenshot(path="test-results/ready-copy-refreshing.png")
    ready.refresh_due()  # the worker again
    expect(card).to_have_attribute("data-state", "current", timeout=15_000)  # htmx polled
    fresh = ReportExport.objects.filter(assessment=assessment, automatic=True).latest("created_at")
    assert fresh.pk != copy.pk
    expect(page.get_by_test_id("download-ready")).to_have_attribute(
        "href", reverse("reportexport_download", args=[fresh.pk])
    )
