"""Inventories in a real browser: an IT reviewer imports and reviews integrations; an
editor opens the three maps and the stack list."""

import re

from playwright.sync_api import expect

from core.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in

INTEGRATIONS_CSV = (
    b"From,To,Method,Frequency,Data objects,Status\n"
    b"Slack,Asana,Native,Real-time,Other,Live\n"
    b"Looker,Slack,Webhook,Daily,Campaigns,Live\n"
    b"Gong,Slack,Native,Real-time,Leads,Planned\n"
)


def queue_count(page) -> int:
    text = page.get_by_test_id("queue-count").inner_text()
    return int(re.search(r"\d+", text).group())


def test_reviewer_imports_integrations_and_reviews_three(page, base_url, demo):
    log_in(page, base_url, "reviewer@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/integrations/review/")
    before = queue_count(page)

    page.goto(f"{base_url}/integrations/")
    page.get_by_role("link", name="Import").click()
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "integrations.csv", "mimeType": "text/csv", "buffer": INTEGRATIONS_CSV}],
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_test_id("import-ready")).to_contain_text("3 to add")
    page.screenshot(path="test-results/import-preview.png", full_page=True)
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#messages").get_by_role("status").first).to_contain_text("3 added")

    page.goto(f"{base_url}/integrations/review/")
    expect(page.get_by_test_id("queue-count")).to_contain_text(str(before + 3))
    for step in range(1, 4):
        page.locator(".review-item").first.get_by_role("button", name="Verify").click()
        expect(page.get_by_test_id("queue-count")).to_contain_text(str(before + 3 - step))
    assert queue_count(page) == before
    page.screenshot(path="test-results/review-queue.png", full_page=False)


def test_editor_opens_the_three_maps_and_the_stack(page, base_url, demo):
    page.set_viewport_size({"width": 1400, "height": 1000})
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)

    page.goto(f"{base_url}/tools/")
    expect(page.get_by_test_id("tool-table")).to_contain_text("Salesforce Sales Cloud")
    page.screenshot(path="test-results/tool-list.png", full_page=True)

    page.get_by_role("link", name="Stack map").click()
    expect(page.locator("#chart svg")).to_be_visible()
    page.screenshot(path="test-results/stack-map.png", full_page=True)
    page.locator("#chart svg a[href*='/tools/']").first.click()
    expect(page).to_have_url(re.compile(r"/tools/\d+/$"))

    page.goto(f"{base_url}/integrations/map/")
    svg = page.locator("#chart svg")
    expect(svg).to_be_visible()
    page.locator("#chart svg .tool").first.hover()
    expect(svg).to_have_class(re.compile("is-focused"))
    page.screenshot(path="test-results/integration-map.png", full_page=True)

    page.goto(f"{base_url}/touchpoints/matrix/")
    expect(page.locator("#chart svg")).to_be_visible()
    page.screenshot(path="test-results/touchpoint-matrix.png", full_page=True)
    page.locator("#chart svg a[href*='stage=']").first.click()
    expect(page).to_have_url(re.compile(r"/touchpoints/\?stage="))


def test_the_tool_form_offers_the_chosen_categorys_subcategories(page, base_url, demo):
    """Issue 17: the subcategory select listed every category's subcategories."""
    from assessment.models import ToolSubcategory

    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/tools/add/")
    category = page.locator('select[name="category"]')
    sub = page.locator('select[name="subcategory"]')
    subs = ToolSubcategory.objects.for_organisation(demo["organisation"]).select_related("category")
    chosen = subs.first().category
    category.select_option(str(chosen.pk))
    offered = sub.locator("option:not([disabled])").evaluate_all(
        "options => options.map(o => o.value).filter(Boolean)"
    )
    expected = [str(s.pk) for s in subs if s.category_id == chosen.pk]
    assert sorted(offered) == sorted(expected)
    assert len(offered) < subs.count()
