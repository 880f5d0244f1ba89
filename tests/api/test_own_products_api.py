"""/api/v1/own-products/: the organisation's own catalogue entries — every role reads them,
owners and editors change them, another organisation's are a 404; validated by the page's
form; and `GET /api/v1/catalogue/` lists them first."""

import pytest
from django.urls import reverse

from assessment.discovery import catalogue as known
from assessment.inventory.own_products import services
from assessment.inventory.services import seed_taxonomy
from assessment.models import OwnProduct, ToolSubcategory
from core.testing.access import ALL_ROLES
from core.testing.api import APITestCases, api_client_for
from core.testing.factories import OrganisationFactory

EDITORS = ("owner", "editor")
LIST = reverse("api-ownproduct-list")
CATALOGUE = reverse("api-catalogue-list")


def product(organisation, name="Acme CRM", **fields) -> OwnProduct:
    return services.create_own_product(organisation=organisation, user=None, name=name, **fields)


class TestOwnProductAPI(APITestCases.AllEndpoints):
    basename = "api-ownproduct"
    model = OwnProduct
    roles = {"view": ALL_ROLES, "add": EDITORS, "change": EDITORS, "delete": EDITORS}

    def make_object(self, organisation):
        return product(organisation)

    def create_data(self, organisation):
        return {"name": "Brand new product", "same_as": "hotjar", "aliases": "BNP\nbnp"}

    def update_data(self, obj):
        return {"vendor": "Another vendor"}


@pytest.mark.django_db
def test_create_cleans_and_answers_with_the_row():
    client, membership = api_client_for("editor")
    response = client.post(
        LIST,
        {"name": " Our Pixel ", "same_as": "Facebook Pixel", "aliases": "Meta px\nMETA PX"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "Our Pixel"
    assert body["same_as"] == "facebook-pixel"
    assert body["same_as_name"] == "Facebook Pixel"
    assert body["aliases"] == "Meta px"
    saved = OwnProduct.objects.get(pk=body["id"])
    assert saved.organisation == membership.organisation and saved.updated_by == membership.user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "X", "same_as": "no-such-product"}, "same_as"),
        ({"name": "ACME CRM"}, "name"),
        ({"name": 5}, "name"),
        ({"name": "X", "website": "nope"}, "website"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(data, field):
    client, membership = api_client_for("owner")
    product(membership.organisation, "Acme CRM")
    response = client.post(LIST, data, format="json")
    assert response.status_code == 400
    assert field in str(response.json())
    assert OwnProduct.objects.filter(organisation=membership.organisation).count() == 1


@pytest.mark.django_db
def test_a_subcategory_of_another_organisation_is_refused():
    client, _membership = api_client_for("owner")
    other = OrganisationFactory()
    seed_taxonomy(organisation=other)
    theirs = ToolSubcategory.objects.filter(organisation=other).first()
    response = client.post(LIST, {"name": "X", "subcategory": theirs.pk}, format="json")
    assert response.status_code == 400
    assert "subcategory" in str(response.json())


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_catalogue_lists_own_products_first(role):
    client, membership = api_client_for(role)
    seed_taxonomy(organisation=membership.organisation)
    analytics = ToolSubcategory.objects.get(
        organisation=membership.organisation, key="mobile_web_analytics"
    )
    mine = product(membership.organisation, "Hotjar Internal", subcategory=analytics)
    product(OrganisationFactory(), "Hotjar Theirs")
    results = client.get(CATALOGUE, {"q": "hotjar"}).json()["results"]
    assert results[0] == {
        "name": "Hotjar",
        "slug": "hotjar",
        "website": "https://www.hotjar.com",
        "description": results[0]["description"],
        "categories": ["analytics"],
        "subcategory": analytics.pk,
        "in_stack": False,
        "own": False,
        "own_product": None,
        "also_known_as": "",
    }  # the whole name ranks before the own product's prefix
    own = next(row for row in results if row["own"])
    assert own["name"] == "Hotjar Internal" and own["own_product"] == mine.pk
    assert own["slug"] == "" and own["subcategory"] == analytics.pk
    assert all(row["name"] != "Hotjar Theirs" for row in results)


@pytest.mark.django_db
def test_an_alias_answers_with_the_name_typed_and_everything_lists_own_first():
    client, membership = api_client_for("viewer")
    first = client.get(CATALOGUE, {"q": "meta pixel"}).json()["results"][0]
    assert first["name"] == "Meta Pixel"
    assert first["slug"] == "facebook-pixel"
    assert first["also_known_as"] == "Facebook Pixel"
    product(membership.organisation, "Zzz Internal")
    body = client.get(CATALOGUE).json()
    assert body["results"][0]["name"] == "Zzz Internal" and body["results"][0]["own"]
    assert body["count"] == len(known.catalogue()) + 1
