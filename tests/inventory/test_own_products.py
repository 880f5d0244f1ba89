"""The organisation's own catalogue entries (``/tools/products/``): per-role access (owners
and editors change, everyone reads), another organisation's are a 404, validation
messages, and the typeahead offering them first (docs/discovery.md, "Own products and
aliases")."""

import re

import pytest
from django.urls import reverse

from assessment.inventory import catalogue
from assessment.inventory.own_products import services
from assessment.inventory.services import seed_taxonomy
from assessment.models import OwnProduct, ToolSubcategory
from assessment.testing.factories import ToolFactory
from core.testing.access import ALL_ROLES, Page, PageAccessTests, sign_in
from core.testing.factories import MembershipFactory, OrganisationFactory

EDITORS = ("owner", "editor")
TYPEAHEAD = reverse("tool_catalogue_search")
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "id_name-listbox"}


def product(organisation, name="Acme CRM", **fields) -> OwnProduct:
    return services.create_own_product(organisation=organisation, user=None, name=name, **fields)


def one(membership):
    return {"obj": product(membership.organisation)}


def foreign(membership):
    return {"obj": product(MembershipFactory(role="owner").organisation)}


def exists(name):
    return lambda c: OwnProduct.objects.filter(organisation=c["organisation"], name=name).exists()


def renamed(c) -> bool:
    return OwnProduct.objects.get(pk=c["obj"].pk).name == "Renamed"


def gone(c) -> bool:
    return not OwnProduct.objects.filter(pk=c["obj"].pk).exists()


class TestOwnProductPages(PageAccessTests):
    pages = {
        "list": Page(reverse("ownproduct_list"), ALL_ROLES, setup=one),
        "list_search": Page(reverse("ownproduct_list") + "?q=acme&o=name", ALL_ROLES, setup=one),
        "add_form": Page(reverse("ownproduct_add"), EDITORS),
        "add": Page(
            reverse("ownproduct_add"),
            EDITORS,
            method="post",
            data={"name": "Added"},
            ok=(302,),
            changed=exists("Added"),
        ),
        "edit_form": Page(
            lambda c: reverse("ownproduct_edit", args=[c["obj"].pk]),
            EDITORS,
            setup=one,
            foreign=foreign,
        ),
        "edit": Page(
            lambda c: reverse("ownproduct_edit", args=[c["obj"].pk]),
            EDITORS,
            method="post",
            data={"name": "Renamed"},
            ok=(302,),
            setup=one,
            foreign=foreign,
            changed=renamed,
        ),
        "delete_confirm": Page(
            lambda c: reverse("ownproduct_delete", args=[c["obj"].pk]),
            EDITORS,
            setup=one,
            foreign=foreign,
        ),
        "delete": Page(
            lambda c: reverse("ownproduct_delete", args=[c["obj"].pk]),
            EDITORS,
            method="post",
            ok=(302,),
            setup=one,
            foreign=foreign,
            changed=gone,
        ),
    }


@pytest.fixture
def editor(client, db):
    membership = sign_in(client, "editor")
    seed_taxonomy(organisation=membership.organisation)
    return membership


def test_the_list_shows_and_searches_own_products_only(client, editor):
    product(editor.organisation, "Acme CRM", aliases="ACRM\nAcme", same_as="hubspot")
    product(editor.organisation, "Billing Portal")
    product(OrganisationFactory(), "Theirs")
    html = client.get(reverse("ownproduct_list")).content.decode()
    assert "Acme CRM" in html and "Billing Portal" in html and "Theirs" not in html
    assert "ACRM" in html and "HubSpot" in html  # other names, the known product's name
    found = client.get(reverse("ownproduct_list"), {"q": "acrm"}).content.decode()
    assert "Acme CRM" in found and "Billing Portal" not in found
    partial = client.get(reverse("ownproduct_list"), {"q": "acme"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "Acme CRM" in partial.content.decode()


def test_the_taxonomy_pages_link_to_it(client, editor):
    html = client.get(reverse("toolsubcategory_list")).content.decode()
    assert reverse("ownproduct_list") in html


def test_add_cleans_the_other_names_and_takes_a_catalogue_name_for_same_as(client, editor):
    analytics = ToolSubcategory.objects.get(
        organisation=editor.organisation, key="mobile_web_analytics"
    )
    response = client.post(
        reverse("ownproduct_add"),
        {
            "name": " Our Pixel ",
            "same_as": "Facebook Pixel",
            "aliases": " Meta thing \nmeta   THING\n\nOur Pixel\nFB px",
            "subcategory": analytics.pk,
        },
    )
    assert response.status_code == 302
    saved = OwnProduct.objects.get(organisation=editor.organisation)
    assert saved.name == "Our Pixel"
    assert saved.same_as == "facebook-pixel"
    assert saved.aliases == "Meta thing\nFB px"
    assert saved.subcategory == analytics
    assert saved.updated_by == editor.user


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "X", "same_as": "no-such-product"}, "same_as", "is no known product"),
        ({"name": "acme crm"}, "name", "already have an own product with this name"),
        ({"name": ""}, "name", "This field is required"),
        ({"name": "X", "website": "not a url"}, "website", "Enter a valid URL"),
    ],
)
def test_bad_input_gets_a_clear_message(client, editor, data, field, message):
    product(editor.organisation, "Acme CRM")
    response = client.post(reverse("ownproduct_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors[field]
    assert OwnProduct.objects.filter(organisation=editor.organisation).count() == 1


def test_a_subcategory_of_another_organisation_is_refused(client, editor):
    other = OrganisationFactory()
    seed_taxonomy(organisation=other)
    theirs = ToolSubcategory.objects.filter(organisation=other).first()
    response = client.post(reverse("ownproduct_add"), {"name": "X", "subcategory": theirs.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not OwnProduct.objects.exists()


def test_the_same_name_in_another_organisation_is_fine(client, editor):
    product(OrganisationFactory(), "Acme CRM")
    response = client.post(reverse("ownproduct_add"), {"name": "Acme CRM"})
    assert response.status_code == 302


def test_an_inline_add_answers_with_the_form_partial(client, editor):
    response = client.post(reverse("ownproduct_add"), {"name": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "<html" not in response.content.decode()
    response = client.post(reverse("ownproduct_add"), {"name": "Inline"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204


def test_the_add_form_takes_the_name_typed(client, editor):
    html = client.get(reverse("ownproduct_add"), {"name": "Acme Portal"}).content.decode()
    assert re.search(r'<input[^>]*name="name"[^>]*value="Acme Portal"', html)


def test_delete_can_be_undone(client, editor):
    row = product(editor.organisation, "Acme CRM")
    response = client.post(reverse("ownproduct_delete", args=[row.pk]), follow=True)
    assert not OwnProduct.objects.filter(pk=row.pk).exists()
    assert "Undo" in response.content.decode()


# -- the typeahead --------------------------------------------------------------------------


def options(response) -> list[tuple[str, str]]:
    """(data-name, data-slug) of the options, in order."""
    assert response.status_code == 200, response.content[:500]
    html = response.content.decode()
    return re.findall(r'role="option"[^>]*data-name="([^"]*)" data-slug="([^"]*)"', html)


def items(response) -> list[str]:
    return response.content.decode().split("</li>")


def test_own_products_come_first_with_their_badge(client, editor):
    analytics = ToolSubcategory.objects.get(
        organisation=editor.organisation, key="mobile_web_analytics"
    )
    product(editor.organisation, "Hotjar Heatmaps Internal", subcategory=analytics)
    product(editor.organisation, "Hotjar", same_as="hotjar", vendor="Hotjar Ltd")
    product(OrganisationFactory(), "Hotjar Theirs")
    response = client.get(TYPEAHEAD, {"q": "hotjar"}, **HTMX)
    found = options(response)
    # the own "Hotjar" ranks as the catalogue's Hotjar (which it stands for: left out)
    assert found[0] == ("Hotjar", "hotjar")
    assert ("Hotjar Heatmaps Internal", "") in found
    assert all(name != "Hotjar Theirs" for name, _slug in found)
    assert [name for name, _ in found].count("Hotjar") == 1
    first = items(response)[0]
    assert "your entry" in first and 'data-vendor="Hotjar Ltd"' in first
    assert 'data-website="https://www.hotjar.com"' in first  # from the known product
    internal = next(i for i in items(response) if "Hotjar Heatmaps Internal" in i)
    assert "your entry" in internal
    assert f'data-subcategory="{analytics.pk}"' in internal
    # the catalogue's own entries carry no badge
    feedback = next(i for i in items(response) if "Hotjar Incoming Feedback" in i)
    assert "your entry" not in feedback


def test_an_own_product_is_found_by_its_other_names(client, editor):
    product(editor.organisation, "Acme CRM", aliases="Salesdesk")
    response = client.get(TYPEAHEAD, {"q": "salesd"}, **HTMX)
    assert options(response)[0] == ("Acme CRM", "")
    assert "also known as <bdi>Salesdesk</bdi>" in items(response)[0]


def test_an_own_product_same_as_a_known_one_names_it(client, editor):
    product(editor.organisation, "Our Pixel", same_as="facebook-pixel")
    response = client.get(TYPEAHEAD, {"q": "our pix"}, **HTMX)
    assert options(response)[0] == ("Our Pixel", "facebook-pixel")
    assert "also known as <bdi>Facebook Pixel</bdi>" in items(response)[0]


def test_an_alias_offers_the_name_typed_with_the_catalogues_name(client, editor):
    response = client.get(TYPEAHEAD, {"q": "meta pixel"}, **HTMX)
    assert options(response)[0] == ("Meta Pixel", "facebook-pixel")
    first = items(response)[0]
    assert "also known as <bdi>Facebook Pixel</bdi>" in first
    assert "your entry" not in first
    assert options(client.get(TYPEAHEAD, {"q": "ga4"}, **HTMX))[0] == ("GA4", "google-analytics")


def test_an_alias_is_in_the_stack_under_either_name(client, editor):
    ToolFactory(organisation=editor.organisation, name="Facebook Pixel")
    response = client.get(TYPEAHEAD, {"q": "meta pixel"}, **HTMX)
    assert "already in your stack" in items(response)[0]


def test_exact_matches_find_aliases_and_own_products(editor):
    organisation = editor.organisation
    product(organisation, "Acme CRM", aliases="ACRM")
    product(organisation, "Our Pixel", same_as="facebook-pixel")
    found = catalogue.exact_matches(
        organisation, ["Meta Pixel", "acrm", "OUR PIXEL", "Hotjar", "Nothing known", ""]
    )
    assert set(found) == {"meta pixel", "acrm", "our pixel", "hotjar"}
    assert found["meta pixel"].entry.slug == "facebook-pixel"
    assert found["meta pixel"].name == "Meta Pixel" and not found["meta pixel"].own
    assert found["acrm"].own and found["acrm"].name == "Acme CRM"
    assert found["acrm"].entry.slug == ""
    assert found["our pixel"].own and found["our pixel"].entry.slug == "facebook-pixel"
    assert found["our pixel"].entry.website == "https://facebook.com"
    assert found["hotjar"].entry.slug == "hotjar" and not found["hotjar"].own
    # another organisation's own products are not its
    assert catalogue.exact_matches(OrganisationFactory(), ["acrm"]) == {}


def test_the_typeahead_asks_one_query_for_the_own_products(editor, django_assert_max_num_queries):
    product(editor.organisation, "Acme CRM")
    with django_assert_max_num_queries(3):  # own products, subcategories, the stack
        catalogue.matches(editor.organisation, "acme")
