"""IT's review queue (issue 17): filters, sort, pages, bulk verify/flag per role, bad input,
the render cache per query string, the bulk service (all or nothing) and query counts."""

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessment.inventory import services
from assessment.models import Integration, ReviewState
from assessment.testing.factories import (
    DataObjectFactory,
    IntegrationFactory,
    ToolCategoryFactory,
    ToolFactory,
)
from core.services import ServiceError
from core.testing.access import ALL_ROLES, sign_in

pytestmark = pytest.mark.django_db

QUEUE = reverse("integration_review_queue")
BULK = reverse("integration_review_bulk")
HTMX = {"HX-Request": "true", "HX-Target": "review-queue"}
REVIEWERS = ("owner", "reviewer")  # integration.review
ROW = re.compile(r'data-testid="review-(\d+)"')


def shown(response) -> list[int]:
    """The integrations listed, in the page's order."""
    return [int(pk) for pk in ROW.findall(response.content.decode())]


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def state(*integrations) -> list[str]:
    return [Integration.objects.get(pk=i.pk).review_state for i in integrations]


@pytest.fixture
def queue(client):
    """A reviewer's organisation with integrations chosen to tell every filter apart."""
    membership = sign_in(client, "reviewer")
    org = membership.organisation
    crm, email = ToolCategoryFactory(organisation=org), ToolCategoryFactory(organisation=org)
    salesforce = ToolFactory(organisation=org, name="Salesforce", category=crm)
    mailchimp = ToolFactory(organisation=org, name="Mailchimp", category=email)
    slack = ToolFactory(organisation=org, name="Slack")
    asana = ToolFactory(organisation=org, name="Asana")
    rows = {
        "sf_mc": IntegrationFactory(
            organisation=org, source=salesforce, target=mailchimp, method="native"
        ),
        "slack_asana": IntegrationFactory(
            organisation=org, source=slack, target=asana, method="webhook", status="broken"
        ),
        "asana_sf": IntegrationFactory(
            organisation=org,
            source=asana,
            target=salesforce,
            method="api",
            review_state=ReviewState.FLAGGED,
            review_note="Fails nightly",
        ),
        "mc_slack": IntegrationFactory(
            organisation=org, source=mailchimp, target=slack, method="file", status="planned"
        ),
        "verified": IntegrationFactory(
            organisation=org, source=slack, target=mailchimp, review_state=ReviewState.VERIFIED
        ),
    }
    # Added a day apart, in this order (oldest first).
    start = timezone.now() - dt.timedelta(days=10)
    for n, name in enumerate(["asana_sf", "slack_asana", "mc_slack", "sf_mc", "verified"]):
        Integration.objects.filter(pk=rows[name].pk).update(created_at=start + dt.timedelta(days=n))
    return {
        "membership": membership,
        "rows": rows,
        "tools": {"salesforce": salesforce, "mailchimp": mailchimp, "slack": slack},
        "categories": {"crm": crm, "email": email},
    }


def pks(queue, *names) -> list[int]:
    return [queue["rows"][name].pk for name in names]


# -- filters, sort, pages ----------------------------------------------------------------


def test_the_queue_lists_unreviewed_and_flagged_oldest_first(client, queue):
    response = client.get(QUEUE)
    assert shown(response) == pks(queue, "asana_sf", "slack_asana", "mc_slack", "sf_mc")
    page = html(response)
    assert "4 integrations to review" in page and "Showing 1–4" in page
    assert "3 unreviewed, 1 flagged" in page
    assert "{#" not in page and "{%" not in page  # no template comment shows


@pytest.mark.parametrize(
    "query, expected",
    [
        ("review_state=flagged", ["asana_sf"]),
        ("review_state=unreviewed", ["slack_asana", "mc_slack", "sf_mc"]),
        ("status=broken", ["slack_asana"]),
        ("method=file", ["mc_slack"]),
        ("q=sales", ["asana_sf", "sf_mc"]),  # source or target name
        ("q=  ASANA ", ["asana_sf", "slack_asana"]),
        ("status=live&method=native", ["sf_mc"]),
    ],
)
def test_filters(client, queue, query, expected):
    response = client.get(f"{QUEUE}?{query}")
    assert shown(response) == pks(queue, *expected)
    assert f"{len(expected)} of 4 to review" in html(response)


def test_a_tool_filter_matches_source_or_target(client, queue):
    slack = queue["tools"]["slack"]
    assert shown(client.get(f"{QUEUE}?tool={slack.pk}")) == pks(queue, "slack_asana", "mc_slack")


def test_a_category_filter_matches_either_tool(client, queue):
    crm, email = queue["categories"]["crm"], queue["categories"]["email"]
    assert shown(client.get(f"{QUEUE}?category={crm.pk}")) == pks(queue, "asana_sf", "sf_mc")
    assert shown(client.get(f"{QUEUE}?category={email.pk}")) == pks(queue, "mc_slack", "sf_mc")


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("", ["asana_sf", "slack_asana", "mc_slack", "sf_mc"]),
        ("oldest", ["asana_sf", "slack_asana", "mc_slack", "sf_mc"]),
        ("newest", ["sf_mc", "mc_slack", "slack_asana", "asana_sf"]),
        ("source", ["asana_sf", "mc_slack", "sf_mc", "slack_asana"]),
        ("target", ["slack_asana", "sf_mc", "asana_sf", "mc_slack"]),
        ("flagged", ["asana_sf", "slack_asana", "mc_slack", "sf_mc"]),
    ],
)
def test_sorting(client, queue, sort, expected):
    assert shown(client.get(f"{QUEUE}?o={sort}")) == pks(queue, *expected)


def test_flagged_first_puts_flagged_ones_before_older_unreviewed_ones(client, queue):
    newest_flag = queue["rows"]["sf_mc"]
    services.review_integration(
        integration=newest_flag, user=None, state=ReviewState.FLAGGED, note="Wrong field"
    )
    order = shown(client.get(f"{QUEUE}?o=flagged"))
    assert order == pks(queue, "asana_sf", "sf_mc", "slack_asana", "mc_slack")


def many(organisation, n: int, **fields) -> list[Integration]:
    """n integrations between a few tools (quick to make), created in pk order."""
    tools = ToolFactory.create_batch(4, organisation=organisation)
    now = timezone.now()
    made = Integration.objects.bulk_create(
        Integration(
            organisation=organisation,
            source=tools[i % 4],
            target=tools[(i + 1) % 4],
            **fields,
        )
        for i in range(n)
    )
    for i, integration in enumerate(made):  # created a minute apart, oldest first
        Integration.objects.filter(pk=integration.pk).update(
            created_at=now - dt.timedelta(minutes=n - i)
        )
    return made


def test_pages_of_25_with_a_clear_count(client, signed_in):
    membership = signed_in("reviewer")
    made = many(membership.organisation, 52)
    first = client.get(QUEUE)
    page = html(first)
    assert "52 integrations to review" in page and "Showing 1–25" in page
    assert shown(first) == [i.pk for i in made[:25]]
    last = client.get(f"{QUEUE}?page=3")
    assert shown(last) == [i.pk for i in made[50:]] and "Showing 51–52" in html(last)
    # A page past the end, or no page number at all, shows the nearest page.
    assert shown(client.get(f"{QUEUE}?page=99")) == shown(last)
    assert shown(client.get(f"{QUEUE}?page=x")) == shown(first)


def test_page_links_keep_the_filters_and_the_sort(client, signed_in):
    membership = signed_in("reviewer")
    made = many(membership.organisation, 30, method="file")
    many(membership.organisation, 5, method="api")
    response = client.get(f"{QUEUE}?method=file&o=newest")
    page = html(response)
    assert "30 of 35 to review match these filters" in page and "Showing 1–25" in page
    link = f"{QUEUE}?method=file&amp;o=newest&amp;page=2"
    assert f'href="{link}"' in page and f'hx-get="{link}"' in page
    second = client.get(f"{QUEUE}?method=file&o=newest&page=2")
    assert shown(second) == [i.pk for i in reversed(made[:5])]
    assert f'href="{QUEUE}?method=file&amp;o=newest&amp;page=1"' in html(second)
    # The review forms post back to the queue as shown: filters, sort and page.
    assert f'action="{BULK}?method=file&amp;o=newest&amp;page=2"' in html(second)


def test_htmx_requests_get_the_queue_partial(client, queue):
    response = client.get(f"{QUEUE}?method=file", headers=HTMX)
    page = html(response)
    assert page.lstrip().startswith('<div id="review-queue">') and "<html" not in page
    assert shown(response) == pks(queue, "mc_slack")
    # the count is read out through the page's live region
    assert '<div id="queue-status" hx-swap-oob="innerHTML">1 of 4 to review' in page


@pytest.mark.parametrize(
    "query",
    [
        "o=bogus",
        "o=-created_at",
        "review_state=verified",
        "status=nonsense",
        "method=carrier-pigeon",
        "tool=abc",
        "tool=999999",
        "category=1e9",
        "q=%00",
        "tool=0&page=-1",
    ],
)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_bad_filter_values_show_an_error_and_an_empty_list(client, queue, query, headers):
    response = client.get(f"{QUEUE}?{query}", headers=headers)
    page = html(response)  # never a 500
    assert 'data-testid="filter-errors"' in page and shown(response) == []
    assert "Nothing matches these filters." in page
    if not headers:
        assert 'class="invalid-feedback d-block"' in page  # next to the field


def test_another_organisations_tool_is_not_a_filter_choice(client, queue):
    foreign_tool = ToolFactory(name="Foreign tool")
    response = client.get(f"{QUEUE}?tool={foreign_tool.pk}")
    assert 'data-testid="filter-errors"' in html(response) and shown(response) == []
    assert "Foreign tool" not in html(response)


# -- per role ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_filters_sorts_and_pages_the_queue(client, role):
    membership = sign_in(client, role)
    made = many(membership.organisation, 30, method="file")
    response = client.get(f"{QUEUE}?method=file&o=newest&page=2")
    assert shown(response) == [i.pk for i in reversed(made[:5])]
    page = html(response)
    may_review = role in REVIEWERS
    assert ('data-testid="bulk-review"' in page) is may_review
    assert ('name="pk"' in page) is may_review
    assert ('data-select-all="pk"' in page) is may_review


@pytest.mark.parametrize("role", ALL_ROLES)
def test_bulk_verify_per_role(client, role):
    membership = sign_in(client, role)
    first, second, untouched = many(membership.organisation, 3)
    response = client.post(f"{BULK}?o=newest", {"pk": [first.pk, second.pk], "state": "verified"})
    if role in REVIEWERS:
        assert response.status_code == 302 and response["Location"] == f"{QUEUE}?o=newest"
        assert state(first, second, untouched) == ["verified", "verified", "unreviewed"]
        reviewed = Integration.objects.get(pk=first.pk)
        assert reviewed.reviewed_by == membership.user and reviewed.reviewed_at is not None
        assert [str(m) for m in get_messages(response.wsgi_request)] == ["Verified 2 integrations."]
    else:
        assert response.status_code == 403
        assert state(first, second, untouched) == ["unreviewed"] * 3


@pytest.mark.parametrize("role", ALL_ROLES)
def test_bulk_flag_per_role(client, role):
    membership = sign_in(client, role)
    first, second = many(membership.organisation, 2)
    data = {"pk": [first.pk, second.pk], "state": "flagged", "note": " Token expired "}
    response = client.post(BULK, data, headers=HTMX)
    if role in REVIEWERS:
        page = html(response)
        assert "Flagged 2 integrations." in page and "2 integrations to review" in page
        flagged = Integration.objects.filter(pk__in=[first.pk, second.pk])
        assert {(i.review_state, i.review_note) for i in flagged} == {("flagged", "Token expired")}
    else:
        assert response.status_code == 403
        assert state(first, second) == ["unreviewed"] * 2


@pytest.mark.parametrize("role", ALL_ROLES)
def test_another_organisations_ids_are_a_404_and_change_nothing(client, role):
    membership = sign_in(client, role)
    own = many(membership.organisation, 1)[0]
    foreign = IntegrationFactory()
    for ids in ([foreign.pk], [own.pk, foreign.pk], [own.pk, 987654]):
        for headers in ({}, HTMX):
            response = client.post(BULK, {"pk": ids, "state": "verified"}, headers=headers)
            assert response.status_code == 404, (role, ids)
    assert state(own, foreign) == ["unreviewed", "unreviewed"]


@pytest.mark.parametrize("bad", ["abc", "-1", "1.5", "١٢", "9" * 30, ""])
def test_ids_that_are_no_ids_are_a_404(client, signed_in, bad):
    membership = signed_in("reviewer")
    own = many(membership.organisation, 1)[0]
    response = client.post(BULK, {"pk": [own.pk, bad], "state": "verified"})
    assert response.status_code == 404 and state(own) == ["unreviewed"]


def test_bulk_errors_change_nothing_and_say_why(client, signed_in):
    membership = signed_in("reviewer")
    first, second = many(membership.organisation, 2)
    ids = [first.pk, second.pk]
    response = client.post(BULK, {"pk": ids, "state": "flagged", "note": "  "}, headers=HTMX)
    assert response.status_code == 422
    assert "Say what is wrong when you flag an integration." in response.content.decode()
    response = client.post(BULK, {"state": "verified"}, headers=HTMX)
    assert response.status_code == 422
    assert "Select at least one integration." in response.content.decode()
    response = client.post(BULK, {"pk": ids, "state": "unreviewed"})
    assert response.status_code == 302
    assert any("valid choice" in str(m) for m in get_messages(response.wsgi_request))
    assert state(first, second) == ["unreviewed", "unreviewed"]


def test_bulk_verify_renders_the_filtered_queue_again(client, signed_in):
    membership = signed_in("reviewer")
    files = many(membership.organisation, 4, method="file")
    apis = many(membership.organisation, 2, method="api")
    response = client.post(
        f"{BULK}?method=file", {"pk": [files[0].pk, files[1].pk], "state": "verified"}
    )
    assert response["Location"] == f"{QUEUE}?method=file"
    response = client.post(
        f"{BULK}?method=file", {"pk": [files[2].pk], "state": "verified"}, headers=HTMX
    )
    page = html(response)
    assert shown(response) == [files[3].pk]
    assert "1 of 3 to review matches these filters" in page and "Verified 1 integration." in page
    assert state(*apis) == ["unreviewed", "unreviewed"]


def test_a_single_review_keeps_the_filters(client, queue):
    row = queue["rows"]["slack_asana"]
    url = reverse("integration_review", kwargs={"pk": row.pk}) + "?review_state=unreviewed"
    response = client.post(url, {"state": "verified"}, headers=HTMX)
    page = html(response)
    assert shown(response) == pks(queue, "mc_slack", "sf_mc")
    assert "Verified Slack → Asana." in page
    # Without JavaScript, the row's form goes back to the queue as it was.
    row = queue["rows"]["mc_slack"]
    response = client.post(
        reverse("integration_review", kwargs={"pk": row.pk}),
        {"state": "verified", "next": f"{QUEUE}?review_state=unreviewed&page=1"},
    )
    assert response["Location"] == f"{QUEUE}?review_state=unreviewed&page=1"


# -- the render cache ----------------------------------------------------------------------


def queries(client, url: str, **kwargs) -> tuple[str, int]:
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **kwargs)
    return html(response), len(captured)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_filtered_page_is_never_served_another_filters_copy(client, queue, headers):
    flagged_url = f"{QUEUE}?review_state=flagged"
    unreviewed_url = f"{QUEUE}?review_state=unreviewed"
    first, cold = queries(client, flagged_url, headers=headers)
    again, warm = queries(client, flagged_url, headers=headers)
    assert warm < cold and ROW.findall(again) == ROW.findall(first)  # from the cache
    marker = 'data-testid="review-{}"'
    flagged, unreviewed = pks(queue, "asana_sf"), pks(queue, "slack_asana", "mc_slack", "sf_mc")
    for url, expected in [
        (unreviewed_url, unreviewed),
        (f"{QUEUE}?review_state=unreviewed&o=newest", unreviewed[::-1]),
        (f"{unreviewed_url}&page=1", unreviewed),
        (flagged_url, flagged),
    ]:
        page, _count = queries(client, url, headers=headers)
        assert ROW.findall(page) == [str(pk) for pk in expected], url
    assert marker.format(flagged[0]) not in queries(client, unreviewed_url, headers=headers)[0]


def test_a_bulk_review_shows_on_the_cached_queue(client, queue):
    url = f"{QUEUE}?method=native"
    row = queue["rows"]["sf_mc"]
    assert [int(pk) for pk in ROW.findall(queries(client, url)[0])] == [row.pk]
    assert [int(pk) for pk in ROW.findall(queries(client, url)[0])] == [row.pk]  # cached
    client.post(f"{BULK}?method=native", {"pk": [row.pk], "state": "verified"})
    assert ROW.findall(queries(client, url)[0]) == []


# -- the service ---------------------------------------------------------------------------


def test_review_integrations_verifies_and_flags_all_of_them(queue):
    user = queue["membership"].user
    org = queue["membership"].organisation
    rows = [queue["rows"][n] for n in ("sf_mc", "slack_asana", "asana_sf")]
    count = services.review_integrations(
        organisation=org, ids=[r.pk for r in rows], user=user, state="verified"
    )
    assert count == 3 and state(*rows) == ["verified"] * 3
    reviewed = Integration.objects.get(pk=rows[2].pk)
    assert reviewed.review_note == "" and reviewed.reviewed_by == user  # the flag's note goes
    count = services.review_integrations(
        organisation=org, ids={rows[0].pk}, user=user, state="flagged", note=" Check SSO "
    )
    flagged = Integration.objects.get(pk=rows[0].pk)
    assert count == 1 and (flagged.review_state, flagged.review_note) == ("flagged", "Check SSO")


def test_review_integrations_is_all_or_nothing(queue):
    user, org = queue["membership"].user, queue["membership"].organisation
    own = [queue["rows"]["sf_mc"], queue["rows"]["slack_asana"]]
    foreign = IntegrationFactory()
    before = {i.pk: Integration.objects.get(pk=i.pk).updated_at for i in [*own, foreign]}
    with pytest.raises(Integration.DoesNotExist):
        services.review_integrations(
            organisation=org, ids=[own[0].pk, foreign.pk, own[1].pk], user=user, state="verified"
        )
    with pytest.raises(Integration.DoesNotExist):  # one deleted meanwhile
        services.review_integrations(
            organisation=org, ids=[own[0].pk, 987654], user=user, state="verified"
        )
    assert state(*own, foreign) == ["unreviewed"] * 3
    assert {i.pk: Integration.objects.get(pk=i.pk).updated_at for i in [*own, foreign]} == before


@pytest.mark.parametrize(
    "ids, verdict, note, message",
    [
        ([], "verified", "", "Select at least one integration."),
        (None, "flagged", "  ", "Say what is wrong when you flag an integration."),
        (None, "unreviewed", "", "Choose “verified” or “flagged”."),
    ],
)
def test_review_integrations_keeps_the_rules_of_one_review(queue, ids, verdict, note, message):
    org = queue["membership"].organisation
    rows = [queue["rows"]["sf_mc"], queue["rows"]["mc_slack"]]
    with pytest.raises(ServiceError, match=message):
        services.review_integrations(
            organisation=org,
            ids=[r.pk for r in rows] if ids is None else ids,
            user=queue["membership"].user,
            state=verdict,
            note=note,
        )
    assert state(*rows) == ["unreviewed", "unreviewed"]


# -- queries ---------------------------------------------------------------------------------


def grow_to(organisation, n: int) -> None:
    """n integrations in the queue, with categories, data objects and flags (what a row shows)."""
    have = Integration.objects.filter(organisation=organisation).count()
    category = ToolCategoryFactory(organisation=organisation)
    tools = ToolFactory.create_batch(4, organisation=organisation, category=category)
    objects = DataObjectFactory.create_batch(2, organisation=organisation)
    made = Integration.objects.bulk_create(
        Integration(
            organisation=organisation,
            source=tools[i % 4],
            target=tools[(i + 1) % 4],
            criticality="high",
            review_state=ReviewState.FLAGGED if i % 3 == 0 else ReviewState.UNREVIEWED,
            review_note="Check" if i % 3 == 0 else "",
        )
        for i in range(n - have)
    )
    Link = Integration.data_objects.through
    Link.objects.bulk_create(
        Link(integration_id=i.pk, dataobject_id=objects[k].pk) for i in made for k in range(2)
    )


@pytest.mark.parametrize(
    "query, headers",
    [("", {}), ("?method=api&o=flagged&q=tool", {}), ("?o=target&page=2", HTMX)],
    ids=["page", "filtered", "htmx"],
)
def test_the_queue_runs_a_constant_number_of_queries(
    client, signed_in, django_assert_max_num_queries, query, headers
):
    membership = signed_in("reviewer")
    org = membership.organisation
    counts = []
    for n in (10, 100):
        grow_to(org, n)
        cache.clear()  # cold: the page is built, not read from the cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get(QUEUE + query, headers=headers).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    cache.clear()
    with django_assert_max_num_queries(12):
        client.get(QUEUE + query, headers=headers)


def test_a_bulk_review_of_a_page_runs_a_constant_number_of_queries(client, signed_in):
    membership = signed_in("reviewer")
    org = membership.organisation
    counts = []
    for n in (3, 25):
        grow_to(org, n)
        ids = list(
            Integration.objects.filter(organisation=org, review_state="unreviewed")
            .order_by("pk")
            .values_list("pk", flat=True)[:n]
        )
        with CaptureQueriesContext(connection) as captured:
            response = client.post(BULK, {"pk": ids, "state": "verified"}, headers=HTMX)
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
