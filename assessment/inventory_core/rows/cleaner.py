"""Cleaning one cell at a time by field type, and the rules that span a row's cells
(category and subcategory, dates, choices and tool references)."""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from assessment.inventory_core.base import (
    Label,
    Message,
    ValueParseError,
    gettext_noop,
    is_blank,
    shorten,
)
from assessment.inventory_core.columns import HeaderMapping
from assessment.inventory_core.dates import day_month_order
from assessment.inventory_core.fields import FieldKind, FieldSpec
from assessment.inventory_core.normalise import normalise_key, normalise_name
from assessment.inventory_core.rows.results import DateOrderWarning, RowError
from assessment.inventory_core.rows.tool_names import (
    KEEP_SPLIT,
    ToolNames,
    list_name_key,
    split_multi,
    split_tool_names,
)
from assessment.inventory_core.synonyms import synonyms_for
from assessment.inventory_core.taxonomy import Taxonomy
from assessment.inventory_core.urls import parse_url
from assessment.inventory_core.values import (
    ChoiceMatch,
    looks_like_formula,
    parse_bool,
    parse_choice,
    parse_currency,
    parse_date,
    parse_int,
    parse_money_with_currency,
    unneutralise,
)

_FORMULA_MESSAGE = gettext_noop(
    "“%(value)s” looks like a spreadsheet formula and is refused for safety. "
    "Type the value itself, or start the text with an apostrophe (')."
)


_NEGATIVE = gettext_noop("%(field)s cannot be negative.")
#: Longest choice or tool-reference cell, and list cell of them.
MAX_CHOICE_CHARS = 200
_CHOICE_LIMITS = {
    FieldKind.CHOICE: MAX_CHOICE_CHARS,
    FieldKind.TOOL_REF: MAX_CHOICE_CHARS,
    FieldKind.MULTI_CHOICE: 2000,
    FieldKind.TOOL_REF_LIST: 2000,
}


#: Text fields up to this length are names and titles: one line (notes may hold line breaks).
ONE_LINE_LENGTH = 200
#: Control characters and the Unicode line/paragraph separators; format characters (the
#: zero-width non-joiner Persian needs, direction marks) stay allowed, as in the forms.
REFUSED_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(char) in REFUSED_CATEGORIES for char in text)


def as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


class Cleaner:
    """State of one clean_rows call (kept out of the public API)."""

    def __init__(
        self,
        mapping: HeaderMapping,
        fields: Sequence[FieldSpec],
        resolutions: Mapping[str, Mapping[str, str]],
        known_tool_names: Iterable[str],
        taxonomy: Taxonomy,
        day_first: bool,
        known_member_emails: Iterable[str] | None = None,
    ) -> None:
        self.mapping = mapping
        #: The organisation's members' e-mails (lower case); None: not checked.
        self.members = (
            None
            if known_member_emails is None
            else {e.strip().lower() for e in known_member_emails}
        )
        self.specs = {f.key: f for f in fields}
        self.taxonomy = taxonomy
        self.day_first = day_first
        self.resolutions = {
            key: {normalise_key(raw): choice for raw, choice in values.items()}
            for key, values in resolutions.items()
        }
        known_tool_names = list(known_tool_names)
        self.tools = {normalise_name(n): n for n in known_tool_names}
        self.tool_names = ToolNames.of(known_tool_names)
        self.errors: list[RowError] = []
        self.unresolved: dict[str, dict[str, list[Any]]] = {}
        self.matches: dict[tuple[str, str], ChoiceMatch] = {}  # one lookup per distinct value
        #: Per date field, the first cell of each kind of day_month_order(): (row, text).
        self.date_orders: dict[str, dict[str, tuple[int, str]]] = {}

    # -- helpers ------------------------------------------------------------------------
    def shown(self, key: str, value: Any) -> str:
        """A parsed value as it reads in a message (an option by its name)."""
        spec = self.specs[key]
        if spec.choices and value:
            choice = self.taxonomy.get(spec.choices, value)
            return choice.name if choice else str(value)
        return str(value)

    def error(self, row: int, key: str, value: Any, message: Message) -> None:
        column = self.mapping.header_of(key) or Label(self.specs[key].label)
        self.errors.append(RowError(row, column, shorten(as_text(value)), message, key))

    def choice(
        self, row: int, spec: FieldSpec, text: str, out: dict[str, Any] | None = None
    ) -> str | None:
        assert spec.choices
        options = self.taxonomy.options(spec.choices)
        by_subcategory = spec.key == "category" and "subcategory" in self.specs
        resolved = self.resolutions.get(spec.key, {}).get(normalise_key(text))
        if resolved is not None:
            if resolved in options:
                return resolved
            if by_subcategory and resolved in self.taxonomy.options("subcategories"):
                # A subcategory chosen for a Category value: its group, and the row's
                # subcategory unless the row names one (see category_rules).
                if out is not None:
                    out["_subcategory_from_category"] = resolved
                return self.taxonomy.group_of(resolved)
            self.error(
                row,
                spec.key,
                text,
                Message(
                    gettext_noop("“%(value)s” is not an option of %(field)s."),
                    {"value": resolved, "field": Label(spec.label)},
                ),
            )
            return None
        match = self.match(spec.choices, text)
        if match.key:
            return match.key
        suggestion = match.suggestion
        if by_subcategory:
            # People type a subcategory ("Markting automaton") in the Category column:
            # suggest the closest subcategory when it fits better than any group.
            sub = self.match("subcategories", text)
            if not sub.key and sub.suggestion and (not suggestion or sub.score > match.score):
                suggestion = sub.suggestion
        entry = self.unresolved.setdefault(spec.key, {}).setdefault(
            normalise_key(text), [text, 0, suggestion, []]
        )
        entry[1] += 1
        entry[3].append(row)
        return None

    def match(self, list_name: str, text: str) -> ChoiceMatch:
        """parse_choice, once per distinct value (a 10,000-row file repeats a few values)."""
        cache_key = (list_name, normalise_key(text))
        if (found := self.matches.get(cache_key)) is None:
            found = parse_choice(
                text,
                self.taxonomy.options(list_name),
                self.taxonomy.aliases(list_name),
                synonyms=synonyms_for(list_name),
            )
            self.matches[cache_key] = found
        return found

    def tool(self, text: str) -> str | None:
        return self.tools.get(normalise_name(text))

    def missing_tool_message(self, text: str) -> Message:
        key = list_name_key(text)
        longer = sorted(
            name
            for k, name in self.tool_names.by_key.items()
            if k.startswith(key) and KEEP_SPLIT.match(k, len(key))
        )
        if longer:
            # "Acme" of "Acme, Inc.": the name was split at a separator it contains.
            return Message(
                gettext_noop(
                    "No tool named “%(name)s” in the tool inventory. Did you mean "
                    "“%(suggestion)s”? Write the name exactly as in the tool inventory, "
                    "separators included."
                ),
                {"name": text, "suggestion": longer[0]},
            )
        close = difflib.get_close_matches(normalise_name(text), list(self.tools), n=1)
        if close:
            return Message(
                gettext_noop(
                    "No tool named “%(name)s” in the tool inventory; add it there first. "
                    "Did you mean “%(suggestion)s”?"
                ),
                {"name": text, "suggestion": self.tools[close[0]]},
            )
        return Message(
            gettext_noop("No tool named “%(name)s” in the tool inventory; add it there first."),
            {"name": text},
        )

    # -- one cell -------------------------------------------------------------------------
    def cell(self, row: int, spec: FieldSpec, raw: Any, out: dict[str, Any]) -> Any:
        if isinstance(raw, str):
            literal = unneutralise(raw)
            if literal == raw and looks_like_formula(raw):
                message = Message(_FORMULA_MESSAGE, {"value": raw.strip()})
                self.error(row, spec.key, raw, message)
                return None
            raw = literal
        if is_blank(raw):
            if spec.required:
                message = Message(
                    gettext_noop("%(field)s is required."), {"field": Label(spec.label)}
                )
                self.error(row, spec.key, "", message)
            return [] if spec.kind in (FieldKind.MULTI_CHOICE, FieldKind.TOOL_REF_LIST) else None
        try:
            return self.parse(row, spec, raw, out)
        except ValueParseError as exc:
            self.error(row, spec.key, raw, exc.msg)
            return None

    def parse(self, row: int, spec: FieldSpec, raw: Any, out: dict[str, Any]) -> Any:
        kind = spec.kind
        if kind == FieldKind.MONEY:
            amount, currency = parse_money_with_currency(raw)
            if amount is not None and amount < 0:
                raise ValueParseError(_NEGATIVE, {"field": Label(spec.label)})
            if currency:
                out.setdefault("_currencies", {})[spec.key] = currency
            return amount
        if kind == FieldKind.INT:
            number = parse_int(raw, allow_negative=True)
            return self.bounded(spec, number)
        if kind == FieldKind.DATE:
            date = parse_date(raw, day_first=self.day_first)
            if order := day_month_order(raw):
                self.date_orders.setdefault(spec.key, {}).setdefault(order, (row, raw.strip()))
            return date
        if kind == FieldKind.BOOL:
            return parse_bool(raw)
        if kind == FieldKind.CURRENCY:
            return parse_currency(raw)
        if kind == FieldKind.ID:
            try:
                number = parse_int(raw)
            except ValueParseError:
                number = None
            if number is None or number < 1:
                raise ValueParseError(
                    gettext_noop(
                        "“%(value)s” is not a Stackscope ID (the whole number in the first "
                        "column of an export); leave it blank for a new entry."
                    ),
                    {"value": as_text(raw)},
                )
            return number
        if kind == FieldKind.URL:
            return parse_url(as_text(raw))
        if kind == FieldKind.MEMBER_EMAIL:
            return self.member_email(as_text(raw))
        text = as_text(raw)
        limit = _CHOICE_LIMITS.get(kind)
        if limit and len(text) > limit:
            # No option or tool name is that long; never an unresolved value to echo back.
            raise ValueParseError(
                gettext_noop("%(field)s is longer than %(limit)s characters."),
                {"field": Label(spec.label), "limit": limit},
            )
        if kind == FieldKind.CHOICE:
            return self.choice(row, spec, text, out)
        if kind == FieldKind.MULTI_CHOICE:
            keys = [self.choice(row, spec, part) for part in split_multi(text)]
            return list(dict.fromkeys(k for k in keys if k))
        if kind == FieldKind.TOOL_REF:
            if (name := self.tool(text)) is None:
                raise ValueParseError(self.missing_tool_message(text))
            return name
        if kind == FieldKind.TOOL_REF_LIST:
            found, missing = split_tool_names(text, self.tool_names)
            for part in missing:
                self.error(row, spec.key, part, self.missing_tool_message(part))
            return found
        if len(text) > spec.max_length:
            raise ValueParseError(
                gettext_noop("%(field)s is longer than %(limit)s characters."),
                {"field": Label(spec.label), "limit": spec.max_length},
            )
        if spec.max_length <= ONE_LINE_LENGTH and has_control_characters(text):
            # A name with a line break splits CSV rows, e-mail headers and PDF lines later.
            raise ValueParseError(
                gettext_noop(
                    "%(field)s must be on one line: line breaks, tabs and other control "
                    "characters are not allowed."
                ),
                {"field": Label(spec.label)},
            )
        return text

    def member_email(self, text: str) -> str:
        """A member's e-mail address (trimmed, lower case), which must be a member's."""
        email = text.strip().lower()
        if "@" not in email or len(email) > 254 or has_control_characters(email):
            raise ValueParseError(
                gettext_noop("“%(value)s” is not an e-mail address."), {"value": text}
            )
        if self.members is not None and email not in self.members:
            raise ValueParseError(
                gettext_noop(
                    "No member of the organisation has the e-mail address “%(value)s”; "
                    "invite them first, or leave the cell blank."
                ),
                {"value": text},
            )
        return email

    @staticmethod
    def bounded(spec: FieldSpec, number: int | None) -> int | None:
        if number is None:
            return None
        if spec.min_value == 0 and number < 0:
            raise ValueParseError(_NEGATIVE, {"field": Label(spec.label)})
        low, high = spec.min_value, spec.max_value
        if (low is not None and number < low) or (high is not None and number > high):
            params = {"field": Label(spec.label), "low": low, "high": high}
            if high is not None:
                raise ValueParseError(
                    gettext_noop("%(field)s must be between %(low)s and %(high)s."), params
                )
            raise ValueParseError(gettext_noop("%(field)s must be at least %(low)s."), params)
        return number

    # -- cross-field rules ------------------------------------------------------------------
    def row_rules(self, row: int, out: dict[str, Any], raw_category: str | None) -> None:
        self.category_rules(row, out, raw_category)
        currencies = out.pop("_currencies", {})
        if "currency" in self.specs:
            for key, code in currencies.items():
                if out.get("currency") and out["currency"] != code:
                    message = Message(
                        gettext_noop(
                            "Currency %(currency)s does not match the %(amount_currency)s "
                            "amount in %(field)s."
                        ),
                        {
                            "currency": out["currency"],
                            "amount_currency": code,
                            "field": Label(self.specs[key].label),
                        },
                    )
                    self.error(row, "currency", out["currency"], message)
                out["currency"] = out.get("currency") or code
            if not out.get("currency"):
                for key, code in self.mapping.currency_hints.items():
                    if out.get(key) is not None:
                        out["currency"] = code
        start, renewal = out.get("contract_start"), out.get("renewal_date")
        if start and renewal and renewal < start:
            message = Message(gettext_noop("Renewal date is before the contract start."))
            self.error(row, "renewal_date", renewal, message)
        if out.get("source") and out.get("source") == out.get("target"):
            message = Message(gettext_noop("An integration needs two different tools."))
            self.error(row, "target", out["target"], message)

    def date_warnings(self) -> list[DateOrderWarning]:
        """Warn where the day/month order of a date column is a guess (see DateOrderWarning)."""
        warnings = []
        for key, seen in self.date_orders.items():
            column = self.mapping.header_of(key) or Label(self.specs[key].label)
            either, day, month = seen.get("either"), seen.get("day"), seen.get("month")
            params: dict[str, Any] = {"column": column}
            if either:
                read_as = parse_date(either[1], day_first=self.day_first)
                params.update(example=either[1], row=either[0], read_as=read_as.isoformat())
            if day and month:
                params.update(
                    day_example=day[1], day_row=day[0], month_example=month[1], month_row=month[0]
                )
                template = gettext_noop(
                    "Column “%(column)s” has dates written both ways: %(day_example)s (row "
                    "%(day_row)s) can only be day first, %(month_example)s (row %(month_row)s) "
                    "only month first. Check the dates in this column."
                )
                suggest = self.day_first
            elif either and (against := month if self.day_first else day):
                # A date that reads only the other way than the sheet is read.
                params.update(evidence=against[1], evidence_row=against[0])
                template = (
                    gettext_noop(
                        "Column “%(column)s” looks month first: %(evidence)s (row "
                        "%(evidence_row)s) can only be read month first. But the sheet is read "
                        "day first, so %(example)s (row %(row)s) is read as %(read_as)s. Switch "
                        "to month first if that is how the sheet writes dates."
                    )
                    if self.day_first
                    else gettext_noop(
                        "Column “%(column)s” looks day first: %(evidence)s (row "
                        "%(evidence_row)s) can only be read day first. But the sheet is read "
                        "month first, so %(example)s (row %(row)s) is read as %(read_as)s. "
                        "Switch to day first if that is how the sheet writes dates."
                    )
                )
                suggest = not self.day_first
            elif either and not (day or month):
                template = (
                    gettext_noop(
                        "Dates in column “%(column)s” can be read either way: %(example)s (row "
                        "%(row)s) is read day first, as %(read_as)s. Switch to month first if "
                        "that is how the sheet writes dates."
                    )
                    if self.day_first
                    else gettext_noop(
                        "Dates in column “%(column)s” can be read either way: %(example)s (row "
                        "%(row)s) is read month first, as %(read_as)s. Switch to day first if "
                        "that is how the sheet writes dates."
                    )
                )
                suggest = not self.day_first
            else:
                continue  # every date reads one way only, or the column agrees with the order
            warnings.append(DateOrderWarning(key, column, Message(template, params), suggest))
        return warnings

    def category_rules(self, row: int, out: dict[str, Any], raw_category: str | None) -> None:
        """A subcategory implies its group; "CRM" typed as a category is read as a
        subcategory; a subcategory from another group is an error."""
        if "category" not in self.specs or "subcategory" not in self.specs:
            return
        chosen = out.pop("_subcategory_from_category", None)
        if chosen and not out.get("subcategory"):
            out["subcategory"] = chosen
        if out.get("category") is None and raw_category:
            match = self.match("subcategories", raw_category)
            if match.key:
                self._drop_unresolved("category", raw_category, row)
                out["category"] = self.taxonomy.group_of(match.key)
                if not out.get("subcategory"):
                    out["subcategory"] = match.key
        sub = out.get("subcategory")
        if sub:
            group = self.taxonomy.group_of(sub)
            if out.get("category") and out["category"] != group:
                names = {
                    "sub": self.taxonomy.get("subcategories", sub),
                    "group": self.taxonomy.get("category_groups", group),
                    "given": self.taxonomy.get("category_groups", out["category"]),
                }
                name = {k: c.name if c else "" for k, c in names.items()}
                message = Message(
                    gettext_noop(
                        "Subcategory “%(sub)s” belongs to “%(group)s”, not to “%(given)s”."
                    ),
                    name,
                )
                self.error(row, "subcategory", name["sub"], message)
            out["category"] = out.get("category") or group

    def _drop_unresolved(self, key: str, text: str, row: int) -> None:
        entries = self.unresolved.get(key, {})
        entry = entries.get(normalise_key(text))
        if entry:
            entry[1] -= 1
            if entry[3][-1] == row:
                entry[3].pop()
            else:
                entry[3].remove(row)
            if not entry[1]:
                del entries[normalise_key(text)]
        if key in self.unresolved and not entries:
            del self.unresolved[key]
