"""The tool form's name typeahead in a real browser: in the list page's inline Add tool form,
typing offers known products, the keyboard picks one, the empty fields fill in (vendor,
category and subcategory from the catalogue's mapping, website and description into their
own fields, the known product into the hidden catalogue_slug), and saving keeps them; typing
the name over clears the known product. The open combobox passes axe, in English and
Arabic."""

import re

import pytest
from playwright.sync_api import expect

from assessment.models import Tool
from core.demo import DEMO_PASSWORD
from tests.browser.axe import violations
from tests.browser.conftest import log_in


def open_inline_add_form(page, base_url):
    page.goto(f"{base_url}/tools/")
    page.locator("a[hx-target='#inline-editor']").first.click()
    combobox = page.locator("#inline-editor input[name=name]")
    expect(combobox).to_be_visible()
    return combobox


def test_pick_hotjar_with_the_keyboard_fills_the_form_and_saves(page, base_url, demo):
    Tool.objects.filter(name="Hotjar").delete()  # the demo's own, to add it anew
    page.set_viewport_size({"width": 1400, "height": 1000})
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    combobox = open_inline_add_form(page, base_url)
    expect(combobox).to_have_attribute("role", "combobox")
    expect(combobox).to_have_attribute("aria-expanded", "false")

    combobox.press_sequentially("hotj", delay=40)
    listbox = page.locator("#id_name-listbox")
    expect(listbox).to_be_visible()
    expect(combobox).to_have_attribute("aria-expanded", "true")
    first = listbox.get_by_role("option").first
    expect(first).to_contain_text("Hotjar")
    expect(first).to_contain_text("hotjar.com")
    expect(first).not_to_contain_text("already in your stack")

    combobox.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    option_id = first.get_attribute("id")
    expect(combobox).to_have_attribute("aria-activedescendant", option_id)
    assert violations(page, "#object-form") == []
    page.screenshot(path="docs/screenshots/typeahead-en.png")

    combobox.press("Enter")
    expect(listbox).to_be_hidden()
    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(combobox).to_have_value("Hotjar")
    form = page.locator("#object-form")
    expect(form.locator("input[name=vendor]")).to_have_value("Hotjar")
    expect(form.locator("input[name=website]")).to_have_value("https://www.hotjar.com")
    expect(form.locator("textarea[name=description]")).to_have_value(re.compile(r"^Hotjar is "))
    expect(form.locator("textarea[name=notes]")).to_have_value("")
    expect(form.locator("input[name=catalogue_slug]")).to_have_value("hotjar")
    subcategory = form.locator("select[name=subcategory] option:checked")
    expect(subcategory).to_have_text("Mobile & web analytics")
    expect(form.locator("select[name=category] option:checked")).not_to_have_text("---------")

    form.get_by_role("button", name="Save").click()
    expect(page.locator("#inline-editor form")).to_have_count(0)
    tool = Tool.objects.select_related("subcategory").get(name="Hotjar")
    assert tool.vendor == "Hotjar"
    assert tool.subcategory.key == "mobile_web_analytics"
    assert tool.category_id == tool.subcategory.category_id
    assert tool.website == "https://www.hotjar.com"
    assert tool.description.startswith("Hotjar is ")
    assert tool.catalogue_slug == "hotjar"
    assert tool.notes == ""


def test_typing_the_name_over_clears_the_known_product(page, base_url, demo):
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    combobox = open_inline_add_form(page, base_url)
    form = page.locator("#object-form")
    slug = form.locator("input[name=catalogue_slug]")
    combobox.press_sequentially("hotj", delay=40)
    listbox = page.locator("#id_name-listbox")
    expect(listbox.get_by_role("option").first).to_contain_text("Hotjar")
    combobox.press("ArrowDown")
    combobox.press("Enter")
    expect(slug).to_have_value("hotjar")
    combobox.press("End")
    combobox.press_sequentially(" clone", delay=20)
    expect(slug).to_have_value("")  # no longer the product picked
    for _ in range(len(" clone")):
        combobox.press("Backspace")
    expect(combobox).to_have_value("Hotjar")
    expect(slug).to_have_value("hotjar")  # the picked name again


def test_escape_closes_and_what_was_typed_is_never_overwritten(page, base_url, demo):
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    combobox = open_inline_add_form(page, base_url)
    form = page.locator("#object-form")
    form.locator("input[name=vendor]").fill("Contentsquare")
    combobox.press_sequentially("google tag", delay=40)
    listbox = page.locator("#id_name-listbox")
    # the demo has Google Tag Manager: marked
    expect(listbox.get_by_role("option").first).to_contain_text("Google Tag Manager")
    expect(listbox.get_by_role("option").first).to_contain_text("already in your stack")
    page.screenshot(path="docs/screenshots/typeahead-en-in-stack.png")
    combobox.press("Escape")
    expect(listbox).to_be_hidden()
    combobox.press("ArrowDown")  # reopens on the first option
    expect(listbox).to_be_visible()
    listbox.get_by_role("option").first.click()  # mouse or touch
    expect(combobox).to_have_value("Google Tag Manager")
    expect(form.locator("input[name=vendor]")).to_have_value("Contentsquare")


@pytest.mark.parametrize("language", ["ar"])
def test_the_open_typeahead_in_arabic(page, base_url, demo, language):
    page.set_viewport_size({"width": 1400, "height": 1000})
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    page.goto(f"{base_url}/tools/add/")
    combobox = page.locator("input[name=name]")
    combobox.press_sequentially("google", delay=40)
    listbox = page.locator("#id_name-listbox")
    expect(listbox.get_by_role("option").first).to_contain_text("Google")
    # the demo's Google Ads and Google Tag Manager: marked (the mark is a new string)
    expect(listbox.locator(".typeahead-in-stack").first).to_be_visible()
    combobox.press("ArrowDown")
    assert violations(page, "#object-form") == []
    page.screenshot(path=f"docs/screenshots/typeahead-{language}.png")
