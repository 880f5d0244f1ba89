"""The search selector: each kind found, case- and accent-insensitive where promised,
limits and "N more", tenancy (another organisation's rows never appear) and roles."""

import pytest
from django.urls import reverse
from django.utils import translation

from assessment.models import Horizon, RoadmapItem
from assessment.results import services as results
from assessment.search import selectors
from assessment.search.selectors import (
    INTEGRATION,
    KINDS,
    QUESTION,
    ROADMAP,
    TOOL,
    TOUCHPOINT,
    parse_query,
)
from assessment.testing.factories import IntegrationFactory, ToolFactory, TouchpointFactory
from core import permissions
from core.models import Role
from core.permissions import can
from core.testing.factories import MembershipFactory, OrganisationFactory
from tests.questionnaire.factories import (
    AssessmentFactory,
    custom_framework_version,
    framework_text,
)
from tests.results.helpers import make_assessment, make_inventory

from .helpers import group, labels, marked, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation, role=Role.EDITOR)


def add_item(assessment, title: str) -> RoadmapItem:
    return results.add_item(assessment=assessment, data={"title": title})


# -- each kind ---------------------------------------------------------------------------


def test_tools_by_name_and_vendor_with_their_page(member, organisation):
    cloud = ToolFactory(organisation=organisation, name="Salesforce Sales Cloud", vendor="SF")
    ToolFactory(organisation=organisation, name="Mailchimp", vendor="Intuit")
    found = group(run(member, "sales cloud"), TOOL)
    assert labels(found) == ["Salesforce Sales Cloud"]
    assert found.hits[0].url == reverse("tool_detail", args=[cloud.pk])
    assert marked(found.hits[0]) == ["Sales Cloud"]
    by_vendor = group(run(member, "intuit"), TOOL)
    assert labels(by_vendor) == ["Mailchimp"]
    assert [t for t, m in by_vendor.hits[0].detail if m] == ["Intuit"]
    assert by_vendor.list_url == reverse("tool_list") + "?q=intuit"


def test_search_is_case_insensitive(member, organisation):
    ToolFactory(organisation=organisation, name="Salesforce Sales Cloud")
    TouchpointFactory(organisation=organisation, name="Newsletter sign-up")
    for text in ("SALESFORCE", "salesforce", "sAlEsFoRcE"):
        assert labels(group(run(member, text), TOOL)) == ["Salesforce Sales Cloud"]
    assert labels(group(run(member, "NEWSLETTER"), TOUCHPOINT)) == ["Newsletter sign-up"]


def test_tools_starting_with_the_words_come_first(member, organisation):
    ToolFactory(organisation=organisation, name="Salesforce Sales Cloud")
    ToolFactory(organisation=organisation, name="Cloudinary")
    ToolFactory(organisation=organisation, name="Adobe Cloud")
    assert labels(group(run(member, "cloud"), TOOL)) == [
        "Cloudinary",
        "Adobe Cloud",
        "Salesforce Sales Cloud",
    ]


def test_integrations_by_either_tool_or_method(member, organisation):
    crm = ToolFactory(organisation=organisation, name="Salesforce Sales Cloud")
    mail = ToolFactory(organisation=organisation, name="Mailchimp")
    shop = ToolFactory(organisation=organisation, name="Shopify")
    first = IntegrationFactory(organisation=organisation, source=crm, target=mail, method="api")
    second = IntegrationFactory(
        organisation=organisation, source=shop, target=crm, method="webhook"
    )
    IntegrationFactory(organisation=organisation, source=shop, target=mail, method="file")
    by_target = group(run(member, "mailchimp"), INTEGRATION)
    assert labels(by_target) == [
        "Salesforce Sales Cloud → Mailchimp",
        "Shopify → Mailchimp",
    ]
    assert by_target.hits[0].url == reverse("integration_detail", args=[first.pk])
    by_source = group(run(member, "salesforce"), INTEGRATION)
    assert labels(by_source) == [
        "Salesforce Sales Cloud → Mailchimp",
        "Shopify → Salesforce Sales Cloud",
    ]
    by_method = group(run(member, "webhook"), INTEGRATION)
    assert labels(by_method) == ["Shopify → Salesforce Sales Cloud"]
    assert by_method.hits[0].url == second.get_absolute_url()
    assert [t for t, m in by_method.hits[0].detail if m] == ["Webhook"]


def test_touchpoints_by_name(member, organisation):
    point = TouchpointFactory(organisation=organisation, name="Product page", stage="purchase")
    TouchpointFactory(organisation=organisation, name="Trade fair")
    found = group(run(member, "product"), TOUCHPOINT)
    assert labels(found) == ["Product page"]
    assert found.hits[0].url == reverse("touchpoint_detail", args=[point.pk])
    assert "Purchase / transaction" in "".join(t for t, _m in found.hits[0].detail)


def test_questions_link_to_the_current_assessments_step(member, organisation):
    AssessmentFactory(organisation=organisation, status="final")
    current = AssessmentFactory(organisation=organisation)
    found = group(run(member, "shadowing"), QUESTION)
    assert labels(found) == [
        "When did someone from marketing last spend a day shadowing a sales rep?"
    ]
    step = reverse("assessment_step", args=[current.pk, "current_state"])
    assert found.hits[0].url == f"{step}#question-sales_shadowing"
    assert marked(found.hits[0]) == ["shadowing"]


def test_questions_without_an_assessment_have_no_link(member):
    found = group(run(member, "shadowing"), QUESTION)
    assert labels(found) and found.hits[0].url is None


def test_questions_in_the_readers_language(member, organisation):
    AssessmentFactory(organisation=organisation)
    with translation.override("ar"):
        found = group(run(member, "التسويق"), QUESTION)
        assert found and all("التسويق" in label for label in labels(found))
        assert group(run(member, "shadowing"), QUESTION) is None


def test_questions_come_from_the_assessments_own_framework(member, organisation):
    questions = "- {key: zebra_crossing, type: yes_partly_no, text: Is the zebra crossing safe?}"
    version = custom_framework_version(framework_text(questions), organisation=organisation)
    AssessmentFactory(organisation=organisation, framework_version=version)
    assert labels(group(run(member, "zebra"), QUESTION)) == ["Is the zebra crossing safe?"]
    assert group(run(member, "shadowing"), QUESTION) is None


def test_roadmap_items_by_title_with_their_roadmap_card(member, organisation):
    assessment = AssessmentFactory(organisation=organisation, title="Review 2026")
    item = add_item(assessment, "Train the team on Marketo")
    add_item(assessment, "Retire the old CMS")
    found = group(run(member, "marketo"), ROADMAP)
    assert labels(found) == ["Train the team on Marketo"]
    roadmap = reverse("assessment_roadmap", args=[assessment.pk])
    assert found.hits[0].url == f"{roadmap}#item-{item.pk}"
    detail = "".join(t for t, _m in found.hits[0].detail)
    assert "Review 2026" in detail and str(Horizon.NEXT.label) in detail


def test_roadmap_items_are_accent_insensitive(member, organisation):
    add_item(AssessmentFactory(organisation=organisation), "Réviser le CRM")
    found = group(run(member, "reviser"), ROADMAP)
    assert labels(found) == ["Réviser le CRM"] and marked(found.hits[0]) == ["Réviser"]


def test_roadmap_items_of_archived_assessments_are_left_out(member, organisation):
    add_item(AssessmentFactory(organisation=organisation), "Consolidate e-mail tools")
    archived = AssessmentFactory(organisation=organisation)
    add_item(archived, "Consolidate chat tools")
    archived.archived_at = archived.created_at
    archived.save(update_fields=["archived_at"])
    assert labels(group(run(member, "consolidate"), ROADMAP)) == ["Consolidate e-mail tools"]


def test_generated_roadmap_items_are_found_in_the_readers_language(member, organisation):
    make_inventory(organisation)
    assessment = make_assessment(organisation)
    results.compute_results(assessment)
    item = RoadmapItem.objects.filter(assessment=assessment, generated=True).first()
    assert item is not None and item.messages.get("title")
    with translation.override("ar"):
        title = item.title_text()
        assert title != item.title
        word = max(title.split(), key=len)
        assert title in labels(group(run(member, word), ROADMAP))


# -- limits --------------------------------------------------------------------------------


def test_each_kind_is_limited_and_counts_the_rest(member, organisation):
    for n in range(7):
        ToolFactory(organisation=organisation, name=f"Alpha tool {n}")
        TouchpointFactory(organisation=organisation, name=f"Alpha point {n}")
    assessment = AssessmentFactory(organisation=organisation)
    for n in range(7):
        add_item(assessment, f"Alpha item {n}")
    found = run(member, "alpha", limit=5)
    for kind in (TOOL, TOUCHPOINT, ROADMAP):
        assert len(group(found, kind).hits) == 5 and group(found, kind).total == 7
        assert group(found, kind).more == 2
    assert found.total == 21
    everything = run(member, "alpha", limit=25)
    assert all(g.more == 0 and len(g.hits) == 7 for g in everything.groups)


def test_questions_are_limited_too(member):
    found = group(run(member, "the"), QUESTION)
    assert len(found.hits) == selectors.PAGE_LIMIT < found.total
    assert found.more == found.total - selectors.PAGE_LIMIT


def test_short_queries_find_nothing(member, organisation):
    ToolFactory(organisation=organisation, name="X")
    for text in ("", " ", "x", " x ", None):
        query = parse_query(text)
        assert query.too_short
        assert selectors.search(member, query).groups == ()


def test_the_query_is_cleaned_and_cut():
    assert parse_query("  Sales \t\n Cloud ").text == "Sales Cloud"
    assert parse_query("Sales\x00Cloud").text == "Sales Cloud"
    assert parse_query("\u00a0Sales\u2003Cloud\n").text == "Sales Cloud"
    assert parse_query("می\u200cشناسد").text == "می\u200cشناسد"  # (Persian: kept)
    long = parse_query("a" * 500)
    assert long.truncated and long.text == "a" * selectors.MAX_LENGTH
    assert not parse_query("a" * selectors.MAX_LENGTH).truncated
    assert parse_query(["x"]).text == ""


def test_like_wildcards_are_plain_characters(member, organisation):
    ToolFactory(organisation=organisation, name="Analytics 100%")
    ToolFactory(organisation=organisation, name="Analytics 1000")
    assert labels(group(run(member, "100%"), TOOL)) == ["Analytics 100%"]
    assert group(run(member, "__"), TOOL) is None


# -- tenancy -------------------------------------------------------------------------------


def same_rows(organisation, name: str) -> None:
    """A row of every kind whose text contains `name`."""
    tool = ToolFactory(organisation=organisation, name=f"{name} CRM", vendor=f"{name} Inc.")
    other = ToolFactory(organisation=organisation, name="Plain tool")
    IntegrationFactory(organisation=organisation, source=tool, target=other)
    TouchpointFactory(organisation=organisation, name=f"{name} landing page")
    add_item(AssessmentFactory(organisation=organisation), f"{name} roadmap item")


def test_another_organisations_rows_never_appear(member, organisation):
    same_rows(organisation, "Zephyr")
    elsewhere = OrganisationFactory()
    same_rows(elsewhere, "Zephyr")
    found = run(member, "zephyr")
    for kind in (TOOL, INTEGRATION, TOUCHPOINT, ROADMAP):
        assert group(found, kind).total == 1, kind
    own = {hit.url for g in found.groups for hit in g.hits if g.kind != QUESTION}
    theirs = RoadmapItem.objects.get(organisation=elsewhere).assessment_id
    assert not any(f"/{theirs}/" in url for url in own)
    # and the other organisation's member sees only theirs
    outsider = MembershipFactory(organisation=elsewhere, role=Role.OWNER)
    assert {g.kind: g.total for g in run(outsider, "zephyr").groups} == {
        TOOL: 1,
        INTEGRATION: 1,
        TOUCHPOINT: 1,
        ROADMAP: 1,
    }


def test_another_organisations_framework_questions_never_appear(member, organisation):
    questions = "- {key: zebra_crossing, type: yes_partly_no, text: Is the zebra crossing safe?}"
    elsewhere = OrganisationFactory()
    version = custom_framework_version(framework_text(questions), organisation=elsewhere)
    AssessmentFactory(organisation=elsewhere, framework_version=version)
    AssessmentFactory(organisation=organisation)
    assert group(run(member, "zebra"), QUESTION) is None


def test_question_links_point_to_the_own_assessment(member, organisation):
    AssessmentFactory(organisation=OrganisationFactory())  # newer, elsewhere
    mine = AssessmentFactory(organisation=organisation)
    AssessmentFactory(organisation=OrganisationFactory())
    found = group(run(member, "shadowing"), QUESTION)
    assert found.hits[0].url.startswith(f"/assessments/{mine.pk}/steps/")


# -- roles ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", Role.values)
def test_each_role_searches_the_kinds_it_may_view(organisation, role):
    membership = MembershipFactory(organisation=organisation, role=role)
    same_rows(organisation, "Zephyr")
    AssessmentFactory(organisation=organisation)
    found = run(membership, "zephyr")
    allowed = {kind for kind, action, _title in KINDS if can(membership, action)}
    assert set(selectors.searchable_kinds(membership)) == allowed
    assert {g.kind for g in found.groups} == allowed - {QUESTION}
    # every role reads every kind today (ROLE_GRANTS: "*.view")
    assert allowed == {TOOL, INTEGRATION, TOUCHPOINT, QUESTION, ROADMAP}


@pytest.mark.parametrize("role", [Role.VIEWER, Role.REVIEWER])
def test_a_kind_the_role_may_not_view_is_not_searched(
    monkeypatch, organisation, role, django_assert_num_queries
):
    """Were a role refused a kind, the search would neither show nor query it."""
    monkeypatch.setitem(permissions.ROLE_GRANTS, role, ("tool.view", "touchpoint.view"))
    membership = MembershipFactory(organisation=organisation, role=role)
    same_rows(organisation, "Zephyr")
    assert selectors.searchable_kinds(membership) == (TOOL, TOUCHPOINT)
    with django_assert_num_queries(2):  # tools, touchpoints: nothing else is read
        found = run(membership, "zephyr")
    assert [g.kind for g in found.groups] == [TOOL, TOUCHPOINT]


def test_no_membership_finds_nothing():
    assert selectors.search(None, parse_query("anything")).groups == ()
