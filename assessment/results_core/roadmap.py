"""The proposed roadmap: items from findings and from the largest gaps to target, with
impact, effort, horizon (Now / Next / Later), dependencies, priority and savings.

``propose(findings, scores, data)`` is pure and deterministic. Regenerating a roadmap the
lead has edited goes through ``merge`` (see ``merge.py``, re-exported here). The rules are
written up in docs/scoring.md, "Roadmap".
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from assessment.questionnaire_core import Question, Text
from assessment.questionnaire_core.schema import STEP_KEYS

from .explain import ANSWER, QUESTIONNAIRE
from .facts import AssessmentInput
from .findings import SEVERITY_RANK, STEP_RANK, Finding, Saving
from .merge import ExistingItem, ItemUpdate, MergePlan, merge
from .messages import Message, Term, gettext_noop, lines, ngettext, render_lines
from .scoring import ScoreResult, StepScore, display

__all__ = [
    "EFFORTS",
    "HORIZONS",
    "ExistingItem",
    "ItemUpdate",
    "MergePlan",
    "ProposedItem",
    "merge",
    "propose",
    "total_savings",
]

IMPACT_LABELS = {1: "low", 2: "medium", 3: "high"}
EFFORTS: tuple[str, ...] = ("low", "medium", "high")
EFFORT_RANK = {name: rank for rank, name in enumerate(EFFORTS)}
HORIZONS: tuple[str, ...] = ("now", "next", "later")  # ≤ 90 days, 3-6 months, 6-12 months
HORIZON_RANK = {name: rank for rank, name in enumerate(HORIZONS)}
SEVERITY_IMPACT = {"critical": 3, "high": 3, "medium": 2, "low": 1, "info": 1}

# Foundations before what rests on them: own the strategy, then one customer identity, then
# integrations, then the experience (personalisation, orchestration). An item may depend
# only on items of a lower layer, so dependencies never form a cycle.
STRATEGY, IDENTITY, INTEGRATION, EXPERIENCE = "strategy", "identity", "integration", "experience"
LAYER = {STRATEGY: 0, IDENTITY: 1, INTEGRATION: 2, EXPERIENCE: 3}


@dataclass(frozen=True, slots=True)
class Plan:
    """How a rule's findings become roadmap work."""

    effort: str
    controllable: bool  # within what the team controls (people, budget, vendors, own tools)
    grouped: bool  # one item for all the rule's findings (key = rule) or one per finding
    layer: int | None = None  # position in the foundations order (None: independent)
    provides: str | None = None  # the foundation it lays
    needs: frozenset[str] = frozenset()  # foundations it rests on
    urgent: bool = False  # a deadline inside 90 days: always Now
    # A grouped item's title (singular, plural, and a placeholder count: the real one is the
    # number of findings grouped).
    title: tuple[str, str, int] = ("", "", 0)
    lead: str = ""  # first line of a grouped item's description


NEEDS_FOUNDATIONS = frozenset({IDENTITY, INTEGRATION})


PLANS: dict[str, Plan] = {
    "underused_tool": Plan(
        "low",
        True,
        True,
        title=ngettext(
            "Right-size %(count)s under-used tool", "Right-size %(count)s under-used tools", 0
        ),
        lead=gettext_noop(
            "Use what you already pay for before buying: raise adoption or cut seats."
        ),
    ),
    "renewal_due": Plan(
        "low",
        True,
        True,
        urgent=True,
        title=ngettext(
            "Decide on %(count)s renewal before its notice date",
            "Decide on %(count)s renewals before their notice dates",
            0,
        ),
        lead=gettext_noop(
            "Review usage and decide renew, downsize, renegotiate or cancel before each "
            "notice date."
        ),
    ),
    "paid_inactive_tool": Plan(
        "low",
        True,
        True,
        title=ngettext(
            "Cancel %(count)s paid tool nobody uses", "Cancel %(count)s paid tools nobody uses", 0
        ),
        lead=gettext_noop("Check nothing depends on them, then cancel at the next notice date."),
    ),
    "vendor_driven_roadmap": Plan("low", True, False, 0, STRATEGY),
    "overlapping_tools": Plan("high", False, False, 1, None, frozenset({STRATEGY})),
    "no_unified_profile": Plan("high", False, False, 1, IDENTITY, frozenset({STRATEGY})),
    "customer_data_silo": Plan(
        "medium",
        False,
        True,
        2,
        INTEGRATION,
        frozenset({IDENTITY}),
        title=ngettext(
            "Connect %(count)s customer-data silo to the system of record",
            "Connect %(count)s customer-data silos to the system of record",
            0,
        ),
        lead=gettext_noop("Connect each tool holding customer data to the system of record."),
    ),
    "manual_critical_integration": Plan(
        "medium",
        False,
        True,
        2,
        INTEGRATION,
        title=ngettext(
            "Automate %(count)s manual hand-off of critical data",
            "Automate %(count)s manual hand-offs of critical data",
            0,
        ),
        lead=gettext_noop("Replace export-import by hand with connectors agreed with IT."),
    ),
    "broken_integration": Plan(
        "medium",
        False,
        True,
        2,
        INTEGRATION,
        title=ngettext("Fix %(count)s broken integration", "Fix %(count)s broken integrations", 0),
        lead=gettext_noop("Restore each flow, reconcile missed records and add monitoring."),
    ),
    "flagged_integrations": Plan("medium", False, False, 2, INTEGRATION),
    "unreviewed_integrations": Plan("low", True, False),
    "stage_without_digital_touchpoint": Plan("medium", False, False, 3, EXPERIENCE),
    "no_retention_personalisation": Plan("medium", False, False, 3, EXPERIENCE, NEEDS_FOUNDATIONS),
    "chatbot_without_handover": Plan(
        "low",
        True,
        True,
        3,
        EXPERIENCE,
        title=ngettext(
            "Add a human hand-over to %(count)s chatbot",
            "Add a human hand-over to %(count)s chatbots",
            0,
        ),
        lead=gettext_noop(
            "Let every automated chat lead to a live person, with the conversation so far."
        ),
    ),
}
DEFAULT_PLAN = Plan("medium", False, False)

# Weak answers: the plan follows the question's concern tags (first match wins).
QUICK_CONCERNS = frozenset({"people", "budget", "adoption", "research", "feedback"})


def _question_plan(question: Question) -> Plan:
    concerns = set(question.tags.concerns)
    if concerns & {"strategy", "vendor"}:
        return Plan("low", True, False, 0, STRATEGY)
    if "identity" in concerns:
        return Plan("high", False, False, 1, IDENTITY, frozenset({STRATEGY}))
    if "integration" in concerns:
        return Plan("medium", False, False, 2, INTEGRATION)
    if concerns & {"personalisation", "orchestration"}:
        return Plan("medium", False, False, 3, EXPERIENCE, NEEDS_FOUNDATIONS)
    controllable = question.section == "quick_wins" or bool(concerns & QUICK_CONCERNS)
    return Plan("low" if controllable else "medium", controllable, False)


@dataclass(frozen=True)
class ProposedItem:
    key: str  # stable: the finding key, the rule (grouped items) or "gap:<step>"
    title: str
    description: str
    step: str
    impact: int  # 1 low, 2 medium, 3 high
    effort: str  # low / medium / high
    priority: int  # 1 = first
    horizon: str  # now / next / later
    quadrant: str  # quick_win / major_project / fill_in / thankless
    dependencies: tuple[str, ...] = ()  # keys of items to do first
    savings: Decimal | None = None  # estimated annual savings (one currency), if any
    currency: str | None = None
    finding_keys: tuple[str, ...] = ()
    savings_breakdown: tuple[Saving, ...] = ()  # per tool, for totals without double counting
    controllable: bool = False
    # The translatable form of ``title`` and ``description`` (their English renderings).
    title_message: Message | None = None
    description_messages: tuple[Message, ...] = ()

    @property
    def impact_label(self) -> str:
        return IMPACT_LABELS[self.impact]

    @property
    def messages(self) -> dict[str, object]:
        """JSON form of the texts, stored beside the English so any language can render."""
        if self.title_message is None:
            return {}
        return {
            "title": self.title_message.as_data(),
            "description": [m.as_data() for m in self.description_messages],
        }


def quadrant(impact: int, effort: str) -> str:
    """The taxonomy's impact × effort quadrant (impact 2-3 counts as high, effort
    medium-high as high)."""
    if impact >= 2:
        return "quick_win" if effort == "low" else "major_project"
    return "fill_in" if effort == "low" else "thankless"


def horizon_for(impact: int, effort: str, controllable: bool, urgent: bool) -> str:
    """Now: quick wins of high impact within the team's control, and deadlines inside 90
    days. Next: other quick wins, major projects of medium effort or high impact, fill-ins.
    Later: high-effort projects of medium impact, and thankless work (reconsider)."""
    if urgent:
        return "now"
    kind = quadrant(impact, effort)
    if kind == "quick_win":
        return "now" if impact == 3 and controllable else "next"
    if kind == "major_project":
        return "later" if effort == "high" and impact < 3 else "next"
    if kind == "fill_in":
        return "next"
    return "later"


@dataclass
class _Draft:
    key: str
    title: Message
    description: tuple[Message, ...]
    step: str
    impact: int
    effort: str
    plan: Plan
    severity_rank: int
    findings: list[Finding]
    horizon: str = ""
    dependencies: tuple[str, ...] = ()

    @property
    def urgent(self) -> bool:
        """A deadline inside 90 days, or a critical finding: Now whatever the effort."""
        return self.plan.urgent or self.severity_rank == SEVERITY_RANK["critical"]


def _best_per_tool(savings: Iterable[Saving]) -> tuple[Saving, ...]:
    """One saving per tool: the largest proposed (retiring beats downsizing)."""
    best: dict[int, Saving] = {}
    for saving in savings:
        current = best.get(saving.tool_id)
        if current is None or saving.amount > current.amount:
            best[saving.tool_id] = saving
    return tuple(best[k] for k in sorted(best))


def _merge_savings(findings: Iterable[Finding]) -> tuple[Saving, ...]:
    return _best_per_tool(s for f in findings for s in f.savings_breakdown)


def _sum_one_currency(savings: Sequence[Saving]) -> tuple[Decimal | None, str | None]:
    currencies = {s.currency for s in savings}
    if len(currencies) != 1:
        return None, None
    return sum((s.amount for s in savings), Decimal(0)), currencies.pop()


def total_savings(items: Iterable[ProposedItem]) -> dict[str, Decimal]:
    """Savings per currency over a roadmap, counting each tool once (its largest saving)."""
    best = _best_per_tool(s for item in items for s in item.savings_breakdown)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for saving in best:
        totals[saving.currency] += saving.amount
    return dict(sorted(totals.items()))


def _impact(findings: Iterable[Finding]) -> int:
    return max(SEVERITY_IMPACT.get(f.severity, 1) for f in findings)


def _as_message(text: Message | Text) -> Message:
    return text if isinstance(text, Message) else Message.of("%(text)s", text=text)


def _finding_drafts(findings: Sequence[Finding], data: AssessmentInput) -> list[_Draft]:
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_rule[finding.rule].append(finding)
    drafts = []
    for rule_name in sorted(by_rule):
        group = by_rule[rule_name]
        plan = PLANS.get(rule_name, DEFAULT_PLAN)
        if plan.grouped:
            singular, plural, _ = plan.title
            shown = [Message.of(gettext_noop("- %(finding)s"), finding=f.title) for f in group[:10]]
            more = (
                Message.counted(
                    ngettext("- and %(count)s more", "- and %(count)s more", len(group) - 10)
                )
                if len(group) > 10
                else None
            )
            steps = sorted({f.step for f in group}, key=lambda s: STEP_RANK.get(s, 99))
            drafts.append(
                _Draft(
                    rule_name,
                    Message.counted((singular, plural, len(group))),
                    lines(Message.of(plan.lead), *shown, more),
                    steps[0],
                    _impact(group),
                    plan.effort,
                    plan,
                    min(SEVERITY_RANK.get(f.severity, 99) for f in group),
                    group,
                )
            )
            continue
        for finding in group:
            item_plan = plan
            if rule_name == "weak_heavy_answers":
                item_plan = _question_plan(data.framework.question(str(finding.subject_ids[0])))
            drafts.append(
                _Draft(
                    finding.key,
                    _as_message(finding.action or finding.title),
                    lines(_as_message(finding.recommendation), finding.detail),
                    finding.step,
                    _impact([finding]),
                    item_plan.effort,
                    item_plan,
                    SEVERITY_RANK.get(finding.severity, 99),
                    [finding],
                )
            )
    return drafts


def _gap_drafts(scores: ScoreResult, data: AssessmentInput) -> list[_Draft]:
    gaps = [s for s in scores.steps if s.gap is not None and s.gap > data.thresholds.gap_min_points]
    gaps.sort(key=lambda s: (-(s.gap or 0), STEP_RANK.get(s.key, 99)))
    drafts = []
    for step in gaps[: data.thresholds.gap_items_max]:
        gap = step.gap or 0.0
        effort = "high" if gap >= 30 else "medium" if gap >= 15 else "low"
        drafts.append(
            _Draft(
                f"gap:{step.key}",
                Message.of(
                    gettext_noop("Raise “%(step)s” from %(score)s to %(target)s"),
                    step=data.framework.step(step.key).title,
                    score=display(step.score),
                    target=display(step.target),
                ),
                _gap_description(step, data),
                step.key,
                3 if gap >= 20 else 2,
                effort,
                DEFAULT_PLAN,
                SEVERITY_RANK["medium"],
                [],
            )
        )
    return drafts


def _input_name(kind: str, key: str, data: AssessmentInput) -> Text | Term:
    """A score input as people know it: the question's text, or the metric's name."""
    if kind == ANSWER:
        try:
            return data.framework.question(key).text
        except KeyError:
            pass
    return Term("source", key)


def _gap_description(step: StepScore, data: AssessmentInput) -> tuple[Message, ...]:
    """The inputs that pull the step furthest below 100 (weight share × points missing). In
    a blended step the questionnaire is one input: its own answers are named instead."""
    drags: list[tuple[float, str, str, float]] = []  # (points lost, kind, key, value)
    for c in step.explanation.included():
        if c.value is None or c.value >= 100:
            continue
        if c.kind == QUESTIONNAIRE:
            drags.extend(
                (c.share * a.share * (100 - a.value), a.kind, a.key, a.value)
                for a in step.questionnaire_explanation.included()
                if a.value is not None and a.value < 100
            )
        else:
            drags.append((c.share * (100 - c.value), c.kind, c.key, c.value))
    drags.sort(key=lambda d: (-d[0], d[2]))
    rows = []
    for lost, kind, key, value in drags[:3]:
        name = _input_name(kind, key, data)
        template = (
            gettext_noop("- “%(input)s”: %(value)s of 100, %(points)s points below full marks")
            if isinstance(name, Text)
            else gettext_noop(
                "- Inventory, %(input)s: %(value)s of 100, %(points)s points below full marks"
            )
        )
        rows.append(Message.of(template, input=name, value=display(value), points=display(lost)))
    head = Message.of(
        gettext_noop(
            "The step scores %(score)s against a target of %(target)s. What holds it back most:"
        ),
        score=display(step.score),
        target=display(step.target),
    )
    return lines(head, *rows)


def _link(drafts: list[_Draft]) -> None:
    """Dependencies from foundations; horizons pushed so no item precedes its foundations."""
    providers: dict[str, list[_Draft]] = defaultdict(list)
    for draft in drafts:
        if draft.plan.provides is not None:
            providers[draft.plan.provides].append(draft)
    for draft in drafts:
        deps = {
            other.key
            for need in draft.plan.needs
            for other in providers.get(need, [])
            if other.key != draft.key
            and other.plan.layer is not None
            and draft.plan.layer is not None
            and other.plan.layer < draft.plan.layer
        }
        draft.dependencies = tuple(sorted(deps))
        draft.horizon = horizon_for(
            draft.impact, draft.effort, draft.plan.controllable, draft.urgent
        )
    by_key = {d.key: d for d in drafts}
    # Layers increase along dependencies, so one pass in layer order settles the horizons.
    for draft in sorted(drafts, key=lambda d: (d.plan.layer or 0, d.key)):
        if draft.urgent:
            continue
        for dep in draft.dependencies:
            if HORIZON_RANK[by_key[dep].horizon] > HORIZON_RANK[draft.horizon]:
                draft.horizon = by_key[dep].horizon


def _order(drafts: list[_Draft]) -> list[_Draft]:
    """Sort by horizon, urgency, impact, effort, severity, savings, step, key — then make
    sure every item comes after its dependencies (smallest-key-first topological order)."""

    def rank(d: _Draft) -> tuple:
        amount, _ = _sum_one_currency(_merge_savings(d.findings))
        return (
            HORIZON_RANK[d.horizon],
            not d.urgent,
            -d.impact,
            EFFORT_RANK[d.effort],
            d.severity_rank,
            -(amount or 0),
            STEP_RANK.get(d.step, 99),
            d.key,
        )

    ranks = {d.key: rank(d) for d in drafts}
    by_key = {d.key: d for d in drafts}
    waiting = {d.key: len(d.dependencies) for d in drafts}
    dependants: dict[str, list[str]] = defaultdict(list)
    for d in drafts:
        for dep in d.dependencies:
            dependants[dep].append(d.key)
    heap = [(ranks[k], k) for k, n in waiting.items() if n == 0]
    heapq.heapify(heap)
    ordered = []
    while heap:
        _, key = heapq.heappop(heap)
        ordered.append(by_key[key])
        for nxt in dependants[key]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                heapq.heappush(heap, (ranks[nxt], nxt))
    return ordered


def propose(
    findings: Sequence[Finding], scores: ScoreResult, data: AssessmentInput
) -> list[ProposedItem]:
    """Roadmap items, in priority order (``priority`` 1 first)."""
    drafts = _finding_drafts(findings, data) + _gap_drafts(scores, data)
    _link(drafts)
    items = []
    for priority, d in enumerate(_order(drafts), start=1):
        breakdown = _merge_savings(d.findings)
        amount, currency = _sum_one_currency(breakdown)
        items.append(
            ProposedItem(
                d.key,
                d.title.en,
                render_lines(d.description),
                d.step if d.step in STEP_KEYS else "",
                d.impact,
                d.effort,
                priority,
                d.horizon,
                quadrant(d.impact, d.effort),
                d.dependencies,
                amount,
                currency,
                tuple(f.key for f in d.findings),
                breakdown,
                d.plan.controllable,
                d.title,
                d.description,
            )
        )
    return items
