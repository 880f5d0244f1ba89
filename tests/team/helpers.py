"""Shared set-up of the assignment tests: an organisation with a lead and a reviewer."""

from assessment.team import services
from core.testing.factories import MembershipFactory
from tests.questionnaire.factories import AssessmentFactory

STEP = "touchpoints"
#: Visible questions of the default framework's touchpoints step (two are shown only
#: after a chatbot answer).
TOUCHPOINT_QUESTIONS = 14


def team(organisation=None, lead_role="editor"):
    lead = MembershipFactory(
        role=lead_role, **({"organisation": organisation} if organisation else {})
    )
    organisation = lead.organisation
    reviewer = MembershipFactory(organisation=organisation, role="reviewer")
    assessment = AssessmentFactory(organisation=organisation, title="Q4 review")
    return lead, reviewer, assessment


def assign_step(assessment, lead, people, step=STEP, **kwargs):
    return services.assign(
        assessment=assessment,
        step=step,
        question_keys=kwargs.pop("question_keys", None),
        assignees=[p.user for p in people],
        due_date=kwargs.pop("due_date", None),
        note=kwargs.pop("note", ""),
        user=lead.user,
    )
