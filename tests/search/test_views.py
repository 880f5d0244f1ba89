"""/search/: the page, the navigation bar's drop-down (htmx partial), sign-in and tenancy,
odd queries, a constant number of queries, and the search box in the navigation bar."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.models import Tool
from assessment.results import services as results
from assessment.search import selectors
from assessment.testing.factories import IntegrationFactory, ToolFactory, TouchpointFactory
from core.models import Role
from core.testing.access import ALL_ROLES, Page, PageAccessTests, sign_in
from core.testing.csp import nonce_of, policy_problems
from core.testing.factories import UserFactory
from tests.questionnaire.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

URL = reverse("search")
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "global-search-dropdown"}


class TestSearchPageAccess(PageAccessTests):
    """Every role may search (each kind then depends on the role: test_selectors)."""

    pages = {
        "search": Page(URL + "?q=tool", ALL_ROLES),
        "search_empty": Page(URL, ALL_ROLES),
        "search_short": Page(URL + "?q=t", ALL_ROLES),
    }


def get(client, text=None, htmx=False, **extra):
    data = {} if text is None else {"q": text}
    response = client.get(URL, data, **(HTMX if htmx else {}), **extra)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def editor(client):
    return sign_in(client, Role.EDITOR)


def make_tools(organisation, count: int, prefix: str = "Widget") -> None:
    Tool.objects.bulk_create(
        Tool(organisation=organisation, name=f"{prefix} {n:04d}", annual_cost=Decimal(100))
        for n in range(count)
    )


# -- the page and the partial ------------------------------------------------------------


def test_the_page_lists_every_kind_with_links(client, editor):
    organisation = editor.organisation
    tool = ToolFactory(organisation=organisation, name="Salesforce Sales Cloud")
    mail = ToolFactory(organisation=organisation, name="Mailchimp")
    integration = IntegrationFactory(organisation=organisation, source=tool, target=mail)
    point = TouchpointFactory(organisation=organisation, name="Salesforce web form")
    assessment = AssessmentFactory(organisation=organisation)
    item = results.add_item(assessment=assessment, data={"title": "Salesforce clean-up"})
    content = get(client, "salesforce")
    assert "<html" in content and 'role="search"' in content
    for url in (
        tool.get_absolute_url(),
        integration.get_absolute_url(),
        point.get_absolute_url(),
        reverse("assessment_roadmap", args=[assessment.pk]) + f"#item-{item.pk}",
    ):
        assert f'href="{url}"' in content, url
    assert "<mark>Salesforce</mark>" in content
    assert 'aria-live="polite"' in content and "4 results for “salesforce”" in content
    assert content.count('class="search-group"') == 4  # tools, integrations, touchpoints, roadmap


def test_a_question_links_to_its_step(client, editor):
    assessment = AssessmentFactory(organisation=editor.organisation)
    content = get(client, "shadowing")
    step = reverse("assessment_step", args=[assessment.pk, "current_state"])
    assert f'href="{step}#question-sales_shadowing"' in content
    assert 'id="question-sales_shadowing"' in client.get(step).content.decode()


def test_the_dropdown_is_the_results_partial_with_fewer_matches(client, editor):
    make_tools(editor.organisation, 8)
    content = get(client, "widget", htmx=True)
    assert "<html" not in content and "<nav" not in content
    assert 'data-testid="search-results"' in content
    assert content.count('class="search-hit"') == selectors.DROPDOWN_LIMIT
    assert "3 more" in content and 'data-testid="search-all"' in content
    # the count goes to the navigation bar's live region
    assert '<span id="global-search-status" hx-swap-oob="innerHTML">8 results</span>' in content
    page = get(client, "widget")
    assert page.count('class="search-hit"') == 8 and "more" not in page


def test_the_page_links_more_to_the_filtered_list(client, editor):
    make_tools(editor.organisation, selectors.PAGE_LIMIT + 2)
    content = get(client, "widget")
    assert content.count('class="search-hit"') == selectors.PAGE_LIMIT
    assert f'<a href="{reverse("tool_list")}?q=widget">2 more</a>' in content


def test_user_text_is_escaped_never_marked_safe(client, editor):
    ToolFactory(organisation=editor.organisation, name="<script>alert(1)</script> Evil")
    for htmx in (False, True):
        content = get(client, "<script>", htmx=htmx)
        assert "<script>alert" not in content
        assert "<mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt; Evil" in content


def test_right_to_left_pages_show_the_results(client, editor):
    ToolFactory(organisation=editor.organisation, name="Mailchimp")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    content = get(client, "mail")
    assert '<html lang="ar" dir="rtl">' in content
    assert '<bdi class="search-hit-label"><mark>Mail</mark>chimp</bdi>' in content


# -- who may search --------------------------------------------------------------------------


def test_signed_out_is_sent_to_log_in(client):
    response = client.get(URL, {"q": "tool"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.get(URL, {"q": "tool"}, **HTMX)
    assert response.status_code == 302


def test_a_user_without_an_organisation_is_sent_to_create_one(client):
    client.force_login(UserFactory())
    response = client.get(URL, {"q": "tool"})
    assert response.status_code == 302 and response["Location"] == reverse("organisation_create")


def test_another_organisations_member_sees_none_of_its_rows(client, member_factory):
    owner = member_factory(Role.OWNER)
    organisation = owner.organisation
    tool = ToolFactory(organisation=organisation, name="Zephyr CRM")
    TouchpointFactory(organisation=organisation, name="Zephyr landing")
    results.add_item(
        assessment=AssessmentFactory(organisation=organisation), data={"title": "Zephyr"}
    )
    outsider = sign_in(client, Role.OWNER)
    for htmx in (False, True):
        content = get(client, "zephyr", htmx=htmx)
        assert "Zephyr" not in content and tool.get_absolute_url() not in content
        assert 'data-testid="search-empty"' in content
    assert outsider.organisation != organisation


# -- odd queries -------------------------------------------------------------------------------


def test_an_empty_or_short_query_shows_a_hint_not_every_row(client, editor):
    make_tools(editor.organisation, 3)
    for text in (None, "", "   ", "t"):
        content = get(client, text)
        assert 'data-testid="search-hint"' in content
        assert "Type at least 2 characters to search." in content
        assert 'class="search-hit"' not in content


def test_the_dropdown_closes_on_an_empty_query(client, editor):
    content = get(client, "", htmx=True)
    assert 'data-testid="search-results"' not in content
    assert '<span id="global-search-status" hx-swap-oob="innerHTML"></span>' in content
    assert 'data-testid="search-hint"' in get(client, "t", htmx=True)


def test_an_overlong_query_is_cut_with_a_message(client, editor):
    ToolFactory(organisation=editor.organisation, name="a" * 150)
    for htmx in (False, True):
        content = get(client, "a" * 5000, htmx=htmx)
        assert 'data-testid="search-truncated"' in content
        assert "only the first 100 were searched" in content
        assert 'class="search-hit"' in content


@pytest.mark.parametrize(
    "text", ["\x00", "sales\x00force", "%", "%%", "_", "'; drop table", "\\", "🙂🙂", "\u202e x"]
)
def test_odd_characters_never_fail(client, editor, text):
    ToolFactory(organisation=editor.organisation, name="Salesforce")
    get(client, text)
    get(client, text, htmx=True)


def test_several_q_parameters_use_the_last(client, editor):
    ToolFactory(organisation=editor.organisation, name="Mailchimp")
    assert "<mark>Mail</mark>" in client.get(URL + "?q=zz&q=mail").content.decode()


# -- queries -------------------------------------------------------------------------------------


def count_queries(client, text, htmx=False) -> int:
    with CaptureQueriesContext(connection) as queries:
        get(client, text, htmx=htmx)
    return len(queries.captured_queries)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_constant_number_of_queries_whatever_the_matches(
    client, editor, htmx, django_assert_max_num_queries
):
    organisation = editor.organisation
    assessment = AssessmentFactory(organisation=organisation)
    make_tools(organisation, 10, prefix="Match")
    for n in range(10):
        results.add_item(assessment=assessment, data={"title": f"Match item {n}"})
    get(client, "match", htmx=htmx)  # (warms the framework cache)
    small = count_queries(client, "match", htmx)
    make_tools(organisation, 90, prefix="Match more")
    tools = list(Tool.objects.filter(organisation=organisation)[:40])
    for source, target in zip(tools[::2], tools[1::2], strict=True):
        IntegrationFactory(organisation=organisation, source=source, target=target)
    for n in range(90):
        results.add_item(assessment=assessment, data={"title": f"Match more {n}"})
    with django_assert_max_num_queries(small):
        get(client, "match", htmx=htmx)
    assert small <= 15, small


# -- the navigation bar --------------------------------------------------------------------------


def test_the_navigation_bar_has_the_search_box_for_members(client, editor):
    content = client.get(reverse("dashboard")).content.decode()
    assert 'role="search"' in content and 'id="global-search-input"' in content
    assert f'hx-get="{URL}"' in content and f'action="{URL}"' in content
    assert '<label for="global-search-input" class="visually-hidden">Search</label>' in content
    assert 'aria-keyshortcuts="/"' in content and 'aria-live="polite"' in content
    assert f'maxlength="{selectors.MAX_LENGTH}"' in content


def test_no_search_box_without_an_organisation(client):
    assert 'id="global-search-input"' not in client.get(reverse("login")).content.decode()
    client.force_login(UserFactory())
    page = client.get(reverse("organisation_create")).content.decode()
    assert 'id="global-search-input"' not in page


def test_nothing_needs_more_than_the_content_security_policy(client, editor):
    ToolFactory(organisation=editor.organisation, name="Mailchimp")
    for url, extra in (
        (reverse("dashboard"), {}),
        (URL + "?q=mail", {}),
        (URL + "?q=mail", HTMX),
        (URL + "?q=m", HTMX),
    ):
        response = client.get(url, **extra)
        nonce = nonce_of(response["Content-Security-Policy"])
        assert policy_problems(response.content.decode(), nonce) == [], url
