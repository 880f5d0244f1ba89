"""The per-role matrix is complete: every route /api/v1/ serves (from the router, method by
method) is covered by a per-role test class, and every collection route under a parent has
the "another organisation's parent is a 404" test. A new endpoint without a matrix entry
fails here, not in a review."""

from core.api.urls import router
from core.testing.api import APITestCases, matrix_cases, matrix_gaps, router_routes
from tests.api import test_catalogue_api, test_core_api, test_endpoints, test_own_products_api
from tests.comments import test_api as test_comments_api
from tests.discovery import test_api as test_discovery_api
from tests.history import test_api as test_history_api
from tests.notifications import test_api as test_notifications_api
from tests.renewals import test_api as test_renewals_api
from tests.team import test_api as test_team_api

MATRIX = [
    test_core_api,
    test_endpoints,
    test_catalogue_api,
    test_own_products_api,
    test_discovery_api,
    test_renewals_api,
    test_notifications_api,
    test_team_api,
    test_comments_api,
    test_history_api,
]
#: Routes on purpose not on the matrix, and why.
EXEMPT = {
    "api-root": "links to the lists, no organisation's data (test_core_api: every role reads it)",
}


def test_every_api_route_is_on_the_per_role_matrix():
    assert matrix_gaps(router, MATRIX, exempt=EXEMPT) == []


def test_the_routes_are_read_from_the_router_method_by_method():
    routes = router_routes(router)
    assert ("api-tool-detail", "patch") in routes
    assert ("api-tool-detail", "put") not in routes  # NO_PUT
    assert ("api-member-detail", "put") in routes
    assert routes[("api-roadmapitem-reorder", "post")] == {
        "parents": {"assessment_pk"},
        "detail": False,
    }
    assert routes[("api-answer-detail", "get")]["detail"] is True
    assert len(routes) > 60


def test_a_route_without_a_test_class_is_reported():
    def without_tools(modules):
        return [case for case in matrix_cases(modules) if case.basename != "api-tool"]

    gaps = matrix_gaps(router, MATRIX, exempt=EXEMPT, cases=without_tools)
    assert "POST api-tool-import: no per-role test class covers it" in gaps
    assert "DELETE api-tool-detail: no per-role test class covers it" in gaps
    assert all("api-tool-" in gap for gap in gaps)


def test_a_nested_collection_without_the_parent_test_is_reported():
    class TestRoadmapWithoutParents(APITestCases.List, APITestCases.ListActions):
        basename = "api-roadmapitem"
        list_actions = {"reorder": ("post", "change", None)}

    def cases(modules):
        kept = [c for c in matrix_cases(modules) if c.basename != "api-roadmapitem"]
        return [*kept, TestRoadmapWithoutParents()]

    gaps = matrix_gaps(router, MATRIX, exempt=EXEMPT, cases=cases)
    assert "GET api-roadmapitem-list: under a parent, add APITestCases.Nested" in gaps
    assert "POST api-roadmapitem-reorder: under a parent, add APITestCases.Nested" in gaps


def test_a_declared_route_the_api_does_not_serve_is_reported():
    class TestToolsWithPut(APITestCases.Update):
        basename = "api-tool"
        update_methods = ("put",)

    def cases(modules):
        return [*matrix_cases(modules), TestToolsWithPut()]

    gaps = matrix_gaps(router, MATRIX, exempt=EXEMPT, cases=cases)
    assert gaps == ["PUT api-tool-detail: declared by a test class, not served"]
