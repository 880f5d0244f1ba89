"""Layout at laptop widths in the longest and the right-to-left languages (issue 17): the
navigation bar stays on one line without overflowing, and no page scrolls sideways (the
Romanian tool list was 1,595 px wide at 1,366)."""

import pytest

from core.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in

NAV = """() => {
  const bar = document.querySelector('nav.app-navbar');
  const inner = bar.firstElementChild;
  const height = bar.getBoundingClientRect().height;
  return {overflow: inner.scrollWidth - inner.clientWidth, height};
}"""
WIDE = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
PAGES = ("/", "/tools/", "/integrations/", "/touchpoints/", "/integrations/review/", "/roadmap/")


@pytest.mark.parametrize("language", ["en", "ro", "ar"])
def test_the_navigation_bar_fits_on_one_line_and_no_page_scrolls_sideways(
    page, base_url, demo, language
):
    log_in(page, base_url, "owner@acme.example", DEMO_PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    for width in (1200, 1280, 1366):
        page.set_viewport_size({"width": width, "height": 800})
        for path in PAGES:
            page.goto(base_url + path)
            nav = page.evaluate(NAV)
            assert nav["overflow"] <= 0, (language, width, path, nav)
            assert nav["height"] < 64, (language, width, path, nav)  # one line of links
            assert page.evaluate(WIDE) <= 0, (language, width, path)


def test_the_language_is_switched_from_the_user_menu(page, base_url, demo):
    """The language switcher is in the navigation bar's user menu, not only in the footer."""
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 1366, "height": 800})
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.goto(base_url + "/tools/")
    page.locator("nav.app-navbar .nav-link.dropdown-toggle").last.click()
    page.get_by_test_id("menu-language-ar").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page).to_have_url(base_url + "/tools/")
    page.locator("nav.app-navbar .nav-link.dropdown-toggle").last.click()
    current = page.get_by_test_id("menu-language-ar")
    expect(current).to_have_attribute("aria-current", "true")
    page.get_by_test_id("menu-language-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
