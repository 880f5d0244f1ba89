"""The assessment engine: scores, findings and the proposed roadmap, as pure functions.

Plain frozen dataclasses in and out — no ORM, no request, no Django — so the same code
serves the views, the PDF, management commands, benchmarks and tests. See docs/scoring.md.

    data = AssessmentInput(framework=..., answers=..., tools=..., today=...)
    result = evaluate(data)          # or score(), find(), propose() one by one
"""

from __future__ import annotations

from dataclasses import dataclass

from . import serial
from .explain import Contribution, Explanation
from .facts import (
    DIGITAL_CHANNELS,
    JOURNEY_STAGES,
    AnswerFact,
    AssessmentInput,
    DiscoveryFact,
    IntegrationFact,
    OwnershipFacts,
    Thresholds,
    ToolFact,
    TouchpointFact,
    WebsiteFacts,
)
from .findings import RULE_NAMES, RULES, SEVERITIES, Evidence, Finding, Saving, find
from .index import InventoryIndex
from .merge import ExistingItem, ItemUpdate, MergePlan, merge
from .metrics import Metric, compute_metrics
from .roadmap import EFFORTS, HORIZONS, ProposedItem, propose, total_savings
from .scoring import (
    MATURITY_LEVELS,
    Completeness,
    MaturityLevel,
    QuestionScore,
    ScoreResult,
    SectionScore,
    StepScore,
    display,
    maturity_level,
    score,
)


@serial.register
@dataclass(frozen=True)
class EngineResult:
    scores: ScoreResult
    findings: tuple[Finding, ...]
    roadmap: tuple[ProposedItem, ...]


def evaluate(data: AssessmentInput) -> EngineResult:
    """Score, find and propose in one go (the inventory index is built once)."""
    index = InventoryIndex.build(data)
    scores = score(data, index)
    findings = find(data, scores, index)
    return EngineResult(scores, tuple(findings), tuple(propose(findings, scores, data)))


__all__ = [
    "DIGITAL_CHANNELS",
    "EFFORTS",
    "HORIZONS",
    "JOURNEY_STAGES",
    "MATURITY_LEVELS",
    "RULES",
    "RULE_NAMES",
    "SEVERITIES",
    "AnswerFact",
    "AssessmentInput",
    "Completeness",
    "Contribution",
    "DiscoveryFact",
    "EngineResult",
    "Evidence",
    "ExistingItem",
    "Explanation",
    "Finding",
    "IntegrationFact",
    "InventoryIndex",
    "ItemUpdate",
    "MaturityLevel",
    "MergePlan",
    "Metric",
    "OwnershipFacts",
    "ProposedItem",
    "QuestionScore",
    "Saving",
    "ScoreResult",
    "SectionScore",
    "StepScore",
    "Thresholds",
    "ToolFact",
    "TouchpointFact",
    "WebsiteFacts",
    "compute_metrics",
    "display",
    "evaluate",
    "find",
    "maturity_level",
    "merge",
    "propose",
    "score",
    "total_savings",
]
