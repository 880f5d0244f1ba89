"""The API import's catalogue hints (issue 18): `catalogue_hints` in every answer and the
`use_catalogue` option (default true) of uploads, JSON rows and background jobs."""

import io

import pytest
from django.urls import reverse

from assessment.discovery import catalogue
from assessment.inventory.services import seed_taxonomy
from assessment.models import Integration, Tool
from assessment.testing.factories import ToolFactory
from core.testing.api import api_client_for

pytestmark = pytest.mark.django_db

HOTJAR = catalogue.catalogue().by_name("Hotjar")
SHEET = "Tool,Vendor\nHotjar,\nHubSpot,HubSpot Inc.\nIntranet,\n"


@pytest.fixture
def editor():
    client, membership = api_client_for("editor")
    seed_taxonomy(organisation=membership.organisation)
    return client, membership


def post_file(client, text, inventory="tool", query="", **fields):
    upload = io.BytesIO(text.encode())
    upload.name = "tools.csv"
    return client.post(
        reverse(f"api-{inventory}-import") + query, {"file": upload, **fields}, format="multipart"
    )


def post_rows(client, rows, **fields):
    return client.post(reverse("api-tool-import"), {"rows": rows, **fields}, format="json")


def test_a_dry_run_lists_the_known_products_and_their_fills(editor):
    client, membership = editor
    response = post_file(client, SHEET, query="?dry_run=1")
    assert response.status_code == 200, response.content[:2000]
    hints = response.json()["catalogue_hints"]
    assert hints["count"] == 2
    hotjar, hubspot = hints["rows"]
    assert (hotjar["row"], hotjar["name"], hotjar["product"], hotjar["slug"]) == (
        2,
        "Hotjar",
        "Hotjar",
        "hotjar",
    )
    assert hotjar["fills"] == {
        "subcategory": "mobile_web_analytics",
        "category": "data",
        "vendor": "Hotjar",
        "website": HOTJAR.website,
        "description": HOTJAR.description,
        "catalogue_slug": "hotjar",
    }
    assert "vendor" not in hubspot["fills"] and hubspot["row"] == 3
    assert not Tool.objects.filter(organisation=membership.organisation).exists()


def test_an_import_writes_the_fills_by_default(editor):
    client, membership = editor
    response = post_file(client, SHEET)
    assert response.status_code == 200, response.content[:2000]
    tools = {t.name: t for t in Tool.objects.for_organisation(membership.organisation)}
    assert (tools["Hotjar"].vendor, tools["Hotjar"].catalogue_slug) == ("Hotjar", "hotjar")
    assert tools["Hotjar"].subcategory.key == "mobile_web_analytics"
    assert (tools["HubSpot"].vendor, tools["HubSpot"].catalogue_slug) == (
        "HubSpot Inc.",
        "hubspot",
    )
    assert tools["Intranet"].catalogue_slug == ""


def test_use_catalogue_false_fills_nothing_and_lists_no_hints(editor):
    client, membership = editor
    response = post_file(client, SHEET, use_catalogue="false")
    assert response.status_code == 200, response.content[:2000]
    assert response.json()["catalogue_hints"] == {"count": 0, "rows": []}
    assert (
        not Tool.objects.for_organisation(membership.organisation)
        .exclude(vendor="")
        .exclude(name="HubSpot")
    )
    assert not Tool.objects.exclude(catalogue_slug="").exists()


def test_json_rows_take_the_option_too(editor):
    client, membership = editor
    ToolFactory(
        organisation=membership.organisation,
        name="Hotjar",
        vendor="Reseller",
        website="",
        description="Ours.",
        category=None,
        subcategory=None,
    )
    response = post_rows(client, [{"Tool": "hotjar"}], use_catalogue=False)
    assert response.json()["catalogue_hints"]["count"] == 0
    tool = Tool.objects.get(organisation=membership.organisation)
    assert (tool.website, tool.catalogue_slug) == ("", "")
    response = post_rows(client, [{"Tool": "hotjar"}])
    body = response.json()
    assert (body["updated"], body["catalogue_hints"]["count"]) == (1, 1)
    assert body["catalogue_hints"]["rows"][0]["fills"] == {
        "subcategory": "mobile_web_analytics",
        "category": "data",
        "website": HOTJAR.website,
        "catalogue_slug": "hotjar",
    }
    tool.refresh_from_db()
    # The stored vendor and description are kept; only the blank fields are filled.
    assert (tool.vendor, tool.description) == ("Reseller", "Ours.")
    assert (tool.website, tool.catalogue_slug) == (HOTJAR.website, "hotjar")


def test_use_catalogue_must_be_a_boolean(editor):
    client, _membership = editor
    response = post_rows(client, [{"Tool": "Hotjar"}], use_catalogue="maybe")
    assert response.status_code == 400
    assert "use_catalogue" in response.json()["error"]["fields"]
    assert not Tool.objects.exists()


def test_a_refused_import_still_lists_the_hints(editor):
    client, _membership = editor
    response = post_rows(client, [{"Tool": "Hotjar", "Annual cost": "lots"}])
    assert response.status_code == 400
    assert response.json()["error"]["catalogue_hints"]["count"] == 1


def test_integrations_are_unaffected(editor):
    client, membership = editor
    for name in ("Hotjar", "HubSpot"):
        ToolFactory(organisation=membership.organisation, name=name, vendor="")
    response = post_file(
        client, "Source,Target,Method\nHotjar,HubSpot,API\n", inventory="integration"
    )
    assert response.status_code == 200, response.content[:2000]
    assert response.json()["catalogue_hints"] == {"count": 0, "rows": []}
    assert Integration.objects.count() == 1
    assert not Tool.objects.exclude(catalogue_slug="").exists()


@pytest.mark.parametrize(("option", "filled"), [({}, True), ({"use_catalogue": "false"}, False)])
def test_a_background_import_follows_the_option(
    editor, settings, django_capture_on_commit_callbacks, option, filled
):
    settings.IMPORT_SYNC_MAX_ROWS = 2
    client, membership = editor
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(client, SHEET, **option)
    assert response.status_code == 202
    job = client.get(response["Location"]).json()
    assert job["status"] == "done" and job["counts"]["created"] == 3
    hotjar = Tool.objects.get(organisation=membership.organisation, name="Hotjar")
    assert (hotjar.catalogue_slug == "hotjar") is filled
    assert (hotjar.vendor == "Hotjar") is filled


def test_the_schema_documents_the_option_and_the_hints(editor):
    client, _membership = editor
    schema = client.get(reverse("api-schema"), {"format": "json"})
    if schema.status_code != 200:
        pytest.skip("no schema view under this name")
    text = schema.content.decode()
    assert "use_catalogue" in text and "catalogue_hints" in text
