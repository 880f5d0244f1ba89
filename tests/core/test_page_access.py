"""Every page that exists, for every role: allowed vs refused, and signed-out redirects."""

from django.urls import reverse

from core.models import Role
from core.testing.access import ALL_ROLES, Page, PageAccessTests
from core.testing.factories import InvitationFactory, MembershipFactory

OWNER_ONLY = (Role.OWNER,)


def _other_member(membership):
    return {"other": MembershipFactory(organisation=membership.organisation, role=Role.VIEWER)}


def _invitation(membership):
    return {"invitation": InvitationFactory(organisation=membership.organisation)}


class TestCorePages(PageAccessTests):
    pages = {
        "dashboard": Page(reverse("dashboard"), ALL_ROLES),
        "members": Page(reverse("members"), ALL_ROLES),
        "settings": Page(reverse("organisation_settings"), OWNER_ONLY),
        "settings_save": Page(
            reverse("organisation_settings"), OWNER_ONLY, "post", {"name": "Renamed"}, ok=(302,)
        ),
        "invite": Page(
            reverse("member_invite"),
            OWNER_ONLY,
            "post",
            {"email": "new@example.test", "role": Role.EDITOR},
        ),
        "change_role": Page(
            lambda c: reverse("member_role", args=[c["other"].pk]),
            OWNER_ONLY,
            "post",
            {"role": Role.EDITOR},
            ok=(302,),
            setup=_other_member,
        ),
        "remove_member": Page(
            lambda c: reverse("member_remove", args=[c["other"].pk]),
            OWNER_ONLY,
            "post",
            ok=(302,),
            setup=_other_member,
        ),
        "revoke_invitation": Page(
            lambda c: reverse("invitation_revoke", args=[c["invitation"].pk]),
            OWNER_ONLY,
            "post",
            ok=(302,),
            setup=_invitation,
        ),
        "new_organisation": Page(reverse("organisation_create"), ALL_ROLES),
        "password_change": Page(reverse("password_change"), ALL_ROLES),
        "api_tokens": Page(reverse("api_tokens"), ALL_ROLES),
        "api_token_create": Page(reverse("api_tokens"), ALL_ROLES, "post", {"name": "ci"}),
    }
