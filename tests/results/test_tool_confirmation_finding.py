"""The owner-confirmation finding (issue 16) reaches the stored findings from the live
inventory: quiet until a tool has an owner member, gone once the owner confirms."""

import pytest

from assessment.inventory import services as inventory
from assessment.models import Finding
from assessment.results import services
from assessment.results.inputs import live_input
from core.testing.factories import MembershipFactory, OrganisationFactory
from tests.results.helpers import make_assessment, make_inventory

pytestmark = pytest.mark.django_db

RULE = "unconfirmed_tool_records"


def rules_of(assessment):
    services.compute_results(assessment)
    return set(Finding.objects.filter(assessment=assessment).values_list("rule", flat=True))


def test_the_finding_follows_the_owners_confirmation():
    organisation = OrganisationFactory()
    assessment = make_assessment(organisation)
    tools = make_inventory(organisation)
    assert RULE not in rules_of(assessment)  # no owner member yet
    assert live_input(assessment).ownership.records == ()
    owner = MembershipFactory(organisation=organisation, role="editor").user
    tool = tools[0]
    inventory.update_object(instance=tool, user=owner, owned_by=owner)
    assert RULE in rules_of(assessment)
    finding = Finding.objects.get(assessment=assessment, rule=RULE)
    assert tool.name in finding.detail
    inventory.confirm_tool(tool=tool, user=owner)
    assert RULE not in rules_of(assessment)
