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
