"""Reading the change history (issue 15; docs/history.md): the organisation's Activity page
with filters, paging and a CSV export; one grouped import's rows; every tracked object's
History (a page of its own, loaded by htmx into the object's page); restoring an earlier
version of a tool, integration, touchpoint or roadmap item.

Every member reads ("history.view"); restoring needs the right to change the object.
Another organisation's entries and objects are a 404."""

from __future__ import annotations

import csv

from django.apps import apps
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core import render_cache
from core.exports import neutralise_formula
from core.history import display, registry, selectors
from core.history.filters import ActivityFilterSet
from core.history.registry import TRACKED
from core.htmx import HtmxPartialMixin
from core.models import HistoryEntry, Organisation
from core.permissions import can
from core.services import ServiceError
from core.views.mixins import PermissionRequiredMixin

VIEW = "history.view"


def page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        return 1


class Page:
    """A page of a newest-first queryset without counting it (one query: the rows of the
    page and one more, to know whether there is a next page). ``fetch(queryset, offset,
    limit)`` reads the rows (a slice of the queryset's own objects by default)."""

    def __init__(self, queryset, number: int, per_page: int, fetch=None):
        offset = (number - 1) * per_page
        if fetch is None:
            rows = list(queryset[offset : offset + per_page + 1])
        else:
            rows = fetch(queryset, offset, per_page + 1)
        self.number = number
        self.object_list = rows[:per_page]
        self.has_next = len(rows) > per_page
        self.has_previous = number > 1
        self.has_other_pages = self.has_next or self.has_previous
        self.next_page_number = number + 1
        self.previous_page_number = number - 1


def history_object(organisation, label: str, pk: int):
    """(model, content type, the object or None when it is gone) of a tracked model's row
    in the organisation; 404 for an untracked model or another organisation's row."""
    label = (label or "").lower()
    if label not in TRACKED:
        raise Http404
    model = apps.get_model(label)
    content_type = ContentType.objects.get_for_model(model)
    if model is Organisation:
        obj = organisation if organisation.pk == pk else None
    else:
        obj = model._base_manager.filter(pk=pk, organisation=organisation).first()
    if obj is None and not (
        HistoryEntry.objects.filter(
            organisation=organisation, content_type=content_type, object_id=pk
        ).exists()
    ):
        raise Http404  # never here, or another organisation's
    return model, content_type, obj


def may_restore(membership, model, obj) -> bool:
    action = registry.restore_action(model)
    return bool(obj is not None and action and can(membership, action, obj))


class ActivityView(HtmxPartialMixin, PermissionRequiredMixin, TemplateView):
    """Who changed what, when and through what, in the organisation."""

    template_name = "core/activity.html"
    htmx_partial = "results"
    permission_required = VIEW
    paginate_by = 50

    def get_filterset(self, entries):
        return ActivityFilterSet(self.request.GET or None, queryset=entries, request=self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = selectors.activity(self.request.organisation)
        filterset = self.get_filterset(entries)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filterset=filterset, query=query.urlencode())
        # the rows, kept under the newest and oldest entry (core.render_cache; the path,
        # with its filters and page, the user, role and language are in the key)
        part = render_cache.lookup(self.request, "activity", selectors.version(entries))
        context["render_part"] = part
        if not part.hit:
            page = Page(
                filterset.qs,
                page_number(self.request),
                self.paginate_by,
                fetch=selectors.page_of_entry_values,
            )
            context.update(page_obj=page, rows=display.display_rows(page.object_list))
        return context


class ActivityExportView(PermissionRequiredMixin, View):
    """The filtered activity as CSV, streamed a chunk at a time (readable values)."""

    permission_required = VIEW
    chunk = 500

    def get(self, request):
        filterset = ActivityFilterSet(
            request.GET or None,
            queryset=selectors.activity(request.organisation),
            request=request,
        )
        entries = filterset.qs
        writer = csv.writer(_Echo())

        def lines():
            yield writer.writerow(
                [
                    _("When"),
                    _("Who"),
                    _("Through"),
                    _("Action"),
                    _("Kind"),
                    _("Object"),
                    _("Changes"),
                ]
            )
            last = None
            while True:
                page = entries
                if last is not None:  # keyset paging: newest first by (timestamp, id)
                    page = page.filter(timestamp__lte=last.timestamp).exclude(
                        timestamp=last.timestamp, id__gte=last.id
                    )
                batch = list(page[: self.chunk])
                if not batch:
                    return
                for row in display.display_rows(batch, link_objects=False):
                    yield writer.writerow(csv_cells(row))
                last = batch[-1]

        stamp = timezone.localdate().isoformat()
        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="activity-{stamp}.csv"'
        return response


def csv_cells(row: display.EntryRow) -> list[str]:
    entry = row.entry
    when = formats.date_format(timezone.localtime(entry.timestamp), "SHORT_DATETIME_FORMAT")
    what = row.import_summary or row.changes_text()
    cells = [when, row.who, row.through, row.action, row.kind, row.object_repr, what]
    return [neutralise_formula(str(cell)) for cell in cells]


class _Echo:
    def write(self, value):
        return value


class ActivityDetailView(HtmxPartialMixin, PermissionRequiredMixin, TemplateView):
    """One entry; for a grouped import, the rows it changed."""

    template_name = "core/activity_detail.html"
    htmx_partial = "results"
    permission_required = VIEW
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            entry = selectors.entry_for(self.request.organisation, self.kwargs["pk"])
        except HistoryEntry.DoesNotExist:
            raise Http404 from None
        page = Page(selectors.import_children(entry), page_number(self.request), self.paginate_by)
        entry_row = display.display_rows([entry])[0]
        context.update(
            entry=entry,
            entry_row=entry_row,
            single_rows=[entry_row],
            page_obj=page,
            rows=display.display_rows(page.object_list),
            query="",
        )
        return context


class ObjectHistoryView(HtmxPartialMixin, PermissionRequiredMixin, TemplateView):
    """An object's History: a page of its own, and (htmx) the part the object's page
    loads when its History section is opened."""

    template_name = "core/object_history.html"
    htmx_partial = "history"
    permission_required = VIEW
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        model, content_type, obj = history_object(
            organisation, self.kwargs["model"], self.kwargs["pk"]
        )
        entries = selectors.entries_for(organisation, content_type, self.kwargs["pk"])
        restorable = may_restore(self.request.membership, model, obj)
        version = selectors.version(entries)
        part = render_cache.lookup(self.request, "object_history", version, restorable)
        context.update(
            render_part=part,
            object=obj,
            object_url=display.url_for(obj) if obj is not None else "",
            object_repr=str(obj) if obj is not None else "",
            model_meta=model._meta,
            may_restore=restorable,
            # the version the object is in: its newest entry (no restore button)
            current_entry_id=(version[0] or [None])[0],
            history_url=self.request.path,
            query="",
        )
        if not part.hit:
            page = Page(entries, page_number(self.request), self.paginate_by)
            rows = display.display_rows(page.object_list, link_objects=False)
            if obj is None and rows:
                context["object_repr"] = rows[0].object_repr
            context.update(page_obj=page, rows=rows)
        return context


class ObjectOpenView(PermissionRequiredMixin, View):
    """Where a history row's link leads: the object's page while it exists (and has one),
    else its History. The rows link here so that a page of them needs no query to learn
    which of its objects are gone."""

    permission_required = VIEW

    def get(self, request, model: str, pk: int):
        model_class, _content_type, obj = history_object(request.organisation, model, pk)
        url = display.url_for(obj) if obj is not None else ""
        return HttpResponseRedirect(
            url or reverse("object_history", args=[model_class._meta.label_lower, pk])
        )


class RestoreVersionView(PermissionRequiredMixin, View):
    """Apply an update entry's snapshot through the model's service (POST)."""

    http_method_names = ["post"]
    permission_required = VIEW

    def post(self, request, pk: int):
        try:
            entry = selectors.entry_for(request.organisation, pk)
        except HistoryEntry.DoesNotExist:
            raise Http404 from None
        model = entry.content_type.model_class()
        needs = registry.restore_action(model) if model is not None else ""
        if not needs:
            raise Http404
        obj = model._base_manager.filter(
            pk=entry.object_id, organisation=request.organisation
        ).first()
        back = reverse("object_history", args=[model._meta.label_lower, entry.object_id])
        if not can(request.membership, needs, obj):
            raise PermissionDenied
        try:
            restored = registry.restore(
                entry=entry, user=request.user, organisation=request.organisation
            )
        except ServiceError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(display.url_for(obj) if obj is not None else back)
        messages.success(
            request,
            _("Restored %(object)s as it was on %(when)s.")
            % {
                "object": restored,
                "when": formats.date_format(
                    timezone.localtime(entry.timestamp), "SHORT_DATETIME_FORMAT"
                ),
            },
        )
        return HttpResponseRedirect(display.url_for(restored) or back)
