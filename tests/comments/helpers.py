"""Shared set-up of the conversation tests."""

from assessment.comments import services
from assessment.testing.factories import IntegrationFactory, ToolFactory
from core.testing.factories import MembershipFactory, UserFactory

STEP = "touchpoints"


def first_question(assessment, step=STEP) -> str:
    return next(iter(assessment.framework.step(step).questions())).key


def people(organisation=None):
    """An organisation with an editor (lead) and a reviewer with known addresses."""
    lead = MembershipFactory(
        role="editor",
        user=UserFactory(email="lena.lead@example.com", first_name="Lena", last_name="Lead"),
        **({"organisation": organisation} if organisation else {}),
    )
    reviewer = MembershipFactory(
        organisation=lead.organisation,
        role="reviewer",
        user=UserFactory(email="rita@example.com", first_name="Rita", last_name="Reviewer"),
    )
    return lead, reviewer


def tool_thread(membership, body="Is this still used?", tool=None):
    tool = tool or ToolFactory(organisation=membership.organisation)
    return services.start_thread(
        organisation=membership.organisation, user=membership.user, body=body, obj=tool
    )


__all__ = ["IntegrationFactory", "people", "tool_thread"]
