"""A tool's website, description and known product (issue 18) through the pages: the form
(the known product a hidden field checked against the catalogue), the tool's page, the
list's optional column and search, the export and the import."""

import csv
import io
import re

import pytest
from django.urls import reverse

from assessment.inventory.forms import ToolForm
from assessment.models import Tool
from assessment.testing.factories import ToolFactory
from core.testing.factories import OrganisationFactory
from tests.inventory.helpers import commit, csv_file, preview_url, upload

pytestmark = pytest.mark.django_db


def form(organisation, **data):
    return ToolForm(data={"name": "Hotjar", "status": "active", **data}, organisation=organisation)


def test_the_form_takes_a_known_product_and_refuses_an_unknown_one(editor):
    organisation = editor.organisation
    good = form(
        organisation,
        catalogue_slug="hotjar",
        website="hotjar.com",
        description="Heat maps and recordings.",
    )
    assert good.is_valid(), good.errors
    assert good.cleaned_data["catalogue_slug"] == "hotjar"
    assert good.cleaned_data["website"] == "https://hotjar.com"  # as typed, https assumed
    assert good.cleaned_data["description"] == "Heat maps and recordings."

    assert form(organisation, catalogue_slug="").is_valid()  # none picked: fine
    bad = form(organisation, catalogue_slug="no-such-product")
    assert not bad.is_valid()
    assert bad.errors["catalogue_slug"] == [
        "“no-such-product” is not a known product of the catalogue: pick the product again "
        "from the name's suggestions."
    ]
    for bad in ("not a website", "ftp://files.example.com", "https://user:pw@example.com"):
        bad_url = form(organisation, website=bad)
        assert not bad_url.is_valid() and "website" in bad_url.errors, bad


def test_the_fields_sit_by_the_vendor_the_known_product_hidden():
    fields = list(ToolForm.base_fields)
    assert fields[:5] == ["name", "catalogue_slug", "vendor", "website", "description"]
    assert ToolForm.base_fields["catalogue_slug"].widget.is_hidden


def test_saving_the_page_keeps_them(client, editor):
    response = client.post(
        reverse("tool_add"),
        {
            "name": "Our heat maps",
            "status": "active",
            "catalogue_slug": "hotjar",
            "website": "https://www.hotjar.com",
            "description": "Heat maps.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    tool = Tool.objects.get(organisation=editor.organisation, name="Our heat maps")
    assert (tool.catalogue_slug, tool.website, tool.description) == (
        "hotjar",
        "https://www.hotjar.com",
        "Heat maps.",
    )
    html = client.get(reverse("tool_edit", args=[tool.pk])).content.decode()
    hidden = re.search(r'<input[^>]*name="catalogue_slug"[^>]*>', html).group(0)
    assert 'type="hidden"' in hidden and 'value="hotjar"' in hidden


def test_an_unknown_product_is_shown_as_an_error_not_a_500(client, editor):
    response = client.post(
        reverse("tool_add"),
        {"name": "X", "status": "active", "catalogue_slug": "nope"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'data-testid="hidden-field-errors"' in html
    assert "“nope” is not a known product of the catalogue" in html
    assert not Tool.objects.filter(name="X").exists()


def test_the_tools_page_shows_website_description_and_known_product(client, editor):
    tool = ToolFactory(
        organisation=editor.organisation,
        name="Our heat maps",
        website="https://www.hotjar.com",
        description="Heat maps\nand recordings.",
        catalogue_slug="hotjar",
    )
    html = client.get(tool.get_absolute_url()).content.decode()
    link = re.search(r'<dd[^>]*data-testid="tool-website">.*?</dd>', html).group(0)
    assert 'href="https://www.hotjar.com"' in link
    assert 'rel="noopener noreferrer"' in link
    assert "Heat maps<br>and recordings." in html
    known = re.search(r'data-testid="tool-known-product">(.*?)</dd>', html).group(1)
    assert known == "Hotjar"  # the catalogue's name
    assert "Known product" in html

    plain = ToolFactory(organisation=editor.organisation, name="Plain")
    html = client.get(plain.get_absolute_url()).content.decode()
    assert "Known product" not in html and 'data-testid="tool-description"' not in html


def test_a_known_product_gone_from_the_catalogue_shows_its_slug(client, editor):
    tool = ToolFactory(organisation=editor.organisation, catalogue_slug="gone-product")
    html = client.get(tool.get_absolute_url()).content.decode()
    assert "gone-product" in html and "no longer in the catalogue" in html


def test_the_website_column_is_optional_and_links_out(client, editor):
    ToolFactory(organisation=editor.organisation, name="Hotjar", website="https://www.hotjar.com")
    html = client.get(reverse("tool_list")).content.decode()
    assert 'href="https://www.hotjar.com"' not in html  # not shown by default
    html = client.get(reverse("tool_list"), {"cols": ["name", "website"]}).content.decode()
    assert re.search(
        r'<a href="https://www.hotjar.com" rel="noopener noreferrer" target="_blank">'
        r"<bdi>hotjar.com</bdi></a>",
        html,
    )


def test_search_finds_tools_by_description_and_website(client, editor):
    ToolFactory(organisation=editor.organisation, name="A", description="Session recordings")
    ToolFactory(organisation=editor.organisation, name="B", website="https://www.hotjar.com")
    ToolFactory(organisation=editor.organisation, name="C")
    ToolFactory(organisation=OrganisationFactory(), name="D", description="Session recordings")

    def found(q):
        html = client.get(reverse("tool_list"), {"q": q}).content.decode()
        return {n for n in "ABCD" if re.search(rf">{n}</a>", html)}

    assert found("recordings") == {"A"}
    assert found("hotjar.com") == {"B"}


def exported_rows(client):
    response = client.get(
        reverse("inventory_export", kwargs={"inventory": "tools"}), {"format": "csv"}
    )
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_export_has_website_and_description(client, editor):
    ToolFactory(
        organisation=editor.organisation,
        name="Hotjar",
        website="https://www.hotjar.com",
        description="Heat maps.",
        notes="Ours.",
    )
    (row,) = exported_rows(client)
    assert list(row)[:5] == ["Stackscope ID", "Name", "Vendor", "Website", "Description"]
    assert (row["Website"], row["Description"], row["Notes"]) == (
        "https://www.hotjar.com",
        "Heat maps.",
        "Ours.",
    )


def test_the_import_reads_website_and_description(client, editor):
    text = (
        "Tool,Homepage,Description,Notes\n"
        "HubSpot,hubspot.com,All-in-one CRM.,Ours\n"
        "Hotjar,https://www.hotjar.com/,,\n"
    )
    url = preview_url(upload(client, "tools", csv_file(text)))
    assert commit(client, url, catalogue_option="1").status_code == 302
    tools = {t.name: t for t in Tool.objects.for_organisation(editor.organisation)}
    assert (tools["HubSpot"].website, tools["HubSpot"].description, tools["HubSpot"].notes) == (
        "https://hubspot.com",
        "All-in-one CRM.",
        "Ours",
    )
    assert tools["Hotjar"].website == "https://www.hotjar.com/"


def test_a_bad_website_in_an_import_is_a_row_error_and_nothing_is_written(client, editor):
    text = "Tool,Website\nGood,https://good.example\nBad,not a website\n"
    url = preview_url(upload(client, "tools", csv_file(text)))
    page = client.get(url).content.decode()
    assert "“not a website” is not a web address: write it like https://www.example.com." in (page)
    assert commit(client, url).status_code == 400
    assert not Tool.objects.for_organisation(editor.organisation).exists()
