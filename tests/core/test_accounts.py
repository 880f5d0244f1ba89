"""Sign-up, e-mail log-in, throttling, password change and reset."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from core.models import Membership, Role, User
from core.testing.factories import TEST_PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


def test_sign_up_creates_user_and_organisation(client):
    response = client.post(
        reverse("signup"),
        {
            "name": "Maya Lead",
            "email": "Maya@Example.test",
            "organisation_name": "Maya's Shop",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="maya@example.test")
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.OWNER
    assert membership.organisation.name == "Maya's Shop"
    assert client.get(reverse("dashboard")).status_code == 200


def test_sign_up_errors_are_explained_and_nothing_is_created(client):
    MembershipFactory(user__email="taken@example.test")
    response = client.post(
        reverse("signup"),
        {
            "name": "X",
            "email": "taken@example.test",
            "organisation_name": "",
            "password1": "short",
            "password2": "different",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"email", "organisation_name", "password2"} <= set(errors)
    assert User.objects.count() == 1


def test_sign_up_refuses_line_breaks_in_names(client):
    """Issue 11, item 6: names with CR/LF broke every invitation e-mail afterwards."""
    response = client.post(
        reverse("signup"),
        {
            "name": "Maya\r\nLead",
            "email": "maya@example.test",
            "organisation_name": "Maya's\r\nBcc: all@x.example",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    message = "Line breaks, tabs and other control characters are not allowed here."
    assert errors["name"] == [message]
    assert errors["organisation_name"] == [message]
    assert not User.objects.exists()


def test_login_with_email_and_password(client):
    membership = MembershipFactory(user__email="ivan@example.test")
    response = client.post(
        reverse("login"), {"username": "IVAN@example.test", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).context["current_membership"] == membership


def test_failed_logins_are_throttled(client, settings):
    MembershipFactory(user__email="target@example.test")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(
            reverse("login"), {"username": "target@example.test", "password": "wrong"}
        )
        assert response.status_code == 200
    response = client.post(
        reverse("login"), {"username": "target@example.test", "password": "wrong"}
    )
    assert response.status_code == 429
    # Even the right password is refused while locked out.
    response = client.post(
        reverse("login"), {"username": "target@example.test", "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_throttling_counts_per_account_whatever_the_letter_case(client, settings):
    """Five bad passwords for a@x.example lock A@x.example out too (issue 11, item 1)."""
    MembershipFactory(user__email="a@x.example")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "a@x.example", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "A@x.example", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_guesses_spread_over_case_variants_are_locked_out(client, settings):
    MembershipFactory(user__email="a@x.example")
    variants = ["a@x.example", "A@x.example", "a@X.example", " A@X.EXAMPLE ", "a@x.EXAMPLE"]
    statuses = [
        client.post(reverse("login"), {"username": variant, "password": "wrong"}).status_code
        for variant in variants[: settings.AXES_FAILURE_LIMIT]
    ]
    assert statuses[-1] == 429
    for variant in variants:
        response = client.post(reverse("login"), {"username": variant, "password": TEST_PASSWORD})
        assert response.status_code == 429, variant
    assert "_auth_user_id" not in client.session


def test_admin_login_shares_the_case_folded_throttle(client, settings):
    MembershipFactory(user__email="boss@x.example", user__is_staff=True)
    url = reverse("admin:login")
    for index in range(settings.AXES_FAILURE_LIMIT):
        email = "boss@x.example".upper() if index % 2 else "Boss@X.example"
        client.post(url, {"username": email, "password": "wrong"})
    response = client.post(url, {"username": "BOSS@x.example", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_throttle_key_folds_every_spelling_of_one_address():
    from core.security import throttle_key

    key = throttle_key("sam@x.example")
    # Letter case, padding, and the long s (which PostgreSQL's UPPER() folds into S).
    for spelling in ["SAM@X.EXAMPLE", " Sam@x.example\n", "\u017fam@x.example"]:
        assert throttle_key(spelling) == key
    assert throttle_key("\u212aim@x.example") == throttle_key("kim@x.example")  # Kelvin sign
    assert throttle_key("sam@x.exampl\u0435") != key  # a Cyrillic e: another address


def test_successful_login_resets_the_count_for_every_spelling(client, settings):
    MembershipFactory(user__email="reset@x.example")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("login"), {"username": "RESET@x.example", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "reset@X.example", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    client.post(reverse("logout"))
    # The four failures were forgotten: four more are still allowed.
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(
            reverse("login"), {"username": "Reset@x.example", "password": "wrong"}
        )
        assert response.status_code == 200


def test_emails_are_stored_in_one_canonical_form():
    user = User.objects.create_user(email="  Mixed.Case@Example.TEST ", password=TEST_PASSWORD)
    assert user.email == "mixed.case@example.test"
    user.email = "Other@Example.TEST"
    user.save()
    user.refresh_from_db()
    assert user.email == "other@example.test"


def test_logout_requires_post_and_signs_out(client, signed_in):
    signed_in(Role.VIEWER)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


def test_password_change(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "another-long-passphrase",
            "new_password2": "another-long-passphrase",
        },
    )
    assert response.status_code == 302
    membership.user.refresh_from_db()
    assert membership.user.check_password("another-long-passphrase")


def test_password_reset_by_email(client):
    membership = MembershipFactory(user__email="forgetful@example.test")
    client.post(reverse("password_reset"), {"email": "forgetful@example.test"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "brand-new-passphrase", "new_password2": "brand-new-passphrase"}
    )
    assert response.status_code == 302
    membership.user.refresh_from_db()
    assert membership.user.check_password("brand-new-passphrase")
