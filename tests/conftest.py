import pytest
from django.conf import settings
from django.utils import translation

from core.testing.access import sign_in
from core.testing.concurrency import postgres_only  # noqa: F401 (a fixture for every test)
from core.testing.factories import MembershipFactory, OrganisationFactory
from core.testing.tasks import database_task_backend  # noqa: F401 (the production backend)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language: a request with another language
    (LocaleMiddleware activates it on the thread) must not leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rendered maps and engine results are cached
    under keys made of row ids, which SQLite reuses after a test's rollback."""
    from django.core.cache import cache

    from assessment.results.services import computing

    cache.clear()
    computing._RECENT.clear()
    yield


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Acme Test")


@pytest.fixture
def member_factory(db):
    def make(role: str, organisation=None):
        return MembershipFactory(role=role, organisation=organisation or OrganisationFactory())

    return make


@pytest.fixture
def signed_in(client, db):
    """Sign the test client in with a role: `membership = signed_in("editor")`."""

    def do(role: str, organisation=None):
        return sign_in(client, role, organisation)

    return do
