"""Rendered parts of heavy pages, kept in Django's cache under the version of their data.

A roadmap of 300 items or a list of 200 tools is 100 – 350 KB of HTML: building it takes
tens of milliseconds however lean the template, yet it changes only when its data does. A
view asks :func:`lookup` with a *version* — a string that changes with everything the part
shows (``inventory.selectors.data_version``, an assessment's answers, findings and roadmap…)
— and skips building the part's context on a hit; the template wraps the part in
``{% rendercache %}…{% endrendercache %}`` (``core.templatetags.render_cache``), which
writes the cached copy or renders and stores it.

What else the part depends on is in the key too, so nobody is shown what another user or
another request would see: the user and their role (actions and links differ), the
organisation, the language and direction, the full path (filters, sorting, page), whether
it is an htmx request and its target, and the day (lists say "renews in 12 days"). Only GET
and HEAD are cached: a POST re-renders with its form errors. The CSRF token is the one
thing in a part that differs per session: parts are rendered with a placeholder
(``SENTINEL``), replaced with the request's own token on the way out (:func:`csrf_token`
is the same for HTML built in Python).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe

#: Stands for the request's CSRF token in a stored part (never a valid token itself).
SENTINEL = "__stackscope_csrf_token__"
#: The key changes with the data anyway; this only bounds what an idle cache keeps.
SECONDS = 6 * 3600
_RENDERING = "_render_cache_rendering"
_PENDING = "_render_cache_pending"


@dataclass
class Part:
    """What a view found for one part of its page: ``html`` is None on a miss (then the
    template renders the part and stores it under ``key``); ``key`` is None when the request
    may not be cached (a POST), and the part is simply rendered."""

    key: str | None
    html: str | None = None

    @property
    def hit(self) -> bool:
        return self.html is not None


def _role(request) -> str:
    membership = getattr(request, "membership", None)
    return str(getattr(membership, "role", ""))


def key_for(request, name: str, version: tuple) -> str | None:
    if request.method not in ("GET", "HEAD"):
        return None
    user = getattr(request, "user", None)
    organisation = getattr(request, "organisation", None)
    parts = (
        name,
        version,
        getattr(user, "pk", None),
        getattr(organisation, "pk", None),
        _role(request),
        translation.get_language(),
        translation.get_language_bidi(),
        request.get_full_path(),
        timezone.localdate(),  # "renews in 12 days", what is overdue: true for the day
        bool(getattr(request, "htmx", False)),
        getattr(getattr(request, "htmx", None), "target", None),  # picks the partial
        bool(getattr(getattr(request, "htmx", None), "boosted", False)),  # the whole page
        settings.STATIC_URL,
    )
    return "stackscope:part:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def lookup(request, name: str, *version) -> Part:
    """The cached part of this request's page, if any (see the module's docstring);
    ``version``: what the part's data is at (strings, dates, numbers: their ``repr`` counts)."""
    key = key_for(request, name, version)
    part = Part(key, cache.get(key) if key is not None else None)
    if key is not None and not part.hit:
        # the view now builds the part's context: HTML it writes in Python goes into the
        # cache, so it gets the placeholder too (see csrf_token)
        setattr(request, _PENDING, True)
    return part


#: name → function(organisation) giving the version of what a page of ``core`` shows from
#: other apps (the home page's cards are drawn by the assessment app's template tags).
_VERSIONS: dict[str, str | Callable[[Any], Any]] = {}


def register_version(name: str, function: str | Callable[[Any], Any]) -> None:
    """Called from an app's ``ready()``: ``function(organisation)`` (or its dotted path,
    imported on first use) is part of the key of the pages that look ``name`` up with
    :func:`lookup_registered`."""
    _VERSIONS[name] = function


def lookup_registered(request, name: str, *version) -> Part:
    """:func:`lookup` with the registered versions of ``name``; with none registered the
    page cannot know what it depends on, and is rendered every time."""
    function = _VERSIONS.get(name)
    if function is None:
        return Part(None)
    if isinstance(function, str):
        function = _VERSIONS[name] = import_string(function)
    return lookup(request, name, function(request.organisation), *version)


def store(part: Part, html: str) -> None:
    if part.key is not None:
        cache.set(part.key, str(html), SECONDS)


def fill(html: str, request) -> SafeString:
    """The stored HTML with the request's CSRF token in place of the placeholder."""
    if SENTINEL in html:
        html = html.replace(SENTINEL, get_token(request))
    return mark_safe(html)


class rendering:
    """While a part is being rendered for the cache, :func:`csrf_token` gives the
    placeholder, so HTML built in Python carries no session's token either."""

    def __init__(self, request):
        self.request = request

    def __enter__(self):
        setattr(self.request, _RENDERING, getattr(self.request, _RENDERING, 0) + 1)
        return self

    def __exit__(self, *exc):
        setattr(self.request, _RENDERING, getattr(self.request, _RENDERING) - 1)
        return False


def is_rendering(request) -> bool:
    return bool(getattr(request, _RENDERING, 0))


def csrf_token(request) -> str:
    """The CSRF token to write into HTML built in Python (a form in a table cell…) that
    goes into a cached part: the placeholder when the part will be stored."""
    if is_rendering(request) or getattr(request, _PENDING, False):
        return SENTINEL
    return get_token(request)
