"""A new editor creates an assessment, answers every question type, reloads, finds them all;
a second editor editing the same question gets the conflict choice."""

from playwright.sync_api import expect

from core.models import Organisation, Role
from core.testing.factories import TEST_PASSWORD, MembershipFactory, UserFactory
from tests.browser.conftest import htmx_settled, log_in


def saved(page, key):
    expect(page.locator(f"#question-{key} .question-form .save-status")).to_have_text("Saved")
    htmx_settled(page)  # the saved form, and any question it revealed, listen again


def test_editor_answers_every_type_and_meets_a_conflict(
    page, base_url, browser, console_guard, transactional_db
):
    organisation = Organisation.objects.create(name="Browser Co", slug="browser-co")
    editor = UserFactory(email="new.editor@example.test", first_name="Nia", last_name="New")
    MembershipFactory(user=editor, organisation=organisation, role=Role.EDITOR)
    log_in(page, base_url, editor.email, TEST_PASSWORD)

    # Dashboard → New assessment → Create: lands on step 1 (three clicks).
    page.get_by_role("link", name="New assessment").click()
    page.get_by_role("button", name="Create and start").click()
    expect(page.get_by_test_id("step-title")).to_be_visible()
    # htmx and questionnaire.js (deferred) listen from the load event: a click before it, on
    # a busy machine, changes the radio without saving it.
    page.wait_for_load_state("load")
    step_url = page.url

    page.locator("#id_q-buyer_needs-value_2").check()  # maturity, level 3
    saved(page, "buyer_needs")
    page.locator("#id_q-business_model_mix-value_3").check()  # single choice
    saved(page, "business_model_mix")
    page.locator("#id_q-self_service_share-value").fill("35")  # percentage
    page.keyboard.press("Tab")
    saved(page, "self_service_share")
    page.locator("#id_q-digital_role_defined-value_1").check()  # yes / partly / no
    saved(page, "digital_role_defined")
    page.locator("#id_q-field_learning_methods-value_0").check()  # multiple choice
    saved(page, "field_learning_methods")
    page.locator("#id_q-field_learning_methods-value_1").check()
    saved(page, "field_learning_methods")
    # A conditional question appears live: NPS shows once satisfaction is measured.
    expect(page.locator("#question-digital_nps")).to_be_hidden()
    page.locator("#id_q-digital_satisfaction-value_3").check()
    saved(page, "digital_satisfaction")
    expect(page.locator("#question-digital_nps")).to_be_visible()
    page.locator("#id_q-digital_nps-value").fill("24")  # number
    page.keyboard.press("Tab")
    saved(page, "digital_nps")
    page.locator("#id_q-digital_goal-value").fill("Half of reorders online")  # short text
    page.keyboard.press("Tab")
    saved(page, "digital_goal")
    page.locator("#id_q-buyer_complaints-value").fill("Late delivery updates")  # long text
    page.keyboard.press("Tab")
    saved(page, "buyer_complaints")
    expect(page.locator("#question-buyer_complaints [data-testid=answered-by]")).to_contain_text(
        "Nia New"
    )
    page.locator("#question-buyer_needs").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path="test-results/questionnaire-step.png", full_page=False)

    page.reload()
    expect(page.locator("#id_q-buyer_needs-value_2")).to_be_checked()
    expect(page.locator("#id_q-business_model_mix-value_3")).to_be_checked()
    expect(page.locator("#id_q-self_service_share-value")).to_have_value("35")
    expect(page.locator("#id_q-digital_role_defined-value_1")).to_be_checked()
    expect(page.locator("#id_q-field_learning_methods-value_0")).to_be_checked()
    expect(page.locator("#id_q-field_learning_methods-value_1")).to_be_checked()
    expect(page.locator("#id_q-digital_satisfaction-value_3")).to_be_checked()
    expect(page.locator("#id_q-digital_nps-value")).to_have_value("24")
    expect(page.locator("#id_q-digital_goal-value")).to_have_value("Half of reorders online")
    expect(page.locator("#id_q-buyer_complaints-value")).to_have_value("Late delivery updates")

    # A second editor opens the same step in another browser context.
    colleague = UserFactory(email="colleague@example.test", first_name="Cole", last_name="League")
    MembershipFactory(user=colleague, organisation=organisation, role=Role.EDITOR)
    other_context = console_guard.watch(browser.new_context())
    other = other_context.new_page()
    log_in(other, base_url, colleague.email, TEST_PASSWORD)
    other.goto(step_url)
    expect(other.locator("#id_q-buyer_needs-value_2")).to_be_checked()

    # The first editor changes the answer; the colleague's page is now stale.
    page.locator("#id_q-buyer_needs-value_3").check()
    saved(page, "buyer_needs")
    other.locator("#id_q-buyer_needs-value_0").check()
    conflict = other.locator("#question-buyer_needs [data-testid=conflict]")
    expect(conflict).to_be_visible()
    expect(conflict.get_by_test_id("conflict-theirs")).to_contain_text("Level 4")
    expect(conflict).to_contain_text("Nia New")
    expect(conflict.get_by_role("button", name="Keep mine")).to_be_visible()
    expect(conflict.get_by_role("button", name="Use theirs")).to_be_visible()
    other.screenshot(path="test-results/questionnaire-conflict.png", full_page=False)
    conflict.get_by_role("button", name="Keep mine").click()
    saved(other, "buyer_needs")
    page.reload()
    expect(page.locator("#id_q-buyer_needs-value_0")).to_be_checked()
    other_context.close()


def test_typing_saves_after_a_pause_without_leaving_the_field(page, base_url, transactional_db):
    """Text answers and notes save on keyup (the "text-keyup" event of questionnaire.js; an
    htmx trigger filter would need eval, which the Content-Security-Policy refuses)."""
    organisation = Organisation.objects.create(name="Typing Co", slug="typing-co")
    editor = UserFactory(email="typist@example.test")
    MembershipFactory(user=editor, organisation=organisation, role=Role.EDITOR)
    log_in(page, base_url, editor.email, TEST_PASSWORD)
    page.get_by_role("link", name="New assessment").click()
    page.get_by_role("button", name="Create and start").click()
    expect(page.get_by_test_id("step-title")).to_be_visible()
    # questionnaire.js (deferred) listens for keyup from the load event: keys typed before it
    # on a busy machine change the field without saving it.
    page.wait_for_load_state("load")

    page.locator("#id_q-digital_goal-value").press_sequentially("Half online")
    saved(page, "digital_goal")
    expect(page.locator("#id_q-digital_goal-value")).to_be_focused()
    page.reload()
    expect(page.locator("#id_q-digital_goal-value")).to_have_value("Half online")
