"""The renewals page (/renewals/): per-role access, the list, the month and quarter
views, filters, tenancy, bad input and a constant number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.testing.factories import ToolFactory
from core.models import CalendarFeed
from core.testing.access import ALL_ROLES, Page, PageAccessTests, sign_in
from core.testing.factories import OrganisationFactory

URL = reverse("renewals")


def today():
    return timezone.localdate()


def _tools(membership) -> dict:
    organisation = membership.organisation
    return {
        "tool": ToolFactory(
            organisation=organisation,
            name="HubSpot",
            renewal_date=today() + dt.timedelta(days=40),
            notice_period_days=30,
        )
    }


def _feed(membership) -> dict:
    return {"feed": CalendarFeed.objects.create(membership=membership)}


class TestRenewalPages(PageAccessTests):
    pages = {
        "list": Page(URL, ALL_ROLES, setup=_tools),
        "month": Page(f"{URL}?view=month", ALL_ROLES, setup=_tools),
        "quarter": Page(f"{URL}?view=quarter&month=2027-02", ALL_ROLES, setup=_tools),
        "feed_create": Page(
            reverse("renewals_feed_create"),
            ALL_ROLES,
            "post",
            ok=(302,),
            changed=lambda c: CalendarFeed.objects.filter(membership=c["membership"]).exists(),
        ),
        "feed_rotate": Page(
            reverse("renewals_feed_rotate"),
            ALL_ROLES,
            "post",
            ok=(302,),
            setup=_feed,
            changed=lambda c: CalendarFeed.objects.get(pk=c["feed"].pk).revoked_at is not None,
        ),
    }


@pytest.fixture
def viewer(client, db):
    return sign_in(client, "viewer")


def make(organisation, name, days, notice=30, **kwargs):
    return ToolFactory(
        organisation=organisation,
        name=name,
        renewal_date=today() + dt.timedelta(days=days),
        notice_period_days=notice,
        **kwargs,
    )


def test_the_list_shows_dates_in_order_with_cost_utilisation_and_owner(client, viewer):
    org = viewer.organisation
    hub = make(
        org,
        "HubSpot",
        40,
        30,
        annual_cost=Decimal("24000"),
        currency="EUR",
        business_owner="Dana",
        auto_renewal=True,
        licensed_seats=10,
        active_users_30d=4,
    )
    make(org, "Far away", 300)
    make(org, "No seats", 60, 0, licensed_seats=None)
    make(OrganisationFactory(), "Foreign CRM", 20)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    rows = response.context["rows"]
    assert [(r["entry"].contract.name, r["entry"].kind) for r in rows] == [
        ("HubSpot", "cancel"),
        ("HubSpot", "renewal"),
        ("No seats", "cancel"),
        ("No seats", "renewal"),
    ]
    assert rows[0]["entry"].days_left == 10
    assert "24,000 EUR" in html
    assert "40%" in html
    assert "unknown" in html
    assert "Dana" in html
    assert f'href="{hub.get_absolute_url()}"' in html
    assert "Foreign CRM" not in html and "Far away" not in html
    assert "Last day to cancel" in html
    assert response.context["totals"] == [("36,000 EUR", 2)]


def test_a_passed_notice_deadline_stands_out(client, viewer):
    make(viewer.organisation, "Late CRM", 10, 30)
    html = client.get(URL).content.decode()
    assert "notice deadline passed" in html
    assert 'class="renewal-overdue"' in html


def test_horizon_owner_and_status_filters(client, viewer):
    org = viewer.organisation
    make(org, "Soon", 50, 0, business_owner="Dana")
    make(org, "Later", 150, 0, business_owner="Eli", status="trial")
    names = lambda r: {row["entry"].contract.name for row in r.context["rows"]}  # noqa: E731
    assert names(client.get(URL, {"days": 90})) == {"Soon"}
    assert names(client.get(URL, {"days": 180})) == {"Soon", "Later"}
    assert names(client.get(URL, {"days": 365, "owner": "Eli"})) == {"Later"}
    assert names(client.get(URL, {"days": 365, "status": "active"})) == {"Soon"}


def test_bad_input_falls_back_with_a_message_never_a_500(client, viewer):
    make(viewer.organisation, "Soon", 50, 0)
    for query in (
        {"days": "7"},
        {"days": "x"},
        {"view": "year"},
        {"view": "month", "month": "2026-13"},
        {"view": "month", "month": "0001-01"},
        {"view": "quarter", "month": "9999-12"},
        {"status": "nope", "owner": "nobody"},
    ):
        response = client.get(URL, query)
        assert response.status_code == 200, query
        assert "could not be read" in response.content.decode(), query


def test_month_view_puts_entries_on_their_days_and_navigates(client, viewer):
    tool = make(viewer.organisation, "HubSpot", 0, 0)
    tool.renewal_date = dt.date(2027, 2, 10)
    tool.notice_period_days = 14
    tool.save()
    response = client.get(URL, {"view": "month", "month": "2027-02"})
    html = response.content.decode()
    assert 'data-date="2027-02-10"' in html
    ((_grid, weeks),) = response.context["months"]
    days = {day.date: rows for week in weeks for day, rows in week}
    assert [r["entry"].kind for r in days[dt.date(2027, 2, 10)]] == ["renewal"]
    january = client.get(URL, {"view": "month", "month": "2027-01"}).context["months"][0][1]
    days_jan = {day.date: rows for week in january for day, rows in week}
    assert [r["entry"].kind for r in days_jan[dt.date(2027, 1, 27)]] == ["cancel"]
    assert response.context["prev_url"].endswith("month=2027-01")
    assert response.context["next_url"].endswith("month=2027-03")
    # the first column is the locale's first day of the week (Monday in English)
    assert weeks[0][0][0].date.weekday() == 0
    quarter = client.get(URL, {"view": "quarter", "month": "2027-02"})
    assert [g.month for g, _w in quarter.context["months"]] == [1, 2, 3]
    assert quarter.context["next_url"].endswith("month=2027-04")
    assert quarter.context["totals"] == [("12,000 EUR", 1)]


def test_arabic_weeks_start_on_saturday(client, viewer):
    client.cookies["django_language"] = "ar"
    response = client.get(URL, {"view": "month", "month": "2027-02"}, HTTP_ACCEPT_LANGUAGE="ar")
    ((_grid, weeks),) = response.context["months"]
    assert weeks[0][0][0].date.weekday() == 5


def test_htmx_gets_the_partial(client, viewer):
    response = client.get(URL, {"view": "month"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="renewals-body"' in html
    assert "<html" not in html and 'id="subscribe"' not in html


def test_the_stack_and_my_work_link_to_the_page(client, viewer):
    """Not in the main navigation (it stays on one line at 1,200 px with My work and the
    bell): the Stack page's header and My work's renewals link to it."""
    for page, count in (("dashboard", 0), ("tool_list", 1), ("my_work", 1)):
        html = client.get(reverse(page)).content.decode()
        assert html.count(f'href="{URL}"') == count, page


@pytest.mark.parametrize("view", ["list", "month", "quarter"])
def test_query_count_does_not_grow_with_tools(client, viewer, django_assert_max_num_queries, view):
    org = viewer.organisation
    client.get(URL, {"view": view})  # warm the session and the membership
    with django_assert_max_num_queries(8) as few:
        client.get(URL, {"view": view})
    for i in range(25):
        make(org, f"Tool {i}", 10 + i * 5, i % 3 * 10, business_owner=f"Owner {i % 4}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"view": view, "days": 365})
    assert response.status_code == 200
