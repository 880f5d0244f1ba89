"""Default taxonomy names show in the reader's language; names an organisation chose do not."""

import pytest
from django.urls import reverse
from django.utils import translation

from assessment.models import ToolCategory, ToolSubcategory
from core.testing.access import sign_in

pytestmark = pytest.mark.django_db


def test_default_names_are_translated_and_own_names_kept():
    with translation.override("ar"):
        assert ToolCategory(name="Data").display_name not in ("", "Data")
        assert str(ToolSubcategory(name="Email marketing")) != "Email marketing"
        assert ToolCategory(name="Our own group").display_name == "Our own group"
    assert str(ToolCategory(name="Data")) == "Data"


def test_stack_list_shows_the_translated_category(client):
    membership = sign_in(client, "editor")
    category, _ = ToolCategory.objects.get_or_create(
        organisation=membership.organisation, key="data", defaults={"name": "Data"}
    )
    from assessment.testing.factories import ToolFactory

    ToolFactory(organisation=membership.organisation, name="Looker", category=category)
    with translation.override("ar"):
        arabic = ToolCategory(name="Data").display_name
    response = client.get(reverse("tool_list"), headers={"Accept-Language": "ar"})
    assert arabic != "Data" and arabic in response.content.decode()
