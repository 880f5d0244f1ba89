"""Assignments in a real browser (issue 16): the lead assigns step 2 (touchpoints) to the
reviewer with a due date; the reviewer is told (in the app and by e-mail), finds it on My
work, answers a question of the step; the lead sees the progress on the assessment."""

import datetime as dt

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from core.models import Notification, Organisation, Role
from core.testing.factories import TEST_PASSWORD, MembershipFactory, UserFactory
from tests.browser.axe import violations
from tests.browser.conftest import log_in
from tests.questionnaire.factories import AssessmentFactory

WIDE = {"width": 1366, "height": 900}


def test_lead_assigns_a_step_the_reviewer_answers_and_the_lead_sees_progress(
    page, base_url, browser, console_guard, transactional_db
):
    organisation = Organisation.objects.create(name="Team Co", slug="team-co")
    lead = UserFactory(email="lena@example.test", first_name="Lena", last_name="Lead")
    reviewer = UserFactory(email="ivan@example.test", first_name="Ivan", last_name="Reviewer")
    MembershipFactory(user=lead, organisation=organisation, role=Role.EDITOR)
    MembershipFactory(user=reviewer, organisation=organisation, role=Role.REVIEWER)
    assessment = AssessmentFactory(organisation=organisation, title="Q4 review")
    due = timezone.localdate() + dt.timedelta(days=7)

    # The lead: step 2 → Assign this step → the reviewer, a due date → Assign.
    page.set_viewport_size(WIDE)
    log_in(page, base_url, lead.email, TEST_PASSWORD)
    page.goto(f"{base_url}/assessments/{assessment.pk}/steps/touchpoints/")
    page.wait_for_load_state("load")
    page.get_by_test_id("assign-step").click()
    panel = page.get_by_test_id("assign-panel")
    expect(panel.get_by_test_id("assign-form")).to_be_visible()
    assert violations(page, "#assign-panel") == []
    panel.get_by_label("Ivan Reviewer").check()
    panel.get_by_label("Due date").fill(due.isoformat())
    panel.get_by_label("Note").fill("Please answer before the workshop")
    panel.get_by_test_id("assign-submit").click()
    expect(panel.get_by_test_id("step-assignments")).to_contain_text("Ivan Reviewer")
    expect(page.locator("#messages")).to_contain_text("Assigned")
    notification = Notification.objects.get(recipient=reviewer, kind="assigned")
    assert notification.params["due"] == due.isoformat()
    # the e-mail goes out through the task backend (immediate in tests), once
    assert [m.to for m in mail.outbox] == [[reviewer.email]]

    # The reviewer: My work (one click from any page) → the question → answer it.
    other = console_guard.watch(browser.new_context(viewport=WIDE))
    reviewer_page = other.new_page()
    log_in(reviewer_page, base_url, reviewer.email, TEST_PASSWORD)
    expect(reviewer_page.get_by_test_id("notification-count")).to_have_text("1")
    reviewer_page.get_by_role("navigation", name="Main").get_by_role("link", name="My work").click()
    expect(reviewer_page).to_have_url(f"{base_url}/my-work/")
    questions = reviewer_page.get_by_test_id("my-questions")
    expect(questions).to_contain_text("Q4 review")
    item = reviewer_page.get_by_test_id("my-question-journey_mapped")
    expect(questions).to_contain_text(due.strftime("%Y"))
    reviewer_page.screenshot(path="/tmp/mywork.png", full_page=True)
    assert violations(reviewer_page, "main") == []
    item.get_by_role("link").click()
    expect(reviewer_page.get_by_test_id("assigned-notice")).to_be_visible()
    reviewer_page.wait_for_load_state("load")
    reviewer_page.locator("#id_q-journey_mapped-value_2").check()
    expect(
        reviewer_page.locator("#question-journey_mapped .question-form .save-status")
    ).to_have_text("Saved")
    reviewer_page.goto(f"{base_url}/my-work/")
    expect(reviewer_page.get_by_test_id("my-question-journey_mapped")).to_have_count(0)
    other.close()

    # The lead: the assessment shows the reviewer's progress.
    page.goto(f"{base_url}/assessments/{assessment.pk}/")
    row = page.get_by_test_id(f"person-{reviewer.pk}")
    expect(row).to_contain_text("Ivan Reviewer")
    expect(row.locator("td").nth(1)).to_have_text("1")  # answered
    expect(page.get_by_test_id("assigned-touchpoints")).to_contain_text("Ivan Reviewer")
    page.get_by_test_id("team-progress").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/progress.png", full_page=True)
    assert violations(page, "main") == []
