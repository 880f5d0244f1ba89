"""What the Django side hands the report builder: plain dataclasses, no ORM."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from assessment.results_core import (
    ProposedItem,
)
from assessment.texts import item_text


@dataclass(frozen=True, kw_only=True)
class ReportMeta:
    organisation: str
    title: str
    period: str = ""
    status: str = ""
    framework_title: str = ""
    framework_version: str | int = ""
    generated_on: dt.date


@dataclass(frozen=True, kw_only=True)
class RoadmapRow:
    """A persisted roadmap item after the lead's edits (dismissed ones are not printed)."""

    key: str
    title: str
    description: str = ""
    step: str = ""
    impact: int = 2  # 1 low, 2 medium, 3 high
    effort: str = "medium"  # low / medium / high
    priority: int = 0
    horizon: str = "next"  # now / next / later
    status: str = "open"  # open / accepted / dismissed / resolved
    owner: str = ""
    due_date: dt.date | None = None
    savings: Decimal | None = None
    currency: str | None = None
    finding_keys: tuple[str, ...] = ()
    messages: Mapping[str, Any] = field(default_factory=dict)  # the generated texts
    edited_fields: tuple[str, ...] = ()

    def text(self, name: str, language: str) -> str:
        """Title or description in ``language`` (a person's edit as typed)."""
        values = {"messages": self.messages, "edited_fields": self.edited_fields}
        return item_text({**values, name: getattr(self, name)}, name, language)


@dataclass(frozen=True, kw_only=True)
class AnswerMeta:
    note: str = ""
    answered_by: str = ""
    answered_at: dt.date | dt.datetime | None = None


HORIZON_DAYS = {"now": 90, "next": 180, "later": 365}


def roadmap_rows_from_proposals(
    items: Iterable[ProposedItem], *, today: dt.date | None = None, owner: str = ""
) -> list[RoadmapRow]:
    """Proposed items as unedited, open rows (for tests, benchmarks and previews). With
    ``today``, each row gets the end of its horizon as due date."""
    return [
        RoadmapRow(
            key=item.key,
            title=item.title,
            description=item.description,
            step=item.step,
            impact=item.impact,
            effort=item.effort,
            priority=item.priority,
            horizon=item.horizon,
            owner=owner,
            due_date=today + dt.timedelta(days=HORIZON_DAYS.get(item.horizon, 365))
            if today
            else None,
            savings=item.savings,
            currency=item.currency,
            finding_keys=tuple(item.finding_keys),
            messages=item.messages,
        )
        for item in items
    ]
