"""The touchpoint matrix: journey stage × channel.

:func:`touchpoint_grid` is the plain data (for an HTML table and for scoring);
:func:`touchpoint_matrix` draws it. A stage with no touchpoint at all, or none on a digital
channel, is marked on its whole column — these are findings the assessment raises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import mean
from urllib.parse import quote

from assessment.charts_core.svg import (
    ALERT,
    GRID,
    INK,
    MUTED,
    document,
    fit_sizes,
    gettext_noop,
    linked,
    merged_labels,
    num,
    pairs,
    tag,
    text,
    text_width,
    title,
)

#: Personalisation levels from least to most personal (taxonomy keys).
PERSONALISATION_ORDER = ("none", "rule_based", "individual")
PERSONALISATION_MARK = {"none": "○", "rule_based": "◐", "individual": "●"}


@dataclass(frozen=True, slots=True)
class TouchpointItem:
    id: str | int
    name: str
    stage: str
    channel: str
    personalisation: str | None = None
    ease: float | None = None


@dataclass(frozen=True, slots=True)
class ChannelInfo:
    key: str
    name: str
    digital: bool = True


@dataclass(frozen=True, slots=True)
class MatrixCell:
    stage: str
    channel: str
    count: int
    personalisation: tuple[tuple[str, int], ...]
    top_personalisation: str | None
    mean_ease: float | None
    touchpoint_ids: tuple[str | int, ...]
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StageSummary:
    key: str
    name: str
    count: int
    digital_count: int

    @property
    def empty(self) -> bool:
        return self.count == 0

    @property
    def no_digital(self) -> bool:
        """Has touchpoints, but none on a digital channel."""
        return self.count > 0 and self.digital_count == 0


@dataclass(frozen=True, slots=True)
class MatrixGrid:
    stages: tuple[StageSummary, ...]
    channels: tuple[ChannelInfo, ...]
    cells: Mapping[tuple[str, str], MatrixCell]
    unplaced: tuple[str | int, ...] = ()  # touchpoints with an unknown stage or channel

    def cell(self, stage: str, channel: str) -> MatrixCell:
        return self.cells[(stage, channel)]

    def rows(self) -> list[tuple[ChannelInfo, list[MatrixCell]]]:
        """One row per channel, cells in stage order: what an HTML table iterates."""
        return [(c, [self.cells[(s.key, c.key)] for s in self.stages]) for c in self.channels]


def _channels(channels: Iterable[object]) -> tuple[ChannelInfo, ...]:
    out = []
    for item in channels:
        if isinstance(item, ChannelInfo):
            out.append(item)
        elif isinstance(item, tuple | list):
            out.append(
                ChannelInfo(str(item[0]), str(item[1]), bool(item[2]) if len(item) > 2 else True)
            )
        else:
            out.append(ChannelInfo(item.key, item.name, bool(getattr(item, "digital", True))))
    return tuple(out)


def touchpoint_grid(
    stages: Iterable[object], channels: Iterable[object], touchpoints: Sequence[TouchpointItem]
) -> MatrixGrid:
    """Aggregate touchpoints per (stage, channel): count, personalisation mix, mean ease."""
    stage_list = pairs(stages)
    channel_list = _channels(channels)
    stage_keys = {k for k, _ in stage_list}
    digital = {c.key: c.digital for c in channel_list}
    buckets: dict[tuple[str, str], list[TouchpointItem]] = {
        (s, c.key): [] for s, _ in stage_list for c in channel_list
    }
    unplaced = []
    for tp in sorted(touchpoints, key=lambda t: (t.name.casefold(), str(t.id))):
        if tp.stage in stage_keys and tp.channel in digital:
            buckets[(tp.stage, tp.channel)].append(tp)
        else:
            unplaced.append(tp.id)
    cells = {}
    for (stage, channel), items in buckets.items():
        mix = {level: 0 for level in PERSONALISATION_ORDER}
        for tp in items:
            if tp.personalisation in mix:
                mix[tp.personalisation] += 1
        present = [lvl for lvl in PERSONALISATION_ORDER if mix[lvl]]
        eases = [float(tp.ease) for tp in items if tp.ease is not None]
        cells[(stage, channel)] = MatrixCell(
            stage=stage,
            channel=channel,
            count=len(items),
            personalisation=tuple(mix.items()),
            top_personalisation=present[-1] if present else None,
            mean_ease=round(mean(eases), 2) if eases else None,
            touchpoint_ids=tuple(tp.id for tp in items),
            names=tuple(tp.name for tp in items),
        )
    summaries = tuple(
        StageSummary(
            key,
            name,
            sum(cells[(key, c.key)].count for c in channel_list),
            sum(cells[(key, c.key)].count for c in channel_list if c.digital),
        )
        for key, name in stage_list
    )
    return MatrixGrid(summaries, channel_list, cells, tuple(unplaced))


LABELS = {
    "title": gettext_noop("Touchpoint matrix"),
    "description": gettext_noop(
        "Touchpoints per journey stage and channel, with personalisation and ease."
    ),
    "no_touchpoints": gettext_noop("No touchpoints"),
    "no_digital": gettext_noop("No digital touchpoint"),
    "ease": gettext_noop("ease"),
    "touchpoints": gettext_noop("touchpoints"),
    "none": gettext_noop("not personalised"),
    "rule_based": gettext_noop("rule-based"),
    "individual": gettext_noop("individual"),
    "digital": gettext_noop("digital"),
    "not_digital": gettext_noop("· = not a digital channel"),
}

PAD, LABEL_W, COL_W, ROW_H = 12, 120, 100, 44
#: Font sizes (px). The report prints the matrix across the A4 text width (178 mm); with six
#: stages the viewBox is 744 px wide, so 1 px prints as 0.68 pt and the smallest text here
#: (``SMALL``) as 7.1 pt (tests/unit/charts_core: ``test_matrix_text_prints_at_7pt_or_more``).
STAGE_SIZES, CHANNEL_SIZE, COUNT_SIZE, SMALL = (12, 11, 10.5), 11, 14, 10.5
LINE = 14  # baseline to baseline of two wrapped lines
CELL_INSET = 4  # the cell's box inside its grid lines
CELL_PAD = 6  # text inside the box
HEAD_H = PAD + 2 * LINE + 2 * 13 + 6  # two lines of stage name, two of count or mark


def _cell_href(template: str | Callable[[str, str], str] | None, stage: str, channel: str):
    if template is None:
        return None
    if callable(template):
        return template(stage, channel)
    return template.format(stage=quote(stage, safe=""), channel=quote(channel, safe=""))


def touchpoint_matrix(
    stages: Iterable[object],
    channels: Iterable[object],
    touchpoints: Sequence[TouchpointItem],
    *,
    cell_href: str | Callable[[str, str], str] | None = None,
    rtl: bool = False,
    labels: Mapping[str, str] | None = None,
) -> str:
    """SVG matrix. ``cell_href``: a template such as ``"/touchpoints/?stage={stage}&
    channel={channel}"`` (keys are URL-quoted) or a function of (stage, channel)."""
    grid = touchpoint_grid(stages, channels, touchpoints)
    words = merged_labels(LABELS, labels)
    width = 2 * PAD + LABEL_W + COL_W * len(grid.stages)
    height = 2 * PAD + HEAD_H + ROW_H * len(grid.channels) + 26
    top = PAD + HEAD_H
    peak = max((c.count for c in grid.cells.values()), default=0) or 1

    def col_x(i: int) -> float:
        offset = PAD + LABEL_W + i * COL_W
        return width - offset - COL_W if rtl else offset

    defs = tag(
        "pattern",
        tag("rect", width=4, height=8, fill="#fbd5d5"),
        id="tp-hatch",
        patternUnits="userSpaceOnUse",
        width=8,
        height=8,
        patternTransform="rotate(45)",
    )
    body = []
    centre_room = COL_W - 2 * CELL_INSET
    for i, stage in enumerate(grid.stages):
        x = col_x(i)
        mark = None
        if stage.empty:
            mark = ("url(#tp-hatch)", ALERT, words["no_touchpoints"], "stage-empty")
        elif stage.no_digital:
            mark = ("#fff4d6", "#b26a00", words["no_digital"], "stage-no-digital")
        parts = []
        if mark:
            parts.append(
                tag(
                    "rect",
                    x=x + 2,
                    y=PAD,
                    width=COL_W - 4,
                    height=HEAD_H + ROW_H * len(grid.channels),
                    rx=6,
                    fill=mark[0],
                )
            )
        names, size = fit_sizes(stage.name, (centre_room, centre_room), STAGE_SIZES, bold=True)
        for line_no, line in enumerate(names):
            parts.append(
                text(
                    line,
                    x=x + COL_W / 2,
                    y=PAD + 14 + LINE * line_no,
                    text_anchor="middle",
                    font_size=size,
                    font_weight=700,
                    fill=INK,
                )
            )
        status = mark[2] if mark else f"{stage.count} {words['touchpoints']}"
        lines, _size = fit_sizes(status, (centre_room, centre_room), (SMALL,), bold=bool(mark))
        for line_no, line in enumerate(lines):
            parts.append(
                text(
                    line,
                    x=x + COL_W / 2,
                    y=PAD + 14 + 2 * LINE + 4 + 13 * line_no,
                    text_anchor="middle",
                    font_size=SMALL,
                    font_weight=700 if mark else None,
                    fill=mark[1] if mark else MUTED,
                )
            )
        summary = f"{stage.name}: {stage.count} {words['touchpoints']}"
        summary += f", {stage.digital_count} {words['digital']}"
        body.append(
            tag(
                "g",
                title(summary) + "".join(parts),
                class_="stage" + (f" {mark[3]}" if mark else ""),
                data_stage=stage.key,
            )
        )
    rules: list[str] = []
    empty: list[str] = []
    for r, (channel, cells) in enumerate(grid.rows()):
        y = top + r * ROW_H
        label_x = width - PAD - 4 if rtl else PAD + 4
        name = channel.name + ("" if channel.digital else " ·")
        lines, size = fit_sizes(name, (LABEL_W - 8, LABEL_W - 8), (CHANNEL_SIZE, SMALL))
        first = y + ROW_H / 2 + 4 - (LINE / 2 if len(lines) > 1 else 0)
        for line_no, line in enumerate(lines):
            body.append(
                text(
                    line,
                    x=label_x,
                    y=first + LINE * line_no,
                    text_anchor="end" if rtl else "start",
                    font_size=size,
                    fill=INK if channel.digital else MUTED,
                )
            )
        rules.append(f"M{num(PAD)} {num(y)}H{num(width - PAD)}")
        for i, cell in enumerate(cells):
            if cell.count == 0:
                empty.append(_box_path(col_x(i), y))
                continue
            href = _cell_href(cell_href, cell.stage, cell.channel)
            body.append(_cell(cell, col_x(i), y, peak, words, href, rtl))
    # Grid lines and empty cells: one path each (a subpath per line or box).
    body.append(tag("path", d="".join(rules), stroke=GRID, stroke_width=0.6, class_="rules"))
    if empty:
        body.append(
            tag(
                "path",
                d="".join(empty),
                fill="none",
                stroke=GRID,
                stroke_dasharray="2 3",
                class_="cells-empty",
            )
        )
    legend_y = top + ROW_H * len(grid.channels) + 22
    # En spaces: SVG collapses runs of ordinary spaces.
    legend = "\u2002\u2002".join(
        f"{PERSONALISATION_MARK[k]} {words[k]}" for k in PERSONALISATION_ORDER
    )
    body.append(
        text(
            f"{legend}\u2002\u2002{words['not_digital']}",
            x=width / 2,
            y=legend_y,
            text_anchor="middle",
            font_size=SMALL,
            fill=MUTED,
            class_="legend",
        )
    )
    return document(
        width,
        height,
        words["title"],
        words["description"],
        body,
        css_class="touchpoint-matrix",
        rtl=rtl,
        defs=defs,
    )


def _cell_box(x: float, y: float, **style: object) -> str:
    """The rounded box of a cell, inset from its grid lines: empty or shaded alike."""
    return tag(
        "rect",
        x=x + CELL_INSET,
        y=y + CELL_INSET,
        width=COL_W - 2 * CELL_INSET,
        height=ROW_H - 2 * CELL_INSET,
        rx=5,
        **style,
    )


def cell_texts(cell: MatrixCell, words: Mapping[str, str]) -> tuple[str, str]:
    """What a filled cell prints beside its count: the personalisation mix (first line) and
    the mean ease (second line; the number alone if the word would not fit the cell)."""
    mix = " ".join(f"{PERSONALISATION_MARK[level]}{n}" for level, n in cell.personalisation if n)
    if cell.mean_ease is None:
        return mix, ""
    ease = f"{words['ease']} {num(cell.mean_ease)}"
    if text_width(ease, SMALL) > COL_W - 2 * (CELL_INSET + CELL_PAD):
        ease = num(cell.mean_ease)
    return mix, ease


def _box_path(x: float, y: float, r: float = 5) -> str:
    """The outline of :func:`_cell_box` as a subpath (rounded corners as arcs)."""
    left, top = x + CELL_INSET, y + CELL_INSET
    w, h = COL_W - 2 * CELL_INSET - 2 * r, ROW_H - 2 * CELL_INSET - 2 * r
    arc = f"a{num(r)} {num(r)} 0 0 1"
    return (
        f"M{num(left + r)} {num(top)}h{num(w)}{arc} {num(r)} {num(r)}v{num(h)}"
        f"{arc} {num(-r)} {num(r)}h{num(-w)}{arc} {num(-r)} {num(-r)}v{num(-h)}"
        f"{arc} {num(r)} {num(-r)}z"
    )


def _cell(cell: MatrixCell, x: float, y: float, peak: int, words, href, rtl: bool) -> str:
    shade = 0.15 + 0.55 * cell.count / peak
    mix, ease = cell_texts(cell, words)
    ease_full = f"{words['ease']} {num(cell.mean_ease)}" if cell.mean_ease is not None else ""
    detail = " · ".join(p for p in (mix, ease_full) if p)
    suffix = f" ({detail})" if detail else ""
    names = "; ".join(cell.names[:12]) + ("; …" if len(cell.names) > 12 else "")
    # The count at the start of the first line, the mix at its end, the ease on the second.
    start = x + COL_W - CELL_INSET - CELL_PAD if rtl else x + CELL_INSET + CELL_PAD
    end = x + CELL_INSET + CELL_PAD if rtl else x + COL_W - CELL_INSET - CELL_PAD
    first, second = y + CELL_INSET + 16, y + CELL_INSET + 31
    inner = [
        title(f"{cell.count} {words['touchpoints']}: {names}{suffix}"),
        _cell_box(x, y, fill="#0072B2", fill_opacity=round(shade, 2)),
        text(
            str(cell.count),
            x=start,
            y=first,
            text_anchor="end" if rtl else "start",
            font_size=COUNT_SIZE,
            font_weight=700,
            fill=INK,
        ),
    ]
    if mix:
        inner.append(
            text(
                mix,
                x=end,
                y=first,
                text_anchor="start" if rtl else "end",
                font_size=SMALL,
                fill=INK,
            )
        )
    if ease:
        inner.append(
            text(
                ease,
                x=start,
                y=second,
                text_anchor="end" if rtl else "start",
                font_size=SMALL,
                fill=INK,
            )
        )
    return linked(
        href,
        "".join(inner),
        class_="cell",
        data_stage=cell.stage,
        data_channel=cell.channel,
        data_count=cell.count,
    )
