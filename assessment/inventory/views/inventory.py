"""Tools, integrations and touchpoints: list, detail, add, edit, delete, bulk actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from assessment.discovery import catalogue as discovery_catalogue
from assessment.inventory import confirmation, selectors, services
from assessment.inventory.filtersets import (
    IntegrationFilterSet,
    ToolFilterSet,
    TouchpointFilterSet,
)
from assessment.inventory.forms import IntegrationForm, ToolForm, TouchpointForm
from assessment.inventory.tables import (
    INTEGRATION_COLUMNS,
    TOOL_COLUMNS,
    TOUCHPOINT_COLUMNS,
    tool_columns,
)
from assessment.inventory.views.base import (
    BulkActionView,
    InventoryCreateView,
    InventoryDeleteView,
    InventoryDetailView,
    InventoryListView,
    InventoryUpdateView,
)
from assessment.models import (
    Criticality,
    Integration,
    IntegrationStatus,
    Lifecycle,
    Personalisation,
    Tool,
    ToolStatus,
    Touchpoint,
)
from core.htmx import is_htmx
from core.permissions import can
from core.views.mixins import ScopedObjectMixin

DELETE = ("delete", _("Delete"), None)


# --- tools ----------------------------------------------------------------------------------


def tools_with_owners(organisation):
    return selectors.tools(organisation).select_related("owned_by")


class ToolListView(InventoryListView):
    model = Tool
    filterset_class = ToolFilterSet
    columns = TOOL_COLUMNS
    selector = staticmethod(tools_with_owners)
    default_ordering = ("name",)
    title = _("Stack")
    intro = _("Every tool the organisation pays for or uses, with cost, seats and renewal.")
    importable = "tools"
    extra_links = [
        ("stack_map", _("Stack map")),
        ("discoveredtool_list", _("Discovered")),
        ("renewals", _("Renewals")),
        ("ownproduct_list", _("Own products")),
        ("toolcategory_list", _("Categories")),
    ]
    bulk_actions = [
        ("status", _("Set status"), ToolStatus.choices),
        ("lifecycle", _("Set lifecycle decision"), Lifecycle.choices),
        ("owner", _("Set business owner"), None),
        DELETE,
    ]

    def get_columns(self):
        return tool_columns(selectors.underused_below(self.request.organisation))


class ToolDetailView(InventoryDetailView):
    model = Tool
    template_name = "assessment/inventory/tool_detail.html"

    def get_queryset(self):
        return selectors.tool_detail(self.request.organisation).select_related(
            "owned_by", "confirmed_by"
        )

    def get_context_data(self, **kwargs):
        slug = self.object.catalogue_slug
        # The known product this tool is (its catalogue entry; None when none or unknown).
        kwargs["known_product"] = discovery_catalogue.get(slug) if slug else None
        return super().get_context_data(**kwargs)

    def render_to_response(self, context, **response_kwargs):
        # The confirmation is outside the page's cached part: it depends on who reads
        # it and on today's date (staleness).
        context.update(confirmation_context(self.request, self.object))
        return super().render_to_response(context, **response_kwargs)


def confirmation_context(request, tool) -> dict:
    organisation = request.organisation
    return {
        "confirmation_state": confirmation.state(tool, organisation),
        "confirmation_stale_days": confirmation.stale_days(organisation),
        "may_confirm": can(request.membership, "tool.confirm", tool),
        "tool_confirmed_by": tool.confirmed_by if tool.confirmed_by_id else None,
        "tool_owned_by": tool.owned_by if tool.owned_by_id else None,
    }


class ToolConfirmView(ScopedObjectMixin, View):
    """The owner confirms the tool's record (POST; htmx gets the confirmation part back).
    Another organisation's tool is a 404; anyone but the owner member or an organisation
    owner gets a 403."""

    model = Tool
    permission_required = "tool.confirm"
    http_method_names = ["post"]

    def post(self, request, pk: int):
        tool = get_object_or_404(Tool.objects.for_organisation(request.organisation), pk=pk)
        if not can(request.membership, "tool.confirm", tool):
            raise PermissionDenied
        tool = services.confirm_tool(tool=tool, user=request.user)
        if is_htmx(request):
            context = {"tool": tool, **confirmation_context(request, tool)}
            return render(request, "assessment/inventory/tool_detail.html#confirmation", context)
        messages.success(request, gettext("Confirmed the record of %(name)s.") % {"name": tool})
        return HttpResponseRedirect(tool.get_absolute_url())


class ToolCreateView(InventoryCreateView):
    model = Tool
    form_class = ToolForm


class ToolUpdateView(InventoryUpdateView):
    model = Tool
    form_class = ToolForm


class ToolDeleteView(InventoryDeleteView):
    model = Tool


class ToolBulkView(BulkActionView):
    model = Tool


# --- integrations ---------------------------------------------------------------------------


class IntegrationListView(InventoryListView):
    model = Integration
    filterset_class = IntegrationFilterSet
    columns = INTEGRATION_COLUMNS
    selector = staticmethod(selectors.integrations)
    default_ordering = ("source__name", "target__name", "pk")
    title = _("Integrations")
    intro = _("How data moves between tools, and whether IT has checked each connection.")
    importable = "integrations"
    extra_links = [
        ("integration_review_queue", _("Review queue")),
        ("integration_map", _("Integration map")),
        ("dataobject_list", _("Data objects")),
    ]
    bulk_actions = [
        ("status", _("Set status"), IntegrationStatus.choices),
        ("criticality", _("Set criticality"), Criticality.choices),
        ("owner", _("Set technical owner"), None),
        DELETE,
    ]


class IntegrationDetailView(InventoryDetailView):
    model = Integration
    template_name = "assessment/inventory/integration_detail.html"
    title_related = ("source", "target")

    def get_queryset(self):
        return selectors.integrations(self.request.organisation)

    def get_context_data(self, **kwargs):
        from assessment.inventory.forms import ReviewForm

        context = super().get_context_data(**kwargs)
        context["review_form"] = ReviewForm()
        return context


class IntegrationCreateView(InventoryCreateView):
    model = Integration
    form_class = IntegrationForm

    def get_initial(self):
        initial = super().get_initial()
        for key in ("source", "target"):
            if self.request.GET.get(key, "").isdigit():
                initial[key] = int(self.request.GET[key])
        return initial


class IntegrationUpdateView(InventoryUpdateView):
    model = Integration
    form_class = IntegrationForm


class IntegrationDeleteView(InventoryDeleteView):
    model = Integration


class IntegrationBulkView(BulkActionView):
    model = Integration


# --- touchpoints ----------------------------------------------------------------------------


class TouchpointListView(InventoryListView):
    model = Touchpoint
    filterset_class = TouchpointFilterSet
    columns = TOUCHPOINT_COLUMNS
    selector = staticmethod(selectors.touchpoints)
    default_ordering = ("stage", "channel", "name")
    title = _("Touchpoints")
    intro = _("Where customers meet the company, per journey stage and channel.")
    importable = "touchpoints"
    extra_links = [("touchpoint_matrix", _("Touchpoint matrix"))]
    bulk_actions = [
        ("personalisation", _("Set personalisation"), Personalisation.choices),
        ("owner", _("Set owner"), None),
        DELETE,
    ]


class TouchpointDetailView(InventoryDetailView):
    model = Touchpoint
    template_name = "assessment/inventory/touchpoint_detail.html"

    def get_queryset(self):
        return selectors.touchpoints(self.request.organisation)


class TouchpointCreateView(InventoryCreateView):
    model = Touchpoint
    form_class = TouchpointForm


class TouchpointUpdateView(InventoryUpdateView):
    model = Touchpoint
    form_class = TouchpointForm


class TouchpointDeleteView(InventoryDeleteView):
    model = Touchpoint


class TouchpointBulkView(BulkActionView):
    model = Touchpoint
