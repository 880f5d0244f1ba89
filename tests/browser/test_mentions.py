"""Mentions in a real browser (issue 15): the lead opens a question's discussion, types
"@" and part of the reviewer's name, picks the reviewer from the autocomplete (keyboard),
posts; the reviewer sees the mention (bell and My work) and follows it to the thread."""

from playwright.sync_api import expect

from assessment.models import Comment
from core.models import Notification, Organisation, Role
from core.testing.factories import TEST_PASSWORD, MembershipFactory, UserFactory
from tests.browser.axe import violations
from tests.browser.conftest import log_in
from tests.questionnaire.factories import AssessmentFactory

WIDE = {"width": 1366, "height": 900}
STEP = "touchpoints"


def test_a_member_mentions_another_who_sees_it(
    page, base_url, browser, console_guard, transactional_db
):
    organisation = Organisation.objects.create(name="Talk Co", slug="talk-co")
    lead = UserFactory(email="lena@example.test", first_name="Lena", last_name="Lead")
    reviewer = UserFactory(email="ivan@example.test", first_name="Ivan", last_name="Reviewer")
    MembershipFactory(user=lead, organisation=organisation, role=Role.EDITOR)
    MembershipFactory(user=reviewer, organisation=organisation, role=Role.REVIEWER)
    assessment = AssessmentFactory(organisation=organisation, title="Q4 review")
    key = next(iter(assessment.framework.step(STEP).questions())).key

    # The lead: the question's "Discuss" → Start a conversation → "@Iv" → pick → Post.
    page.set_viewport_size(WIDE)
    log_in(page, base_url, lead.email, TEST_PASSWORD)
    page.goto(f"{base_url}/assessments/{assessment.pk}/steps/{STEP}/")
    page.wait_for_load_state("load")
    page.get_by_test_id(f"discuss-{key}").click()
    question = page.locator(f"#question-{key}")
    panel = question.get_by_test_id("threads")
    expect(panel).to_be_visible()
    panel.get_by_test_id("start-thread").click()
    box = panel.get_by_role("combobox")
    box.click()
    box.press_sequentially("Could you check this, @Iv")
    options = panel.get_by_role("listbox")
    expect(options).to_be_visible()
    expect(options.get_by_role("option")).to_have_count(1)
    expect(options.get_by_role("option")).to_contain_text("Ivan Reviewer")
    expect(box).to_have_attribute("aria-expanded", "true")
    page.screenshot(path="/tmp/mentions-autocomplete.png", full_page=False)
    box.press("Enter")  # picks the active option
    expect(box).to_have_value("Could you check this, @ivan ")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("?")
    panel.get_by_test_id("post-thread").click()
    thread = question.get_by_test_id("thread")
    expect(thread).to_have_count(1)
    expect(thread.locator(".mention")).to_have_text("@ivan")
    expect(question.get_by_test_id(f"discuss-{key}")).to_have_text("Discuss (1 open)")
    comment = Comment.objects.get()
    assert list(comment.mentions.all()) == [reviewer]
    assert violations(page, f"#question-{key}") == []
    page.screenshot(path="/tmp/mentions-thread.png", full_page=False)

    # The reviewer: the bell says 1; My work lists the mention; it leads to the thread.
    other = console_guard.watch(browser.new_context(viewport=WIDE))
    reviewer_page = other.new_page()
    log_in(reviewer_page, base_url, reviewer.email, TEST_PASSWORD)
    expect(reviewer_page.get_by_test_id("notification-count")).to_have_text("1")
    assert Notification.objects.filter(recipient=reviewer, kind="mention").count() == 1
    reviewer_page.goto(f"{base_url}/my-work/")
    mentions = reviewer_page.get_by_test_id("my-mentions")
    expect(mentions).to_contain_text("Lena Lead")
    mentions.get_by_role("link").first.click()
    reviewer_page.wait_for_load_state("load")
    opened = reviewer_page.locator(f"#question-{key}").get_by_test_id("thread")
    expect(opened).to_be_visible()
    expect(opened).to_contain_text("Could you check this")
    expect(opened.locator(".mention")).to_have_text("@ivan")
    reviewer_page.screenshot(path="/tmp/mentions-reviewer.png", full_page=False)
    other.close()
