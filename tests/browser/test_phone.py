"""Phones (issue 17, "Layout"): at 390 × 844 the filters fold behind a "Filters (n)" button so
the results start on the first screen, and the three maps keep a readable size inside a box
one pans by dragging and zooms with the buttons (static/js/maps.js, Panzoom), in English and
in Arabic (the box starts at the drawing's right edge, where a mirrored map begins)."""

import os
import re

import pytest
from playwright.sync_api import expect

from core.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in

PHONE = {"width": 390, "height": 844}
#: Where the screenshots go (pytest-playwright empties test-results/ when a session starts).
SHOTS = os.environ.get("SCREENSHOT_DIR", "test-results")

#: name → (path, a tool-name or heading label of the drawing)
MAPS = {
    "stack map": ("/tools/map/", "a.tool text"),
    "integration map": ("/integrations/map/", ".tool text"),
    "touchpoint matrix": ("/touchpoints/matrix/", "text"),
}

#: A label's size on the screen: its font size in the drawing's units times the drawing's
#: scale on the screen (the viewBox and Panzoom's transform both count); and where it is.
LABEL = """([selector]) => {
  const svg = document.querySelector('#chart svg');
  const label = [...svg.querySelectorAll(selector)].find(
    (el) => !el.closest('defs, title') && el.textContent.trim());
  const m = label.getScreenCTM();
  const r = label.getBoundingClientRect();
  return {
    size: parseFloat(getComputedStyle(label).fontSize) * Math.hypot(m.a, m.b),
    x: r.left, y: r.top,
  };
}"""
BOXES = """() => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; };
  return {
    viewport: box(document.querySelector('[data-map-viewport]')),
    stage: box(document.querySelector('[data-map-stage]')),
    controls: [...document.querySelectorAll('[data-map-controls] button')].map(box).reduce(
      (a, b) => ({left: Math.min(a.left, b.left), right: Math.max(a.right, b.right)})),
  };
}"""


def scale(page) -> float:
    return float(page.get_attribute("[data-map-viewer]", "data-scale"))


def settle(page):
    """Panzoom sets its transform in the next animation frame."""
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def test_the_filters_fold_away_on_a_phone(page, base_url, demo):
    page.set_viewport_size(PHONE)
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/tools/")
    toggle = page.get_by_test_id("filter-toggle")
    form = page.locator("form.filter-form")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_accessible_name("Filters")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_attribute("aria-controls", "inventory-filters")
    expect(form).to_be_hidden()
    table = page.get_by_test_id("tool-table")
    expect(table).to_be_visible()
    assert table.bounding_box()["y"] < PHONE["height"] - 100  # the results on the first screen
    page.screenshot(path=f"{SHOTS}/phone-en-tools-filters-closed.png")

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(form).to_be_visible()
    expect(page.locator("#inventory-filters")).to_have_class(re.compile(r"\bshow\b"))
    page.screenshot(path=f"{SHOTS}/phone-en-tools-filters-open.png", full_page=True)
    toggle.click()
    expect(form).to_be_hidden()

    # Active filters are counted; the sort, the page size and the columns are not.
    page.goto(f"{base_url}/tools/?q=sales&lifecycle=invest&o=name&per_page=50&cols=name")
    expect(page.get_by_test_id("filter-toggle")).to_have_accessible_name("Filters (2)")
    expect(page.locator("form.filter-form")).to_be_hidden()

    # The review queue folds its filters the same way; on a wide screen they show as before.
    page.goto(f"{base_url}/integrations/review/?review_state=flagged")
    expect(page.get_by_test_id("filter-toggle")).to_have_accessible_name("Filters (1)")
    expect(page.get_by_test_id("queue-filters")).to_be_hidden()
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.get_by_test_id("queue-filters")).to_be_visible()
    expect(page.get_by_test_id("filter-toggle")).to_be_hidden()

    # Right to left: the button at the start of the line, the form folding the same way.
    page.set_viewport_size(PHONE)
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": base_url}])
    page.goto(f"{base_url}/tools/?lifecycle=invest")
    toggle = page.get_by_test_id("filter-toggle")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(toggle).to_contain_text("(1)")
    expect(page.locator("form.filter-form")).to_be_hidden()
    box = toggle.bounding_box()
    assert box["x"] + box["width"] > PHONE["width"] - 40, box  # at the right: the inline start
    page.screenshot(path=f"{SHOTS}/phone-ar-tools-filters-closed.png")
    toggle.click()
    expect(page.locator("#inventory-filters")).to_have_class(re.compile(r"\bshow\b"))
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.screenshot(path=f"{SHOTS}/phone-ar-tools-filters-open.png", full_page=True)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_maps_pan_and_zoom_on_a_phone(page, base_url, demo, language):
    page.set_viewport_size(PHONE)
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    for name, (path, label) in MAPS.items():
        shot = f"{SHOTS}/phone-{language}-{name.replace(' ', '-')}"
        page.goto(base_url + path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        zoom_in = page.get_by_test_id("map-zoom-in")
        expect(zoom_in).to_be_visible()
        expect(page.get_by_test_id("map-zoom-out")).to_be_visible()
        expect(page.get_by_test_id("map-zoom-reset")).to_be_visible()
        page.evaluate("document.fonts.ready")
        settle(page)
        assert scale(page) == 1, name
        start = page.evaluate(LABEL, [label])
        assert start["size"] >= 10, (name, start)  # readable, not a thumbnail
        boxes = page.evaluate(BOXES)
        viewport, stage, controls = boxes["viewport"], boxes["stage"], boxes["controls"]
        assert stage["width"] > viewport["width"], (name, boxes)  # its own size, in a box
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        middle = (viewport["left"] + viewport["right"]) / 2
        if language == "ar":
            # controls at the inline end (left); the drawing starts at its right edge
            assert controls["right"] < middle, (name, boxes)
            assert abs(stage["right"] - viewport["right"]) < 2, (name, boxes)
        else:
            assert controls["left"] > middle, (name, boxes)
            assert abs(stage["left"] - viewport["left"]) < 2, (name, boxes)
        page.screenshot(path=f"{shot}-initial.png")

        zoom_in.click()
        settle(page)
        assert scale(page) > 1.2, name
        zoomed = page.evaluate(LABEL, [label])
        assert zoomed["size"] > start["size"] * 1.2, (name, start, zoomed)
        page.screenshot(path=f"{shot}-zoomed.png")

        # Dragging pans, even when it starts on a link, and follows no link.
        url = page.url
        before = page.evaluate(LABEL, [label])
        x, y = middle, (viewport["top"] + viewport["bottom"]) / 2
        direction = 1 if language == "ar" else -1
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + direction * 60, y - 30, steps=6)
        page.mouse.move(x + direction * 120, y - 60, steps=6)
        page.mouse.up()
        settle(page)
        after = page.evaluate(LABEL, [label])
        assert abs(after["x"] - before["x"] - direction * 120) < 3, (name, before, after)
        assert page.url == url

        page.get_by_test_id("map-zoom-out").click()
        settle(page)
        assert scale(page) < 1.2
        page.get_by_test_id("map-zoom-reset").click()
        settle(page)
        assert scale(page) == 1
        again = page.evaluate(LABEL, [label])
        assert abs(again["x"] - start["x"]) < 1 and abs(again["y"] - start["y"]) < 1, name

        # The keys zoom the focused map.
        page.get_by_test_id("map-viewport").focus()
        page.keyboard.press("+")
        settle(page)
        assert scale(page) > 1.2, name
        page.keyboard.press("-")
        settle(page)
        assert abs(scale(page) - 1) < 0.01, name

    # A tap on a link in a map still follows it.
    page.goto(f"{base_url}/tools/map/")
    page.locator("#chart svg a.tool").first.click()
    expect(page).to_have_url(re.compile(r"/tools/\d+/$"))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_phone_layouts_have_no_serious_violation(page, base_url, demo, language):
    """axe-core at phone width: the filter button (closed and open) and the zoom buttons."""
    from assessment.models import Assessment
    from tests.browser.axe import violations

    final = Assessment.objects.for_organisation(demo["organisation"]).filter(status="final").first()
    page.set_viewport_size(PHONE)
    log_in(page, base_url, "owner@acme.example", DEMO_PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    found = {}
    for path in (
        "/tools/",
        "/integrations/review/",
        f"/assessments/{final.pk}/roadmap/",
        *(path for path, _ in MAPS.values()),
    ):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        toggle = page.get_by_test_id("filter-toggle")
        if toggle.count():
            toggle.click()
            expect(toggle).to_have_attribute("aria-expanded", "true")
            page.wait_for_timeout(400)  # the collapse's transition
        else:
            expect(page.get_by_test_id("map-zoom-in")).to_be_visible()
        if problems := violations(page):
            found[path] = problems
    assert found == {}


def test_on_a_large_screen_the_map_fits_the_page_and_the_buttons_zoom_it(page, base_url, demo):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/tools/map/")
    expect(page.get_by_test_id("map-zoom-in")).to_be_visible()
    settle(page)
    boxes = page.evaluate(BOXES)
    assert abs(boxes["stage"]["width"] - boxes["viewport"]["width"]) < 2, boxes  # as before
    assert page.get_by_test_id("filter-toggle").count() == 0
    start = page.evaluate(LABEL, ["a.tool text"])
    page.get_by_test_id("map-zoom-in").click()
    settle(page)
    assert scale(page) > 1.2
    assert page.evaluate(LABEL, ["a.tool text"])["size"] > start["size"] * 1.2
    page.screenshot(path=f"{SHOTS}/desktop-en-stack-map-zoomed.png")
    page.get_by_test_id("map-zoom-reset").click()
    settle(page)
    assert scale(page) == 1
    # a click on a tool still opens it
    page.locator("#chart svg a.tool").first.click()
    expect(page).to_have_url(re.compile(r"/tools/\d+/$"))


def test_a_finger_drags_the_map(browser, base_url, demo, console_guard):
    """Touch: one finger pans (Chromium's touch events through the DevTools protocol)."""
    context = console_guard.watch(
        browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    )
    page = context.new_page()
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/integrations/map/")
    expect(page.get_by_test_id("map-zoom-in")).to_be_visible()
    settle(page)
    viewport = page.evaluate(BOXES)["viewport"]
    x, y = (viewport["left"] + viewport["right"]) / 2, (viewport["top"] + viewport["bottom"]) / 2
    before = page.evaluate(LABEL, [".tool text"])
    cdp = context.new_cdp_session(page)

    def touch(kind, points):
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": kind, "touchPoints": [{"x": px, "y": py} for px, py in points]},
        )

    touch("touchStart", [(x, y)])
    for step in range(1, 11):
        touch("touchMove", [(x - 10 * step, y)])
    touch("touchEnd", [])
    settle(page)
    after = page.evaluate(LABEL, [".tool text"])
    assert abs(after["x"] - before["x"] + 100) < 5, (before, after)
    # two fingers apart: a pinch zooms in
    touch("touchStart", [(x - 40, y), (x + 40, y)])
    for step in range(1, 11):
        touch("touchMove", [(x - 40 - 8 * step, y), (x + 40 + 8 * step, y)])
    touch("touchEnd", [])
    settle(page)
    assert scale(page) > 1.1
    assert page.url.endswith("/integrations/map/")
    context.close()
