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


# --- names on one line (issue 11, item 6) -----------------------------------------------------

CRLF_NAME = "Acme\r\nBcc: all@x.example"
CONTROL_MESSAGE = "Line breaks, tabs and other control characters are not allowed here."


def test_creating_an_organisation_with_a_line_break_is_refused(client):
    client.force_login(UserFactory())
    response = client.post(reverse("organisation_create"), {"name": CRLF_NAME})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [CONTROL_MESSAGE]
    assert not Organisation.objects.exists()


def test_renaming_an_organisation_with_a_line_break_is_refused(client, signed_in):
    owner = signed_in(Role.OWNER)
    response = client.post(reverse("organisation_settings"), {"name": CRLF_NAME})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [CONTROL_MESSAGE]
    owner.organisation.refresh_from_db()
    assert "\n" not in owner.organisation.name


def test_services_refuse_control_characters_in_names():
    from core import services

    user = UserFactory()
    with pytest.raises(services.ServiceError):
        services.create_organisation(name=CRLF_NAME, owner=user)
    organisation = MembershipFactory(user=user, role=Role.OWNER).organisation
    with pytest.raises(services.ServiceError):
        services.rename_organisation(organisation=organisation, name="Tab\there", user=None)
    with pytest.raises(services.ServiceError):
        services.sign_up(
            email="x@example.test",
            password="a-long-unusual-passphrase",
            name="Maya\nLead",
            organisation_name="Shop",
        )
    membership = Membership.objects.get(user=user)
    with pytest.raises(services.ServiceError):
        services.create_api_token(membership=membership, name="sync\r\nX")
    assert not Organisation.objects.filter(name__contains="\n").exists()


# --- what the organisation prints in (the ready copy of its reports) -----------------------


def test_owner_sets_the_report_language_and_paper(client, signed_in):
    owner = signed_in(Role.OWNER)
    page = client.get(reverse("organisation_settings")).content.decode()
    assert 'name="language"' in page and 'name="paper_size"' in page
    client.post(
        reverse("organisation_settings"),
        {"name": owner.organisation.name, "language": "ar", "paper_size": "Letter"},
    )
    owner.organisation.refresh_from_db()
    assert (owner.organisation.language, owner.organisation.paper_size) == ("ar", "Letter")


def test_unknown_report_language_or_paper_is_refused(client, signed_in):
    owner = signed_in(Role.OWNER)
    response = client.post(
        reverse("organisation_settings"),
        {"name": "Acme", "language": "xx", "paper_size": "A3"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"language", "paper_size"}
    owner.organisation.refresh_from_db()
    assert (owner.organisation.language, owner.organisation.paper_size) == ("en", "A4")
    from core import services

    for bad in ({"language": "xx"}, {"paper_size": "A3"}):
        with pytest.raises(services.ServiceError):
            services.update_organisation(
                organisation=owner.organisation, user=None, name="Acme", **bad
            )


def test_editor_cannot_change_the_report_settings(client, signed_in):
    editor = signed_in(Role.EDITOR)
    response = client.post(reverse("organisation_settings"), {"name": "Hijack", "language": "fa"})
    assert response.status_code == 403
    editor.organisation.refresh_from_db()
    assert editor.organisation.language == "en"


# --- reminders (issue 16) ---------------------------------------------------------------------


def test_owner_sets_the_notice_reminder_days_and_the_staleness(client, signed_in):
    owner = signed_in(Role.OWNER)
    page = client.get(reverse("organisation_settings")).content.decode()
    assert 'value="120, 90, 30, 7"' in page
    client.post(
        reverse("organisation_settings"),
        {"name": "Acme", "notice_reminder_days": "60; 14 60, 3", "confirmation_stale_days": 90},
    )
    owner.organisation.refresh_from_db()
    assert owner.organisation.notice_reminder_days == [60, 14, 3]
    assert owner.organisation.confirmation_stale_days == 90
    client.post(reverse("organisation_settings"), {"name": "Acme"})  # left out: kept
    owner.organisation.refresh_from_db()
    assert owner.organisation.notice_reminder_days == [60, 14, 3]
    assert owner.organisation.confirmation_stale_days == 90
    client.post(reverse("organisation_settings"), {"name": "Acme", "notice_reminder_days": ""})
    owner.organisation.refresh_from_db()
    assert owner.organisation.notice_reminder_days == []  # no notice reminders


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("30, soon", "“soon” is not a number of days from 1 to 365."),
        ("400", "“400” is not a number of days from 1 to 365."),
        ("1 2 3 4 5 6 7", "Give at most six reminder days."),
    ],
)
def test_bad_reminder_days_are_explained_and_nothing_changes(client, signed_in, value, message):
    owner = signed_in(Role.OWNER)
    response = client.post(
        reverse("organisation_settings"), {"name": "Renamed", "notice_reminder_days": value}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["notice_reminder_days"] == [message]
    owner.organisation.refresh_from_db()
    assert owner.organisation.notice_reminder_days == [120, 90, 30, 7]
    assert owner.organisation.name != "Renamed"
