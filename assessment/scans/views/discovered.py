"""The Discovered list and the member's decisions: add to the stack, link to a tool, ignore.

Every decision posts to a URL carrying the list's query string, so the list an htmx
request renders again (its ``discovered`` partial) is the one the member was looking at.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from assessment.models import DiscoveredState, DiscoveredTool, DiscoverySource
from assessment.scans import selectors, services
from assessment.scans.filtersets import DiscoveredToolFilterSet
from assessment.scans.forms import DiscoveredLinkForm, SiteScanForm, SsoImportForm
from core import feedback
from core.htmx import HtmxPartialMixin, is_htmx, partial_name
from core.permissions import can
from core.views.mixins import PermissionRequiredMixin, ScopedObjectMixin

PAGE_SIZE = 50

#: Evidence kinds (`assessment.discovery.detect.Evidence.kind`) as the page names them.
EVIDENCE_KINDS = {
    "script": gettext_lazy("script"),
    "inline-script": gettext_lazy("inline script"),
    "html": gettext_lazy("HTML"),
    "header": gettext_lazy("header"),
    "cookie": gettext_lazy("cookie"),
    "meta": gettext_lazy("meta tag"),
    "url": gettext_lazy("address"),
    "implied": gettext_lazy("implied"),
    # An SSO app list's (assessment/scans/sso.py)
    "sso-app": gettext_lazy("listed as"),
    "sign-ins": gettext_lazy("sign-ins"),
    "users": gettext_lazy("users"),
    "last-used": gettext_lazy("last used"),
}


def evidence_lines(discovered: DiscoveredTool) -> list[tuple[str, str]]:
    return [
        (
            str(EVIDENCE_KINDS.get(item.get("kind", ""), item.get("kind", ""))),
            item.get("detail", ""),
        )
        for item in discovered.evidence or ()
        if isinstance(item, dict)
    ]


#: The Source column's short names (the choices' labels say what the file is).
SOURCE_LABELS = {
    DiscoverySource.WEBSITE: gettext_lazy("Website"),
    DiscoverySource.OKTA: "Okta",
    DiscoverySource.ENTRA: "Microsoft Entra",
    DiscoverySource.GOOGLE: "Google Workspace",
}


class DiscoveredToolListView(HtmxPartialMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "discoveredtool.view"
    template_name = "assessment/discovery/discovered_list.html"
    htmx_partial = "discovered"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        organisation = request.organisation
        filterset = DiscoveredToolFilterSet(
            request.GET or None,
            queryset=selectors.discovered_tools(organisation),
            request=request,
        )
        valid = not filterset.is_bound or filterset.is_valid()
        rows = filterset.qs if valid else filterset.queryset.none()
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        sources = selectors.sources_by_slug(organisation, [d.slug for d in page.object_list])
        for discovered in page.object_list:
            discovered.evidence_lines = evidence_lines(discovered)
            discovered.source_label = SOURCE_LABELS[discovered.source]
            discovered.also_seen = [
                SOURCE_LABELS[source]
                for source in DiscoverySource.values
                if source != discovered.source and source in sources.get(discovered.slug, ())
            ]
        query = request.GET.copy()
        query.pop("page", None)
        list_url = reverse("discoveredtool_list")
        scan = kwargs.get("scan") or selectors.latest_scan(organisation)
        may_scan = can(request.membership, "sitescan.add")
        context.update(
            title=_("Discovered"),
            filterset=filterset,
            filtered=bool(request.GET) and filterset.is_bound,
            page_obj=page,
            discovered=list(page.object_list),
            counts=selectors.discovered_counts(organisation),
            list_url=list_url,
            here_query=f"?{request.GET.urlencode()}" if request.GET else "",
            page_url=f"{list_url}?{query.urlencode()}&page=" if query else f"{list_url}?page=",
            may_change=can(request.membership, "discoveredtool.change"),
            may_scan=may_scan,
            scan=scan,
            scan_state=selectors.scan_state(scan) if scan else None,
            scan_form=kwargs.get("scan_form") or (SiteScanForm(initial=_last_urls(scan))),
            sso_form=kwargs.get("sso_form") or SsoImportForm(),
            DiscoveredState=DiscoveredState,
            problem=kwargs.get("problem", ""),
        )
        return context


def _last_urls(scan) -> dict:
    return {"urls": "\n".join(scan.urls)} if scan else {}


class _DiscoveredObjectMixin(ScopedObjectMixin):
    """One of the organisation's discovered tools; another organisation's is a 404 for every
    role, before the role check."""

    model = DiscoveredTool
    permission_required = "discoveredtool.change"

    def discovered(self) -> DiscoveredTool:
        obj = get_object_or_404(
            DiscoveredTool.objects.for_organisation(self.request.organisation).select_related(
                "subcategory", "tool", "organisation"
            ),
            pk=self.kwargs["pk"],
        )
        if not can(self.request.membership, self.get_permission_required(), obj):
            raise Http404
        return obj

    def list_location(self) -> str:
        url = reverse("discoveredtool_list")
        return f"{url}?{self.request.GET.urlencode()}" if self.request.GET else url

    def answer(self, problem: str = ""):
        """The list again (htmx: its fragment, 422 with the problem in it), or a redirect."""
        if is_htmx(self.request):
            context = self.get_context_data(problem=problem)
            return self.render_to_response(context, status=422 if problem else 200)
        if problem:
            feedback.error(self.request, problem)
        return HttpResponseRedirect(self.list_location())


class DiscoveredToolActionView(_DiscoveredObjectMixin, DiscoveredToolListView):
    """Add (a new tool in the proposed subcategory), ignore or un-ignore, by ``action``."""

    http_method_names = ["post"]
    ACTIONS = ("add", "ignore", "unignore")

    def post(self, request, pk: int, action: str):
        if action not in self.ACTIONS:
            raise Http404
        discovered = self.discovered()
        decided = services.decide_discovered(
            organisation=request.organisation, user=request.user, ids=[pk], action=action
        )
        if decided.refused:
            return self.answer(" ".join(decided.refused))
        if action == "add":
            text = _("Added %(name)s to the stack.") % {"name": discovered}
        elif action == "ignore":
            text = _("Ignored %(name)s.") % {"name": discovered}
        else:
            text = _("%(name)s is back in the list.") % {"name": discovered}
        feedback.success(request, text, undo=decided.undo, highlight=discovered.pk)
        return self.answer()


class DiscoveredToolBulkView(_DiscoveredObjectMixin, DiscoveredToolListView):
    """One decision (add, link to the matched tool, ignore, un-ignore) for the rows ticked;
    each row is decided on its own, the ones refused are named."""

    http_method_names = ["post"]

    def post(self, request):
        if not can(request.membership, self.get_permission_required()):
            raise Http404
        action = request.POST.get("action", "")
        ids = [int(pk) for pk in request.POST.getlist("pk") if pk.isdigit()]
        if action not in services.DECISIONS:
            return self.answer(_("Choose what to do with the selected tools."))
        if not ids:
            return self.answer(_("Select at least one discovered tool."))
        decided = services.decide_discovered(
            organisation=request.organisation, user=request.user, ids=ids, action=action
        )
        if decided.done:
            count = len(decided.done)
            texts = {
                "add": ngettext(
                    "Added %(count)d tool to the stack.",
                    "Added %(count)d tools to the stack.",
                    count,
                ),
                "link": ngettext(
                    "Linked %(count)d tool to its match in the stack.",
                    "Linked %(count)d tools to their matches in the stack.",
                    count,
                ),
                "ignore": ngettext("Ignored %(count)d tool.", "Ignored %(count)d tools.", count),
                "unignore": ngettext(
                    "%(count)d tool is back in the list.",
                    "%(count)d tools are back in the list.",
                    count,
                ),
            }
            feedback.success(request, texts[action] % {"count": count}, undo=decided.undo)
        problem = ""
        if decided.refused:
            problem = ngettext(
                "%(count)d was not decided:",
                "%(count)d were not decided:",
                len(decided.refused),
            ) % {"count": len(decided.refused)}
            problem = " ".join([problem, *decided.refused])
        elif not decided.done:
            feedback.success(request, _("Nothing to change: the selected tools were already so."))
        return self.answer(problem)


class DiscoveredToolLinkView(_DiscoveredObjectMixin, DiscoveredToolListView):
    """GET: the form to choose the tool (htmx: its ``form`` fragment, into the row);
    POST: link, then the list as the action view answers."""

    form_template = "assessment/discovery/link_form.html"

    def render_form(self, discovered, form, status=200):
        template = self.form_template
        if is_htmx(self.request):
            template = partial_name(template, "form")
        context = {
            "object": discovered,
            "form": form,
            "here_query": f"?{self.request.GET.urlencode()}" if self.request.GET else "",
            "list_url": self.list_location(),
        }
        return TemplateResponse(self.request, template, context, status=status)

    def get(self, request, pk: int):
        discovered = self.discovered()
        initial = {"tool": discovered.tool_id} if discovered.tool_id else None
        form = DiscoveredLinkForm(organisation=request.organisation, initial=initial)
        return self.render_form(discovered, form)

    def post(self, request, pk: int):
        discovered = self.discovered()
        form = DiscoveredLinkForm(request.POST, organisation=request.organisation)
        if not form.is_valid():
            if is_htmx(request):
                problems = [str(e) for errors in form.errors.values() for e in errors]
                return self.answer(" ".join(problems))
            return self.render_form(discovered, form, status=422)
        tool = form.cleaned_data["tool"]
        decided = services.decide_discovered(
            organisation=request.organisation,
            user=request.user,
            ids=[pk],
            action="link",
            tool=tool,
        )
        if decided.refused:
            return self.answer(" ".join(decided.refused))
        feedback.success(
            request,
            _("Linked %(name)s to %(tool)s.") % {"name": discovered, "tool": tool},
            undo=decided.undo,
            highlight=discovered.pk,
        )
        return self.answer()
