"""Rules over touchpoints: stages without a digital touchpoint, retention, chatbots."""

from __future__ import annotations

from collections.abc import Iterable

from ..facts import (
    JOURNEY_STAGES,
    RETENTION_STAGES,
)
from ..messages import Join, Message, Term, gettext_noop, ngettext
from ..recommendations import recommendation
from .base import Evidence, Finding, RuleContext, rule


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
