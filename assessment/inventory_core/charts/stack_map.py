"""The stack map: every tool as a tile in its category group's band.

Bands (not columns) keep the map printable on A4 however unevenly tools spread across
groups. A tile shows the lifecycle decision (colour and letter, with a legend) and seat
utilisation (a bar; over 100% is marked as over capacity; unknown says "n/a").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assessment.inventory_core.charts._svg import (
    ALERT,
    GRID,
    INK,
    LIFECYCLE_STYLE,
    MUTED,
    document,
    gettext_noop,
    linked,
    merged_labels,
    pairs,
    tag,
    text,
    title,
    truncate,
)


@dataclass(frozen=True, slots=True)
class ToolNode:
    id: str | int
    name: str
    group: str | None = None
    lifecycle: str | None = None
    utilisation: float | None = None
    href: str | None = None
    subtitle: str = ""


LABELS = {
    "title": gettext_noop("Stack map"),
    "description": gettext_noop(
        "Tools by category group, with lifecycle decision and seat utilisation."
    ),
    "invest": gettext_noop("Invest"),
    "tolerate": gettext_noop("Tolerate"),
    "migrate": gettext_noop("Migrate"),
    "eliminate": gettext_noop("Eliminate"),
    "evaluating": gettext_noop("Evaluating"),
    "undecided": gettext_noop("No decision"),
    "utilisation": gettext_noop("Utilisation"),
    "over_capacity": gettext_noop("over capacity"),
    "not_available": gettext_noop("n/a"),
    "other_group": gettext_noop("Uncategorised"),
    "empty_group": gettext_noop("No tools"),
}

WIDTH = 960
PAD = 16
TILE_W, TILE_H, GAP = 140, 62, 8
BAND_HEAD = 30
LEGEND_H = 40


def _lifecycle_key(value: str | None) -> str | None:
    return value if value in LIFECYCLE_STYLE else None


def _tile(tool: ToolNode, x: float, y: float, rtl: bool, labels: Mapping[str, str]) -> str:
    colour, letter = LIFECYCLE_STYLE[_lifecycle_key(tool.lifecycle)]
    decision = labels.get(tool.lifecycle or "undecided", labels["undecided"])
    badge = x + TILE_W - 13 if rtl else x + 13
    start = x + TILE_W - 26 if rtl else x + 26
    anchor = "end" if rtl else "start"
    parts = [
        tag(
            "rect",
            x=x,
            y=y,
            width=TILE_W,
            height=TILE_H,
            rx=8,
            fill="#ffffff",
            stroke=colour,
            stroke_width=2,
            stroke_dasharray="5 3" if tool.lifecycle == "eliminate" else None,
        ),
        tag("circle", cx=badge, cy=y + 14, r=8, fill=colour),
        text(letter, x=badge, y=y + 18, text_anchor="middle", font_size=10, fill="#ffffff"),
        text(
            truncate(tool.name, 16),
            x=start,
            y=y + 18,
            text_anchor=anchor,
            font_size=11.5,
            font_weight=600,
            fill=INK,
        ),
    ]
    if tool.subtitle:
        parts.append(
            text(
                truncate(tool.subtitle, 22),
                x=start,
                y=y + 31,
                text_anchor=anchor,
                font_size=9,
                fill=MUTED,
            )
        )
    parts.append(_utilisation_bar(tool.utilisation, x, y, rtl, labels))
    summary = f"{tool.name} — {decision}; {labels['utilisation']}: {_percent(tool, labels)}"
    return linked(
        tool.href,
        title(summary) + "".join(parts),
        class_="tool",
        data_tool_id=tool.id,
        data_lifecycle=tool.lifecycle or "none",
    )


def _percent(tool: ToolNode, labels: Mapping[str, str]) -> str:
    if tool.utilisation is None:
        return labels["not_available"]
    value = f"{round(tool.utilisation * 100)}%"
    return f"{value} ({labels['over_capacity']})" if tool.utilisation > 1 else value


def _utilisation_bar(
    value: float | None, x: float, y: float, rtl: bool, labels: Mapping[str, str]
) -> str:
    track_x, track_y, track_w = x + 12, y + TILE_H - 12, TILE_W - 24
    if value is None:
        return tag(
            "rect",
            x=track_x,
            y=track_y,
            width=track_w,
            height=5,
            rx=2,
            fill="none",
            stroke=GRID,
            stroke_dasharray="2 2",
        ) + text(
            f"{labels['utilisation']} {labels['not_available']}",
            x=x + TILE_W / 2,
            y=track_y - 4,
            text_anchor="middle",
            font_size=9,
            fill=MUTED,
        )
    over = value > 1
    fill_w = track_w * max(0.0, min(value, 1.0))
    fill_x = track_x + track_w - fill_w if rtl else track_x
    caption = f"{round(value * 100)}%" + (f" ▲ {labels['over_capacity']}" if over else "")
    return "".join(
        [
            tag("rect", x=track_x, y=track_y, width=track_w, height=5, rx=2, fill="#e4e7eb"),
            tag(
                "rect",
                x=fill_x,
                y=track_y,
                width=fill_w,
                height=5,
                rx=2,
                fill=ALERT if over else "#3e4c59",
                class_="over-capacity" if over else "utilisation",
            ),
            text(
                caption,
                x=x + TILE_W / 2,
                y=track_y - 4,
                text_anchor="middle",
                font_size=9,
                fill=ALERT if over else MUTED,
                font_weight=600 if over else None,
            ),
        ]
    )


def _legend(rtl: bool, labels: Mapping[str, str]) -> str:
    items = []
    step = (WIDTH - 2 * PAD) / len(LIFECYCLE_STYLE)
    for i, (key, (colour, letter)) in enumerate(LIFECYCLE_STYLE.items()):
        cx = WIDTH - PAD - step * i - 12 if rtl else PAD + step * i + 12
        label = labels[key or "undecided"]
        items.append(
            tag(
                "g",
                tag("circle", cx=cx, cy=PAD + 8, r=9, fill=colour)
                + text(letter, x=cx, y=PAD + 12, text_anchor="middle", font_size=11, fill="#fff")
                + text(
                    label,
                    x=cx - 14 if rtl else cx + 14,
                    y=PAD + 12,
                    font_size=11,
                    fill=INK,
                    text_anchor="end" if rtl else "start",
                ),
                class_="legend-item",
            )
        )
    return tag("g", "".join(items), class_="legend")


def stack_map(
    tools: Sequence[ToolNode],
    groups: Iterable[object],
    *,
    rtl: bool = False,
    labels: Mapping[str, str] | None = None,
) -> str:
    """SVG of tools grouped by category group, in the groups' order (tools by name).

    ``groups`` are ``(key, name)`` pairs or taxonomy ``CategoryGroup`` objects; tools in no
    known group go to a final "Uncategorised" band. ``rtl`` lays tiles right to left.
    """
    words = merged_labels(LABELS, labels)
    group_list = pairs(groups)
    known = {key for key, _ in group_list}
    by_group: dict[str, list[ToolNode]] = {key: [] for key, _ in group_list}
    others = [t for t in tools if t.group not in known]
    for tool in tools:
        if tool.group in known:
            by_group[tool.group].append(tool)
    bands = [(key, name, by_group[key]) for key, name in group_list]
    if others:
        bands.append(("", words["other_group"], others))
    per_row = max(1, (WIDTH - 2 * PAD - 24 + GAP) // (TILE_W + GAP))
    body, y = [_legend(rtl, words)], PAD + LEGEND_H
    for key, name, members in bands:
        members = sorted(members, key=lambda t: (t.name.casefold(), str(t.id)))
        rows = -(-len(members) // per_row)
        height = BAND_HEAD + rows * (TILE_H + GAP) + GAP if rows else BAND_HEAD + 26
        parts = [
            tag("rect", x=PAD, y=y, width=WIDTH - 2 * PAD, height=height, rx=10, fill="#f5f7fa"),
            text(
                f"{name} ({len(members)})",
                x=WIDTH - PAD - 12 if rtl else PAD + 12,
                y=y + 20,
                font_size=13,
                font_weight=700,
                fill=INK,
                text_anchor="end" if rtl else "start",
            ),
        ]
        if not members:
            parts.append(
                text(
                    words["empty_group"],
                    x=WIDTH / 2,
                    y=y + 42,
                    text_anchor="middle",
                    font_size=11,
                    fill=MUTED,
                )
            )
        for i, tool in enumerate(members):
            col, row = i % per_row, i // per_row
            offset = PAD + 12 + col * (TILE_W + GAP)
            x = WIDTH - offset - TILE_W if rtl else offset
            parts.append(_tile(tool, x, y + BAND_HEAD + row * (TILE_H + GAP), rtl, words))
        body.append(tag("g", "".join(parts), class_="group", data_group=key or "other"))
        y += height + GAP
    return document(
        WIDTH, y + PAD, words["title"], words["description"], body, css_class="stack-map", rtl=rtl
    )
