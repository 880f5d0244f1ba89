"""An import's answer: the counts, or every problem in the rows (nothing imported), with
the ignored columns, applied mappings and warnings."""

from __future__ import annotations

from django.utils.translation import ngettext

from assessment.inventory import imports
from assessment.inventory.imports.catalogue_hints import api_hints
from assessment.inventory.imports.preview import MAX_ROW_ERRORS, problem_report
from assessment.inventory_core.base import is_blank
from core.api.errors import APIError


def _has_data(rows, index: int) -> bool:
    """An untitled column that holds something is listed as ignored too."""
    return any(index < len(row) and not is_blank(row[index]) for row in rows)


def _report(outcome) -> dict:
    """What every import answer carries: ignored columns, applied mappings, warnings."""
    preview, session = outcome.preview, outcome.session
    mapping = preview.mapping
    suggestions = {u.index: u.suggestion for u in mapping.unknown}
    return {
        "ignored_columns": [
            {"index": index, "column": header, "suggestion": suggestions.get(index)}
            for index, header in enumerate(session.headers)
            if index not in mapping.columns and (header or _has_data(session.rows, index))
        ],
        "applied_mappings": {
            "columns": dict(session.remembered.get("columns", {})),
            "values": dict(session.remembered.get("values", {})),
        },
        "warnings": [
            {"field": None, "column": "", "message": text, "day_first": None}
            for text in preview.warnings
        ]
        + [
            {
                "field": w.field,
                "column": imports.column_text(w.column),
                "message": imports.message_text(w.msg),
                "day_first": w.day_first,
            }
            for w in preview.result.date_warnings
        ],
        "catalogue_hints": api_hints(
            preview.catalogue_hints if session.use_catalogue else [], MAX_ROW_ERRORS
        ),
    }


def _problems(preview) -> tuple[dict[str, list[str]], list[dict], list[dict]]:
    """Field messages, row errors and unresolved choice values of a preview."""
    report = problem_report(preview)
    fields: dict[str, list[str]] = {}
    if report["problems"]:
        fields["non_field_errors"] = list(report["problems"])
    for row in report["rows"]:
        fields.setdefault(f"[{row['index']}].{row['field'] or row['column']}", []).append(
            row["message"]
        )
    unresolved = []
    for entry in report["unresolved"]:
        entry = dict(entry)
        fields.setdefault(entry["field"], []).append(entry.pop("message"))
        unresolved.append(entry)
    return fields, report["rows"], unresolved


def import_error(outcome) -> APIError:
    preview = outcome.preview
    fields, rows, unresolved = _problems(preview)
    count = len(preview.result.errors) + len(unresolved) + len(preview.problems)
    return APIError(
        ngettext(
            "%(count)d problem in the rows; nothing was imported.",
            "%(count)d problems in the rows; nothing was imported.",
            count,
        )
        % {"count": count},
        status=400,
        code="import_invalid",
        fields=fields,
        extra={"rows": rows, "unresolved": unresolved, **_report(outcome)},
    )


def import_result(outcome) -> dict:
    preview = outcome.preview
    _fields, rows, unresolved = _problems(preview)
    counts = outcome.counts or {
        "created": preview.creates,
        "updated": preview.updates,
        "unchanged": 0,
    }
    return {
        "dry_run": outcome.dry_run,
        "ok": outcome.counts is not None,
        **counts,
        "problems": list(preview.problems),
        "rows": rows,
        "unresolved": unresolved,
        **_report(outcome),
    }
