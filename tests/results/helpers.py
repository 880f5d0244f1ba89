"""A small assessment with answers and an inventory that fires a few findings."""

import datetime as dt
from decimal import Decimal

from assessment.models import Tool
from assessment.questionnaire import services as questionnaire
from assessment.testing.factories import ToolFactory, ToolSubcategoryFactory
from core.testing.factories import MembershipFactory
from tests.questionnaire.factories import AssessmentFactory


def answer(assessment, key, value, user=None):
    current = assessment.answers.filter(question_key=key).first()
    return questionnaire.save_answer(
        assessment=assessment,
        question_key=key,
        raw_value=value,
        base_version=current.version if current else 0,
        user=user,
    )


def make_assessment(organisation, *, title="Review", user=None, **kwargs):
    user = user or MembershipFactory(organisation=organisation, role="editor").user
    assessment = AssessmentFactory(organisation=organisation, title=title, **kwargs)
    answer(assessment, "vendor_roadmap", "vendor", user)
    answer(assessment, "buyer_needs", 2, user)
    answer(assessment, "stack_fully_used", 2, user)
    return assessment


def make_inventory(organisation, *, underused=True, extra_tools=0):
    """An under-used tool (2 of 20 seats) and a well-used one; `extra_tools` more well-used."""
    sub = ToolSubcategoryFactory(organisation=organisation, key="crm_test")
    tools = [
        ToolFactory(
            organisation=organisation,
            name="MailBlast",
            subcategory=sub,
            licensed_seats=20,
            active_users_30d=2 if underused else 18,
            annual_cost=Decimal("12000.00"),
            renewal_date=dt.date.today() + dt.timedelta(days=300),
        ),
        ToolFactory(
            organisation=organisation,
            name="Busy CRM",
            licensed_seats=10,
            active_users_30d=9,
            renewal_date=dt.date.today() + dt.timedelta(days=300),
        ),
    ]
    Tool.objects.bulk_create(
        [
            Tool(
                organisation=organisation,
                name=f"Extra tool {n}",
                licensed_seats=10,
                active_users_30d=8,
                annual_cost=Decimal("1000.00"),
                currency="EUR",
            )
            for n in range(extra_tools)
        ]
    )
    return tools
