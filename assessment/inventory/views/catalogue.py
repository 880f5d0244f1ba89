"""The tool form's name typeahead: known products from the vendored catalogue for what was
typed (assessment/inventory/catalogue.py). An htmx request gets the options partial; the
pick itself happens in the browser (static/js/typeahead.js), from the options' data."""

from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView

from assessment.inventory import catalogue
from core.htmx import HtmxPartialMixin
from core.permissions import can
from core.views.mixins import OrganisationRequiredMixin

#: Longer text is no product name (and would only cost time).
MAX_QUERY = 100


class ToolCatalogueSearchView(HtmxPartialMixin, OrganisationRequiredMixin, TemplateView):
    """GET ?q= (or ?name=, what the form's name field sends): up to eight products. For
    whoever may add or change tools — the form's users; a viewer gets a 403."""

    template_name = "assessment/inventory/catalogue_options.html"
    htmx_partial = "options"

    def dispatch(self, request, *args, **kwargs):
        membership = getattr(request, "membership", None)
        if (
            request.user.is_authenticated
            and membership is not None
            and not (can(membership, "tool.add") or can(membership, "tool.change"))
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = (self.request.GET.get("q") or self.request.GET.get("name") or "")[:MAX_QUERY]
        context["query"] = query
        context["matches"] = catalogue.matches(self.request.organisation, query)
        return context
