"""Per-role view tests for the inventories and their taxonomy (core.testing.ViewTestCases)."""

import pytest
from django.urls import reverse

from assessment.models import (
    DataObject,
    Integration,
    Tool,
    ToolCategory,
    ToolSubcategory,
    Touchpoint,
)
from assessment.testing.factories import (
    DataObjectFactory,
    IntegrationFactory,
    ToolCategoryFactory,
    ToolFactory,
    ToolSubcategoryFactory,
    TouchpointFactory,
)
from core.testing.access import ALL_ROLES, sign_in
from core.testing.views import ViewTestCases

EDITORS = ("owner", "editor")
IT = ("owner", "editor", "reviewer")


def editor_roles():
    return {"view": ALL_ROLES, "add": EDITORS, "change": EDITORS, "delete": EDITORS}


class TestToolViews(ViewTestCases.AllViews):
    model = Tool
    url_prefix = "tool"
    roles = editor_roles()

    def make_object(self, organisation):
        return ToolFactory(organisation=organisation)

    def form_data(self, organisation):
        category = ToolCategoryFactory(organisation=organisation)
        return {
            "name": "Brand-new CRM",
            "vendor": "Acme",
            "category": category.pk,
            "status": "active",
            "annual_cost": "1200.50",
            "currency": "eur",
            "licensed_seats": "10",
            "active_users_30d": "12",
            "stages": ["awareness", "purchase"],
            "auto_renewal": "unknown",
            "system_of_record": "true",
        }


class TestIntegrationViews(ViewTestCases.AllViews):
    model = Integration
    url_prefix = "integration"
    roles = {"view": ALL_ROLES, "add": IT, "change": IT, "delete": IT}

    def make_object(self, organisation):
        return IntegrationFactory(organisation=organisation)

    def form_data(self, organisation):
        a = ToolFactory(organisation=organisation)
        b = ToolFactory(organisation=organisation)
        objects = DataObjectFactory(organisation=organisation)
        return {
            "source": a.pk,
            "target": b.pk,
            "direction": "two_way",
            "data_objects": [objects.pk],
            "method": "native",
            "frequency": "hourly",
            "status": "live",
        }


class TestTouchpointViews(ViewTestCases.AllViews):
    model = Touchpoint
    url_prefix = "touchpoint"
    roles = editor_roles()

    def make_object(self, organisation):
        return TouchpointFactory(organisation=organisation)

    def form_data(self, organisation):
        tool = ToolFactory(organisation=organisation)
        return {
            "name": "Order confirmation e-mail",
            "stage": "fulfilment",
            "channel": "email",
            "segment": "all",
            "personalisation": "rule_based",
            "tools": [tool.pk],
            "ease": "4",
        }


class TestToolCategoryViews(ViewTestCases.AllViews):
    model = ToolCategory
    url_prefix = "toolcategory"
    roles = editor_roles()

    def make_object(self, organisation):
        return ToolCategoryFactory(organisation=organisation)

    def form_data(self, organisation):
        return {"name": "Our own group", "key": "", "aliases": "Own, Mine", "position": "9"}


class TestToolSubcategoryViews(ViewTestCases.AllViews):
    model = ToolSubcategory
    url_prefix = "toolsubcategory"
    roles = editor_roles()

    def make_object(self, organisation):
        return ToolSubcategoryFactory(organisation=organisation)

    def form_data(self, organisation):
        category = ToolCategoryFactory(organisation=organisation)
        return {"name": "Loyalty apps", "category": category.pk, "aliases": "", "position": "1"}


class TestDataObjectViews(ViewTestCases.AllViews):
    model = DataObject
    url_prefix = "dataobject"
    roles = editor_roles()

    def make_object(self, organisation):
        return DataObjectFactory(organisation=organisation)

    def form_data(self, organisation):
        return {"name": "Invoices", "aliases": "Bills", "position": "3"}


@pytest.mark.django_db
def test_list_cells_are_escaped(client):
    """assessment.inventory.tables.Table.rows writes the cells' markup itself: names are
    escaped as the template escaped them, and the cell classes are the template's."""
    membership = sign_in(client, "owner")
    ToolFactory(organisation=membership.organisation, name="<b>Bold</b> & co")
    html = client.get(reverse("tool_list")).content.decode()
    assert "<b>Bold</b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co</a></td>" in html
    assert '<td class=" cell-name"><a href=' in html
