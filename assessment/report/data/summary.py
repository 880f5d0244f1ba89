"""The executive summary: the index, top priorities, counts and context."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessment.report.data.citations import cite
from assessment.report.data.formatting import percent, shown
from assessment.report.data.labels import level_data, severity_labels
from assessment.report.data.roadmap import HORIZON_RANK
from assessment.results_core import (
    AssessmentInput,
    EngineResult,
)
from assessment.results_core.facts import DIGITAL_CHANNELS, RETENTION_STAGES
from assessment.results_core.findings import SEVERITIES

TOP_PRIORITIES = 5


def context_lines(data: AssessmentInput, result: EngineResult, overall: int | None) -> list:
    """The taxonomy's reference figures (docs: shared/product/taxonomy.md), each beside the
    organisation's own figure."""
    seat = result.scores.metrics.get("seat_utilisation")
    seat_value = shown(seat.value) if seat is not None else None
    horizon = data.today + dt.timedelta(days=90)
    due = 0
    for tool in data.tools:
        if tool.status == "retired":
            continue
        dates = [d for d in (tool.renewal_date, tool.last_day_to_cancel) if d is not None]
        if any(data.today <= d <= horizon for d in dates):
            due += 1
    retention = [
        t for t in data.touchpoints if t.stage in RETENTION_STAGES and t.channel in DIGITAL_CHANNELS
    ]
    personalised = sum(1 for t in retention if t.is_personalised)
    lines = [
        {
            "figure": _(
                # xgettext:no-python-format
                "Marketers used 33% of their martech stack's capability in 2023, down from "
                "42% in 2022 and 58% in 2020."
            ),
            "ours": (
                _("Your seat utilisation across active tools: %(value)s%%.") % {"value": seat_value}
                if seat_value is not None
                else _("Your seat utilisation is unknown (no seat counts recorded).")
            ),
            "source": _("Gartner Marketing Technology Survey, 2023"),
        },
        {
            "figure": _("SaaS-management vendors advise reviewing usage 90 days before a renewal."),
            "ours": ngettext(
                "%(count)s tool renews or reaches its last day to cancel within 90 days.",
                "%(count)s tools renew or reach their last day to cancel within 90 days.",
                due,
            )
            % {"count": due},
            "source": _("SaaS-management vendor guidance"),
        },
        {
            "figure": _(
                # xgettext:no-python-format
                "Roughly 90% of a customer's lifetime value comes after the first purchase."
            ),
            "ours": ngettext(
                "You have %(count)s digital touchpoint in service and advocacy; "
                "%(personalised)s of them are personalised.",
                "You have %(count)s digital touchpoints in service and advocacy; "
                "%(personalised)s of them are personalised.",
                len(retention),
            )
            % {"count": len(retention), "personalised": personalised},
            "source": cite("journey_orchestration"),
        },
        {
            # xgettext:no-python-format
            "figure": _("B2B firms score under 50% on digital CX indices, against 65–85% for B2C."),
            "ours": (
                _("Your overall index: %(value)s of 100.") % {"value": overall}
                if overall is not None
                else _("Your overall index is not available yet.")
            ),
            "source": cite("measure_journeys"),
        },
    ]
    return lines


def summary_section(
    data: AssessmentInput,
    result: EngineResult,
    steps: list[dict[str, Any]],
    roadmap: dict[str, Any],
) -> dict[str, Any]:
    scores = result.scores
    overall = shown(scores.overall)
    active = [i for i in roadmap["items"] if i["status"] != "resolved"]
    top = sorted(active, key=lambda i: (HORIZON_RANK.get(i["horizon"], 9), i["priority"]))
    severities = severity_labels()
    counts = Counter(f.severity for f in result.findings)
    return {
        "overall": scores.overall,
        "overall_text": str(overall) if overall is not None else "–",
        "level": level_data(scores.overall),
        "completeness": percent(scores.completeness.ratio),
        "answered": scores.completeness.done,
        "counted": scores.completeness.counted,
        "steps": [{k: v for k, v in step.items() if k in STEP_SUMMARY_FIELDS} for step in steps],
        "top_priorities": top[:TOP_PRIORITIES],
        "savings": roadmap["savings"],
        "findings_total": len(result.findings),
        "findings_by_severity": [
            {"severity": sev, "label": severities[sev], "count": counts[sev]}
            for sev in SEVERITIES
            if counts[sev]
        ],
        "horizon_counts": [
            {"key": band["key"], "label": band["label"], "count": len(band["items"])}
            for band in roadmap["timeline"]
        ],
        "inventory": {
            "tools": len(data.tools),
            "active_tools": sum(1 for t in data.tools if t.is_active),
            "integrations": len(data.integrations),
            "integrations_in_use": sum(1 for i in data.integrations if i.is_in_use),
            "touchpoints": len(data.touchpoints),
        },
        "context": context_lines(data, result, overall),
    }


STEP_SUMMARY_FIELDS = frozenset(
    {
        "key",
        "title",
        "score",
        "score_text",
        "target",
        "target_text",
        "gap",
        "gap_text",
        "below_target",
        "completeness",
        "answered",
        "counted",
        "level",
    }
)
