"""/search/?q=…: the results page, and the navigation bar's drop-down (htmx: the page's
`results` partial, fewer matches per kind). Thin: parse the query, call the selector."""

from django.views.generic import TemplateView

from assessment.search import selectors
from core.htmx import HtmxPartialMixin, is_htmx
from core.views.mixins import OrganisationRequiredMixin


class SearchView(HtmxPartialMixin, OrganisationRequiredMixin, TemplateView):
    """Open to every member: each kind is searched only if their role may view it."""

    template_name = "assessment/search/search.html"
    htmx_partial = "results"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dropdown = is_htmx(self.request)
        query = selectors.parse_query(self.request.GET.get("q"))
        limit = selectors.DROPDOWN_LIMIT if dropdown else selectors.PAGE_LIMIT
        context.update(
            query=query,
            results=selectors.search(self.request.membership, query, limit=limit),
            dropdown=dropdown,
            min_length=selectors.MIN_LENGTH,
            max_length=selectors.MAX_LENGTH,
        )
        return context
