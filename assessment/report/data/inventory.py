"""The touchpoint matrix, the stack table and the two maps."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from assessment.report.data.formatting import humanise, iso, money, money_text, percent
from assessment.report.data.labels import Vocab
from assessment.results_core import (
    AssessmentInput,
)
from assessment.results_core.facts import ToolFact

STACK_TABLE_ROWS = 40
STACK_MAP_TOOLS = 36
INTEGRATION_MAP_TOOLS = 60


def touchpoint_section(data: AssessmentInput, vocab: Vocab) -> dict[str, Any]:
    known = {key for key, _n, _d in vocab.channels}
    items = []
    for t in sorted(data.touchpoints, key=lambda t: (t.name.casefold(), t.id)):
        channel = vocab.channel(t.channel)
        items.append(
            {
                "id": t.id,
                "name": t.name,
                "stage": t.stage,
                "channel": channel if channel in known else "other",
                "personalisation": t.personalisation,
                "ease": t.ease,
            }
        )
    return {
        "stages": [{"key": k, "name": n} for k, n in vocab.stages],
        "channels": [{"key": k, "name": n, "digital": d} for k, n, d in vocab.channels],
        "items": items,
        "count": len(items),
        "digital_count": sum(1 for t in data.touchpoints if t.is_digital),
        "personalised_count": sum(1 for t in data.touchpoints if t.is_personalised),
    }


def tool_row(
    tool: ToolFact, vocab: Vocab, today: dt.date, underused: float = 0.30
) -> dict[str, Any]:
    util = tool.utilisation
    cancel = tool.last_day_to_cancel
    return {
        "id": tool.id,
        "name": tool.name,
        "group": vocab.group_of(tool),
        "category": vocab.group_name(vocab.group_of(tool)),
        "subcategory": vocab.subcategory_name(tool.subcategory),
        "owner": tool.owner,
        "status": tool.status,
        "status_label": vocab.tool_statuses.get(tool.status, humanise(tool.status)),
        "cost": money(tool.annual_cost, tool.currency),
        "seats": tool.licensed_seats,
        "active_users": tool.active_users_30d,
        "utilisation": percent(util),
        "over_capacity": bool(util is not None and util > 1),
        "under_used": bool(util is not None and util < underused),  # the org's threshold
        "renewal_date": iso(tool.renewal_date),
        "last_day_to_cancel": iso(cancel),
        "cancel_soon": bool(cancel is not None and today <= cancel <= today + dt.timedelta(90)),
        "lifecycle": tool.lifecycle,
        "lifecycle_label": vocab.lifecycles.get(tool.lifecycle or "", "") if tool.lifecycle else "",
    }


def cost_key(tool: ToolFact) -> tuple:
    return (-(tool.annual_cost or Decimal(-1)), tool.name.casefold(), tool.id)


def stack_section(data: AssessmentInput, vocab: Vocab) -> dict[str, Any]:
    underused = data.thresholds.underused_utilisation
    active = sorted((t for t in data.tools if t.is_active), key=cost_key)
    body = active[:STACK_TABLE_ROWS]
    groups: dict[str, list[ToolFact]] = defaultdict(list)
    for t in active:
        groups[vocab.group_of(t)].append(t)
    summary = []
    for key in [k for k, _n in vocab.groups] + [""]:
        members = groups.get(key)
        if not members:
            continue
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for t in members:
            if t.annual_cost is not None:
                totals[t.currency] += t.annual_cost
        utils = [u for t in members if (u := t.utilisation) is not None]
        summary.append(
            {
                "group": key,
                "category": vocab.group_name(key),
                "count": len(members),
                "cost": [money(v, c) for c, v in sorted(totals.items())],
                "cost_text": " + ".join(money_text(v, c) for c, v in sorted(totals.items())),
                "mean_utilisation": percent(sum(utils) / len(utils)) if utils else None,
                "over_capacity": sum(1 for u in utils if u > 1),
            }
        )
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for t in active:
        if t.annual_cost is not None:
            totals[t.currency] += t.annual_cost
    every = sorted(data.tools, key=lambda t: (vocab.group_of(t), t.name.casefold(), t.id))
    return {
        "rows": [tool_row(t, vocab, data.today, underused) for t in body],
        "active_count": len(active),
        "tool_count": len(data.tools),
        "more_count": len(active) - len(body),
        "row_limit": STACK_TABLE_ROWS,
        "categories": summary,
        "total_cost": [money(v, c) for c, v in sorted(totals.items())],
        "total_cost_text": " + ".join(money_text(v, c) for c, v in sorted(totals.items())),
        "inventory": [tool_row(t, vocab, data.today, underused) for t in every],
    }


def map_node(tool: ToolFact, vocab: Vocab) -> dict[str, Any]:
    """A tool as both maps draw it (the fields of ``charts_core.ToolNode``)."""
    return {
        "id": tool.id,
        "name": tool.name,
        "group": vocab.group_of(tool),
        "lifecycle": tool.lifecycle,
        "utilisation": tool.utilisation,
        "subtitle": "",
    }


def map_section(data: AssessmentInput, vocab: Vocab) -> dict[str, Any]:
    active = sorted((t for t in data.tools if t.is_active), key=cost_key)
    tiles = active[:STACK_MAP_TOOLS]
    stack_nodes = [map_node(t, vocab) for t in sorted(tiles, key=lambda t: t.id)]
    # Integration map: the most connected tools (not retired), and the integrations among them.
    usable = {t.id: t for t in data.tools if t.status != "retired"}
    degree: Counter[int] = Counter()
    for i in data.integrations:
        if i.is_in_use and i.source_id in usable and i.target_id in usable:
            degree[i.source_id] += 1
            degree[i.target_id] += 1
    ranked = sorted(usable.values(), key=lambda t: (-degree[t.id], t.name.casefold(), t.id))
    ranked = [t for t in ranked if degree[t.id] or t.is_active]
    chosen = {t.id for t in ranked[:INTEGRATION_MAP_TOOLS]}
    edges = [
        {
            "id": i.id,
            "source": i.source_id,
            "target": i.target_id,
            "status": i.status,
            "method": i.method,
            "direction": i.direction,
        }
        for i in sorted(data.integrations, key=lambda i: i.id)
        if i.source_id in chosen and i.target_id in chosen and i.is_in_use
    ]
    map_nodes = [map_node(usable[i], vocab) for i in sorted(chosen)]
    shown_integrations = sum(1 for i in data.integrations if i.is_in_use)
    return {
        "groups": [{"key": k, "name": n} for k, n in vocab.groups],
        "methods": dict(sorted(vocab.methods.items())),
        "stack_map": {
            "underused": data.thresholds.underused_utilisation,
            "tools": stack_nodes,
            "shown": len(stack_nodes),
            "active_count": len(active),
        },
        "integration_map": {
            "tools": map_nodes,
            "edges": edges,
            "shown_tools": len(map_nodes),
            # The tools the map could show (active, or connected by an integration in use).
            "tool_count": len(ranked),
            "shown_edges": len(edges),
            "edge_count": shown_integrations,
        },
    }
