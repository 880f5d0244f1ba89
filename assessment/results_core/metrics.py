"""Inventory metrics (0-100) that steps 2, 4 and 5 blend with their questionnaire score.

Each metric carries its numerator, denominator and the ids of the rows behind it. A metric
is ``None`` when there is no data to compute it from (for example no touchpoints yet); the
blend then leaves it out and renormalises over what is available, so an empty inventory
never counts as a score of 0 (docs/scoring.md, "Metrics").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .facts import JOURNEY_STAGES, AssessmentInput
from .index import InventoryIndex

TOOL = "tool"
INTEGRATION = "integration"
TOUCHPOINT = "touchpoint"


@dataclass(frozen=True, slots=True)
class Metric:
    key: str
    value: float | None  # 0-100, None when there is no data
    numerator: float
    denominator: float
    evidence_kind: str  # tool / integration / touchpoint
    evidence_ids: tuple[int, ...]  # the rows counted in the numerator (or the offenders)
    note: str = ""  # how it was computed, in words


def _ratio(key: str, num: float, den: float, kind: str, ids: list[int], note: str) -> Metric:
    value = 100.0 * num / den if den else None
    return Metric(key, value, float(num), float(den), kind, tuple(sorted(ids)), note)


def _counts(data: AssessmentInput, key: str, name: str) -> frozenset[str]:
    """What a metric counts, as the framework file defines it (``metrics:``)."""
    return data.framework.metric(key).values(name)


def stage_coverage(data: AssessmentInput, index: InventoryIndex) -> Metric:
    """Share of the six journey stages with at least one digital touchpoint."""
    digital = _counts(data, "stage_coverage", "digital_channels")
    staged = [t for t in data.touchpoints if t.channel in digital and t.stage in JOURNEY_STAGES]
    ids = [t.id for t in staged]
    covered = {t.stage for t in staged}
    den = len(JOURNEY_STAGES) if data.touchpoints else 0
    return _ratio(
        "stage_coverage",
        len(covered),
        den,
        TOUCHPOINT,
        ids,
        "journey stages with at least one digital touchpoint / 6",
    )


def personalisation_coverage(data: AssessmentInput, index: InventoryIndex) -> Metric:
    """Share of digital touchpoints with rule-based or individual personalisation."""
    digital_channels = _counts(data, "personalisation_coverage", "digital_channels")
    personalised = _counts(data, "personalisation_coverage", "personalised")
    digital = [t for t in data.touchpoints if t.channel in digital_channels]
    ids = [t.id for t in digital if t.personalisation in personalised]
    return _ratio(
        "personalisation_coverage",
        len(ids),
        len(digital),
        TOUCHPOINT,
        ids,
        "personalised digital touchpoints / digital touchpoints",
    )


def seat_utilisation(data: AssessmentInput, index: InventoryIndex) -> Metric:
    """Seat-weighted mean of min(utilisation, 1) over active tools with known seats and
    users: Σ min(active users, seats) / Σ seats. Over-capacity tools count as fully used."""
    num = den = 0
    ids = []
    for tool in index.active_tools:
        if tool.licensed_seats and tool.active_users_30d is not None:
            num += min(tool.active_users_30d, tool.licensed_seats)
            den += tool.licensed_seats
            ids.append(tool.id)
    return _ratio(
        "seat_utilisation",
        num,
        den,
        TOOL,
        ids,
        "Σ min(active users, seats) / Σ seats over active tools with seats",
    )


def overlap(data: AssessmentInput, index: InventoryIndex) -> Metric:
    """100 − penalty: the penalty is the share of redundant active tools, counting k − 1
    redundant tools in each subcategory holding k ≥ ``overlap_min_tools`` active tools.
    The value is (active tools − redundant) / active tools; 100 means no overlap."""
    minimum = data.thresholds.overlap_min_tools
    total = sum(len(tools) for tools in index.active_by_subcategory.values())
    redundant = 0
    ids = []
    for tools in index.active_by_subcategory.values():
        if len(tools) >= minimum:
            redundant += len(tools) - 1
            ids.extend(t.id for t in tools)
    return _ratio(
        "overlap",
        total - redundant,
        total,
        TOOL,
        ids,
        "(active tools − redundant tools in overlapping subcategories) / active tools",
    )


def tools_integrated(data: AssessmentInput, index: InventoryIndex) -> Metric:
    """Share of active tools with at least one integration in a counted status (live)."""
    statuses = _counts(data, "tools_integrated", "integration_statuses")
    if statuses == {"live"}:
        connected = index.is_integrated
    else:
        ends = {
            end
            for i in data.integrations
            if i.status in statuses
            for end in (i.source_id, i.target_id)
        }
        connected = ends.__contains__
    ids = [t.id for t in index.active_tools if connected(t.id)]
    return _ratio(
        "tools_integrated",
        len(ids),
        len(index.active_tools),
        TOOL,
        ids,
        "active tools with a live integration / active tools",
    )


def integrations_automated(data: AssessmentInput, index: InventoryIndex) -> Metric:
    """Share of live integrations whose method is not a manual one (by hand, file)."""
    manual = _counts(data, "integrations_automated", "manual_methods")
    live = [i for i in data.integrations if i.is_live]
    ids = [i.id for i in live if i.method not in manual]
    return _ratio(
        "integrations_automated",
        len(ids),
        len(live),
        INTEGRATION,
        ids,
        "live integrations not manual or file / live integrations",
    )


def integrations_verified(data: AssessmentInput, index: InventoryIndex) -> Metric:
    """Share of integrations (deprecated ones excepted) that IT has verified."""
    excluded = _counts(data, "integrations_verified", "excluded_statuses")
    verified = _counts(data, "integrations_verified", "verified_states")
    counted = [i for i in data.integrations if i.status not in excluded]
    ids = [i.id for i in counted if i.review_state in verified]
    return _ratio(
        "integrations_verified",
        len(ids),
        len(counted),
        INTEGRATION,
        ids,
        "verified integrations / integrations not deprecated",
    )


METRICS: dict[str, Callable[[AssessmentInput, InventoryIndex], Metric]] = {
    "stage_coverage": stage_coverage,
    "personalisation_coverage": personalisation_coverage,
    "seat_utilisation": seat_utilisation,
    "overlap": overlap,
    "tools_integrated": tools_integrated,
    "integrations_automated": integrations_automated,
    "integrations_verified": integrations_verified,
}


def compute_metrics(
    data: AssessmentInput, index: InventoryIndex | None = None
) -> dict[str, Metric]:
    """Every metric, keyed as in the framework's blends."""
    index = index or InventoryIndex.build(data)
    return {key: compute(data, index) for key, compute in METRICS.items()}
