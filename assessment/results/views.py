"""Pages of results: the assessment dashboard, "why is this 42?", the roadmap, thresholds.

Thin views: load the assessment (scoped: another organisation's is a 404), check the role
(403), call one service or selector, render. htmx requests get one partial of the page's
own template (the roadmap board, one item card or its edit form).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django.views.generic.base import ContextMixin

from assessment.framework import STEP_KEYS
from assessment.models import Assessment, Horizon, ItemStatus, RoadmapItem
from assessment.results import selectors, services
from assessment.results.filtersets import RoadmapItemFilterSet
from assessment.results.forms import (
    DismissForm,
    FindingThresholdsForm,
    MoveForm,
    RoadmapItemForm,
)
from core.htmx import HtmxPartialMixin, is_htmx
from core.permissions import can
from core.services import ServiceError
from core.views.mixins import PermissionRequiredMixin

TEMPLATES = "assessment/results"
ROADMAP_TEMPLATE = f"{TEMPLATES}/roadmap.html"


class AssessmentResultsMixin(PermissionRequiredMixin, ContextMixin):
    """Pages of one assessment: found in the current organisation (else 404) before the
    role check (403); `object_action` is also checked against the assessment's rules."""

    permission_required = "roadmap.view"
    object_action = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.membership is not None:
            self.assessment = self.load_assessment()
        return super().dispatch(request, *args, **kwargs)

    def load_assessment(self) -> Assessment:
        try:
            return selectors.assessment_for(self.request.organisation, self.kwargs["pk"])
        except Assessment.DoesNotExist:
            raise Http404 from None

    def check_object(self, action: str | None = None) -> None:
        action = action or self.object_action or self.get_permission_required()
        if not can(self.request.membership, action, self.assessment):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        membership = self.request.membership
        context.update(
            assessment=self.assessment,
            may_regenerate=can(membership, "roadmap.regenerate", self.assessment),
            may_edit=can(membership, "roadmap.change", self.assessment),
            may_finalise=can(membership, "assessment.finalise", self.assessment),
        )
        return context


# -- dashboard and explain -----------------------------------------------------------------


class AssessmentDashboardView(AssessmentResultsMixin, TemplateView):
    template_name = f"{TEMPLATES}/dashboard.html"
    permission_required = "assessment.view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        computed = services.ensure_results(self.assessment)
        previous = selectors.previous_final(self.assessment)
        context.update(selectors.dashboard(self.assessment, computed))
        context["comparison"] = selectors.compare(self.assessment, computed, previous)
        context["today"] = computed.data.today
        return context


class AssessmentExplainView(AssessmentResultsMixin, TemplateView):
    template_name = f"{TEMPLATES}/explain.html"
    permission_required = "assessment.view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        step = self.kwargs["step"]
        if step != "overall" and step not in STEP_KEYS:
            raise Http404
        computed = services.evaluate_assessment(self.assessment)
        scores = computed.result.scores
        context.update(
            overall=selectors.display(scores.overall),
            overall_exact=selectors.display(scores.overall, 1),
            level=selectors.level_label(scores.level),
            overall_lines=selectors.explain_overall(self.assessment, computed),
            current=step,
            steps=[
                (s.key, selectors._step_title(computed.data.framework, s.key)) for s in scores.steps
            ],
        )
        if step != "overall":
            context["explain"] = selectors.explain_step(self.assessment, computed, step)
        return context


class RegenerateView(AssessmentResultsMixin, View):
    permission_required = "roadmap.regenerate"

    def post(self, request, *args, **kwargs):
        self.check_object()
        try:
            services.compute_results(self.assessment)
        except ServiceError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Regenerated: your edits and dismissals were kept."))
        return HttpResponseRedirect(_next_url(request, self.assessment))


class FinaliseView(AssessmentResultsMixin, View):
    permission_required = "assessment.finalise"

    def post(self, request, *args, **kwargs):
        self.check_object()
        try:
            services.finalise(assessment=self.assessment, user=request.user)
        except ServiceError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Finalised: its scores, findings and roadmap are frozen from now on."),
            )
        return redirect("assessment_dashboard", pk=self.assessment.pk)


def _next_url(request, assessment) -> str:
    target = request.POST.get("next", "")
    roadmap = reverse("assessment_roadmap", kwargs={"pk": assessment.pk})
    return (
        roadmap
        if target == "roadmap"
        else reverse("assessment_dashboard", kwargs={"pk": assessment.pk})
    )


# -- roadmap -------------------------------------------------------------------------------


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
        findings = selectors.finding_index(self.assessment)
        names = selectors._names(computed.data)
        framework = computed.data.framework
        for item in items:
            item.findings = [
                {
                    "finding": findings[key],
                    "evidence": selectors.evidence_links(findings[key], names)
                    + selectors.answer_links(self.assessment, findings[key], framework),
                }
                for key in item.finding_keys or ()
                if key in findings
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


class FindingThresholdsView(PermissionRequiredMixin, TemplateView):
    template_name = f"{TEMPLATES}/thresholds.html"
    permission_required = "finding.view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        row = services.thresholds_row(self.request.organisation)
        context.setdefault("form", FindingThresholdsForm(instance=row))
        context["may_edit"] = can(self.request.membership, "finding.change")
        return context

    def post(self, request, *args, **kwargs):
        if not can(request.membership, "finding.change"):
            raise PermissionDenied
        form = FindingThresholdsForm(
            request.POST, instance=services.thresholds_row(request.organisation)
        )
        if form.is_valid():
            try:
                services.save_thresholds(
                    organisation=request.organisation, data=form.cleaned_data, user=request.user
                )
            except ServiceError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Saved. Findings and roadmaps use the new thresholds from now on."),
                )
                return redirect("finding_thresholds")
        return self.render_to_response(self.get_context_data(form=form), status=422)
