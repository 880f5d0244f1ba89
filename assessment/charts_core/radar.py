"""Radar chart of scores (0–100) against targets: the five steps in the report.

Rings sit at the maturity band limits (20/40/60/80/100) so a point reads as a level.
A missing score is drawn at the centre with a hollow marker and "n/a", never as a
silent 0; targets are a dashed outline when every axis has one, otherwise diamonds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assessment.charts_core.svg import (
    GRID,
    INK,
    MUTED,
    document,
    fit_sizes,
    gettext_noop,
    linked,
    merged_labels,
    num,
    tag,
    text,
    text_width,
    title,
)

VALUE_COLOUR = "#0072B2"
TARGET_COLOUR = "#D55E00"
RINGS = (20, 40, 60, 80, 100)
LABELS = {
    "title": gettext_noop("Scores against targets"),
    "description": gettext_noop(
        "Each axis is scored from 0 to 100; the dashed outline is the target."
    ),
    "score": gettext_noop("Score"),
    "target": gettext_noop("Target"),
    "not_available": gettext_noop("n/a"),
}


@dataclass(frozen=True, slots=True)
class RadarAxis:
    label: str
    value: float | None
    target: float | None = None
    href: str | None = None


def _clamp(v: float) -> float:
    return max(0.0, min(100.0, float(v)))


def _whole(value: float) -> str:
    """A score as everywhere else in the app: a whole number, rounded half up."""
    return str(int(Decimal(repr(value)).quantize(Decimal(1), ROUND_HALF_UP)))


#: Room left and right of the label circle for the axis labels (which wrap onto two lines
#: at most and shrink a little before they would be cut).
LABEL_ROOM = 125
LABEL_SIZES = (11, 10)
LEGEND_H = 30


def _legend(width: float, y: float, words: Mapping[str, str], with_target: bool, rtl: bool) -> str:
    """Score and target swatches in the chart's own colours, centred under the chart (each
    swatch before its word in reading order)."""
    items = [
        (
            tag("rect", x=0, y=-9, width=22, height=10, rx=2, fill=VALUE_COLOUR, fill_opacity=0.22)
            + tag("path", d="M0 -4H22", stroke=VALUE_COLOUR, stroke_width=2)
            + tag("circle", cx=11, cy=-4, r=3.5, fill=VALUE_COLOUR),
            words["score"],
        )
    ]
    if with_target:
        items.append(
            (
                tag(
                    "path",
                    d="M0 -4H22",
                    stroke=TARGET_COLOUR,
                    stroke_width=1.6,
                    stroke_dasharray="6 4",
                ),
                words["target"],
            )
        )
    widths = [28 + text_width(label, 11) for _swatch, label in items]
    x = (width - sum(widths) - 24 * (len(items) - 1)) / 2
    parts = []
    if rtl:
        items, widths = items[::-1], widths[::-1]
    for (swatch, label), w in zip(items, widths, strict=True):
        swatch_x, label_x = (x + w - 22, x + w - 28) if rtl else (x, x + 28)
        parts.append(
            tag("g", swatch, transform=f"translate({num(swatch_x)} {num(y)})")
            + text(
                label,
                x=label_x,
                y=y,
                font_size=11,
                fill=INK,
                text_anchor="end" if rtl else None,
            )
        )
        x += w + 24
    return tag("g", "".join(parts), class_="legend")


def radar_chart(
    axes: Sequence[RadarAxis | tuple],
    *,
    size: int = 420,
    rtl: bool = False,
    labels: Mapping[str, str] | None = None,
    legend: bool = False,
    margin: float = 95,
) -> str:
    """SVG radar. ``axes``: :class:`RadarAxis` or ``(label, value, target)`` tuples, first
    axis at the top, then clockwise (counter-clockwise when ``rtl``). ``size`` is the height
    of the plot and ``margin`` the room above and below the rings; the width leaves
    ``LABEL_ROOM`` beside the labels. ``legend`` adds a key of the score and target colours
    under the chart."""
    words = merged_labels(LABELS, labels)
    items = [a if isinstance(a, RadarAxis) else RadarAxis(*a) for a in axes]
    if not items:
        raise ValueError("a radar chart needs at least one axis")
    radius = (size - 2 * margin) / 2
    width = round(2 * (radius * 1.12 + LABEL_ROOM))
    cx, cy = width / 2, size / 2
    turn = -1 if rtl else 1

    def point(i: int, v: float) -> tuple[float, float]:
        angle = -math.pi / 2 + turn * 2 * math.pi * i / len(items)
        r = radius * _clamp(v) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    def poly(points: list[tuple[float, float]]) -> str:
        return " ".join(f"{num(x)},{num(y)}" for x, y in points)

    def closed(points: list[tuple[float, float]]) -> str:
        head, *rest = points
        return (
            f"M{num(head[0])} {num(head[1])}"
            + "".join(f"L{num(x)} {num(y)}" for x, y in rest)
            + "Z"
        )

    # The rings and the spokes: one path (same stroke), subpath per ring and per spoke.
    grid = [closed([point(i, ring) for i in range(len(items))]) for ring in RINGS]
    grid += [
        f"M{num(cx)} {num(cy)}L{num(x)} {num(y)}"
        for x, y in (point(i, 100) for i in range(len(items)))
    ]
    body = [
        tag("path", d="".join(grid), fill="none", stroke=GRID, stroke_width=0.8, class_="rings")
    ]
    for ring in RINGS:
        x, y = point(0, ring)
        body.append(text(str(ring), x=x + 3, y=y + 10, font_size=9, fill=MUTED))
    for i, axis in enumerate(items):
        lx, ly = point(i, 112)
        dx = lx - cx
        anchor = "middle" if abs(dx) < radius * 0.2 else ("start" if dx > 0 else "end")
        if anchor == "middle":
            room = 2 * min(lx, width - lx) - 8
        else:
            room = (width - lx if anchor == "start" else lx) - 6
        lines, font = fit_sizes(axis.label, (room, room), LABEL_SIZES, bold=True)
        if anchor == "middle" and ly < cy:
            ly -= 14 * len(lines)  # every line above a top axis, clear of the rings
        elif anchor == "middle":
            ly += 8
        shown = words["not_available"] if axis.value is None else _whole(axis.value)
        label = "".join(
            text(
                line,
                x=lx,
                y=ly + 13 * n,
                text_anchor=anchor,
                font_size=font,
                font_weight=600,
                fill=INK,
            )
            for n, line in enumerate(lines)
        )
        body.append(
            linked(
                axis.href,
                label
                + text(
                    shown + ("" if axis.target is None else f" / {_whole(axis.target)}"),
                    x=lx,
                    y=ly + 13 * (len(lines) - 1) + 14,
                    text_anchor=anchor,
                    font_size=10,
                    fill=MUTED,
                ),
                class_="axis-label",
            )
        )
    targets = [a.target for a in items]
    if all(t is not None for t in targets):
        body.append(
            tag(
                "polygon",
                points=poly([point(i, t) for i, t in enumerate(targets)]),
                fill="none",
                stroke=TARGET_COLOUR,
                stroke_width=1.6,
                stroke_dasharray="6 4",
                class_="target",
            )
        )
    else:
        for i, t in enumerate(targets):
            if t is not None:
                x, y = point(i, t)
                body.append(
                    tag(
                        "polygon",
                        points=poly([(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)]),
                        fill=TARGET_COLOUR,
                        class_="target-marker",
                    )
                )
    values = [point(i, a.value or 0) for i, a in enumerate(items)]
    body.append(
        tag(
            "polygon",
            points=poly(values),
            fill=VALUE_COLOUR,
            fill_opacity=0.22,
            stroke=VALUE_COLOUR,
            stroke_width=2,
            class_="score",
        )
    )
    for (x, y), axis in zip(values, items, strict=True):
        missing = axis.value is None
        hover = f"{axis.label}: {words['score']} "
        hover += words["not_available"] if missing else _whole(axis.value)
        if axis.target is not None:
            hover += f", {words['target']} {_whole(axis.target)}"
        body.append(
            tag(
                "circle",
                title(hover),
                cx=x,
                cy=y,
                r=4,
                fill="#fff" if missing else VALUE_COLOUR,
                stroke=VALUE_COLOUR,
                stroke_width=1.5,
                class_="score-point",
            )
        )
    height = size
    if legend:
        body.append(_legend(width, size + 12, words, any(t is not None for t in targets), rtl))
        height += LEGEND_H
    return document(width, height, words["title"], words["description"], body, css_class="radar")
