"""The radar's layout (issue 17): step labels outside the outer ring, anchored by their
axis' angle, clear of each other and of the plot, inside the viewBox; long names wrap onto
two lines; a key of the score and target lines. Boxes are read back from the SVG and
measured the way the renderer measures them (svg.text_width and the fonts' vertical
metrics, svg.text_extent)."""

import itertools
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.charts_core.radar import (
    LABEL_SIZES,
    TARGET_COLOUR,
    TARGET_DASH,
    VALUE_COLOUR,
    RadarAxis,
    anchor_for,
    radar_chart,
)
from assessment.charts_core.svg import text_extent, text_width

NS = {"s": "http://www.w3.org/2000/svg"}
S = "{http://www.w3.org/2000/svg}"
DASHBOARD = Path(__file__).resolve().parents[3] / "templates/assessment/results/dashboard.html"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def viewbox(root) -> tuple[float, float]:
    _x, _y, w, h = map(float, root.get("viewBox").split())
    return w, h


def line_box(t) -> tuple[float, float, float, float]:
    x, y, size = float(t.get("x")), float(t.get("y")), float(t.get("font-size"))
    text = t.text or ""  # a blank name is an empty line (ElementTree reads None)
    w = text_width(text, size, bold=t.get("font-weight") == "600")
    left = {"start": x, "end": x - w, "middle": x - w / 2}[t.get("text-anchor") or "start"]
    ascent, descent = text_extent(text, size)
    return left, y - ascent, left + w, y + descent


def union(boxes):
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def label_groups(root):
    return [g for g in root.iter() if g.get("class") == "axis-label"]


def label_boxes(root):
    return [union([line_box(t) for t in g.findall("s:text", NS)]) for g in label_groups(root)]


def centre_and_radius(root) -> tuple[float, float, float]:
    """From the rings' path: the spokes start at the centre, the outer ring (the fifth
    subpath) starts at the top of the first axis."""
    d = root.find(".//*[@class='rings']", NS).get("d")
    subpaths = re.findall(r"M([-\d.]+) ([-\d.]+)", d)
    cx, cy = map(float, subpaths[-1])
    ox, oy = map(float, subpaths[4])
    return cx, cy, math.hypot(ox - cx, oy - cy)


def nearest(box, cx, cy) -> float:
    nx = min(max(cx, box[0]), box[2])
    ny = min(max(cy, box[1]), box[3])
    return math.hypot(nx - cx, ny - cy)


def intersect(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def check_geometry(svg: str, n: int) -> None:
    root = parse(svg)
    width, height = viewbox(root)
    boxes = label_boxes(root)
    assert len(boxes) == n
    cx, cy, radius = centre_and_radius(root)
    for a, b in itertools.combinations(boxes, 2):
        assert not intersect(a, b), (a, b)
    for box in boxes:
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height, (
            box,
            width,
            height,
        )
        # outside the outer ring, hence clear of the rings, the score and target outlines
        assert nearest(box, cx, cy) >= radius + 4, (box, cx, cy, radius)
    legend = root.find(".//s:g[@class='legend']", NS)
    if legend is not None:
        for t in legend.findall("s:text", NS):
            assert line_box(t)[0] >= 0 and line_box(t)[2] <= width
            assert line_box(t)[3] <= height
            assert all(line_box(t)[1] >= box[3] for box in boxes)


WORDS = [
    "Current",
    "state",
    "Touchpoints",
    "Gaps",
    "Stack",
    "Architecture",
    "Situația",
    "actuală",
    "Puncte",
    "de",
    "contact",
    "Arhitectură",
    "și",
    "integrare",
    "end-to-end",
    "Digitalisierungsstrategie",
    "Kundenerlebnisse",
    "الوضع",
    "الحالي",
    "نقاط",
    "الاتصال",
    "مجموعة",
    "التقنيات",
    "معماری",
]
names = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=7).map(" ".join),
    st.text(
        alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ ", min_size=1, max_size=60
    ),
)
scores = st.one_of(st.none(), st.floats(0, 100), st.integers(0, 100))
axes = st.lists(st.tuples(names, scores, scores), min_size=3, max_size=8)


@settings(max_examples=150, deadline=None)
@given(axes=axes, rtl=st.booleans(), legend=st.booleans())
def test_labels_never_overlap_and_stay_inside_for_3_to_8_axes(axes, rtl, legend):
    check_geometry(radar_chart(axes, rtl=rtl, legend=legend), len(axes))


@settings(max_examples=40, deadline=None)
@given(axes=axes, rtl=st.booleans())
def test_the_reports_radar_keeps_the_same_rules(axes, rtl):
    """The PDF's call (assessment/report/render.py)."""
    check_geometry(radar_chart(axes, size=460, margin=62, rtl=rtl, legend=True), len(axes))


LONG = [
    ("1 · Situația actuală a experienței digitale", 52, 70),
    ("2 · Puncte de contact digitale ale brandului", 55, 70),
    ("3 · Lacunele experienței digitale", 61, 70),
    ("4 · Construirea stackului martech", 39, 70),
    ("5 · Arhitectură și integrare end-to-end", 58, 70),
    ("6 · Operațiuni de marketing și guvernanța datelor", 58, 70),
    ("7 · Măsurarea și optimizarea continuă", 58, 70),
    ("8 · Personalizare în timp real", 58, 70),
]


@pytest.mark.parametrize("n", range(3, 9))
@pytest.mark.parametrize("rtl", [False, True])
def test_long_names_for_3_to_8_axes(n, rtl):
    check_geometry(radar_chart(LONG[:n], rtl=rtl, legend=True), n)


def test_long_names_wrap_onto_two_lines_not_cut():
    root = parse(radar_chart(LONG[:5], legend=True))
    for g in label_groups(root):
        names = [t for t in g.findall("s:text", NS) if t.get("font-weight") == "600"]
        assert 1 <= len(names) <= 2
        assert not any("…" in t.text for t in names)
        assert {float(t.get("font-size")) for t in names} <= set(LABEL_SIZES)
    two = [g for g in label_groups(root) if len(g.findall("s:text", NS)) == 3]
    assert two, "the long names take two lines"
    joined = " ".join(t.text for t in root.iter(f"{S}text"))
    assert "Arhitectură și integrare end-to-end" in joined or "integrare end-to-end" in joined


def test_dashboard_labels_read_at_least_12_px_in_a_card_500_px_wide():
    """The dashboard's call (defaults): scaled to its card, about 510 px at 1366 px."""
    root = parse(
        radar_chart(
            [
                ("Current state", 52, 70),
                ("Touchpoints", 57, 75),
                ("Gaps", 25, 60),
                ("Stack", 61, 70),
                ("Architecture", 47, 65),
            ]
        )
    )
    width, _height = viewbox(root)
    scale = 500 / width
    for g in label_groups(root):
        for t in g.findall("s:text", NS):
            assert float(t.get("font-size")) * scale >= 12, (t.text, width)
    # the plot takes most of the drawing
    _cx, _cy, radius = centre_and_radius(root)
    assert 2 * radius >= 0.5 * width


@pytest.mark.parametrize(
    ("degrees", "anchor"),
    [
        (-90, "middle"),
        (90, "middle"),
        (-70, "middle"),
        (0, "start"),
        (-18, "start"),
        (54, "start"),
        (126, "end"),
        (180, "end"),
        (198, "end"),
        (-135, "end"),
    ],
)
def test_anchor_by_angle(degrees, anchor):
    assert anchor_for(math.radians(degrees)) == anchor


@pytest.mark.parametrize("rtl", [False, True])
def test_anchors_put_every_label_outside_on_its_own_side(rtl):
    """Top and bottom centred; the others start on the right and end on the left, also when
    the chart is mirrored for right-to-left (axis 2 then on the left)."""
    root = parse(radar_chart([(f"Step {i}", 50, 60) for i in range(4)], rtl=rtl))
    cx, _cy, _r = centre_and_radius(root)
    anchors = [g.find("s:text", NS).get("text-anchor") for g in label_groups(root)]
    assert anchors == (
        ["middle", "end", "middle", "start"] if rtl else ["middle", "start", "middle", "end"]
    )
    for n in range(3, 9):
        root = parse(radar_chart([(f"Step {i}", 50, 60) for i in range(n)], rtl=rtl))
        cx, _cy, _r = centre_and_radius(root)
        for box, g in zip(label_boxes(root), label_groups(root), strict=True):
            anchor = g.find("s:text", NS).get("text-anchor")
            if anchor == "start":
                assert box[0] > cx
            elif anchor == "end":
                assert box[2] < cx
            else:
                assert box[0] < cx < box[2]


def test_legend_is_translated_and_reads_in_order():
    words = {"score": "الدرجة", "target": "الهدف"}
    axes = [("A", 10, 50), ("B", 20, 60), ("C", 30, 70)]
    for rtl in (False, True):
        root = parse(radar_chart(axes, labels=words, legend=True, rtl=rtl))
        legend = root.find(".//s:g[@class='legend']", NS)
        texts = {t.text: line_box(t) for t in legend.findall("s:text", NS)}
        assert set(texts) == {"الدرجة", "الهدف"}
        # the score first in reading order: left of the target, or right of it in RTL
        assert (texts["الدرجة"][0] > texts["الهدف"][0]) is rtl
        swatches = legend.findall("s:g", NS)
        dashed = [e for e in legend.iter() if e.get("stroke-dasharray")]
        assert len(swatches) == 2 and dashed[0].get("stroke-dasharray") == TARGET_DASH
        target = root.find(".//*[@class='target']", NS)
        assert target.get("stroke-dasharray") == TARGET_DASH
        assert target.get("stroke") == TARGET_COLOUR
    # without targets, no target in the key
    root = parse(radar_chart([("A", 10, None)] * 3, legend=True))
    legend = root.find(".//s:g[@class='legend']", NS)
    assert [t.text for t in legend.findall("s:text", NS)] == ["Score"]


def test_the_dashboards_html_legend_matches_the_chart():
    """The dashboard draws its key in HTML beside the SVG: same colours, same dash."""
    html = DASHBOARD.read_text()
    legend = html[html.index('data-testid="radar-legend"') :]
    legend = legend[: legend.index("</ul>")]
    assert f'stroke-dasharray="{TARGET_DASH}"' in legend
    assert f'stroke="{TARGET_COLOUR}"' in legend and f'fill="{VALUE_COLOUR}"' in legend
    assert '{% translate "Score" %}' in legend and '{% translate "Target" %}' in legend


def test_step_links_are_described_with_score_and_target():
    """Each step's link is named by what it shows ("Gaps 25 / 60") and described in words
    ("Gaps: Score 25, Target 60")."""
    root = parse(
        radar_chart(
            [
                RadarAxis("Gaps", 25, 60, "/x/"),
                RadarAxis("Stack", None, 70, "/y/"),
                RadarAxis("Touchpoints", 40, None),
            ],
            labels={"score": "Scor", "target": "Țintă", "not_available": "n/d"},
        )
    )
    links = root.findall(".//s:a", NS)
    assert [a.get("aria-describedby") for a in links] == ["radar-step-1", "radar-step-2"]
    assert [a.find("s:desc", NS).get("id") for a in links] == ["radar-step-1", "radar-step-2"]
    assert [a.find("s:desc", NS).text for a in links] == [
        "Gaps: Scor 25, Țintă 60",
        "Stack: Scor n/d, Țintă 70",
    ]
    assert [" ".join(t.text for t in a.findall("s:text", NS)) for a in links] == [
        "Gaps 25 / 60",
        "Stack n/d / 70",
    ]
    assert all(a.get("aria-label") is None for a in root.iter())
