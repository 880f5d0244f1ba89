"""Attach the signed-in user's current organisation and membership to every request."""

from core import selectors
from core.sessions import SESSION_KEY


class CurrentOrganisationMiddleware:
    """Sets `request.membership` and `request.organisation` (None when signed out).

    The current organisation lives in the session; when it is missing or the user is no
    longer a member there, the user's first membership is used instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        membership = None
        if request.user.is_authenticated:
            membership = selectors.current_membership(
                request.user, request.session.get(SESSION_KEY)
            )
        request.membership = membership
        request.organisation = membership.organisation if membership else None
        return self.get_response(request)
