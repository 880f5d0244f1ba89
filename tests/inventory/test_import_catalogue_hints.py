"""Catalogue hints in a tools import (issue 18): rows whose name is a known product get
their blank fields filled from the catalogue — never over a value of the file or of the
stored tool — when the preview's "Fill blank fields from the catalogue" is on."""

import re

import pytest

from assessment.discovery import catalogue
from assessment.inventory import imports
from assessment.inventory.imports.catalogue_hints import Product, hints_for
from assessment.inventory.services import seed_taxonomy
from assessment.models import ImportJob, ImportJobStatus, Tool
from assessment.testing.factories import ToolFactory
from core.testing.factories import MembershipFactory
from tests.inventory.helpers import commit, csv_file, preview_url, upload

HOTJAR = catalogue.catalogue().by_name("Hotjar")
HUBSPOT = catalogue.catalogue().by_name("HubSpot")


def plain_names() -> list[str]:
    """Known products' names a spreadsheet cell holds as they are (letters and digits)."""
    names = {
        e.name for e in catalogue.catalogue().entries if re.fullmatch(r"[A-Za-z][\w ]*", e.name)
    }
    unique = {name.casefold(): name for name in sorted(names)}
    return sorted(unique.values())


PRODUCT = Product(
    name="Hotjar",
    slug="hotjar",
    vendor="Hotjar",
    website="https://www.hotjar.com",
    description="Heatmaps.",
    subcategory="mobile_web_analytics",
    category="data",
    subcategory_name="Mobile & web analytics",
    category_name="Data",
)
PRODUCTS = {"hotjar": PRODUCT}
ALL_FILLS = {
    "subcategory": "mobile_web_analytics",
    "category": "data",
    "vendor": "Hotjar",
    "website": "https://www.hotjar.com",
    "description": "Heatmaps.",
    "catalogue_slug": "hotjar",
}


# --- the pure computation --------------------------------------------------------------------


def hints(rows, targets=None, stored=None):
    targets = targets or [None] * len(rows)
    return hints_for(rows, list(range(2, len(rows) + 2)), targets, PRODUCTS, stored or {})


def test_a_new_known_product_gets_every_blank_field_filled():
    (hint,) = hints([{"name": " HOTJAR "}, {"name": "Our intranet"}])
    assert (hint.row_number, hint.name, hint.product.slug) == (2, " HOTJAR ", "hotjar")
    assert hint.fills == ALL_FILLS


def test_what_the_file_says_is_never_replaced():
    (hint,) = hints(
        [
            {
                "name": "Hotjar",
                "vendor": "Contentsquare",
                "website": "https://x.example",
                "description": "",
            }
        ]
    )
    assert "vendor" not in hint.fills and "website" not in hint.fills
    assert hint.fills["description"] == "Heatmaps."  # a blank cell is filled


def test_an_update_fills_only_what_the_stored_tool_leaves_blank():
    stored = {
        7: {
            "vendor": "Reseller",
            "website": "",
            "description": "Ours.",
            "catalogue_slug": "",
            "subcategory": None,
            "category": None,
        }
    }
    (hint,) = hints([{"name": "Hotjar"}], targets=[7], stored=stored)
    assert hint.fills == {
        "subcategory": "mobile_web_analytics",
        "category": "data",
        "website": "https://www.hotjar.com",
        "catalogue_slug": "hotjar",
    }


def test_a_recognised_row_with_nothing_to_fill_still_counts():
    stored = {
        7: {
            "vendor": "Hotjar",
            "website": "https://hotjar.example",
            "description": "Ours.",
            "catalogue_slug": "hotjar",
            "subcategory": "crm",
            "category": "social_relationships",
        }
    }
    (hint,) = hints([{"name": "Hotjar"}], targets=[7], stored=stored)
    assert hint.fills == {} and hint.product.slug == "hotjar"


def test_a_subcategory_is_filled_only_under_its_own_category():
    other, same = (
        hints([{"name": "Hotjar", "category": "commerce_sales"}])[0],
        hints([{"name": "Hotjar", "category": "data", "subcategory": None}])[0],
    )
    assert "subcategory" not in other.fills and "category" not in other.fills
    assert same.fills["subcategory"] == "mobile_web_analytics" and "category" not in same.fills
    stored = {7: {"category": "commerce_sales", "subcategory": None}}
    (kept,) = hints([{"name": "Hotjar"}], targets=[7], stored=stored)
    assert "subcategory" not in kept.fills and "category" not in kept.fills


def test_unknown_names_and_unmapped_products_give_no_fills():
    assert hints([{"name": "Hotjar clone"}, {"name": None}, {}]) == []
    bare = {"hotjar": Product(name="Hotjar", slug="hotjar")}
    (hint,) = hints_for([{"name": "Hotjar"}], [2], [None], bare, {})
    assert hint.fills == {"catalogue_slug": "hotjar"}


# --- the preview and the commit ------------------------------------------------------------


def session_for(member, text, **fields):
    headers, *rows = [line.split(",") for line in text.strip().splitlines()]
    return imports.ImportSession.new(
        organisation=member.organisation,
        user=member.user,
        inventory="tools",
        filename="tools.csv",
        headers=headers,
        rows=rows,
        day_first=True,
        stored=False,
        **fields,
    )


@pytest.fixture
def member(db):
    membership = MembershipFactory(role="editor")
    seed_taxonomy(organisation=membership.organisation)
    return membership


def run(member, text, **fields):
    session = session_for(member, text, **fields)
    preview = session.preview(member.organisation)
    assert preview.ok, (preview.problems, preview.errors)
    return imports.commit(session, member.organisation, member.user, preview=preview), preview


def test_the_preview_lists_known_products_with_what_they_get(member):
    preview = session_for(
        member, "Name,Vendor\nHotjar,\nHubSpot,HubSpot Inc.\nIntranet,\n"
    ).preview(member.organisation)
    assert [(h.row_number, h.product.slug) for h in preview.catalogue_hints] == [
        (2, "hotjar"),
        (3, "hubspot"),
    ]
    hubspot = preview.catalogue_hints[1]
    assert "vendor" not in hubspot.fills
    assert hubspot.fills["subcategory"] == "marketing_automation"
    assert set(preview.fills) == {0, 1}


def test_the_commit_writes_the_fills_of_new_tools(member):
    counts, _preview = run(member, "Name,Vendor\nHotjar,\nHubSpot,HubSpot Inc.\nIntranet,\n")
    assert counts["created"] == 3
    tools = {t.name: t for t in Tool.objects.for_organisation(member.organisation)}
    hotjar, hubspot, intranet = tools["Hotjar"], tools["HubSpot"], tools["Intranet"]
    assert (hotjar.vendor, hotjar.website, hotjar.catalogue_slug) == (
        "Hotjar",
        HOTJAR.website,
        "hotjar",
    )
    assert hotjar.description == HOTJAR.description
    assert (hotjar.subcategory.key, hotjar.category.key) == ("mobile_web_analytics", "data")
    assert hubspot.vendor == "HubSpot Inc."  # typed: kept
    assert (hubspot.subcategory.key, hubspot.category.key) == (
        "marketing_automation",
        "content_experience",
    )
    assert hubspot.subcategory.organisation_id == member.organisation.pk
    assert (intranet.vendor, intranet.website, intranet.catalogue_slug) == ("", "", "")
    assert intranet.subcategory is None


def test_the_commit_fills_only_blank_stored_fields_of_updated_tools(member):
    org = member.organisation
    ToolFactory(
        organisation=org,
        name="Hotjar",
        vendor="Reseller",
        website="https://ours.example",
        description="",
        catalogue_slug="",
        category=None,
        subcategory=None,
        licensed_seats=1,
    )
    counts, _preview = run(member, "Name,Licensed seats\nhotjar,5\n")
    assert counts == {"created": 0, "updated": 1, "unchanged": 0}
    tool = Tool.objects.get(organisation=org)
    assert (tool.vendor, tool.website, tool.licensed_seats) == (
        "Reseller",
        "https://ours.example",
        5,
    )
    assert (tool.description, tool.catalogue_slug) == (HOTJAR.description, "hotjar")
    assert tool.subcategory.key == "mobile_web_analytics"
    # Filled once: the same file again changes nothing.
    counts, preview = run(member, "Name,Licensed seats\nhotjar,5\n")
    assert counts == {"created": 0, "updated": 0, "unchanged": 1}
    assert len(preview.catalogue_hints) == 1 and preview.catalogue_hints[0].fills == {}


def test_website_and_description_cells_of_the_file_are_kept(member):
    if "website" not in {f.key for f in imports.INVENTORIES["tools"].fields}:
        pytest.skip("website and description are not import columns here")
    run(member, "Name,Website,Description\nHotjar,https://ours.example,\n")
    tool = Tool.objects.get(organisation=member.organisation)
    assert (tool.website, tool.description) == ("https://ours.example", HOTJAR.description)


def test_a_category_of_the_file_keeps_its_subcategory_blank(member):
    run(member, "Name,Category\nHotjar,Commerce & sales\n")
    tool = Tool.objects.get(organisation=member.organisation)
    assert tool.category.key == "commerce_sales" and tool.subcategory is None
    assert tool.vendor == "Hotjar"


def test_with_the_option_off_nothing_is_filled(member):
    counts, preview = run(member, "Name\nHotjar\n", use_catalogue=False)
    assert counts["created"] == 1 and len(preview.catalogue_hints) == 1 and preview.fills == {}
    tool = Tool.objects.get(organisation=member.organisation)
    assert (tool.vendor, tool.website, tool.catalogue_slug, tool.subcategory) == ("", "", "", None)


def test_other_inventories_get_no_hints(member):
    for name in ("Hotjar", "HubSpot"):
        ToolFactory(organisation=member.organisation, name=name)
    session = session_for(member, "Source,Target,Method\nHotjar,HubSpot,API\n")
    session.inventory = "integrations"
    preview = session.preview(member.organisation)
    assert preview.ok and preview.catalogue_hints == []


def test_a_large_import_reads_the_catalogue_in_a_bounded_number_of_queries(
    member, django_assert_max_num_queries
):
    """Preview and commit of 30 and of 300 known products (half of them updates) make the
    same number of queries: no query per row."""
    names = plain_names()
    org = member.organisation
    for size in (30, 300):
        chosen = names[1000 : 1000 + size]
        Tool.objects.for_organisation(org).delete()
        Tool.objects.bulk_create(Tool(organisation=org, name=n) for n in chosen[::2])
        text = "Name\n" + "\n".join(chosen) + "\n"
        session = session_for(member, text)
        with django_assert_max_num_queries(30):
            preview = session.preview(org)
            assert len(preview.catalogue_hints) == size
            imports.commit(session, org, member.user, preview=preview)
        filled = Tool.objects.for_organisation(org).exclude(catalogue_slug="").count()
        assert filled == size


# --- the page ------------------------------------------------------------------------------


def test_the_preview_page_shows_the_panel_and_the_toggle_works(client, editor):
    url = preview_url(upload(client, "tools", csv_file("Name,Vendor\nHotjar,\nIntranet,\n")))
    page = client.get(url).content.decode()
    assert 'data-testid="known-products"' in page
    assert "1 row is a known product; blank fields will be filled from the catalogue." in page
    assert 'data-testid="use-catalogue"' in page and "checked" in page
    assert HOTJAR.website in page and "Mobile &amp; web analytics" in page
    # Unticking re-renders the preview (htmx: the form only).
    response = client.post(
        url,
        {"catalogue_option": "1", "column_0": "name", "column_1": "vendor"},
        headers={"HX-Request": "true"},
    )
    partial = response.content.decode()
    assert response.status_code == 200 and "<html" not in partial
    assert "1 row is a known product; its blank fields stay blank." in partial
    assert 'data-testid="known-products-table"' not in partial
    assert commit(client, url, catalogue_option="1").status_code == 302
    tool = Tool.objects.get(organisation=editor.organisation, name="Hotjar")
    assert (tool.vendor, tool.catalogue_slug) == ("", "")


def test_the_page_commits_the_fills_by_default(client, editor):
    url = preview_url(upload(client, "tools", csv_file("Name\nHubSpot\n")))
    assert commit(client, url).status_code == 302
    tool = Tool.objects.get(organisation=editor.organisation)
    assert (tool.vendor, tool.catalogue_slug, tool.website) == (
        "HubSpot",
        "hubspot",
        HUBSPOT.website,
    )


def test_the_panel_lists_at_most_50_rows(client, editor):
    names = plain_names()[:53]
    url = preview_url(upload(client, "tools", csv_file("Name\n" + "\n".join(names) + "\n")))
    page = client.get(url).content.decode()
    assert "53 rows are known products" in page
    assert page.count("<tr>", page.index('data-testid="known-products-table"')) >= 50
    assert "…and 3 more." in page


def test_a_file_without_known_products_has_no_panel(client, editor):
    url = preview_url(upload(client, "tools", csv_file("Name\nIntranet\n")))
    assert 'data-testid="known-products"' not in client.get(url).content.decode()


def test_a_background_commit_writes_the_fills(
    client, editor, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_SYNC_MAX_ROWS = 2
    url = preview_url(upload(client, "tools", csv_file("Name\nHotjar\nHubSpot\nIntranet\n")))
    with django_capture_on_commit_callbacks(execute=True):
        response = commit(client, url)
    assert "/import/jobs/" in response["Location"]
    assert ImportJob.objects.get().status == ImportJobStatus.DONE
    tools = {t.name: t for t in Tool.objects.for_organisation(editor.organisation)}
    assert tools["Hotjar"].catalogue_slug == "hotjar" and tools["HubSpot"].vendor == "HubSpot"
    assert tools["Intranet"].catalogue_slug == ""


def test_a_background_commit_with_the_option_off_fills_nothing(
    client, editor, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_SYNC_MAX_ROWS = 2
    url = preview_url(upload(client, "tools", csv_file("Name\nHotjar\nHubSpot\nIntranet\n")))
    with django_capture_on_commit_callbacks(execute=True):
        commit(client, url, catalogue_option="1")
    assert ImportJob.objects.get().status == ImportJobStatus.DONE
    assert (
        not Tool.objects.for_organisation(editor.organisation).exclude(catalogue_slug="").exists()
    )
