"""Own products in a real browser: an editor adds one on *Own products* (with another name
and a subcategory), then the tool form's name typeahead offers it first, marked as the
organisation's entry, and picking it fills the subcategory."""

from playwright.sync_api import expect

from assessment.models import OwnProduct, Tool
from core.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in


def test_an_editor_adds_an_own_product_and_the_typeahead_offers_it(page, base_url, demo):
    page.set_viewport_size({"width": 1400, "height": 1000})
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/tools/products/")
    page.get_by_role("link", name="Add own product").click()
    form = page.locator("#object-form")
    expect(form.locator("input[name=name]")).to_be_visible()
    form.locator("input[name=name]").fill("Zephyr Loyalty Hub")
    form.locator("textarea[name=aliases]").fill("ZLH\nZephyr")
    form.locator("select[name=subcategory]").select_option(label="Advocacy, loyalty & referrals")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Zephyr Loyalty Hub")).to_be_visible()
    product = OwnProduct.objects.get(name="Zephyr Loyalty Hub")
    assert product.alias_list == ["ZLH", "Zephyr"]

    page.goto(f"{base_url}/tools/")
    page.locator("a[hx-target='#inline-editor']").first.click()
    combobox = page.locator("#inline-editor input[name=name]")
    expect(combobox).to_be_visible()
    combobox.press_sequentially("zephyr", delay=40)
    listbox = page.locator("#id_name-listbox")
    expect(listbox).to_be_visible()
    first = listbox.get_by_role("option").first
    expect(first).to_contain_text("Zephyr Loyalty Hub")
    expect(first).to_contain_text("your entry")
    combobox.press("ArrowDown")
    combobox.press("Enter")
    expect(combobox).to_have_value("Zephyr Loyalty Hub")
    tool_form = page.locator("#object-form")
    expect(tool_form.locator("select[name=subcategory] option:checked")).to_have_text(
        "Advocacy, loyalty & referrals"
    )
    tool_form.get_by_role("button", name="Save").click()
    expect(page.locator("#inline-editor form")).to_have_count(0)
    tool = Tool.objects.select_related("subcategory").get(name="Zephyr Loyalty Hub")
    assert tool.subcategory_id == product.subcategory_id
    assert tool.catalogue_slug == ""
