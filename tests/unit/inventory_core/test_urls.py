"""A tool's website as a spreadsheet cell gives it: "hubspot.com" is https://hubspot.com (as
the tool form reads it), only http(s) addresses with a real host are taken, and a bad one
is a row error quoting what was typed."""

import pytest
from django import forms
from django.core.validators import URLValidator

from assessment.inventory_core.base import ValueParseError
from assessment.inventory_core.columns import map_headers
from assessment.inventory_core.fields import TOOL
from assessment.inventory_core.rows import clean_rows
from assessment.inventory_core.urls import MAX_URL_LENGTH, parse_url

GOOD = [
    ("hubspot.com", "https://hubspot.com"),
    ("  https://www.hotjar.com  ", "https://www.hotjar.com"),
    ("HTTP://Example.com/a?b=1#c", "http://Example.com/a?b=1#c"),
    ("hubspot.com/products/crm", "https://hubspot.com/products/crm"),
    ("www.example.co.uk", "https://www.example.co.uk"),
    ("https://münchen.de", "https://münchen.de"),
    ("https://example.com:8443/x", "https://example.com:8443/x"),
    ("http://192.0.2.1/", "http://192.0.2.1/"),
    ("https://xn--mnchen-3ya.de", "https://xn--mnchen-3ya.de"),
]


@pytest.mark.parametrize(("typed", "read"), GOOD)
def test_addresses_are_read_as_the_form_reads_them(typed, read):
    assert parse_url(typed) == read
    # whatever the import keeps, the model's validator and the tool form accept as it is
    URLValidator()(read)
    assert forms.URLField().clean(typed.strip()).casefold() == read.casefold()


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_blank_is_none(blank):
    assert parse_url(blank) is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("not a url", "“not a url” is not a web address: write it like https://www.example.com."),
        ("hubspot", "“hubspot” is not a web address"),
        ("ftp://files.example.com", "only http and https addresses are"),
        ("javascript:alert(1)", "only http and https addresses are"),
        ("mailto:sales@example.com", "only http and https addresses are"),
        ("https://", "is not a web address"),
        ("https://-bad-.com", "is not a web address"),
        ("https://example.com:99999", "is not a web address"),
        ("https://user:secret@example.com", "is not a web address"),
        ("https://example.com/" + "x" * MAX_URL_LENGTH, "at most 500 characters"),
    ],
)
def test_bad_addresses_are_refused_with_a_clear_message(typed, message):
    with pytest.raises(ValueParseError) as error:
        parse_url(typed)
    assert message in error.value.message


def test_website_and_description_columns_are_imported():
    headers = ["Tool", "Homepage", "Description", "Notes"]
    mapping = map_headers(headers, TOOL.fields)
    result = clean_rows(
        [
            {"Tool": "HubSpot", "Homepage": "hubspot.com", "Description": "CRM.", "Notes": "n"},
            {"Tool": "Hotjar", "Homepage": "", "Description": "Line 1\nLine 2", "Notes": ""},
        ],
        mapping,
        TOOL,
    )
    assert result.ok, result.errors
    first, second = result.rows
    assert (first["website"], first["description"], first["notes"]) == (
        "https://hubspot.com",
        "CRM.",
        "n",
    )
    assert (second["website"], second["description"]) == (None, "Line 1\nLine 2")


def test_a_bad_website_is_an_error_of_its_row_and_column():
    mapping = map_headers(["Tool", "Website"], TOOL.fields)
    result = clean_rows(
        [{"Tool": "A", "Website": "https://a.example"}, {"Tool": "B", "Website": "not a site"}],
        mapping,
        TOOL,
    )
    assert not result.ok
    (error,) = result.errors
    assert (error.row_number, error.column, error.value) == (3, "Website", "not a site")
    assert "is not a web address" in error.message


def test_a_formula_in_the_website_column_is_refused():
    mapping = map_headers(["Tool", "Website"], TOOL.fields)
    result = clean_rows([{"Tool": "A", "Website": '=HYPERLINK("http://x.example")'}], mapping, TOOL)
    (error,) = result.errors
    assert "looks like a spreadsheet formula" in error.message
