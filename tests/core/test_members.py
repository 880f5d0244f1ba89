"""Owners invite, change roles and remove; the last owner is protected; tenancy holds."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core import services
from core.models import Invitation, Membership, Role
from core.testing.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_owner_invites_and_sees_copyable_link(
    client, signed_in, django_capture_on_commit_callbacks
):
    owner = signed_in(Role.OWNER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("member_invite"), {"email": "New@Example.test", "role": Role.REVIEWER}
        )
    assert response.status_code == 200
    invitation = Invitation.objects.get(organisation=owner.organisation)
    assert invitation.email == "new@example.test"
    assert invitation.role == Role.REVIEWER
    assert invitation.get_absolute_url() in response.content.decode()
    assert len(mail.outbox) == 1
    assert invitation.get_absolute_url() in mail.outbox[0].body
    assert mail.outbox[0].to == ["new@example.test"]


def test_inviting_an_existing_member_is_explained(client, signed_in):
    owner = signed_in(Role.OWNER)
    other = MembershipFactory(organisation=owner.organisation)
    response = client.post(reverse("member_invite"), {"email": other.user.email, "role": "editor"})
    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert not Invitation.objects.exists()


def test_invalid_invitation_form_is_explained(client, signed_in):
    signed_in(Role.OWNER)
    response = client.post(reverse("member_invite"), {"email": "not-an-email", "role": "boss"})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_accepting_an_invitation_joins_with_the_role(client):
    invitation = InvitationFactory(role=Role.REVIEWER)
    user = UserFactory(email=invitation.email)
    client.force_login(user)
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 302
    membership = Membership.objects.get(user=user, organisation=invitation.organisation)
    assert membership.role == Role.REVIEWER
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    # The new organisation becomes the current one.
    assert (
        client.get(reverse("dashboard")).context["current_organisation"] == invitation.organisation
    )


def test_invitation_is_single_use(client):
    invitation = InvitationFactory()
    user = UserFactory(email=invitation.email)
    client.force_login(user)
    client.post(invitation.get_absolute_url())
    Membership.objects.filter(user=user).delete()
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 400
    assert "already been used" in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()


def test_expired_invitation_is_refused(client):
    invitation = InvitationFactory(expires_at=timezone.now() - timedelta(minutes=1))
    user = UserFactory(email=invitation.email)
    client.force_login(user)
    assert client.get(invitation.get_absolute_url()).status_code == 400
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()


def test_invitation_for_someone_else_is_refused(client):
    invitation = InvitationFactory(email="alice@example.test")
    mallory = UserFactory(email="mallory@example.test")
    client.force_login(mallory)
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 400
    assert "alice@example.test" in response.content.decode()
    assert not Membership.objects.filter(user=mallory).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_withdrawn_invitation_is_refused(client):
    invitation = InvitationFactory()
    services.revoke_invitation(invitation=invitation, user=None)
    user = UserFactory(email=invitation.email)
    client.force_login(user)
    assert client.post(invitation.get_absolute_url()).status_code == 400


def test_unknown_invitation_token_is_404(client):
    assert client.get(reverse("invitation_accept", args=["nope"])).status_code == 404


def test_new_user_signs_up_from_invitation(client):
    invitation = InvitationFactory(email="newbie@example.test", role=Role.VIEWER)
    response = client.post(
        reverse("signup") + f"?invitation={invitation.token}",
        {
            "invitation": invitation.token,
            "name": "New Bie",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="newbie@example.test")
    assert membership.organisation == invitation.organisation
    assert membership.role == Role.VIEWER


def test_last_owner_cannot_be_demoted(client, signed_in):
    owner = signed_in(Role.OWNER)
    response = client.post(reverse("member_role", args=[owner.pk]), {"role": Role.EDITOR})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.role == Role.OWNER
    assert "at least one owner" in client.get(reverse("members")).content.decode()


def test_last_owner_cannot_leave_or_be_removed(client, signed_in):
    owner = signed_in(Role.OWNER)
    client.post(reverse("organisation_leave"))
    client.post(reverse("member_remove", args=[owner.pk]))
    assert Membership.objects.filter(pk=owner.pk).exists()
    with pytest.raises(services.ServiceError):
        services.remove_member(membership=owner)


def test_an_owner_can_step_down_when_another_owner_exists(client, signed_in):
    owner = signed_in(Role.OWNER)
    MembershipFactory(organisation=owner.organisation, role=Role.OWNER)
    client.post(reverse("member_role", args=[owner.pk]), {"role": Role.VIEWER})
    owner.refresh_from_db()
    assert owner.role == Role.VIEWER


@pytest.mark.parametrize("role", Role.values)
def test_every_role_can_leave(client, signed_in, role, organisation):
    MembershipFactory(organisation=organisation, role=Role.OWNER)
    me = signed_in(role, organisation)
    response = client.post(reverse("organisation_leave"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert not Membership.objects.filter(pk=me.pk).exists()


def test_owner_changes_role_and_removes_member(client, signed_in):
    owner = signed_in(Role.OWNER)
    other = MembershipFactory(organisation=owner.organisation, role=Role.VIEWER)
    client.post(reverse("member_role", args=[other.pk]), {"role": Role.EDITOR})
    other.refresh_from_db()
    assert other.role == Role.EDITOR
    client.post(reverse("member_remove", args=[other.pk]))
    assert not Membership.objects.filter(pk=other.pk).exists()


def test_removing_or_leaving_in_the_pages_revokes_the_members_tokens(client, signed_in):
    """Issue 11, item 3: the web paths (remove, leave) revoke the member's API tokens."""
    owner = signed_in(Role.OWNER)
    removed = MembershipFactory(organisation=owner.organisation, role=Role.EDITOR)
    removed_token, _ = services.create_api_token(membership=removed, name="sync")
    client.post(reverse("member_remove", args=[removed.pk]))
    removed_token.refresh_from_db()
    assert removed_token.revoked_at is not None

    leaver = MembershipFactory(organisation=owner.organisation, role=Role.VIEWER)
    leaver_token, _ = services.create_api_token(membership=leaver, name="sync")
    client.force_login(leaver.user)
    client.post(reverse("organisation_leave"))
    assert not Membership.objects.filter(pk=leaver.pk).exists()
    leaver_token.refresh_from_db()
    assert leaver_token.revoked_at is not None


@pytest.mark.parametrize("role", Role.values)
def test_other_organisations_members_and_invitations_are_404(client, signed_in, role):
    """Another organisation's member or invitation is a 404 for every role, even one that
    could not act on it anyway (a 403 would confirm that it exists)."""
    signed_in(role)
    foreign = OrganisationFactory()
    foreign_member = MembershipFactory(organisation=foreign, role=Role.VIEWER)
    foreign_invitation = InvitationFactory(organisation=foreign)
    requests = {
        "member_role": (reverse("member_role", args=[foreign_member.pk]), {"role": "owner"}),
        "member_remove": (reverse("member_remove", args=[foreign_member.pk]), {}),
        "invitation_revoke": (reverse("invitation_revoke", args=[foreign_invitation.pk]), {}),
    }
    for name, (url, data) in requests.items():
        assert client.post(url, data).status_code == 404, (name, role)
    foreign_member.refresh_from_db()
    assert foreign_member.role == Role.VIEWER
    assert Invitation.objects.get(pk=foreign_invitation.pk).revoked_at is None


@pytest.mark.parametrize("role", [Role.EDITOR, Role.REVIEWER, Role.VIEWER])
def test_own_organisations_members_and_invitations_are_403_for_other_roles(client, signed_in, role):
    """The same requests on one's own organisation's objects: refused by role (403)."""
    me = signed_in(role)
    other = MembershipFactory(organisation=me.organisation, role=Role.VIEWER)
    invitation = InvitationFactory(organisation=me.organisation)
    assert (
        client.post(reverse("member_role", args=[other.pk]), {"role": "owner"}).status_code == 403
    )
    assert client.post(reverse("member_remove", args=[other.pk])).status_code == 403
    assert client.post(reverse("invitation_revoke", args=[invitation.pk])).status_code == 403
    other.refresh_from_db()
    assert other.role == Role.VIEWER
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


def test_members_page_lists_only_own_organisation(client, signed_in):
    me = signed_in(Role.VIEWER)
    mine = MembershipFactory(organisation=me.organisation)
    theirs = MembershipFactory()
    content = client.get(reverse("members")).content.decode()
    assert mine.user.email in content
    assert theirs.user.email not in content


def test_changing_a_member_who_already_left_is_explained():
    owner = MembershipFactory(role=Role.OWNER)
    gone = MembershipFactory(organisation=owner.organisation, role=Role.EDITOR)
    Membership.objects.filter(pk=gone.pk).delete()
    with pytest.raises(services.ServiceError, match="no longer a member"):
        services.change_role(membership=gone, role=Role.VIEWER)
    with pytest.raises(services.ServiceError, match="no longer a member"):
        services.remove_member(membership=gone)
