"""Catalogue hints in a real browser (issue 18): a tools import's preview lists the known
products; unticking "Fill blank fields from the catalogue" re-renders the preview by htmx,
and the import then fills nothing; the panel passes axe."""

from playwright.sync_api import expect

from assessment.models import Tool
from core.demo import DEMO_PASSWORD
from tests.browser.axe import violations
from tests.browser.conftest import log_in

TOOLS_CSV = b"Name,Licensed seats\nHotjar,3\nOur intranet wiki,5\n"


def test_the_known_products_panel_toggles_and_the_import_follows_it(page, base_url, demo):
    Tool.objects.filter(name__in=["Hotjar", "Our intranet wiki"]).delete()
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/tools/import/")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "tools.csv", "mimeType": "text/csv", "buffer": TOOLS_CSV}],
    )
    page.get_by_role("button", name="Upload and preview").click()
    panel = page.get_by_test_id("known-products")
    expect(panel).to_contain_text("1 row is a known product; blank fields will be filled")
    expect(page.get_by_test_id("known-products-table")).to_contain_text("hotjar.com")
    assert violations(page, include="[data-testid=known-products]") == []
    page.get_by_label("Fill blank fields from the catalogue").uncheck()
    expect(panel).to_contain_text("its blank fields stay blank")
    expect(page.get_by_test_id("known-products-table")).to_have_count(0)
    expect(page.get_by_label("Fill blank fields from the catalogue")).not_to_be_checked()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#messages").get_by_role("status").first).to_contain_text("2 added")
    hotjar = Tool.objects.get(name="Hotjar")
    assert (hotjar.catalogue_slug, hotjar.vendor, hotjar.licensed_seats) == ("", "", 3)
