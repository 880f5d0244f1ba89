"""Rules over integrations and customer data: silos, manual hand-offs, broken, unreviewed
and flagged integrations, no unified profile."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..facts import (
    FREQUENT_FREQUENCIES,
    HIGH_CRITICALITY,
    IntegrationFact,
)
from ..messages import Join, Message, Term, gettext_noop, ngettext
from ..recommendations import recommendation
from .base import NO_PROFILE_CHOICES, PROFILE_QUESTION, Evidence, Finding, RuleContext, rule


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
    listed = [i for i in ctx.data.integrations if i.review_state == state and i.is_in_use]
    if not listed:
        return
    counted = sum(1 for i in ctx.data.integrations if i.is_in_use)
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
