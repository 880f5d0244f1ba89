"""The API's tools carry website, description and the known product (catalogue_slug),
validated by the page's form: an unknown product or a bad website is a 400 naming the
field, "hubspot.com" reads as https://hubspot.com."""

import pytest
from django.urls import reverse

from assessment.models import Tool
from assessment.testing.factories import ToolFactory
from core.testing.api import api_client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return api_client_for("editor")


def test_create_with_website_description_and_known_product(editor):
    client, membership = editor
    response = client.post(
        reverse("api-tool-list"),
        {
            "name": "Our CRM",
            "website": "hubspot.com",
            "description": "All-in-one CRM.",
            "catalogue_slug": "hubspot",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["website"], body["description"], body["catalogue_slug"]) == (
        "https://hubspot.com",
        "All-in-one CRM.",
        "hubspot",
    )
    tool = Tool.objects.get(pk=body["id"], organisation=membership.organisation)
    assert (tool.website, tool.catalogue_slug) == ("https://hubspot.com", "hubspot")


def test_patch_changes_and_clears_them(editor):
    client, membership = editor
    tool = ToolFactory(organisation=membership.organisation, name="Heat maps")
    url = reverse("api-tool-detail", args=[tool.pk])
    response = client.patch(
        url, {"catalogue_slug": "hotjar", "website": "https://www.hotjar.com"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["catalogue_slug"] == "hotjar"
    tool.refresh_from_db()
    assert (tool.catalogue_slug, tool.website, tool.name) == (
        "hotjar",
        "https://www.hotjar.com",
        "Heat maps",
    )
    response = client.patch(url, {"catalogue_slug": "", "description": "Ours."}, format="json")
    assert response.status_code == 200, response.content
    tool.refresh_from_db()
    assert (tool.catalogue_slug, tool.description, tool.website) == (
        "",
        "Ours.",
        "https://www.hotjar.com",
    )
    assert client.get(url).json()["description"] == "Ours."


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"catalogue_slug": "no-such-product"}, "catalogue_slug", "not a known product"),
        ({"website": "not a website"}, "website", "valid URL"),
        ({"website": "javascript:alert(1)"}, "website", "valid URL"),
        ({"website": "ftp://files.example.com"}, "website", "like https://www.example.com"),
        ({"catalogue_slug": 12}, "catalogue_slug", "valid string"),
        ({"website": "https://x.example/" + "a" * 500}, "website", "500"),
    ],
)
def test_bad_values_are_400_naming_the_field(editor, body, field, message):
    client, membership = editor
    tool = ToolFactory(organisation=membership.organisation, name="Heat maps")
    response = client.patch(reverse("api-tool-detail", args=[tool.pk]), body, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()["error"]["fields"]
    assert message in " ".join(errors[field]), errors
    response = client.post(reverse("api-tool-list"), {"name": "New", **body}, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    tool.refresh_from_db()
    assert (tool.catalogue_slug, tool.website) == ("", "")
