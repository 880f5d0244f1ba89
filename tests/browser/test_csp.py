"""The Content-Security-Policy in a real browser: inline code is refused (and the console
guard of conftest notices), while the app's own behaviour, the admin and the API docs
(Swagger UI) work without a single violation. Every other browser test is guarded too."""

from playwright.sync_api import expect

from core.demo import DEMO_PASSWORD
from core.models import Membership, Role, User
from core.testing.factories import TEST_PASSWORD, MembershipFactory
from tests.browser.conftest import log_in

INJECT_INLINE_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.injected = true;";
  document.head.appendChild(script);
}"""


def test_inline_script_is_refused_and_the_guard_reports_it(
    page, base_url, console_guard, transactional_db
):
    page.goto(f"{base_url}/accounts/login/")
    page.evaluate(INJECT_INLINE_SCRIPT)
    page.get_by_label("E-mail").fill("x@example.test")  # one more round trip: events arrive
    assert page.evaluate("() => window.injected === undefined")
    assert any("Content Security Policy" in text for text in console_guard.violations)
    console_guard.violations.clear()  # expected here; any other test fails on one


def test_api_docs_load_under_the_policy(page, base_url, transactional_db):
    page.goto(f"{base_url}/api/docs/")
    expect(page.get_by_role("heading", name="Stackscope API")).to_be_visible()
    expect(page.locator(".opblock").first).to_be_visible()


def test_admin_works_under_the_policy(page, base_url, transactional_db):
    User.objects.create_superuser(email="root@example.test", password=TEST_PASSWORD)
    page.goto(f"{base_url}/admin/")
    page.get_by_label("E-mail").fill("root@example.test")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    page.goto(f"{base_url}/admin/core/user/")
    page.get_by_role("checkbox", name="Select all").check()  # admin's own JavaScript
    expect(page.locator(".action-counter")).to_contain_text("1 of 1 selected")
    page.goto(f"{base_url}/admin/core/user/add/")
    expect(page.get_by_role("button", name="Save", exact=True)).to_be_visible()


def test_confirmations_and_language_switch_work_without_inline_handlers(page, base_url, demo):
    """Formerly onsubmit="return confirm(…)" and onchange="this.form.submit()"."""
    owner = Membership.objects.get(
        organisation=demo["organisation"], user__email="owner@acme.example"
    )
    MembershipFactory(organisation=owner.organisation, role=Role.OWNER)  # so one may leave
    log_in(page, base_url, "owner@acme.example", DEMO_PASSWORD)
    page.get_by_role("link", name="Members").first.click()
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Leave organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Members")
    assert messages == ["Leave this organisation?"]
    assert Membership.objects.filter(pk=owner.pk).exists()  # dismissed: nothing happened

    page.wait_for_load_state("load")  # app.js (deferred) submits the language on change
    page.get_by_label("Language").select_option("fa")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.wait_for_load_state("load")
    page.get_by_label("زبان").select_option("en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
