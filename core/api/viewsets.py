"""Base viewsets: membership resolved once, querysets scoped, role checked by `can`."""

from django.utils.translation import gettext as _
from rest_framework import exceptions

from core.api.permissions import RolePermission, resolve_membership


class OrganisationAPIMixin:
    """Every API view: `request.membership`/`request.organisation` set; role-checked."""

    permission_classes = [RolePermission]
    permission_resource: str = ""

    def initial(self, request, *args, **kwargs):
        # Authenticate first so token requests resolve the token's organisation.
        request.user  # noqa: B018 - forces DRF authentication
        request.membership = resolve_membership(request)
        request.organisation = request.membership.organisation if request.membership else None
        super().initial(request, *args, **kwargs)
        self.check_empty_parameters(request)

    #: Query parameters that may be sent empty (a search for nothing finds everything).
    empty_parameters_allowed = frozenset({"q"})

    def check_empty_parameters(self, request) -> None:
        """`?status=` is a mistake in a script (the pages send it, the API refuses it)."""
        empty = [
            key
            for key, values in request.query_params.lists()
            if key not in self.empty_parameters_allowed and all(v == "" for v in values)
        ]
        if empty:
            message = _("Leave this parameter out instead of sending it empty.")
            raise exceptions.ValidationError({key: [message] for key in empty})

    def check_permissions(self, request):
        # Tenancy before roles (docs/architecture.md): another organisation's object is a
        # 404 for every role, never a 403 that confirms it exists.
        if request.user.is_authenticated and getattr(request, "membership", None) is not None:
            self.check_object_exists()
        super().check_permissions(request)

    def check_object_exists(self) -> None:
        """404 when the route names an object the organisation does not have."""
        lookup = getattr(self, "lookup_url_kwarg", None) or getattr(self, "lookup_field", None)
        if not lookup or lookup not in self.kwargs or not hasattr(self, "get_queryset"):
            return
        field = getattr(self, "lookup_field", "pk")
        try:
            found = self.get_queryset().filter(**{field: self.kwargs[lookup]}).exists()
        except (TypeError, ValueError, OverflowError):
            found = False
        if not found:
            raise exceptions.NotFound()
