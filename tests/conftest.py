import pytest

from core.testing.access import sign_in
from core.testing.factories import MembershipFactory, OrganisationFactory


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
