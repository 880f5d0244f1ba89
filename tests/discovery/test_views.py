"""The Discovered page, the scan form and its progress, and the decisions: per-role matrix
(editors and owners act, reviewers and viewers read, another organisation's object is a
404 for every role), then the htmx behaviour (fragments, toasts, problems)."""

import pytest
from django.urls import reverse

from assessment.discovery import fetch
from assessment.discovery.detect import Detection, Evidence
from assessment.discovery.scan import ScanResult, VisitedPage
from assessment.inventory.services import seed_taxonomy
from assessment.models import DiscoveredState, DiscoveredTool, ScanStatus, SiteScan, Tool
from assessment.scans import services
from assessment.testing.factories import ToolFactory
from core.testing.access import ALL_ROLES, Page, PageAccessTests
from core.testing.factories import MembershipFactory

from .conftest import localhost_resolver

EDITORS = ("owner", "editor")


def _scanned(organisation, *slugs_and_categories) -> SiteScan:
    scan = SiteScan.objects.create(organisation=organisation, urls=["https://e.example/"])
    detections = tuple(
        Detection(
            slug,
            slug.title(),
            100,
            categories=(category,),
            evidence=(Evidence("script", f"https://{slug}.example/x.js"),),
        )
        for slug, category in slugs_and_categories
    )
    services.record_scan(
        scan, ScanResult((VisitedPage("https://e.example/", "", 200, 1),), detections)
    )
    scan.refresh_from_db()
    return scan


def _discovered(membership) -> dict:
    organisation = membership.organisation
    seed_taxonomy(organisation=organisation)
    scan = _scanned(organisation, ("hotjar", "analytics"))
    return {
        "scan": scan,
        "discovered": DiscoveredTool.objects.get(organisation=organisation, slug="hotjar"),
        "tool": ToolFactory(organisation=organisation, name="Heatmaps"),
    }


def _ignored(membership) -> dict:
    context = _discovered(membership)
    DiscoveredTool.objects.filter(pk=context["discovered"].pk).update(state=DiscoveredState.IGNORED)
    return context


def _foreign(setup):
    return lambda membership: setup(MembershipFactory())


def _state(context) -> str:
    return DiscoveredTool.objects.get(pk=context["discovered"].pk).state


def _action(name):
    return lambda c: reverse("discoveredtool_action", args=[c["discovered"].pk, name])


class TestDiscoveryPages(PageAccessTests):
    pages = {
        "list": Page(reverse("discoveredtool_list"), ALL_ROLES, setup=_discovered),
        "scan": Page(
            reverse("sitescan_add"),
            EDITORS,
            method="post",
            data={"urls": "https://www.example.com/"},
            ok=(302,),
            changed=lambda c: SiteScan.objects.filter(
                organisation=c["organisation"], urls=["https://www.example.com/"]
            ).exists(),
        ),
        "scan_detail": Page(
            lambda c: reverse("sitescan_detail", args=[c["scan"].pk]),
            ALL_ROLES,
            setup=_discovered,
            foreign=_foreign(_discovered),
        ),
        "add": Page(
            _action("add"),
            EDITORS,
            method="post",
            ok=(302,),
            setup=_discovered,
            changed=lambda c: _state(c) == DiscoveredState.ADDED,
            foreign=_foreign(_discovered),
        ),
        "ignore": Page(
            _action("ignore"),
            EDITORS,
            method="post",
            ok=(302,),
            setup=_discovered,
            changed=lambda c: _state(c) == DiscoveredState.IGNORED,
            foreign=_foreign(_discovered),
        ),
        "unignore": Page(
            _action("unignore"),
            EDITORS,
            method="post",
            ok=(302,),
            setup=_ignored,
            changed=lambda c: _state(c) == DiscoveredState.NEW,
            foreign=_foreign(_ignored),
        ),
        "link_form": Page(
            lambda c: reverse("discoveredtool_link", args=[c["discovered"].pk]),
            EDITORS,
            setup=_discovered,
            foreign=_foreign(_discovered),
        ),
        "link": Page(
            lambda c: reverse("discoveredtool_link", args=[c["discovered"].pk]),
            EDITORS,
            method="post",
            data=lambda c: {"tool": c["tool"].pk},
            ok=(302,),
            setup=_discovered,
            changed=lambda c: _state(c) == DiscoveredState.LINKED,
            foreign=_foreign(_discovered),
        ),
    }


pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def editor(signed_in):
    membership = signed_in("editor")
    seed_taxonomy(organisation=membership.organisation)
    return membership


def test_the_empty_page_invites_a_scan(client, editor):
    response = client.get(reverse("discoveredtool_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="discovered-empty"' in body
    assert 'data-testid="scan-form"' in body


def test_a_viewer_reads_but_sees_no_form_and_no_actions(client, signed_in):
    viewer = signed_in("viewer")
    seed_taxonomy(organisation=viewer.organisation)
    _scanned(viewer.organisation, ("hotjar", "analytics"))
    body = client.get(reverse("discoveredtool_list")).content.decode()
    assert "Hotjar" in body
    assert 'data-testid="scan-form"' not in body
    assert "Add to stack" not in body


def test_the_stack_list_and_the_map_link_to_the_page(client, editor):
    url = reverse("discoveredtool_list")
    assert url in client.get(reverse("tool_list")).content.decode()
    assert url in client.get(reverse("stack_map")).content.decode()


def test_scanning_the_local_site_from_the_page(
    client, editor, allow_localhost, site_url, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(fetch, "resolve", localhost_resolver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sitescan_add"), {"urls": site_url + "/"}, **HTMX)
    assert response.status_code == 200
    scan = SiteScan.objects.get(organisation=editor.organisation)
    assert scan.status == ScanStatus.DONE
    assert 'id="scan-panel"' in response.content.decode()
    poll = client.get(reverse("sitescan_detail", args=[scan.pk]), **HTMX)
    assert "discovered-changed" in poll["HX-Trigger"]
    assert 'data-testid="scan-summary"' in poll.content.decode()
    assert 'hx-trigger="every 1s"' not in poll.content.decode()
    listing = client.get(reverse("discoveredtool_list"), **HTMX).content.decode()
    for name in ("Google Tag Manager", "Google Analytics", "HubSpot", "Hotjar", "Facebook Pixel"):
        assert name in listing, name


def test_a_pending_scan_is_polled(client, editor):
    scan = SiteScan.objects.create(organisation=editor.organisation, urls=["https://e.example/"])
    body = client.get(reverse("sitescan_detail", args=[scan.pk]), **HTMX).content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert "discovered-changed" not in client.get(
        reverse("sitescan_detail", args=[scan.pk]), **HTMX
    ).get("HX-Trigger", "")


def test_bad_addresses_come_back_with_the_reason(client, editor):
    response = client.post(reverse("sitescan_add"), {"urls": "ftp://example.com/"}, **HTMX)
    assert response.status_code == 422
    assert "only http and https" in response.content.decode()
    assert not SiteScan.objects.exists()


def test_a_second_scan_while_one_runs_is_refused(client, editor):
    SiteScan.objects.create(
        organisation=editor.organisation, urls=["https://e.example/"], status=ScanStatus.QUEUED
    )
    from core.testing.tasks import live_worker

    live_worker()
    response = client.post(reverse("sitescan_add"), {"urls": "e.example"}, **HTMX)
    assert response.status_code == 422
    assert 'data-testid="scan-errors"' in response.content.decode()


def test_add_answers_the_list_fragment_with_a_toast(client, editor):
    _scanned(editor.organisation, ("hotjar", "analytics"))
    discovered = DiscoveredTool.objects.get(organisation=editor.organisation)
    url = reverse("discoveredtool_action", args=[discovered.pk, "add"]) + "?state=new"
    response = client.post(url, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="results"' in body and "<html" not in body
    assert "Added Hotjar to the stack." in body  # the toast, out of band
    tool = Tool.objects.get(organisation=editor.organisation, name="Hotjar")
    assert tool.subcategory.key == "mobile_web_analytics"
    # the list kept its filter: the added row is no longer "new"
    assert f'data-testid="row-{discovered.pk}"' not in body


def test_a_refused_add_shows_the_problem_in_the_fragment(client, editor):
    _scanned(editor.organisation, ("hotjar", "analytics"))
    discovered = DiscoveredTool.objects.get(organisation=editor.organisation)
    ToolFactory(organisation=editor.organisation, name="hotjar")
    DiscoveredTool.objects.filter(pk=discovered.pk).update(tool=None)
    response = client.post(reverse("discoveredtool_action", args=[discovered.pk, "add"]), **HTMX)
    assert response.status_code == 422
    assert 'data-testid="discovered-problem"' in response.content.decode()


def test_the_link_form_lists_only_this_organisations_tools(client, editor):
    _scanned(editor.organisation, ("hotjar", "analytics"))
    discovered = DiscoveredTool.objects.get(organisation=editor.organisation)
    ToolFactory(organisation=editor.organisation, name="Ours")
    ToolFactory(organisation=MembershipFactory().organisation, name="Theirs")
    body = client.get(reverse("discoveredtool_link", args=[discovered.pk]), **HTMX).content.decode()
    assert "Ours" in body and "Theirs" not in body and "<html" not in body


def test_linking_to_another_organisations_tool_is_refused(client, editor):
    _scanned(editor.organisation, ("hotjar", "analytics"))
    discovered = DiscoveredTool.objects.get(organisation=editor.organisation)
    theirs = ToolFactory(organisation=MembershipFactory().organisation, name="Theirs")
    response = client.post(
        reverse("discoveredtool_link", args=[discovered.pk]), {"tool": theirs.pk}, **HTMX
    )
    assert response.status_code == 422
    discovered.refresh_from_db()
    assert discovered.state == DiscoveredState.NEW


def test_an_unknown_action_is_a_404(client, editor):
    _scanned(editor.organisation, ("hotjar", "analytics"))
    discovered = DiscoveredTool.objects.get(organisation=editor.organisation)
    response = client.post(reverse("discoveredtool_action", args=[discovered.pk, "delete"]))
    assert response.status_code == 404


def test_filters_narrow_the_list(client, editor):
    _scanned(editor.organisation, ("hotjar", "analytics"), ("intercom", "live-chat"))
    _scanned(editor.organisation, ("hotjar", "analytics"))
    gone = client.get(reverse("discoveredtool_list"), {"presence": "gone"}, **HTMX).content.decode()
    assert "Intercom" in gone and "Hotjar" not in gone


def test_the_list_shows_only_this_organisations_discoveries(client, editor):
    other = MembershipFactory(role="editor")
    seed_taxonomy(organisation=other.organisation)
    _scanned(other.organisation, ("intercom", "live-chat"))
    _scanned(editor.organisation, ("hotjar", "analytics"))
    body = client.get(reverse("discoveredtool_list")).content.decode()
    assert "Hotjar" in body and "Intercom" not in body
    foreign_scan = SiteScan.objects.get(organisation=other.organisation)
    assert client.get(reverse("sitescan_detail", args=[foreign_scan.pk])).status_code == 404


def test_each_row_names_its_source_and_the_other_sources_of_the_same_app(client, editor):
    from django.utils import timezone

    _scanned(editor.organisation, ("hotjar", "analytics"), ("intercom", "live-chat"))
    now = timezone.now()
    okta = DiscoveredTool.objects.create(
        organisation=editor.organisation,
        source="okta",
        slug="hotjar",
        name="Hotjar",
        first_seen_at=now,
        last_seen_at=now,
    )
    website = DiscoveredTool.objects.get(
        organisation=editor.organisation, slug="hotjar", source="website"
    )
    intercom = DiscoveredTool.objects.get(organisation=editor.organisation, slug="intercom")
    body = client.get(reverse("discoveredtool_list")).content.decode()

    def cell(row):
        start = body.index(f'data-testid="source-{row.pk}"')
        return body[start : body.index("</td>", start)]

    assert "Website" in cell(website) and "also in: Okta" in cell(website)
    assert "Okta" in cell(okta) and "also in: Website" in cell(okta)
    assert "also in" not in cell(intercom)
    assert "2 still seen" not in body and "3 still seen" in body
