"""Browser tests: Playwright drives Debian's Chromium against Django's live server.

pytest-playwright provides `page`/`context`; we point it at the system Chromium. Failed
tests keep a screenshot under test-results/ (see `--screenshot` in pyproject's addopts).
"""

import os

import pytest

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


@pytest.fixture
def demo(transactional_db):
    from core.demo import seed

    return seed()


def log_in(page, base_url, email, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
