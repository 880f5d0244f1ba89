"""The integration map: tools on a circle, clustered by category group, integrations as arrows.

Layout: each category group owns a sector of one circle (in the taxonomy's order), tools
sit in their group's sector, and within a sector tools are ordered so arrows cross less:
first towards the tools they integrate with (barycentre ordering), then by swapping
neighbours while that removes crossings. The graph is held in networkx; its layouts
(spring, Kamada–Kawai, spectral) need numpy/scipy and, tried on 60 tools and 150
integrations, mixed the groups and piled labels on top of each other, so the circle stays
(docs/inventories.md, "Integration map"). Labels point outwards along the radius, so 60
tools do not overlap. Everything is computed from sorted input: the same inventory always
gives the same SVG, byte for byte.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from assessment.charts_core.stack_map import ToolNode
from assessment.charts_core.svg import (
    ALERT,
    GROUP_COLOURS,
    INK,
    MUTED,
    document,
    gettext_noop,
    linked,
    merged_labels,
    num,
    pairs,
    tag,
    text,
    title,
    truncate,
)

__all__ = ["IntegrationEdge", "MapLayout", "ToolNode", "integration_map", "layout_integration_map"]


@dataclass(frozen=True, slots=True)
class IntegrationEdge:
    """A directed integration between two tool ids."""

    id: str | int
    source: str | int
    target: str | int
    status: str = "live"
    method: str | None = None
    direction: str = "one_way"
    href: str | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class MapLayout:
    """Node positions: tool id → (x, y, angle in radians); plus the circle's geometry."""

    positions: Mapping[str | int, tuple[float, float, float]]
    radius: float
    centre: tuple[float, float]
    size: tuple[float, float]
    group_of: Mapping[str | int, str]


STATUS_STYLE = {  # colour, dash pattern
    "live": ("#1b5e20", None),
    "planned": ("#1565c0", "7 4"),
    "broken": (ALERT, None),
    "deprecated": ("#9aa5b1", None),
}
MANUAL_DASH = "1.5 4"
LABELS = {
    "title": gettext_noop("Integration map"),
    "description": gettext_noop(
        "Tools clustered by category group; arrows are integrations, styled by status and method."
    ),
    "live": gettext_noop("Live"),
    "planned": gettext_noop("Planned"),
    "broken": gettext_noop("Broken"),
    "deprecated": gettext_noop("Deprecated"),
    "automated": gettext_noop("Automated"),
    "manual": gettext_noop("Manual"),
    "isolated": gettext_noop("No integration"),
    "other_group": gettext_noop("Uncategorised"),
    "integrations": gettext_noop("integrations"),
}

NODE_R = 6
SLOT_PX = 18  # arc length per tool: one label line plus spacing
GAP_SLOTS = 1.5  # empty slots between two groups
LABEL_ROOM = 150
LEGEND_ROW = 22
MIN_RADIUS = 170


def _group_order(tools: Sequence[ToolNode], groups: list[tuple[str, str]]) -> list[str]:
    order = [key for key, _ in groups]
    extra = sorted({t.group or "" for t in tools} - set(order))
    return order + extra


def _graph(tools: Sequence[ToolNode], edges: Sequence[IntegrationEdge]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for tool in tools:
        graph.add_node(tool.id, group=tool.group or "", name=tool.name)
    for edge in edges:
        if edge.source in graph and edge.target in graph and edge.source != edge.target:
            graph.add_edge(edge.source, edge.target, key=edge.id)
    return graph


def _slot_angles(sequence: list[list], rtl: bool) -> dict:
    total = sum(len(s) for s in sequence) + GAP_SLOTS * len(sequence)
    angles, slot = {}, GAP_SLOTS / 2
    for members in sequence:
        for node in members:
            fraction = (slot + 0.5) / total
            angles[node] = -math.pi / 2 + (-1 if rtl else 1) * 2 * math.pi * fraction
            slot += 1
        slot += GAP_SLOTS
    return angles


def _weighted(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected graph of drawn arcs: weight = integrations between the two tools."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for u, v in graph.edges():
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += 1
        else:
            simple.add_edge(u, v, weight=1)
    return simple


def _barycentre(sequence: list[list], graph: nx.Graph, passes: int = 3) -> list[list]:
    """Pull each tool, within its group's sector, towards its partners in other groups."""
    for _ in range(passes):
        angles = _slot_angles(sequence, rtl=False)
        reordered = []
        for group_nodes in sequence:
            centre = sum(angles[n] for n in group_nodes) / len(group_nodes)
            members = set(group_nodes)

            def pull(node, centre=centre, members=members, angles=angles):
                outside = [m for m in graph.neighbors(node) if m not in members]
                if not outside:
                    return 0.0
                deltas = [
                    math.atan2(math.sin(angles[m] - centre), math.cos(angles[m] - centre))
                    for m in outside
                ]
                return round(sum(deltas) / len(deltas), 6)

            rank = {n: i for i, n in enumerate(group_nodes)}
            reordered.append(sorted(group_nodes, key=lambda n: (pull(n), rank[n])))
        sequence = reordered
    return sequence


def _between(pos: Mapping, a, b, c) -> bool:
    """Is c strictly between a and b in circle order (cut at position 0)?"""
    low, high = sorted((pos[a], pos[b]))
    return low < pos[c] < high


def _reduce_crossings(sequence: list[list], graph: nx.Graph, passes: int = 20) -> list[list]:
    """Swap neighbouring tools of a group while that removes arc crossings.

    Swapping two adjacent tools u, v flips exactly the crossing of every pair of arcs
    (u–x, v–y) with four distinct ends, so the gain is computed from their arcs alone.
    Deterministic: the same sweeps in the same order, a swap only when strictly better.
    """
    sequence = [list(group) for group in sequence]
    pos = {n: i for i, n in enumerate(n for group in sequence for n in group)}
    adjacent = {n: dict(graph[n]) for n in graph}

    def gain(u, v) -> int:
        change = 0
        for x, ux in adjacent[u].items():
            if x == v:
                continue
            for y, vy in adjacent[v].items():
                if y in (u, x):
                    continue
                crossing = _between(pos, u, x, v) != _between(pos, u, x, y)
                change += ux["weight"] * vy["weight"] * (1 if crossing else -1)
        return change  # crossings removed by the swap

    for _ in range(passes):
        improved = False
        for group in sequence:
            for i in range(len(group) - 1):
                u, v = group[i], group[i + 1]
                if gain(u, v) > 0:
                    group[i], group[i + 1] = v, u
                    pos[u], pos[v] = pos[v], pos[u]
                    improved = True
        if not improved:
            break
    return sequence


def layout_integration_map(
    tools: Sequence[ToolNode],
    edges: Sequence[IntegrationEdge],
    groups: Iterable[object] = (),
    *,
    rtl: bool = False,
) -> MapLayout:
    """Deterministic clustered circular layout (see the module doc).

    The order is computed left to right and only mirrored for ``rtl``, so both
    directions show the same map.
    """
    tools = sorted(tools, key=lambda t: (t.name.casefold(), str(t.id)))
    graph = _weighted(_graph(tools, edges))
    order = _group_order(tools, pairs(groups))
    members = {g: [t.id for t in tools if (t.group or "") == g] for g in order}
    sequence = [m for m in members.values() if m]
    sequence = _reduce_crossings(_barycentre(sequence, graph), graph)
    angles = _slot_angles(sequence, rtl)
    slots = len(tools) + GAP_SLOTS * len(sequence)
    radius = max(MIN_RADIUS, slots * SLOT_PX / (2 * math.pi))
    side = 2 * (radius + LABEL_ROOM)
    cx = cy = side / 2
    positions = {
        node: (cx + radius * math.cos(a), cy + radius * math.sin(a), a)
        for node, a in angles.items()
    }
    return MapLayout(
        positions=positions,
        radius=radius,
        centre=(cx, cy),
        size=(side, side),
        group_of={t.id: t.group or "" for t in tools},
    )


def _markers() -> str:
    out = []
    for status, (colour, _) in STATUS_STYLE.items():
        for suffix, path in (("end", "M0,0 L10,5 L0,10 z"), ("start", "M10,0 L0,5 L10,10 z")):
            out.append(
                tag(
                    "marker",
                    tag("path", d=path, fill=colour),
                    id=f"arrow-{status}-{suffix}",
                    viewBox="0 0 10 10",
                    refX=9 if suffix == "end" else 1,
                    refY=5,
                    markerWidth=7,
                    markerHeight=7,
                    orient="auto",
                    markerUnits="userSpaceOnUse",
                )
            )
    return "".join(out)


def _towards(p: tuple[float, float], q: tuple[float, float], distance: float):
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = math.hypot(dx, dy) or 1.0
    return p[0] + dx / length * distance, p[1] + dy / length * distance


def _edge(edge, layout, index, names, method_names, words) -> str:
    x0, y0, _ = layout.positions[edge.source]
    x2, y2, _ = layout.positions[edge.target]
    cx, cy = layout.centre
    pull = min(0.9, 0.35 + 0.15 * index)  # parallel integrations fan out
    control = (cx + ((x0 + x2) / 2 - cx) * pull, cy + ((y0 + y2) / 2 - cy) * pull)
    start = _towards((x0, y0), control, NODE_R + 2)
    end = _towards((x2, y2), control, NODE_R + 2)
    status = edge.status if edge.status in STATUS_STYLE else "live"
    colour, dash = STATUS_STYLE[status]
    manual = edge.method == "manual"
    method = method_names.get(edge.method or "", edge.method or "")
    arrow = "↔" if edge.direction == "two_way" else "→"
    summary = f"{names[edge.source]} {arrow} {names[edge.target]}: {words[status]}"
    summary += f", {method}" if method else ""
    summary += f" ({edge.detail})" if edge.detail else ""
    path = tag(
        "path",
        d=f"M{num(start[0])} {num(start[1])} Q{num(control[0])} {num(control[1])} "
        f"{num(end[0])} {num(end[1])}",
        fill="none",
        stroke=colour,
        stroke_width=2.6 if manual else 1.4,
        stroke_dasharray=MANUAL_DASH if manual else dash,
        stroke_linecap="round" if manual else None,
        stroke_opacity=0.85,
        marker_end=f"url(#arrow-{status}-end)",
        marker_start=f"url(#arrow-{status}-start)" if edge.direction == "two_way" else None,
    )
    return linked(
        edge.href,
        title(summary) + path,
        class_=f"integration status-{status}" + (" manual" if manual else ""),
        data_integration_id=edge.id,
        data_source=edge.source,
        data_target=edge.target,
    )


def _node(tool: ToolNode, layout: MapLayout, colour: str, degree: int, words) -> str:
    x, y, angle = layout.positions[tool.id]
    lx, ly = (
        layout.centre[0] + (layout.radius + 12) * math.cos(angle),
        layout.centre[1] + (layout.radius + 12) * math.sin(angle),
    )
    degrees = math.degrees(angle)
    left = math.cos(angle) < -1e-9
    rotation = degrees + 180 if left else degrees
    isolated = degree == 0
    parts = [
        title(f"{tool.name} — {degree} {words['integrations']}"),
        tag(
            "circle",
            cx=x,
            cy=y,
            r=NODE_R,
            fill="#ffffff" if isolated else colour,
            stroke=ALERT if isolated else "#ffffff",
            stroke_width=2 if isolated else 1,
        ),
        text(
            truncate(tool.name, 22),
            x=lx,
            y=ly,
            font_size=10.5,
            fill=INK,
            text_anchor="end" if left else "start",
            dominant_baseline="middle",
            transform=f"rotate({num(rotation)} {num(lx)} {num(ly)})",
        ),
    ]
    return linked(
        tool.href,
        "".join(parts),
        class_="tool" + (" isolated" if isolated else ""),
        data_tool_id=tool.id,
        data_group=tool.group or "",
    )


def _group_arc(nodes: list, layout: MapLayout, colour: str, name: str) -> str:
    angles = sorted(layout.positions[n][2] for n in nodes)
    half = math.pi / max(len(layout.positions), 1) * 0.9
    a0, a1 = angles[0] - half, angles[-1] + half
    r = layout.radius - 14
    cx, cy = layout.centre
    large = 1 if a1 - a0 > math.pi else 0
    d = (
        f"M{num(cx + r * math.cos(a0))} {num(cy + r * math.sin(a0))} "
        f"A{num(r)} {num(r)} 0 {large} 1 {num(cx + r * math.cos(a1))} {num(cy + r * math.sin(a1))}"
    )
    return tag(
        "path",
        title(name),
        d=d,
        fill="none",
        stroke=colour,
        stroke_width=6,
        stroke_opacity=0.35,
        stroke_linecap="round",
        class_="group-arc",
    )


def _legend(y: float, width: float, entries: list[tuple[str, str]], rtl: bool) -> tuple[str, float]:
    """Legend items (swatch svg, label) laid in rows of fixed-width cells."""
    cell = 190
    per_row = max(1, int((width - 32) // cell))
    parts = []
    for i, (swatch, label) in enumerate(entries):
        col, row = i % per_row, i // per_row
        x = width - 16 - col * cell - 28 if rtl else 16 + col * cell
        yy = y + row * LEGEND_ROW
        parts.append(
            tag(
                "g",
                tag("g", swatch, transform=f"translate({num(x)} {num(yy)})")
                + text(
                    truncate(label, 26),
                    x=x - 6 if rtl else x + 34,
                    y=yy + 4,
                    font_size=11,
                    fill=INK,
                    dominant_baseline="middle",
                    text_anchor="end" if rtl else "start",
                ),
                class_="legend-item",
            )
        )
    rows = -(-len(entries) // per_row)
    return tag("g", "".join(parts), class_="legend"), rows * LEGEND_ROW


def integration_map(
    tools: Sequence[ToolNode],
    edges: Sequence[IntegrationEdge],
    groups: Iterable[object] = (),
    *,
    method_names: Mapping[str, str] | None = None,
    rtl: bool = False,
    labels: Mapping[str, str] | None = None,
) -> str:
    """SVG integration map. ``groups``: ``(key, name)`` pairs or taxonomy groups, in order;
    ``method_names``: method key → display name for hover titles. Edges naming an unknown
    tool, and self-loops, are left out."""
    words = merged_labels(LABELS, labels)
    group_list = pairs(groups)
    layout = layout_integration_map(tools, edges, group_list, rtl=rtl)
    names = {t.id: t.name for t in tools}
    order = _group_order(tools, group_list)
    colours = {g: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, g in enumerate(order)}
    group_names = dict(group_list)
    kept = sorted(
        (e for e in edges if e.source in names and e.target in names and e.source != e.target),
        key=lambda e: (str(e.source), str(e.target), e.status, e.method or "", str(e.id)),
    )
    degree: dict = dict.fromkeys(names, 0)
    pair_index: dict[tuple, int] = {}
    edge_parts = []
    for edge in kept:
        degree[edge.source] += 1
        degree[edge.target] += 1
        pair = tuple(sorted((str(edge.source), str(edge.target))))
        index = pair_index.get(pair, 0)
        pair_index[pair] = index + 1
        edge_parts.append(_edge(edge, layout, index, names, method_names or {}, words))
    arcs, node_parts = [], []
    for group in order:
        nodes = [n for n, g in layout.group_of.items() if g == group]
        if nodes:
            label = group_names.get(group) or words["other_group"]
            arcs.append(_group_arc(nodes, layout, colours[group], label))
    for tool in sorted(tools, key=lambda t: (t.name.casefold(), str(t.id))):
        node_parts.append(_node(tool, layout, colours[tool.group or ""], degree[tool.id], words))
    width, height = layout.size
    entries = [
        (
            tag("circle", cx=10, cy=4, r=6, fill=colours[g]),
            group_names.get(g) or words["other_group"],
        )
        for g in order
        if any(v == g for v in layout.group_of.values())
    ]
    entries.append(
        (
            tag("circle", cx=10, cy=4, r=6, fill="#fff", stroke=ALERT, stroke_width=2),
            words["isolated"],
        )
    )
    for status, (colour, dash) in STATUS_STYLE.items():
        line = tag(
            "line", x1=0, y1=4, x2=24, y2=4, stroke=colour, stroke_width=2, stroke_dasharray=dash
        )
        entries.append((line, words[status]))
    entries.append(
        (tag("line", x1=0, y1=4, x2=24, y2=4, stroke=MUTED, stroke_width=1.4), words["automated"])
    )
    entries.append(
        (
            tag(
                "line",
                x1=0,
                y1=4,
                x2=24,
                y2=4,
                stroke=MUTED,
                stroke_width=2.6,
                stroke_dasharray=MANUAL_DASH,
                stroke_linecap="round",
            ),
            words["manual"],
        )
    )
    legend, legend_height = _legend(height, width, entries, rtl)
    body = [
        tag("g", "".join(arcs), class_="groups"),
        tag("g", "".join(edge_parts), class_="integrations"),
        tag("g", "".join(node_parts), class_="tools"),
        legend,
    ]
    return document(
        width,
        height + legend_height + 16,
        words["title"],
        words["description"],
        body,
        css_class="integration-map",
        rtl=rtl,
        defs=_markers(),
    )
