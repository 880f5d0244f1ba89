"""API for organisations (read) and memberships (owners change roles and remove)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, routers, viewsets
from rest_framework.decorators import api_view, authentication_classes, permission_classes

from core import selectors, services
from core.api.serializers import MembershipSerializer, OrganisationSerializer
from core.api.viewsets import OrganisationAPIMixin
from core.models import Membership, Organisation


@extend_schema_view(
    list=extend_schema(summary="Organisations the token or session acts in"),
    retrieve=extend_schema(summary="One organisation"),
)
class OrganisationViewSet(OrganisationAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The current organisation (the token's, or the session's current one)."""

    serializer_class = OrganisationSerializer
    permission_resource = "organisation"

    def get_queryset(self):
        organisation = getattr(self.request, "organisation", None)
        return Organisation.objects.filter(pk=getattr(organisation, "pk", None))


class MembershipViewSet(
    OrganisationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Members of the organisation; owners change roles and remove members."""

    serializer_class = MembershipSerializer
    permission_resource = "member"
    filterset_fields = ["role"]
    ordering_fields = ["created_at"]

    def get_queryset(self):
        organisation = getattr(self.request, "organisation", None)
        if organisation is None:
            return Membership.objects.none()
        return selectors.members_of(organisation)

    def perform_update(self, serializer):
        role = serializer.validated_data.get("role")  # a PATCH may leave it out
        if role is not None:
            serializer.instance = services.change_role(membership=serializer.instance, role=role)

    def perform_destroy(self, instance):
        services.remove_member(membership=instance)


class APIRootView(routers.APIRootView):
    """/api/v1/: links to the lists. It shows no organisation's data, so any signed-in
    user or token may read it (the role permission needs an organisation view)."""

    permission_classes = [permissions.IsAuthenticated]


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
def api_not_found(request, *args, **kwargs):
    """No such API route: a 404 in the one error body."""
    raise exceptions.NotFound()
