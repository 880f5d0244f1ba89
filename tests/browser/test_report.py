"""A viewer prints the demo assessment's roadmap report from the browser."""

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
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="Create PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(str(download.path()))
    first = reader.pages[0].extract_text()
    assert "Acme Retail" in first
    assert "Digital experience review 2026" in first
    assert float(reader.pages[0].mediabox.width) == 612
    assert len(reader.pages) > 5
