import datetime as dt
from decimal import Decimal

import pytest

from assessment.inventory_core.columns import map_headers
from assessment.inventory_core.fields import INTEGRATION, TOOL, TOUCHPOINT
from assessment.inventory_core.rows import (
    MAX_ROWS,
    ToolNames,
    TooManyRowsError,
    check_row_count,
    clean_rows,
    join_tool_names,
    split_multi,
    split_tool_names,
)

TOOL_HEADERS = [
    "Tool", "Vendor", "Category", "Subcategory", "Status", "Annual Cost", "Currency",
    "Contract start", "Renewal date", "Auto-renewal", "Notice period", "Seats",
    "Active users", "Satisfaction", "Lifecycle", "Stages",
]  # fmt: skip
GOOD_TOOL = [
    "HubSpot", "HubSpot Inc.", "Social & Relationships", "CRM", "Active", "$12,000.00", "",
    "2025-04-01", "31/03/2026", "yes", "30", "50", "42", "4", "Invest", "engagement; service",
]  # fmt: skip


def tools(*rows, headers=TOOL_HEADERS, **kwargs):
    mapping = map_headers(headers, TOOL.fields)
    return clean_rows(list(rows), mapping, TOOL, **kwargs)


def row(**changes):
    values = dict(zip(TOOL_HEADERS, GOOD_TOOL, strict=True))
    values.update(changes)
    return values


def only_error(result):
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def test_good_row_is_clean_and_typed():
    result = tools(row())
    assert result.ok
    assert result.row_numbers == [2]
    (out,) = result.rows
    assert out["name"] == "HubSpot"
    assert out["category"] == "social_relationships" and out["subcategory"] == "crm"
    assert out["annual_cost"] == Decimal("12000.00") and out["currency"] == "USD"
    assert out["renewal_date"] == dt.date(2026, 3, 31)
    assert out["auto_renewal"] is True
    assert (out["notice_period_days"], out["licensed_seats"], out["active_users_30d"]) == (
        30,
        50,
        42,
    )
    assert out["lifecycle"] == "invest"
    assert out["stages"] == ["engagement", "service"]


def test_rows_as_lists_by_column_index():
    result = clean_rows([GOOD_TOOL], map_headers(TOOL_HEADERS, TOOL.fields), TOOL)
    assert result.ok and result.rows[0]["name"] == "HubSpot"


def test_subcategory_typed_in_category_column_is_understood():
    result = tools(row(Category="CRM", Subcategory=""))
    assert result.ok
    assert result.rows[0]["category"] == "social_relationships"
    assert result.rows[0]["subcategory"] == "crm"


def test_subcategory_alone_implies_its_group():
    result = tools(row(Category="", Subcategory="Ecommerce"))
    assert result.ok and result.rows[0]["category"] == "commerce_sales"


def test_currency_from_header_hint_and_conflicts():
    headers = ["Tool", "Annual Cost (€)"]
    assert (
        tools({"Tool": "A", "Annual Cost (€)": "1.200"}, headers=headers).rows[0]["currency"]
        == "EUR"
    )
    conflict = tools(row(**{"Annual Cost": "€1.200", "Currency": "USD"}))
    assert "does not match" in only_error(conflict).message


def test_blank_rows_are_skipped_but_numbered():
    result = tools(row(), {h: "" for h in TOOL_HEADERS}, row(Tool="Mailchimp"))
    assert result.ok
    assert result.row_numbers == [2, 4]


def test_neutralised_cells_are_literal_text():
    result = tools(row(Tool="'=Fancy name"))
    assert result.ok and result.rows[0]["name"] == "=Fancy name"


# --- malformed rows ------------------------------------------------------------------------


def test_missing_required_column():
    result = tools({"Vendor": "x"}, headers=["Vendor"])
    error = only_error(result)
    assert error.row_number == 1 and "Name" in error.message and "missing" in error.message
    assert not result.rows


def test_missing_required_value():
    error = only_error(tools(row(Tool="  ")))
    assert (error.row_number, error.column, error.message) == (2, "Tool", "Name is required.")


def test_duplicate_names_flag_every_duplicate_row():
    result = tools(row(), row(Tool="Mailchimp"), row(Tool="hubspot "))
    assert [(e.row_number, e.field) for e in result.errors] == [(2, "name"), (4, "name")]
    assert "row 4" in result.errors[0].message and "row 2" in result.errors[1].message


def test_unresolved_category_is_listed_not_dropped():
    result = tools(row(Category="Martech stuff", Subcategory=""), row(Tool="B", Status="Actve"))
    assert not result.ok and not result.errors
    assert result.unresolved_choices["category"][0].value == "Martech stuff"
    status = result.unresolved_choices["status"][0]
    assert (status.value, status.count, status.suggestion, status.rows) == (
        "Actve",
        1,
        "active",
        (3,),
    )


def test_unresolved_values_are_counted_once_per_spelling():
    result = tools(row(Tool="A", Status="Under review"), row(Tool="B", Status="under REVIEW"))
    (entry,) = result.unresolved_choices["status"]
    assert (entry.count, entry.rows, entry.suggestion) == (2, (2, 3), "trial")  # a synonym


def test_choice_resolutions_from_the_person_importing():
    result = tools(
        row(Tool="A", Status="Under review"),
        choice_resolutions={"status": {"under review": "trial"}},
    )
    assert result.ok and result.rows[0]["status"] == "trial"
    bad = tools(row(Status="Under review"), choice_resolutions={"status": {"Under review": "x"}})
    assert "not an option" in only_error(bad).message


def test_multi_choice_keeps_good_parts_and_lists_bad_ones():
    result = tools(row(Stages="awareness | Purchase\nfoo"))
    assert result.rows[0]["stages"] == ["awareness", "purchase"]
    assert result.unresolved_choices["stages"][0].value == "foo"


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Seats", "-5", "Licensed seats cannot be negative."),
        ("Active users", "-1", "Active users (30 days) cannot be negative."),
        ("Annual Cost", "(500)", "Annual cost cannot be negative."),
        ("Annual Cost", "-$500", "Annual cost cannot be negative."),
        ("Renewal date", "31/02/2026", "“31/02/2026” is not a real date."),
        ("Renewal date", "soon", "is not a date"),
        ("Annual Cost", "twelve grand", "is not an amount"),
        ("Seats", "12.5", "is not a whole number"),
        ("Satisfaction", "7", "Satisfaction (1–5) must be between 1 and 5."),
        ("Auto-renewal", "maybe", "is not yes or no"),
        ("Currency", "Pesos", "is not a currency"),
        ("Vendor", '=HYPERLINK("http://x")', "looks like a spreadsheet formula"),
        ("Vendor", "@SUM(A1)", "looks like a spreadsheet formula"),
        ("Vendor", "+cmd", "looks like a spreadsheet formula"),
        ("Vendor", "-cmd|' /C calc'!A0", "looks like a spreadsheet formula"),
        ("Annual Cost", "=1200*12", "looks like a spreadsheet formula"),
        ("Vendor", "x" * 201, "longer than 200 characters"),
        ("Renewal date", "2025-01-01", "Renewal date is before the contract start."),
        ("Subcategory", "Email", "belongs to “Content & Experience”"),
    ],
)
def test_malformed_cell(column, value, message):
    error = only_error(tools(row(**{column: value})))
    assert message in error.message
    assert error.row_number == 2
    assert error.column in (column, "Renewal date", "Subcategory")


def test_negative_number_text_is_not_a_formula():
    result = tools(row(Vendor="-5", Notes=None))
    assert result.ok and result.rows[0]["vendor"] == "-5"


def test_errors_are_reported_per_row_in_column_order():
    result = tools(row(Seats="x", Tool=""), row(Tool="B", Satisfaction="9"))
    assert [(e.row_number, e.column) for e in result.errors] == [
        (2, "Tool"),
        (2, "Seats"),
        (3, "Satisfaction"),
    ]


def test_empty_file():
    result = tools()
    assert "no data rows" in only_error(result).message
    blank_only = tools({h: None for h in TOOL_HEADERS})
    assert "no data rows" in only_error(blank_only).message


def test_too_many_rows_refused_before_parsing(monkeypatch):
    from assessment.inventory_core.rows.cleaner import Cleaner

    def explode(*args):
        raise AssertionError("no cell may be parsed")

    monkeypatch.setattr(Cleaner, "cell", explode)
    data = [["Tool"]] * (MAX_ROWS + 1)
    result = clean_rows(data, map_headers(["Tool"], TOOL.fields), TOOL)
    assert "The file has 10,001 data rows; an import takes at most 10,000" in (
        only_error(result).message
    )
    with pytest.raises(TooManyRowsError):
        check_row_count(MAX_ROWS + 1)
    check_row_count(MAX_ROWS)


def test_blank_rows_do_not_count_towards_the_row_limit():
    data = [["A"], ["B"]] + [[""]] * (MAX_ROWS + 5) + [["C"]]
    numbers = list(range(2, 2 + len(data)))
    result = clean_rows(data, map_headers(["Tool"], TOOL.fields), TOOL, row_numbers=numbers)
    assert result.ok and [r["name"] for r in result.rows] == ["A", "B", "C"]
    assert result.row_numbers == [2, 3, len(data) + 1]


def test_row_numbers_given_by_the_reader_are_kept():
    result = tools(row(Tool="A"), row(Tool="a"), row_numbers=[2, 9])
    assert [(e.row_number, e.message) for e in result.errors] == [
        (2, "Duplicate: “A” also appears on row 9."),
        (9, "Duplicate: “a” also appears on row 2."),
    ]


# --- integrations and touchpoints ----------------------------------------------------------

INTEGRATION_HEADERS = ["From", "To", "Direction", "Data", "Method", "Frequency", "Status"]
KNOWN = ["HubSpot", "Mailchimp", "Shopify"]


def integrations(*rows, known=KNOWN):
    mapping = map_headers(INTEGRATION_HEADERS, INTEGRATION.fields)
    return clean_rows([list(r) for r in rows], mapping, INTEGRATION, known_tool_names=known)


def test_integration_row_resolves_tool_names_case_insensitively():
    result = integrations(
        ["hubspot", " MAILCHIMP ", "two-way", "contacts, consent", "Zapier", "daily", "live"]
    )
    assert result.ok, result.errors
    out = result.rows[0]
    assert (out["source"], out["target"], out["direction"], out["method"]) == (
        "HubSpot",
        "Mailchimp",
        "two_way",
        "ipaas",
    )
    assert out["data_objects"] == ["contacts", "consent"]


def test_integration_naming_a_missing_tool():
    error = only_error(integrations(["HubSpot", "Mailchimpp", "", "", "API", "", "live"]))
    assert error.column == "To"
    assert (
        "No tool named “Mailchimpp”" in error.message
        and "Did you mean “Mailchimp”" in error.message
    )


def test_integration_to_itself_and_duplicate_edges():
    assert (
        "two different tools"
        in only_error(integrations(["A", "a", "", "", "", "", ""], known=["A"])).message
    )
    result = integrations(
        ["HubSpot", "Shopify", "", "", "API", "", ""],
        ["hubspot", "shopify", "", "", "REST", "", ""],
    )
    assert [e.row_number for e in result.errors] == [2, 3]
    assert all("Duplicate" in e.message for e in result.errors)


def test_touchpoint_rows():
    headers = ["Touchpoint", "Stage", "Channel", "Tools", "Ease", "Human handover"]
    mapping = map_headers(headers, TOUCHPOINT.fields)
    result = clean_rows(
        [
            ["Help chatbot", "Service", "Chatbot", "HubSpot; Shopify", "4", "no"],
            ["Newsletter", "Engagement", "Email", "Mailchimp", "", ""],
            ["Newsletter", "Service", "Email", "Mailchimp, Nope", "6", ""],
        ],
        mapping,
        TOUCHPOINT,
        known_tool_names=KNOWN,
    )
    assert result.rows[0]["tools"] == ["HubSpot", "Shopify"]
    assert result.rows[0]["channel"] == "chat" and result.rows[0]["human_handover"] is False
    assert [(e.row_number, e.field) for e in result.errors] == [(4, "tools"), (4, "ease")]


def test_tool_name_with_a_comma_is_matched_whole():
    headers = ["Touchpoint", "Stage", "Channel", "Tools"]
    result = clean_rows(
        [["Site", "Awareness", "Web", "Acme, Inc."]],
        map_headers(headers, TOUCHPOINT.fields),
        TOUCHPOINT,
        known_tool_names=["Acme, Inc."],
    )
    assert result.ok and result.rows[0]["tools"] == ["Acme, Inc."]


@pytest.mark.parametrize(
    ("text", "parts"),
    [("a, b; c | d\ne", ["a", "b", "c", "d", "e"]), ("a,,b", ["a", "b"]), ("a, n/a", ["a"])],
)
def test_split_multi(text, parts):
    assert split_multi(text) == parts


@pytest.mark.timing
def test_ten_thousand_rows_clean_without_a_pathological_slowdown():
    import time

    data = [row(Tool=f"Tool {i}", Status=("Actve" if i % 3 else "Active")) for i in range(MAX_ROWS)]
    start = time.perf_counter()
    tools(*data)
    # A guard against pathological slowdowns on a busy CI machine (about 1 s here, idle).
    assert time.perf_counter() - start < 30


def test_ten_thousand_rows_clean():
    data = [row(Tool=f"Tool {i}", Status=("Actve" if i % 3 else "Active")) for i in range(MAX_ROWS)]
    result = tools(*data)
    assert not result.errors
    assert result.unresolved_choices["status"][0].count == MAX_ROWS - MAX_ROWS // 3 - 1


# --- tool lists: separators inside names ------------------------------------------------------

NAMES = ToolNames.of(["Acme, Inc.", "Acme", "Other", "A|B; C", "Meta Ads Manager"])


@pytest.mark.parametrize(
    ("cell", "found", "unknown"),
    [
        ("Acme, Inc.; Other", ["Acme, Inc.", "Other"], []),
        ("Acme; Other", ["Acme", "Other"], []),
        ("acme,inc. | other", ["Acme, Inc.", "Other"], []),  # case and spacing ignored
        ("A|B; C, Acme", ["A|B; C", "Acme"], []),
        ("Other\nAcme, Inc.", ["Other", "Acme, Inc."], []),
        ("Acme, Ltd.; Other", ["Acme", "Other"], ["Ltd."]),
        ("Other, Other", ["Other"], []),
        (" ; , ", [], []),
    ],
)
def test_split_tool_names_takes_the_longest_known_name_first(cell, found, unknown):
    assert split_tool_names(cell, NAMES) == (found, unknown)


def test_join_tool_names_round_trips_whatever_the_names_contain():
    for names in (["Acme, Inc.", "Other"], ["Acme", "Other"], ["A|B; C", "Acme, Inc."]):
        text = join_tool_names(names, NAMES)
        assert split_tool_names(text, NAMES) == (names, [])
    # "Acme" and "Inc." joined with "; " would not be read as the tool "Acme; Inc.".
    tricky = ToolNames.of(["Acme", "Inc.", "Acme; Inc."])
    text = join_tool_names(["Acme", "Inc."], tricky)
    assert text == "Acme | Inc." and split_tool_names(text, tricky) == (["Acme", "Inc."], [])


def test_touchpoint_tools_with_separators_in_names_and_a_clear_message_otherwise():
    headers = ["Touchpoint", "Stage", "Channel", "Tools"]
    result = clean_rows(
        [
            ["Site", "Awareness", "Web", "Acme, Inc.; Other"],
            ["Shop", "Purchase", "Web", "Acme; Other"],
        ],
        map_headers(headers, TOUCHPOINT.fields),
        TOUCHPOINT,
        known_tool_names=["Acme, Inc.", "Other"],
    )
    assert result.rows[0]["tools"] == ["Acme, Inc.", "Other"]
    error = only_error(result)
    assert (error.row_number, error.value) == (3, "Acme")
    assert "No tool named “Acme”" in error.message
    assert "Did you mean “Acme, Inc.”?" in error.message and "separators" in error.message


# --- suggestions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [
        ("Under Review", "trial"),
        ("Evaluating", "trial"),
        ("Being evaluated", "trial"),
        ("Under review (Q3)", "trial"),
        ("On hold", "inactive"),
        ("Sunsetting", "retired"),
        ("Not renewed", "retired"),
        ("Actve", "active"),  # a typo: the closest option
        ("Blue", None),
    ],
)
def test_status_words_people_use_get_a_suggestion(value, suggestion):
    (entry,) = tools(row(Status=value)).unresolved_choices["status"]
    assert entry.suggestion == suggestion


def test_exact_aliases_still_match_without_asking():
    result = tools(row(Tool="A", Status="Pilot"), row(Tool="B", Status="Cancelled"))
    assert result.ok and [r["status"] for r in result.rows] == ["trial", "retired"]


def test_integration_status_and_lifecycle_synonyms():
    result = integrations(["HubSpot", "Shopify", "", "", "API", "", "Sunsetting"])
    assert result.unresolved_choices["status"][0].suggestion == "deprecated"
    lifecycle = tools(row(Lifecycle="Phase out"))
    assert lifecycle.unresolved_choices["lifecycle"][0].suggestion == "eliminate"


def test_a_misspelt_subcategory_in_the_category_column_suggests_the_subcategory():
    result = tools(row(Category="Markting automaton", Subcategory=""))
    (entry,) = result.unresolved_choices["category"]
    assert entry.suggestion == "marketing_automation"
    # Choosing the subcategory for the Category value sets both.
    resolved = tools(
        row(Category="Markting automaton", Subcategory=""),
        choice_resolutions={"category": {"Markting automaton": "marketing_automation"}},
    )
    assert resolved.ok, resolved.errors
    out = resolved.rows[0]
    assert (out["category"], out["subcategory"]) == ("content_experience", "marketing_automation")
    # A misspelt group still suggests the group.
    group = tools(row(Category="Comerce & Sales", Subcategory=""))
    assert group.unresolved_choices["category"][0].suggestion == "commerce_sales"


# --- day/month order -----------------------------------------------------------------------


def renewals(*dates, day_first=True):
    return clean_rows(
        [[f"T{i}", d] for i, d in enumerate(dates)],
        map_headers(["Tool", "Renews"], TOOL.fields),
        TOOL,
        day_first=day_first,
    )


def test_a_us_sheet_read_day_first_is_warned_about_with_an_example():
    result = renewals("03/04/2026", "04/13/2026")
    assert result.ok  # valid dates: a warning, not an error
    (warning,) = result.date_warnings
    assert (warning.field, warning.column, warning.day_first) == ("renewal_date", "Renews", False)
    assert warning.message == (
        "Column “Renews” looks month first: 04/13/2026 (row 3) can only be read month first. "
        "But the sheet is read day first, so 03/04/2026 (row 2) is read as 2026-04-03. Switch "
        "to month first if that is how the sheet writes dates."
    )
    # Switched: the same sheet reads consistently and nothing is said.
    switched = renewals("03/04/2026", "04/13/2026", day_first=False)
    assert not switched.date_warnings
    assert [r["renewal_date"].isoformat() for r in switched.rows] == ["2026-03-04", "2026-04-13"]


def test_only_ambiguous_dates_are_warned_about_too():
    (warning,) = renewals("03/04/2026", "05/06/2026").date_warnings
    assert "can be read either way: 03/04/2026 (row 2) is read day first, as 2026-04-03" in (
        warning.message
    )
    assert warning.day_first is False
    (us,) = renewals("03/04/2026", day_first=False).date_warnings
    assert "is read month first, as 2026-03-04" in us.message and us.day_first is True


def test_dates_written_both_ways_and_unambiguous_columns():
    (mixed,) = renewals("31/03/2026", "04/13/2026", "03/04/2026").date_warnings
    assert "has dates written both ways: 31/03/2026 (row 2)" in mixed.message
    assert "04/13/2026 (row 3) only month first" in mixed.message
    assert not renewals("31/03/2026", "03/04/2026").date_warnings  # agrees with day first
    assert not renewals("04/13/2026", "05/20/2026").date_warnings  # each reads one way only
    assert not renewals("2026-03-04", "04/04/2026").date_warnings


@pytest.mark.parametrize("name", ["Hub\nSpot", "Hub\r\nSpot", "Hub\tSpot", "Hub\u2028Spot"])
def test_a_name_with_a_line_break_or_control_character_is_a_row_error(name):
    error = only_error(tools(list(row(Tool=name).values())))
    assert error.field == "name"
    assert "one line" in error.message


def test_persian_zero_width_non_joiner_in_a_name_is_kept():
    result = tools(list(row(Tool="می\u200cخواهم").values()))
    assert result.ok and result.rows[0]["name"] == "می\u200cخواهم"
