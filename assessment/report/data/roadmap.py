"""The roadmap: items in horizon order, and savings counted once per tool."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessment.report.data.formatting import humanise, iso, lead, money
from assessment.report.data.inputs import RoadmapRow
from assessment.report.data.labels import horizon_labels
from assessment.results_core import (
    EngineResult,
)
from assessment.results_core.roadmap import HORIZONS

LEAD_CHARS = 220
HORIZON_RANK = {h: i for i, h in enumerate(HORIZONS)}


def savings_totals(rows: Sequence[RoadmapRow], result: EngineResult) -> dict[str, Decimal]:
    """Savings per currency over the printed roadmap, each tool counted once: an item whose
    savings still equal its findings' estimate contributes per tool (largest saving per
    tool); an item the lead re-estimated contributes its own figure."""
    findings = {f.key: f for f in result.findings}
    best: dict[tuple[int, str], Decimal] = {}
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        if row.savings is None:
            continue
        per_tool: dict[int, Any] = {}
        for key in row.finding_keys:
            for saving in getattr(findings.get(key), "savings_breakdown", ()):
                current = per_tool.get(saving.tool_id)
                if current is None or saving.amount > current.amount:
                    per_tool[saving.tool_id] = saving
        estimate = sum((s.amount for s in per_tool.values()), Decimal(0))
        currencies = {s.currency for s in per_tool.values()}
        if per_tool and estimate == row.savings and currencies == {row.currency}:
            for saving in per_tool.values():
                slot = (saving.tool_id, saving.currency)
                best[slot] = max(best.get(slot, Decimal(0)), saving.amount)
        else:
            totals[row.currency or ""] += row.savings
    for (_tool, currency), amount in best.items():
        totals[currency] += amount
    return dict(sorted(totals.items()))


def items_sum(rows: Sequence[RoadmapRow]) -> dict[str, Decimal]:
    """The items' savings added up as printed, per currency."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        if row.savings is not None:
            sums[row.currency or ""] += row.savings
    return dict(sorted(sums.items()))


def roadmap_section(
    rows: Sequence[RoadmapRow], steps: Mapping[str, str], result: EngineResult, language: str
) -> dict[str, Any]:
    horizons = horizon_labels()
    statuses = {
        "open": _("Open"),
        "accepted": _("Accepted"),
        "dismissed": _("Dismissed"),
        "resolved": _("Resolved"),
    }
    levels = {
        1: pgettext("impact", "Low"),
        2: pgettext("impact", "Medium"),
        3: pgettext("impact", "High"),
    }
    efforts = {
        "low": pgettext("effort", "Low"),
        "medium": pgettext("effort", "Medium"),
        "high": pgettext("effort", "High"),
    }
    kept = [r for r in rows if r.status != "dismissed"]
    kept.sort(key=lambda r: (HORIZON_RANK.get(r.horizon, 9), r.priority, r.key))
    items = []
    for number, r in enumerate(kept, start=1):
        description = r.text("description", language)
        items.append(
            {
                "number": number,
                "key": r.key,
                "title": r.text("title", language),
                "description": description,
                "lead": lead(description, LEAD_CHARS),
                "step": r.step,
                "step_title": steps.get(r.step, ""),
                "impact": r.impact,
                "impact_label": levels.get(r.impact, str(r.impact)),
                "effort": r.effort,
                "effort_label": efforts.get(r.effort, humanise(r.effort)),
                "priority": r.priority,
                "horizon": r.horizon,
                "horizon_label": horizons.get(r.horizon, {}).get("label", humanise(r.horizon)),
                "status": r.status,
                "status_label": statuses.get(r.status, humanise(r.status)),
                "owner": r.owner,
                "due_date": iso(r.due_date),
                "savings": money(r.savings, r.currency),
                "finding_count": len(r.finding_keys),
            }
        )
    timeline = [
        {
            "key": h,
            "label": horizons[h]["label"],
            "span": horizons[h]["span"],
            "items": [i for i in items if i["horizon"] == h],
        }
        for h in HORIZONS
    ]
    others = [i for i in items if i["horizon"] not in HORIZONS]
    if others:
        timeline.append({"key": "other", "label": _("Unscheduled"), "span": "", "items": others})
    totals = savings_totals(kept, result)
    listed = items_sum(kept)
    return {
        "items": items,
        "timeline": timeline,
        "count": len(items),
        "dismissed_count": len(rows) - len(kept),
        "savings": [money(v, c) for c, v in totals.items()],
        # What the items' own figures add up to, shown (with why) only when it differs
        # from the total: a tool in two items (under-used and renewing) is saved once.
        "items_savings": [money(v, c) for c, v in listed.items()] if listed != totals else [],
    }
