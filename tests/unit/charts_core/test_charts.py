import itertools
import random
import time
import xml.etree.ElementTree as ET

import pytest

from assessment.charts_core import (
    IntegrationEdge,
    RadarAxis,
    ToolNode,
    TouchpointItem,
    integration_map,
    radar_chart,
    stack_map,
    touchpoint_grid,
    touchpoint_matrix,
)
from assessment.charts_core.integration_map import layout_integration_map
from assessment.inventory_core.taxonomy import load_taxonomy

NS = {"s": "http://www.w3.org/2000/svg"}
TAXONOMY = load_taxonomy()
EVIL = '<script>alert("x")</script>&\x07'


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def no_external_references(svg: str) -> None:
    assert "<script" not in svg
    assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in svg and "javascript:" not in svg
    assert "<image" not in svg and "@import" not in svg


def big_inventory(n_tools=60, n_edges=150, seed=7):
    rnd = random.Random(seed)
    subs = TAXONOMY.subcategories
    tools = []
    for i in range(n_tools):
        sub = rnd.choice(subs)
        tools.append(
            ToolNode(i, f"Tool {i} {sub.name}", sub.group,
                     rnd.choice(["invest", "tolerate", "migrate", "eliminate", None]),
                     rnd.choice([None, 0.3, 1.4]), f"/tools/{i}/")
        )  # fmt: skip
    edges = []
    for i in range(n_edges):
        a, b = rnd.sample(range(n_tools), 2)
        edges.append(
            IntegrationEdge(i, a, b, rnd.choice(["live", "planned", "broken", "deprecated"]),
                            rnd.choice(["api", "manual", "native"]),
                            rnd.choice(["one_way", "two_way"]), f"/integrations/{i}/")
        )  # fmt: skip
    return tools, edges


# --- stack map --------------------------------------------------------------------------------


def test_stack_map_structure():
    tools = [
        ToolNode(1, "HubSpot", "social_relationships", "invest", 0.5, "/tools/1/"),
        ToolNode(2, "Mailchimp", "content_experience", "eliminate", 1.3, "/tools/2/"),
        ToolNode(3, "Sheets", None, None, None),
    ]
    svg = stack_map(tools, TAXONOMY.category_groups)
    root = parse(svg)
    groups = root.findall(".//s:g[@class='group']", NS)
    assert len(groups) == 7  # six groups plus "Uncategorised"
    tiles = root.findall(".//*[@class='tool']", NS)
    assert {t.get("data-tool-id") for t in tiles} == {"1", "2", "3"}
    links = root.findall(".//s:a", NS)
    assert sorted(a.get("href") for a in links) == ["/tools/1/", "/tools/2/"]
    assert all(a.get("data-href") == a.get("href") for a in links)
    assert len(root.findall(".//*[@class='over-capacity']", NS)) == 1
    assert "n/a" in svg and "over capacity" in svg
    assert len(root.findall(".//*[@class='legend-item']", NS)) == 6
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert any(t.startswith("HubSpot — Invest") for t in titles)
    no_external_references(svg)


def test_stack_map_escapes_user_text_and_unsafe_links():
    svg = stack_map([ToolNode(1, EVIL, "data", href="javascript:alert(1)")], [("data", EVIL)])
    root = parse(svg)
    no_external_references(svg)
    assert not root.findall(".//s:a", NS)
    texts = "".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}title"))
    assert "<script>" in texts  # shown as text, not markup


def test_stack_map_rtl_mirrors_tiles():
    tools = [ToolNode(1, "A", "data")]
    ltr = parse(stack_map(tools, [("data", "Data")]))
    rtl = parse(stack_map(tools, [("data", "Data")], rtl=True))
    x_ltr = float(ltr.find(".//*[@class='tool']/s:rect", NS).get("x"))
    x_rtl = float(rtl.find(".//*[@class='tool']/s:rect", NS).get("x"))
    assert x_ltr < 480 < x_rtl


def test_stack_map_translated_labels():
    svg = stack_map(
        [ToolNode(1, "A", "data", "invest")], [("data", "Data")], labels={"invest": "استثمار"}
    )
    assert "استثمار" in svg


@pytest.mark.parametrize("rtl", [False, True])
def test_stack_map_legend_entries_wrap_instead_of_running_into_each_other(rtl):
    """A long translation of the utilisation legend takes a row of its own (as the Arabic
    one did on the page), and the bands move down to make room."""
    long = {"legend_over_capacity": "Over capacity: " + "many more active users " * 4}
    tools = [ToolNode(1, "A", "data", "invest", 1.2)]
    short_root = parse(stack_map(tools, [("data", "Data")], rtl=rtl))
    root = parse(stack_map(tools, [("data", "Data")], rtl=rtl, labels=long))
    entries = root.findall(".//*[@class='legend']/*", NS)
    utilisation = [e for e in entries if "legend-item legend-" in e.get("class")]
    extents = sorted(
        (float(t.get("y")), *_extent(t)) for e in utilisation for t in e.findall("s:text", NS)
    )
    assert len({y for y, _a, _b in extents}) == 3  # the long entry has a row of its own
    for (y1, a1, b1), (y2, a2, b2) in itertools.pairwise(extents):
        assert y1 != y2 or b1 <= a2 or b2 <= a1  # same row: apart
    assert all(a >= 16 and b <= 944 for _y, a, b in extents)  # inside the drawing
    band = ".//*[@class='group']/s:rect"
    assert float(root.find(band, NS).get("y")) > float(short_root.find(band, NS).get("y"))


def test_charts_keep_their_own_direction_in_a_right_to_left_page():
    """Anchors are physical: the drawing must not take the page's direction."""
    for svg in (
        stack_map([ToolNode(1, "A", "data")], [("data", "Data")], rtl=True),
        integration_map([ToolNode(1, "A", "data")], [], [("data", "Data")], rtl=True),
        touchpoint_matrix([("awareness", "Awareness")], [("web", "Web", True)], [], rtl=True),
        radar_chart([RadarAxis("A", 50, 70)] * 3, rtl=True),
    ):
        assert parse(svg).get("direction") == "ltr"


def test_a_drawing_with_links_is_a_group_and_one_without_an_image():
    """An image's children are presentational: links inside one are hidden from assistive
    technology (axe: nested-interactive)."""
    linked = parse(stack_map([ToolNode(1, "A", "data", href="/tools/1/")], [("data", "Data")]))
    assert linked.get("role") == "group"
    assert linked.get("aria-labelledby") == "stack-map-title"
    assert linked.get("aria-describedby") == "stack-map-desc"
    plain = parse(stack_map([ToolNode(1, "A", "data")], [("data", "Data")]))
    assert plain.get("role") == "img"
    assert plain.get("aria-labelledby") == "stack-map-title stack-map-desc"


# --- integration map ---------------------------------------------------------------------------


def test_integration_map_structure():
    tools = [
        ToolNode("a", "HubSpot", "social_relationships"),
        ToolNode("b", "Mailchimp", "content_experience"),
        ToolNode("c", "Sheets", "management"),
    ]
    edges = [
        IntegrationEdge(1, "a", "b", "live", "native", "two_way", "/i/1/"),
        IntegrationEdge(2, "b", "a", "broken", "manual"),
        IntegrationEdge(3, "a", "zzz", "live"),  # unknown tool: left out
        IntegrationEdge(4, "a", "a", "live"),  # self-loop: left out
    ]
    svg = integration_map(tools, edges, TAXONOMY.category_groups,
                          method_names=TAXONOMY.options("integration_methods"))  # fmt: skip
    root = parse(svg)
    assert len(root.findall(".//s:g[@class='tools']/*", NS)) == 3
    paths = root.findall(".//s:g[@class='integrations']//s:path", NS)
    assert len(paths) == 2
    live, broken = sorted(paths, key=lambda p: p.get("stroke") != "#1b5e20")
    assert live.get("marker-start") and live.get("marker-end") == "url(#arrow-live-end)"
    assert broken.get("stroke") == "#c62828" and broken.get("stroke-dasharray")
    assert root.findall(".//*[@class='tool isolated']", NS)[0].get("data-tool-id") == "c"
    assert len(root.findall(".//s:marker", NS)) == 8
    assert "HubSpot ↔ Mailchimp: Live, Native connector" in svg
    no_external_references(svg)


@pytest.mark.timing
def test_integration_map_60_tools_150_edges_without_a_pathological_slowdown():
    tools, edges = big_inventory()
    start = time.perf_counter()
    integration_map(tools, edges, TAXONOMY.category_groups)
    # A guard against pathological slowdowns on a busy CI machine (it takes ~40 ms here).
    assert time.perf_counter() - start < 5.0


def test_integration_map_60_tools_150_edges_deterministic():
    tools, edges = big_inventory()
    svg = integration_map(tools, edges, TAXONOMY.category_groups)
    root = parse(svg)
    assert len(root.findall(".//s:g[@class='tools']/*", NS)) == 60
    assert len(root.findall(".//s:g[@class='integrations']//s:path", NS)) == 150
    assert integration_map(tools, edges, TAXONOMY.category_groups) == svg
    shuffled_tools, shuffled_edges = tools[:], edges[:]
    random.Random(1).shuffle(shuffled_tools)
    random.Random(2).shuffle(shuffled_edges)
    assert integration_map(shuffled_tools, shuffled_edges, TAXONOMY.category_groups) == svg


def test_integration_map_labels_do_not_crowd():
    tools, edges = big_inventory()
    layout = layout_integration_map(tools, edges, TAXONOMY.category_groups)
    points = sorted(layout.positions.values(), key=lambda p: p[2])
    gaps = [(layout.radius + 12) * abs(b[2] - a[2]) for a, b in itertools.pairwise(points)]
    assert min(gaps) >= 14  # label baselines at least one 10.5px line apart
    # every group is contiguous on the circle
    order = [
        layout.group_of[n] for n, _ in sorted(layout.positions.items(), key=lambda kv: kv[1][2])
    ]
    changes = sum(1 for a, b in itertools.pairwise(order) if a != b)
    assert changes == len(set(order)) - 1


def test_integration_map_escapes_names():
    svg = integration_map([ToolNode(1, EVIL, "data"), ToolNode(2, "B", "data")],
                          [IntegrationEdge(1, 1, 2, detail=EVIL)], [("data", EVIL)])  # fmt: skip
    parse(svg)
    no_external_references(svg)


def test_integration_map_empty():
    parse(integration_map([], [], TAXONOMY.category_groups))


# --- touchpoint matrix ------------------------------------------------------------------------

TOUCHPOINTS = [
    TouchpointItem(1, "Homepage", "awareness", "web", "rule_based", 4),
    TouchpointItem(2, "Ads", "awareness", "paid_media", "none", 2),
    TouchpointItem(3, "Cart", "purchase", "web", "individual", 5),
    TouchpointItem(4, "Store pickup", "fulfilment", "in_store", None, 3),
    TouchpointItem(5, "Bot", "service", "chat", "individual", None),
    TouchpointItem(6, "Lost", "nowhere", "web"),
]


def test_touchpoint_grid():
    grid = touchpoint_grid(TAXONOMY.journey_stages, TAXONOMY.channels, TOUCHPOINTS)
    web = grid.cell("awareness", "web")
    assert (web.count, web.top_personalisation, web.mean_ease) == (1, "rule_based", 4.0)
    assert grid.cell("awareness", "email").count == 0
    stages = {s.key: s for s in grid.stages}
    assert stages["engagement"].empty and stages["advocacy"].empty
    assert stages["fulfilment"].no_digital and not stages["fulfilment"].empty
    assert not stages["awareness"].no_digital
    assert grid.unplaced == (6,)
    rows = grid.rows()
    assert len(rows) == 16 and all(len(cells) == 6 for _, cells in rows)


def test_touchpoint_matrix_svg_marks_columns_and_links_cells():
    svg = touchpoint_matrix(TAXONOMY.journey_stages, TAXONOMY.channels, TOUCHPOINTS,
                            cell_href="/touchpoints/?stage={stage}&channel={channel}")  # fmt: skip
    root = parse(svg)
    assert len(root.findall(".//*[@class='stage stage-empty']", NS)) == 2
    no_digital = root.findall(".//*[@class='stage stage-no-digital']", NS)
    assert [g.get("data-stage") for g in no_digital] == ["fulfilment"]
    links = root.findall(".//s:a[@class='cell']", NS)
    assert len(links) == 5
    assert "/touchpoints/?stage=awareness&channel=web" in {a.get("href") for a in links}
    empty = root.find(".//*[@class='cells-empty']", NS)  # one path, a subpath per empty cell
    assert empty.get("d").count("M") == 6 * 16 - 5
    no_external_references(svg)


def test_touchpoint_matrix_escapes_and_accepts_tuples():
    svg = touchpoint_matrix(
        [("s", EVIL)], [("c", EVIL, False)], [TouchpointItem(1, EVIL, "s", "c")]
    )
    parse(svg)
    no_external_references(svg)


# --- radar ------------------------------------------------------------------------------------


def test_radar_chart():
    axes = [
        RadarAxis("Current state", 62, 80, "/steps/1/"),
        ("Touchpoints", 45, 70),
        ("Gaps", None, 60),
        ("Stack", 81, 75),
        ("Architecture", 130, 65),  # clamped to 100
    ]
    svg = radar_chart(axes)
    root = parse(svg)
    rings = root.find(".//*[@class='rings']", NS)  # one path: 5 rings and 5 spokes
    assert rings.get("d").count("Z") == 5 and rings.get("d").count("M") == 10
    assert len(root.findall(".//*[@class='score-point']", NS)) == 5
    assert root.find(".//*[@class='target']", NS) is not None
    assert "Gaps: Score n/a, Target 60" in svg
    assert root.find(".//s:a", NS).get("href") == "/steps/1/"
    no_external_references(svg)


def test_radar_partial_targets_become_markers():
    root = parse(radar_chart([("A", 10, 50), ("B", 20, None), ("C", 30, None)]))
    assert root.find(".//*[@class='target']", NS) is None
    assert len(root.findall(".//*[@class='target-marker']", NS)) == 1


def test_radar_needs_axes_and_escapes():
    with pytest.raises(ValueError):
        radar_chart([])
    svg = radar_chart([(EVIL, 50, 50)] * 3)
    parse(svg)
    no_external_references(svg)


def test_stack_map_marks_under_used_tools_distinctly_from_over_capacity():
    tools = [
        ToolNode(1, "Idle", "data", utilisation=0.12),
        ToolNode(2, "Busy", "data", utilisation=0.5),
        ToolNode(3, "Over", "data", utilisation=1.3),
        ToolNode(4, "Free", "data", utilisation=None),
    ]
    root = parse(stack_map(tools, [("data", "Data")]))
    states = {
        t.get("data-tool-id"): t.get("data-utilisation")
        for t in root.iter()
        if t.get("data-tool-id")
    }
    assert states == {"1": "under-used", "2": "utilisation", "3": "over-capacity", "4": "unknown"}
    assert len(root.findall(".//s:rect[@class='under-used']", NS)) == 1
    assert len(root.findall(".//s:rect[@class='over-capacity']", NS)) == 1
    svg = stack_map(tools, [("data", "Data")])
    assert "12% ▼ under-used" in svg and "130% ▲ over capacity" in svg
    assert "Idle — No decision; Utilisation: 12% (under-used)" in svg
    legend = {g.get("class") for g in root.findall(".//s:g[@class]", NS)}
    assert {"legend-item legend-under-used", "legend-item legend-over-capacity"} <= legend
    assert "Under-used: below 30% of seats active" in svg


def test_stack_map_uses_the_organisations_threshold():
    tools = [ToolNode(1, "Half", "data", utilisation=0.45)]
    assert "45% ▼" not in stack_map(tools, [("data", "Data")])
    svg = stack_map(tools, [("data", "Data")], underused=0.5)
    assert "45% ▼ under-used" in svg and "below 50% of seats" in svg
    unmarked = stack_map(tools, [("data", "Data")], underused=None)
    assert "▼" not in unmarked and "legend-under-used" not in unmarked


def _tile_lines(tile):
    return tile.findall(".//s:g[@class='tool-text']/s:text", NS)


def test_long_tool_names_wrap_onto_two_lines_inside_the_tile():
    from assessment.charts_core.stack_map import NAME_ROOM, NAME_ROOM_2, NAME_SIZES, TILE_W
    from assessment.charts_core.svg import text_width

    name = "Salesforce Marketing Cloud"
    for rtl in (False, True):
        root = parse(stack_map([ToolNode(1, name, "ads")], [("ads", "Ads")], rtl=rtl))
        tile = root.find(".//*[@class='tool']", NS)
        lines = _tile_lines(tile)
        assert len(lines) == 2
        shown = [line.text for line in lines]
        assert " ".join(shown) == name  # whole: wrapped, not cut
        size = float(lines[0].get("font-size"))
        assert size in NAME_SIZES
        assert text_width(shown[0], size, bold=True) <= NAME_ROOM
        assert text_width(shown[1], size, bold=True) <= NAME_ROOM_2
        rect = tile.find("s:rect", NS)
        left, right = float(rect.get("x")), float(rect.get("x")) + TILE_W
        for line in lines:  # anchored inside the tile, on the reading side
            x = float(line.get("x"))
            assert left < x < right
            assert line.get("text-anchor") == ("end" if rtl else "start")
        assert tile.find("s:title", NS).text.startswith(name + " — ")


def test_short_names_keep_one_line_at_full_size():
    from assessment.charts_core.stack_map import NAME_SIZE, name_lines

    assert name_lines("Slack") == (["Slack"], NAME_SIZE)
    assert name_lines("Salesforce") == (["Salesforce"], NAME_SIZE)
    lines, size = name_lines("Salesforce Sales Cloud")
    assert lines == ["Salesforce Sales", "Cloud"] and size == NAME_SIZE


def test_names_too_long_for_two_lines_are_cut_with_the_full_name_in_the_title():
    from assessment.charts_core.stack_map import NAME_ROOM_2, NAME_SIZES, name_lines
    from assessment.charts_core.svg import fit, text_width

    name = "Globex Customer Data Platform Enterprise Edition for Retail and Wholesale"
    lines, size = name_lines(name)
    assert size == NAME_SIZES[-1] and len(lines) == 2 and lines[1].endswith("…")
    assert text_width(lines[1], size, bold=True) <= NAME_ROOM_2
    root = parse(stack_map([ToolNode(1, name, "ads")], [("ads", "Ads")]))
    tile = root.find(".//*[@class='tool']", NS)
    assert tile.find("s:title", NS).text.startswith(name + " — ")
    clip = tile.find(".//s:clipPath", NS)
    assert tile.find(".//s:g[@class='tool-text']", NS).get("clip-path") == (
        f"url(#{clip.get('id')})"
    )
    # Beside a subtitle (the app's map), the name keeps to one line.
    lines, _size = name_lines(name, subtitle=True)
    assert len(lines) == 1 and lines[0].endswith("…")
    cut = fit("W" * 20, 40, 10)
    assert cut.endswith("…") and text_width(cut, 10) <= 40


def test_fit_lines_breaks_a_word_longer_than_a_line():
    from assessment.charts_core.svg import fit_lines, text_width

    lines, cut = fit_lines("Supercalifragilisticexpialidocious", (60, 200), 10)
    assert not cut and "".join(lines) == "Supercalifragilisticexpialidocious"
    assert text_width(lines[0], 10) <= 60


def test_lifecycle_letters_are_translatable_with_a_context():
    from assessment.charts_core.stack_map import LABELS
    from assessment.charts_core.svg import Contextual, translate_labels

    letters = {k: v for k, v in LABELS.items() if k.startswith("letter_")}
    assert set(letters) == {
        "letter_invest",
        "letter_tolerate",
        "letter_migrate",
        "letter_eliminate",
    }
    assert all(
        isinstance(v, Contextual) and v.context == "lifecycle letter" for v in letters.values()
    )
    seen = []
    words = translate_labels(
        LABELS,
        lambda m: f"[{m}]",
        lambda c, m: seen.append((c, m)) or {"I": "Î"}.get(m, m),
    )
    assert ("lifecycle letter", "I") in seen and words["letter_invest"] == "Î"
    assert words["invest"] == "[Invest]"
    tools = [ToolNode(1, "Ads", "ads", lifecycle="invest")]
    root = parse(stack_map(tools, [("ads", "Ads")], labels=words))
    badge = root.find(".//*[@class='tool']/s:text", NS)
    assert badge.text == "Î"
    legend = [t.text for t in root.findall(".//*[@class='legend-item']/s:text", NS)]
    assert legend[:2] == ["Î", "[Invest]"]  # the legend explains the translated letter


def test_lifecycle_letters_are_extracted_with_a_translator_comment():
    """makemessages extracts ``pgettext(context, message)`` with the comment above it."""
    import importlib
    import inspect

    source = inspect.getsource(importlib.import_module("assessment.charts_core.stack_map"))
    for letter in "ITME":
        call = f'pgettext("lifecycle letter", "{letter}")'
        before = source[: source.index(call)].rstrip().rsplit("\n", 3)
        assert any("# Translators:" in line for line in before), letter


def chord_crossings(layout, edges) -> int:
    order = sorted(layout.positions, key=lambda n: layout.positions[n][2] % (2 * 3.141592653589793))
    index = {n: i for i, n in enumerate(order)}
    chords = [tuple(sorted((index[e.source], index[e.target]))) for e in edges]
    return sum(
        1
        for (a, b), (c, d) in itertools.combinations(chords, 2)
        if len({a, b, c, d}) == 4 and (a < c < b < d or c < a < d < b)
    )


def test_integration_map_order_reduces_crossings():
    tools, edges = big_inventory()
    layout = layout_integration_map(tools, edges, TAXONOMY.category_groups)
    # The barycentre pull alone left 3,270 crossings; swapping neighbours brings it to 2,923.
    assert chord_crossings(layout, edges) <= 3000


def test_integration_map_right_to_left_is_the_mirror_image():
    import math

    tools, edges = big_inventory()
    ltr = layout_integration_map(tools, edges, TAXONOMY.category_groups)
    rtl = layout_integration_map(tools, edges, TAXONOMY.category_groups, rtl=True)
    for node, (x, y, _angle) in ltr.positions.items():
        mx, my, _ = rtl.positions[node]
        assert math.isclose(mx, ltr.size[0] - x, abs_tol=1e-6) and math.isclose(my, y, abs_tol=1e-6)


# --- touchpoint matrix at print size, in Romanian -----------------------------------------

RO_MATRIX_WORDS = {
    "ease": "ușurință",
    "touchpoints": "puncte de contact",
    "no_touchpoints": "Niciun punct de contact",
    "no_digital": "Niciun punct de contact digital",
    "none": "nepersonalizat",
    "rule_based": "pe bază de reguli",
    "individual": "individual",
    "digital": "digitale",
    "not_digital": "· = canal nedigital",
}
RO_STAGES = [
    ("awareness", "Conștientizare"),
    ("consideration", "Implicare / evaluare"),
    ("purchase", "Achiziție / tranzacție"),
    ("fulfilment", "Onorare / livrare"),
    ("service", "Servicii și retenție"),
    ("advocacy", "Promovare de către clienți"),
]
RO_CHANNELS = [
    ("web", "Site web", True),
    ("sms", "SMS / notificări push", True),
    ("sales", "Reprezentant de vânzări", False),
    ("mail", "Corespondență directă", False),
]


def _ro_matrix(rtl: bool = False) -> str:
    items = []
    levels = ["none", "rule_based", "individual"]
    for s, (stage, _name) in enumerate(RO_STAGES[:-1]):  # the last stage stays empty
        for c, (channel, _n, _d) in enumerate(RO_CHANNELS):
            for k in range((s + c) % 4):
                items.append(
                    TouchpointItem(f"{stage}-{channel}-{k}", f"Punct {k}", stage, channel,
                                   levels[(s + k) % 3], 1 + (s * 7 + c * 3 + k) % 40 / 10)
                )  # fmt: skip
    return touchpoint_matrix(RO_STAGES, RO_CHANNELS, items, rtl=rtl, labels=RO_MATRIX_WORDS)


def _extent(t) -> tuple[float, float]:
    from assessment.charts_core.svg import text_width

    x, size = float(t.get("x")), float(t.get("font-size"))
    w = text_width(t.text, size, bold=t.get("font-weight") == "700")
    return {"start": (x, x + w), "end": (x - w, x), "middle": (x - w / 2, x + w / 2)}[
        t.get("text-anchor")
    ]


@pytest.mark.parametrize("rtl", [False, True])
def test_matrix_cell_text_stays_clear_of_the_count_in_romanian(rtl):
    """Each cell: the count, the mix on its line and the ease under it, inside the cell's box
    and not overlapping (by the charts' width estimate)."""
    root = parse(_ro_matrix(rtl))
    cells = [g for g in root.iter() if g.get("class") == "cell"]
    assert cells
    for cell in cells:
        box = cell.find("s:rect", NS)
        left = float(box.get("x"))
        right = left + float(box.get("width"))
        texts = cell.findall("s:text", NS)
        count = texts[0]
        assert count.text == cell.get("data-count")
        spans = {t.text: _extent(t) for t in texts}
        for name, (a, b) in spans.items():
            assert left < a and b < right, (name, a, b, left, right)
        same_line = [t for t in texts[1:] if t.get("y") == count.get("y")]
        for t in same_line:
            (a, b), (c, d) = _extent(count), _extent(t)
            assert b < c or d < a, (count.text, t.text)
        assert any("ușurință" in t.text for t in texts[1:]) or len(texts) < 3


@pytest.mark.parametrize("rtl", [False, True])
def test_matrix_headings_and_channel_names_fit_their_columns_in_romanian(rtl):
    from assessment.charts_core.touchpoint_matrix import COL_W, LABEL_W, PAD

    svg = _ro_matrix(rtl)
    root = parse(svg)
    width = float(root.get("viewBox").split()[2])
    for stage in root.iter():
        if stage.get("class", "").startswith("stage"):
            texts = stage.findall("s:text", NS)
            assert "…" not in "".join(t.text for t in texts)
            for t in texts:
                a, b = _extent(t)
                assert b - a <= COL_W - 4, t.text
    heading = " ".join(
        t.text for g in root.iter() if g.get("data-stage") == "advocacy" for t in g.iter()
        if t.tag.endswith("text")
    )  # fmt: skip
    assert "Promovare de către clienți" in heading and "Niciun punct de contact" in heading
    labels = [t for t in root.findall("s:text", NS) if t.get("class") != "legend"]
    assert "Reprezentant de vânzări" in " ".join(t.text for t in labels)
    for t in labels:
        a, b = _extent(t)
        if rtl:
            assert width - PAD - LABEL_W <= a and b <= width, t.text
        else:
            assert a >= 0 and b <= PAD + LABEL_W, t.text


def test_radar_labels_wrap_inside_the_viewbox():
    axes = [("1 · Situația actuală", 52, 70), ("2 · Puncte de contact", 55, 70),
            ("3 · Lacune", 61, 70), ("4 · Stack", 39, 70),
            ("5 · Arhitectură și integrare end-to-end", 58, 70)]  # fmt: skip
    for rtl in (False, True):
        root = parse(radar_chart(axes, rtl=rtl, legend=True))
        width = float(root.get("viewBox").split()[2])
        texts = [t for g in root.iter() if g.get("class") == "axis-label" for t in g]
        joined = " ".join(t.text for t in texts)
        assert "Puncte de contact" in joined and "…" not in joined
        for t in texts:
            a, b = _extent(t) if t.get("font-weight") != "600" else _bold_extent(t)
            assert a >= 0 and b <= width, (t.text, a, b, width)


def _bold_extent(t) -> tuple[float, float]:
    from assessment.charts_core.svg import text_width

    x, size = float(t.get("x")), float(t.get("font-size"))
    w = text_width(t.text, size, bold=True)
    return {"start": (x, x + w), "end": (x - w, x), "middle": (x - w / 2, x + w / 2)}[
        t.get("text-anchor")
    ]


def test_radar_legend_uses_the_score_and_target_colours():
    from assessment.charts_core.radar import TARGET_COLOUR, VALUE_COLOUR

    root = parse(radar_chart([("A", 10, 50), ("B", 20, 60), ("C", 30, 70)], legend=True))
    legend = root.find(".//s:g[@class='legend']", NS)
    colours = {e.get(a) for e in legend.iter() for a in ("fill", "stroke") if e.get(a)}
    assert {VALUE_COLOUR, TARGET_COLOUR} <= colours
    assert [t.text for t in legend.iter() if t.tag.endswith("text")] == ["Score", "Target"]
    assert parse(radar_chart([("A", 10, 50)] * 3)).find(".//s:g[@class='legend']", NS) is None
