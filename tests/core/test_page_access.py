"""Every page that exists, for every role: allowed vs refused, and signed-out redirects."""

from django.urls import reverse

from core.models import Role
from core.services import create_api_token
from core.testing.access import ALL_ROLES, Page, PageAccessTests
from core.testing.factories import InvitationFactory, MembershipFactory, OrganisationFactory

OWNER_ONLY = (Role.OWNER,)


def _other_member(membership):
    return {"other": MembershipFactory(organisation=membership.organisation, role=Role.VIEWER)}


def _invitation(membership):
    return {"invitation": InvitationFactory(organisation=membership.organisation)}


def _second_organisation(membership):
    """The member also belongs to another organisation (any role there), to switch to."""
    other = MembershipFactory(user=membership.user, organisation=OrganisationFactory())
    return {"other_organisation": other.organisation}


def _another_owner(membership):
    """So that an owner may leave too (the last owner may not: see test_members)."""
    MembershipFactory(organisation=membership.organisation, role=Role.OWNER)
    return {}


def _own_token(membership):
    token, _secret = create_api_token(membership=membership, name="ci")
    return {"token": token}


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
        "api_token_revoke": Page(
            lambda c: reverse("api_token_revoke", args=[c["token"].pk]),
            ALL_ROLES,
            "post",
            ok=(302,),
            setup=_own_token,
        ),
        "organisation_switch": Page(
            lambda c: reverse("organisation_switch", args=[c["other_organisation"].pk]),
            ALL_ROLES,
            "post",
            ok=(302,),
            setup=_second_organisation,
        ),
        "organisation_leave": Page(
            reverse("organisation_leave"), ALL_ROLES, "post", ok=(302,), setup=_another_owner
        ),
        "password_change_done": Page(reverse("password_change_done"), ALL_ROLES),
        "set_language": Page(
            reverse("set_language"),
            ALL_ROLES,
            "post",
            {"language": "fa", "next": "/"},
            ok=(302,),
            public=True,
        ),
    }


# Core pages that need no organisation role: open to anyone (log-in, sign-up, password
# reset, an invitation's own link) and tested in test_accounts / test_members.
PUBLIC_PAGES = {
    "login",
    "logout",
    "signup",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "invitation_accept",
}
# Names in the matrix that are not URL names (several requests to one URL).
MATRIX_ALIASES = {
    "settings": "organisation_settings",
    "settings_save": "organisation_settings",
    "invite": "member_invite",
    "change_role": "member_role",
    "remove_member": "member_remove",
    "revoke_invitation": "invitation_revoke",
    "new_organisation": "organisation_create",
    "api_token_create": "api_tokens",
}


def test_every_core_page_is_in_the_role_matrix():
    """A new core page must be added to TestCorePages (or declared public) to pass."""
    from core import urls

    covered = {MATRIX_ALIASES.get(name, name) for name in TestCorePages.pages}
    names = {p.name for p in urls.account_patterns + urls.organisation_patterns}
    # The top-level core routes (the rest of urlpatterns is admin, API and assessment).
    names |= {"dashboard", "invitation_accept", "set_language"}
    missing = names - covered - PUBLIC_PAGES
    assert not missing, f"core pages outside the role matrix: {sorted(missing)}"
