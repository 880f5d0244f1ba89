"""GET /api/v1/catalogue/?q=: known products for every role that may see tools, with the
caller's organisation's subcategory and "already in the stack"; read-only."""

import pytest
from django.urls import reverse

from assessment.discovery import catalogue
from assessment.inventory.services import seed_taxonomy
from assessment.models import ToolSubcategory
from assessment.testing.factories import ToolFactory
from core.testing.access import ALL_ROLES
from core.testing.api import APITestCases, api_client_for
from core.testing.factories import OrganisationFactory

URL = reverse("api-catalogue-list")


class TestCatalogueAPI(APITestCases.List):
    """The per-role matrix (tests/api/test_matrix.py): every role reads it. The catalogue is
    global, so "another organisation's row" is the same product: it is listed for both."""

    basename = "api-catalogue"
    roles = {"view": ALL_ROLES}
    id_field = "slug"
    id_attribute = "slug"

    def make_object(self, organisation):
        return catalogue.get("hotjar")

    def list_url(self, organisation=None):
        return f"{URL}?q=hotjar"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_searches_with_its_own_subcategory(role):
    client, membership = api_client_for(role)
    seed_taxonomy(organisation=membership.organisation)
    other = OrganisationFactory()
    seed_taxonomy(organisation=other)
    response = client.get(URL, {"q": "hotj"})
    assert response.status_code == 200
    first = response.json()["results"][0]
    mine = ToolSubcategory.objects.get(
        organisation=membership.organisation, key="mobile_web_analytics"
    )
    assert first == {
        "name": "Hotjar",
        "slug": "hotjar",
        "website": "https://www.hotjar.com",
        "description": catalogue.get("hotjar").description,
        "categories": ["analytics"],
        "subcategory": mine.pk,
        "in_stack": False,
        "own": False,
        "own_product": None,
        "also_known_as": "",
    }


@pytest.mark.django_db
def test_words_accents_in_stack_and_pages():
    client, membership = api_client_for("viewer")
    ToolFactory(organisation=membership.organisation, name="google analytics")
    ToolFactory(organisation=OrganisationFactory(), name="Google Tag Manager")
    body = client.get(URL, {"q": "GOOGLE an"}).json()
    assert body["results"][0]["name"] == "Google Analytics"
    assert body["results"][0]["in_stack"] is True
    assert body["results"][0]["subcategory"] is None  # no taxonomy seeded
    assert all(not row["in_stack"] for row in body["results"][1:])
    assert client.get(URL, {"q": "Simplébo"}).json()["results"][0]["name"] == "Simplébo"
    assert client.get(URL, {"q": "hotjar"}).json()["count"] == 2
    # without q: the whole catalogue by name, in the API's pages
    everything = client.get(URL, {"per_page": 200, "page": 2}).json()
    assert everything["count"] == len(catalogue.catalogue())
    assert len(everything["results"]) == 200
    assert client.get(URL, {"q": "zzzqqqxx"}).json()["count"] == 0


@pytest.mark.django_db
def test_it_is_read_only():
    client, _ = api_client_for("owner")
    assert client.post(URL, {}, format="json").status_code == 405


def test_signed_out_is_refused(client, db):
    response = client.get(URL, {"q": "hotj"})
    assert response.status_code in (401, 403)
