"""Pages whose heavy part is kept by core.render_cache: the second request is served from
the cache with the same HTML (the CSRF token aside), a write through the app shows at
once, nobody is shown another user's or role's copy, the token in a cached page works, and
the list's column choice is kept.

Another cached page: add a ``CachedPage`` to ``PAGES`` (its URL built from the context
``setup`` returns); the tests of every page run on it.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import _does_token_match
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessment.inventory import services as inventory
from assessment.inventory.services import seed_taxonomy
from assessment.models import Answer, Integration, ItemStatus, RoadmapItem, Tool
from assessment.results import services as results
from assessment.testing.factories import DataObjectFactory, IntegrationFactory, TouchpointFactory
from core import services as core_services
from core.render_cache import SENTINEL
from core.testing.access import sign_in
from core.testing.factories import InvitationFactory, UserFactory
from tests.results.helpers import make_assessment, make_inventory

pytestmark = pytest.mark.django_db

TOKEN_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
TOKEN_HEADER = re.compile(r'"X-CSRFToken": "([^"]*)"')
NONCE = re.compile(r'nonce="[^"]*"')


def setup(membership) -> dict:
    """An inventory with every kind of row, and an assessment with results and a roadmap."""
    organisation = membership.organisation
    seed_taxonomy(organisation=organisation)
    tools = make_inventory(organisation)
    integration = IntegrationFactory(organisation=organisation, source=tools[0], target=tools[1])
    touchpoint = TouchpointFactory(organisation=organisation, name="Checkout page")
    DataObjectFactory(organisation=organisation)
    assessment = make_assessment(organisation)
    results.compute_results(assessment)
    items = RoadmapItem.objects.filter(assessment=assessment).order_by("position")
    return {
        "assessment": assessment,
        "tools": tools,
        "item": items.first(),
        "integration": integration,
        "touchpoint": touchpoint,
    }


@dataclass
class CachedPage:
    url: Callable[[dict], str]
    headers: dict = field(default_factory=dict)


def roadmap(query: str = "") -> Callable[[dict], str]:
    def build(context):
        return reverse("assessment_roadmap", kwargs={"pk": context["assessment"].pk}) + query

    return build


def named(name: str, query: str = "") -> Callable[[dict], str]:
    return lambda context: reverse(name) + query


def of_assessment(name: str, *args: str) -> Callable[[dict], str]:
    return lambda context: reverse(name, args=[context["assessment"].pk, *args])


def of_first(name: str, key: str) -> Callable[[dict], str]:
    """The detail page of the context's first tool (``tools``) or of ``key``'s row."""

    def build(context):
        row = context["tools"][0] if key == "tools" else context[key]
        return reverse(name, args=[row.pk])

    return build


HTMX_RESULTS = {"HX-Request": "true", "HX-Target": "results"}

#: Every page (and partial) cached by core.render_cache.
PAGES = {
    "roadmap": CachedPage(roadmap()),
    "roadmap_table": CachedPage(roadmap("?view=table")),
    "roadmap_filtered": CachedPage(roadmap("?rule=underused_tool")),
    "roadmap_htmx": CachedPage(roadmap(), {"HX-Request": "true", "HX-Target": "roadmap"}),
    "tool_list": CachedPage(named("tool_list")),
    "tool_list_sorted": CachedPage(named("tool_list", "?o=-name&per_page=25")),
    "tool_list_htmx": CachedPage(named("tool_list", "?o=name"), HTMX_RESULTS),
    "integration_list": CachedPage(named("integration_list")),
    "touchpoint_list": CachedPage(named("touchpoint_list")),
    "category_list": CachedPage(named("toolcategory_list")),
    "subcategory_list": CachedPage(named("toolsubcategory_list")),
    "data_object_list": CachedPage(named("dataobject_list")),
    "tool_detail": CachedPage(of_first("tool_detail", "tools")),
    "integration_detail": CachedPage(of_first("integration_detail", "integration")),
    "touchpoint_detail": CachedPage(of_first("touchpoint_detail", "touchpoint")),
    "review_queue": CachedPage(named("integration_review_queue")),
    "tool_add": CachedPage(named("tool_add")),
    "integration_add_inline": CachedPage(named("integration_add"), {"HX-Request": "true"}),
    "home": CachedPage(named("dashboard")),
    "assessment_detail": CachedPage(of_assessment("assessment_detail")),
    "step_current_state": CachedPage(of_assessment("assessment_step", "current_state")),
    "step_stack": CachedPage(of_assessment("assessment_step", "stack")),
    "answers_review": CachedPage(of_assessment("assessment_review")),
    "results_dashboard": CachedPage(of_assessment("assessment_dashboard")),
    "explain_overall": CachedPage(of_assessment("assessment_explain", "overall")),
    "explain_stack": CachedPage(of_assessment("assessment_explain", "stack")),
}


def normalised(html: str) -> str:
    """The page without what differs per response: CSRF tokens (masked anew each time)
    and CSP nonces."""
    html = TOKEN_INPUT.sub('name="csrfmiddlewaretoken" value="TOKEN"', html)
    html = TOKEN_HEADER.sub('"X-CSRFToken": "TOKEN"', html)
    return NONCE.sub('nonce="NONCE"', html)


def tokens_are_valid(client, html: str) -> bool:
    """Every CSRF token in the page matches the client's CSRF cookie."""
    secret = client.cookies["csrftoken"].value
    values = TOKEN_INPUT.findall(html) + TOKEN_HEADER.findall(html)
    return bool(values) and all(_does_token_match(value, secret) for value in values)


def get(client, page: CachedPage, context: dict):
    return client.get(page.url(context), headers=page.headers)


def counted(request: Callable):
    """`request()`'s response and how many queries it ran. (The connection keeps the last
    9,000 queries only, which the set-up may have filled: a capture then miscounts.)"""
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        response = request()
    return response, len(queries)


@pytest.fixture
def same_minute():
    """The step pages are keyed by the minute ("answered 3 minutes ago"): two requests of a
    test must not straddle one."""
    frozen = timezone.now()
    with mock.patch.object(timezone, "now", return_value=frozen):
        yield


@pytest.fixture
def owner(client):
    membership = sign_in(client, "owner")
    return {"membership": membership, **setup(membership)}


# -- 1. the second request comes from the cache -------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_the_second_request_is_served_from_the_cache_with_the_same_html(
    client, owner, name, same_minute
):
    page = PAGES[name]
    first, first_queries = counted(lambda: get(client, page, owner))
    second, second_queries = counted(lambda: get(client, page, owner))
    assert first.status_code == second.status_code == 200
    first_html, second_html = first.content.decode(), second.content.decode()
    assert second_queries < first_queries
    assert normalised(second_html) == normalised(first_html)
    for html in (first_html, second_html):
        assert SENTINEL not in html
        assert tokens_are_valid(client, html)
    if not page.headers:
        assert 'name="csrfmiddlewaretoken"' in second_html


@pytest.mark.parametrize("name", PAGES)
def test_another_request_of_the_same_user_is_not_served_that_copy(client, owner, name, same_minute):
    """Another query, or the other kind of request (htmx or not), gets the page it would
    get with an empty cache, not the stored copy."""
    page = PAGES[name]
    url = page.url(owner)
    other_kind = {} if page.headers else HTMX_RESULTS
    others = [
        (url + ("&" if "?" in url else "?") + "page=1&x=1", page.headers),
        (url, other_kind),
    ]
    for other_url, headers in others:
        cache.clear()
        get(client, page, owner)  # stored
        served = client.get(other_url, headers=headers)
        cache.clear()
        fresh = client.get(other_url, headers=headers)
        assert served.status_code == fresh.status_code == 200
        assert normalised(served.content.decode()) == normalised(fresh.content.decode())


# -- 2. no stale copy ----------------------------------------------------------------------


def page_html(client, url: str, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def cached(client, url: str) -> str:
    """The page, requested twice: the second copy from the cache."""
    page_html(client, url)
    return page_html(client, url)


def test_renaming_a_tool_shows_on_the_tool_list(client, owner):
    url = reverse("tool_list")
    assert "MailBlast" in cached(client, url)
    tool = Tool.objects.get(organisation=owner["membership"].organisation, name="MailBlast")
    inventory.update_object(instance=tool, user=owner["membership"].user, name="MailStorm")
    html = page_html(client, url)
    assert "MailStorm" in html and "MailBlast" not in html


def test_renaming_a_tool_through_its_edit_form_shows_on_the_htmx_list(client, owner):
    url = reverse("tool_list") + "?o=name"
    cached(client, url)
    page_html(client, url, headers=HTMX_RESULTS)
    assert "MailBlast" in page_html(client, url, headers=HTMX_RESULTS)
    tool = Tool.objects.get(organisation=owner["membership"].organisation, name="MailBlast")
    edit = reverse("tool_edit", kwargs={"pk": tool.pk})
    form = client.get(edit).context["form"]
    data = {
        name: form[name].value() for name in form.fields if form[name].value() not in (None, [])
    }
    data["name"] = "MailStorm"
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    for headers in ({}, HTMX_RESULTS):
        html = page_html(client, url, headers=headers)
        assert "MailStorm" in html and "MailBlast" not in html


def test_adding_an_integration_shows_on_the_lists(client, owner):
    organisation, user = owner["membership"].organisation, owner["membership"].user
    integrations, tools = reverse("integration_list"), reverse("tool_list")
    assert "Newcomer" not in cached(client, integrations)
    cached(client, tools)
    source = inventory.create_object(
        model=Tool, organisation=organisation, user=user, name="Newcomer"
    )
    inventory.create_object(
        model=Integration,
        organisation=organisation,
        user=user,
        source=source,
        target=owner["tools"][1],
        method="api",
        frequency="daily",
    )
    assert "Newcomer" in page_html(client, integrations)
    assert "Newcomer" in page_html(client, tools)


def test_a_bulk_action_on_the_tool_list_shows_at_once(client, owner):
    url = reverse("tool_list")
    tool = owner["tools"][0]
    before = cached(client, url)
    row = re.search(rf'data-testid="row-{tool.pk}">.*?</tr>', before, re.S).group(0)
    assert "Retired" not in row
    response = client.post(
        reverse("tool_bulk"), {"pk": [tool.pk], "bulk": "status:retired"}, follow=True
    )
    assert response.status_code == 200
    tool.refresh_from_db()
    assert tool.status == "retired"
    row = re.search(rf'data-testid="row-{tool.pk}">.*?</tr>', page_html(client, url), re.S)
    assert "Retired" in row.group(0)


def item_card(html: str, item) -> str:
    start = html.rfind("<article", 0, html.index(f'id="item-{item.pk}"'))
    return html[start : html.index("</article>", start)]


def test_editing_a_roadmap_item_through_its_view_shows_at_once(client, owner):
    assessment, item = owner["assessment"], owner["item"]
    url = reverse("assessment_roadmap", kwargs={"pk": assessment.pk})
    assert "Renamed by hand" not in cached(client, url)
    edit = reverse("roadmap_item_edit", kwargs={"pk": assessment.pk, "item": item.pk})
    response = client.post(
        edit,
        {"title": "Renamed by hand", "owner": "", "horizon": "now", "impact": "3", "effort": "low"},
    )
    assert response.status_code == 302
    assert "Renamed by hand" in item_card(page_html(client, url), item)


def test_dismissing_and_accepting_through_the_views_show_at_once(client, owner):
    assessment = owner["assessment"]
    first, second = RoadmapItem.objects.filter(assessment=assessment).order_by("position")[:2]
    url = reverse("assessment_roadmap", kwargs={"pk": assessment.pk})
    html = cached(client, url)
    assert "status-open" in item_card(html, first) and "status-open" in item_card(html, second)

    def status(item, action, **data):
        target = reverse(
            "roadmap_item_status", kwargs={"pk": assessment.pk, "item": item.pk, "action": action}
        )
        assert client.post(target, data).status_code == 302

    status(first, "dismiss", reason="Not this year")
    html = page_html(client, url)
    assert "status-dismissed" in item_card(html, first) and "Not this year" in html
    status(second, "accept")
    assert "status-accepted" in item_card(page_html(client, url), second)
    status(first, "reopen")
    assert "status-open" in item_card(page_html(client, url), first)


def test_moving_an_item_up_its_column_shows_at_once(client, owner):
    """The ↑/↓ buttons renumber the column (only positions change)."""
    assessment = owner["assessment"]
    url = reverse("assessment_roadmap", kwargs={"pk": assessment.pk})
    items = RoadmapItem.objects.filter(assessment=assessment).order_by("position")
    horizon = max({i.horizon for i in items}, key=lambda h: sum(i.horizon == h for i in items))
    column = [i for i in items if i.horizon == horizon]
    assert len(column) >= 2

    def order(html):
        return sorted((i.pk for i in column), key=lambda pk: html.index(f'id="item-{pk}"'))

    assert order(cached(client, url)) == [i.pk for i in column]
    move = reverse("roadmap_item_move", kwargs={"pk": assessment.pk, "item": column[1].pk})
    assert client.post(move, {"direction": "up"}).status_code == 302
    moved = list(
        RoadmapItem.objects.filter(pk__in=[i.pk for i in column])
        .order_by("position")
        .values_list("pk", flat=True)
    )
    assert moved[0] == column[1].pk
    assert order(page_html(client, url)) == moved


def test_an_answer_saved_through_the_autosave_view_shows_on_the_roadmap(client, owner):
    assessment = owner["assessment"]
    url = reverse("assessment_roadmap", kwargs={"pk": assessment.pk})
    card = 'data-testid="item-vendor_driven_roadmap"'
    html = cached(client, url)
    assert "status-open" in html[html.index(card) - 200 : html.index(card)]
    answer = Answer.objects.get(assessment=assessment, question_key="vendor_roadmap")
    response = client.post(
        reverse("answer_save", kwargs={"pk": assessment.pk, "question_key": "vendor_roadmap"}),
        {"q-vendor_roadmap-value": "company", "q-vendor_roadmap-base_version": answer.version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    html = page_html(client, url)
    assert "status-resolved" in html[html.index(card) - 200 : html.index(card)]


def test_a_new_answer_through_the_autosave_view_shows_on_every_questionnaire_page(client, owner):
    assessment = owner["assessment"]
    answered = set(
        Answer.objects.filter(assessment=assessment).values_list("question_key", flat=True)
    )
    question = next(
        q
        for section in assessment.framework.step("stack").sections
        for q in section.questions
        if q.type == "single_choice" and q.key not in answered and not q.show_if
    )
    step = reverse("assessment_step", args=[assessment.pk, "stack"])
    pages = [
        step,
        reverse("assessment_review", args=[assessment.pk]),
        reverse("assessment_detail", args=[assessment.pk]),
        reverse("dashboard"),
    ]
    before = {url: cached(client, url) for url in pages}
    response = client.post(
        reverse("answer_save", kwargs={"pk": assessment.pk, "question_key": question.key}),
        {f"q-{question.key}-value": question.choices[0].key, f"q-{question.key}-base_version": 0},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200, response.content.decode()[:500]
    after = {url: page_html(client, url) for url in pages}
    # the step shows the version to send with the next autosave; every page counts it
    assert f'name="q-{question.key}-base_version" value="1"' in after[step]
    for url in pages:
        assert normalised(after[url]) != normalised(before[url]), url


def test_renaming_a_tool_shows_on_its_page_and_home_counts_a_new_one(client, owner):
    tool = owner["tools"][0]
    detail, home = reverse("tool_detail", args=[tool.pk]), reverse("dashboard")
    assert tool.name in cached(client, detail)
    home_before = cached(client, home)
    user = owner["membership"].user
    inventory.update_object(instance=tool, user=user, name="Renamed tool")
    assert "Renamed tool" in page_html(client, detail)
    inventory.create_object(model=Tool, organisation=tool.organisation, user=user, name="One more")
    assert normalised(page_html(client, home)) != normalised(home_before)


def test_a_review_shows_on_the_cached_review_queue(client, owner):
    integration = owner["integration"]
    url = reverse("integration_review_queue")
    assert integration.get_absolute_url() in cached(client, url)
    response = client.post(
        reverse("integration_review", args=[integration.pk]), {"state": "verified", "note": ""}
    )
    assert response.status_code in (200, 302)
    assert integration.get_absolute_url() not in page_html(client, url)


def test_a_member_who_joins_is_offered_as_an_owner(client, owner):
    organisation = owner["membership"].organisation
    url = reverse("assessment_roadmap", kwargs={"pk": owner["assessment"].pk})
    assert "Nadia Newcomer" not in cached(client, url)
    invitation = InvitationFactory(organisation=organisation, email="nadia@example.test")
    user = UserFactory(email="nadia@example.test", first_name="Nadia", last_name="Newcomer")
    core_services.accept_invitation(invitation=invitation, user=user)
    assert '<option value="Nadia Newcomer">' in page_html(client, url)


# -- 3. per user and role ------------------------------------------------------------------


def test_an_owners_cached_pages_are_never_shown_to_a_viewer(client, owner):
    organisation = owner["membership"].organisation
    roadmap_url = reverse("assessment_roadmap", kwargs={"pk": owner["assessment"].pk})
    tools_url = reverse("tool_list")
    owners_roadmap, owners_tools = cached(client, roadmap_url), cached(client, tools_url)
    assert "item-actions" in owners_roadmap and 'data-testid="regenerate"' in owners_roadmap
    assert 'data-testid="bulk-action"' in owners_tools and 'name="pk"' in owners_tools

    viewer = Client()
    sign_in(viewer, "viewer", organisation)
    for _ in range(2):  # and the viewer's own cached copy
        roadmap_page = page_html(viewer, roadmap_url)
        tools_page = page_html(viewer, tools_url)
        assert "item-actions" not in roadmap_page and 'id="add-item"' not in roadmap_page
        assert 'data-testid="regenerate"' not in roadmap_page
        assert 'data-testid="bulk-action"' not in tools_page and 'name="pk"' not in tools_page
        assert "MailBlast" in tools_page
    # and the owner still gets the owner's page
    assert "item-actions" in page_html(client, roadmap_url)


def test_a_member_whose_role_changes_gets_the_page_of_the_new_role(client, owner):
    organisation = owner["membership"].organisation
    editor_client = Client()
    editor = sign_in(editor_client, "editor", organisation)
    url = reverse("tool_list")
    assert 'data-testid="bulk-action"' in cached(editor_client, url)
    core_services.change_role(membership=editor, role="viewer")
    assert 'data-testid="bulk-action"' not in page_html(editor_client, url)


def test_another_organisation_gets_404_and_its_own_lists(client, owner):
    roadmap_url = reverse("assessment_roadmap", kwargs={"pk": owner["assessment"].pk})
    cached(client, roadmap_url)
    cached(client, reverse("tool_list"))
    for role in ("owner", "viewer"):
        stranger = Client()
        sign_in(stranger, role)
        for _ in range(2):
            assert stranger.get(roadmap_url).status_code == 404
            tools = page_html(stranger, reverse("tool_list"))
            assert "MailBlast" not in tools and "Nothing here yet." in tools


# -- 4. the CSRF token of a cached page works ---------------------------------------------


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def form_token(html: str, action: str) -> str:
    start = html.index(f'action="{action}"')
    return TOKEN_INPUT.search(html, start).group(1)


def test_a_roadmap_action_posted_with_the_cached_pages_token_succeeds(csrf_client):
    membership = sign_in(csrf_client, "owner")
    context = setup(membership)
    assessment, item = context["assessment"], context["item"]
    url = reverse("assessment_roadmap", kwargs={"pk": assessment.pk})
    html = cached(csrf_client, url)
    accept = reverse(
        "roadmap_item_status", kwargs={"pk": assessment.pk, "item": item.pk, "action": "accept"}
    )
    assert csrf_client.post(accept).status_code == 403  # checks are on
    response = csrf_client.post(
        accept, {"csrfmiddlewaretoken": form_token(html, accept)}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == ItemStatus.ACCEPTED
    header = TOKEN_HEADER.search(page_html(csrf_client, url)).group(1)
    dismiss = reverse(
        "roadmap_item_status", kwargs={"pk": assessment.pk, "item": item.pk, "action": "reopen"}
    )
    assert csrf_client.post(dismiss, headers={"X-CSRFToken": header}).status_code == 302


def test_a_bulk_action_posted_with_the_cached_lists_token_succeeds(csrf_client):
    membership = sign_in(csrf_client, "owner")
    tool = setup(membership)["tools"][0]
    url = reverse("tool_list")
    html = cached(csrf_client, url)
    token = form_token(html, reverse("tool_bulk"))
    data = {"csrfmiddlewaretoken": token, "pk": [tool.pk], "bulk": "status:retired"}
    response = csrf_client.post(reverse("tool_bulk"), data)
    assert response.status_code == 302
    tool.refresh_from_db()
    assert tool.status == "retired"


def test_a_cached_page_works_for_a_new_session_of_the_same_user(csrf_client):
    """The stored copy carries no session's token: signed in again (new CSRF secret), the
    same user's cached page has tokens of the new session."""
    membership = sign_in(csrf_client, "owner")
    tool = setup(membership)["tools"][0]
    url = reverse("tool_list")
    cached(csrf_client, url)
    fresh = Client(enforce_csrf_checks=True)
    fresh.force_login(membership.user)
    session = fresh.session
    session.update(csrf_client.session.items())
    session.save()
    html = page_html(fresh, url)
    assert tokens_are_valid(fresh, html)
    response = fresh.post(
        reverse("tool_bulk"),
        {
            "csrfmiddlewaretoken": form_token(html, reverse("tool_bulk")),
            "pk": [tool.pk],
            "bulk": "status:retired",
        },
    )
    assert response.status_code == 302


# -- 5. the column choice ------------------------------------------------------------------


def headers_of(html: str) -> list[str]:
    table = html[html.index("<thead>") : html.index("</thead>")]
    return re.findall(r'<th scope="col"[^>]*>\s*(?:<a [^>]*>)?([^<▲▼]+?)\s*(?:[▲▼]|<)', table)


def test_a_column_choice_is_kept_even_when_the_page_comes_from_the_cache(client, owner):
    url = reverse("tool_list")
    chosen = url + "?cols=name&cols=vendor"
    first, rendered = counted(lambda: client.get(chosen))
    assert "Vendor" in headers_of(first.content.decode())  # stored for this query
    other = page_html(client, url + "?cols=name&cols=status")  # the session now: name, status
    assert "Vendor" not in headers_of(other) and "Status" in headers_of(other)
    again, from_cache = counted(lambda: client.get(chosen))
    assert from_cache < rendered
    assert "Vendor" in headers_of(again.content.decode())
    assert client.session["columns:tool"] == ["name", "vendor"]
    plain = page_html(client, url)
    assert "Vendor" in headers_of(plain) and "Status" not in headers_of(plain)
    assert "Annual cost" not in headers_of(plain)


# -- found while writing these ---------------------------------------------------------------


def test_the_roadmap_item_edit_page_without_htmx_twice(client, owner):
    """Without JavaScript, "Edit" opens the roadmap page with the item's form: a GET,
    cached like the page; the second request must not fail on the context it skipped."""
    assessment, item = owner["assessment"], owner["item"]
    url = reverse("roadmap_item_edit", kwargs={"pk": assessment.pk, "item": item.pk})
    for _ in range(2):
        html = page_html(client, url)
        assert 'name="title"' in item_card(html, item) and SENTINEL not in html


def test_the_tool_list_follows_the_day(client, owner):
    """ "Last day to cancel" is marked when it is 90 days away or less: the next day's list
    must not be yesterday's copy (the roadmap's key has the day for the same reason)."""
    today = timezone.localdate()
    tool = owner["tools"][0]
    Tool.objects.filter(pk=tool.pk).update(
        renewal_date=today + dt.timedelta(days=121), notice_period_days=30
    )
    url = reverse("tool_list") + "?cols=name&cols=last_day_to_cancel"

    def marked(html):
        row = re.search(rf'data-testid="row-{tool.pk}">.*?</tr>', html, re.S).group(0)
        return "text-danger" in row

    assert not marked(cached(client, url))  # 91 days away
    with mock.patch("django.utils.timezone.localdate", return_value=today + dt.timedelta(2)):
        assert marked(page_html(client, url))  # 89 days away


def test_a_boosted_request_and_an_htmx_request_get_their_own_copies(client, owner):
    """A boosted request (whole page, no HX-Target: <body> has no id) and an htmx request
    of the same URL without a target (the list's partial) are different responses."""
    url = reverse("tool_list")
    boosted = page_html(client, url, headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert 'class="page-header"' in boosted
    partial = page_html(client, url, headers={"HX-Request": "true"})
    assert 'class="page-header"' not in partial
    assert partial.lstrip().startswith('<div id="results"')
