import pytest

from assessment.inventory_core.columns import field_lookup, map_headers
from assessment.inventory_core.fields import (
    INTEGRATION_FIELDS,
    INVENTORIES,
    TOOL_FIELDS,
    TOUCHPOINT_FIELDS,
    FieldKind,
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Annual Cost ($)", "annual_cost"),
        ("cost_annual", "annual_cost"),
        ("annual_cost", "annual_cost"),
        ("ANNUAL COST", "annual_cost"),
        ("Tool", "name"),
        ("tool_name", "name"),
        ("Name", "name"),
        ("renewal_date", "renewal_date"),
        ("Renewal Date", "renewal_date"),
        ("licensed_seats", "licensed_seats"),
        ("Seats", "licensed_seats"),
        ("active_users_30d", "active_users_30d"),
        ("Active users (30 days)", "active_users_30d"),
        ("Notice period (days)", "notice_period_days"),
        ("Auto-renewal", "auto_renewal"),
        ("Sub-category", "subcategory"),
        ("Satisfaction (1–5)", "satisfaction"),
        ("Lifecycle (TIME)", "lifecycle"),
        ("  Vendor  ", "vendor"),
    ],
)
def test_tool_headers(header, field):
    mapping = map_headers([header], TOOL_FIELDS)
    assert mapping.columns == {0: field}
    assert not mapping.unknown


@pytest.mark.parametrize(
    ("header", "field", "fields"),
    [
        ("From", "source", INTEGRATION_FIELDS),
        ("Destination", "target", INTEGRATION_FIELDS),
        ("Data objects", "data_objects", INTEGRATION_FIELDS),
        ("Integration method", "method", INTEGRATION_FIELDS),
        ("Review state", "review_state", INTEGRATION_FIELDS),
        ("Touchpoint", "name", TOUCHPOINT_FIELDS),
        ("Journey stage", "stage", TOUCHPOINT_FIELDS),
        ("Personalization", "personalisation", TOUCHPOINT_FIELDS),
        ("Human hand-over", "human_handover", TOUCHPOINT_FIELDS),
        ("Ease (1-5)", "ease", TOUCHPOINT_FIELDS),
        ("Powered by", "tools", TOUCHPOINT_FIELDS),
    ],
)
def test_other_inventory_headers(header, field, fields):
    assert map_headers([header], fields).columns == {0: field}


def test_unknown_duplicate_and_missing_are_reported():
    mapping = map_headers(
        ["Annual Cost ($)", "cost_annual", "Weird", "Renewl date", "", None, "Seats"],
        TOOL_FIELDS,
    )
    assert mapping.duplicates == {"annual_cost": (0, 1)}
    assert mapping.columns[0] == "annual_cost"
    assert [(u.header, u.suggestion) for u in mapping.unknown] == [
        ("Weird", None),
        ("Renewl date", "renewal_date"),
    ]
    assert mapping.missing_required == ("name",)
    assert not mapping.ok
    problems = mapping.problems(TOOL_FIELDS)
    assert any("Name" in p and "missing" in p for p in problems)
    assert any("keep one" in p for p in problems)


def test_overrides_resolve_a_duplicate_and_map_an_unknown():
    headers = ["Tool", "Annual cost", "Cost", "Weird"]
    mapping = map_headers(headers, TOOL_FIELDS, overrides={2: None, 3: "notes"})
    assert mapping.ok
    assert mapping.columns == {0: "name", 1: "annual_cost", 3: "notes"}
    with pytest.raises(ValueError):
        map_headers(headers, TOOL_FIELDS, overrides={3: "nope"})


@pytest.mark.parametrize(
    ("header", "code"), [("Annual Cost ($)", "USD"), ("Cost (EUR)", "EUR"), ("Cost [€]", "EUR")]
)
def test_currency_hint_from_header(header, code):
    mapping = map_headers(["Tool", header], TOOL_FIELDS)
    assert mapping.currency_hints == {"annual_cost": code}
    assert mapping.header_of("annual_cost") == header


def test_missing_required_integration_columns():
    mapping = map_headers(["From"], INTEGRATION_FIELDS)
    assert mapping.missing_required == ("target",)


@pytest.mark.parametrize("inventory", INVENTORIES.values(), ids=list(INVENTORIES))
def test_aliases_never_name_two_fields(inventory):
    field_lookup(inventory.fields)  # raises on a clash
    keys = [f.key for f in inventory.fields]
    assert len(keys) == len(set(keys))
    assert set(inventory.identity) <= set(keys)


def test_field_lists_are_as_specified():
    assert [f.key for f in TOOL_FIELDS] == [
        "stackscope_id", "name", "vendor", "website", "description", "category", "subcategory",
        "plan_tier", "business_owner", "owner_email", "owning_team", "status", "annual_cost",
        "currency",
        "contract_start", "renewal_date",
        "auto_renewal", "notice_period_days", "licensed_seats", "active_users_30d",
        "satisfaction", "lifecycle", "stages", "data_sensitivity", "system_of_record",
        "authentication", "notes",
    ]  # fmt: skip
    assert [f.key for f in INTEGRATION_FIELDS] == [
        "stackscope_id", "source", "target", "direction", "data_objects", "method",
        "frequency", "status", "criticality", "technical_owner", "review_state", "notes",
    ]  # fmt: skip
    assert [f.key for f in TOUCHPOINT_FIELDS] == [
        "stackscope_id", "name", "stage", "channel", "segment", "personalisation",
        "human_handover", "owner", "tools", "ease", "notes",
    ]  # fmt: skip


def test_choice_fields_name_existing_taxonomy_lists():
    from assessment.inventory_core.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    for inventory in INVENTORIES.values():
        for spec in inventory.fields:
            if spec.kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE):
                assert taxonomy.choices(spec.choices)


def test_the_stackscope_id_column_is_not_a_sheets_own_id_column():
    mapping = map_headers(["ID", "Tool", "Stackscope ID"], TOOL_FIELDS)
    assert mapping.columns == {1: "name", 2: "stackscope_id"}
    assert [u.header for u in mapping.unknown] == ["ID"]


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Website", "website"),
        ("URL", "website"),
        ("Homepage", "website"),
        ("Home page", "website"),
        ("Description", "description"),
        ("Notes", "notes"),
        ("Comments", "notes"),
    ],
)
def test_a_tools_website_and_description_headers(header, key):
    assert map_headers(["Tool", header], TOOL_FIELDS).columns == {0: "name", 1: key}


def test_description_is_still_the_notes_of_integrations_and_touchpoints():
    assert map_headers(["Source", "Target", "Description"], INTEGRATION_FIELDS).columns[2] == (
        "notes"
    )
    assert map_headers(["Touchpoint", "Description"], TOUCHPOINT_FIELDS).columns[1] == "notes"


def test_header_signature_is_the_set_of_normalised_titles():
    from assessment.inventory_core.columns import header_set, header_signature

    first = header_signature(["Product", "Licences bought", "Phase", ""])
    assert first == header_signature(["PHASE", "licences-bought", "Product"])
    assert first != header_signature(["Product", "Licences bought"])
    assert header_set(["Phase", "phase", None, " "]) == ["phase"]
    assert len(first) == 64
