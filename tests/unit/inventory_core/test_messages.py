# ruff: noqa: E501 - the malformed rows read best one per line
"""Import messages are translatable: English templates marked with gettext_noop, params apart."""

import ast

# ruff: noqa: E501 - the malformed rows read best one per line
from pathlib import Path

from assessment.inventory_core.base import Label, Message, ValueParseError
from assessment.inventory_core.columns import map_headers
from assessment.inventory_core.fields import INTEGRATION, TOOL, TOUCHPOINT
from assessment.inventory_core.rows import check_row_count, clean_rows

CORE = Path(__file__).resolve().parents[3] / "assessment" / "inventory_core"


def marked_strings() -> set[str]:
    """Every string literal passed to gettext_noop, and every singular and plural passed to
    ngettext, in the pure core (what makemessages sees)."""
    found = set()
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", "")
            literals = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if name == "gettext_noop" and isinstance(node.args[0], ast.Constant):
                found.add(node.args[0].value)
            elif name == "ngettext":
                found.update(v for v in literals if isinstance(v, str))
    return found


def plural_pairs() -> set[tuple[str, str]]:
    """(singular, plural) of every ngettext call: Django's ngettext finds only such entries."""
    pairs = set()
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "ngettext":
                first, second = node.args[0], node.args[1]
                if isinstance(first, ast.Constant) and isinstance(second, ast.Constant):
                    pairs.add((first.value, second.value))
    return pairs


def messages_of_malformed_files() -> list[Message]:
    headers = [
        "Tool", "Category", "Subcategory", "Status", "Annual cost", "Currency",
        "Contract start", "Renewal date", "Seats", "Satisfaction", "Auto-renewal", "Vendor",
    ]  # fmt: skip
    # fmt: off
    rows = [
        ["A", "", "Email", "Actve", "twelve", "Pesos", "2025-06-01", "2025-01-01", "-5", "7", "maybe", "=1+1"],
        ["A", "Data", "CRM", "", "(500)", "", "", "31/02/2026", "12.5", "", "", "x" * 201],
        ["", "", "", "", "€5", "USD", "", "soon", "", "0", "", ""],
    ]
    # fmt: on
    result = clean_rows(rows, map_headers(headers, TOOL.fields), TOOL, {"status": {"Actve": "x"}})
    found = [e.msg for e in result.errors]
    found += [e.msg for e in clean_rows([], map_headers(["Vendor"], TOOL.fields), TOOL).errors]
    found += [e.msg for e in clean_rows([["x"]], map_headers(["Tool"], TOOL.fields), TOOL).errors]
    integrations = clean_rows(
        [["A", "a"], ["Ghost", "B"], ["Bee", "A"]],
        map_headers(["Source", "Target"], INTEGRATION.fields),
        INTEGRATION,
        known_tool_names=["A", "B"],
    )
    touchpoints = clean_rows(
        [["X", "Web", "Web", "Acme; Nope"]],
        map_headers(["Name", "Stage", "Channel", "Tools"], TOUCHPOINT.fields),
        TOUCHPOINT,
        known_tool_names=["Acme, Inc."],
    )
    found += [e.msg for e in integrations.errors + touchpoints.errors]
    for day_first, dates in ((True, ["03/04/2026", "04/13/2026"]), (False, ["03/04/2026", "31/03/2026"]),
                             (True, ["03/04/2026"]), (False, ["03/04/2026"]), (True, ["31/03/2026", "04/13/2026"])):  # fmt: skip
        dated = clean_rows(
            [[f"T{i}", d] for i, d in enumerate(dates)],
            map_headers(["Tool", "Renewal date"], TOOL.fields),
            TOOL,
            day_first=day_first,
        )
        found += [w.msg for w in dated.date_warnings]
    try:
        check_row_count(20_000)
    except ValueParseError as error:
        found.append(error.msg)
    return found


def test_every_core_message_is_a_marked_template():
    marked = marked_strings()
    messages = messages_of_malformed_files()
    assert len({m.template for m in messages}) >= 20
    for message in messages:
        assert message.template in marked, message.template
        if message.plural:
            assert (message.template, message.plural) in plural_pairs(), message.template
        for value in message.params.values():
            if isinstance(value, Label):
                assert value in marked, value  # field labels are marked too


def test_messages_render_in_another_language():
    pseudo = {
        "%(field)s cannot be negative.": "%(field)s nu poate fi negativ.",
        "Licensed seats": "Licențe",
    }
    message = Message("%(field)s cannot be negative.", {"field": Label("Licensed seats")})
    assert str(message) == "Licensed seats cannot be negative."
    assert message.render(lambda s: pseudo.get(s, s)) == "Licențe nu poate fi negativ."


def test_plural_messages_choose_the_form_by_count():
    message = Message("%(n)s row", {"n": 1}, plural="%(n)s rows", count=1)
    assert str(message) == "1 row"
    many = Message("%(n)s row", {"n": 3}, plural="%(n)s rows", count=3)
    assert str(many) == "3 rows"
    chosen = many.render(ngettext=lambda s, p, n: f"[{n}] " + (s if n == 1 else p))
    assert chosen == "[3] 3 rows"


def test_value_errors_keep_template_and_params():
    error = ValueParseError("“%(value)s” is not a date.", {"value": "soon"})
    assert error.message == "“soon” is not a date." == str(error)
    assert error.msg.template == "“%(value)s” is not a date."
