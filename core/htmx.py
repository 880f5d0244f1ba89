"""htmx helpers: render one named partial of a page's own template for htmx requests, and
deliver the messages an htmx request added."""

from django.contrib import messages
from django.http import HttpResponse
from django.template.loader import render_to_string


def is_htmx(request) -> bool:
    """True for htmx requests that want a fragment (boosted requests want the page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted


def partial_name(template_name: str, partial: str | None) -> str:
    return f"{template_name}#{partial}" if partial else template_name


def trigger(response: HttpResponse, event: str) -> HttpResponse:
    """Ask the page to fire a client-side event after the swap (HX-Trigger)."""
    existing = response.headers.get("HX-Trigger")
    response.headers["HX-Trigger"] = f"{existing}, {event}" if existing else event
    return response


class HtmxPartialMixin:
    """A page is a template; an htmx request gets its `htmx_partial` only.

    Set `htmx_partial = "name"` on the view, and mark that part of the template with
    `{% partialdef name inline %}…{% endpartialdef %}`.
    """

    htmx_partial: str | None = None

    def get_htmx_partial(self) -> str | None:
        target = getattr(self.request.htmx, "target", None)
        partials = getattr(self, "htmx_partials", None)
        if partials and target in partials:
            return partials[target]
        return self.htmx_partial

    def get_template_names(self):
        names = super().get_template_names()
        if is_htmx(self.request):
            partial = self.get_htmx_partial()
            if partial:
                return [partial_name(name, partial) for name in names]
        return names


class HtmxMessagesMiddleware:
    """The messages an htmx request added ("Verified Slack → Asana."), shown at once.

    A fragment has no message area, so they waited in the session and surprised the user on
    a later page. A successful HTML fragment gets them appended as an out-of-band swap into
    the page's ``#messages`` (templates/core/_messages.html, as the full page shows them).
    Redirects, empty and non-HTML answers leave them for the next page. Must come after
    MessageMiddleware (it reads the request's messages before they are stored)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_htmx(request) or not _takes_messages(response):
            return response
        storage = messages.get_messages(request)
        if storage.used or not len(storage):  # shown by the fragment itself, or none
            return response
        response.content += render_to_string(
            "core/_messages_oob.html", {"messages": storage}, request=request
        ).encode(response.charset)
        return response


def _takes_messages(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not getattr(response, "streaming", False)
        and response.get("Content-Type", "").startswith("text/html")
        and not any(h in response for h in ("HX-Redirect", "HX-Location", "HX-Refresh"))
    )
