"""Access control for every view: signed in, member of an organisation, role allows it.

Querysets are scoped to the current organisation, so another organisation's object is a
404 (its existence is never confirmed); a role that may not act gets a 403.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from core.permissions import can


class OrganisationRequiredMixin(LoginRequiredMixin):
    """The user is signed in and has a current organisation."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.membership is None:
            return redirect("organisation_create")
        return super().dispatch(request, *args, **kwargs)


class PermissionRequiredMixin(OrganisationRequiredMixin):
    """Checks `permission_required` (an action such as "tool.change") with `core.permissions`."""

    permission_required: str = ""

    def get_permission_required(self) -> str:
        if not self.permission_required:
            raise ImproperlyConfigured(f"{type(self).__name__} must set permission_required")
        return self.permission_required

    def dispatch(self, request, *args, **kwargs):
        signed_in_member = request.user.is_authenticated and request.membership is not None
        if signed_in_member and not can(request.membership, self.get_permission_required()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedObjectMixin(PermissionRequiredMixin):
    """Loads objects only from the current organisation and applies object rules."""

    model = None

    def dispatch(self, request, *args, **kwargs):
        # Another organisation's object is a 404 for every role, before the role check
        # could answer 403 and so confirm that it exists.
        pk = kwargs.get("pk")
        member = request.user.is_authenticated and request.membership is not None
        if pk is not None and member and not self.model_in_scope(request, pk):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def model_in_scope(self, request, pk) -> bool:
        return self.model.objects.for_organisation(request.organisation).filter(pk=pk).exists()

    def get_queryset(self):
        return self.model.objects.for_organisation(self.request.organisation)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not can(self.request.membership, self.get_permission_required(), obj):
            raise PermissionDenied
        return obj
