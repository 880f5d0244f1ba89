"""Template context for the layout: the current organisation, the user's others, the nav."""

from core import selectors
from core.navigation import navigation_for


def organisation(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"current_membership": None, "current_organisation": None}
    return {
        "current_membership": membership,
        "current_organisation": membership.organisation,
        "other_memberships": [
            m
            for m in selectors.memberships_for_user(request.user).order_by("organisation__name")
            if m.organisation_id != membership.organisation_id
        ],
        "navigation": navigation_for(request),
    }
