"""Generic per-role API tests (after NetBox's APIViewTestCases).

    class TestToolAPI(APITestCases.AllEndpoints):
        basename = "api-tool"                    # router basename
        model = Tool
        roles = {"view": ALL_ROLES, "add": ("owner", "editor"), ...}

        def make_object(self, organisation): ...
        def create_data(self, organisation) -> dict: ...
        def update_data(self, obj) -> dict: ...

Every endpoint × role becomes a test, with a bearer token of that role; another
organisation's object is 404 on every detail route, for every role.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core import services
from core.testing.access import ALL_ROLES
from core.testing.factories import MembershipFactory, OrganisationFactory

role_param = pytest.mark.parametrize("role", ALL_ROLES)


def api_client_for(role: str, organisation=None):
    """An APIClient authenticated by a fresh token of a member with `role`."""
    membership = MembershipFactory(role=role, organisation=organisation or OrganisationFactory())
    _row, token = services.create_api_token(membership=membership, name="tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client, membership


class _Base:
    basename = ""
    model = None
    roles: dict[str, tuple[str, ...]] = {}

    def make_object(self, organisation):
        raise AssertionError(f"{type(self).__name__} must define make_object()")

    def create_data(self, organisation) -> dict:
        return {}

    def update_data(self, obj) -> dict:
        return {}

    def list_args(self, organisation) -> list:
        """Path arguments of the list route (nested routes: the parent's id)."""
        return []

    def detail_args(self, obj) -> list:
        return [obj.pk]

    def list_url(self, organisation=None) -> str:
        return reverse(f"{self.basename}-list", args=self.list_args(organisation))

    def detail_url(self, obj) -> str:
        return reverse(f"{self.basename}-detail", args=self.detail_args(obj))

    def action_url(self, obj, name: str) -> str:
        return reverse(f"{self.basename}-{name}", args=self.detail_args(obj))

    def allowed(self, verb: str, role: str) -> bool:
        return role in self.roles.get(verb, ())

    def assert_error_body(self, response, status: int) -> None:
        assert response.status_code == status, response.content[:1000]
        assert response.json()["error"]["status"] == status


class APITestCases:
    class List(_Base):
        @role_param
        @pytest.mark.django_db
        def test_list(self, role):
            client, membership = api_client_for(role)
            mine = self.make_object(membership.organisation)
            foreign = self.make_object(OrganisationFactory())
            response = client.get(self.list_url(membership.organisation))
            if self.allowed("view", role):
                assert response.status_code == 200
                ids = {row["id"] for row in response.json()["results"]}
                assert mine.pk in ids and foreign.pk not in ids
            else:
                self.assert_error_body(response, 403)

    class Retrieve(_Base):
        @role_param
        @pytest.mark.django_db
        def test_retrieve(self, role):
            client, membership = api_client_for(role)
            obj = self.make_object(membership.organisation)
            response = client.get(self.detail_url(obj))
            if self.allowed("view", role):
                assert response.status_code == 200
                assert response.json()["id"] == obj.pk
            else:
                self.assert_error_body(response, 403)

        @role_param
        @pytest.mark.django_db
        def test_retrieve_other_organisation_is_404(self, role):
            client, _membership = api_client_for(role)
            foreign = self.make_object(OrganisationFactory())
            self.assert_error_body(client.get(self.detail_url(foreign)), 404)

    class Create(_Base):
        @role_param
        @pytest.mark.django_db
        def test_create(self, role):
            client, membership = api_client_for(role)
            organisation = membership.organisation
            before = self.model.objects.for_organisation(organisation).count()
            response = client.post(
                self.list_url(organisation), self.create_data(organisation), format="json"
            )
            after = self.model.objects.for_organisation(organisation).count()
            if self.allowed("add", role):
                assert response.status_code == 201, response.content[:2000]
                assert after == before + 1
            else:
                self.assert_error_body(response, 403)
                assert after == before

    class Update(_Base):
        @role_param
        @pytest.mark.django_db
        def test_update(self, role):
            client, membership = api_client_for(role)
            obj = self.make_object(membership.organisation)
            response = client.patch(self.detail_url(obj), self.update_data(obj), format="json")
            if self.allowed("change", role):
                assert response.status_code == 200, response.content[:2000]
            else:
                self.assert_error_body(response, 403)

        @role_param
        @pytest.mark.django_db
        def test_update_other_organisation_is_404(self, role):
            client, _membership = api_client_for(role)
            foreign = self.make_object(OrganisationFactory())
            response = client.patch(
                self.detail_url(foreign), self.update_data(foreign), format="json"
            )
            self.assert_error_body(response, 404)

    class Delete(_Base):
        @role_param
        @pytest.mark.django_db
        def test_delete(self, role):
            client, membership = api_client_for(role)
            obj = self.make_object(membership.organisation)
            response = client.delete(self.detail_url(obj))
            exists = self.model.objects.filter(pk=obj.pk).exists()
            if self.allowed("delete", role):
                assert response.status_code == 204
                assert not exists
            else:
                self.assert_error_body(response, 403)
                assert exists

        @role_param
        @pytest.mark.django_db
        def test_delete_other_organisation_is_404(self, role):
            client, _membership = api_client_for(role)
            foreign = self.make_object(OrganisationFactory())
            self.assert_error_body(client.delete(self.detail_url(foreign)), 404)
            assert self.model.objects.filter(pk=foreign.pk).exists()

    class DetailActions(_Base):
        """Custom actions on one object: `detail_actions` maps the route's name to
        (HTTP method, the verb in `roles`, the request body or None). An allowed role gets a
        2xx, another a 403; another organisation's object is a 404 for every role."""

        detail_actions: dict[str, tuple[str, str, dict | None]] = {}

        def call_action(self, client, obj, name):
            method, _verb, data = self.detail_actions[name]
            return getattr(client, method)(self.action_url(obj, name), data, format="json")

        @role_param
        @pytest.mark.django_db
        def test_detail_actions(self, role):
            client, membership = api_client_for(role)
            for name, (_method, verb, _data) in self.detail_actions.items():
                obj = self.make_object(membership.organisation)
                response = self.call_action(client, obj, name)
                if self.allowed(verb, role):
                    assert 200 <= response.status_code < 300, (name, response.content[:2000])
                else:
                    self.assert_error_body(response, 403)

        @role_param
        @pytest.mark.django_db
        def test_detail_actions_other_organisation_is_404(self, role):
            client, _membership = api_client_for(role)
            foreign = self.make_object(OrganisationFactory())
            for name in self.detail_actions:
                self.assert_error_body(self.call_action(client, foreign, name), 404)

    class ReadOnly(List, Retrieve):
        pass

    class AllEndpoints(List, Retrieve, Create, Update, Delete):
        pass
