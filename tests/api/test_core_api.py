"""API foundations: token authentication, organisation scoping, roles, one error body."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core import services
from core.models import ApiToken, Membership, Organisation, Role
from core.testing.access import ALL_ROLES
from core.testing.api import APITestCases, api_client_for
from core.testing.factories import MembershipFactory, OrganisationFactory
from tests.questionnaire.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


# --- the per-role matrix: organisations and members -----------------------------------------


class TestOrganisationAPI(APITestCases.ReadOnly):
    """The token's (or the session's) organisation only."""

    basename = "api-organisation"
    model = Organisation
    roles = {"view": ALL_ROLES}

    def make_object(self, organisation):
        return organisation


class TestMembershipAPI(
    APITestCases.List, APITestCases.Retrieve, APITestCases.Update, APITestCases.Delete
):
    """Everyone sees the members; owners change roles (PUT or PATCH) and remove them."""

    basename = "api-member"
    model = Membership
    roles = {"view": ALL_ROLES, "change": ("owner",), "delete": ("owner",)}
    update_methods = ("put", "patch")

    def make_object(self, organisation):
        return MembershipFactory(organisation=organisation, role=Role.VIEWER)

    def update_data(self, obj):
        return {"role": Role.EDITOR}


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
    services.revoke_api_token(token=row, user=None)
    response = client.get(reverse("api-member-list"))
    assert response.status_code == 401
    assert "revoked" in response.json()["error"]["message"]


def test_token_of_a_removed_member_is_refused():
    membership = MembershipFactory(role=Role.EDITOR)
    MembershipFactory(organisation=membership.organisation, role=Role.OWNER)
    client, _row, _ = token_client(membership)
    membership.delete()  # not through the service: the token is refused all the same
    response = client.get(reverse("api-member-list"))
    assert response.status_code == 401
    assert "revoked" in response.json()["error"]["message"]


def _reinvite(membership, role):
    invitation = services.invite(
        organisation=membership.organisation,
        email=membership.user.email,
        role=role,
        invited_by=None,
    )
    return services.accept_invitation(invitation=invitation, user=membership.user)


@pytest.mark.parametrize("how", ["removed", "left", "removed-by-api"])
def test_old_token_stays_dead_when_a_removed_member_is_invited_again(how):
    """Issue 11, item 3: removal (or leaving) revokes; re-joining does not revive."""
    owner = MembershipFactory(role=Role.OWNER)
    membership = MembershipFactory(organisation=owner.organisation, role=Role.VIEWER)
    client, row, _ = token_client(membership)
    other_org = MembershipFactory(user=membership.user)  # the same person elsewhere
    _client2, other_row, _ = token_client(other_org)
    assert client.get(reverse("api-member-list")).status_code == 200
    if how == "removed-by-api":
        owner_client, _r, _t = token_client(owner)
        response = owner_client.delete(reverse("api-member-detail", args=[membership.pk]))
        assert response.status_code == 204
    else:
        # The owner removes the member in the page, or the member leaves.
        services.remove_member(membership=membership)
    row.refresh_from_db()
    assert row.revoked_at is not None
    other_row.refresh_from_db()
    assert other_row.revoked_at is None  # only this organisation's tokens

    _reinvite(membership, Role.OWNER)
    response = client.get(reverse("api-member-list"))
    assert response.status_code == 401
    assert response.json()["error"]["status"] == 401


def test_old_token_is_refused_after_rejoining_even_if_never_revoked():
    """Rows deleted around the service (admin, shell) leave an active token behind."""
    owner = MembershipFactory(role=Role.OWNER)
    membership = MembershipFactory(organisation=owner.organisation, role=Role.VIEWER)
    client, row, _ = token_client(membership)
    membership.delete()
    _reinvite(membership, Role.EDITOR)
    row.refresh_from_db()
    assert row.revoked_at is None
    assert client.get(reverse("api-member-list")).status_code == 401
    # A token made after re-joining works.
    new_membership = Membership.objects.get(user=membership.user, organisation=owner.organisation)
    new_client, _row, _ = token_client(new_membership)
    assert new_client.get(reverse("api-member-list")).status_code == 200


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


# --- one error body for what DRF and Django refuse before a view runs ---------------------

DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize(
    "method,url,kwargs,status,code",
    [
        (
            "post",
            "/api/v1/tools/",
            {"data": b'{"name": ', "content_type": JSON},
            400,
            "parse_error",
        ),
        (
            "post",
            "/api/v1/tools/",
            {"data": b'{"a": NaN}', "content_type": JSON},
            400,
            "parse_error",
        ),
        ("post", "/api/v1/tools/", {"data": DEEP, "content_type": JSON}, 400, "parse_error"),
        ("post", "/api/v1/tools/import/", {"data": DEEP, "content_type": JSON}, 400, "parse_error"),
        (
            "post",
            "/api/v1/tools/import/",
            {"data": b"x", "content_type": "multipart/form-data"},
            400,
            "parse_error",
        ),
        (
            "post",
            "/api/v1/tools/",
            {"data": b"name=x", "content_type": "application/x-www-form-urlencoded"},
            415,
            "unsupported_media_type",
        ),
        ("POST", "/api/v1/tools/", {"data": b"{}", "content_type": ""}, 415, None),
        ("post", "/api/v1/tools/import/", {"data": b"a,b", "content_type": "text/csv"}, 415, None),
        ("get", "/api/v1/tools/?page=99999999999999999999999", {}, 404, "not_found"),
        ("get", "/api/v1/tools/?page=0", {}, 404, "not_found"),
        ("get", "/api/v1/tools/?page=abc", {}, 404, "not_found"),
        ("get", "/api/v1/tools/?page=2", {}, 404, "not_found"),
        ("get", "/api/v1/tools/99999999999999999999999/", {}, 404, "not_found"),
        ("get", "/api/v1/nothing-here/", {}, 404, "not_found"),
        ("delete", "/api/v1/tools/", {}, 405, "method_not_allowed"),
        (
            "put",
            "/api/v1/assessments/{assessment}/",
            {"data": b"{}", "content_type": JSON},
            405,
            None,
        ),
        ("get", "/api/v1/tools/", {"HTTP_ACCEPT": "application/xml"}, 406, "not_acceptable"),
    ],
)
def test_refused_requests_get_the_one_error_body(method, url, kwargs, status, code):
    client, membership = api_client_for("editor")
    url = url.format(assessment=AssessmentFactory(organisation=membership.organisation).pk)
    if method.isupper():  # the test client's helpers always send some content type
        response = client.generic(method, url, **kwargs)
    else:
        response = getattr(client, method)(url, **kwargs)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == JSON
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code


@pytest.mark.parametrize(
    "url",
    ["/api/v1/tools/", "/api/v1/tools/import/", "/api/v1/assessments/{assessment}/answers/bulk/"],
)
def test_a_body_over_the_upload_limit_is_413_in_the_error_body(url, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client, membership = api_client_for("editor")
    url = url.format(assessment=AssessmentFactory(organisation=membership.organisation).pk)
    response = client.post(url, {"rows": [{"Tool": "x" * 2000}]}, format="json")
    assert response.status_code == 413, response.content[:300]
    assert response.json()["error"] == {
        "status": 413,
        "code": "request_too_large",
        "message": "The request body is too large.",
        "fields": {},
    }


def test_too_many_query_parameters_is_a_400_in_the_error_body(settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    client, _membership = api_client_for("viewer")
    query = "&".join(f"p{n}=1" for n in range(20))
    response = client.get(f"/api/v1/tools/?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "too_many_fields"


def test_the_schema_documents_413_where_a_body_is_read():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert "413" in paths["/api/v1/tools/"]["post"]["responses"]
    assert "413" in paths["/api/v1/tools/import/"]["post"]["responses"]
    assert "413" not in paths["/api/v1/tools/"]["get"]["responses"]
    accept = paths["/api/v1/assessments/{assessment_pk}/roadmap/{id}/accept/"]["post"]
    assert "413" not in accept["responses"]


@pytest.mark.parametrize("role", Role.values)
def test_the_api_root_lists_the_endpoints_for_every_role(role):
    client, _row, _ = token_client(MembershipFactory(role=role))
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response.json()["tools"].endswith("/api/v1/tools/")


def test_the_api_root_needs_a_token_or_a_session():
    response = APIClient().get("/api/v1/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_read_only_choices_that_may_be_blank_document_the_blank_value():
    """A manual roadmap item has no quadrant (""): the schema must allow it."""
    from drf_spectacular.generators import SchemaGenerator

    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    quadrant = schemas["RoadmapItem"]["properties"]["quadrant"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in quadrant["oneOf"]
    assert quadrant["readOnly"] is True


def test_a_patch_without_a_role_changes_nothing():
    owner = MembershipFactory(role=Role.OWNER)
    other = MembershipFactory(organisation=owner.organisation, role=Role.VIEWER)
    client, _row, _ = token_client(owner)
    response = client.patch(reverse("api-member-detail", args=[other.pk]), {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["role"] == Role.VIEWER
    other.refresh_from_db()
    assert other.role == Role.VIEWER


def test_writes_answering_with_a_list_document_no_filters():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    reorder = paths["/api/v1/assessments/{assessment_pk}/roadmap/reorder/"]["post"]
    assert [p["name"] for p in reorder["parameters"] if p["in"] == "query"] == []
    listed = paths["/api/v1/assessments/{assessment_pk}/roadmap/"]["get"]
    assert "step" in [p["name"] for p in listed["parameters"] if p["in"] == "query"]
