"""List pages, query counts, inline (htmx) editing, bulk actions, the review queue, maps."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.inventory import services
from assessment.models import Integration, ReviewState, Tool, Touchpoint
from assessment.testing.factories import (
    DataObjectFactory,
    IntegrationFactory,
    ToolCategoryFactory,
    ToolFactory,
    ToolSubcategoryFactory,
    TouchpointFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def make_tools(organisation, n: int, start: int = 0) -> list[Tool]:
    sub = ToolSubcategoryFactory(organisation=organisation)
    tools = Tool.objects.bulk_create(
        Tool(
            organisation=organisation,
            name=f"Tool {start + i:05d}",
            category=sub.category,
            subcategory=sub,
            annual_cost=Decimal(1000 + i),
            licensed_seats=10,
            active_users_30d=i % 15,
        )
        for i in range(n)
    )
    return tools


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url_name,extra",
    [
        ("tool_list", ""),
        ("tool_list", "?per_page=200&o=-integration_count"),
        ("tool_list", "?per_page=200&o=utilisation&cols=name&cols=utilisation"),
        ("tool_list", "?per_page=200&o=-cost_per_active_user&cols=cost_per_active_user"),
        ("integration_list", ""),
        ("touchpoint_list", ""),
        ("stack_map", ""),
        ("integration_map", ""),
        ("touchpoint_matrix", ""),
    ],
)
def test_query_count_does_not_grow_with_the_inventory(client, signed_in, url_name, extra):
    membership = signed_in("editor")
    org = membership.organisation
    objects = DataObjectFactory.create_batch(2, organisation=org)

    def grow(n):
        tools = make_tools(org, n)
        integrations = Integration.objects.bulk_create(
            Integration(organisation=org, source=a, target=b) for a, b in itertools.pairwise(tools)
        )
        Through = Integration.data_objects.through
        Through.objects.bulk_create(
            Through(integration=i, dataobject=o) for i in integrations for o in objects
        )
        touchpoints = Touchpoint.objects.bulk_create(
            Touchpoint(organisation=org, name=f"TP {t.name}", stage="awareness", channel="web")
            for t in tools[: n // 2]
        )
        ToolLink = Touchpoint.tools.through
        ToolLink.objects.bulk_create(
            ToolLink(touchpoint=tp, tool=t) for tp, t in zip(touchpoints, tools, strict=False)
        )

    url = reverse(url_name) + extra
    grow(10)
    small = count_queries(client, url)
    Integration.objects.all().delete()
    Touchpoint.objects.all().delete()
    Tool.objects.all().delete()
    grow(2000)
    large = count_queries(client, url)
    print(f"QUERIES {url_name}{extra}: 10 tools={small}, 2000 tools={large}")
    assert small == large, (small, large)


def test_list_10_vs_2000_tools_with_django_assert_num_queries(
    client, signed_in, django_assert_num_queries
):
    membership = signed_in("viewer")
    make_tools(membership.organisation, 10)
    n = count_queries(client, reverse("tool_list"))
    make_tools(membership.organisation, 1990, start=10)
    with django_assert_num_queries(n):
        client.get(reverse("tool_list"))


def test_list_search_filter_sort_paginate_and_columns(client, signed_in):
    membership = signed_in("viewer")
    org = membership.organisation
    make_tools(org, 60)
    ToolFactory(organisation=org, name="Zeta CRM", vendor="Needle")
    page = client.get(reverse("tool_list"), {"q": "needle"}).content.decode()
    assert "Zeta CRM" in page and "Tool 00001" not in page
    page = client.get(reverse("tool_list"), {"o": "-name"}).content.decode()
    assert page.index("Zeta CRM") < page.index("Tool 00059")
    page = client.get(reverse("tool_list"), {"page": "2", "per_page": "25"}).content.decode()
    assert "Page 2 of 3" in page
    page = client.get(reverse("tool_list"), {"page": "999"}).content.decode()
    assert "Page 2 of 2" in page
    # Choose columns: kept in the session for the next visit.
    client.get(reverse("tool_list"), {"cols": ["name", "cost_per_active_user"]})
    page = client.get(reverse("tool_list")).content.decode()
    table = page.split('data-testid="tool-table"')[1]
    assert "Cost per active user" in table and "Vendor" not in table
    # Bad filter values do not 500.
    assert (
        client.get(reverse("tool_list"), {"category": "nope", "renewing_within": "x"}).status_code
        == 200
    )


def test_htmx_list_request_renders_only_the_results_partial(client, signed_in):
    membership = signed_in("viewer")
    ToolFactory(organisation=membership.organisation, name="Partial tool")
    response = client.get(reverse("tool_list"), **HTMX)
    html = response.content.decode()
    assert "Partial tool" in html and "<html" not in html and 'id="results"' in html


def test_inline_create_and_edit_with_htmx(client, signed_in):
    membership = signed_in("editor")
    org = membership.organisation
    form = client.get(reverse("tool_add"), **HTMX).content.decode()
    assert 'id="object-form"' in form and "<html" not in form
    response = client.post(reverse("tool_add"), {"name": "", "status": "active"}, **HTMX)
    assert response.status_code == 422 and "This field is required" in response.content.decode()
    response = client.post(reverse("tool_add"), {"name": "Inline", "status": "active"}, **HTMX)
    assert response.status_code == 204 and response["HX-Trigger"] == "inventory-changed"
    tool = Tool.objects.get(organisation=org, name="Inline")
    response = client.post(
        reverse("tool_edit", kwargs={"pk": tool.pk}),
        {"name": "Inline 2", "status": "trial"},
        **HTMX,
    )
    assert response.status_code == 204
    tool.refresh_from_db()
    assert (tool.name, tool.status) == ("Inline 2", "trial")


def test_tool_names_are_unique_per_organisation_case_insensitively(client, signed_in):
    membership = signed_in("editor")
    ToolFactory(organisation=membership.organisation, name="Slack")
    response = client.post(reverse("tool_add"), {"name": "SLACK", "status": "active"})
    assert response.status_code == 200 and "already exists" in response.content.decode()


def test_subcategory_from_another_category_is_refused(client, signed_in):
    membership = signed_in("editor")
    org = membership.organisation
    sub = ToolSubcategoryFactory(organisation=org)
    other = ToolCategoryFactory(organisation=org)
    response = client.post(
        reverse("tool_add"),
        {"name": "X", "status": "active", "category": other.pk, "subcategory": sub.pk},
    )
    assert "belongs to" in response.content.decode()
    assert not Tool.objects.filter(name="X").exists()


def test_tool_detail_shows_derived_values_integrations_and_touchpoints(client, signed_in):
    membership = signed_in("viewer")
    org = membership.organisation
    tool = ToolFactory(
        organisation=org,
        licensed_seats=10,
        active_users_30d=13,
        renewal_date=dt.date(2026, 6, 30),
        notice_period_days=60,
    )
    IntegrationFactory(organisation=org, source=tool)
    touchpoint = TouchpointFactory(organisation=org, name="Web shop")
    touchpoint.tools.add(tool)
    page = client.get(reverse("tool_detail", kwargs={"pk": tool.pk})).content.decode()
    assert "130%" in page and "over capacity" in page
    assert "2026-05-01" in page  # 60 days before renewal
    assert "Integrations (1)" in page and "Web shop" in page


def test_bulk_actions(client, signed_in):
    membership = signed_in("editor")
    org = membership.organisation
    a, b, c = ToolFactory.create_batch(3, organisation=org)
    foreign = ToolFactory()
    url = reverse("tool_bulk")
    client.post(url, {"pk": [a.pk, b.pk, foreign.pk], "bulk": "status:retired"})
    assert set(Tool.objects.filter(status="retired").values_list("pk", flat=True)) == {a.pk, b.pk}
    client.post(url, {"pk": [a.pk], "bulk": "owner", "value": "Maya"})
    client.post(url, {"pk": [c.pk], "bulk": "lifecycle:invest"})
    a.refresh_from_db(), c.refresh_from_db()
    assert a.business_owner == "Maya" and c.lifecycle == "invest"
    response = client.post(url, {"pk": [a.pk], "bulk": "status:nonsense"})
    assert response.status_code == 302 and Tool.objects.get(pk=a.pk).status == "retired"
    # Delete asks first, then deletes only this organisation's rows.
    response = client.post(url, {"pk": [a.pk, foreign.pk], "bulk": "delete"})
    assert (
        response.status_code == 200
        and "You can undo this for 10 minutes" in response.content.decode()
    )
    assert Tool.objects.filter(pk=a.pk).exists()
    client.post(url, {"pk": [a.pk, foreign.pk], "action": "delete", "confirm": "yes"})
    assert not Tool.objects.filter(pk=a.pk).exists() and Tool.objects.filter(pk=foreign.pk).exists()


def test_review_queue_verify_flag_and_edit_sends_back(client, signed_in):
    membership = signed_in("reviewer")
    org = membership.organisation
    first, second, _third = IntegrationFactory.create_batch(3, organisation=org)
    queue = reverse("integration_review_queue")
    assert "3 integrations to review" in client.get(queue).content.decode()
    response = client.post(
        reverse("integration_review", kwargs={"pk": first.pk}), {"state": "verified"}, **HTMX
    )
    assert response.status_code == 200
    assert "2 integrations to review" in response.content.decode()
    # Flagging needs a note.
    response = client.post(
        reverse("integration_review", kwargs={"pk": second.pk}), {"state": "flagged"}, **HTMX
    )
    assert response.status_code == 422 and "Say what is wrong" in response.content.decode()
    client.post(
        reverse("integration_review", kwargs={"pk": second.pk}),
        {"state": "flagged", "note": "Fails nightly"},
    )
    second.refresh_from_db()
    assert second.review_state == "flagged" and second.reviewed_by == membership.user
    assert second.reviewed_at is not None and second.review_note == "Fails nightly"
    first.refresh_from_db()
    assert first.review_state == ReviewState.VERIFIED
    # Editing a reviewed integration sends it back; saving without a change does not.
    services.update_integration(integration=first, user=None, frequency=first.frequency)
    assert Integration.objects.get(pk=first.pk).review_state == ReviewState.VERIFIED
    response = client.post(
        reverse("integration_edit", kwargs={"pk": first.pk}),
        {
            "source": first.source_id,
            "target": first.target_id,
            "direction": "one_way",
            "method": "manual",
            "status": "live",
        },
    )
    assert response.status_code == 302
    assert Integration.objects.get(pk=first.pk).review_state == ReviewState.UNREVIEWED
    # first (edited) and third are unreviewed, second is flagged: all three are in the queue.
    assert "3 integrations to review" in client.get(queue).content.decode()


def test_dashboard_shows_inventory_cards(client, signed_in):
    membership = signed_in("viewer")
    org = membership.organisation
    ToolFactory(organisation=org, annual_cost=Decimal("1000"), currency="EUR")
    IntegrationFactory(organisation=org)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Integrations to review" in page and "Annual cost" in page and "25,000" in page
    assert 'data-testid="card-review"' in page


def test_maps_render_svg_with_links(client, signed_in):
    membership = signed_in("viewer")
    org = membership.organisation
    sub = ToolSubcategoryFactory(organisation=org)
    tool = ToolFactory(organisation=org, category=sub.category, lifecycle="invest")
    IntegrationFactory(organisation=org, source=tool, status="broken", method="manual")
    TouchpointFactory(organisation=org, stage="purchase", channel="email")
    for name in ("stack_map", "integration_map", "touchpoint_matrix"):
        page = client.get(reverse(name)).content.decode()
        assert "<svg" in page, name
    assert tool.get_absolute_url() in client.get(reverse("stack_map")).content.decode()
    matrix = client.get(reverse("touchpoint_matrix")).content.decode()
    assert "no digital touchpoint" in matrix or "gap" in matrix


def test_taxonomy_is_seeded_for_new_organisations(client, db):
    from core.services import create_organisation
    from core.testing.factories import UserFactory

    organisation = create_organisation(name="Fresh", owner=UserFactory())
    from assessment.models import DataObject, ToolCategory, ToolSubcategory

    assert ToolCategory.objects.filter(organisation=organisation).count() == 6
    assert ToolSubcategory.objects.filter(organisation=organisation).count() == 49
    assert DataObject.objects.filter(organisation=organisation).count() >= 9


def test_demo_inventory_is_realistic(db):
    from core.demo import seed

    organisation = seed()["organisation"]
    tools = Tool.objects.for_organisation(organisation)
    assert tools.count() >= 40
    assert tools.values("category").distinct().count() == 6
    integrations = Integration.objects.for_organisation(organisation)
    assert integrations.count() >= 60
    assert integrations.filter(method="manual").exists()
    assert integrations.filter(status="broken").exists()
    assert integrations.filter(review_state="unreviewed").exists()
    touchpoints = Touchpoint.objects.for_organisation(organisation)
    assert touchpoints.count() >= 30
    assert touchpoints.values("stage").distinct().count() >= 5
    under_used = [t for t in tools if t.utilisation is not None and t.utilisation < 0.3]
    assert len(under_used) >= 5
    soon = dt.date.today() + dt.timedelta(days=90)
    assert tools.filter(renewal_date__lte=soon).count() >= 5
    seed()  # idempotent
    assert Tool.objects.for_organisation(organisation).count() == tools.count()


def test_tools_sort_by_utilisation_and_cost_per_active_user_unknown_last(client, signed_in):
    membership = signed_in("viewer")
    org = membership.organisation
    rows = {  # name: (seats, active users, annual cost)
        "Half": (10, 5, 1000),  # 50%, 200 per user
        "Over": (10, 13, 1300),  # 130%, 100 per user
        "Idle": (10, 1, 900),  # 10%, 900 per user
        "Unlimited": (0, 40, 400),  # no utilisation, 10 per user
        "Nobody": (None, 0, 500),  # neither
    }
    for name, (seats, active, cost) in rows.items():
        ToolFactory(
            organisation=org, name=name, licensed_seats=seats, active_users_30d=active,
            annual_cost=Decimal(cost),
        )  # fmt: skip

    def order(key):
        page = client.get(reverse("tool_list"), {"o": key}).content.decode()
        table = page.split('data-testid="tool-table"')[1]
        return sorted(rows, key=lambda name: table.index(f">{name}</a>"))

    assert order("utilisation") == ["Idle", "Half", "Over", "Unlimited", "Nobody"]
    assert order("-utilisation")[:3] == ["Over", "Half", "Idle"]
    assert set(order("-utilisation")[3:]) == {"Unlimited", "Nobody"}  # unknown stays last
    assert order("cost_per_active_user") == ["Unlimited", "Over", "Half", "Idle", "Nobody"]
    assert order("-cost_per_active_user") == ["Idle", "Half", "Over", "Unlimited", "Nobody"]
    # The column headers link to these sorts.
    page = client.get(
        reverse("tool_list"), {"cols": ["name", "utilisation", "cost_per_active_user"]}
    )
    assert (
        "o=utilisation" in page.content.decode()
        and "o=cost_per_active_user" in page.content.decode()
    )


def test_stack_map_and_tool_list_mark_under_used_by_the_organisations_threshold(client, signed_in):
    from assessment.models import FindingThresholds

    membership = signed_in("viewer")
    org = membership.organisation
    ToolFactory(organisation=org, name="Forty", licensed_seats=10, active_users_30d=4)
    ToolFactory(organisation=org, name="Twenty", licensed_seats=10, active_users_30d=2)
    page = client.get(reverse("stack_map")).content.decode()
    assert "red when under 30% or over capacity" in page
    assert "20% ▼ under-used" in page and "40% ▼" not in page
    listing = client.get(reverse("tool_list"), {"cols": ["name", "utilisation"]}).content.decode()
    assert listing.count("Under-used: below 30% of seats active") == 1
    FindingThresholds.objects.create(organisation=org, underused_utilisation=0.5)
    page = client.get(reverse("stack_map")).content.decode()
    assert "red when under 50% or over capacity" in page
    assert "40% ▼ under-used" in page and "below 50% of seats active" in page
    listing = client.get(reverse("tool_list")).content.decode()
    assert listing.count("Under-used: below 50% of seats active") == 2


def test_touchpoint_bulk_actions(client, signed_in):
    membership = signed_in("editor")
    org = membership.organisation
    a, b = TouchpointFactory.create_batch(2, organisation=org, personalisation="none")
    foreign = TouchpointFactory(personalisation="none")
    url = reverse("touchpoint_bulk")
    response = client.post(url, {"pk": [a.pk, foreign.pk], "bulk": "personalisation:individual"})
    assert response.status_code == 302
    assert Touchpoint.objects.get(pk=a.pk).personalisation == "individual"
    assert Touchpoint.objects.get(pk=b.pk).personalisation == "none"
    assert Touchpoint.objects.get(pk=foreign.pk).personalisation == "none"
    client.post(url, {"pk": [a.pk, b.pk], "bulk": "owner", "value": "Service desk"})
    assert set(Touchpoint.objects.filter(organisation=org).values_list("owner", flat=True)) == {
        "Service desk"
    }
    client.post(url, {"pk": [b.pk], "bulk": "personalisation:telepathic"})
    assert Touchpoint.objects.get(pk=b.pk).personalisation == "none"
    assert client.post(url, {"pk": [b.pk], "bulk": "status:live"}).status_code == 302  # unknown
    assert Touchpoint.objects.get(pk=b.pk).personalisation == "none"
    # Delete asks first, then deletes only this organisation's rows.
    response = client.post(url, {"pk": [a.pk, foreign.pk], "bulk": "delete"})
    assert (
        response.status_code == 200
        and "You can undo this for 10 minutes" in response.content.decode()
    )
    assert Touchpoint.objects.filter(pk=a.pk).exists()
    client.post(url, {"pk": [a.pk, foreign.pk], "action": "delete", "confirm": "yes"})
    assert not Touchpoint.objects.filter(pk=a.pk).exists()
    assert Touchpoint.objects.filter(pk=foreign.pk).exists()
    # Nothing selected: nothing happens.
    assert client.post(url, {"bulk": "delete"}).status_code == 302
    assert Touchpoint.objects.filter(pk=b.pk).exists()
