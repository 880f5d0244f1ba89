"""The global search in Chromium: "/" focuses the navigation bar's box, the drop-down shows
the first matches as one types (htmx), arrows and Escape work, Enter opens the results page;
and in Arabic the drop-down opens under the box, inside the page, right to left."""

import re

import pytest
from playwright.sync_api import expect

from core.demo import DEMO_PASSWORD
from tests.browser.axe import violations
from tests.browser.conftest import log_in

WIDE = {"width": 1366, "height": 900}


def open_search(page, base_url):
    page.set_viewport_size(WIDE)
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    expect(page.get_by_test_id("current-organisation")).to_have_text("Acme Retail")


def test_slash_focuses_the_box_and_a_match_opens_the_tool(page, base_url, demo):
    open_search(page, base_url)
    box = page.get_by_test_id("global-search").get_by_role("searchbox", name="Search")
    expect(box).not_to_be_focused()
    page.locator("body").press("/")
    expect(box).to_be_focused()
    expect(box).to_have_value("")  # the "/" itself is not typed

    box.press_sequentially("salesfor", delay=30)
    dropdown = page.locator("#global-search-dropdown")
    expect(dropdown).to_be_visible()
    tools = dropdown.locator("[data-kind=tool]")
    expect(tools.get_by_role("heading")).to_have_text("Tools")
    link = tools.get_by_role("link", name=re.compile("Salesforce Sales Cloud"))
    expect(link).to_be_visible()
    expect(link.locator("mark").first).to_have_text("Salesfor")
    expect(page.locator("#global-search-status")).to_have_text(re.compile(r"\d+ results?"))

    # ↓ moves into the results, Escape closes them and returns to the box
    box.press("ArrowDown")
    expect(dropdown.locator("a").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(dropdown).to_be_hidden()
    expect(box).to_be_focused()
    expect(box).to_have_value("salesfor")

    box.press_sequentially("ce sales", delay=30)
    expect(dropdown).to_be_visible()
    tools.get_by_role("link", name=re.compile("^Salesforce Sales Cloud")).click()
    expect(page).to_have_url(re.compile(r"/tools/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Salesforce Sales Cloud")


def test_enter_opens_the_results_page(page, base_url, demo):
    open_search(page, base_url)
    page.goto(f"{base_url}/tools/")
    page.keyboard.press("/")
    box = page.get_by_test_id("global-search").get_by_role("searchbox", name="Search")
    box.press_sequentially("mailch", delay=30)
    expect(page.locator("#global-search-dropdown")).to_be_visible()
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=mailch$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    expect(page.get_by_test_id("search-count")).to_contain_text("mailch")
    results = page.get_by_test_id("search-results")
    results.get_by_role("link", name=re.compile("^Mailchimp")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mailchimp")


def test_short_text_shows_a_hint_and_clearing_closes(page, base_url, demo):
    open_search(page, base_url)
    box = page.get_by_test_id("global-search").get_by_role("searchbox", name="Search")
    box.click()
    box.press_sequentially("m")
    dropdown = page.locator("#global-search-dropdown")
    expect(dropdown.get_by_test_id("search-hint")).to_be_visible()
    box.fill("")
    expect(dropdown).to_be_hidden()
    # typing in a field never jumps to the search box
    page.goto(f"{base_url}/tools/add/")
    field = page.locator("#id_name")
    field.press_sequentially("a/b")
    expect(field).to_have_value("a/b")


def test_the_dropdown_opens_right_to_left_in_arabic(page, base_url, demo):
    page.set_viewport_size(WIDE)
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": base_url}])
    page.goto(base_url + "/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.keyboard.press("/")
    box = page.locator("#global-search-input")
    expect(box).to_be_focused()
    box.press_sequentially("mailchimp", delay=30)
    dropdown = page.locator("#global-search-dropdown")
    expect(dropdown.get_by_role("link", name=re.compile("Mailchimp")).first).to_be_visible()
    field, menu = box.bounding_box(), dropdown.bounding_box()
    width = page.viewport_size["width"]
    assert menu["x"] >= 0 and menu["x"] + menu["width"] <= width
    # aligned with the box's end: its left edge in a right-to-left page
    assert abs(menu["x"] - field["x"]) <= 2, (menu, field)
    assert menu["y"] >= field["y"] + field["height"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_search_has_no_serious_accessibility_violation(page, base_url, demo, language):
    page.set_viewport_size(WIDE)
    log_in(page, base_url, "owner@acme.example", DEMO_PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    page.goto(f"{base_url}/search/?q=sales")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_test_id("search-results").locator("a").first).to_be_visible()
    assert violations(page) == []
    page.keyboard.press("/")
    page.locator("#global-search-input").press_sequentially("data", delay=30)
    expect(page.locator("#global-search-dropdown a").first).to_be_visible()
    assert violations(page) == []
