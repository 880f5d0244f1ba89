"""The renewal calendar in a real browser: the list, switching to the month view (an htmx
swap) and back, paging a month, and getting the personal calendar address."""

import re

from playwright.sync_api import expect

from core.demo import DEMO_PASSWORD
from tests.browser.axe import violations
from tests.browser.conftest import log_in

WIDE = {"width": 1366, "height": 900}


def test_renewals_list_month_view_and_feed_address(page, base_url, demo):
    from core.models import CalendarFeed

    page.set_viewport_size(WIDE)
    log_in(page, base_url, "viewer@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/tools/")
    page.locator("main").get_by_role(
        "link", name="Renewals", exact=True
    ).click()  # the Stack header
    expect(page).to_have_url(f"{base_url}/renewals/")
    expect(page.get_by_role("heading", name="Renewals", level=1)).to_be_visible()
    body = page.get_by_test_id("renewals-body")
    expect(body).to_have_attribute("data-view", "list")
    page.locator("#renewal-days").select_option("365")
    expect(page).to_have_url(re.compile(r"days=365"))
    expect(page.get_by_test_id("renewal-list").locator("tbody tr").first).to_be_visible()
    expect(page.get_by_test_id("renewal-totals")).to_contain_text("Renewing from")
    page.screenshot(path="/tmp/renewals-list.png", full_page=True)
    assert violations(page, "main") == []

    page.get_by_test_id("view-month").click()
    expect(body).to_have_attribute("data-view", "month")
    expect(page).to_have_url(re.compile(r"view=month"))
    expect(page.get_by_test_id("calendar-month")).to_have_count(1)
    expect(page.locator(".calendar-today")).to_have_count(1)
    title = page.locator(".calendar-title").inner_text()
    page.get_by_test_id("calendar-next").click()
    expect(page.locator(".calendar-title")).not_to_have_text(title)
    shown = page.locator(".calendar-title").inner_text()
    page.mouse.move(0, 0)  # no hover colours half-way through their transition
    page.wait_for_timeout(300)
    assert violations(page, "main") == []
    page.get_by_test_id("view-quarter").click()
    expect(page.get_by_test_id("calendar-month")).to_have_count(3)
    expect(page.locator(".calendar-title").filter(has_text=shown)).to_have_count(1)
    page.screenshot(path="/tmp/renewals-quarter.png", full_page=True)
    page.get_by_test_id("view-list").click()
    expect(body).to_have_attribute("data-view", "list")
    expect(page.get_by_test_id("renewal-list")).to_be_visible()

    page.get_by_test_id("feed-create").click()
    address = page.get_by_test_id("feed-url")
    expect(address).to_have_value(re.compile(r"/renewals/feed/[\w-]{40,}\.ics$"))
    feed = CalendarFeed.objects.get(membership__user__email="viewer@acme.example")
    assert address.input_value().endswith(f"/renewals/feed/{feed.token}.ics")
    response = page.request.get(address.input_value())
    assert response.status == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "BEGIN:VEVENT" in response.text()

    page.goto(f"{base_url}/renewals/?view=month")
    page.screenshot(path="/tmp/renewals.png", full_page=True)


def test_month_grid_runs_right_to_left_in_arabic(page, base_url, demo):
    page.set_viewport_size(WIDE)
    log_in(page, base_url, "viewer@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/renewals/?view=month")
    page.get_by_test_id("menu-language-ar").evaluate("b => b.form.submit()")
    page.wait_for_url(re.compile(r"/renewals/"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    cells = page.locator(".calendar-row:not(.calendar-head)").first.locator(".calendar-day")
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert first["x"] > second["x"]  # the first day of the week on the right
    page.screenshot(path="/tmp/renewals-ar.png", full_page=True)
    assert violations(page, "main") == []
