"""Smoke: the demo editor signs in, switches organisation and sees the dashboard."""

from playwright.sync_api import expect

from core.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in


def test_editor_signs_in_switches_organisation_and_sees_dashboard(page, base_url, demo):
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme Retail")
    expect(page.get_by_test_id("current-organisation")).to_have_text("Acme Retail")

    page.get_by_test_id("org-switcher").click()
    page.get_by_role("button", name="Acme Wholesale").click()

    expect(page.get_by_test_id("current-organisation")).to_have_text("Acme Wholesale")
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme Wholesale")
    expect(page.locator("#messages").get_by_role("status")).to_contain_text(
        "You are now working in Acme Wholesale"
    )
    page.screenshot(path="test-results/smoke-dashboard.png", full_page=True)


def test_wrong_password_is_explained(page, base_url, demo):
    log_in(page, base_url, "editor@acme.example", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("correct")
    expect(page).to_have_url(f"{base_url}/accounts/login/")
