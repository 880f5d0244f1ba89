"""Generic inventory views on top of core.views.generic: one list template for every
model (columns, filters, sorting, pagination, bulk actions), forms that save through the
services, and inline (htmx) create/edit that renders the form partial of the same page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from assessment.inventory import services
from assessment.inventory.forms import BulkActionForm
from assessment.inventory.selectors import data_version
from assessment.inventory.tables import Table
from core import feedback, render_cache
from core.htmx import is_htmx, trigger
from core.permissions import can
from core.services import ServiceError
from core.views.generic import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    action_for,
)
from core.views.mixins import OrganisationRequiredMixin, ScopedObjectMixin

PER_PAGE = (25, 50, 100, 200)
CHANGED_EVENT = "inventory-changed"


class InventoryListView(ObjectListView):
    template_name = "assessment/inventory/object_list.html"
    columns: list = []
    selector = None
    default_ordering: tuple[str, ...] = ()
    #: [(action, label, choices or None)] offered for the selected rows.
    bulk_actions: list = []
    title = ""
    intro = ""
    extra_links: list = []  # [(url name, label)]
    #: The inventory's URL slug for import/export ("tools", …), or "" when not importable.
    importable = ""

    def get_queryset(self):
        queryset = type(self).selector(self.request.organisation)
        if self.default_ordering:
            queryset = queryset.order_by(*self.default_ordering)
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=queryset, request=self.request
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            return queryset.none()
        return self.filterset.qs

    def get_columns(self) -> list:
        return self.columns

    def get(self, request, *args, **kwargs):
        # The columns first: a ?cols= choice is kept in the session even when the page is
        # then served from the cache, and the chosen columns are part of its key.
        self.table = Table(request, self.model._meta.model_name, self.get_columns())
        self.render_part = render_cache.lookup(
            request,
            f"list:{self.model._meta.label_lower}",
            data_version(request.organisation),
            sorted(self.table.chosen),
        )
        if self.render_part.hit:
            self.object_list = self.model.objects.none()  # (names the templates)
            return self.render_to_response(
                {"view": self, "title": self.page_title(), "render_part": self.render_part}
            )
        return super().get(request, *args, **kwargs)

    def page_title(self):
        return self.title or self.model._meta.verbose_name_plural

    def get_paginate_by(self, queryset):
        try:
            value = int(self.request.GET.get("per_page", self.paginate_by))
        except ValueError:
            return self.paginate_by
        return value if value in PER_PAGE else self.paginate_by

    def paginate_queryset(self, queryset, page_size):
        # A bad or too-large page number shows the nearest page instead of a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        name = self.model._meta.model_name
        membership = self.request.membership
        query = self.request.GET.copy()
        query.pop("page", None)
        table = self.table
        context.update(
            render_part=self.render_part,
            table=table,
            headers=list(table.headers(self.request)),
            table_rows=list(table.rows(context["object_list"])),
            add_url=reverse(f"{name}_add"),
            export_url=(
                reverse("inventory_export", kwargs={"inventory": self.importable})
                if self.importable
                else ""
            ),
            import_url=(
                reverse("inventory_import", kwargs={"inventory": self.importable})
                if self.importable
                else ""
            ),
            title=self.page_title(),
            intro=self.intro,
            url_prefix=name,
            query=query.urlencode(),
            current_order=self.request.GET.get("o", ""),
            per_page_options=PER_PAGE,
            per_page=self.get_paginate_by(None),
            may_add=can(membership, action_for(self.model, "add")),
            may_change=can(membership, action_for(self.model, "change")),
            may_delete=can(membership, action_for(self.model, "delete")),
            bulk_actions=self.bulk_actions,
            bulk_url=reverse(f"{name}_bulk") if self.bulk_actions else "",
            importable=self.importable,
            extra_links=[(reverse(url), label) for url, label in self.extra_links],
            changed_event=CHANGED_EVENT,
        )
        return context


class InventoryFormMixin:
    """Save through the services; inline (htmx) requests get the form partial back."""

    template_name = "assessment/inventory/object_form.html"
    htmx_partial = "form"
    creates = False

    def fields_from(self, form) -> dict:
        return {name: form.cleaned_data[name] for name in form._meta.fields}

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ServiceError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        # A new row is highlighted on the list (static/js/feedback.js); inline, the toast
        # comes with the list's reload that the changed event asks for.
        feedback.success(
            self.request,
            self.success_message % {"object": self.object},
            highlight=self.object.pk if self.creates else None,
        )
        if is_htmx(self.request):
            return trigger(HttpResponse(status=204), CHANGED_EVENT)
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 422 if is_htmx(self.request) else 200
        return response

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["inline"] = is_htmx(self.request)
        context["list_url"] = reverse(f"{self.model._meta.model_name}_list")
        context["render_part"] = getattr(self, "render_part", None)
        return context


class InventoryCreateView(InventoryFormMixin, ObjectCreateView):
    success_message = gettext_lazy("Added %(object)s.")
    creates = True

    def get(self, request, *args, **kwargs):
        # The empty form lists the organisation's categories, tools, data objects…: kept
        # under the data version (an integration's form offers every tool twice).
        self.render_part = render_cache.lookup(
            request, f"add:{self.model._meta.label_lower}", data_version(request.organisation)
        )
        if not self.render_part.hit:
            return super().get(request, *args, **kwargs)
        self.object = None
        context = {
            "view": self,
            "model_meta": self.model._meta,
            "inline": is_htmx(request),
            "render_part": self.render_part,
        }
        return self.render_to_response(context)

    def save(self, form):
        return services.create_object(
            model=self.model,
            organisation=self.request.organisation,
            user=self.request.user,
            **self.fields_from(form),
        )


class InventoryUpdateView(InventoryFormMixin, ObjectUpdateView):
    success_message = gettext_lazy("Saved %(object)s.")

    def save(self, form):
        return services.update_object(
            instance=self.object, user=self.request.user, **self.fields_from(form)
        )


class InventoryDetailView(ObjectDetailView):
    #: What the page's title (``str()`` of the row) reads besides the row itself.
    title_related: tuple[str, ...] = ()

    def get(self, request, *args, **kwargs):
        self.render_part = render_cache.lookup(
            request,
            f"detail:{self.model._meta.label_lower}",
            data_version(request.organisation),
        )
        if not self.render_part.hit:
            return super().get(request, *args, **kwargs)
        # The title names the row and its object rule still applies: the row alone, without
        # the prefetches of the page's own queryset.
        rows = ScopedObjectMixin.get_queryset(self)
        if self.title_related:
            rows = rows.select_related(*self.title_related)
        self.object = self.get_object(queryset=rows)
        context = {
            "view": self,
            "object": self.object,
            self.get_context_object_name(self.object): self.object,
            "model_meta": self.model._meta,
            "render_part": self.render_part,
        }
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["render_part"] = getattr(self, "render_part", None)
        return context


class InventoryDeleteView(ObjectDeleteView):
    """Delete one row; its message offers to undo it (core.undo), for ten minutes."""

    extra_context = {"undoable": True}

    def delete_object(self, obj):
        return services.delete_object_undoable(instance=obj, user=self.request.user)

    def form_valid(self, form):
        name = str(self.object)
        try:
            token = self.delete_object(self.object)
        except ServiceError as error:
            messages.error(self.request, " ".join(error.messages))
            return HttpResponseRedirect(self.object.get_absolute_url())
        feedback.success(self.request, _("Deleted %(name)s.") % {"name": name}, undo=token)
        return HttpResponseRedirect(self.get_success_url())


class BulkActionView(OrganisationRequiredMixin, View):
    """POST selected rows (`pk`) with an `action` and a `value`; delete asks first."""

    model = None
    http_method_names = ["post"]
    template_name = "assessment/inventory/bulk_delete_confirm.html"

    def post(self, request):
        model = self.model
        name = model._meta.model_name
        list_url = reverse(f"{name}_list")
        data = request.POST.copy()
        if "bulk" in data:  # one <select>: "status:active", "owner", "delete"
            data["action"], _sep, chosen = data["bulk"].partition(":")
            if chosen:
                data["value"] = chosen
        form = BulkActionForm(data)
        pks = [int(pk) for pk in request.POST.getlist("pk") if pk.isdigit()]
        if not form.is_valid() or not pks:
            messages.error(request, _("Select at least one row and an action."))
            return HttpResponseRedirect(list_url)
        action = form.cleaned_data["action"]
        verb = "delete" if action == "delete" else "change"
        if not can(request.membership, action_for(model, verb)):
            raise PermissionDenied
        queryset = model.objects.for_organisation(request.organisation).filter(pk__in=pks)
        if action == "delete":
            if request.POST.get("confirm") != "yes":
                objects = list(queryset)
                meta = model._meta
                # One variable for both plural forms: msgfmt checks each form against msgid_plural.
                what = meta.verbose_name if len(objects) == 1 else meta.verbose_name_plural
                return render(
                    request,
                    self.template_name,
                    {"objects": objects, "model_meta": meta, "what": what, "list_url": list_url},
                )
            count, token = services.bulk_delete_undoable(queryset=queryset, user=request.user)
            feedback.success(
                request,
                ngettext("Deleted %(count)d row.", "Deleted %(count)d rows.", count)
                % {"count": count},
                undo=token,
            )
            return HttpResponseRedirect(list_url)
        try:
            count = services.bulk_update(
                queryset=queryset,
                user=request.user,
                action=action,
                value=form.cleaned_data["value"],
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext("Updated %(count)d row.", "Updated %(count)d rows.", count)
                % {"count": count},
            )
        return HttpResponseRedirect(list_url)
