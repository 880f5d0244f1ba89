"""Dashboard cards of the inventories: `{% load inventory %}{% inventory_cards %}`."""

from django import template

from assessment.inventory import selectors
from core.permissions import can

register = template.Library()


@register.inclusion_tag("assessment/inventory/_dashboard_cards.html", takes_context=True)
def inventory_cards(context):
    request = context["request"]
    organisation = getattr(request, "organisation", None)
    membership = getattr(request, "membership", None)
    if organisation is None:
        return {"counts": None}
    return {
        "counts": selectors.dashboard_counts(organisation),
        "may_review": can(membership, "integration.review"),
    }


@register.filter
def import_job_status(job) -> str:
    """`{{ job|import_job_status }}`: what a person reads about a job's state."""
    return selectors.import_job_status_text(job)


@register.filter
def import_job_error(job) -> str:
    """`{{ job|import_job_error }}`: why a job failed, in the reader's language."""
    return selectors.import_job_error(job)
