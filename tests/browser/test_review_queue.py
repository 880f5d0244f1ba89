"""IT's review queue in a real browser (issue 17): a reviewer narrows the demo's queue with
the filters (htmx, the address kept), ticks several rows, verifies them at once, sees the
count drop, and pages through a filtered queue; the page passes axe."""

import re

from playwright.sync_api import expect

from core.demo import DEMO_PASSWORD
from tests.browser.axe import violations
from tests.browser.conftest import log_in


def first_number(page, test_id: str) -> int:
    return int(re.search(r"\d+", page.get_by_test_id(test_id).inner_text()).group())


def test_reviewer_filters_selects_and_bulk_verifies(page, base_url, demo):
    from assessment.models import Integration, ReviewState

    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base_url, "reviewer@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/integrations/review/")
    total = first_number(page, "queue-count")
    assert total > 25
    expect(page.get_by_test_id("queue-showing")).to_contain_text("Showing 1–25")

    # Filter: typing in the search box and choosing a method update the queue in place.
    filters = page.get_by_test_id("queue-filters")
    filters.get_by_label("Search").press_sequentially("Salesforce")
    expect(page.get_by_test_id("queue-count")).to_contain_text(f"of {total} to review")
    filters.get_by_label("Method").select_option("native")
    expect(page).to_have_url(re.compile(r"method=native"))
    expect(page).to_have_url(re.compile(r"q=Salesforce"))
    rows = page.locator(".review-item")
    for row in rows.all():
        expect(row.get_by_role("heading")).to_contain_text("Salesforce")
        expect(row).to_contain_text("Native connector")
    matching = rows.count()
    assert matching >= 3
    assert first_number(page, "queue-count") == matching
    assert violations(page) == []

    # Select all on this page, then leave the first one out: verify the others at once.
    page.get_by_label("Select all on this page").check()
    for box in page.locator(".review-item input[name=pk]").all():
        expect(box).to_be_checked()
    kept = rows.first.get_attribute("data-testid")
    rows.first.get_by_role("checkbox").uncheck()
    page.get_by_role("button", name="Verify selected").click()
    verified = matching - 1
    expect(page.get_by_test_id("queue-notice")).to_have_text(f"Verified {verified} integrations.")
    expect(page.get_by_test_id("queue-count")).to_contain_text(f"1 of {total - verified}")
    expect(page.locator("#queue-status")).to_contain_text(f"Verified {verified} integrations.")
    expect(rows).to_have_count(1)
    assert rows.first.get_attribute("data-testid") == kept
    expect(page).to_have_url(re.compile(r"method=native"))  # still filtered
    organisation = demo["organisation"]
    assert (
        Integration.objects.for_organisation(organisation)
        .filter(review_state=ReviewState.VERIFIED, reviewed_by__email="reviewer@acme.example")
        .count()
        >= verified
    )

    # The whole queue is smaller by as many; a filtered queue pages with its filters.
    page.get_by_role("link", name="Reset").first.click()
    expect(page.get_by_test_id("queue-count")).to_contain_text(
        f"{total - verified} integrations to review"
    )
    page.goto(f"{base_url}/integrations/review/?review_state=unreviewed&o=source")
    unreviewed = first_number(page, "queue-count")
    assert unreviewed > 25
    page.get_by_test_id("queue-pages").get_by_role("link", name="2", exact=True).click()
    expect(page).to_have_url(re.compile(r"review_state=unreviewed&o=source&page=2"))
    showing = f"Showing 26–{min(50, unreviewed)}"
    expect(page.get_by_test_id("queue-showing")).to_contain_text(showing)
    expect(page.get_by_test_id("queue-count")).to_contain_text(f"{unreviewed} of")
    page.screenshot(path="test-results/review-queue-filtered.png", full_page=False)


def test_a_viewer_sees_the_queue_without_the_review_controls(page, base_url, demo):
    log_in(page, base_url, "viewer@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/integrations/review/?o=flagged")
    expect(page.locator(".review-item").first).to_contain_text("Flagged")
    expect(page.get_by_test_id("bulk-review")).to_have_count(0)
    expect(page.locator("input[name=pk]")).to_have_count(0)


def test_the_queue_with_its_controls_and_an_error_passes_axe_in_arabic(page, base_url, demo):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base_url, "reviewer@acme.example", DEMO_PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": base_url}])
    page.goto(f"{base_url}/integrations/review/?o=flagged&page=2")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_test_id("bulk-review")).to_be_visible()
    assert violations(page) == []
    page.goto(f"{base_url}/integrations/review/?tool=nonsense")
    expect(page.get_by_test_id("filter-errors")).to_be_visible()
    assert violations(page) == []
