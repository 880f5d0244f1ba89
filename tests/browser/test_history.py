"""Change history in a real browser (issue 15): a tool's History opens on its page (loaded
when opened), an earlier version is restored after the confirmation, the Activity page is
reached from the organisation menu and filters by kind; the pages pass axe."""

import re

from playwright.sync_api import expect

from core.demo import DEMO_PASSWORD
from tests.browser.axe import violations
from tests.browser.conftest import log_in


def test_history_restore_and_activity(page, base_url, demo):
    from assessment.models import Tool

    organisation = demo["organisation"]
    tool = Tool.objects.for_organisation(organisation).order_by("pk").first()
    original = tool.name
    for suffix in (" (renamed)", " (renamed twice)"):
        tool.name = original + suffix
        tool.save()
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)

    page.goto(f"{base_url}{tool.get_absolute_url()}")
    section = page.get_by_test_id("history-section")
    section.locator("summary").click()
    entries = section.get_by_test_id("history-entry")
    expect(entries.first).to_contain_text("renamed twice")
    expect(entries.first).to_contain_text("Name")
    assert violations(page) == []

    page.once("dialog", lambda dialog: dialog.accept())
    # the newest entry is the version the tool is in: the restore buttons start below it
    expect(entries.first.get_by_test_id("history-restore")).to_have_count(0)
    entries.nth(1).get_by_test_id("history-restore").click()
    expect(page.get_by_role("heading", name=f"{original} (renamed)", exact=True)).to_be_visible()
    tool.refresh_from_db()
    assert tool.name == f"{original} (renamed)"

    page.get_by_test_id("current-organisation").click()
    page.get_by_test_id("activity-link").click()
    expect(page.get_by_role("heading", name="Activity", exact=True)).to_be_visible()
    expect(page.get_by_test_id("history-entry").first).to_contain_text(original)
    page.get_by_label("Kind").select_option("assessment.tool")
    expect(page).to_have_url(re.compile(r"/activity/\?.*kind=assessment\.tool"))
    expect(page.get_by_test_id("history-object").first).to_contain_text(original)
    assert violations(page) == []
    page.screenshot(path="/tmp/activity.png", full_page=True)
