"""Starting a website scan, and following it while the worker runs it."""

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from assessment.models import SiteScan
from assessment.scans import selectors, services
from assessment.scans.forms import SiteScanForm
from assessment.scans.views.discovered import DiscoveredToolListView
from core import feedback
from core.htmx import HtmxPartialMixin, is_htmx, trigger
from core.services import ServiceError
from core.views.mixins import ScopedObjectMixin


class SiteScanCreateView(DiscoveredToolListView):
    """POST the site addresses: queue a scan (htmx: the page's ``scan`` fragment, which then
    polls the scan's progress); invalid addresses or a scan already running: the form again
    with the reason (422)."""

    permission_required = "sitescan.add"
    http_method_names = ["post"]
    htmx_partial = "scan"

    def post(self, request):
        form = SiteScanForm(request.POST, organisation=request.organisation)
        if form.is_valid():
            try:
                scan = services.request_scan(
                    organisation=request.organisation,
                    user=request.user,
                    urls=form.cleaned_data["urls"],
                )
            except ServiceError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                scan.refresh_from_db()  # an immediate task backend has run it already
                text = _("Scanned %(urls)s.") if scan.is_done else _("Scanning %(urls)s.")
                feedback.success(request, text % {"urls": ", ".join(scan.urls)})
                if is_htmx(request):
                    response = self.render_to_response(self.get_context_data(scan=scan))
                    if not scan.is_pending:  # done already: the list reloads now
                        trigger(response, "discovered-changed")
                    return response
                return HttpResponseRedirect(reverse("discoveredtool_list"))
        return self.render_to_response(self.get_context_data(scan_form=form), status=422)


class SiteScanDetailView(HtmxPartialMixin, ScopedObjectMixin, DetailView):
    """A scan's state: the page's status card, polled by htmx every second while the scan
    is queued or running; once done it asks the Discovered list to refresh itself."""

    model = SiteScan
    permission_required = "sitescan.view"
    template_name = "assessment/discovery/scan_detail.html"
    htmx_partial = "status"

    def get_queryset(self):
        return selectors.scans(self.request.organisation)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scan"] = self.object
        context["scan_state"] = selectors.scan_state(self.object)
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if is_htmx(self.request) and not self.object.is_pending:
            trigger(response, "discovered-changed")  # the list under the card reloads
        return response
