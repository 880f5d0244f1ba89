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


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user.

    Signed-in pages, CSV/XLSX exports and PDF downloads carry an organisation's data: no
    shared cache (proxy, CDN) and no browser cache may keep them. A response that already
    says how it may be cached (e.g. `never_cache` on the log-in page) keeps its own header;
    static files never reach this middleware (WhiteNoise answers them first).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # DRF sets `request.user` after token authentication, so API downloads count too.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
