"""Which stored entry an imported row updates: Stackscope ID first, natural key otherwise."""

import pytest

from assessment.inventory_core.columns import map_headers
from assessment.inventory_core.fields import INTEGRATION, TOOL, TOUCHPOINT
from assessment.inventory_core.rows import clean_rows

TOOLS = {1: {"name": "HubSpot"}, 2: {"name": "Shopify"}, 3: {"name": "Acme, Inc."}}
INTEGRATIONS = {
    10: {"source": "HubSpot", "target": "Shopify", "method": "api"},
    11: {"source": "HubSpot", "target": "Shopify", "method": "api"},  # a second API link
    12: {"source": "Shopify", "target": "HubSpot", "method": "native"},
}
TOUCHPOINTS = {
    20: {"name": "Welcome", "stage": "engagement", "channel": "email", "segment": "new"},
    21: {"name": "Welcome", "stage": "engagement", "channel": "email", "segment": "existing"},
}


def clean(spec, headers, rows, existing, known=("HubSpot", "Shopify", "Acme, Inc.")):
    return clean_rows(
        rows, map_headers(headers, spec.fields), spec, known_tool_names=known, existing=existing
    )


def messages(result):
    return [(e.row_number, e.message) for e in result.errors]


def test_a_row_with_an_id_updates_that_entry_even_when_its_natural_key_changed():
    result = clean(
        TOUCHPOINT,
        ["Stackscope ID", "Name", "Stage", "Channel", "Segment"],
        [[20, "Welcome", "Purchase", "Email", "New customer"]],  # stage edited in the sheet
        TOUCHPOINTS,
    )
    assert result.ok, messages(result)
    assert result.targets == [20]
    renamed = clean(TOOL, ["Stackscope ID", "Tool"], [[2, "Shopify Plus"]], TOOLS)
    assert renamed.ok and renamed.targets == [2]


def test_an_unknown_id_or_another_organisations_id_is_a_row_error_not_a_new_entry():
    result = clean(TOOL, ["Stackscope ID", "Tool"], [[999, "HubSpot"], ["x", "New"]], TOOLS)
    assert messages(result) == [
        (2, "No entry of this inventory has the Stackscope ID 999. Leave the ID blank to add "
            "a new entry."),
        (3, "“x” is not a Stackscope ID (the whole number in the first column of an export); "
            "leave it blank for a new entry."),
    ]  # fmt: skip
    assert result.errors[0].column == "Stackscope ID"


def test_rows_without_an_id_are_matched_by_natural_key():
    result = clean(TOOL, ["Stackscope ID", "Tool"], [["", " hubspot "], [None, "Brand new"]], TOOLS)
    assert result.ok and result.targets == [1, None]


def test_an_id_twice_or_one_entry_updated_twice_is_refused():
    twice = clean(TOOL, ["Stackscope ID", "Tool"], [[1, "HubSpot"], [1, "HubSpot 2"]], TOOLS)
    assert [m for _n, m in messages(twice)] == [
        "Stackscope ID 1 also appears on row 3.",
        "Stackscope ID 1 also appears on row 2.",
    ]
    both = clean(TOOL, ["Stackscope ID", "Tool"], [[1, "HubSpot CRM"], ["", "HubSpot"]], TOOLS)
    assert messages(both) == [
        (2, "Row 3 also updates the entry with Stackscope ID 1; keep one of them."),
        (3, "Row 2 also updates the entry with Stackscope ID 1; keep one of them."),
    ]


def test_integrations_sharing_source_target_and_method_need_their_ids():
    headers = ["Stackscope ID", "Source", "Target", "Method"]
    rows = [[10, "HubSpot", "Shopify", "API"], [11, "HubSpot", "Shopify", "API"]]
    by_id = clean(INTEGRATION, headers, rows, INTEGRATIONS)
    assert by_id.ok and by_id.targets == [10, 11]
    by_hand = clean(INTEGRATION, headers, [["", "HubSpot", "Shopify", "API"]], INTEGRATIONS)
    assert messages(by_hand) == [
        (2, "“HubSpot / Shopify / Direct API” matches 2 entries (Stackscope IDs 10, 11). Put the "
            "Stackscope ID of the one to update in its column."),
    ]  # fmt: skip
    # An edited method keeps the entry when the ID is there.
    edited = clean(INTEGRATION, headers, [[10, "HubSpot", "Shopify", "Webhook"]], INTEGRATIONS)
    assert edited.ok and edited.targets == [10]


def test_a_sheet_without_a_method_column_matches_integrations_by_their_tools():
    result = clean(INTEGRATION, ["From", "To"], [["Shopify", "HubSpot"]], INTEGRATIONS)
    assert result.ok and result.targets == [12]


def test_duplicates_among_rows_without_an_id():
    result = clean(
        INTEGRATION, ["Source", "Target", "Method"],
        [["Acme, Inc.", "HubSpot", "api"], ["acme, inc.", "hubspot", "REST"]], INTEGRATIONS,
    )  # fmt: skip
    assert [n for n, m in messages(result) if m.startswith("Duplicate")] == [2, 3]


def test_touchpoints_differing_only_in_segment_are_two_touchpoints():
    headers = ["Name", "Stage", "Channel", "Segment"]
    rows = [
        ["Welcome", "Engagement", "Email", "New customer"],
        ["Welcome", "Engagement", "Email", "Existing customer"],
        ["Welcome", "Engagement", "Email", "All"],
    ]
    result = clean(TOUCHPOINT, headers, rows, TOUCHPOINTS)
    assert result.ok and result.targets == [20, 21, None]
    # Without a Segment column the segment is unknown: both stored ones match.
    unknown = clean(TOUCHPOINT, headers[:3], [rows[0][:3]], TOUCHPOINTS)
    assert "matches 2 entries (Stackscope IDs 20, 21)" in unknown.errors[0].message


def test_a_unique_natural_key_stays_unique():
    taken = clean(TOOL, ["Stackscope ID", "Tool"], [[2, "hubspot"]], TOOLS)
    assert messages(taken) == [
        (2, "“hubspot” is already the entry with Stackscope ID 1; two entries cannot share it.")
    ]
    # Renaming both in one file is fine; renaming two to one name is not.
    swap = clean(TOOL, ["Stackscope ID", "Tool"], [[1, "Shop"], [2, "Hub"]], TOOLS)
    assert swap.ok
    clash = clean(TOOL, ["Stackscope ID", "Tool"], [[1, "Same"], [2, "same"]], TOOLS)
    assert [n for n, m in messages(clash) if m.startswith("Duplicate")] == [2, 3]
    segment = clean(
        TOUCHPOINT, ["Stackscope ID", "Name", "Stage", "Channel", "Segment"],
        [[21, "Welcome", "Engagement", "Email", "New customer"]], TOUCHPOINTS,
    )  # fmt: skip
    assert "already the entry with Stackscope ID 20" in segment.errors[0].message


@pytest.mark.parametrize("spec", [TOOL, INTEGRATION, TOUCHPOINT], ids=lambda s: s.key)
def test_every_inventory_has_the_id_column_first(spec):
    assert spec.fields[0].key == spec.id_field == "stackscope_id"
