"""Two owners demote or remove each other at the same moment: one wins, one owner remains.

Needs PostgreSQL (real row locks): two threads, each with its own database connection,
hold their transactions open so the two changes really overlap.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from core import services
from core.models import Membership, Role
from core.testing.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_only(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


def _race(jobs):
    """Run each job in its own thread and transaction, started together and held open."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def work(index, job):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                job()
                time.sleep(0.3)  # keep the transaction (and any row lock) open
            results[index] = "ok"
        except services.ServiceError as error:
            results[index] = error
        except Exception as error:  # pragma: no cover - reported by the assertions
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


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
