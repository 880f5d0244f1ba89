"""GET /api/v1/renewals/: the renewals list for every role that may see tools; read-only;
another organisation's tools never appear."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.testing.factories import ToolFactory
from core.testing.access import ALL_ROLES
from core.testing.api import APITestCases, api_client_for
from core.testing.factories import OrganisationFactory

URL = reverse("api-renewal-list")


def soon(organisation, days=40, notice=30, **kwargs):
    return ToolFactory(
        organisation=organisation,
        renewal_date=timezone.localdate() + dt.timedelta(days=days),
        notice_period_days=notice,
        **kwargs,
    )


class TestRenewalAPI(APITestCases.List):
    """The per-role matrix (tests/api/test_matrix.py): every role reads it."""

    basename = "api-renewal"
    roles = {"view": ALL_ROLES}
    id_field = "tool"

    def make_object(self, organisation):
        return soon(organisation)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_list_is_the_pages_and_only_the_organisations(role):
    client, membership = api_client_for(role)
    org = membership.organisation
    tool = soon(
        org,
        40,
        30,
        annual_cost=Decimal("1234.5"),
        currency="EUR",
        business_owner="Dana",
        auto_renewal=False,
        licensed_seats=8,
        active_users_30d=2,
    )
    late = soon(org, 10, 30, licensed_seats=0)
    soon(org, 200, 0)  # past 90 days
    foreign = soon(OrganisationFactory(), 20, 0)
    body = client.get(URL).json()
    assert [(r["tool"], r["kind"], r["overdue"]) for r in body["results"]] == [
        (late.pk, "cancel", True),
        (tool.pk, "cancel", False),  # the same day as the renewal below: deadlines first
        (late.pk, "renewal", False),
        (tool.pk, "renewal", False),
    ]
    assert foreign.pk not in {r["tool"] for r in body["results"]}
    row = body["results"][3]
    assert row == {
        "tool": tool.pk,
        "tool_name": tool.name,
        "kind": "renewal",
        "date": tool.renewal_date.isoformat(),
        "days_left": 40,
        "overdue": False,
        "renewal_date": tool.renewal_date.isoformat(),
        "notice_period_days": 30,
        "annual_cost": "1234.50",
        "currency": "EUR",
        "utilisation": 0.25,
        "business_owner": "Dana",
        "auto_renewal": False,
        "status": "active",
    }
    assert body["results"][0]["utilisation"] is None
    assert client.get(URL, {"days": 365}).json()["count"] == 6
    assert client.get(URL, {"days": 365, "owner": "dana"}).json()["count"] == 2


@pytest.mark.django_db
def test_bad_parameters_are_400_and_it_is_read_only():
    client, _membership = api_client_for("owner")
    assert client.get(URL, {"days": 7}).status_code == 400
    assert client.get(URL, {"days": "x"}).status_code == 400
    assert client.get(URL, {"status": "gone"}).status_code == 400
    assert client.post(URL, {}, format="json").status_code == 405


def test_signed_out_is_refused(client, db):
    assert client.get(URL).status_code in (401, 403)
