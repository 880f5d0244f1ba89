"""factory_boy factories for the inventories and their taxonomy."""

import datetime as dt
from decimal import Decimal

import factory

from assessment.models import (
    DataObject,
    Integration,
    Tool,
    ToolCategory,
    ToolSubcategory,
    Touchpoint,
)
from core.testing.factories import OrganisationFactory


class ToolCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ToolCategory

    organisation = factory.SubFactory(OrganisationFactory)
    key = factory.Sequence(lambda n: f"category_{n}")
    name = factory.Sequence(lambda n: f"Category {n}")


class ToolSubcategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ToolSubcategory

    organisation = factory.SubFactory(OrganisationFactory)
    category = factory.SubFactory(
        ToolCategoryFactory, organisation=factory.SelfAttribute("..organisation")
    )
    key = factory.Sequence(lambda n: f"subcategory_{n}")
    name = factory.Sequence(lambda n: f"Subcategory {n}")


class DataObjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataObject

    organisation = factory.SubFactory(OrganisationFactory)
    key = factory.Sequence(lambda n: f"object_{n}")
    name = factory.Sequence(lambda n: f"Data object {n}")


class ToolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tool

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Tool {n}")
    vendor = "Vendor Inc."
    annual_cost = Decimal("12000.00")
    currency = "EUR"
    licensed_seats = 20
    active_users_30d = 12
    renewal_date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=200))
    notice_period_days = 30


class IntegrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Integration

    organisation = factory.SubFactory(OrganisationFactory)
    source = factory.SubFactory(ToolFactory, organisation=factory.SelfAttribute("..organisation"))
    target = factory.SubFactory(ToolFactory, organisation=factory.SelfAttribute("..organisation"))
    method = "api"
    frequency = "daily"


class TouchpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Touchpoint

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Touchpoint {n}")
    stage = "awareness"
    channel = "web"


# -- Conversations (issue 15) ------------------------------------------------------------


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread about a tool (pass ``target`` and its object for others)."""

    class Meta:
        model = "assessment.Thread"

    organisation = factory.SubFactory(OrganisationFactory)
    target = "tool"
    tool = factory.SubFactory(ToolFactory, organisation=factory.SelfAttribute("..organisation"))
    last_comment_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC))


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment in a thread (a new tool thread unless one is given)."""

    class Meta:
        model = "assessment.Comment"

    thread = factory.SubFactory(ThreadFactory)
    organisation = factory.SelfAttribute("thread.organisation")
    body = factory.Sequence(lambda n: f"Comment {n}")
