"""The roadmap board and its items: edit, accept or dismiss, move, add. htmx requests get one
partial of the page's own template (the board, one item card or its edit form)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from assessment.comments.selectors import annotate_open_threads
from assessment.models import (
    Assessment,
    Finding,
    Horizon,
    ItemStatus,
    RoadmapItem,
    ThreadTarget,
)
from assessment.results import selectors, services
from assessment.results.filtersets import RoadmapItemFilterSet
from assessment.results.forms import (
    DismissForm,
    MoveForm,
    RoadmapItemForm,
)
from assessment.results.services.curation import dismiss_item_undoable
from assessment.results.views.base import ROADMAP_TEMPLATE, TEMPLATES, AssessmentResultsMixin
from core import feedback, render_cache
from core.htmx import HtmxPartialMixin, is_htmx
from core.selectors import member_users
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

_MENU_ITEM = (
    '<li><button class="dropdown-item" type="submit" name="{}" value="{}"{}>{}</button></li>'
)


class CardActions:
    """The action controls of a roadmap card, written from plain data: as template markup
    they were a third of the page's cost at 58 cards. An active card has one form: its
    primary action ("Accept" while open) and one menu (Edit, Move to Now / Next / Later,
    Move up / down, Dismiss); each button posts where its action lives (``formaction``,
    which htmx follows too), so every action is a plain form POST without JavaScript and
    re-renders ``#roadmap`` with htmx. "Dismiss" shows the card's reason form
    (static/js/roadmap-board.js). An inactive card has its "Reopen" button. One CSRF token
    serves every form of the page."""

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
        # The menu's name says whose actions they are. In a language whose translation
        # lacks this sentence yet, the name is the button's own text and the card's title
        # (aria-labelledby): a name that hides the visible text fails WCAG 2.5.3.
        translated = _("Actions for “%(title)s”")
        english = (get_language() or "en").split("-")[0] == "en"
        self.actions_for = (
            translated if english or translated != "Actions for “%(title)s”" else None
        )
        self.labels = {
            key: mark_safe(text)
            for key, text in (
                ("actions", _("Actions")),
                ("edit", _("Edit")),
                ("accept", _("Accept")),
                ("up", _("Move up")),
                ("down", _("Move down")),
                ("dismiss", _("Dismiss")),
                ("why", _("Why dismiss it?")),
                ("say_why", _("Say why you dismiss this item: the reason stays with it.")),
                ("dismiss_item", _("Dismiss item")),
                ("cancel", _("Cancel")),
                ("reopen", _("Reopen")),
            )
        }

    def _reopen(self, pk) -> SafeString:
        url = self.status.format(pk=pk, action="reopen")
        return format_html(
            '<form method="post" action="{}" hx-post="{}" hx-target="#roadmap" '
            'hx-swap="outerHTML">{}<button class="btn btn-sm btn-outline-secondary" '
            'type="submit">{}</button></form>',
            url,
            url,
            self.hidden,
            self.labels["reopen"],
        )

    def _menu(self, item) -> SafeString:
        pk, labels = item.pk, self.labels
        edit = self.edit.format(pk=pk)
        disabled = " disabled"
        items = [
            format_html(
                '<li><a class="dropdown-item" href="{}" hx-get="{}?{}" hx-target="#item-{}" '
                'hx-swap="outerHTML">{}</a></li><li><hr class="dropdown-divider"></li>',
                edit,
                edit,
                self.query,
                pk,
                labels["edit"],
            ),
            *(
                _MENU_ITEM.format("horizon", value, "", label)
                for value, label in self.horizons
                if value != item.horizon
            ),
            _MENU_ITEM.format(
                "direction",
                "up",
                disabled if getattr(item, "first_in_column", False) else "",
                labels["up"],
            ),
            _MENU_ITEM.format(
                "direction",
                "down",
                disabled if getattr(item, "last_in_column", False) else "",
                labels["down"],
            ),
            format_html(
                '<li><hr class="dropdown-divider"></li><li><button class="dropdown-item" '
                'type="button" data-dismiss-open="dismiss-{}" aria-controls="dismiss-{}">{}'
                "</button></li>",
                pk,
                pk,
                labels["dismiss"],
            ),
        ]
        if self.actions_for is None:
            name = format_html('id="menu-{}" aria-labelledby="menu-{} title-{}"', pk, pk, pk)
        else:
            title = conditional_escape(item.display_title)
            name = format_html('aria-label="{}"', mark_safe(self.actions_for % {"title": title}))
        return format_html(
            '<div class="dropdown"><button class="btn btn-sm btn-outline-secondary '
            'dropdown-toggle" type="button" data-bs-toggle="dropdown" aria-expanded="false" '
            '{} data-testid="item-menu">{}</button>'
            '<ul class="dropdown-menu">{}</ul></div>',
            name,
            labels["actions"],
            mark_safe("".join(items)),
        )

    def _dismiss(self, item) -> SafeString:
        pk, labels = item.pk, self.labels
        url = self.status.format(pk=pk, action="dismiss")
        dismissing = getattr(item, "dismiss_form", None) is not None
        errors = dismissing and bool(item.dismiss_form.errors)
        return format_html(
            '<form method="post" action="{}" hx-post="{}" hx-target="#roadmap" '
            'hx-swap="outerHTML" class="dismiss-form" id="dismiss-{}" novalidate{}>{}'
            '<label class="form-label small mb-1" for="reason-{}">{}</label>'
            '<input class="form-control form-control-sm{}" id="reason-{}" name="reason" '
            'maxlength="2000" required{}>{}<div class="d-flex flex-wrap gap-1 mt-2">'
            '<button class="btn btn-sm btn-danger" type="submit">{}</button>'
            '<button class="btn btn-sm btn-outline-secondary" type="button" '
            'data-dismiss-cancel="dismiss-{}">{}</button></div></form>',
            url,
            url,
            pk,
            "" if dismissing else mark_safe(" hidden"),
            self.hidden,
            pk,
            labels["why"],
            " is-invalid" if errors else "",
            pk,
            format_html(' aria-invalid="true" aria-describedby="reason-error-{}"', pk)
            if errors
            else "",
            format_html(
                '<div class="invalid-feedback d-block" id="reason-error-{}">{}</div>',
                pk,
                labels["say_why"],
            )
            if errors
            else "",
            labels["dismiss_item"],
            pk,
            labels["cancel"],
        )

    def render(self, item) -> SafeString:
        pk = item.pk
        if not item.is_active:
            return self._reopen(pk)
        move = self.move.format(pk=pk)
        accept = ""
        if item.status == ItemStatus.OPEN:
            accept = format_html(
                '<button class="btn btn-sm btn-outline-success" type="submit" '
                'formaction="{}">{}</button>',
                self.status.format(pk=pk, action="accept"),
                self.labels["accept"],
            )
        return format_html(
            '<form method="post" action="{}" hx-post="{}" hx-target="#roadmap" '
            'hx-swap="outerHTML" class="item-menu d-flex flex-wrap align-items-center gap-1">'
            "{}{}{}</form>{}",
            move,
            move,
            self.hidden,
            accept,
            self._menu(item),
            self._dismiss(item),
        )


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
        # an action (a POST) re-renders the board the member was looking at: its filters
        # and view come back in the form's hidden "query" field
        params = self.request.GET
        if self.request.method != "GET":
            params = QueryDict(self.request.POST.get("query", ""))
        filterset = RoadmapItemFilterSet(params or None, queryset=queryset, request=self.request)
        items = list(filterset.qs if filterset.is_valid() else queryset)
        annotate_open_threads(items, ThreadTarget.ROADMAP_ITEM)  # "Discuss (2 open)"
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
        places = self.column_places(queryset, filterset)
        for horizon in Horizon:
            column = [i for i in items if i.horizon == horizon and i.is_active]
            for index, item in enumerate(column):
                item.first_in_column, item.last_in_column = index == 0, index == len(column) - 1
                item.column_position = places.get(item.pk, index)
            columns.append({"key": horizon.value, "label": horizon.label, "items": column})
        view = "table" if params.get("view") == "table" else "board"
        query = params.copy()
        query.pop("csrfmiddlewaretoken", None)
        actions = CardActions(self.request, self.assessment.pk, query.urlencode())
        today = timezone.localdate()
        for item in items:
            item.actions = actions.render(item)
            # Open (or accepted) and past its due date: the board marks it "Overdue".
            item.is_overdue = item.overdue_on(today)
        return {
            "filterset": filterset,
            "items": items,
            "columns": columns,
            "dismissed": [i for i in items if i.status == ItemStatus.DISMISSED],
            "resolved": [i for i in items if i.status == ItemStatus.RESOLVED],
            "active_count": sum(1 for i in items if i.is_active),
            "view": view,
            "query": query.urlencode(),
            # the filters alone: the links to the other view and to a card's discussion
            "filter_query": _without(query, "view", "discuss"),
            "move_url": actions.move,
            "horizons": list(Horizon),
            "owner_suggestions": selectors.owner_suggestions(self.request.organisation),
            "owner_members": member_users(self.request.organisation).order_by("email"),
            "savings": selectors.savings_of(items),
            "add_form": getattr(self, "add_form", None),
        }

    @staticmethod
    def column_places(queryset, filterset) -> dict[int, int]:
        """Each active item's place in its whole column (0 = top), as the move endpoint
        counts ``position``: the board's drag and drop sends it. Filtered, the board shows
        part of a column, so the places are read from the unfiltered roadmap (one query);
        unfiltered, they are the places on the board."""
        filtered = (
            filterset.is_bound
            and filterset.is_valid()
            and any(
                value not in (None, "", [], ()) for value in filterset.form.cleaned_data.values()
            )
        )
        if not filtered:
            return {}
        places: dict[int, int] = {}
        counts: dict[str, int] = {}
        rows = queryset.filter(status__in=[ItemStatus.OPEN, ItemStatus.ACCEPTED])
        for pk, horizon in rows.values_list("pk", "horizon"):
            places[pk] = counts.get(horizon, 0)
            counts[horizon] = places[pk] + 1
        return places

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

    def done(self, message: str = "", undo=None):
        # Said in a toast either way: htmx requests get it with the board's fragment.
        if message:
            feedback.success(self.request, message, undo=undo)
        if is_htmx(self.request):
            self.editing = self.dismissing = None
            return self.render_roadmap()
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
        item = next((i for i in items if i.pk == self.item.pk), None)
        if item is None:
            item = annotate_open_threads([self.item], ThreadTarget.ROADMAP_ITEM)[0]
        context["item"] = item
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
        token = None
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
                _item, token = dismiss_item_undoable(
                    item=self.item, reason=form.cleaned_data["reason"], user=request.user
                )
                message = _("Dismissed “%(title)s”.") % {"title": self.item.display_title}
        except ServiceError as error:
            return self.refused(error)
        return self.done(message, undo=token)


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
        form = RoadmapItemForm(request.POST, with_step=True, organisation=request.organisation)
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


def _without(query: QueryDict, *names: str) -> str:
    query = query.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
