"""What a finding is, what a rule reads, the rule registry, and small helpers rules share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from assessment.questionnaire_core import Text
from assessment.questionnaire_core.schema import STEP_KEYS

from ..facts import (
    AssessmentInput,
    Thresholds,
    ToolFact,
)
from ..index import InventoryIndex
from ..messages import Message, gettext_noop, ngettext
from ..scoring import ANSWERED, ScoreResult

SEVERITIES: tuple[str, ...] = ("critical", "high", "medium", "low", "info")
SEVERITY_RANK: dict[str, int] = {name: rank for rank, name in enumerate(SEVERITIES)}
STEP_RANK: dict[str, int] = {key: rank for rank, key in enumerate(STEP_KEYS)}
CENT = Decimal("0.01")

# Answers that the answer-based rules read (keys of the default framework).
VENDOR_ROADMAP_QUESTION = "vendor_roadmap"
VENDOR_DRIVEN_CHOICES = frozenset({"vendor", "consultant", "nobody"})
PROFILE_QUESTION = "single_customer_profile"
NO_PROFILE_CHOICES = frozenset({"none"})


@dataclass(frozen=True, slots=True)
class Evidence:
    answer_keys: tuple[str, ...] = ()
    answer_ids: tuple[int, ...] = ()
    tool_ids: tuple[int, ...] = ()
    integration_ids: tuple[int, ...] = ()
    touchpoint_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Saving:
    """Estimated annual saving on one tool: retire it, or downsize its seats."""

    tool_id: int
    amount: Decimal
    currency: str
    action: str  # retire / downsize


@dataclass(frozen=True)
class Finding:
    """What a rule found. Texts are ``Message``s (English templates rendered in the reader's
    language); ``action`` is the short imperative a roadmap item is titled with."""

    rule: str
    key: str  # stable identity across runs: rule, or rule:subject
    severity: str  # critical / high / medium / low / info
    step: str
    title: Message
    detail: Message
    recommendation: Message | Text  # Text: a question's own, translated in the framework
    evidence: Evidence = field(default_factory=Evidence)
    savings_breakdown: tuple[Saving, ...] = ()
    subject_ids: tuple[int | str, ...] = ()
    action: Message | Text | None = None

    @property
    def currency(self) -> str | None:
        currencies = {s.currency for s in self.savings_breakdown}
        return currencies.pop() if len(currencies) == 1 else None

    @property
    def savings(self) -> Decimal | None:
        """Annual savings, when estimable in one currency (None if none or mixed)."""
        if not self.savings_breakdown or self.currency is None:
            return None
        return sum((s.amount for s in self.savings_breakdown), Decimal(0))

    def sort_key(self) -> tuple[int, int, str]:
        return (SEVERITY_RANK.get(self.severity, 99), STEP_RANK.get(self.step, 99), self.key)


@dataclass(frozen=True)
class RuleContext:
    data: AssessmentInput
    index: InventoryIndex
    scores: ScoreResult

    @property
    def thresholds(self) -> Thresholds:
        return self.data.thresholds

    def answer(self, key: str) -> Any:
        """The answer of a visible, answered question (None otherwise)."""
        question = self.scores.questions.get(key)
        return question.value if question is not None and question.state == ANSWERED else None

    def answer_evidence(self, key: str) -> Evidence:
        question = self.scores.questions[key]
        ids = (question.answer_id,) if question.answer_id is not None else ()
        return Evidence(answer_keys=(key,), answer_ids=ids)

    def tool_name(self, tool_id: int) -> str | Message:
        tool = self.index.tools_by_id.get(tool_id)
        if tool is not None:
            return tool.name
        return Message.of(gettext_noop("tool #%(id)s"), id=tool_id)


Rule = Callable[[RuleContext], Iterable[Finding]]
RULES: list[tuple[str, Rule]] = []


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register a rule under ``name`` (the ``Finding.rule`` it emits)."""

    def register(function: Rule) -> Rule:
        RULES.append((name, function))
        return function

    return register


def percent_text(ratio: float) -> str:
    return f"{ratio:.0%}"


def days_text(count: int) -> Message:
    return Message.counted(ngettext("%(count)s day", "%(count)s days", count))


def round_money(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def paid_cost(tool: ToolFact) -> Decimal | None:
    return tool.annual_cost if tool.annual_cost is not None and tool.annual_cost > 0 else None


def retire_saving(tool: ToolFact) -> tuple[Saving, ...]:
    cost = paid_cost(tool)
    return (Saving(tool.id, round_money(cost), tool.currency, "retire"),) if cost else ()
