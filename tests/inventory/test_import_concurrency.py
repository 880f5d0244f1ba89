"""Two imports adding the same tool at the same moment: one wins, the other gets a message
fit to show (never PostgreSQL's text) and nothing of its file is saved.

Needs PostgreSQL (real concurrent transactions): two threads, each with its own database
connection, hold their transactions open so the two imports really overlap.
"""

import pytest

from assessment.inventory import imports
from assessment.inventory.services import seed_taxonomy
from assessment.models import Tool
from core.services import ServiceError
from core.testing.concurrency import race
from core.testing.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.postgres


def _race(jobs):
    return race(jobs, hold=0.5, timeout=60)


def test_two_imports_adding_the_same_tool_at_once(postgres_only):
    organisation = OrganisationFactory()
    seed_taxonomy(organisation=organisation)
    first = MembershipFactory(organisation=organisation, role="editor")
    second = MembershipFactory(organisation=organisation, role="editor")

    def job(membership, own):
        def run():
            outcome = imports.import_rows(
                organisation=organisation,
                user=membership.user,
                inventory="tools",
                headers=["Tool", "Vendor"],
                rows=[["Shared CRM", own], [f"Only {own}", own]],
            )
            assert outcome.counts is not None, outcome.preview.errors

        return run

    results = _race([job(first, "A"), job(second, "B")])
    assert results.count("ok") == 1, results
    (refused,) = [r for r in results if r != "ok"]
    assert isinstance(refused, ServiceError), repr(refused)
    assert "Another import or edit added “Shared CRM” at the same time" in refused.message
    for leak in ("duplicate key", "unique", "constraint", "DETAIL"):
        assert leak not in refused.message
    names = set(Tool.objects.for_organisation(organisation).values_list("name", flat=True))
    winner = "A" if results[0] == "ok" else "B"
    assert names == {"Shared CRM", f"Only {winner}"}  # nothing of the loser's file
    assert Tool.objects.get(name="Shared CRM").vendor == winner
