"""Findings: named rules over answers and inventories, each with severity, evidence and a
recommendation.

A rule is a small function ``(RuleContext) -> Iterable[Finding]`` registered in ``RULES``
with ``@rule``. Rules read the shared ``InventoryIndex`` (built once), so each runs in
O(n) or O(n log n). ``find()`` runs them all and returns findings in a deterministic order:
severity (critical first), step (framework order), key. Rules and thresholds are listed in
docs/scoring.md.

One module per kind of input: ``stack`` (tools), ``architecture`` (integrations and
customer data), ``touchpoints``, ``answers``, ``website`` (scans), ``ownership`` (tool
owners' confirmations); ``base`` holds the finding, the rule
context and the registry.
"""

from __future__ import annotations

from ..facts import AssessmentInput
from ..index import InventoryIndex
from ..scoring import ScoreResult, score
from . import answers, architecture, ownership, stack, touchpoints, website
from .base import (
    RULES,
    SEVERITIES,
    SEVERITY_RANK,
    STEP_RANK,
    Evidence,
    Finding,
    RuleContext,
    Saving,
    rule,
)

# Importing the modules registered their rules; list them by kind of input (the order of
# the findings filter and of docs/scoring.md), then in each module's order.
_KINDS = [
    module.__name__ for module in (stack, architecture, touchpoints, answers, website, ownership)
]
RULES.sort(key=lambda entry: _KINDS.index(entry[1].__module__))
RULE_NAMES: tuple[str, ...] = tuple(name for name, _ in RULES)


def find(
    data: AssessmentInput,
    scores: ScoreResult | None = None,
    index: InventoryIndex | None = None,
) -> list[Finding]:
    """Run every rule; findings sorted by severity, step and key."""
    index = index or InventoryIndex.build(data)
    scores = scores or score(data, index)
    ctx = RuleContext(data, index, scores)
    found = [finding for _, run in RULES for finding in run(ctx)]
    found.sort(key=Finding.sort_key)
    return found


__all__ = [
    "RULES",
    "RULE_NAMES",
    "SEVERITIES",
    "SEVERITY_RANK",
    "STEP_RANK",
    "Evidence",
    "Finding",
    "RuleContext",
    "Saving",
    "find",
    "rule",
]
