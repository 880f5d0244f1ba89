"""API permissions: the same `core.permissions.can` as the UI, per action and per object."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions

from core.models import Membership
from core.permissions import can

VERBS = {
    "list": "view",
    "retrieve": "view",
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
    "metadata": "view",
}


def resolve_membership(request) -> Membership | None:
    """Token requests act in the token's organisation; session requests in the current one."""
    auth = getattr(request, "auth", None)
    if auth is not None and hasattr(auth, "organisation_id"):
        return (
            Membership.objects.select_related("organisation", "user")
            .filter(user=request.user, organisation_id=auth.organisation_id)
            .first()
        )
    return getattr(request._request, "membership", None)


class RolePermission(permissions.BasePermission):
    """Views set `permission_resource` (e.g. "tool"); actions map to verbs.

    Custom actions declare their own action name with `permission_actions = {"review":
    "integration.review"}`; a tuple of names means "any of them" (a bulk answer save needs
    one of the answer actions, and each row is then checked on its own).
    """

    def action_name(self, view) -> str | tuple[str, ...]:
        custom = getattr(view, "permission_actions", {})
        action = getattr(view, "action", None) or ""
        if action in custom:
            return custom[action]
        verb = VERBS.get(action) or (
            "view" if view.request.method in permissions.SAFE_METHODS else "change"
        )
        return f"{view.permission_resource}.{verb}"

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        membership = getattr(request, "membership", None)
        if membership is None:
            raise exceptions.PermissionDenied(_("You are not a member of any organisation."))
        return self._can(membership, self.action_name(view))

    def has_object_permission(self, request, view, obj):
        return self._can(request.membership, self.action_name(view), obj)

    @staticmethod
    def _can(membership, actions, obj=None) -> bool:
        if isinstance(actions, str):
            actions = (actions,)
        return any(can(membership, action, obj) for action in actions)
