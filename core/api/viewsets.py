"""Base viewsets: membership resolved once, querysets scoped, role checked by `can`."""

from rest_framework import viewsets

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


class OrganisationModelViewSet(OrganisationAPIMixin, viewsets.ModelViewSet):
    """CRUD over an OrganisationScopedModel; other organisations' rows are simply absent."""

    model = None

    def get_queryset(self):
        organisation = getattr(self.request, "organisation", None)
        if organisation is None:
            return self.model.objects.none()
        return self.model.objects.for_organisation(organisation)


class OrganisationReadOnlyViewSet(OrganisationAPIMixin, viewsets.ReadOnlyModelViewSet):
    model = None

    def get_queryset(self):
        organisation = getattr(self.request, "organisation", None)
        if organisation is None:
            return self.model.objects.none()
        return self.model.objects.for_organisation(organisation)
