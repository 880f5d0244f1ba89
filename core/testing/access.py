"""Signing in as a role, and a per-role access matrix for plain pages.

Declare the pages once with the roles that may open them; the matrix asserts every role:
allowed → the expected status, refused → 403, signed out → redirect to log-in. A page
that changes something declares ``changed(context) → bool``: it must hold after an allowed
role's request and not after a refused one's. A page about an object declares
``foreign(membership) → context`` building the same context with another organisation's
object: every role then gets 404 (``foreign_status``) and nothing changes.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest

from core.models import Membership, Organisation, Role
from core.sessions import SESSION_KEY
from core.testing.factories import MembershipFactory, OrganisationFactory

ALL_ROLES = tuple(Role.values)


def sign_in(client, role: str, organisation: Organisation | None = None) -> Membership:
    """Create a member with `role` (in a new organisation unless one is given) and log in."""
    organisation = organisation or OrganisationFactory()
    membership = MembershipFactory(organisation=organisation, role=role)
    client.force_login(membership.user)
    session = client.session
    session[SESSION_KEY] = organisation.pk
    session.save()
    return membership


@dataclass
class Page:
    """One URL and the roles allowed on it. `url` may be a callable(context) → str.

    `public` pages (e.g. switching the language) need no sign-in: signed out, they answer
    one of `ok` instead of redirecting to the log-in page.
    """

    url: str | Callable[[dict], str]
    allowed: Iterable[str]
    method: str = "get"
    data: dict | Callable[[dict], dict] | None = None
    ok: tuple[int, ...] = (200,)
    setup: Callable[[Membership], dict] | None = field(default=None, repr=False)
    public: bool = False
    changed: Callable[[dict], bool] | None = field(default=None, repr=False)
    foreign: Callable[[Membership], dict] | None = field(default=None, repr=False)
    #: What every role gets for another organisation's object; None: what it gets for its
    #: own (lists of ids, such as bulk actions, leave unknown ids out rather than 404).
    foreign_status: tuple[int, ...] | None = (404,)

    def resolve(self, context: dict) -> tuple[str, dict | None]:
        url = self.url(context) if callable(self.url) else self.url
        data = self.data(context) if callable(self.data) else self.data
        return url, data


class PageAccessTests:
    """Subclass with `pages = {"name": Page(...)}`; every page × role becomes a test."""

    pages: dict[str, Page] = {}

    def pytest_generate_tests(self, metafunc):
        if "page_name" in metafunc.fixturenames:
            names = list(self.pages)
            if "role" in metafunc.fixturenames:
                metafunc.parametrize("page_name,role", [(n, r) for n in names for r in ALL_ROLES])
            else:
                metafunc.parametrize("page_name", names)

    def _request(self, client, page: Page, context: dict) -> Any:
        url, data = page.resolve(context)
        return getattr(client, page.method)(url, data or {})

    def _expected(self, page: Page, role: str) -> tuple[int, ...]:
        return page.ok if role in page.allowed else (403,)

    @pytest.mark.django_db
    def test_role_access(self, client, page_name, role):
        page = self.pages[page_name]
        membership = sign_in(client, role)
        context = {"membership": membership, "organisation": membership.organisation}
        if page.setup:
            context.update(page.setup(membership))
        response = self._request(client, page, context)
        expected = self._expected(page, role)
        assert response.status_code in expected, (page_name, role, response.status_code)
        if page.changed:
            assert page.changed(context) == (role in page.allowed), (page_name, role, "change")
        if page.foreign:
            self._check_foreign(client, page, page_name, role, membership)

    def _check_foreign(self, client, page: Page, page_name: str, role: str, membership) -> None:
        """Another organisation's object: 404 for every role (before the role check), and
        nothing changes."""
        context = {"membership": membership, "organisation": membership.organisation}
        context.update(page.foreign(membership))
        response = self._request(client, page, context)
        expected = page.foreign_status or self._expected(page, role)
        assert response.status_code in expected, (page_name, role, "foreign", response.status_code)
        if page.changed:
            assert not page.changed(context), (page_name, role, "foreign object changed")

    @pytest.mark.django_db
    def test_signed_out_redirects_to_login(self, client, page_name):
        page = self.pages[page_name]
        membership = MembershipFactory(role=Role.OWNER)
        context = {"membership": membership, "organisation": membership.organisation}
        if page.setup:
            context.update(page.setup(membership))
        response = self._request(client, page, context)
        if page.public:
            assert response.status_code in page.ok, (page_name, response.status_code)
            return
        assert response.status_code == 302, (page_name, response.status_code)
        assert "/accounts/login/" in response["Location"]
