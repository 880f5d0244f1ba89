"""Who and through what: the attribution of the writes made in the current context.

A request is attributed by ``HistoryMiddleware`` (the signed-in person, through a page);
the API's token authentication marks its requests as API calls with their token; tasks and
commands wrap their work in ``attributed(...)``. Anything else is the system.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace

from core.models.history import CURRENT as _current
from core.models.history import Attribution, HistorySource, organisation_id_of

__all__ = [
    "Attribution",
    "HistoryMiddleware",
    "attribute",
    "attributed",
    "current",
    "organisation_id_of",
]


def current() -> Attribution:
    return _current.get()


@contextmanager
def attributed(**changes):
    """Attribute the writes inside the block: ``attributed(actor=user, source="import")``."""
    token = _current.set(replace(_current.get(), **changes))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def attribute(**changes) -> None:
    """Change the attribution for the rest of the current context (the middleware's block
    resets it at the end of the request): for the API, which authenticates in the view."""
    _current.set(replace(_current.get(), **changes))


class HistoryMiddleware:
    """Attributes each request's writes to its signed-in user, through a page (the API
    changes the source once it has authenticated, core.api.authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        source = HistorySource.API if request.path.startswith("/api/") else HistorySource.PAGE
        with attributed(actor=actor, source=source, token_id=None, parent_id=None):
            return self.get_response(request)
