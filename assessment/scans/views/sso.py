"""Importing an SSO provider's app list (docs/sso-imports.md) from the Discovered page."""

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import ngettext

from assessment.scans import sso
from assessment.scans.forms import SsoImportForm
from assessment.scans.views.discovered import DiscoveredToolListView
from core import feedback
from core.htmx import is_htmx, trigger
from core.services import ServiceError


def result_text(result: sso.SsoImportResult) -> str:
    """“12 apps imported: 3 new, 9 already known” (and how many are no longer listed)."""
    text = ngettext(
        "%(count)d app imported: %(new)d new, %(known)d already known.",
        "%(count)d apps imported: %(new)d new, %(known)d already known.",
        result.apps,
    ) % {"count": result.apps, "new": result.appeared, "known": result.updated}
    if result.gone:
        text += " " + ngettext(
            "%(count)d app is no longer listed.",
            "%(count)d apps are no longer listed.",
            result.gone,
        ) % {"count": result.gone}
    return text


class SsoImportView(DiscoveredToolListView):
    """POST a provider and its CSV: import it all or nothing (htmx: the page's ``sso``
    fragment, and the list reloads); a refused file or bad rows: the form again with every
    problem (422)."""

    permission_required = "sitescan.add"
    http_method_names = ["post"]
    htmx_partial = "sso"

    def post(self, request):
        form = SsoImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = sso.import_sso_apps(
                    organisation=request.organisation,
                    user=request.user,
                    source=form.cleaned_data["source"],
                    file=form.cleaned_data["file"],
                )
            except ServiceError as error:
                form.add_error("file", error)
            else:
                feedback.success(request, result_text(result))
                if is_htmx(request):
                    again = SsoImportForm(initial={"source": form.cleaned_data["source"]})
                    context = self.get_context_data(sso_form=again)
                    response = self.render_to_response(context)
                    trigger(response, "discovered-changed")
                    return response
                return HttpResponseRedirect(reverse("discoveredtool_list"))
        return self.render_to_response(self.get_context_data(sso_form=form), status=422)
