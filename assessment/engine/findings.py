"""Findings: named rules over answers and inventories, each with severity, evidence and a
recommendation.

A rule is a small function ``(RuleContext) -> Iterable[Finding]`` registered in ``RULES``
with ``@rule``. Rules read the shared ``InventoryIndex`` (built once), so each runs in
O(n) or O(n log n). ``find()`` runs them all and returns findings in a deterministic order:
severity (critical first), step (framework order), key. Rules and thresholds are listed in
docs/scoring.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from assessment.framework import Text
from assessment.framework.schema import STEP_KEYS

from .facts import (
    CONTRACTED_TOOL_STATUSES,
    FREQUENT_FREQUENCIES,
    HIGH_CRITICALITY,
    JOURNEY_STAGES,
    RETENTION_STAGES,
    AssessmentInput,
    IntegrationFact,
    Thresholds,
    ToolFact,
)
from .index import InventoryIndex
from .messages import TAXONOMY, Join, Message, Term, gettext_noop, ngettext
from .recommendations import recommendation
from .scoring import ANSWERED, ScoreResult, score

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


def _percent(ratio: float) -> str:
    return f"{ratio:.0%}"


def _days(count: int) -> Message:
    return Message.counted(ngettext("%(count)s day", "%(count)s days", count))


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def _cost(tool: ToolFact) -> Decimal | None:
    return tool.annual_cost if tool.annual_cost is not None and tool.annual_cost > 0 else None


def _retire(tool: ToolFact) -> tuple[Saving, ...]:
    cost = _cost(tool)
    return (Saving(tool.id, _money(cost), tool.currency, "retire"),) if cost else ()


# -- stack ---------------------------------------------------------------------------------


@rule("underused_tool")
def underused_tool(ctx: RuleContext) -> Iterable[Finding]:
    """Active tool whose utilisation (active users / seats) is below the threshold."""
    limit = ctx.thresholds.underused_utilisation
    for tool in ctx.index.active_tools:
        utilisation = tool.utilisation
        if utilisation is None or utilisation >= limit:
            continue
        seats, active = tool.licensed_seats or 0, tool.active_users_30d or 0
        savings: tuple[Saving, ...] = ()
        cost = _cost(tool)
        if cost and active == 0:
            savings = _retire(tool)
        elif cost:
            keep = min(seats, math.ceil(active * (1 + ctx.thresholds.seat_headroom)))
            if keep < seats:
                amount = _money(cost * (seats - keep) / seats)
                savings = (Saving(tool.id, amount, tool.currency, "downsize"),)
        yield Finding(
            "underused_tool",
            f"underused_tool:{tool.id}",
            "high" if active == 0 else "medium",
            "stack",
            Message.of(
                gettext_noop("%(name)s is under-used (%(utilisation)s of seats active)"),
                name=tool.name,
                utilisation=_percent(utilisation),
            ),
            Message.counted(
                ngettext(
                    "%(active)s of %(count)s licensed seat was active in the last 30 days, "
                    "below the %(limit)s threshold.",
                    "%(active)s of %(count)s licensed seats were active in the last 30 days, "
                    "below the %(limit)s threshold.",
                    seats,
                ),
                active=active,
                limit=_percent(limit),
            ),
            recommendation("underused_tool", name=tool.name, active=active, seats=seats),
            Evidence(tool_ids=(tool.id,)),
            savings,
            (tool.id,),
            Message.of(gettext_noop("Right-size %(name)s"), name=tool.name),
        )


def _keeper(tools: list[ToolFact]) -> ToolFact:
    """The tool to keep when consolidating: most active users, then most seats, lowest id."""
    return min(tools, key=lambda t: (-(t.active_users_30d or 0), -(t.licensed_seats or 0), t.id))


@rule("overlapping_tools")
def overlapping_tools(ctx: RuleContext) -> Iterable[Finding]:
    """At least ``overlap_min_tools`` active tools in one subcategory."""
    minimum = ctx.thresholds.overlap_min_tools
    for subcategory, tools in ctx.index.active_by_subcategory.items():
        if len(tools) < minimum:
            continue
        ordered = sorted(tools, key=lambda t: t.id)
        keeper = _keeper(ordered)
        savings = tuple(s for t in ordered if t.id != keeper.id for s in _retire(t))
        label = Term(TAXONOMY, ordered[0].subcategory_name or subcategory.replace("_", " "))
        count = len(tools)
        yield Finding(
            "overlapping_tools",
            f"overlapping_tools:{subcategory}",
            "high" if count >= minimum + 1 else "medium",
            "stack",
            Message.counted(
                ngettext(
                    "%(count)s active tool overlaps in %(subcategory)s",
                    "%(count)s active tools overlap in %(subcategory)s",
                    count,
                ),
                subcategory=label,
            ),
            Message.of(
                gettext_noop(
                    "%(names)s are all active in %(subcategory)s. Savings assume keeping the "
                    "most used (%(keeper)s) and retiring the others."
                ),
                names=Join(tuple(t.name for t in ordered)),
                subcategory=label,
                keeper=keeper.name,
            ),
            recommendation("overlapping_tools", count=count, subcategory=label),
            Evidence(tool_ids=tuple(t.id for t in ordered)),
            savings,
            (subcategory,),
            Message.counted(
                ngettext(
                    "Consolidate %(count)s %(subcategory)s tool into one",
                    "Consolidate %(count)s %(subcategory)s tools into one",
                    count,
                ),
                subcategory=label,
            ),
        )


@rule("renewal_due")
def renewal_due(ctx: RuleContext) -> Iterable[Finding]:
    """Renewal date or last day to cancel (renewal − notice days) within the window."""
    window, urgent = ctx.thresholds.renewal_window_days, ctx.thresholds.urgent_cancel_days
    today = ctx.data.today
    for tool in ctx.data.tools:
        if tool.status not in CONTRACTED_TOOL_STATUSES or tool.renewal_date is None:
            continue
        to_renewal = (tool.renewal_date - today).days
        cancel = tool.last_day_to_cancel
        to_cancel = (cancel - today).days if cancel is not None else to_renewal
        renewal_soon = 0 <= to_renewal <= window
        cancel_soon = 0 <= to_cancel <= window
        if not (renewal_soon or cancel_soon):
            continue
        renewal = f"{tool.renewal_date:%Y-%m-%d}"
        notice = f"{cancel:%Y-%m-%d}" if cancel is not None else renewal
        if cancel_soon:
            severity = "high" if to_cancel <= urgent else "medium"
            deadline = Message.of(gettext_noop("the last day to cancel, %(date)s"), date=notice)
            detail = Message.of(
                gettext_noop("Last day to cancel in %(cancel)s; renews in %(renewal)s."),
                cancel=_days(to_cancel),
                renewal=_days(to_renewal),
            )
        else:
            severity = "low"
            deadline = Message.of(
                gettext_noop("the renewal on %(date)s (notice date passed)"), date=renewal
            )
            detail = Message.of(
                gettext_noop(
                    "Renews in %(renewal)s; the notice date (%(date)s) has passed, so only a "
                    "renegotiation is still possible."
                ),
                renewal=_days(to_renewal),
                date=notice,
            )
        retire = tool.status == "inactive" or tool.lifecycle == "eliminate"
        yield Finding(
            "renewal_due",
            f"renewal_due:{tool.id}",
            severity,
            "stack",
            Message.of(gettext_noop("%(name)s renews on %(date)s"), name=tool.name, date=renewal),
            detail,
            recommendation("renewal_due", name=tool.name, deadline=deadline),
            Evidence(tool_ids=(tool.id,)),
            _retire(tool) if retire and cancel_soon else (),
            (tool.id,),
            Message.of(
                gettext_noop("Decide on the %(name)s renewal before %(date)s"),
                name=tool.name,
                date=notice if cancel_soon else renewal,
            ),
        )


@rule("paid_inactive_tool")
def paid_inactive_tool(ctx: RuleContext) -> Iterable[Finding]:
    """Tool marked inactive that still has an annual cost."""
    for tool in ctx.data.tools:
        if tool.status != "inactive" or not _cost(tool):
            continue
        yield Finding(
            "paid_inactive_tool",
            f"paid_inactive_tool:{tool.id}",
            "medium",
            "stack",
            Message.of(gettext_noop("%(name)s is inactive but still paid for"), name=tool.name),
            Message.of(
                gettext_noop("Marked inactive with an annual cost of %(cost)s %(currency)s."),
                cost=f"{_money(tool.annual_cost or Decimal(0)):,}",
                currency=tool.currency,
            ),
            recommendation("paid_inactive_tool", name=tool.name),
            Evidence(tool_ids=(tool.id,)),
            _retire(tool),
            (tool.id,),
            Message.of(gettext_noop("Cancel %(name)s"), name=tool.name),
        )


@rule("vendor_driven_roadmap")
def vendor_driven_roadmap(ctx: RuleContext) -> Iterable[Finding]:
    """The vendor_roadmap answer is vendor, consultant or nobody."""
    value = ctx.answer(VENDOR_ROADMAP_QUESTION)
    if value not in VENDOR_DRIVEN_CHOICES:
        return
    yield Finding(
        "vendor_driven_roadmap",
        "vendor_driven_roadmap",
        "medium" if value == "consultant" else "high",
        "stack",
        Message.of(gettext_noop("The martech roadmap is not owned by the organisation")),
        Message.of(
            gettext_noop("Asked who owns the martech roadmap, the team answered: %(who)s."),
            who=Term("roadmap_owner", str(value)),
        ),
        recommendation("vendor_driven_roadmap"),
        ctx.answer_evidence(VENDOR_ROADMAP_QUESTION),
        subject_ids=(VENDOR_ROADMAP_QUESTION,),
        action=Message.of(gettext_noop("Take ownership of the martech roadmap")),
    )


# -- architecture --------------------------------------------------------------------------


@rule("customer_data_silo")
def customer_data_silo(ctx: RuleContext) -> Iterable[Finding]:
    """Active or trial tool holding PII or the profile of record, with no live integration."""
    for tool in ctx.data.tools:
        if tool.status not in ("active", "trial"):
            continue
        if not (tool.data_sensitivity == "pii" or tool.system_of_record):
            continue
        if ctx.index.is_integrated(tool.id):
            continue
        if tool.system_of_record:
            detail = gettext_noop(
                "%(name)s holds the customer profile of record and has no live integration "
                "with any other tool."
            )
        else:
            detail = gettext_noop(
                "%(name)s holds personal data and has no live integration with any other tool."
            )
        yield Finding(
            "customer_data_silo",
            f"customer_data_silo:{tool.id}",
            "high" if tool.system_of_record else "medium",
            "architecture",
            Message.of(gettext_noop("%(name)s is a customer-data silo"), name=tool.name),
            Message.of(detail, name=tool.name),
            recommendation("customer_data_silo", name=tool.name),
            Evidence(tool_ids=(tool.id,)),
            subject_ids=(tool.id,),
            action=Message.of(
                gettext_noop("Connect %(name)s to the system of record"), name=tool.name
            ),
        )


def _edge(ctx: RuleContext, integration: IntegrationFact) -> tuple[str | Message, str | Message]:
    return ctx.tool_name(integration.source_id), ctx.tool_name(integration.target_id)


@rule("manual_critical_integration")
def manual_critical_integration(ctx: RuleContext) -> Iterable[Finding]:
    """Live manual or file integration that is frequent (daily or more often), of high or
    critical criticality, or carries customer data."""
    for integration in ctx.data.integrations:
        if not (integration.is_live and integration.is_manual):
            continue
        reasons: list[Message] = []
        if integration.frequency in FREQUENT_FREQUENCIES:
            reasons.append(
                Message.of(
                    gettext_noop("It runs %(frequency)s."),
                    frequency=Term("frequency", integration.frequency),
                )
            )
        if integration.criticality in HIGH_CRITICALITY:
            reasons.append(
                Message.of(
                    gettext_noop("Its criticality is %(criticality)s."),
                    criticality=Term("criticality", integration.criticality),
                )
            )
        if integration.carries_customer_data:
            reasons.append(Message.of(gettext_noop("It carries customer data.")))
        if not reasons:
            continue
        source, target = _edge(ctx, integration)
        severe = integration.criticality in HIGH_CRITICALITY or integration.frequency in (
            "realtime",
            "hourly",
        )
        yield Finding(
            "manual_critical_integration",
            f"manual_critical_integration:{integration.id}",
            "high" if severe else "medium",
            "architecture",
            Message.of(
                gettext_noop("Manual hand-off from %(source)s to %(target)s"),
                source=source,
                target=target,
            ),
            Message.of(
                gettext_noop("%(source)s → %(target)s is moved by %(method)s. %(reasons)s"),
                source=source,
                target=target,
                method=Term("method", integration.method),
                reasons=Join(tuple(reasons), sentences=True),
            ),
            recommendation("manual_critical_integration", source=source, target=target),
            Evidence(
                tool_ids=tuple(sorted({integration.source_id, integration.target_id})),
                integration_ids=(integration.id,),
            ),
            subject_ids=(integration.id,),
            action=Message.of(
                gettext_noop("Automate the hand-off from %(source)s to %(target)s"),
                source=source,
                target=target,
            ),
        )


BROKEN_SEVERITY = {"critical": "critical", "high": "high", "medium": "medium", "low": "low"}


@rule("broken_integration")
def broken_integration(ctx: RuleContext) -> Iterable[Finding]:
    """Integration with status broken; severity follows its criticality."""
    for integration in ctx.data.integrations:
        if integration.status != "broken":
            continue
        source, target = _edge(ctx, integration)
        carried = (
            Message.of(
                gettext_noop("It carried %(objects)s."),
                objects=Join(tuple(Term("data_object", o) for o in integration.data_objects)),
            )
            if integration.data_objects
            else Message.of(gettext_noop("No data objects are recorded for it."))
        )
        yield Finding(
            "broken_integration",
            f"broken_integration:{integration.id}",
            BROKEN_SEVERITY.get(integration.criticality, "medium"),
            "architecture",
            Message.of(
                gettext_noop("Broken integration from %(source)s to %(target)s"),
                source=source,
                target=target,
            ),
            Message.of(
                gettext_noop(
                    "The integration %(source)s → %(target)s (criticality: %(criticality)s) is "
                    "broken. %(carried)s"
                ),
                source=source,
                target=target,
                criticality=Term("criticality", integration.criticality),
                carried=carried,
            ),
            recommendation("broken_integration", source=source, target=target),
            Evidence(
                tool_ids=tuple(sorted({integration.source_id, integration.target_id})),
                integration_ids=(integration.id,),
            ),
            subject_ids=(integration.id,),
            action=Message.of(
                gettext_noop("Fix the integration from %(source)s to %(target)s"),
                source=source,
                target=target,
            ),
        )


@dataclass(frozen=True)
class _ListTexts:
    """The wording of a rule that lists integrations in one review state."""

    title: tuple[str, str, int]
    detail: tuple[str, str, int]
    action: tuple[str, str, int]


def _integration_list_finding(
    ctx: RuleContext, rule_name: str, state: str, texts: Callable[[int, int], _ListTexts]
) -> Iterable[Finding]:
    listed = [
        i for i in ctx.data.integrations if i.review_state == state and i.status != "deprecated"
    ]
    if not listed:
        return
    counted = sum(1 for i in ctx.data.integrations if i.status != "deprecated")
    critical = any(i.criticality == "critical" for i in listed)
    ids = tuple(sorted(i.id for i in listed))
    tools = sorted({t for i in listed for t in (i.source_id, i.target_id)})
    wording = texts(len(listed), counted)
    detail = Message.counted(wording.detail, listed=len(listed))
    if critical:
        detail = Message.of(gettext_noop("%(detail)s Some of them are critical."), detail=detail)
    yield Finding(
        rule_name,
        rule_name,
        "high" if critical else "medium",
        "architecture",
        Message.counted(wording.title),
        detail,
        recommendation(rule_name, count=len(listed)),
        Evidence(tool_ids=tuple(tools), integration_ids=ids),
        subject_ids=ids,
        action=Message.counted(wording.action),
    )


@rule("unreviewed_integrations")
def unreviewed_integrations(ctx: RuleContext) -> Iterable[Finding]:
    """One finding listing every integration (deprecated ones excepted) IT has not reviewed."""

    def texts(listed: int, counted: int) -> _ListTexts:
        return _ListTexts(
            ngettext(
                "%(count)s integration not reviewed by IT",
                "%(count)s integrations not reviewed by IT",
                listed,
            ),
            ngettext(
                "%(listed)s of %(count)s integration in use has not been reviewed by IT.",
                "%(listed)s of %(count)s integrations in use have not been reviewed by IT.",
                counted,
            ),
            ngettext(
                "Have IT review %(count)s integration",
                "Have IT review %(count)s integrations",
                listed,
            ),
        )

    yield from _integration_list_finding(ctx, "unreviewed_integrations", "unreviewed", texts)


@rule("flagged_integrations")
def flagged_integrations(ctx: RuleContext) -> Iterable[Finding]:
    """One finding listing every integration (deprecated ones excepted) IT has flagged."""

    def texts(listed: int, counted: int) -> _ListTexts:
        return _ListTexts(
            ngettext(
                "%(count)s integration flagged by IT",
                "%(count)s integrations flagged by IT",
                listed,
            ),
            ngettext(
                "%(listed)s of %(count)s integration in use is flagged by IT.",
                "%(listed)s of %(count)s integrations in use are flagged by IT.",
                counted,
            ),
            ngettext(
                "Resolve the integration IT flagged",
                "Resolve the %(count)s integrations IT flagged",
                listed,
            ),
        )

    yield from _integration_list_finding(ctx, "flagged_integrations", "flagged", texts)


def _says_no_profile(ctx: RuleContext) -> bool:
    return ctx.answer(PROFILE_QUESTION) in NO_PROFILE_CHOICES


@rule("no_unified_profile")
def no_unified_profile(ctx: RuleContext) -> Iterable[Finding]:
    """No active tool is the system of record for the customer profile, and/or the
    single_customer_profile answer is "none"."""
    tools = [t for t in ctx.data.tools if t.status in ("active", "trial")]
    inventory_gap = bool(tools) and not any(t.system_of_record for t in tools)
    answer_gap = _says_no_profile(ctx)
    if not (inventory_gap or answer_gap):
        return
    reasons = []
    if answer_gap:
        reasons.append(
            Message.of(
                gettext_noop("The team answered that no system holds the unified customer profile.")
            )
        )
    if inventory_gap:
        reasons.append(
            Message.of(gettext_noop("No tool in the inventory is marked as the system of record."))
        )
    holders = tuple(sorted(t.id for t in tools if t.data_sensitivity == "pii"))
    evidence = ctx.answer_evidence(PROFILE_QUESTION) if answer_gap else Evidence()
    yield Finding(
        "no_unified_profile",
        "no_unified_profile",
        "high" if answer_gap else "medium",
        "architecture",
        Message.of(gettext_noop("No system holds a unified customer profile")),
        Message.of("%(reasons)s", reasons=Join(tuple(reasons), sentences=True)),
        recommendation("no_unified_profile"),
        Evidence(evidence.answer_keys, evidence.answer_ids, tool_ids=holders),
        subject_ids=(PROFILE_QUESTION,),
        action=Message.of(gettext_noop("Make one system the record of the customer profile"))
        if answer_gap
        else Message.of(gettext_noop("Mark the tool that holds the customer profile of record")),
    )


# -- touchpoints ---------------------------------------------------------------------------


@rule("stage_without_digital_touchpoint")
def stage_without_digital_touchpoint(ctx: RuleContext) -> Iterable[Finding]:
    """A journey stage with no digital touchpoint (only when touchpoints are inventoried)."""
    if not ctx.data.touchpoints:
        return
    for stage in JOURNEY_STAGES:
        touchpoints = ctx.index.touchpoints_by_stage.get(stage, [])
        if any(t.is_digital for t in touchpoints):
            continue
        channels = sorted({t.channel for t in touchpoints})
        detail = (
            Message.of(
                gettext_noop("Touchpoints at this stage: %(channels)s."),
                channels=Join(tuple(Term("channel", c) for c in channels)),
            )
            if channels
            else Message.of(gettext_noop("There is no touchpoint at this stage at all."))
        )
        term = Term("stage", stage)
        yield Finding(
            "stage_without_digital_touchpoint",
            f"stage_without_digital_touchpoint:{stage}",
            "high" if stage in ("purchase", "service") else "medium",
            "touchpoints",
            Message.of(gettext_noop("No digital touchpoint at the %(stage)s stage"), stage=term),
            detail,
            recommendation("stage_without_digital_touchpoint", stage=term),
            Evidence(touchpoint_ids=tuple(sorted(t.id for t in touchpoints))),
            subject_ids=(stage,),
            action=Message.of(
                gettext_noop("Add a digital touchpoint at the %(stage)s stage"), stage=term
            ),
        )


@rule("no_retention_personalisation")
def no_retention_personalisation(ctx: RuleContext) -> Iterable[Finding]:
    """Service and advocacy touchpoints exist and none is personalised."""
    retention = [t for s in RETENTION_STAGES for t in ctx.index.touchpoints_by_stage.get(s, [])]
    if not retention or any(t.is_personalised for t in retention):
        return
    yield Finding(
        "no_retention_personalisation",
        "no_retention_personalisation",
        "high",
        "touchpoints",
        Message.of(gettext_noop("No personalisation after the purchase")),
        Message.counted(
            ngettext(
                "The only service and advocacy touchpoint is not personalised.",
                "None of the %(count)s service and advocacy touchpoints is personalised.",
                len(retention),
            )
        ),
        recommendation("no_retention_personalisation"),
        Evidence(touchpoint_ids=tuple(sorted(t.id for t in retention))),
        subject_ids=RETENTION_STAGES,
        action=Message.of(
            gettext_noop("Personalise service and loyalty touchpoints for existing customers")
        ),
    )


@rule("chatbot_without_handover")
def chatbot_without_handover(ctx: RuleContext) -> Iterable[Finding]:
    """Automated chat touchpoint whose human hand-over is recorded as not available."""
    for touchpoint in ctx.data.touchpoints:
        if not (
            touchpoint.channel == "chat"
            and touchpoint.automated
            and touchpoint.human_handover is False
        ):
            continue
        yield Finding(
            "chatbot_without_handover",
            f"chatbot_without_handover:{touchpoint.id}",
            "high",
            "touchpoints",
            Message.of(gettext_noop("%(name)s cannot hand over to a person"), name=touchpoint.name),
            Message.of(
                gettext_noop("The automated chat at the %(stage)s stage has no human hand-over."),
                stage=Term("stage", touchpoint.stage),
            ),
            recommendation("chatbot_without_handover", name=touchpoint.name),
            Evidence(touchpoint_ids=(touchpoint.id,), tool_ids=tuple(touchpoint.tool_ids)),
            subject_ids=(touchpoint.id,),
            action=Message.of(
                gettext_noop("Let %(name)s hand over to a person"), name=touchpoint.name
            ),
        )


# -- answers -------------------------------------------------------------------------------


def _covered_by_other_rule(ctx: RuleContext, key: str) -> bool:
    """Answers that a dedicated rule already reports are not reported twice."""
    if key == VENDOR_ROADMAP_QUESTION:
        return ctx.answer(key) in VENDOR_DRIVEN_CHOICES
    if key == PROFILE_QUESTION:
        return _says_no_profile(ctx)
    return False


@rule("weak_heavy_answers")
def weak_heavy_answers(ctx: RuleContext) -> Iterable[Finding]:
    """Each visible answered question of weight ≥ heavy_weight scored below the threshold;
    the recommendation and the action are the question's own (with their translations)."""
    heavy, weak = ctx.thresholds.heavy_weight, ctx.thresholds.weak_answer_score
    framework = ctx.data.framework
    for qs in ctx.scores.questions.values():
        if qs.state != ANSWERED or qs.score is None or qs.weight < heavy or qs.score >= weak:
            continue
        if _covered_by_other_rule(ctx, qs.key):
            continue
        question = framework.question(qs.key)
        yield Finding(
            "weak_heavy_answers",
            f"weak_heavy_answers:{qs.key}",
            "high" if qs.weight >= 2 else "medium",
            qs.step,
            Message.of(gettext_noop("Weak answer: %(question)s"), question=question.text),
            Message.of(
                gettext_noop(
                    "The answer scores %(score)s of 100 on a question of weight %(weight)s "
                    "(answers below %(weak)s count as weak)."
                ),
                score=f"{qs.score:.0f}",
                weight=f"{qs.weight:g}",
                weak=f"{weak:g}",
            ),
            question.recommendation or recommendation("weak_heavy_answers"),
            ctx.answer_evidence(qs.key),
            subject_ids=(qs.key,),
            action=question.action
            or Message.of(
                gettext_noop("Improve the answer to: %(question)s"), question=question.text
            ),
        )


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
