"""API foundations: token authentication, organisation scoping, roles, one error body."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core import services
from core.models import ApiToken, Membership, Role
from core.testing.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def token_client(membership) -> tuple[APIClient, ApiToken, str]:
    row, token = services.create_api_token(membership=membership, name="script")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client, row, token


def test_token_is_stored_hashed_and_shown_once():
    membership = MembershipFactory()
    row, token = services.create_api_token(membership=membership, name="sync")
    assert token.startswith("ssk_")
    assert token not in row.key_hash
    assert not ApiToken.objects.filter(key_hash=token).exists()


def test_token_authenticates_in_its_organisation_and_records_last_use():
    membership = MembershipFactory(role=Role.VIEWER)
    MembershipFactory(user=membership.user)  # another organisation of the same user
    client, row, _token = token_client(membership)
    response = client.get(reverse("api-organisation-list"))
    assert response.status_code == 200
    assert [o["id"] for o in response.json()["results"]] == [membership.organisation_id]
    row.refresh_from_db()
    assert row.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    ["Bearer ssk_nope_nope", "Bearer not-a-token", "Bearer ", "Basic abc", "Bearer ssk_"],
)
def test_bad_tokens_are_refused_with_the_error_body(header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(reverse("api-member-list"))
    assert response.status_code in (401, 403)
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == response.status_code
    assert body["error"]["message"]


def test_revoked_token_is_refused():
    membership = MembershipFactory()
    client, row, _ = token_client(membership)
    services.revoke_api_token(token=row)
    response = client.get(reverse("api-member-list"))
    assert response.status_code == 401
    assert "revoked" in response.json()["error"]["message"]


def test_token_of_a_removed_member_is_refused():
    membership = MembershipFactory(role=Role.EDITOR)
    MembershipFactory(organisation=membership.organisation, role=Role.OWNER)
    client, _row, _ = token_client(membership)
    membership.delete()
    assert client.get(reverse("api-member-list")).status_code == 403


def test_members_of_other_organisations_are_404():
    membership = MembershipFactory(role=Role.OWNER)
    foreign = MembershipFactory(organisation=OrganisationFactory())
    client, _row, _ = token_client(membership)
    assert client.get(reverse("api-member-detail", args=[foreign.pk])).status_code == 404
    response = client.patch(
        reverse("api-member-detail", args=[foreign.pk]), {"role": "viewer"}, format="json"
    )
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


@pytest.mark.parametrize("role", Role.values)
def test_only_owners_change_roles(role):
    membership = MembershipFactory(role=role)
    other = MembershipFactory(organisation=membership.organisation, role=Role.VIEWER)
    client, _row, _ = token_client(membership)
    assert client.get(reverse("api-member-list")).status_code == 200
    response = client.patch(
        reverse("api-member-detail", args=[other.pk]), {"role": "editor"}, format="json"
    )
    other.refresh_from_db()
    if role == Role.OWNER:
        assert response.status_code == 200
        assert other.role == Role.EDITOR
    else:
        assert response.status_code == 403
        assert other.role == Role.VIEWER


def test_last_owner_rule_holds_in_the_api():
    owner = MembershipFactory(role=Role.OWNER)
    client, _row, _ = token_client(owner)
    response = client.patch(
        reverse("api-member-detail", args=[owner.pk]), {"role": "viewer"}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "owner" in " ".join(error["fields"]["non_field_errors"])
    assert client.delete(reverse("api-member-detail", args=[owner.pk])).status_code == 400
    assert Membership.objects.filter(pk=owner.pk, role=Role.OWNER).exists()


def test_invalid_field_gets_field_errors():
    owner = MembershipFactory(role=Role.OWNER)
    other = MembershipFactory(organisation=owner.organisation)
    client, _row, _ = token_client(owner)
    response = client.patch(
        reverse("api-member-detail", args=[other.pk]), {"role": "emperor"}, format="json"
    )
    assert response.status_code == 400
    assert "role" in response.json()["error"]["fields"]


def test_session_auth_uses_the_current_organisation(client):
    membership = MembershipFactory(role=Role.VIEWER)
    client.force_login(membership.user)
    response = client.get(reverse("api-organisation-list"))
    assert response.status_code == 200
    assert response.json()["results"][0]["slug"] == membership.organisation.slug


def test_last_use_is_written_at_most_once_a_minute():
    membership = MembershipFactory()
    client, row, _ = token_client(membership)
    client.get(reverse("api-organisation-list"))
    row.refresh_from_db()
    first = row.last_used_at
    client.get(reverse("api-organisation-list"))
    row.refresh_from_db()
    assert row.last_used_at == first
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=first - timedelta(minutes=5))
    client.get(reverse("api-organisation-list"))
    row.refresh_from_db()
    assert row.last_used_at > first - timedelta(minutes=5)
    assert row.last_used_at <= timezone.now()


def test_schema_and_docs_are_served(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    schema = client.get(reverse("api-schema"))
    assert schema.status_code == 200
    assert b"/api/v1/members/" in schema.content
    assert client.get(reverse("api-docs")).status_code == 200


def test_openapi_schema_validates_without_warnings(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/organisations/" in target.read_text()
