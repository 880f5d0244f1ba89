"""Feedback in a real browser (issue 17): deleting a tool says so in a toast with "Undo";
undoing brings the tool back and highlights its row; adding a tool inline says so and
highlights the new row. The toasts sit in the bottom inline-end corner: bottom right, and
bottom left in Arabic."""

import re

from playwright.sync_api import expect

from core.demo import DEMO_PASSWORD
from tests.browser.axe import violations
from tests.browser.conftest import log_in

WIDE = {"width": 1366, "height": 900}


def first_row_pk(page) -> int:
    testid = page.locator("#results tbody tr[data-testid]").first.get_attribute("data-testid")
    return int(testid.removeprefix("row-"))


def test_deleting_a_tool_can_be_undone_and_its_row_comes_back_highlighted(page, base_url, demo):
    from assessment.models import Integration, Tool

    page.set_viewport_size(WIDE)
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/tools/")
    pk = first_row_pk(page)
    tool = Tool.objects.get(pk=pk)
    linked = set(Integration.objects.filter(source=tool).values_list("pk", flat=True)) | set(
        Integration.objects.filter(target=tool).values_list("pk", flat=True)
    )

    page.goto(f"{base_url}/tools/{pk}/delete/")
    page.locator("main form").get_by_role("button", name="Delete").click()
    expect(page).to_have_url(f"{base_url}/tools/")
    toast = page.locator("#messages [data-toast]")
    expect(toast).to_contain_text(f"Deleted {tool.name}.")
    expect(toast).to_have_attribute("role", "status")
    expect(page.get_by_test_id(f"row-{pk}")).to_have_count(0)
    toast.hover()  # paused while hovered: it is still there to be photographed and pressed
    box = toast.bounding_box()
    assert box["x"] + box["width"] > WIDE["width"] - 40  # bottom right
    assert box["y"] + box["height"] > WIDE["height"] - 40
    assert violations(page, "#messages") == []
    expect(toast).not_to_have_class(re.compile("showing"))  # faded in
    page.screenshot(path="test-results/feedback-toast-undo.png")

    toast.get_by_role("button", name="Undo").click()
    restored = page.locator("#messages [data-toast]")
    expect(restored).to_contain_text(f"Restored {tool.name}.")
    row = page.locator(f'#results tr[data-testid="row-{pk}"]')
    expect(row).to_have_attribute("data-highlighted", "")
    expect(row).to_be_in_viewport()
    assert Tool.objects.filter(pk=pk).exists()
    assert set(Integration.objects.filter(pk__in=linked).values_list("pk", flat=True)) == linked
    expect(restored).not_to_have_class(re.compile("showing"))
    page.screenshot(path="test-results/feedback-restored.png")
    # It goes away by itself (6 s), and the highlight fades (3 s).
    expect(restored).to_have_count(0, timeout=9000)
    expect(row).not_to_have_class(re.compile("is-highlighted"))


def test_adding_a_tool_inline_says_so_and_highlights_the_row(page, base_url, demo):
    from assessment.models import Tool

    page.set_viewport_size(WIDE)
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/tools/")
    page.get_by_role("link", name="Add tool").click()
    editor = page.locator("#inline-editor")
    editor.locator("input[name=name]").fill("Aardvark Analytics")
    editor.get_by_role("button", name="Save").click()
    toast = page.locator("#messages [data-toast]")
    expect(toast).to_contain_text("Added Aardvark Analytics.")
    pk = Tool.objects.get(name="Aardvark Analytics").pk
    row = page.locator(f'#results tr[data-testid="row-{pk}"]')
    expect(row).to_have_attribute("data-highlighted", "")
    expect(editor).to_be_empty()
    expect(toast).not_to_have_class(re.compile("showing"))
    page.screenshot(path="test-results/feedback-inline-add.png")


def test_toasts_sit_bottom_left_in_arabic(page, base_url, demo):
    page.set_viewport_size(WIDE)
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": base_url}])
    page.goto(f"{base_url}/tools/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    pk = first_row_pk(page)
    page.goto(f"{base_url}/tools/{pk}/delete/")
    page.locator("main form button.btn-danger").click()
    toast = page.locator("#messages [data-toast]")
    expect(toast).to_be_visible()
    toast.hover()
    box = toast.bounding_box()
    assert box["x"] < 40  # bottom left: the inline end of a right-to-left page
    assert box["y"] + box["height"] > WIDE["height"] - 40
    expect(toast.locator("form button")).to_be_visible()
    expect(toast).not_to_have_class(re.compile("showing"))
    page.screenshot(path="test-results/feedback-toast-rtl.png")
