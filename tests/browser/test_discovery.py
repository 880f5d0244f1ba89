"""The Discovered page in a real browser (issue 18): an editor scans the local test site
(Google Tag Manager, Google Analytics 4, HubSpot forms, Hotjar, the Meta Pixel), follows the
scan's card to its summary, sees the five listed in their subcategories, links them (by
name, by known product, by choosing), adds one to the stack and ignores another (htmx,
toasts), with no CSP violation; the page passes axe."""

from playwright.sync_api import expect

from assessment.discovery import fetch
from core.demo import DEMO_PASSWORD
from tests.browser.axe import violations
from tests.browser.conftest import log_in
from tests.discovery.conftest import allow_localhost, localhost_resolver, site_server, site_url

__all__ = ["allow_localhost", "site_server", "site_url"]  # fixtures used below

FIVE = {
    "google-tag-manager": "iPaaS",
    "google-analytics": "analytics",
    "hubspot": "Marketing automation",
    "hotjar": "analytics",
    "facebook-pixel": "analytics",
}


def test_editor_scans_the_site_and_decides(
    page, base_url, demo, allow_localhost, site_url, monkeypatch
):
    from assessment.models import DiscoveredTool, Tool

    monkeypatch.setattr(fetch, "resolve", localhost_resolver)
    page.set_viewport_size({"width": 1366, "height": 1000})
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/tools/")
    page.get_by_role("link", name="Discovered").click()
    expect(page.get_by_test_id("discovered-empty")).to_be_visible()

    page.get_by_label("Site addresses").fill(site_url + "/")
    page.get_by_test_id("scan-start").click()
    expect(page.get_by_test_id("scan-summary")).to_contain_text("appeared, 0 disappeared")
    table = page.get_by_test_id("discovered-table")
    expect(table).to_be_visible()
    for slug, subcategory in FIVE.items():
        expect(table.locator(f"tr[data-slug='{slug}']")).to_contain_text(subcategory)

    def row(slug):
        return DiscoveredTool.objects.get(organisation__slug="acme-retail", slug=slug).pk

    # Hotjar is in the demo stack under that name: matched, one click confirms the link.
    hotjar = row("hotjar")
    page.get_by_test_id(f"link-matched-{hotjar}").click()
    expect(page.get_by_test_id(f"state-{hotjar}")).to_have_text("Linked to a tool")

    # Google Analytics is "Google Analytics 4" in the stack: linked by choosing it.
    analytics = row("google-analytics")
    page.get_by_test_id(f"link-{analytics}").click()
    form = page.get_by_test_id(f"link-form-{analytics}")
    form.get_by_label("Tool in the stack").select_option(label="Google Analytics 4")
    form.get_by_role("button", name="Link").click()
    expect(page.get_by_test_id(f"state-{analytics}")).to_have_text("Linked to a tool")
    expect(page.locator(".toast").filter(has_text="Linked Google Analytics")).to_be_visible()

    # HubSpot's forms: the demo's "HubSpot CRM" is that known product (its catalogue_slug),
    # so it is matched whatever it is called; one click confirms the link.
    hubspot = row("hubspot")
    matched = page.get_by_test_id(f"link-matched-{hubspot}")
    expect(matched).to_contain_text("HubSpot CRM")
    matched.click()
    expect(page.get_by_test_id(f"state-{hubspot}")).to_have_text("Linked to a tool")

    # The Meta Pixel is in no tool of the stack: added, with the catalogue's website,
    # description and its known product.
    pixel = row("facebook-pixel")
    page.get_by_test_id(f"add-{pixel}").click()
    expect(page.get_by_test_id(f"state-{pixel}")).to_have_text("Added to the stack")
    added = Tool.objects.get(organisation__slug="acme-retail", catalogue_slug="facebook-pixel")
    assert added.subcategory is not None and added.website.startswith("https://")
    assert added.description and not added.notes

    manager = row("google-tag-manager")
    page.get_by_test_id(f"ignore-{manager}").click()
    expect(page.get_by_test_id(f"state-{manager}")).to_have_text("Ignored")
    page.screenshot(path="test-results/discovery/discovered.png", full_page=True)
    assert violations(page) == []
