"""The optional appendix "Changes since the last final assessment" (section ``changes``).

Pure: the history entries arrive as ``ChangeInput`` rows (already made readable by
``core.history.display`` in the report's language, see ``assessment/report/changes.py``)
and leave as plain data, grouped by kind in a fixed order, newest first within a kind.
The appendix is bounded: at most ``MAX_CHANGES`` entries are printed (the newest), and
the rest is one "and N more" line, so a busy year cannot make the PDF unprintable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy

from assessment.report.data.formatting import iso

#: The most entries the appendix prints; the rest are counted.
MAX_CHANGES = 500

#: (key, label, model labels), in print order.
KINDS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("assessments", gettext_lazy("Assessments"), ("assessment.assessment",)),
    ("answers", gettext_lazy("Answers"), ("assessment.answer",)),
    ("tools", gettext_lazy("Tools"), ("assessment.tool",)),
    ("integrations", gettext_lazy("Integrations"), ("assessment.integration",)),
    ("touchpoints", gettext_lazy("Touchpoints"), ("assessment.touchpoint",)),
    ("roadmap", gettext_lazy("Roadmap items"), ("assessment.roadmapitem",)),
    (
        "taxonomy",
        gettext_lazy("Taxonomy"),
        ("assessment.toolcategory", "assessment.toolsubcategory", "assessment.dataobject"),
    ),
)
KIND_OF_MODEL: dict[str, str] = {label: key for key, _l, labels in KINDS for label in labels}
MODEL_LABELS: tuple[str, ...] = tuple(KIND_OF_MODEL)


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str = ""
    new: str = ""
    #: a many-to-many change, or anything else already said in one line ("added A, B")
    text: str = ""


@dataclass(frozen=True)
class ChangeInput:
    kind: str  # a key of KINDS
    when: dt.datetime
    who: str
    object: str
    action: str  # "created", "changed", "deleted" in the report's language
    through: str = ""
    changes: tuple[FieldChange, ...] = ()
    #: a grouped import: "Imported tools.csv: 3 created, …"
    summary: str = ""


@dataclass(frozen=True)
class ChangeWindow:
    """Which changes: after ``since`` (the previous final assessment's finalising; None
    when there is none) up to ``until`` (this one's finalising, or None: up to now)."""

    since: dt.datetime | None
    until: dt.datetime | None
    previous_title: str = ""
    total: int = 0  # entries in the window, printed or not


def _moment(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT")


def changes_section(
    window: ChangeWindow, rows: Sequence[ChangeInput], language: str = "en"
) -> dict[str, Any]:
    """The appendix's data: the window, the groups of rows and how many were left out."""
    shown = list(rows)[:MAX_CHANGES]
    with translation.override(language):
        groups = []
        for key, label, _models in KINDS:
            mine = sorted(
                (row for row in shown if row.kind == key),
                key=lambda row: row.when,
                reverse=True,
            )
            if not mine:
                continue
            groups.append(
                {
                    "key": key,
                    "label": str(label),
                    "count": len(mine),
                    "rows": [
                        {
                            "when": iso(row.when),
                            "when_text": _moment(row.when),
                            "who": row.who,
                            "object": row.object,
                            "action": row.action,
                            "through": row.through,
                            "summary": row.summary,
                            "changes": [
                                {"label": c.label, "old": c.old, "new": c.new, "text": c.text}
                                for c in row.changes
                            ],
                        }
                        for row in mine
                    ],
                }
            )
        total = max(window.total, len(shown))
        return {
            "has_previous": window.since is not None,
            "previous_title": window.previous_title,
            "since": iso(window.since),
            "since_text": _moment(window.since),
            "until": iso(window.until),
            "until_text": _moment(window.until),
            "total": total,
            "shown": len(shown),
            "more": total - len(shown),
            "groups": groups,
        }
