"""htmx helpers: render one named partial of a page's own template for htmx requests."""

from django.http import HttpResponse


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
