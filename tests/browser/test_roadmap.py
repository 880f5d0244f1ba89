"""The editor opens the demo dashboard, drills from a step score to its evidence, dismisses one
roadmap item and moves another to Now; both survive a regeneration."""

from pathlib import Path

from playwright.sync_api import expect

from assessment.models import Assessment, ItemStatus, RoadmapItem
from core.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in

SHOTS = Path("test-results")


def test_editor_curates_the_demo_roadmap(page, base_url, demo):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    assessment = Assessment.objects.get(title="Digital experience review 2026")
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)

    # The assessment page links to its dashboard.
    page.goto(f"{base_url}/assessments/{assessment.pk}/")
    page.get_by_test_id("open-dashboard").click()
    expect(page.get_by_test_id("radar")).to_be_visible()
    expect(page.get_by_test_id("compare")).to_be_visible()
    page.screenshot(path=str(SHOTS / "results-dashboard.png"), full_page=True)

    # "Why is this 42?": from the stack score to the answers and tools behind it.
    page.get_by_test_id("step-score-stack").click()
    expect(page.get_by_test_id("explain-title")).to_contain_text("martech stack")
    page.get_by_test_id("blend").locator("details summary").first.click()
    page.screenshot(path=str(SHOTS / "results-explain.png"), full_page=True)
    evidence = page.get_by_test_id("evidence-link").first
    tool_name = evidence.inner_text()
    evidence.click()
    expect(page.locator("h1")).to_contain_text(tool_name)
    page.go_back()
    answer = page.get_by_test_id("answer-link").first
    answer.click()
    assert "#question-" in page.url
    key = page.url.split("#question-")[1]
    expect(page.locator(f"#question-{key}")).to_be_visible()

    # The roadmap: dismiss one item (with a reason), move another to Now.
    page.goto(f"{base_url}/assessments/{assessment.pk}/roadmap/")
    next_items = page.get_by_test_id("column-next").locator("article.roadmap-item")
    to_move = next_items.nth(0).get_attribute("data-testid")
    to_dismiss = next_items.nth(1).get_attribute("data-testid")
    card = page.get_by_test_id(to_dismiss)
    card.locator("details.dismiss summary").click()
    card.get_by_label("Why dismiss it?").fill("Covered by the CDP project")
    card.get_by_role("button", name="Dismiss item").click()
    expect(page.get_by_test_id("dismissed")).to_be_visible()
    expect(page.get_by_test_id("column-next").get_by_test_id(to_dismiss)).to_have_count(0)

    page.get_by_test_id(to_move).get_by_role("button", name="Move to Now").click()
    expect(page.get_by_test_id("column-now").get_by_test_id(to_move)).to_be_visible()
    page.screenshot(path=str(SHOTS / "results-roadmap-board.png"), full_page=True)

    # Regenerate: both changes survive.
    page.get_by_test_id("regenerate").click()
    expect(page.get_by_text("Regenerated")).to_be_visible()
    expect(page.get_by_test_id("column-now").get_by_test_id(to_move)).to_be_visible()
    expect(page.get_by_test_id("column-next").get_by_test_id(to_dismiss)).to_have_count(0)
    page.get_by_test_id("dismissed").locator("summary").first.click()
    expect(page.get_by_test_id("dismissed").get_by_test_id(to_dismiss)).to_be_visible()

    moved = RoadmapItem.objects.get(assessment=assessment, key=to_move.removeprefix("item-"))
    dismissed = RoadmapItem.objects.get(assessment=assessment, key=to_dismiss.removeprefix("item-"))
    assert moved.horizon == "now" and "horizon" in moved.edited_fields
    assert dismissed.status == ItemStatus.DISMISSED
    assert dismissed.dismiss_reason == "Covered by the CDP project"

    page.get_by_test_id("view-table").click()
    expect(page.get_by_test_id("roadmap-table")).to_be_visible()
    page.screenshot(path=str(SHOTS / "results-roadmap-table.png"), full_page=True)
