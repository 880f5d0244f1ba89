"""Radar chart of scores (0–100) against targets: the five steps in the report.

Rings sit at the maturity band limits (20/40/60/80/100) so a point reads as a level.
A missing score is drawn at the centre with a hollow marker and "n/a", never as a
silent 0; targets are a dashed outline when every axis has one, otherwise diamonds.

The drawing has a fixed width (the page scales it to its card through the viewBox, so the
label size on screen follows from it) and the plot takes what the labels leave: each step's
label (its name on one or two lines, then "score / target") is a box measured with
:func:`~assessment.charts_core.svg.text_width` and the fonts' vertical metrics, set outside
the outer ring with its anchor chosen by the axis' angle, nudged clear of the others, and the
rings shrink until every box fits the width (:func:`layout_radar`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from assessment.charts_core.svg import (
    GRID,
    INK,
    MUTED,
    document,
    esc,
    fit_sizes,
    gettext_noop,
    linked,
    merged_labels,
    num,
    safe_href,
    tag,
    text,
    text_extent,
    text_width,
    title,
)

VALUE_COLOUR = "#0072B2"
TARGET_COLOUR = "#D55E00"
#: The target outline's dash pattern (the dashboard's HTML legend draws the same).
TARGET_DASH = "6 4"
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


#: The drawing's width is ``2 × (radius × 1.12 + LABEL_ROOM)`` for the largest radius asked
#: for (``size`` and ``margin``): 502 by default, so that on the dashboard, where it fills a
#: card about 510 px wide, a 13-unit label is 13 px on screen.
LABEL_ROOM = 94
#: Step names (bold): the second size before a long name is broken or, at last, cut.
LABEL_SIZES = (13, 12)
VALUE_SIZE = 12.5
TICK_SIZE = 10
LEGEND_SIZE = 13
#: Room between the lowest label and the key.
LEGEND_GAP = 10
#: Line pitch of a label in em, room between the outer ring and a label, least room between
#: two labels, margin around the drawing, smallest radius the rings shrink to.
LINE = 1.3
GAP = 9
SEP = 4
PAD = 6
MIN_RADIUS = 48
#: A name wraps at this share of the drawing's width (two lines at most).
NAME_SHARE = 0.3


@dataclass(slots=True)
class LabelBox:
    """One axis' label: its lines (text, size, bold), their baselines from the box's top,
    the anchor and the box (x0, y0)–(x1, y1) in the drawing's coordinates."""

    lines: list[tuple[str, float, bool]]
    baselines: list[float]
    anchor: str
    width: float
    height: float
    cos: float
    sin: float
    x0: float = 0.0
    y0: float = 0.0

    @property
    def x1(self) -> float:
        return self.x0 + self.width

    @property
    def y1(self) -> float:
        return self.y0 + self.height

    @property
    def x(self) -> float:
        """Where the lines are anchored."""
        return {"start": self.x0, "end": self.x1}.get(self.anchor, self.x0 + self.width / 2)

    def box(self) -> tuple[float, float, float, float]:
        return self.x0, self.y0, self.x1, self.y1

    def shift(self, dx: float, dy: float) -> None:
        self.x0 += dx
        self.y0 += dy


@dataclass(slots=True)
class RadarLayout:
    width: float
    height: float
    cx: float
    cy: float
    radius: float
    labels: list[LabelBox] = field(default_factory=list)


def anchor_for(angle: float) -> str:
    """Text anchor of a label outside the ring at ``angle`` (radians, screen coordinates,
    0 = right, clockwise): centred near the top and bottom, else starting at the ring and
    running away from it (``start`` on the right, ``end`` on the left). Anchors are physical
    (the drawing is ``direction="ltr"``), so a mirrored, right-to-left chart gets them right."""
    cos = math.cos(angle)
    if abs(cos) < 0.35:
        return "middle"
    return "start" if cos > 0 else "end"


def _label_box(name: str, shown: str, angle: float, wrap: float) -> LabelBox:
    lines, size = fit_sizes(name, (wrap, wrap), LABEL_SIZES, bold=True)
    rows = [(line, size, True) for line in lines] + [(shown, VALUE_SIZE, False)]
    baselines, top, bottom = [], math.inf, -math.inf
    baseline = 0.0
    for n, (line, size_, _bold) in enumerate(rows):
        if n:
            baseline += LINE * size_
        ascent, descent = text_extent(line, size_)
        top, bottom = min(top, baseline - ascent), max(bottom, baseline + descent)
        baselines.append(baseline)
    width = max(text_width(line, s, bold=b) for line, s, b in rows)
    return LabelBox(
        lines=rows,
        baselines=[b - top for b in baselines],
        anchor=anchor_for(angle),
        width=width,
        height=bottom - top,
        cos=math.cos(angle),
        sin=math.sin(angle),
    )


def _distance(box: LabelBox) -> float:
    """Distance from the centre (0, 0) to the nearest point of the box."""
    nx = min(max(0.0, box.x0), box.x1)
    ny = min(max(0.0, box.y0), box.y1)
    return math.hypot(nx, ny)


def _clear_ring(box: LabelBox, radius: float) -> bool:
    """Move the box out along its axis until it is ``GAP`` clear of the outer ring (and so of
    every ring, spoke, point and outline). Returns whether it moved."""
    least = radius + GAP
    if _distance(box) >= least:
        return False
    x0, y0 = box.x0, box.y0
    low, high = 0.0, 2 * least + box.width + box.height
    for _ in range(40):
        mid = (low + high) / 2
        box.x0, box.y0 = x0 + box.cos * mid, y0 + box.sin * mid
        if _distance(box) >= least:
            high = mid
        else:
            low = mid
    box.x0, box.y0 = x0 + box.cos * high, y0 + box.sin * high
    return True


def overlap(a: tuple[float, ...], b: tuple[float, ...], gap: float = 0.0) -> bool:
    """Whether boxes (x0, y0, x1, y1) come closer than ``gap``."""
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def _place(boxes: list[LabelBox], radius: float) -> bool:
    """Set the boxes outside the ring of ``radius`` (centre at 0, 0), then push overlapping
    pairs apart (along whichever axis needs the shorter move) and back out of the ring,
    until nothing moves. Returns whether the boxes ended clear of each other."""
    for box in boxes:
        px, py = (radius + GAP) * box.cos, (radius + GAP) * box.sin
        box.x0 = {"start": px, "end": px - box.width}.get(box.anchor, px - box.width / 2)
        # beside the ring on the sides, above it at the top and below it at the bottom
        box.y0 = py + (box.sin - 1) * box.height / 2
        _clear_ring(box, radius)
    for _ in range(150):
        moved = False
        for a, b in itertools.combinations(boxes, 2):
            if not overlap(a.box(), b.box(), SEP):
                continue
            moved = True
            ox = min(a.x1, b.x1) - max(a.x0, b.x0) + SEP
            oy = min(a.y1, b.y1) - max(a.y0, b.y0) + SEP
            if oy <= ox:
                first, second = sorted((a, b), key=lambda k: k.y0 + k.height / 2)
                first.shift(0, -oy / 2 - 0.5)
                second.shift(0, oy / 2 + 0.5)
            else:
                first, second = sorted((a, b), key=lambda k: k.x0 + k.width / 2)
                first.shift(-ox / 2 - 0.5, 0)
                second.shift(ox / 2 + 0.5, 0)
        for box in boxes:
            moved = _clear_ring(box, radius) or moved
        if not moved:
            return True
    return not any(overlap(a.box(), b.box()) for a, b in itertools.combinations(boxes, 2))


def _angle(i: int, n: int, rtl: bool) -> float:
    """Axis ``i`` of ``n``: the first at the top, then clockwise (counter-clockwise when
    ``rtl``)."""
    return -math.pi / 2 + (-1 if rtl else 1) * 2 * math.pi * i / n


def _shown(axis: RadarAxis, words: Mapping[str, str]) -> str:
    shown = words["not_available"] if axis.value is None else _whole(axis.value)
    return shown + ("" if axis.target is None else f" / {_whole(axis.target)}")


def layout_radar(
    items: Sequence[RadarAxis],
    *,
    width: float,
    radius: float,
    rtl: bool = False,
    words: Mapping[str, str] = LABELS,
) -> RadarLayout:
    """Where the rings and the labels go in a drawing ``width`` wide: the largest radius up
    to ``radius`` at which every label sits outside the outer ring, clear of the others and
    inside the width. If none does (very many long names), the smallest, and the drawing
    widens to hold them. The height follows from the labels."""
    n = len(items)
    wrap = width * NAME_SHARE
    boxes = [
        _label_box(" ".join(str(a.label).split()), _shown(a, words), _angle(i, n, rtl), wrap)
        for i, a in enumerate(items)
    ]
    r = max(radius, MIN_RADIUS)
    while True:
        clear = _place(boxes, r)
        left = min(-r, *(b.x0 for b in boxes))
        right = max(r, *(b.x1 for b in boxes))
        if (clear and right - left <= width - 2 * PAD) or r <= MIN_RADIUS:
            break
        r = max(MIN_RADIUS, r - 2)
    top = min(-r, *(b.y0 for b in boxes))
    bottom = max(r, *(b.y1 for b in boxes))
    width = max(width, right - left + 2 * PAD)
    cx = (width - (right - left)) / 2 - left
    cy = PAD - top
    for box in boxes:
        box.shift(cx, cy)
    return RadarLayout(width, bottom - top + 2 * PAD, cx, cy, r, boxes)


def _legend(width: float, y: float, words: Mapping[str, str], with_target: bool, rtl: bool) -> str:
    """Score and target swatches in the chart's own colours, centred under the chart (each
    swatch before its word in reading order). ``y`` is the words' baseline."""
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
                    stroke_dasharray=TARGET_DASH,
                ),
                words["target"],
            )
        )
    widths = [30 + text_width(label, LEGEND_SIZE) for _swatch, label in items]
    x = (width - sum(widths) - 24 * (len(items) - 1)) / 2
    parts = []
    if rtl:
        items, widths = items[::-1], widths[::-1]
    for (swatch, label), w in zip(items, widths, strict=True):
        swatch_x, label_x = (x + w - 22, x + w - 30) if rtl else (x, x + 30)
        parts.append(
            tag("g", swatch, transform=f"translate({num(swatch_x)} {num(y)})")
            + text(
                label,
                x=label_x,
                y=y,
                font_size=LEGEND_SIZE,
                fill=INK,
                text_anchor="end" if rtl else None,
            )
        )
        x += w + 24
    return tag("g", "".join(parts), class_="legend")


def _hover(axis: RadarAxis, words: Mapping[str, str]) -> str:
    """ "Gaps: Score 25, Target 60": the point's tooltip and the step link's accessible name."""
    hover = f"{axis.label}: {words['score']} "
    hover += words["not_available"] if axis.value is None else _whole(axis.value)
    if axis.target is not None:
        hover += f", {words['target']} {_whole(axis.target)}"
    return hover


def radar_chart(
    axes: Sequence[RadarAxis | tuple],
    *,
    size: int = 400,
    rtl: bool = False,
    labels: Mapping[str, str] | None = None,
    legend: bool = False,
    margin: float = 60,
) -> str:
    """SVG radar. ``axes``: :class:`RadarAxis` or ``(label, value, target)`` tuples, first
    axis at the top, then clockwise (counter-clockwise when ``rtl``). The outer ring's
    radius is at most ``size / 2 - margin``; the drawing is ``2 × (radius × 1.12 +
    LABEL_ROOM)`` wide and as tall as its labels need (see :func:`layout_radar`). ``legend``
    adds a key of the score and target colours under the chart."""
    words = merged_labels(LABELS, labels)
    items = [a if isinstance(a, RadarAxis) else RadarAxis(*a) for a in axes]
    if not items:
        raise ValueError("a radar chart needs at least one axis")
    most = (size - 2 * margin) / 2
    layout = layout_radar(
        items, width=round(2 * (most * 1.12 + LABEL_ROOM)), radius=most, rtl=rtl, words=words
    )
    width, cx, cy, radius = layout.width, layout.cx, layout.cy, layout.radius
    n = len(items)

    def point(i: int, v: float) -> tuple[float, float]:
        angle = _angle(i, n, rtl)
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
    grid = [closed([point(i, ring) for i in range(n)]) for ring in RINGS]
    grid += [
        f"M{num(cx)} {num(cy)}L{num(x)} {num(y)}" for x, y in (point(i, 100) for i in range(n))
    ]
    body = [
        tag("path", d="".join(grid), fill="none", stroke=GRID, stroke_width=0.8, class_="rings")
    ]
    for ring in RINGS:  # beside the first spoke, on the side the chart turns away from
        x, y = point(0, ring)
        body.append(
            text(
                str(ring),
                x=x - 3 if rtl else x + 3,
                y=y + TICK_SIZE + 1,
                font_size=TICK_SIZE,
                fill=MUTED,
                text_anchor="end" if rtl else None,
                class_="tick",
            )
        )
    for i, (axis, box) in enumerate(zip(items, layout.labels, strict=True)):
        rows = [
            text(
                line,
                x=box.x,
                y=box.y0 + baseline,
                text_anchor=box.anchor,
                font_size=size_,
                font_weight=600 if bold else None,
                fill=INK if bold else MUTED,
            )
            for (line, size_, bold), baseline in zip(box.lines, box.baselines, strict=True)
        ]
        # A link's name is what it shows ("Gaps 25 / 60"); its description says it in words.
        hint = f"radar-step-{i + 1}" if safe_href(axis.href) else None
        body.append(
            linked(
                axis.href,
                (f'<desc id="{hint}">{esc(_hover(axis, words))}</desc>' if hint else "")
                + "".join(rows),
                class_="axis-label",
                aria_describedby=hint,
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
                stroke_dasharray=TARGET_DASH,
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
        body.append(
            tag(
                "circle",
                title(_hover(axis, words)),
                cx=x,
                cy=y,
                r=4,
                fill="#fff" if missing else VALUE_COLOUR,
                stroke=VALUE_COLOUR,
                stroke_width=1.5,
                class_="score-point",
            )
        )
    height = layout.height
    if legend:
        ascent, descent = max(
            text_extent(words["score"], LEGEND_SIZE), text_extent(words["target"], LEGEND_SIZE)
        )
        baseline = height + LEGEND_GAP + ascent
        body.append(_legend(width, baseline, words, any(t is not None for t in targets), rtl))
        height = baseline + descent + PAD
    return document(width, height, words["title"], words["description"], body, css_class="radar")
