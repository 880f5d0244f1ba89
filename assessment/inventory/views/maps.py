"""The three maps: server-rendered SVG (the PDF reuses the same renderers), drawn once per
data version and cached; a large inventory is drawn a page of tools at a time."""

from django.utils import timezone
from django.views.generic import TemplateView

from assessment.inventory import charts, selectors
from assessment.inventory.tables import DECIDE_BY_DAYS
from assessment.models import Tool, ToolStatus
from core.htmx import HtmxPartialMixin
from core.templatetags.stackscope import percent
from core.views.mixins import PermissionRequiredMixin


class MapView(HtmxPartialMixin, PermissionRequiredMixin, TemplateView):
    template_name = "assessment/inventory/map.html"
    htmx_partial = "chart"
    title = ""
    intro = ""
    list_url_name = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, intro=self.intro, list_url_name=self.list_url_name)
        return context


class StackMapView(MapView):
    permission_required = "tool.view"
    list_url_name = "tool_list"

    def get_context_data(self, **kwargs):
        from django.utils.translation import gettext as _

        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        threshold = selectors.underused_below(organisation)
        context.update(
            title=_("Stack map"),
            intro=_(
                "Tools by category: the colour and letter give the lifecycle decision, the bar "
                "seat utilisation (red when under %(percent)s or over capacity). Click a tool "
                "to open it."
            )
            % {"percent": percent(threshold)},
        )
        total = charts.drawn_tool_count(organisation)
        page = charts.map_page(total, self.request.GET.get("page"))
        context.update(
            svg=charts.cached_chart(
                "stack",
                organisation,
                lambda: charts.stack_map_svg(organisation, underused_below=threshold, page=page),
                threshold,
                page.number,
            ),
            page=page,
            empty=not total and not selectors.tools(organisation).exists(),
            decide_soon=decide_soon(organisation),
        )
        return context


def decide_soon(organisation, days: int = DECIDE_BY_DAYS) -> list[dict]:
    """Tools still under contract whose last day to cancel is today or within ``days``
    days, soonest first: the map lists them as "decide by <date>" (issue 16)."""
    today = timezone.localdate()
    rows = (
        Tool.objects.for_organisation(organisation)
        .exclude(status=ToolStatus.RETIRED)
        .filter(renewal_date__gte=today)
        .only("pk", "name", "renewal_date", "notice_period_days", "status")
    )
    soon = []
    for tool in rows:
        deadline = tool.last_day_to_cancel
        if deadline is not None and 0 <= (deadline - today).days <= days:
            soon.append({"tool": tool, "decide_by": deadline, "days": (deadline - today).days})
    return sorted(soon, key=lambda row: (row["decide_by"], row["tool"].name))


class IntegrationMapView(MapView):
    permission_required = "integration.view"
    list_url_name = "integration_list"

    def get_context_data(self, **kwargs):
        from django.utils.translation import gettext as _

        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        context.update(
            title=_("Integration map"),
            intro=_(
                "Tools grouped by category; arrows are integrations (colour: status, dotted: "
                "manual). Hover a tool to highlight its connections; click to open it."
            ),
        )
        total = charts.drawn_tool_count(organisation)
        page = charts.map_page(total, self.request.GET.get("page"))
        context.update(
            svg=charts.cached_chart(
                "integrations",
                organisation,
                lambda: charts.integration_map_svg(organisation, page=page),
                page.number,
            ),
            page=page,
            empty=not total and not selectors.tools(organisation).exists(),
        )
        return context


class TouchpointMatrixView(MapView):
    permission_required = "touchpoint.view"
    list_url_name = "touchpoint_list"

    def get_context_data(self, **kwargs):
        from django.utils.translation import gettext as _

        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        svg, grid = charts.cached_chart(
            "touchpoints", organisation, lambda: charts.touchpoint_matrix_svg(organisation)
        )
        context.update(
            title=_("Touchpoint matrix"),
            intro=_(
                "Journey stage × channel: each cell counts touchpoints, shows how personal "
                "they are and their ease. Hatched stages have no touchpoint, or no digital one. "
                "Click a cell to list its touchpoints."
            ),
            svg=svg,
            grid=grid,
            empty=False,
        )
        return context
