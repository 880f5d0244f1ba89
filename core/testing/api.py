"""Generic per-role API tests (after NetBox's APIViewTestCases).

    class TestToolAPI(APITestCases.AllEndpoints, APITestCases.ListActions):
        basename = "api-tool"                    # router basename
        model = Tool
        roles = {"view": ALL_ROLES, "add": ("owner", "editor"), ...}
        list_actions = {"import": Action("post", "add", {"rows": [{"Tool": "CRM"}]})}

        def make_object(self, organisation): ...
        def create_data(self, organisation) -> dict: ...
        def update_data(self, obj) -> dict: ...

Every endpoint × role becomes a test, with a bearer token of that role: an allowed role
gets a 2xx, another a 403 and nothing changes; another organisation's object is a 404 on
every detail route, for every role, and nothing changes. Routes under another object
(`assessments/{assessment_pk}/…`) add `Nested`: another organisation's parent is a 404 on
the list, on adding and on every collection action. `matrix_gaps()` lists the router's
routes that no test class covers (tests/api/test_matrix.py fails on any).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

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


@dataclass(frozen=True)
class Action:
    """A custom route, checked per role: `verb` is the key in `roles` naming who may;
    `data` is the body, or a callable `data(test_case, target)` returning it (the target is
    the object for detail actions, the organisation for collection actions); `route` is
    the route's name after the basename when the key in the declaration is only a label
    (two bodies for one route, e.g. answers of two steps)."""

    method: str = "post"
    verb: str = "change"
    data: Any = None
    route: str | None = None


def _actions(declared: dict) -> dict[str, Action]:
    """{label: Action}; the older (method, verb, data) tuples are still accepted."""
    out = {}
    for label, spec in declared.items():
        action = spec if isinstance(spec, Action) else Action(*spec)
        out[label] = action if action.route else Action(**{**vars(action), "route": label})
    return out


class _Base:
    basename = ""
    model = None
    roles: dict[str, tuple[str, ...]] = {}
    #: The member of a response naming the object, and the attribute it comes from.
    id_field = "id"
    id_attribute = "pk"
    #: Methods the detail route changes the object with (PUT only where it is allowed).
    update_methods: tuple[str, ...] = ("patch",)
    detail_actions: dict[str, Action | tuple] = {}
    list_actions: dict[str, Action | tuple] = {}

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

    def list_action_url(self, organisation, name: str) -> str:
        return reverse(f"{self.basename}-{name}", args=self.list_args(organisation))

    def object_id(self, obj):
        return getattr(obj, self.id_attribute)

    def allowed(self, verb: str, role: str) -> bool:
        return role in self.roles.get(verb, ())

    def assert_error_body(self, response, status: int) -> None:
        assert response.status_code == status, response.content[:1000]
        assert response.json()["error"]["status"] == status

    # -- what a refused request must leave as it was -------------------------------------
    @staticmethod
    def row_state(obj) -> dict | None:
        return type(obj)._default_manager.filter(pk=obj.pk).values().first()

    def collection_state(self, organisation) -> list:
        """The organisation's rows of `model` (a refused collection action changes none)."""
        if self.model is None:
            return []
        rows = self.model._default_manager.filter(organisation=organisation)
        return list(rows.order_by("pk").values())

    def body(self, action: Action, target):
        return action.data(self, target) if callable(action.data) else action.data

    # -- the routes this class covers, for matrix_gaps() ----------------------------------
    def routes(self) -> set[tuple[str, str]]:
        mixins = APITestCases
        detail, listed = f"{self.basename}-detail", f"{self.basename}-list"
        out = set()
        if isinstance(self, mixins.List):
            out.add((listed, "get"))
        if isinstance(self, mixins.Create):
            out.add((listed, "post"))
        if isinstance(self, mixins.Retrieve):
            out.add((detail, "get"))
        if isinstance(self, mixins.Update):
            out.update((detail, method) for method in self.update_methods)
        if isinstance(self, mixins.Delete):
            out.add((detail, "delete"))
        if isinstance(self, mixins.DetailActions):
            for action in _actions(self.detail_actions).values():
                out.add((f"{self.basename}-{action.route}", action.method))
        if isinstance(self, mixins.ListActions):
            for action in _actions(self.list_actions).values():
                out.add((f"{self.basename}-{action.route}", action.method))
        return out


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
                ids = {row[self.id_field] for row in response.json()["results"]}
                assert self.object_id(mine) in ids
                if self.id_field == "id":  # natural keys (question keys) repeat across tenants
                    assert self.object_id(foreign) not in ids
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
                assert response.json()[self.id_field] == self.object_id(obj)
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
            data = self.create_data(organisation)
            before = self.model.objects.for_organisation(organisation).count()
            response = client.post(self.list_url(organisation), data, format="json")
            after = self.model.objects.for_organisation(organisation).count()
            if self.allowed("add", role):
                assert response.status_code == 201, response.content[:2000]
                assert after == before + 1
            else:
                self.assert_error_body(response, 403)
                assert after == before

    class Update(_Base):
        def send_update(self, client, method: str, obj):
            return getattr(client, method)(
                self.detail_url(obj), self.update_data(obj), format="json"
            )

        @role_param
        @pytest.mark.django_db
        def test_update(self, role):
            client, membership = api_client_for(role)
            for method in self.update_methods:
                obj = self.make_object(membership.organisation)
                before = self.row_state(obj)
                response = self.send_update(client, method, obj)
                if self.allowed("change", role):
                    assert response.status_code == 200, (method, response.content[:2000])
                else:
                    self.assert_error_body(response, 403)
                    assert self.row_state(obj) == before, method

        @role_param
        @pytest.mark.django_db
        def test_update_other_organisation_is_404(self, role):
            client, _membership = api_client_for(role)
            foreign = self.make_object(OrganisationFactory())
            before = self.row_state(foreign)
            for method in self.update_methods:
                self.assert_error_body(self.send_update(client, method, foreign), 404)
            assert self.row_state(foreign) == before

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
        """Custom actions on one object: `detail_actions` maps the route's name to an
        `Action` (or a (method, verb, data) tuple). An allowed role gets a 2xx, another a
        403 and the object is unchanged; another organisation's object is a 404 for every
        role, and unchanged."""

        def call_action(self, client, obj, name):
            action = _actions(self.detail_actions)[name]
            url = self.action_url(obj, action.route)
            return getattr(client, action.method)(url, self.body(action, obj), format="json")

        @role_param
        @pytest.mark.django_db
        def test_detail_actions(self, role):
            client, membership = api_client_for(role)
            for name, action in _actions(self.detail_actions).items():
                obj = self.make_object(membership.organisation)
                before = self.row_state(obj)
                response = self.call_action(client, obj, name)
                if self.allowed(action.verb, role):
                    assert 200 <= response.status_code < 300, (name, response.content[:2000])
                else:
                    self.assert_error_body(response, 403)
                    assert self.row_state(obj) == before, name

        @role_param
        @pytest.mark.django_db
        def test_detail_actions_other_organisation_is_404(self, role):
            client, _membership = api_client_for(role)
            foreign = self.make_object(OrganisationFactory())
            before = self.row_state(foreign)
            for name in self.detail_actions:
                self.assert_error_body(self.call_action(client, foreign, name), 404)
            assert self.row_state(foreign) == before

    class ListActions(_Base):
        """Custom actions on the collection (`tools/import/`, `roadmap/reorder/`):
        `list_actions` as `detail_actions`, the callable's target being the organisation.
        An allowed role gets a 2xx; another a 403, and the organisation's rows of `model`
        are unchanged."""

        def call_list_action(self, client, organisation, name, data):
            action = _actions(self.list_actions)[name]
            url = self.list_action_url(organisation, action.route)
            return getattr(client, action.method)(url, data, format="json")

        @role_param
        @pytest.mark.django_db
        def test_list_actions(self, role):
            client, membership = api_client_for(role)
            organisation = membership.organisation
            for name, action in _actions(self.list_actions).items():
                data = self.body(action, organisation)
                before = self.collection_state(organisation)
                response = self.call_list_action(client, organisation, name, data)
                if self.allowed(action.verb, role):
                    assert 200 <= response.status_code < 300, (name, response.content[:2000])
                else:
                    self.assert_error_body(response, 403)
                    assert self.collection_state(organisation) == before, name

    class Nested(_Base):
        """Routes under another object: another organisation's parent is a 404 for every
        role on the list, on adding and on every collection action; nothing changes."""

        @role_param
        @pytest.mark.django_db
        def test_under_other_organisations_parent_is_404(self, role):
            client, _membership = api_client_for(role)
            foreign = OrganisationFactory()
            self.make_object(foreign)  # the parent, with a row under it
            requests = []
            if isinstance(self, APITestCases.List):
                requests.append(("get", self.list_url(foreign), None))
            if isinstance(self, APITestCases.Create):
                requests.append(("post", self.list_url(foreign), self.create_data(foreign)))
            if isinstance(self, APITestCases.ListActions):
                for action in _actions(self.list_actions).values():
                    url = self.list_action_url(foreign, action.route)
                    requests.append((action.method, url, self.body(action, foreign)))
            assert requests, f"{type(self).__name__}: Nested needs List, Create or ListActions"
            before = self.collection_state(foreign)
            for method, url, data in requests:
                self.assert_error_body(getattr(client, method)(url, data, format="json"), 404)
            assert self.collection_state(foreign) == before

    class ReadOnly(List, Retrieve):
        pass

    class AllEndpoints(List, Retrieve, Create, Update, Delete):
        pass


# --- completeness ---------------------------------------------------------------------


def router_routes(router) -> dict[tuple[str, str], dict]:
    """{(url name, method): {"parents": path kwargs naming a parent, "detail": bool}} for
    every route the router serves (format-suffix copies and HEAD/OPTIONS left out)."""
    routes = {}
    for pattern in router.urls:
        callback = pattern.callback
        kwargs = set(pattern.pattern.regex.groupindex)
        if "format" in kwargs or not hasattr(callback, "cls"):
            continue
        view = callback.cls
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
        allowed = set(getattr(view, "http_method_names", ()))
        for method in getattr(callback, "actions", None) or {"get": "get"}:
            if method in allowed and method not in ("head", "options"):
                routes[(pattern.name, method)] = {
                    "parents": kwargs - {lookup},
                    "detail": lookup in kwargs,
                }
    return routes


def matrix_cases(modules: Iterable[ModuleType]) -> list[_Base]:
    """An instance of every per-role test class (`Test…` on `_Base`) in `modules`."""
    return [
        value()
        for module in modules
        for name, value in vars(module).items()
        if name.startswith("Test") and isinstance(value, type) and issubclass(value, _Base)
    ]


def matrix_gaps(
    router,
    modules: Iterable[ModuleType],
    *,
    exempt: dict[str, str] | None = None,
    cases: Callable[[Iterable[ModuleType]], list[_Base]] = matrix_cases,
) -> list[str]:
    """What the per-role matrix misses: a route (name, method) no test class covers, and a
    collection route under a parent whose class is not `Nested` (no "another
    organisation's parent is a 404" test). `exempt` maps url names to why."""
    exempt = exempt or {}
    covering: dict[tuple[str, str], list[_Base]] = {}
    for case in cases(modules):
        for route in case.routes():
            covering.setdefault(route, []).append(case)
    gaps = []
    for (name, method), route in sorted(router_routes(router).items()):
        if name in exempt:
            continue
        found = covering.get((name, method), [])
        if not found:
            gaps.append(f"{method.upper()} {name}: no per-role test class covers it")
        elif (
            route["parents"]
            and not route["detail"]
            and not any(isinstance(case, APITestCases.Nested) for case in found)
        ):
            gaps.append(f"{method.upper()} {name}: under a parent, add APITestCases.Nested")
    stale = set(covering) - set(router_routes(router))
    gaps += [f"{m.upper()} {n}: declared by a test class, not served" for n, m in sorted(stale)]
    return gaps
