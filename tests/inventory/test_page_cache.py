"""Pages at real size: the maps and the engine result are cached per data version (an edit
shows at once), large maps are drawn a page of tools at a time (bounded HTML), and the
pages' query counts do not grow with the inventory."""

import itertools
from unittest import mock

import pytest
from django.urls import reverse

from assessment.inventory import charts, selectors
from assessment.inventory import services as inventory
from assessment.models import Integration, Tool, Touchpoint
from assessment.results import services
from assessment.testing.factories import (
    DataObjectFactory,
    IntegrationFactory,
    ToolFactory,
    ToolSubcategoryFactory,
    TouchpointFactory,
)
from tests.results.helpers import answer, make_assessment, make_inventory


def make_tools(org, n: int, start: int = 0) -> list[Tool]:
    sub = ToolSubcategoryFactory(organisation=org)
    return Tool.objects.bulk_create(
        Tool(
            organisation=org,
            name=f"Tool {start + i:04d}",
            category=sub.category,
            subcategory=sub,
            licensed_seats=10,
            active_users_30d=i % 12,
            lifecycle=("invest", "tolerate", "migrate", "")[i % 4],
        )
        for i in range(n)
    )


def test_an_edit_to_a_tool_changes_the_stack_map_at_once(client, signed_in):
    membership = signed_in("editor")
    tool = ToolFactory(organisation=membership.organisation, name="Old name")
    assert "Old name" in client.get(reverse("stack_map")).content.decode()
    assert "Old name" in client.get(reverse("stack_map")).content.decode()  # from the cache
    inventory.update_object(instance=tool, user=membership.user, name="New name")
    page = client.get(reverse("stack_map")).content.decode()
    assert "New name" in page and "Old name" not in page


def test_deleting_and_bulk_editing_tools_changes_the_maps(client, signed_in):
    membership = signed_in("editor")
    org = membership.organisation
    keep, gone = make_tools(org, 2)
    IntegrationFactory(organisation=org, source=keep, target=gone)
    client.get(reverse("integration_map"))
    inventory.delete_object(instance=gone, user=membership.user)
    assert gone.name not in client.get(reverse("integration_map")).content.decode()
    before = client.get(reverse("stack_map")).content.decode()
    inventory.bulk_update(
        queryset=Tool.objects.filter(pk=keep.pk),
        user=membership.user,
        action="lifecycle",
        value="evaluating",
    )
    assert client.get(reverse("stack_map")).content.decode() != before


def test_relinking_and_thresholds_change_the_cached_drawings(client, signed_in):
    from assessment.models import FindingThresholds

    membership = signed_in("editor")
    org = membership.organisation
    versions = {selectors.data_version(org)}
    tool = ToolFactory(organisation=org, licensed_seats=10, active_users_30d=4)
    versions.add(selectors.data_version(org))
    point = TouchpointFactory(organisation=org)
    versions.add(selectors.data_version(org))
    # the link only, as the touchpoint form saves it
    inventory.update_object(instance=point, user=membership.user, tools=[tool])
    versions.add(selectors.data_version(org))
    FindingThresholds.objects.create(organisation=org, underused_utilisation=0.5)
    versions.add(selectors.data_version(org))
    assert len(versions) == 5
    assert "40% ▼ under-used" in client.get(reverse("stack_map")).content.decode()


def test_relinking_an_integrations_data_objects_changes_the_version(signed_in):
    """The link tables are not read by data_version: a link changes with its parent."""
    membership = signed_in("editor")
    org = membership.organisation
    integration = IntegrationFactory(organisation=org)
    first, second = DataObjectFactory(organisation=org), DataObjectFactory(organisation=org)
    inventory.update_object(instance=integration, user=membership.user, data_objects=[first])
    before = selectors.data_version(org)
    inventory.update_object(instance=integration, user=membership.user, data_objects=[second])
    assert selectors.data_version(org) != before


def test_a_new_touchpoint_changes_the_matrix(client, signed_in):
    membership = signed_in("editor")
    org = membership.organisation
    before = client.get(reverse("touchpoint_matrix")).content.decode()
    inventory.create_object(
        model=Touchpoint,
        organisation=org,
        user=membership.user,
        name="Shop chat",
        stage="purchase",
        channel="chat",
    )
    after = client.get(reverse("touchpoint_matrix")).content.decode()
    assert after != before


def test_the_map_cache_is_per_language(client, signed_in):
    membership = signed_in("editor")
    ToolFactory(organisation=membership.organisation)
    english = client.get(reverse("stack_map")).content.decode()
    german = client.get(reverse("stack_map"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Stack map" in english
    assert german != english


def test_the_engine_runs_once_per_data_version(client, signed_in):
    membership = signed_in("editor")
    org = membership.organisation
    make_inventory(org)
    assessment = make_assessment(org, user=membership.user)
    calls = []
    real = services.computing.evaluate

    def counting(data):
        calls.append(data)
        return real(data)

    with mock.patch.object(services.computing, "evaluate", counting):
        first = services.ensure_results(assessment)
        again = services.ensure_results(assessment)
        assert len(calls) == 1 and again.input_hash == first.input_hash
        tool = Tool.objects.filter(organisation=org).first()
        inventory.update_object(instance=tool, user=membership.user, licensed_seats=500)
        changed = services.ensure_results(assessment)
        assert len(calls) == 2 and changed.input_hash != first.input_hash
        answer(assessment, "buyer_needs", 4, membership.user)
        answered = services.ensure_results(assessment)
        assert len(calls) == 3 and answered.input_hash != changed.input_hash
        assert client.get(reverse("assessment_dashboard", args=[assessment.pk])).status_code == 200
        assert len(calls) == 3  # the page reads the cached result


def test_a_cached_result_equals_a_fresh_one(signed_in):
    membership = signed_in("editor")
    org = membership.organisation
    make_inventory(org)
    assessment = make_assessment(org, user=membership.user)
    cached = services.evaluate_assessment(assessment)
    services.computing._RECENT.clear()  # from Django's cache (pickled), as another process
    again = services.evaluate_assessment(assessment)
    assert again.result == cached.result and again.input_hash == cached.input_hash
    assert again.data.framework is assessment.framework


def test_large_maps_are_drawn_a_page_at_a_time_and_stay_small(client, signed_in):
    membership = signed_in("viewer")
    org = membership.organisation
    tools = make_tools(org, 300)
    Integration.objects.bulk_create(
        Integration(organisation=org, source=a, target=b)
        for a, b in zip(tools, tools[150:], strict=False)
    )
    for name in ("stack_map", "integration_map"):
        first = client.get(reverse(name)).content
        second = client.get(reverse(name), {"page": 2}).content
        assert len(first) <= 300 * 1024 and len(second) <= 300 * 1024, name
        # a few hundred bytes of HTML per tool, all pages together (no timing)
        assert (len(first) + len(second)) / len(tools) <= 1200, name
        page = first.decode()
        assert 'data-testid="map-pages"' in page and "?page=2" in page
    stack_one = client.get(reverse("stack_map")).content.decode()
    stack_two = client.get(reverse("stack_map"), {"page": 2}).content.decode()
    assert tools[0].get_absolute_url() in stack_one
    assert tools[0].get_absolute_url() not in stack_two
    assert tools[-1].get_absolute_url() in stack_two
    # the integration map's page shows the tools the page's tools are connected to
    integrations = client.get(reverse("integration_map")).content.decode()
    assert tools[150].get_absolute_url() in integrations


@pytest.mark.parametrize("page", ["", "0", "-3", "99", "x", "1e9"])
def test_a_bad_map_page_never_500s(client, signed_in, page):
    membership = signed_in("viewer")
    make_tools(membership.organisation, charts.MAP_PAGE_SIZE + 1)
    for name in ("stack_map", "integration_map"):
        assert client.get(reverse(name), {"page": page}).status_code == 200


def test_a_small_inventory_is_one_map(client, signed_in):
    membership = signed_in("viewer")
    make_tools(membership.organisation, 5)
    page = client.get(reverse("stack_map")).content.decode()
    assert 'data-testid="map-pages"' not in page and page.count("Tool 00") >= 5


def _count(client, url, django_assert_max_num_queries=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_of_the_listed_pages_do_not_grow(client, signed_in):
    """5 tools, then 50 (maps, lists, dashboard, roadmap): the same number of queries, with
    the caches cold (first request after a change) and warm."""
    membership = signed_in("editor")
    org = membership.organisation
    make_inventory(org)
    assessment = make_assessment(org, user=membership.user)
    urls = [
        reverse(name)
        for name in (
            "stack_map",
            "integration_map",
            "touchpoint_matrix",
            "tool_list",
            "integration_list",
            "touchpoint_list",
            "integration_review_queue",
            "dashboard",
        )
    ] + [
        reverse("assessment_dashboard", args=[assessment.pk]),
        reverse("assessment_roadmap", args=[assessment.pk]),
    ]

    def grow(n: int, start: int) -> tuple[list[int], list[int]]:
        tools = make_tools(org, n, start)
        Integration.objects.bulk_create(
            Integration(organisation=org, source=a, target=b) for a, b in itertools.pairwise(tools)
        )
        Touchpoint.objects.bulk_create(
            Touchpoint(organisation=org, name=f"TP {t.name}", stage="awareness", channel="web")
            for t in tools[: n // 2]
        )
        cold = [_count(client, url) for url in urls]
        warm = [_count(client, url) for url in urls]
        return cold, warm

    small = grow(5, 0)
    large = grow(45, 100)
    table = list(zip(urls, small[0], large[0], small[1], large[1], strict=True))
    assert small[1] == large[1], table  # warm: exactly the same
    # cold: recomputing writes findings and roadmap rows in bulk; whether items are
    # created, updated or both depends on the change, never on the number of rows
    assert all(big <= few + 2 for few, big in zip(small[0], large[0], strict=True)), table
