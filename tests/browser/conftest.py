"""Browser tests: Playwright drives Debian's Chromium against Django's live server.

pytest-playwright provides `page`/`context`; we point it at the system Chromium. Failed
tests keep a screenshot under test-results/ (see `--screenshot` in pyproject's addopts).

Every page of every browser test is watched for Content-Security-Policy violations (the
console's "Refused to …" messages, uncaught page errors): any one fails the test at
teardown. A test that opens another context (`browser.new_context()`) passes it to
`console_guard.watch(...)`.
"""

import os
import threading

import pytest
from django.core.handlers.wsgi import WSGIHandler

from core.testing.browser import CHROMIUM_ARGS, chromium_path

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# for setup are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = chromium_path()
    if path is None:
        pytest.fail("Chromium is not installed: run `apt-get install chromium` (see README).")
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture(autouse=True)
def one_request_at_a_time(monkeypatch):
    """The live server answers one request at a time. On SQLite its request threads share
    the test's one in-memory connection, which Python's sqlite3 does not allow two threads
    to use at once ("bad parameter or other API misuse"): a page now loads its parts (the
    bell, discussions, history) side by side."""
    lock = threading.RLock()
    handle = WSGIHandler.__call__

    def serialised(self, environ, start_response):
        with lock:
            return handle(self, environ, start_response)

    monkeypatch.setattr(WSGIHandler, "__call__", serialised)


CSP_MARKERS = ("content security policy", "refused to")


class ConsoleGuard:
    """Collects CSP violations reported by the pages of the contexts it watches."""

    def __init__(self):
        self.violations: list[str] = []

    def watch(self, context):
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)
        return context

    def _watch_page(self, page):
        page.on(
            "console",
            lambda message: self._note(
                f"console {message.type} at {page.url} ({message.location.get('url')}:"
                f"{message.location.get('lineNumber')}): {message.text}"
            ),
        )
        page.on("pageerror", lambda error: self._note(f"page error: {error}"))

    def _note(self, text: str):
        if any(marker in text.lower() for marker in CSP_MARKERS):
            self.violations.append(text)

    def check(self):
        if self.violations:
            pytest.fail(
                "Content-Security-Policy violations in the browser console:\n"
                + "\n".join(self.violations),
                pytrace=False,
            )


@pytest.fixture
def console_guard():
    guard = ConsoleGuard()
    yield guard
    guard.check()


@pytest.fixture
def context(console_guard, context):
    """pytest-playwright's context, watched for CSP violations (console_guard is set up
    first, so it checks after the context has closed and delivered every message)."""
    return console_guard.watch(context)


@pytest.fixture
def demo(transactional_db):
    from core.demo import seed

    return seed()


def log_in(page, base_url, email, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    # the sign-in answer (a redirect, or the form again) has arrived before the test goes on:
    # a `goto` right after the click could race the session cookie under load
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def htmx_settled(page):
    """Wait until htmx has wired up what it last swapped in.

    htmx attaches the listeners of swapped-in content when the swap settles (20 ms later,
    the `htmx-added` class coming off then): a test that types into a question the instant
    it appears would change it with nobody listening, and nothing would be saved.
    """
    page.wait_for_function(
        "() => !document.querySelector('.htmx-added, .htmx-settling, .htmx-swapping')"
    )
