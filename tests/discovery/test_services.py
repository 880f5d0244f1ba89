"""Discovery's services: a scan of the local test site through the task (immediate backend),
the five marketing tools discovered in the right subcategories, re-scans (appeared and
disappeared), the member's decisions, validation and tenancy."""

import pytest

from assessment.discovery import fetch
from assessment.discovery.detect import Detection, Evidence
from assessment.discovery.scan import ScanResult, VisitedPage
from assessment.inventory.services import create_object, seed_taxonomy
from assessment.models import (
    DiscoveredState,
    DiscoveredTool,
    ScanStatus,
    SiteScan,
    Tool,
    ToolSubcategory,
)
from assessment.scans import selectors, services
from core.services import ServiceError
from core.testing.factories import MembershipFactory, OrganisationFactory

from .conftest import localhost_resolver
from .test_scan import FIVE

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    membership = MembershipFactory(role="editor")
    seed_taxonomy(organisation=membership.organisation)
    return membership


@pytest.fixture
def local_site(allow_localhost, monkeypatch):
    """The default fetcher (SafeFetcher from the settings) reaching the local test site."""
    monkeypatch.setattr(fetch, "resolve", localhost_resolver)


def scan_now(membership, urls, captured) -> SiteScan:
    with captured(execute=True):
        scan = services.request_scan(
            organisation=membership.organisation, user=membership.user, urls=urls
        )
    scan.refresh_from_db()
    return scan


def result(*slugs_and_categories, pages=1) -> ScanResult:
    detections = tuple(
        Detection(
            slug, slug.title(), 100, categories=(category,), evidence=(Evidence("html", slug),)
        )
        for slug, category in slugs_and_categories
    )
    visited = tuple(VisitedPage(f"https://e.example/{i}", "", 200, 10) for i in range(pages))
    return ScanResult(visited, detections)


def test_the_local_test_site_is_scanned_and_all_five_placed(
    editor, local_site, site_url, django_capture_on_commit_callbacks
):
    scan = scan_now(editor, [site_url + "/"], django_capture_on_commit_callbacks)
    assert scan.status == ScanStatus.DONE, scan.error
    assert scan.pages_visited == 2
    assert scan.errors == {}
    assert scan.appeared == scan.detected >= 5
    assert scan.disappeared == 0
    found = {d.slug: d for d in selectors.discovered_tools(editor.organisation)}
    for slug, key in FIVE.items():
        assert found[slug].subcategory.key == key, slug
        assert found[slug].state == DiscoveredState.NEW
        assert found[slug].evidence
        assert found[slug].last_scan == scan
    assert "nginx" not in found  # a web server: not martech, not listed


def test_a_rescan_counts_what_appeared_and_disappeared(editor):
    org = editor.organisation
    first = SiteScan.objects.create(organisation=org, urls=["https://e.example/"])
    services.record_scan(
        first, result(("hotjar", "analytics"), ("hubspot", "marketing-automation"))
    )
    second = SiteScan.objects.create(organisation=org, urls=["https://e.example/"])
    services.record_scan(second, result(("hotjar", "analytics"), ("intercom", "live-chat")))
    second.refresh_from_db()
    assert (second.appeared, second.disappeared, second.detected) == (1, 1, 2)
    rows = {d.slug: d for d in DiscoveredTool.objects.for_organisation(org)}
    assert rows["hubspot"].gone_at is not None
    assert rows["intercom"].gone_at is None
    assert rows["intercom"].subcategory.key == "live_chat_chatbots"
    third = SiteScan.objects.create(organisation=org, urls=["https://e.example/"])
    services.record_scan(third, result(("hubspot", "marketing-automation"), pages=1))
    third.refresh_from_db()
    assert (third.appeared, third.disappeared) == (1, 2)
    rows["hubspot"].refresh_from_db()
    assert rows["hubspot"].gone_at is None


def test_a_scan_that_read_no_page_marks_nothing_gone(editor):
    org = editor.organisation
    first = SiteScan.objects.create(organisation=org, urls=["https://e.example/"])
    services.record_scan(first, result(("hotjar", "analytics")))
    second = SiteScan.objects.create(organisation=org, urls=["https://e.example/"])
    services.record_scan(second, ScanResult((), (), {"https://e.example/": "refused"}))
    second.refresh_from_db()
    assert second.disappeared == 0
    assert DiscoveredTool.objects.get(organisation=org, slug="hotjar").gone_at is None
    assert second.errors == {"https://e.example/": "refused"}


def test_a_detection_matches_an_inventory_tool_by_name(editor):
    org = editor.organisation
    tool = create_object(model=Tool, organisation=org, user=editor.user, name="HOTJAR")
    scan = SiteScan.objects.create(organisation=org, urls=["https://e.example/"])
    services.record_scan(scan, result(("hotjar", "analytics")))
    assert DiscoveredTool.objects.get(organisation=org, slug="hotjar").tool == tool


def test_add_creates_a_tool_in_the_proposed_subcategory_and_links_it(editor):
    org = editor.organisation
    scan = SiteScan.objects.create(organisation=org, urls=["https://e.example/"])
    services.record_scan(scan, result(("hotjar", "analytics")))
    discovered = DiscoveredTool.objects.get(organisation=org, slug="hotjar")
    tool = services.add_discovered(discovered=discovered, user=editor.user)
    assert tool.name == "Hotjar"  # the catalogue's name
    assert tool.subcategory.key == "mobile_web_analytics"
    assert tool.category == tool.subcategory.category
    # the catalogue entry's website and description in the tool's own fields, not the notes
    assert tool.website == "https://www.hotjar.com"
    assert tool.description.startswith("Hotjar is ")
    assert tool.catalogue_slug == "hotjar"
    assert tool.notes == ""
    discovered.refresh_from_db()
    assert (discovered.state, discovered.tool) == (DiscoveredState.ADDED, tool)
    with pytest.raises(ServiceError):
        services.add_discovered(discovered=discovered, user=editor.user)
    # recognised by its slug on the next scan, whatever it is renamed to
    from assessment.inventory.services import update_object

    update_object(instance=tool, user=editor.user, name="Heatmaps")
    again = SiteScan.objects.create(organisation=org, urls=["https://e.example/"])
    services.record_scan(again, result(("hotjar", "analytics")))
    discovered.refresh_from_db()
    assert discovered.tool == tool


def test_add_refuses_a_name_already_in_the_stack(editor):
    org = editor.organisation
    scan = SiteScan.objects.create(organisation=org, urls=["https://e.example/"])
    services.record_scan(scan, result(("hotjar", "analytics")))
    discovered = DiscoveredTool.objects.get(organisation=org, slug="hotjar")
    create_object(model=Tool, organisation=org, user=editor.user, name="hotjar")
    with pytest.raises(ServiceError, match="link to it"):
        services.add_discovered(discovered=discovered, user=editor.user)


def test_add_refuses_a_tool_that_already_is_the_known_product(editor):
    org = editor.organisation
    scan = SiteScan.objects.create(organisation=org, urls=["https://e.example/"])
    services.record_scan(scan, result(("hotjar", "analytics")))
    discovered = DiscoveredTool.objects.get(organisation=org, slug="hotjar")
    create_object(
        model=Tool, organisation=org, user=editor.user, name="Heatmaps", catalogue_slug="hotjar"
    )
    with pytest.raises(ServiceError, match="already in the stack as Heatmaps; link to it"):
        services.add_discovered(discovered=discovered, user=editor.user)


def test_a_detection_matches_a_tool_by_its_known_product_before_its_name(editor):
    org = editor.organisation
    picked = create_object(
        model=Tool, organisation=org, user=editor.user, name="Heatmaps", catalogue_slug="hotjar"
    )
    create_object(model=Tool, organisation=org, user=editor.user, name="Hotjar")
    # another organisation's tool of that known product is never proposed
    create_object(
        model=Tool, organisation=OrganisationFactory(), user=None, name="X", catalogue_slug="hotjar"
    )
    scan = SiteScan.objects.create(organisation=org, urls=["https://e.example/"])
    services.record_scan(scan, result(("hotjar", "analytics")))
    row = DiscoveredTool.objects.get(organisation=org, slug="hotjar")
    assert row.tool == picked  # not the tool merely named "Hotjar"
    assert row.state == DiscoveredState.NEW  # a proposal, not a decision


def test_link_ignore_and_unignore(editor):
    org = editor.organisation
    scan = SiteScan.objects.create(organisation=org, urls=["https://e.example/"])
    services.record_scan(scan, result(("hotjar", "analytics")))
    discovered = DiscoveredTool.objects.get(organisation=org, slug="hotjar")
    tool = create_object(model=Tool, organisation=org, user=editor.user, name="Heatmaps")
    services.link_discovered(discovered=discovered, tool=tool, user=editor.user)
    discovered.refresh_from_db()
    assert (discovered.state, discovered.tool, discovered.updated_by) == (
        DiscoveredState.LINKED,
        tool,
        editor.user,
    )
    services.ignore_discovered(discovered=discovered, user=editor.user)
    discovered.refresh_from_db()
    assert discovered.state == DiscoveredState.IGNORED
    services.unignore_discovered(discovered=discovered, user=editor.user)
    discovered.refresh_from_db()
    assert discovered.state == DiscoveredState.NEW
    counts = selectors.discovered_counts(org)
    assert counts["new"] == counts["present"] == counts["to_decide"] == 1


def test_link_refuses_another_organisations_tool(editor):
    org = editor.organisation
    scan = SiteScan.objects.create(organisation=org, urls=["https://e.example/"])
    services.record_scan(scan, result(("hotjar", "analytics")))
    discovered = DiscoveredTool.objects.get(organisation=org, slug="hotjar")
    other = OrganisationFactory()
    foreign = create_object(model=Tool, organisation=other, user=None, name="Hotjar")
    with pytest.raises(ServiceError):
        services.link_discovered(discovered=discovered, tool=foreign, user=editor.user)


def test_scans_and_discoveries_stay_in_their_organisation(editor):
    other = MembershipFactory(role="editor")
    seed_taxonomy(organisation=other.organisation)
    scan = SiteScan.objects.create(organisation=editor.organisation, urls=["https://e.example/"])
    services.record_scan(scan, result(("hotjar", "analytics")))
    assert not selectors.discovered_tools(other.organisation).exists()
    assert selectors.latest_scan(other.organisation) is None
    # and each organisation's subcategory is its own
    row = DiscoveredTool.objects.get(slug="hotjar")
    assert row.subcategory.organisation_id == editor.organisation_id
    assert ToolSubcategory.objects.filter(key="mobile_web_analytics").count() == 2


@pytest.mark.parametrize(
    "urls,expected",
    [
        (["Example.COM"], ["https://example.com/"]),
        (["http://example.com/a#x", "http://example.com/a"], ["http://example.com/a"]),
        ("https://a.example https://b.example/x", ["https://a.example/", "https://b.example/x"]),
    ],
)
def test_addresses_are_normalised(urls, expected):
    assert services.normalise_urls(urls) == expected


@pytest.mark.parametrize(
    "urls",
    [
        [],
        [""],
        ["ftp://example.com/"],
        ["https://user:pw@example.com/"],
        ["http://"],
        [f"https://{i}.example/" for i in range(6)],
    ],
)
def test_bad_addresses_are_refused(urls):
    with pytest.raises(ServiceError):
        services.normalise_urls(urls)


def test_one_scan_at_a_time(editor, database_task_backend, django_capture_on_commit_callbacks):
    org = editor.organisation
    with django_capture_on_commit_callbacks(execute=True):
        first = services.request_scan(organisation=org, user=editor.user, urls=["e.example"])
    with pytest.raises(ServiceError, match="already running"):
        services.request_scan(organisation=org, user=editor.user, urls=["e.example"])
    first.refresh_from_db()
    assert first.status == ScanStatus.QUEUED and first.task_id
    # another organisation is not blocked
    other = MembershipFactory(role="editor")
    services.request_scan(organisation=other.organisation, user=other.user, urls=["e.example"])


def test_an_unexpected_error_fails_the_scan(editor, monkeypatch):
    scan = SiteScan.objects.create(organisation=editor.organisation, urls=["https://e.example/"])

    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(services, "scan_site", boom)
    services.run_scan(scan)
    scan.refresh_from_db()
    assert scan.status == ScanStatus.FAILED
    assert scan.error == services.SCAN_FAILED
    assert selectors.scan_state(scan)[0] == "failed"


def test_the_findings_read_the_scans_through_the_inputs(editor):
    from assessment.models import Finding
    from assessment.results import inputs
    from assessment.results import services as results
    from tests.questionnaire.factories import AssessmentFactory

    org = editor.organisation
    assessment = AssessmentFactory(organisation=org)
    paid = create_object(
        model=Tool, organisation=org, user=editor.user, name="Intercom", annual_cost=5000
    )
    results.ensure_results(assessment)
    rules = set(Finding.objects.filter(assessment=assessment).values_list("rule", flat=True))
    assert not rules & {"shadow_martech", "paid_tool_missing_from_site"}  # no scan yet
    assert "website" not in inputs.input_payload(inputs.live_input(assessment))

    scan = SiteScan.objects.create(organisation=org, urls=["https://e.example/"])
    services.record_scan(scan, result(("hotjar", "analytics")))  # a new scan: results refresh
    results.ensure_results(assessment)
    found = dict(Finding.objects.filter(assessment=assessment).values_list("key", "rule"))
    assert found["shadow_martech"] == "shadow_martech"
    assert found[f"paid_tool_missing_from_site:{paid.pk}"] == "paid_tool_missing_from_site"
    # the frozen form round-trips
    data = inputs.live_input(assessment)
    again = inputs.input_from_payload(inputs.input_payload(data), assessment.framework)
    assert again.website == data.website

    discovered = DiscoveredTool.objects.get(organisation=org, slug="hotjar")
    services.ignore_discovered(discovered=discovered, user=editor.user)
    results.ensure_results(assessment)
    keys = set(Finding.objects.filter(assessment=assessment).values_list("key", flat=True))
    assert "shadow_martech" not in keys


def test_a_renamed_paid_tool_is_known_by_its_known_product(editor):
    from assessment.models import Finding
    from assessment.results import services as results
    from tests.questionnaire.factories import AssessmentFactory

    org = editor.organisation
    assessment = AssessmentFactory(organisation=org)
    renamed = create_object(
        model=Tool,
        organisation=org,
        user=editor.user,
        name="Support chat",  # no catalogue entry of that name
        catalogue_slug="intercom",
        annual_cost=5000,
    )
    unknown = create_object(
        model=Tool, organisation=org, user=editor.user, name="Support widget", annual_cost=5000
    )
    scan = SiteScan.objects.create(organisation=org, urls=["https://e.example/"])
    services.record_scan(scan, result(("hotjar", "analytics")))
    facts = selectors.website_facts(org)
    assert dict(facts.site_tools) == {renamed.pk: "intercom"}  # by its own slug, not its name
    results.ensure_results(assessment)
    keys = set(Finding.objects.filter(assessment=assessment).values_list("key", flat=True))
    assert f"paid_tool_missing_from_site:{renamed.pk}" in keys
    assert f"paid_tool_missing_from_site:{unknown.pk}" not in keys

    # the next scan sees Intercom: matched to the renamed tool, and the finding goes
    again = SiteScan.objects.create(organisation=org, urls=["https://e.example/"])
    services.record_scan(again, result(("intercom", "live-chat")))
    assert DiscoveredTool.objects.get(organisation=org, slug="intercom").tool == renamed
    results.ensure_results(assessment)
    keys = set(Finding.objects.filter(assessment=assessment).values_list("key", flat=True))
    assert f"paid_tool_missing_from_site:{renamed.pk}" not in keys


def test_a_running_scan_saves_its_progress_after_every_page(editor, monkeypatch):
    from assessment.discovery.scan import ScanProgress, ScanResult

    scan = SiteScan.objects.create(organisation=editor.organisation, urls=["https://e.example/"])
    seen = []

    def fake_scan(urls, *, on_page, **limits):
        for pages in (1, 2):
            on_page(ScanProgress(pages, 0, 4, 0.0, 30.0))
            seen.append(SiteScan.objects.values_list("progress", "pages_visited").get(pk=scan.pk))
        return ScanResult()

    monkeypatch.setattr(services, "scan_site", fake_scan)
    services.run_scan(scan)
    assert seen == [(25, 1), (50, 2)]
    scan.refresh_from_db()
    assert scan.status == ScanStatus.DONE
