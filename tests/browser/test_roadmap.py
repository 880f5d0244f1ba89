"""The editor opens the demo dashboard, drills from a step score to its evidence, dismisses one
roadmap item and moves another to Now from the cards' menus; both survive a regeneration. On
the board, cards move by drag and drop and with the keyboard (its menu, Alt + arrow keys,
mirrored right to left), and axe finds nothing serious on the board an editor sees."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessment.models import Assessment, ItemStatus, RoadmapItem
from assessment.results import services
from core.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import violations

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
    # one menu per card: its "Dismiss" shows the card's reason form
    expect(card.get_by_test_id("item-menu")).to_have_count(1)
    card.get_by_test_id("item-menu").click()
    card.get_by_role("button", name="Dismiss", exact=True).click()
    expect(card.get_by_label("Why dismiss it?")).to_be_focused()
    card.get_by_role("button", name="Dismiss item").click()  # without a reason: refused
    expect(card.get_by_text("Say why you dismiss this item")).to_be_visible()
    expect(card.get_by_label("Why dismiss it?")).to_be_focused()
    card.get_by_label("Why dismiss it?").fill("Covered by the CDP project")
    card.get_by_role("button", name="Dismiss item").click()
    expect(page.get_by_test_id("dismissed")).to_be_visible()
    expect(page.get_by_test_id("column-next").get_by_test_id(to_dismiss)).to_have_count(0)

    card = page.get_by_test_id(to_move)
    card.get_by_test_id("item-menu").click()
    page.screenshot(path=str(SHOTS / "results-roadmap-menu.png"))
    card.get_by_role("button", name="Move to Now").click()
    expect(page.get_by_test_id("column-now").get_by_test_id(to_move)).to_be_visible()
    # the card's primary action, next to its menu; the card keeps the focus
    page.get_by_test_id(to_move).get_by_role("button", name="Accept").click()
    expect(page.get_by_test_id(to_move)).to_contain_class("status-accepted")
    expect(page.get_by_test_id(to_move)).to_be_focused()
    expect(page.get_by_test_id(to_move).get_by_role("button", name="Accept")).to_have_count(0)
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
    assert moved.status == ItemStatus.ACCEPTED
    assert dismissed.status == ItemStatus.DISMISSED
    assert dismissed.dismiss_reason == "Covered by the CDP project"

    page.get_by_test_id("view-table").click()
    expect(page.get_by_test_id("roadmap-table")).to_be_visible()
    page.screenshot(path=str(SHOTS / "results-roadmap-table.png"), full_page=True)


def _cards(page, column: str):
    return page.get_by_test_id(f"column-{column}").locator("article.roadmap-item")


COLUMN_CARDS = '[data-testid="column-{}"] article.roadmap-item:not(.sortable-fallback)'


def _order(page, column: str) -> list[str]:
    """The cards of a column as the page shows them (not SortableJS's dragged copy)."""
    return page.eval_on_selector_all(
        COLUMN_CARDS.format(column), "cards => cards.map(card => card.dataset.testid)"
    )


def _drag(page, key: str, target: str, column: str) -> list[str]:
    """SortableJS follows the pointer: press on card `key`'s title, move in small steps over
    card `target`, and hold still until the board has made room there (SortableJS checks the
    pointer every 50 ms), then let go. Gives the order of `column` the editor saw then."""
    before = _order(page, column)
    start = page.get_by_test_id(key).locator(".roadmap-item-title").bounding_box()
    goal = page.get_by_test_id(target).bounding_box()
    x, y = start["x"] + 20, start["y"] + start["height"] / 2
    to_x, to_y = goal["x"] + goal["width"] / 2, goal["y"] + min(12, goal["height"] / 4)
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 26):
        page.mouse.move(x + (to_x - x) * step / 25, y + (to_y - y) * step / 25)
    page.mouse.move(to_x, to_y + 1)
    page.wait_for_function(
        """([selector, key, before]) => {
          const order = [...document.querySelectorAll(selector)].map(c => c.dataset.testid);
          return order.includes(key) && order.join() !== before.join();
        }""",
        arg=[COLUMN_CARDS.format(column), key, before],
    )
    seen = _order(page, column)
    page.mouse.up()
    return seen


def test_editor_drags_a_card_from_now_to_later(page, base_url, demo):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    assessment = Assessment.objects.get(title="Digital experience review 2026")
    first = RoadmapItem.objects.filter(assessment=assessment, horizon="now").order_by("position")
    data = {"owner": "Maya Marketing", "due_date": datetime.date(2026, 9, 30)}
    services.update_item(item=first[0], data=data)
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/assessments/{assessment.pk}/roadmap/")
    # owner (a person icon, not an emoji) and due date on the card
    expect(_cards(page, "now").first.locator(".item-owner")).to_have_text("Owner: Maya Marketing")
    expect(_cards(page, "now").first.locator(".item-due")).to_contain_text("Due")
    # "Add item" is at the top, above the board
    add = page.get_by_test_id("add-item").bounding_box()
    assert add["y"] < page.get_by_test_id("roadmap").bounding_box()["y"]
    expect(_cards(page, "later").first).to_be_visible()
    key = _cards(page, "now").first.get_attribute("data-testid")
    first_later = _cards(page, "later").first.get_attribute("data-testid")

    seen = _drag(page, key, first_later, "later")

    # the server re-rendered the board: the card is now Later's first, as it was dropped
    assert seen[0] == key
    expect(page.get_by_test_id("column-later").get_by_test_id(key)).to_be_visible()
    expect(page.get_by_test_id("column-now").get_by_test_id(key)).to_have_count(0)
    expect(_cards(page, "later").first).to_have_attribute("data-testid", key)
    expect(page.locator("#roadmap-status")).to_contain_text("to Later, position 1")
    page.screenshot(path=str(SHOTS / "results-roadmap-dragged.png"), full_page=True)
    item = RoadmapItem.objects.get(assessment=assessment, key=key.removeprefix("item-"))
    assert item.horizon == "later" and "horizon" in item.edited_fields

    page.reload()
    expect(_cards(page, "later").first).to_have_attribute("data-testid", key)

    # within a column: dragged down over Later's third card, it is saved where it was let go
    before = _order(page, "later")
    _drag(page, key, before[2], "later")
    # SortableJS may still move the card between the last look and the release: what counts
    # is where it was let go, which the server saved and the board and the status now show.
    expect(page.locator("#roadmap-status")).to_contain_text("to Later, position")
    status = page.locator("#roadmap-status").inner_text()
    saved = _order(page, "later")
    assert saved != before and saved.index(key) in (1, 2, 3), (before, saved)
    assert f"position {saved.index(key) + 1}." in status, (status, saved)
    page.reload()
    expect(_cards(page, "later").first).to_be_visible()
    assert _order(page, "later") == saved


def test_editor_moves_cards_with_the_keyboard(page, base_url, demo):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    assessment = Assessment.objects.get(title="Digital experience review 2026")
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/assessments/{assessment.pk}/roadmap/")
    key = _cards(page, "now").first.get_attribute("data-testid")
    card = page.get_by_test_id(key)
    title = card.locator(".roadmap-item-title").inner_text()

    # Alt + arrow keys on the focused card
    card.focus()
    page.keyboard.press("Alt+ArrowRight")
    expect(page.get_by_test_id("column-next").get_by_test_id(key)).to_be_visible()
    expect(page.get_by_test_id(key)).to_be_focused()
    expect(page.locator("#roadmap-status")).to_have_text(f"Moved “{title}” to Next, position 1.")
    page.keyboard.press("Alt+ArrowDown")
    expect(_cards(page, "next").nth(1)).to_have_attribute("data-testid", key)
    expect(page.locator("#roadmap-status")).to_have_text(f"Moved “{title}” to Next, position 2.")
    page.keyboard.press("Alt+ArrowUp")
    expect(_cards(page, "next").first).to_have_attribute("data-testid", key)
    expect(page.get_by_test_id(key)).to_be_focused()

    # the card's menu, with the keyboard only: open it, go down to "Move to Later", Enter
    page.get_by_role("button", name=f"Actions for “{title}”").focus()  # the menu's name
    page.keyboard.press("Enter")
    menu = page.get_by_test_id(key).locator(".dropdown-menu")
    expect(menu).to_be_visible()
    for _ in range(8):
        page.keyboard.press("ArrowDown")
        if page.evaluate("document.activeElement.textContent") == "Move to Later":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("column-later").get_by_test_id(key)).to_be_visible()
    expect(page.get_by_test_id(key)).to_be_focused()
    expect(page.locator("#roadmap-status")).to_contain_text("to Later")
    page.reload()
    expect(page.get_by_test_id("column-later").get_by_test_id(key)).to_be_visible()

    # right to left: the columns run from the right, and Alt + ArrowRight goes back a column
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": base_url}])
    page.reload()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    now, later = (page.get_by_test_id(f"column-{c}").bounding_box() for c in ("now", "later"))
    assert now["x"] > later["x"]
    page.get_by_test_id(key).focus()
    page.keyboard.press("Alt+ArrowLeft")  # Later is the last column: nothing happens
    page.keyboard.press("Alt+ArrowRight")
    expect(page.get_by_test_id("column-next").get_by_test_id(key)).to_be_visible()
    expect(page.get_by_test_id(key)).to_be_focused()
    page.screenshot(path=str(SHOTS / "results-roadmap-rtl.png"), full_page=True)
    item = RoadmapItem.objects.get(assessment=assessment, key=key.removeprefix("item-"))
    assert item.horizon == "next"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_editable_board_has_no_serious_violation(page, base_url, demo, language):
    """axe on the board as an editor sees it (the accessibility test's roadmap is a final
    assessment's, read-only): cards, a menu open, a reason form shown."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    assessment = Assessment.objects.get(title="Digital experience review 2026")
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    page.goto(f"{base_url}/assessments/{assessment.pk}/roadmap/")
    assert violations(page) == []
    page.get_by_test_id("add-item").click()
    cards = _cards(page, "next")
    cards.nth(1).get_by_test_id("item-menu").click()
    cards.nth(1).locator("[data-dismiss-open]").click()
    cards.first.get_by_test_id("item-menu").click()
    expect(cards.first.locator(".dropdown-menu")).to_be_visible()
    expect(cards.nth(1).get_by_role("textbox")).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    cards.first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"results-roadmap-controls-{language}.png"))
    assert violations(page) == []
