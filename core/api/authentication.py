"""Bearer-token authentication with the per-user tokens users manage in the UI."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from core.history.context import attribute
from core.models import ApiToken, HistorySource, Membership


# A token is valid only while its user is a member of its organisation, through the
# membership the token was made in: one created later (the person left, or was removed,
# and was invited again) does not revive it. Removal revokes the tokens as well
# (core.services.remove_member); this covers rows removed any other way.
def _membership_older_than_token():
    return Membership.objects.filter(
        user_id=OuterRef("user_id"),
        organisation_id=OuterRef("organisation_id"),
        created_at__lte=OuterRef("created_at"),
    )


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace")
        if not header:
            return None
        keyword, _sep, token = header.partition(" ")
        if keyword.lower() not in {"bearer", "token"} or not token.strip():
            return None
        token = token.strip()
        key_id = ApiToken.split(token)
        row = (
            ApiToken.objects.active()
            .select_related("user", "organisation")
            .filter(key_id=key_id)
            .filter(Exists(_membership_older_than_token()))
            .first()
            if key_id
            else None
        )
        if row is None or not row.matches(token) or not row.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API token."))
        row.touch()
        attribute(actor=row.user, source=HistorySource.API, token_id=row.pk)
        return row.user, row

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "core.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (Account → API tokens), e.g. `ssk_…`.",
        }
