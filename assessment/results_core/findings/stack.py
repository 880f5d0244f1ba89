"""Rules over the tool inventory: under-used, overlapping, renewing, inactive, vendor-led."""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal

from ..facts import (
    CONTRACTED_TOOL_STATUSES,
    ToolFact,
)
from ..messages import TAXONOMY, Join, Message, Term, gettext_noop, ngettext
from ..recommendations import recommendation
from .base import (
    VENDOR_DRIVEN_CHOICES,
    VENDOR_ROADMAP_QUESTION,
    Evidence,
    Finding,
    RuleContext,
    Saving,
    days_text,
    paid_cost,
    percent_text,
    retire_saving,
    round_money,
    rule,
)


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
        cost = paid_cost(tool)
        if cost and active == 0:
            savings = retire_saving(tool)
        elif cost:
            keep = min(seats, math.ceil(active * (1 + ctx.thresholds.seat_headroom)))
            if keep < seats:
                amount = round_money(cost * (seats - keep) / seats)
                savings = (Saving(tool.id, amount, tool.currency, "downsize"),)
        yield Finding(
            "underused_tool",
            f"underused_tool:{tool.id}",
            "high" if active == 0 else "medium",
            "stack",
            Message.of(
                gettext_noop("%(name)s is under-used (%(utilisation)s of seats active)"),
                name=tool.name,
                utilisation=percent_text(utilisation),
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
                limit=percent_text(limit),
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
        savings = tuple(s for t in ordered if t.id != keeper.id for s in retire_saving(t))
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
                cancel=days_text(to_cancel),
                renewal=days_text(to_renewal),
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
                renewal=days_text(to_renewal),
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
            retire_saving(tool) if retire and cancel_soon else (),
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
        if tool.status != "inactive" or not paid_cost(tool):
            continue
        yield Finding(
            "paid_inactive_tool",
            f"paid_inactive_tool:{tool.id}",
            "medium",
            "stack",
            Message.of(gettext_noop("%(name)s is inactive but still paid for"), name=tool.name),
            Message.of(
                gettext_noop("Marked inactive with an annual cost of %(cost)s %(currency)s."),
                cost=f"{round_money(tool.annual_cost or Decimal(0)):,}",
                currency=tool.currency,
            ),
            recommendation("paid_inactive_tool", name=tool.name),
            Evidence(tool_ids=(tool.id,)),
            retire_saving(tool),
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
