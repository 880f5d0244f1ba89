"""Readable history (core/history/display.py): labels, choices, related names, Yes/No,
localised dates, m2m lists, noise left out — pure functions, no database."""

import datetime as dt
from types import SimpleNamespace

from django.utils import translation

from assessment.models import Integration, Tool, ToolCategory, Touchpoint
from core.history import display


def field(model, name):
    return model._meta.get_field(name)


def test_choices_read_as_their_labels():
    assert display.format_value(field(Tool, "status"), "active") == "Active"
    assert display.format_value(field(Integration, "method"), "api") == "Direct API"
    # a value no longer among the choices is shown as stored
    assert display.format_value(field(Tool, "status"), "gone") == "gone"


def test_booleans_read_yes_or_no():
    assert display.format_value(field(Tool, "system_of_record"), True) == "Yes"
    assert display.format_value(field(Tool, "system_of_record"), False) == "No"
    assert display.format_value(field(Tool, "system_of_record"), "False") == "No"
    assert display.format_value(field(Tool, "system_of_record"), None) == ""


def test_dates_are_localised():
    renewal = field(Tool, "renewal_date")
    with translation.override("en"):
        assert display.format_value(renewal, "2027-01-31") == "2027-01-31"
    with translation.override("ro"):
        assert display.format_value(renewal, "2027-01-31") == "31.01.2027"
    assert display.format_value(renewal, dt.date(2027, 1, 31)) in ("2027-01-31", "31.01.2027")


def test_related_rows_read_by_name_and_a_deleted_one_says_so():
    category = field(Tool, "category")
    names = {4: "Data", 5: "Advertising"}
    assert display.format_value(category, 4, names) == "Data"
    assert display.format_value(category, "5", names) == "Advertising"
    assert display.format_value(category, 9, names) == "#9 (deleted)"


def test_list_fields_read_through_the_models_labels():
    stages = field(Tool, "stages")
    assert display.format_value(stages, ["awareness", "purchase"]) == (
        "Awareness, Purchase / transaction"
    )


def test_long_text_is_cut():
    text = "x" * 500
    shown = display.format_value(field(Tool, "notes"), text)
    assert len(shown) == display.MAX_TEXT
    assert shown.endswith("…")


def test_change_rows_use_verbose_names_and_skip_noise_on_create():
    rows = display.change_rows(
        Tool,
        {"name": [None, "CRM"], "notes": [None, ""], "status": [None, "active"]},
        action=0,
    )
    assert [(r.label, r.old, r.new) for r in rows] == [
        ("Name", "", "CRM"),
        ("Status", "", "Active"),
    ]
    rows = display.change_rows(
        Tool,
        {"category": [1, 2], "annual_cost": ["10.00", "12.50"]},
        names={ToolCategory: {1: "Data", 2: "Content"}},
    )
    assert [r.as_text() for r in rows] == ["Category: Data → Content", "Annual cost: 10.00 → 12.50"]


def test_m2m_changes_are_lists_of_names():
    rows = display.change_rows(
        Touchpoint,
        {"tools": {"type": "m2m", "operation": "add", "objects": ["CRM", "Email"]}},
    )
    assert rows[0].is_m2m and rows[0].added == ["CRM", "Email"] and rows[0].removed == []
    assert rows[0].as_text() == "Tools: added CRM, Email"
    rows = display.change_rows(
        Touchpoint, {"tools": {"type": "m2m", "operation": "delete", "objects": ["CRM"]}}
    )
    assert rows[0].as_text() == "Tools: removed CRM"


def test_an_unknown_field_keeps_a_readable_name():
    rows = display.change_rows(Tool, {"old_field": ["a", "b"]})
    assert rows[0].label == "Old field"


def test_who_names_the_person_the_token_or_the_system():
    ann = "Ann Smith"
    assert display.who(ann) == "Ann Smith"
    assert display.who(ann, SimpleNamespace(name="CI")) == "API token CI of Ann Smith"
    assert display.who(None, None, "left@example.test") == "left@example.test"
    assert display.who(None) == "System"


def test_an_import_reads_as_one_sentence():
    summary = display.import_summary(
        {"kind": "import", "file": "tools.csv", "created": 3, "updated": 5, "unchanged": 10}
    )
    assert summary == "Imported tools.csv: 3 created, 5 updated, 0 deleted, 10 unchanged"
    group = SimpleNamespace(additional_data={"kind": "import"}, object_pk="")
    assert display.is_import_group(group)
    assert not display.is_import_group(SimpleNamespace(additional_data={}, object_pk="4"))


def test_the_rows_short_date_and_time_read_as_djangos_in_every_language():
    """html.short_datetime_formatter writes the numeric formats itself (a tenth of the
    Activity page's time went to ``date_format``): the same text, in every language."""
    from django.utils import dateformat, formats

    from core.history.html import short_datetime_formatter

    moments = [
        dt.datetime(2026, 1, 2, 3, 4, 5),
        dt.datetime(2026, 12, 31, 23, 59, 59),
        dt.datetime(1999, 10, 9, 12, 0, 0),
    ]
    for language in ("en", "ar", "fa", "ro"):
        with translation.override(language):
            write = short_datetime_formatter()
            pattern = formats.get_format("SHORT_DATETIME_FORMAT")
            for moment in moments:
                assert write(moment) == dateformat.format(moment, pattern), (language, moment)


def test_a_format_with_names_or_escapes_falls_back_to_djangos(monkeypatch):
    from django.utils import formats

    from core.history import html

    moment = dt.datetime(2026, 3, 4, 5, 6)
    for pattern, expected in (("N j, Y, P", "March 4, 2026, 5:06 a.m."), (r"\Y Y", "Y 2026")):
        monkeypatch.setattr(formats, "get_format", lambda name, pattern=pattern: pattern)
        with translation.override("en"):
            assert html.short_datetime_formatter()(moment) == expected
