"""The stack map: every tool as a tile in its category group's band.

Bands (not columns) keep the map printable on A4 however unevenly tools spread across
groups. A tile shows the lifecycle decision (colour and letter, with a legend) and seat
utilisation (a bar, red and marked "▼ under-used" below the organisation's under-used
threshold, red, full and marked "▲ over capacity" above 100%; unknown says "n/a"), the
same rules as the tool list. A name too long for one line wraps onto two (the second under
the badge) at the largest of ``NAME_SIZES`` that holds it; only a name too long even for
that is cut with an ellipsis (and clipped to the tile); the tile's hover title keeps it
whole. The lifecycle letters are translated (``pgettext`` context "lifecycle letter").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assessment.charts_core.svg import (
    ALERT,
    GRID,
    INK,
    LIFECYCLE_STYLE,
    MUTED,
    document,
    fit,
    fit_lines,
    gettext_noop,
    linked,
    merged_labels,
    pairs,
    pgettext,
    tag,
    text,
    text_width,
    title,
)
from assessment.results_core.scoring import display


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
    "under_used": gettext_noop("under-used"),
    "legend_under_used": gettext_noop("Under-used: below %(percent)s of seats active"),
    "legend_over_capacity": gettext_noop("Over capacity: more active users than seats"),
    "legend_unknown": gettext_noop("Utilisation unknown (no seat count)"),
    "not_available": gettext_noop("n/a"),
    "other_group": gettext_noop("Uncategorised"),
    "empty_group": gettext_noop("No tools"),
    # Translators: one-letter abbreviation of the lifecycle decision "Invest", printed in a
    # small circle on each tool of the stack map and explained in its legend.
    "letter_invest": pgettext("lifecycle letter", "I"),
    # Translators: one-letter abbreviation of the lifecycle decision "Tolerate", printed in a
    # small circle on each tool of the stack map and explained in its legend.
    "letter_tolerate": pgettext("lifecycle letter", "T"),
    # Translators: one-letter abbreviation of the lifecycle decision "Migrate", printed in a
    # small circle on each tool of the stack map and explained in its legend.
    "letter_migrate": pgettext("lifecycle letter", "M"),
    # Translators: one-letter abbreviation of the lifecycle decision "Eliminate", printed in
    # a small circle on each tool of the stack map and explained in its legend.
    "letter_eliminate": pgettext("lifecycle letter", "E"),
}

WIDTH = 960
PAD = 16
TILE_W, TILE_H, GAP = 140, 62, 8
BAND_HEAD = 30
LEGEND_H = 66
LEGEND_ROW, LEGEND_GAP = 20, 28  # a wrapped row of the legend; space between its entries
TEXT_START, TEXT_END = 26, 7  # the name runs from the badge to the tile's edge
NAME_SIZE, SUBTITLE_SIZE = 11.5, 9
#: Name sizes tried in turn: one line, then two (the second under the badge, the whole tile
#: wide); only a name too long for two lines at the smallest size is cut.
NAME_SIZES = (11.5, 10.5, 9.5)
NAME_ROOM = TILE_W - TEXT_START - TEXT_END
NAME_ROOM_2 = TILE_W - 2 * TEXT_END
#: The findings' default (assessment.results_core.facts.Thresholds.underused_utilisation).
DEFAULT_UNDERUSED = 0.30


def _lifecycle_key(value: str | None) -> str | None:
    return value if value in LIFECYCLE_STYLE else None


def _percent_text(value: float) -> str:
    """Rounded half up, as every table of the app and the report rounds (Python's round()
    would print 12% here for a tool the tables show at 13%)."""
    return f"{display(value * 100)}%"


def _state(value: float | None, underused: float | None) -> str:
    """ "unknown", "over-capacity", "under-used" or "utilisation" (the CSS class too)."""
    if value is None:
        return "unknown"
    if value > 1:
        return "over-capacity"
    if underused is not None and value < underused:
        return "under-used"
    return "utilisation"


def lifecycle_letter(key: str | None, labels: Mapping[str, str]) -> str:
    """The one-letter code of a lifecycle decision in the chart's language ("?" evaluating,
    "–" no decision)."""
    key = _lifecycle_key(key)
    return labels.get(f"letter_{key}", LIFECYCLE_STYLE[key][1])


def name_lines(name: str, *, subtitle: bool = False) -> tuple[list[str], float]:
    """A tool's name as its tile shows it: (lines, font size). One line at the full size if it
    fits, else two (one beside a subtitle) at the largest size that holds the whole name; a
    name too long even for that is cut with an ellipsis (the tile's title keeps it)."""
    widths = (NAME_ROOM,) if subtitle else (NAME_ROOM, NAME_ROOM_2)
    for size in NAME_SIZES:
        lines, cut = fit_lines(name, widths, size, bold=True)
        if not cut:
            return lines, size
    return lines, size


def _tile(
    tool: ToolNode,
    x: float,
    y: float,
    index: int,
    rtl: bool,
    labels: Mapping[str, str],
    underused: float | None,
) -> str:
    colour, _letter = LIFECYCLE_STYLE[_lifecycle_key(tool.lifecycle)]
    letter = lifecycle_letter(tool.lifecycle, labels)
    decision = labels.get(tool.lifecycle or "undecided", labels["undecided"])
    badge = x + TILE_W - 13 if rtl else x + 13
    anchor = "end" if rtl else "start"
    clip = f"stack-map-clip-{index}"
    names, size = name_lines(tool.name, subtitle=bool(tool.subtitle))
    lines = []
    for n, line in enumerate(names):
        inset = TEXT_START if n == 0 else TEXT_END  # the second line runs under the badge
        lines.append(
            text(
                line,
                x=x + TILE_W - inset if rtl else x + inset,
                y=y + 18 + 14 * n,
                text_anchor=anchor,
                font_size=size,
                font_weight=600,
                fill=INK,
            )
        )
    if tool.subtitle:
        lines.append(
            text(
                fit(tool.subtitle, NAME_ROOM, SUBTITLE_SIZE),
                x=x + TILE_W - TEXT_START if rtl else x + TEXT_START,
                y=y + 31,
                text_anchor=anchor,
                font_size=SUBTITLE_SIZE,
                fill=MUTED,
            )
        )
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
        # The estimate above keeps names inside the tile; the clip makes sure of it.
        tag(
            "clipPath",
            tag("rect", x=x + TEXT_END, y=y + 4, width=NAME_ROOM_2, height=32),
            id=clip,
        ),
        tag("g", "".join(lines), clip_path=f"url(#{clip})", class_="tool-text"),
    ]
    parts.append(_utilisation_bar(tool.utilisation, x, y, rtl, labels, underused))
    summary = (
        f"{tool.name} — {decision}; {labels['utilisation']}: {_percent(tool, labels, underused)}"
    )
    return linked(
        tool.href,
        title(summary) + "".join(parts),
        class_="tool",
        data_tool_id=tool.id,
        data_lifecycle=tool.lifecycle or "none",
        data_utilisation=_state(tool.utilisation, underused),
    )


def _percent(tool: ToolNode, labels: Mapping[str, str], underused: float | None) -> str:
    state = _state(tool.utilisation, underused)
    if state == "unknown":
        return labels["not_available"]
    value = _percent_text(tool.utilisation)
    if state == "over-capacity":
        return f"{value} ({labels['over_capacity']})"
    if state == "under-used":
        return f"{value} ({labels['under_used']})"
    return value


def _bar_track(track_x: float, track_y: float, track_w: float, *, dashed: bool = False) -> str:
    if dashed:
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
        )
    return tag("rect", x=track_x, y=track_y, width=track_w, height=5, rx=2, fill="#e4e7eb")


def _utilisation_bar(
    value: float | None,
    x: float,
    y: float,
    rtl: bool,
    labels: Mapping[str, str],
    underused: float | None,
) -> str:
    track_x, track_y, track_w = x + 12, y + TILE_H - 12, TILE_W - 24
    state = _state(value, underused)
    if state == "unknown":
        return _bar_track(track_x, track_y, track_w, dashed=True) + text(
            f"{labels['utilisation']} {labels['not_available']}",
            x=x + TILE_W / 2,
            y=track_y - 4,
            text_anchor="middle",
            font_size=9,
            fill=MUTED,
        )
    alert = state in ("over-capacity", "under-used")
    fill_w = track_w * max(0.0, min(value, 1.0))
    fill_x = track_x + track_w - fill_w if rtl else track_x
    caption = _percent_text(value)
    if state == "over-capacity":
        caption += f" ▲ {labels['over_capacity']}"
    elif state == "under-used":
        caption += f" ▼ {labels['under_used']}"
    return "".join(
        [
            _bar_track(track_x, track_y, track_w),
            tag(
                "rect",
                x=fill_x,
                y=track_y,
                width=fill_w,
                height=5,
                rx=2,
                fill=ALERT if alert else "#3e4c59",
                class_=state,
            ),
            text(
                caption,
                x=x + TILE_W / 2,
                y=track_y - 4,
                text_anchor="middle",
                font_size=9,
                fill=ALERT if alert else MUTED,
                font_weight=600 if alert else None,
            ),
        ]
    )


def _legend(rtl: bool, labels: Mapping[str, str], underused: float | None) -> tuple[str, float]:
    """The legend and its height (at least ``LEGEND_H``; more when its entries wrap)."""
    items = []
    step = (WIDTH - 2 * PAD) / len(LIFECYCLE_STYLE)
    for i, (key, (colour, _letter)) in enumerate(LIFECYCLE_STYLE.items()):
        cx = WIDTH - PAD - step * i - 12 if rtl else PAD + step * i + 12
        label = labels[key or "undecided"]
        letter = lifecycle_letter(key, labels)
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
    # Then what the utilisation bar says (same rules and words as the tool list): entries
    # flow from the start side and wrap, so a long translation never runs into the next.
    entries = [("over-capacity", 1.0, "▲", labels["legend_over_capacity"])]
    if underused is not None:
        percent = _percent_text(underused)
        entries.insert(
            0, ("under-used", 0.25, "▼", labels["legend_under_used"] % {"percent": percent})
        )
    entries.append(("unknown", 0.0, "", labels["legend_unknown"]))
    room = WIDTH - 2 * PAD - 4
    offset, y = 0.0, PAD + 36
    for state, share, mark, label in entries:
        words = f"{mark} {label}".strip()
        width = 38 + text_width(words, 11)
        if offset and offset + width > room:
            offset, y = 0.0, y + LEGEND_ROW
        bar_x = WIDTH - PAD - offset - 34 if rtl else PAD + offset + 2
        offset += width + LEGEND_GAP
        swatch = _bar_track(bar_x, y, 32, dashed=state == "unknown")
        if share:
            fill_x = bar_x + 32 * (1 - share) if rtl else bar_x
            swatch += tag("rect", x=fill_x, y=y, width=32 * share, height=5, rx=2, fill=ALERT)
        items.append(
            tag(
                "g",
                swatch
                + text(
                    fit(words, room - 38, 11),
                    x=bar_x - 6 if rtl else bar_x + 38,
                    y=y + 5,
                    font_size=11,
                    fill=ALERT if mark else INK,
                    text_anchor="end" if rtl else "start",
                ),
                class_=f"legend-item legend-{state}",
            )
        )
    return tag("g", "".join(items), class_="legend"), y + 30 - PAD  # one row: LEGEND_H


def stack_map(
    tools: Sequence[ToolNode],
    groups: Iterable[object],
    *,
    rtl: bool = False,
    labels: Mapping[str, str] | None = None,
    underused: float | None = DEFAULT_UNDERUSED,
) -> str:
    """SVG of tools grouped by category group, in the groups' order (tools by name).

    ``groups`` are ``(key, name)`` pairs or taxonomy ``CategoryGroup`` objects; tools in no
    known group go to a final "Uncategorised" band. ``rtl`` lays tiles right to left.
    ``underused`` is the share of seats below which a tool is marked under-used (the
    organisation's threshold; None marks nothing).
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
    legend, legend_height = _legend(rtl, words, underused)
    body, y = [legend], PAD + max(LEGEND_H, legend_height)
    index = 0
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
            tile_y = y + BAND_HEAD + row * (TILE_H + GAP)
            parts.append(_tile(tool, x, tile_y, index, rtl, words, underused))
            index += 1
        body.append(tag("g", "".join(parts), class_="group", data_group=key or "other"))
        y += height + GAP
    return document(
        WIDTH, y + PAD, words["title"], words["description"], body, css_class="stack-map", rtl=rtl
    )
