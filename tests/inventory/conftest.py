import pytest

from assessment.inventory.services import seed_taxonomy


@pytest.fixture
def editor(signed_in):
    membership = signed_in("editor")
    seed_taxonomy(organisation=membership.organisation)
    return membership


@pytest.fixture
def reviewer(signed_in):
    membership = signed_in("reviewer")
    seed_taxonomy(organisation=membership.organisation)
    return membership
