"""Discovery's API per role (core.testing.api matrices: every role reads, owners and editors
scan and decide, another organisation's object is a 404 for every role), then behaviour."""

import pytest
from django.urls import reverse

from assessment.discovery import fetch
from assessment.discovery.detect import Detection, Evidence
from assessment.discovery.scan import ScanResult, VisitedPage
from assessment.inventory.services import seed_taxonomy
from assessment.models import DiscoveredState, DiscoveredTool, ScanStatus, SiteScan, Tool
from assessment.scans import services
from assessment.testing.factories import ToolFactory
from core.testing.access import ALL_ROLES
from core.testing.api import Action, APITestCases, api_client_for

from .conftest import localhost_resolver
from .test_sso import OKTA_FILE, upload

EDITORS = ("owner", "editor")


def _record(organisation, *slugs_and_categories) -> SiteScan:
    scan = SiteScan.objects.create(organisation=organisation, urls=["https://e.example/"])
    detections = tuple(
        Detection(s, s.title(), 100, categories=(c,), evidence=(Evidence("html", s),))
        for s, c in slugs_and_categories
    )
    page = VisitedPage("https://e.example/", "", 200, 1)
    services.record_scan(scan, ScanResult((page,), detections))
    scan.refresh_from_db()
    return scan


class TestSiteScanAPI(APITestCases.ReadOnly, APITestCases.Create):
    basename = "api-sitescan"
    model = SiteScan
    roles = {"view": ALL_ROLES, "add": EDITORS}

    def make_object(self, organisation):
        return SiteScan.objects.create(
            organisation=organisation, urls=["https://e.example/"], status=ScanStatus.DONE
        )

    def create_data(self, organisation):
        return {"urls": ["www.example.com"]}


def _link_body(case, discovered):
    return {"tool": ToolFactory(organisation=discovered.organisation).pk}


class TestDiscoveredToolAPI(APITestCases.ReadOnly, APITestCases.DetailActions):
    basename = "api-discoveredtool"
    model = DiscoveredTool
    roles = {"view": ALL_ROLES, "change": EDITORS}
    detail_actions = {
        "add": Action("post", "change"),
        "link": Action("post", "change", _link_body),
        "ignore": Action("post", "change"),
        "unignore": Action("post", "change"),
    }

    def make_object(self, organisation):
        seed_taxonomy(organisation=organisation)
        _record(organisation, ("hotjar", "analytics"))
        return DiscoveredTool.objects.get(organisation=organisation, slug="hotjar")


pytestmark = pytest.mark.django_db


def test_a_scan_through_the_api_discovers_the_five(
    allow_localhost, site_url, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(fetch, "resolve", localhost_resolver)
    client, membership = api_client_for("editor")
    seed_taxonomy(organisation=membership.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("api-sitescan-list"), {"urls": [site_url + "/"]}, format="json"
        )
    assert response.status_code == 201, response.content
    scan = client.get(reverse("api-sitescan-detail", args=[response.json()["id"]])).json()
    assert scan["state"] == "done" and scan["appeared"] >= 5
    rows = client.get(reverse("api-discoveredtool-list"), {"state": "new"}).json()["results"]
    found = {row["slug"]: row for row in rows}
    assert {"google-tag-manager", "google-analytics", "hubspot", "hotjar", "facebook-pixel"} <= set(
        found
    )
    assert found["hubspot"]["subcategory_name"].startswith("Marketing automation")
    assert found["hotjar"]["evidence"][0]["kind"]


def test_bad_addresses_and_a_second_scan_are_400(database_task_backend):
    client, _membership = api_client_for("editor")
    bad = client.post(reverse("api-sitescan-list"), {"urls": ["ftp://x.example/"]}, format="json")
    assert bad.status_code == 400
    assert "urls" in bad.json()["error"]["fields"]
    too_many = [f"https://{i}.example/" for i in range(6)]
    assert (
        client.post(reverse("api-sitescan-list"), {"urls": too_many}, format="json").status_code
        == 400
    )
    first = client.post(reverse("api-sitescan-list"), {"urls": ["e.example"]}, format="json")
    assert first.status_code == 201
    from core.testing.tasks import live_worker

    live_worker()
    second = client.post(reverse("api-sitescan-list"), {"urls": ["e.example"]}, format="json")
    assert second.status_code == 400


def test_add_link_and_ignore_through_the_api():
    client, membership = api_client_for("editor")
    organisation = membership.organisation
    seed_taxonomy(organisation=organisation)
    _record(organisation, ("hotjar", "analytics"), ("intercom", "live-chat"))
    hotjar = DiscoveredTool.objects.get(organisation=organisation, slug="hotjar")
    intercom = DiscoveredTool.objects.get(organisation=organisation, slug="intercom")
    added = client.post(reverse("api-discoveredtool-add", args=[hotjar.pk])).json()
    assert added["state"] == "added" and added["tool_name"] == "Hotjar"
    again = client.post(reverse("api-discoveredtool-add", args=[hotjar.pk]))
    assert again.status_code == 400
    tool = Tool.objects.get(organisation=organisation, name="Hotjar")
    linked = client.post(
        reverse("api-discoveredtool-link", args=[intercom.pk]), {"tool": tool.pk}, format="json"
    ).json()
    assert linked["state"] == DiscoveredState.LINKED and linked["tool"] == tool.pk
    foreign_tool = ToolFactory()
    refused = client.post(
        reverse("api-discoveredtool-link", args=[intercom.pk]),
        {"tool": foreign_tool.pk},
        format="json",
    )
    assert refused.status_code == 400
    ignored = client.post(reverse("api-discoveredtool-ignore", args=[intercom.pk])).json()
    assert ignored["state"] == "ignored"
    listed = client.get(reverse("api-discoveredtool-list"), {"state": "ignored"}).json()
    assert [row["slug"] for row in listed["results"]] == ["intercom"]


def _sso_body(case, organisation):
    seed_taxonomy(organisation=organisation)
    return {"source": "okta", "file": upload(OKTA_FILE)}


class TestSsoImportAPI(APITestCases.ListActions):
    basename = "api-discoveredtool"
    model = DiscoveredTool
    roles = {"view": ALL_ROLES, "change": ("owner", "editor")}
    list_actions = {"import-sso": Action("post", "change", _sso_body)}

    def call_list_action(self, client, organisation, name, data):
        return client.post(reverse("api-discoveredtool-import-sso"), data, format="multipart")


def _decide_body(case, organisation):
    seed_taxonomy(organisation=organisation)
    _record(organisation, ("hotjar", "analytics"))
    row = DiscoveredTool.objects.get(organisation=organisation, slug="hotjar")
    return {"action": "ignore", "ids": [row.pk]}


class TestDecideAPI(APITestCases.ListActions):
    basename = "api-discoveredtool"
    model = DiscoveredTool
    roles = {"view": ALL_ROLES, "change": ("owner", "editor")}
    list_actions = {"decide": Action("post", "change", _decide_body)}

    def call_list_action(self, client, organisation, name, data):
        return client.post(reverse("api-discoveredtool-decide"), data, format="json")


def test_deciding_many_through_the_api_names_the_refused():
    client, membership = api_client_for("editor")
    organisation = membership.organisation
    seed_taxonomy(organisation=organisation)
    _record(organisation, ("hotjar", "analytics"), ("intercom", "live-chat"))
    ToolFactory(organisation=organisation, name="Intercom")
    ids = list(
        DiscoveredTool.objects.filter(organisation=organisation).values_list("pk", flat=True)
    )
    foreign = ToolFactory()  # another organisation's ids are not seen
    answer = client.post(
        reverse("api-discoveredtool-decide"),
        {"action": "add", "ids": [*ids, foreign.pk + 10_000]},
        format="json",
    )
    assert answer.status_code == 200
    body = answer.json()
    hotjar = DiscoveredTool.objects.get(organisation=organisation, slug="hotjar")
    assert body["decided"] == [hotjar.pk]
    assert len(body["refused"]) == 1 and "Intercom" in body["refused"][0]
    bad = client.post(
        reverse("api-discoveredtool-decide"), {"action": "delete", "ids": []}, format="json"
    )
    assert bad.status_code == 400
    assert {"action", "ids"} <= set(bad.json()["error"]["fields"])
