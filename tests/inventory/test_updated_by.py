"""Inventory services take the acting user and record who last changed a row."""

import pytest

from assessment.inventory import services
from assessment.models import Tool
from assessment.testing.factories import ToolFactory
from core.testing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_create_update_and_bulk_update_record_the_acting_user():
    organisation, lead, engineer = OrganisationFactory(), UserFactory(), UserFactory()
    tool = services.create_object(model=Tool, organisation=organisation, user=lead, name="Canva")
    assert tool.updated_by == lead
    services.update_object(instance=tool, user=engineer, vendor="Canva Pty")
    tool.refresh_from_db()
    assert tool.updated_by == engineer
    services.bulk_update(
        queryset=Tool.objects.filter(pk=tool.pk), user=lead, action="status", value="retired"
    )
    tool.refresh_from_db()
    assert (tool.status, tool.updated_by) == ("retired", lead)


def test_an_update_that_changes_nothing_keeps_the_last_author():
    lead, engineer = UserFactory(), UserFactory()
    tool = ToolFactory(vendor="Canva", updated_by=lead)
    services.update_object(instance=tool, user=engineer, vendor="Canva")
    tool.refresh_from_db()
    assert tool.updated_by == lead
