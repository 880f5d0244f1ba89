"""The roadmap board and its items: edit, accept or dismiss, move, add. htmx requests get one
partial of the page's own template (the board, one item card or its edit form)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from assessment.models import Assessment, Finding, Horizon, ItemStatus, RoadmapItem
from assessment.results import selectors, services
from assessment.results.filtersets import RoadmapItemFilterSet
from assessment.results.forms import (
    DismissForm,
    MoveForm,
    RoadmapItemForm,
)
from assessment.results.views.base import ROADMAP_TEMPLATE, TEMPLATES, AssessmentResultsMixin
from core import render_cache
from core.htmx import HtmxPartialMixin, is_htmx
from core.services import ServiceError
from core.views.mixins import PermissionRequiredMixin

#: Findings listed (with their evidence) on a roadmap card; the rest are counted and linked:
#: at a large inventory one item can stand for hundreds of findings.
FINDINGS_PER_ITEM = 8
EVIDENCE_SHOWN = 6  # the card's links per finding (the template shows six)


_FINDING_ROW = '<li class="mb-1"><span class="badge severity-{}">{}</span> <bdi>{}</bdi>{}</li>'


def findings_list(entries: list[dict], severities: dict) -> SafeString:
    """The ``<li>`` of a card's findings with their evidence links (six at most): written
    here, as a template loop it cost more than the rest of the card."""
    rows = []
    for entry in entries:
        finding = entry["finding"]
        links = "".join(
            f'<a href="{escape(url)}" class="me-2">{escape(label)}</a>'
            for label, url in entry["evidence"][:EVIDENCE_SHOWN]
        )
        rows.append(
            _FINDING_ROW.format(
                escape(finding.severity),
                escape(severities.get(finding.severity, finding.severity)),
                escape(finding.display_title),
                f"<br>{links}" if entry["evidence"] else "",
            )
        )
    return mark_safe("".join(rows))


_ITEM = 987654321  # stands for an item's id in a URL reversed once per page


class CardActions:
    """The action controls of the roadmap's cards (edit, accept, move, dismiss, reopen),
    written from plain data: as template markup they were a third of the page's cost at
    58 cards. The names, ids and htmx attributes are the ones the template had; one CSRF
    token serves every form of the page."""

    def __init__(self, request, assessment_pk: int, query: str):
        def url(name, *extra):
            return reverse(name, args=[assessment_pk, _ITEM, *extra]).replace(str(_ITEM), "{pk}")

        self.edit, self.move = url("roadmap_item_edit"), url("roadmap_item_move")
        self.status = url("roadmap_item_status", "ACTION").replace("ACTION", "{action}")
        self.query = query
        self.hidden = format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="query" value="{}">',
            render_cache.csrf_token(request),
            query,
        )
        self.horizons = [
            (str(h.value), _("Move to %(label)s") % {"label": conditional_escape(h.label)})
            for h in Horizon
        ]
        self.labels = {
            key: mark_safe(text)
            for key, text in (
                ("edit", _("Edit")),
                ("accept", _("Accept")),
                ("up", _("Move up")),
                ("down", _("Move down")),
                ("dismiss", _("Dismiss")),
                ("why", _("Why dismiss it?")),
                ("say_why", _("Say why you dismiss this item: the reason stays with it.")),
                ("dismiss_item", _("Dismiss item")),
                ("reopen", _("Reopen")),
            )
        }

    def _status_form(self, pk, action: str, button: str, label) -> SafeString:
        url = self.status.format(pk=pk, action=action)
        return format_html(
            '<form method="post" action="{}" hx-post="{}" hx-target="#roadmap" '
            'hx-swap="outerHTML">{}<button class="btn btn-sm {}" type="submit">{}</button>'
            "</form>",
            url,
            url,
            self.hidden,
            button,
            label,
        )

    def render(self, item) -> SafeString:
        pk, labels = item.pk, self.labels
        if not item.is_active:
            return self._status_form(pk, "reopen", "btn-outline-secondary", labels["reopen"])
        edit = self.edit.format(pk=pk)
        title = mark_safe(_("Edit %(title)s") % {"title": conditional_escape(item.display_title)})
        parts = [
            format_html(
                '<a class="btn btn-sm btn-outline-secondary" href="{}" hx-get="{}?{}" '
                'hx-target="#item-{}" hx-swap="outerHTML" aria-label="{}">{}</a>',
                edit,
                edit,
                self.query,
                pk,
                title,
                labels["edit"],
            )
        ]
        if item.status == ItemStatus.OPEN:
            parts.append(self._status_form(pk, "accept", "btn-outline-success", labels["accept"]))
        move = self.move.format(pk=pk)
        moves = "".join(
            f'<button class="btn btn-sm btn-outline-primary" name="horizon" value="{value}" '
            f'type="submit">{label}</button>'
            for value, label in self.horizons
            if value != item.horizon
        )
        parts.append(
            format_html(
                '<form method="post" action="{}" hx-post="{}" hx-target="#roadmap" '
                'hx-swap="outerHTML" class="d-flex gap-1">{}'
                '<button class="btn btn-sm btn-outline-secondary" name="direction" value="up" '
                'type="submit"{} aria-label="{}" title="{}">↑</button>'
                '<button class="btn btn-sm btn-outline-secondary" name="direction" '
                'value="down" type="submit"{} aria-label="{}" title="{}">↓</button>{}</form>',
                move,
                move,
                self.hidden,
                " disabled" if getattr(item, "first_in_column", False) else "",
                labels["up"],
                labels["up"],
                " disabled" if getattr(item, "last_in_column", False) else "",
                labels["down"],
                labels["down"],
                mark_safe(moves),
            )
        )
        dismiss = self.status.format(pk=pk, action="dismiss")
        errors = bool(getattr(item, "dismiss_form", None) and item.dismiss_form.errors)
        parts.append(
            format_html(
                '<details class="dismiss"{}><summary class="btn btn-sm btn-outline-danger">{}'
                '</summary><form method="post" action="{}" hx-post="{}" hx-target="#roadmap" '
                'hx-swap="outerHTML" class="mt-2" novalidate>{}'
                '<label class="form-label small" for="reason-{}">{}</label>'
                '<input class="form-control form-control-sm{}" id="reason-{}" name="reason" '
                'maxlength="2000" required>{}'
                '<button class="btn btn-sm btn-danger mt-2" type="submit">{}</button>'
                "</form></details>",
                " open" if getattr(item, "dismiss_form", None) else "",
                labels["dismiss"],
                dismiss,
                dismiss,
                self.hidden,
                pk,
                labels["why"],
                " is-invalid" if errors else "",
                pk,
                format_html('<div class="invalid-feedback d-block">{}</div>', labels["say_why"])
                if errors
                else "",
                labels["dismiss_item"],
            )
        )
        return mark_safe("\n".join(parts))


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
        urls = selectors.evidence_url_patterns()
        severities = {
            key: str(label) for key, label in Finding._meta.get_field("severity").flatchoices
        }
        for item in items:
            keys = item.listed_keys
            item.finding_total = len(keys)
            item.more_findings = max(0, len(keys) - FINDINGS_PER_ITEM)
            item.findings = [
                {
                    "finding": findings[key],
                    "evidence": selectors.evidence_links(
                        findings[key], names, EVIDENCE_SHOWN, urls=urls
                    )
                    + selectors.answer_links(self.assessment, findings[key], framework),
                }
                for key in keys[:FINDINGS_PER_ITEM]
            ]
            item.findings_html = findings_list(item.findings, severities)
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
        actions = CardActions(self.request, self.assessment.pk, query.urlencode())
        for item in items:
            item.actions = actions.render(item)
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
        self.add_cached_part(context, "roadmap", self.roadmap_context)
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
        # (no "items" when the page comes from the cache: core.render_cache)
        items = context.get("items", ())
        context["item"] = next((i for i in items if i.pk == self.item.pk), self.item)
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
