"""The roadmap board and its items: edit, accept or dismiss, move, add. htmx requests get one
partial of the page's own template (the board, one item card or its edit form)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from assessment.models import Assessment, Horizon, ItemStatus, RoadmapItem
from assessment.results import selectors, services
from assessment.results.filtersets import RoadmapItemFilterSet
from assessment.results.forms import (
    DismissForm,
    MoveForm,
    RoadmapItemForm,
)
from assessment.results.views.base import ROADMAP_TEMPLATE, TEMPLATES, AssessmentResultsMixin
from core.htmx import HtmxPartialMixin, is_htmx
from core.services import ServiceError
from core.views.mixins import PermissionRequiredMixin

#: Findings listed (with their evidence) on a roadmap card; the rest are counted and linked:
#: at a large inventory one item can stand for hundreds of findings.
FINDINGS_PER_ITEM = 8
EVIDENCE_SHOWN = 6  # the card's links per finding (the template shows six)


class RoadmapPageMixin(HtmxPartialMixin, AssessmentResultsMixin):
    template_name = ROADMAP_TEMPLATE
    htmx_partial = "roadmap"
    editing: RoadmapItem | None = None
    edit_form = None
    dismissing: RoadmapItem | None = None
    dismiss_form = None

    def roadmap_context(self) -> dict:
        computed = services.ensure_results(self.assessment)
        queryset = selectors.roadmap_items(self.assessment)
        params = self.request.GET if self.request.method == "GET" else self.request.POST
        filterset = RoadmapItemFilterSet(params or None, queryset=queryset, request=self.request)
        items = list(filterset.qs if filterset.is_valid() else queryset)
        existing = selectors.finding_keys(self.assessment)
        for item in items:
            item.listed_keys = [key for key in item.finding_keys or () if key in existing]
        shown = {key for item in items for key in item.listed_keys[:FINDINGS_PER_ITEM]}
        findings = selectors.finding_index(self.assessment, shown)
        names = selectors.evidence_names(computed.data)
        framework = computed.data.framework
        for item in items:
            keys = item.listed_keys
            item.finding_total = len(keys)
            item.more_findings = max(0, len(keys) - FINDINGS_PER_ITEM)
            item.findings = [
                {
                    "finding": findings[key],
                    "evidence": selectors.evidence_links(findings[key], names, EVIDENCE_SHOWN)
                    + selectors.answer_links(self.assessment, findings[key], framework),
                }
                for key in keys[:FINDINGS_PER_ITEM]
            ]
            if self.editing is not None and item.pk == self.editing.pk:
                item.edit_form = self.edit_form or RoadmapItemForm(instance=item)
            if self.dismissing is not None and item.pk == self.dismissing.pk:
                item.dismiss_form = self.dismiss_form
        columns = []
        for horizon in Horizon:
            column = [i for i in items if i.horizon == horizon and i.is_active]
            for index, item in enumerate(column):
                item.first_in_column, item.last_in_column = index == 0, index == len(column) - 1
            columns.append({"key": horizon.value, "label": horizon.label, "items": column})
        view = "table" if params.get("view") == "table" else "board"
        query = params.copy()
        query.pop("csrfmiddlewaretoken", None)
        return {
            "filterset": filterset,
            "items": items,
            "columns": columns,
            "dismissed": [i for i in items if i.status == ItemStatus.DISMISSED],
            "resolved": [i for i in items if i.status == ItemStatus.RESOLVED],
            "active_count": sum(1 for i in items if i.is_active),
            "view": view,
            "query": query.urlencode(),
            "horizons": list(Horizon),
            "owner_suggestions": selectors.owner_suggestions(self.request.organisation),
            "savings": selectors.savings_of(items),
            "add_form": getattr(self, "add_form", None),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.roadmap_context())
        return context

    def render_roadmap(self, status: int = 200, partial: str | None = None):
        context = self.get_context_data()
        template = ROADMAP_TEMPLATE
        if is_htmx(self.request):
            template = f"{ROADMAP_TEMPLATE}#{partial or 'roadmap'}"
        return TemplateResponse(self.request, template, context, status=status)


class AssessmentRoadmapView(RoadmapPageMixin, TemplateView):
    pass


class RoadmapRedirectView(PermissionRequiredMixin, TemplateView):
    """The top-level "Roadmap": the latest open assessment's roadmap (else the latest)."""

    permission_required = "roadmap.view"
    template_name = f"{TEMPLATES}/roadmap_empty.html"

    def get(self, request, *args, **kwargs):
        assessment = selectors.roadmap_assessment(request.organisation)
        if assessment is not None:
            return redirect("assessment_roadmap", pk=assessment.pk)
        return super().get(request, *args, **kwargs)


class RoadmapItemMixin(RoadmapPageMixin):
    """Actions on one item: the item is found in the current organisation (else 404)."""

    permission_required = "roadmap.change"

    def load_assessment(self) -> Assessment:
        try:
            self.item = (
                RoadmapItem.objects.for_organisation(self.request.organisation)
                .select_related("assessment__framework_version")
                .get(pk=self.kwargs["item"], assessment_id=self.kwargs["pk"])
            )
        except RoadmapItem.DoesNotExist:
            raise Http404 from None
        return self.item.assessment

    def done(self, message: str = ""):
        if is_htmx(self.request):
            self.editing = self.dismissing = None
            return self.render_roadmap()
        if message:
            messages.success(self.request, message)
        url = reverse("assessment_roadmap", kwargs={"pk": self.assessment.pk})
        query = self.request.POST.get("query", "")
        return HttpResponseRedirect(
            f"{url}?{query}#item-{self.item.pk}" if query else f"{url}#item-{self.item.pk}"
        )

    def refused(self, error: ServiceError):
        if is_htmx(self.request):
            return self.render_roadmap(status=422)
        messages.error(self.request, " ".join(error.messages))
        return HttpResponseRedirect(
            reverse("assessment_roadmap", kwargs={"pk": self.assessment.pk})
        )


class RoadmapItemEditView(RoadmapItemMixin, View):
    def get(self, request, *args, **kwargs):
        self.check_object()
        self.editing = self.item
        return self.render_roadmap(partial="item")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["item"] = next((i for i in context["items"] if i.pk == self.item.pk), self.item)
        return context

    def post(self, request, *args, **kwargs):
        self.check_object()
        form = RoadmapItemForm(request.POST, instance=RoadmapItem.objects.get(pk=self.item.pk))
        if form.is_valid():
            try:
                services.update_item(
                    item=self.item,
                    data={name: form.cleaned_data[name] for name in form.fields},
                    user=request.user,
                )
            except ServiceError as error:
                form.add_error(None, error)
            else:
                return self.done(_("Saved “%(title)s”.") % {"title": form.cleaned_data["title"]})
        self.editing, self.edit_form = self.item, form
        response = self.render_roadmap(status=422, partial="item")
        response["HX-Retarget"] = f"#item-{self.item.pk}"
        response["HX-Reswap"] = "outerHTML"
        return response


class RoadmapItemStatusView(RoadmapItemMixin, View):
    """Accept, dismiss (with a reason) or reopen."""

    def post(self, request, *args, **kwargs):
        action = kwargs["action"]
        if action not in ("accept", "dismiss", "reopen"):
            raise Http404
        self.check_object()
        try:
            if action == "accept":
                services.accept_item(item=self.item, user=request.user)
                message = _("Accepted.")
            elif action == "reopen":
                services.reopen_item(item=self.item, user=request.user)
                message = _("Reopened.")
            else:
                form = DismissForm(request.POST)
                if not form.is_valid():
                    self.dismissing, self.dismiss_form = self.item, form
                    return self.refused(
                        ServiceError(_("Say why you dismiss this item: the reason stays with it."))
                    )
                services.dismiss_item(
                    item=self.item, reason=form.cleaned_data["reason"], user=request.user
                )
                message = _("Dismissed.")
        except ServiceError as error:
            return self.refused(error)
        return self.done(message)


class RoadmapItemMoveView(RoadmapItemMixin, View):
    """Move to another column, to a position, or one place up or down."""

    def post(self, request, *args, **kwargs):
        self.check_object()
        form = MoveForm(request.POST)
        if not form.is_valid():
            return self.refused(ServiceError(_("That move is not possible.")))
        data = form.cleaned_data
        try:
            if data["direction"]:
                services.shift_item(item=self.item, delta=-1 if data["direction"] == "up" else 1)
            else:
                services.move_item(
                    item=self.item,
                    horizon=data["horizon"] or self.item.horizon,
                    position=data["position"],
                    user=request.user,
                )
        except ServiceError as error:
            return self.refused(error)
        return self.done(_("Moved."))


class RoadmapItemAddView(RoadmapPageMixin, View):
    permission_required = "roadmap.add"

    def post(self, request, *args, **kwargs):
        self.check_object()
        form = RoadmapItemForm(request.POST, with_step=True)
        if form.is_valid():
            try:
                item = services.add_item(
                    assessment=self.assessment, data=form.cleaned_data, user=request.user
                )
            except ServiceError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Added “%(title)s”.") % {"title": item.title})
                return redirect(
                    reverse("assessment_roadmap", kwargs={"pk": self.assessment.pk})
                    + f"#item-{item.pk}"
                )
        self.add_form = form
        return TemplateResponse(request, ROADMAP_TEMPLATE, self.get_context_data(), status=422)


# -- thresholds ----------------------------------------------------------------------------
