"""Generic object views (NetBox-style): every model's list/detail/edit/delete look alike.

A model view declares `model` (an OrganisationScopedModel) and, where needed,
`filterset_class`, `form_class` and `template_name`. Permissions are derived from the
model name and the view's verb: "<model_name>.view|add|change|delete".
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from core.htmx import HtmxPartialMixin
from core.services import ServiceError
from core.views.mixins import ScopedObjectMixin


def action_for(model, verb: str) -> str:
    return f"{model._meta.model_name}.{verb}"


class ObjectViewMixin(HtmxPartialMixin, ScopedObjectMixin):
    verb = "view"

    def get_permission_required(self) -> str:
        return self.permission_required or action_for(self.model, self.verb)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["model_meta"] = self.model._meta
        return context


class ObjectListView(ObjectViewMixin, ListView):
    filterset_class = None
    paginate_by = 50
    htmx_partial = "results"

    def get_queryset(self):
        queryset = super().get_queryset()
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(
                self.request.GET or None, queryset=queryset, request=self.request
            )
            queryset = self.filterset.qs
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        return context


class ObjectDetailView(ObjectViewMixin, DetailView):
    pass


class ObjectFormMixin:
    """Forms receive the organisation so their choices stay inside it."""

    success_message = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organisation"] = self.request.organisation
        return kwargs

    def save(self, form):
        """Call the service that writes (views never save a model themselves)."""
        raise NotImplementedError(f"{type(self).__name__}.save must call a service")

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ServiceError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message % {"object": self.object})
        return HttpResponseRedirect(self.get_success_url())


class ObjectCreateView(ObjectFormMixin, ObjectViewMixin, CreateView):
    verb = "add"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # CreateView passes instance=None; give the form a row of this organisation instead.
        if kwargs.get("instance") is None:
            kwargs["instance"] = self.model(organisation=self.request.organisation)
        return kwargs


class ObjectUpdateView(ObjectFormMixin, ObjectViewMixin, UpdateView):
    verb = "change"


class ObjectDeleteView(ObjectViewMixin, DeleteView):
    verb = "delete"
    template_name = "core/object_confirm_delete.html"

    def get_success_url(self):
        return reverse(f"{self.model._meta.model_name}_list")

    def delete_object(self, obj) -> None:
        """Call the service that deletes (views never delete a model themselves)."""
        raise NotImplementedError(f"{type(self).__name__}.delete_object must call a service")

    def form_valid(self, form):
        name = str(self.object)
        try:
            self.delete_object(self.object)
        except ServiceError as error:
            messages.error(self.request, " ".join(error.messages))
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, _("Deleted %(name)s.") % {"name": name})
        return HttpResponseRedirect(self.get_success_url())
