"""Explanations: every number the engine produces says which inputs made it.

A number is a weighted mean; its ``Explanation`` lists each candidate input as a
``Contribution`` (included or left out, and why). For included inputs ``share`` is the
weight's share of the total and ``points = value × share``, so the points add up to the
number itself: "why is this 42?" → "buyer_needs gave 18.8 points, stage coverage 12.0, …".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Contribution kinds.
ANSWER = "answer"
METRIC = "metric"
QUESTIONNAIRE = "questionnaire"
STEP = "step"


@dataclass(frozen=True, slots=True)
class Contribution:
    kind: str  # answer / metric / questionnaire / step
    key: str  # question key, metric key, "questionnaire" or step key
    value: float | None  # the input's own 0-100 value (None: nothing to count)
    weight: float  # its weight as configured in the framework
    included: bool
    share: float = 0.0  # weight / sum of included weights
    points: float = 0.0  # value × share: what it adds to the result
    note: str = ""  # why it was left out: "not applicable", "unanswered", "hidden", "no data"
    evidence_ids: tuple[int, ...] = ()  # answer id, or the inventory rows behind a metric


@dataclass(frozen=True, slots=True)
class Explanation:
    value: float | None
    method: str  # "weighted mean"
    total_weight: float
    contributions: tuple[Contribution, ...]

    def included(self) -> tuple[Contribution, ...]:
        return tuple(c for c in self.contributions if c.included)

    def excluded(self) -> tuple[Contribution, ...]:
        return tuple(c for c in self.contributions if not c.included)

    def lines(self, digits: int = 1) -> list[str]:
        """Human-readable lines, for logs, the CLI and debugging."""
        out = []
        for c in self.contributions:
            if c.included:
                out.append(
                    f"{c.kind} {c.key}: {c.value:.{digits}f} × weight {c.weight:g} "
                    f"({c.share:.1%}) = {c.points:.{digits}f} points"
                )
            else:
                out.append(f"{c.kind} {c.key}: left out ({c.note})")
        return out


@dataclass(frozen=True, slots=True)
class Candidate:
    """An input to a weighted mean before shares are known."""

    kind: str
    key: str
    value: float | None
    weight: float
    note: str = ""  # non-empty → left out
    evidence_ids: tuple[int, ...] = ()


def weighted_mean(candidates: Iterable[Candidate]) -> Explanation:
    """Weighted mean over candidates with a value and no exclusion note.

    Weights are renormalised over what is available: left-out inputs neither pull the result
    down nor count as zero. ``None`` when nothing is available.
    """
    items = list(candidates)
    usable = [c for c in items if not c.note and c.value is not None and c.weight > 0]
    total = sum(c.weight for c in usable)
    value = sum(c.value * c.weight for c in usable) / total if total else None  # type: ignore[operator]
    contributions = []
    for c in items:
        if not c.note and c.value is not None and c.weight > 0:
            share = c.weight / total
            contributions.append(
                Contribution(
                    c.kind,
                    c.key,
                    c.value,
                    c.weight,
                    True,
                    share,
                    c.value * share,
                    "",
                    c.evidence_ids,
                )
            )
        else:
            note = c.note or "no data"
            contributions.append(
                Contribution(
                    c.kind, c.key, c.value, c.weight, False, note=note, evidence_ids=c.evidence_ids
                )
            )
    if value is not None:
        # Floating-point: keep within [0, 100] when every input is.
        value = min(max(value, min(c.value for c in usable)), max(c.value for c in usable))  # type: ignore[type-var]
    return Explanation(value, "weighted mean", total, tuple(contributions))
