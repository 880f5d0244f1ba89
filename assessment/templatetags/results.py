"""The home page's "current assessment" card: `{% load results %}{% assessment_overview %}`."""

from django import template

from assessment.results import selectors
from core.permissions import can

register = template.Library()


@register.inclusion_tag("assessment/results/_overview_card.html", takes_context=True)
def assessment_overview(context):
    request = context["request"]
    organisation = getattr(request, "organisation", None)
    membership = getattr(request, "membership", None)
    if organisation is None or not can(membership, "assessment.view"):
        return {"overview": None}
    may_answer = can(membership, "answer.change")
    may_answer_architecture = can(membership, "answer.change_architecture")
    overview = selectors.home_overview(
        organisation, architecture_only=may_answer_architecture and not may_answer
    )
    return {
        "overview": overview,
        "may_answer": may_answer or may_answer_architecture,
        "may_add": can(membership, "assessment.add"),
        "may_curate": can(membership, "roadmap.change"),
    }
