"""Organisation switching, creation and the current-organisation fallback."""

import pytest
from django.urls import reverse

from core.models import Membership, Organisation, Role
from core.sessions import SESSION_KEY
from core.testing.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_user_switches_between_organisations(client):
    user = UserFactory()
    first = MembershipFactory(
        user=user, organisation=OrganisationFactory(name="Alpha"), role=Role.EDITOR
    )
    second = MembershipFactory(
        user=user, organisation=OrganisationFactory(name="Beta"), role=Role.VIEWER
    )
    client.force_login(user)
    page = client.get(reverse("dashboard"))
    assert page.context["current_organisation"] == first.organisation
    assert 'data-testid="current-organisation">Alpha<' in page.content.decode()
    response = client.post(reverse("organisation_switch", args=[second.organisation_id]))
    assert response.status_code == 302
    page = client.get(reverse("dashboard"))
    assert page.context["current_organisation"] == second.organisation
    assert page.context["current_membership"].role == Role.VIEWER


def test_switching_to_an_organisation_you_do_not_belong_to_is_404(client):
    user = UserFactory()
    MembershipFactory(user=user)
    stranger = OrganisationFactory()
    client.force_login(user)
    assert client.post(reverse("organisation_switch", args=[stranger.pk])).status_code == 404
    assert client.session.get(SESSION_KEY) != stranger.pk


def test_removed_member_falls_back_to_another_organisation(client):
    user = UserFactory()
    keep = MembershipFactory(user=user, organisation=OrganisationFactory(name="Keep"))
    gone = MembershipFactory(user=user, organisation=OrganisationFactory(name="Gone"))
    client.force_login(user)
    client.post(reverse("organisation_switch", args=[gone.organisation_id]))
    gone.delete()
    assert client.get(reverse("dashboard")).context["current_organisation"] == keep.organisation


def test_user_without_organisation_is_sent_to_create_one(client):
    client.force_login(UserFactory())
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation_create")
    response = client.post(reverse("organisation_create"), {"name": "Fresh Start"})
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Fresh Start")
    assert Membership.objects.get(organisation=organisation).role == Role.OWNER


def test_owner_renames_organisation(client, signed_in):
    owner = signed_in(Role.OWNER)
    client.post(reverse("organisation_settings"), {"name": "New Name"})
    owner.organisation.refresh_from_db()
    assert owner.organisation.name == "New Name"


def test_blank_organisation_name_is_refused(client, signed_in):
    owner = signed_in(Role.OWNER)
    response = client.post(reverse("organisation_settings"), {"name": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors
    owner.organisation.refresh_from_db()
    assert owner.organisation.name != ""
