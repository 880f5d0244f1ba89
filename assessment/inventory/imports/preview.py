"""The preview of an import: the mapping, the cleaned rows and their errors, what a commit
would create and update."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from assessment.inventory.imports.catalogue_hints import Hint, catalogue_hints
from assessment.inventory.imports.messages import (
    column_text,
    load_row_errors,
    load_warnings,
    message_text,
)
from assessment.inventory.imports.taxonomy import organisation_taxonomy
from assessment.inventory_core.base import shorten
from assessment.inventory_core.columns import HeaderMapping
from assessment.inventory_core.rows import CleanResult, clean_rows
from assessment.inventory_core.taxonomy import Taxonomy, TaxonomyError
from assessment.models import Integration, Tool, Touchpoint
from core.selectors import member_users

if TYPE_CHECKING:
    from assessment.inventory.imports.sessions import ImportSession


#: Row errors an answer lists (the count says how many there are in all).
MAX_ROW_ERRORS = 500


@dataclass(frozen=True)
class ShownError:
    """A row error as the person importing reads it (translated)."""

    row_number: int
    column: str
    value: str
    message: str
    field: str | None


@dataclass
class Preview:
    mapping: HeaderMapping
    result: CleanResult
    problems: list[str]
    creates: int = 0
    updates: int = 0
    #: The organisation's taxonomy the rows were read with (None when it has a clash).
    taxonomy: Taxonomy | None = None
    #: Notes from reading the file (translated), e.g. "read as Windows-1252".
    warnings: list[str] = field(default_factory=list)
    #: A tools import's rows that are known products (imports/catalogue_hints.py), and
    #: whether their blank fields are filled from the catalogue (the session's option).
    catalogue_hints: list[Hint] = field(default_factory=list)
    use_catalogue: bool = True

    @property
    def fills(self) -> dict[int, Hint]:
        """The hints whose fills a commit writes, by row index (none with the option off)."""
        if not self.use_catalogue:
            return {}
        return {hint.index: hint for hint in self.catalogue_hints if hint.fills}

    @property
    def date_warnings(self) -> list[tuple[str, bool]]:
        """(translated warning, the day-first setting it suggests) per date column whose
        day/month order is ambiguous or contradicts the chosen one."""
        return [(message_text(w.msg), w.day_first) for w in self.result.date_warnings]

    @property
    def errors(self) -> list[ShownError]:
        return [
            ShownError(e.row_number, column_text(e.column), e.value, message_text(e.msg), e.field)
            for e in self.result.errors
        ]

    @property
    def ok(self) -> bool:
        return not self.problems and self.result.ok


def existing_entries(organisation, inventory: str) -> dict[int, dict[str, Any]]:
    """The organisation's entries: id → natural-key values, for matching imported rows
    (one query; the pure core compares them case- and spacing-insensitively)."""
    if inventory == "tools":
        rows = Tool.objects.for_organisation(organisation).values_list("pk", "name")
        return {pk: {"name": name} for pk, name in rows}
    if inventory == "integrations":
        rows = Integration.objects.for_organisation(organisation).values_list(
            "pk", "source__name", "target__name", "method"
        )
        return {
            pk: {"source": source, "target": target, "method": method}
            for pk, source, target, method in rows
        }
    rows = Touchpoint.objects.for_organisation(organisation).values_list(
        "pk", "name", "stage", "channel", "segment"
    )
    return {
        pk: {"name": name, "stage": stage, "channel": channel, "segment": segment}
        for pk, name, stage, channel, segment in rows
    }


def build_preview(session: ImportSession, organisation) -> Preview:
    mapping = session.header_mapping()
    problems = [message_text(m) for m in mapping.problem_messages(session.spec.fields)]
    try:
        taxonomy = organisation_taxonomy(organisation, session.additions())
    except TaxonomyError as error:
        problems.append(_("The organisation's taxonomy has a clash: %(error)s") % {"error": error})
        return Preview(mapping, CleanResult(), problems)
    result = clean_rows(
        session.rows,
        mapping,
        session.spec,
        session.clean_resolutions(),
        known_tool_names=Tool.objects.for_organisation(organisation).values_list("name", flat=True),
        taxonomy=taxonomy,
        day_first=session.day_first,
        existing=existing_entries(organisation, session.inventory),
        row_numbers=session.row_numbers,
        # Read only when the file has an "Owner e-mail" column.
        known_member_emails=member_users(organisation).values_list("email", flat=True)
        if "owner_email" in mapping.columns.values()
        else None,
    )
    if session.read_errors:  # problems found while reading the file block it too
        read = load_row_errors(session.read_errors)
        result.errors = sorted(read + result.errors, key=lambda e: e.row_number)
    warnings = [message_text(m) for m in load_warnings(session.read_warnings)]
    preview = Preview(
        mapping,
        result,
        problems,
        taxonomy=taxonomy,
        warnings=warnings,
        use_catalogue=session.use_catalogue,
    )
    if session.inventory == "tools" and not problems:
        preview.catalogue_hints = catalogue_hints(organisation, result)
    preview.updates = sum(1 for target in result.targets if target is not None)
    preview.creates = len(result.targets) - preview.updates
    return preview


def problem_report(preview: Preview) -> dict:
    """What blocks the rows, translated now: {"problems", "rows" (at most MAX_ROW_ERRORS),
    "unresolved" (each with its message)}, as the API answers and a failed job keeps them."""
    rows = [
        {
            "index": error.row_number - 2,
            "row": error.row_number,
            "column": error.column,
            "field": error.field,
            "value": "" if error.value is None else str(error.value),
            "message": error.message,
        }
        for error in preview.errors[:MAX_ROW_ERRORS]
    ]
    unresolved = []
    for field_key, values in preview.result.unresolved_choices.items():
        for value in values:
            message = _("“%(value)s” matches no option.") % {"value": shorten(value.value)}
            if value.suggestion:
                message += " " + _("Did you mean “%(s)s”?") % {"s": value.suggestion}
            unresolved.append(
                {
                    "field": field_key,
                    "value": value.value,
                    "count": value.count,
                    "suggestion": value.suggestion,
                    "rows": list(value.rows),
                    "message": message,
                }
            )
    return {"problems": list(preview.problems), "rows": rows, "unresolved": unresolved}
