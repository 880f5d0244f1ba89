"""Two owners demote or remove each other at the same moment: one wins, one owner remains.

Needs PostgreSQL (real row locks): two threads, each with its own database connection,
hold their transactions open so the two changes really overlap.
"""

import pytest

from core import services
from core.models import Membership, Role
from core.testing.concurrency import race
from core.testing.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.postgres


def _race(jobs):
    return race(jobs, hold=0.3, timeout=30)


def _two_owners():
    organisation = OrganisationFactory()
    first = MembershipFactory(organisation=organisation, role=Role.OWNER)
    second = MembershipFactory(organisation=organisation, role=Role.OWNER)
    return organisation, first, second


def _assert_one_wins(results, organisation):
    assert results.count("ok") == 1, results
    refused = [r for r in results if isinstance(r, services.ServiceError)]
    assert len(refused) == 1, results
    owners = Membership.objects.filter(organisation=organisation, role=Role.OWNER)
    assert owners.count() == 1


def test_two_owners_demoting_themselves_at_once_leave_one_owner(postgres_only):
    organisation, first, second = _two_owners()
    results = _race(
        [
            lambda: services.change_role(membership=first, role=Role.EDITOR),
            lambda: services.change_role(membership=second, role=Role.EDITOR),
        ]
    )
    _assert_one_wins(results, organisation)


def test_two_owners_removing_each_other_at_once_leave_one_owner(postgres_only):
    organisation, first, second = _two_owners()
    results = _race(
        [
            lambda: services.remove_member(membership=second),
            lambda: services.remove_member(membership=first),
        ]
    )
    _assert_one_wins(results, organisation)
    assert Membership.objects.filter(organisation=organisation).count() == 1


def test_demoting_and_removing_the_other_owner_at_once_leave_one_owner(postgres_only):
    organisation, first, second = _two_owners()
    results = _race(
        [
            lambda: services.change_role(membership=first, role=Role.VIEWER),
            lambda: services.remove_member(membership=first),
            lambda: services.remove_member(membership=second),
        ]
    )
    # Whatever order the three land in, the organisation keeps exactly one owner and no
    # change failed with anything but a refusal.
    assert all(r == "ok" or isinstance(r, services.ServiceError) for r in results), results
    assert Membership.objects.filter(organisation=organisation, role=Role.OWNER).count() == 1
