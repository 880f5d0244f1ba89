"""The tool form's name typeahead (views/catalogue.py, inventory/catalogue.py): known
products from the vendored catalogue, filed under the organisation's own subcategory,
marked when already in its stack; for whoever may add or change tools."""

import re

import pytest
from django.urls import reverse

from assessment.inventory import catalogue
from assessment.inventory.services import seed_taxonomy
from assessment.models import ToolSubcategory
from assessment.testing.factories import ToolFactory
from core.testing.access import sign_in
from core.testing.factories import OrganisationFactory

URL = reverse("tool_catalogue_search")
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "id_name-listbox"}


def options(response) -> list[str]:
    """The options' names, in order."""
    assert response.status_code == 200, response.content[:500]
    return re.findall(r'role="option"[^>]*data-name="([^"]*)"', response.content.decode())


@pytest.fixture
def editor(client, db):
    membership = sign_in(client, "editor")
    seed_taxonomy(organisation=membership.organisation)
    return membership


def test_a_prefix_offers_the_product_with_its_host_and_subcategory(client, editor):
    response = client.get(URL, {"name": "hotj"}, **HTMX)
    assert options(response)[0] == "Hotjar"
    html = response.content.decode()
    first = html.split("</li>")[0]
    analytics = ToolSubcategory.objects.get(
        organisation=editor.organisation, key="mobile_web_analytics"
    )
    assert f'data-subcategory="{analytics.pk}"' in first
    assert f'data-category="{analytics.category_id}"' in first
    assert 'data-vendor="Hotjar"' in first
    assert 'data-website="https://www.hotjar.com"' in first
    assert "hotjar.com" in first and "Mobile &amp; web analytics" in first
    assert "<html" not in html  # the partial only
    assert "already in your stack" not in html


def test_words_find_google_analytics_ignoring_case_and_accents(client, editor):
    assert options(client.get(URL, {"q": "google an"}, **HTMX))[0] == "Google Analytics"
    assert options(client.get(URL, {"q": "GOOGLE AN"}, **HTMX))[0] == "Google Analytics"
    assert options(client.get(URL, {"q": "Hötjär"}, **HTMX))[0] == "Hotjar"
    assert options(client.get(URL, {"q": "simplebo"}, **HTMX))[0] == "Simplébo"
    assert options(client.get(URL, {"q": "Colis prive"}, **HTMX))[0] == "Colis Privé"


def test_at_most_eight_and_nothing_for_nothing(client, editor):
    assert len(options(client.get(URL, {"q": "a"}, **HTMX))) == catalogue.TYPEAHEAD_LIMIT
    assert options(client.get(URL, {"q": "  "}, **HTMX)) == []
    assert options(client.get(URL, **HTMX)) == []
    assert options(client.get(URL, {"q": "zzzzqqq"}, **HTMX)) == []


def test_a_name_already_in_the_stack_is_marked_and_another_organisations_never(client, editor):
    ToolFactory(organisation=OrganisationFactory(), name="Hotjar Incoming Feedback")
    response = client.get(URL, {"q": "hotjar"}, **HTMX)
    assert "already in your stack" not in response.content.decode()

    ToolFactory(organisation=editor.organisation, name="HOTJAR")
    items = client.get(URL, {"q": "hotjar"}, **HTMX).content.decode().split("</li>")
    assert "already in your stack" in items[0]  # Hotjar
    assert "already in your stack" not in items[1]  # Hotjar Incoming Feedback


def test_a_subcategory_of_another_key_and_name_leaves_the_option_unmapped(client, editor):
    ToolSubcategory.objects.filter(
        organisation=editor.organisation, key="mobile_web_analytics"
    ).update(key="web_analytics_renamed", name="Analytics")
    first = client.get(URL, {"q": "hotjar"}, **HTMX).content.decode().split("</li>")[0]
    assert "data-subcategory" not in first
    assert "no matching subcategory" in first


def test_subcategories_are_the_organisations_own(client, editor):
    other = OrganisationFactory()
    seed_taxonomy(organisation=other)
    first = client.get(URL, {"q": "hotjar"}, **HTMX).content.decode().split("</li>")[0]
    theirs = ToolSubcategory.objects.get(organisation=other, key="mobile_web_analytics")
    assert f'data-subcategory="{theirs.pk}"' not in first


@pytest.mark.parametrize(
    ("role", "status"), [("owner", 200), ("editor", 200), ("reviewer", 403), ("viewer", 403)]
)
def test_only_those_who_may_add_or_change_tools(client, db, role, status):
    sign_in(client, role)
    assert client.get(URL, {"q": "hotj"}, **HTMX).status_code == status


def test_signed_out_goes_to_the_login(client, db):
    response = client.get(URL, {"q": "hotj"})
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_tool_form_has_the_combobox(client, editor):
    html = client.get(reverse("tool_add")).content.decode()
    name_input = re.search(r"<input[^>]*name=\"name\"[^>]*>", html).group(0)
    assert 'role="combobox"' in name_input
    assert 'aria-controls="id_name-listbox"' in name_input
    assert 'aria-expanded="false"' in name_input
    assert f'hx-get="{URL}"' in name_input
    assert 'id="id_name-listbox" role="listbox"' in html
    assert "js/typeahead.js" in html and "css/typeahead.css" in html
    # the inline editor (htmx) gets the script and the styles too
    inline = client.get(reverse("tool_add"), HTTP_HX_REQUEST="true").content.decode()
    assert "js/typeahead.js" in inline and 'role="combobox"' in inline
    # other forms do not
    assert "typeahead" not in client.get(reverse("touchpoint_add")).content.decode()


def test_vendor_is_read_off_the_name_and_domain():
    from assessment.discovery.catalogue import CatalogueEntry

    def vendor(name, website):
        return catalogue.vendor_of(CatalogueEntry(name=name, slug="x", website=website))

    assert vendor("HubSpot Chat", "https://www.hubspot.com/products/crm/live-chat") == "HubSpot"
    assert vendor("Google Analytics", "https://google.com/analytics") == "Google"
    assert vendor("Salesforce Commerce Cloud", "https://demandware.com") == ""
    assert vendor("Hotjar", "") == ""


def test_the_edit_form_has_it_too_and_a_failed_inline_save_adds_no_second_script(client, editor):
    tool = ToolFactory(organisation=editor.organisation, name="Hotjar")
    html = client.get(reverse("tool_edit", args=[tool.pk])).content.decode()
    assert 'role="combobox"' in html and "js/typeahead.js" in html
    # the list page loads the script for its inline editor
    assert "js/typeahead.js" in client.get(reverse("tool_list")).content.decode()
    assert "js/typeahead.js" not in client.get(reverse("touchpoint_list")).content.decode()
    response = client.post(reverse("tool_add"), {"name": "Hotjar"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "js/typeahead.js" not in response.content.decode()
    assert 'role="combobox"' in response.content.decode()


def test_the_form_served_from_the_render_cache_keeps_the_typeahead(client, editor):
    first = client.get(reverse("tool_add"), HTTP_HX_REQUEST="true").content.decode()
    again = client.get(reverse("tool_add"), HTTP_HX_REQUEST="true").content.decode()
    for html in (first, again):
        assert "css/typeahead.css" in html and 'role="combobox"' in html


def test_a_subcategory_added_again_under_the_seed_name_still_matches(client, editor):
    analytics = ToolSubcategory.objects.get(
        organisation=editor.organisation, key="mobile_web_analytics"
    )
    analytics.key = "mobile-web-analytics"  # (what a re-added entry's key looks like)
    analytics.save()
    first = client.get(URL, {"q": "hotjar"}, **HTMX).content.decode().split("</li>")[0]
    assert f'data-subcategory="{analytics.pk}"' in first


def test_a_renamed_subcategory_still_matches_by_its_key(client, editor):
    analytics = ToolSubcategory.objects.get(
        organisation=editor.organisation, key="mobile_web_analytics"
    )
    analytics.name = "Web analytics"
    analytics.save()
    first = client.get(URL, {"q": "hotjar"}, **HTMX).content.decode().split("</li>")[0]
    assert f'data-subcategory="{analytics.pk}"' in first
    assert "Web analytics" in first
