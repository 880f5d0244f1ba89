"""Rules over tool owners' confirmations (issue 16): records nobody vouched for lately.

A tool with an owner member is confirmed by that member (cost, seats, owners, lifecycle,
status, contract); an edit by someone else clears the confirmation and it goes stale after
the organisation's number of days. The rule stays quiet until a tool has an owner member."""

from __future__ import annotations

from collections.abc import Iterable

from ..facts import CONTRACTED_TOOL_STATUSES, ToolFact
from ..messages import Join, Message, gettext_noop, ngettext
from ..recommendations import recommendation
from .base import Evidence, Finding, RuleContext, paid_cost, rule


def unconfirmed_records(ctx: RuleContext) -> tuple[list[ToolFact], list[ToolFact]]:
    """(tools with an owner member still under contract, those of them whose record is
    not confirmed or whose confirmation is stale), by name."""
    ownership = ctx.data.ownership
    confirmed_on = dict(ownership.records)
    owned = sorted(
        (
            tool
            for tool in ctx.data.tools
            if tool.id in confirmed_on and tool.status in CONTRACTED_TOOL_STATUSES
        ),
        key=lambda tool: (tool.name.casefold(), tool.id),
    )
    today = ctx.data.today
    flagged = [tool for tool in owned if ownership.is_stale(confirmed_on[tool.id], today)]
    return owned, flagged


@rule("unconfirmed_tool_records")
def unconfirmed_tool_records(ctx: RuleContext) -> Iterable[Finding]:
    """One finding listing the tool records (with an owner member, not retired) that their
    owner has not confirmed, or confirmed more than the staleness days ago. High when more
    than half of the paid ones among them are."""
    owned, flagged = unconfirmed_records(ctx)
    if not flagged:
        return
    paid = [tool for tool in owned if paid_cost(tool) is not None]
    paid_flagged = [tool for tool in flagged if paid_cost(tool) is not None]
    severity = "high" if paid and len(paid_flagged) * 2 > len(paid) else "medium"
    count = len(flagged)
    names = Join(tuple(tool.name for tool in flagged))
    ids = tuple(tool.id for tool in flagged)
    yield Finding(
        "unconfirmed_tool_records",
        "unconfirmed_tool_records",
        severity,
        "stack",
        Message.counted(
            ngettext(
                "%(count)s tool record is not confirmed by its owner",
                "%(count)s tool records are not confirmed by their owners",
                count,
            )
        ),
        Message.of(
            gettext_noop(
                "Nobody has vouched lately for the cost, seats, owner, lifecycle and contract "
                "of %(names)s: their owners have not confirmed them, or did more than "
                "%(days)s days ago. Decisions and renewals rest on these figures."
            ),
            names=names,
            days=ctx.data.ownership.stale_days,
        ),
        recommendation("unconfirmed_tool_records", names=names),
        Evidence(tool_ids=ids),
        (),
        ids,
        Message.counted(
            ngettext(
                "Have %(count)s tool record confirmed by its owner",
                "Have %(count)s tool records confirmed by their owners",
                count,
            )
        ),
    )
