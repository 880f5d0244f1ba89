"""API tokens in the UI: create (shown once), list with last use, revoke; own tokens only."""

import pytest
from django.urls import reverse

from core import services
from core.models import ApiToken, Role
from core.testing.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", Role.values)
def test_every_role_creates_and_revokes_own_tokens(client, signed_in, role):
    membership = signed_in(role)
    response = client.post(reverse("api_tokens"), {"name": "Nightly sync"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=membership.user)
    shown = response.context["new_token"]
    assert token.matches(shown)
    assert shown in response.content.decode()
    # The full token is never shown again.
    assert shown not in client.get(reverse("api_tokens")).content.decode()
    client.post(reverse("api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_blank_name_is_refused(client, signed_in):
    signed_in(Role.VIEWER)
    response = client.post(reverse("api_tokens"), {"name": " "})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_someone_elses_token_is_404(client, signed_in):
    me = signed_in(Role.OWNER)
    colleague = MembershipFactory(organisation=me.organisation)
    row, _ = services.create_api_token(membership=colleague, name="theirs")
    assert client.post(reverse("api_token_revoke", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None
