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
    gettext_noop,
    linked,
    merged_labels,
    num,
    tag,
    text,
    title,
    truncate,
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


def radar_chart(
    axes: Sequence[RadarAxis | tuple],
    *,
    size: int = 420,
    rtl: bool = False,
    labels: Mapping[str, str] | None = None,
) -> str:
    """SVG radar. ``axes``: :class:`RadarAxis` or ``(label, value, target)`` tuples, first
    axis at the top, then clockwise (counter-clockwise when ``rtl``)."""
    words = merged_labels(LABELS, labels)
    items = [a if isinstance(a, RadarAxis) else RadarAxis(*a) for a in axes]
    if not items:
        raise ValueError("a radar chart needs at least one axis")
    margin = 95
    radius = (size - 2 * margin) / 2
    cx = cy = size / 2
    turn = -1 if rtl else 1

    def point(i: int, v: float) -> tuple[float, float]:
        angle = -math.pi / 2 + turn * 2 * math.pi * i / len(items)
        r = radius * _clamp(v) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    def poly(points: list[tuple[float, float]]) -> str:
        return " ".join(f"{num(x)},{num(y)}" for x, y in points)

    body = []
    for ring in RINGS:
        body.append(
            tag(
                "polygon",
                points=poly([point(i, ring) for i in range(len(items))]),
                fill="none",
                stroke=GRID,
                stroke_width=0.8,
                class_="ring",
            )
        )
        x, y = point(0, ring)
        body.append(text(str(ring), x=x + 3, y=y + 10, font_size=8, fill=MUTED))
    for i, axis in enumerate(items):
        x, y = point(i, 100)
        body.append(tag("line", x1=cx, y1=cy, x2=x, y2=y, stroke=GRID, stroke_width=0.8))
        lx, ly = point(i, 112)
        dx = lx - cx
        anchor = "middle" if abs(dx) < radius * 0.2 else ("start" if dx > 0 else "end")
        if anchor == "middle" and ly < cy:
            ly -= 14  # both lines above a top axis, clear of the rings
        elif anchor == "middle":
            ly += 8
        shown = words["not_available"] if axis.value is None else _whole(axis.value)
        body.append(
            linked(
                axis.href,
                text(
                    truncate(axis.label, 28),
                    x=lx,
                    y=ly,
                    text_anchor=anchor,
                    font_size=11,
                    font_weight=600,
                    fill=INK,
                )
                + text(
                    shown + ("" if axis.target is None else f" / {_whole(axis.target)}"),
                    x=lx,
                    y=ly + 14,
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
    return document(size, size, words["title"], words["description"], body, css_class="radar")
