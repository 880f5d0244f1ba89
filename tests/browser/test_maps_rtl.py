"""The three maps in Arabic and Persian, measured in Chromium: every label lies inside the
drawing and overlaps no other label or node (issue 17: in a right-to-left page the maps
took the page's direction, flipped every text anchor and pushed names out of their tiles).

The geometry is read from the laid-out SVG: each ``<text>``'s box (``getBBox``, what the
font gives it) mapped to the screen through its transform (the integration map's labels
are rotated), cut to its clip where it has one (the stack map's names), against every
other label and every node (a stack-map tile, an integration-map circle, a matrix cell)
that is not its own."""

import pytest
from playwright.sync_api import expect

from core.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in

MAPS = {
    "stack map": ("/tools/map/", "a.tool > rect:first-of-type"),
    "integration map": ("/integrations/map/", ".tool > circle"),
    "touchpoint matrix": ("/touchpoints/matrix/", "a.cell > rect"),
}

#: Screen boxes → quads; quads overlap when no edge of either separates them (SAT). A box is
#: inset by a fifth of its height top and bottom (a font's box holds room for accents that
#: these labels do not use, so two lines 13 px apart at 11.5 px touch) and 0.5 px each side.
GEOMETRY = """
([selector, nodeSelector]) => {
  const svg = document.querySelector(selector);
  const frame = svg.getBoundingClientRect();
  const toScreen = (el, r, inset) => {
    const m = el.getScreenCTM();
    const dy = inset ? r.height / 5 : 0, dx = inset ? 0.5 : 0;
    const x0 = r.x + dx, x1 = r.x + r.width - dx, y0 = r.y + dy, y1 = r.y + r.height - dy;
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]].map(([x, y]) => {
      const p = new DOMPoint(x, y).matrixTransform(m);
      return [p.x, p.y];
    });
  };
  const aabb = (q) => {
    const xs = q.map((p) => p[0]), ys = q.map((p) => p[1]);
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  };
  const clipOf = (el) => {
    for (let n = el; n && n !== svg; n = n.parentElement) {
      const ref = n.getAttribute && n.getAttribute("clip-path");
      if (!ref) continue;
      const rect = svg.querySelector("#" + CSS.escape(ref.match(/#([^)]+)/)[1]) + " rect");
      if (!rect) return null;
      return aabb(toScreen(n, rect.getBBox(), false));
    }
    return null;
  };
  const owner = (el) => el.closest("a.tool, a.cell, .tool, .cell");
  const labels = [];
  for (const el of svg.querySelectorAll("text")) {
    if (el.closest("defs, title") || !el.textContent.trim()) continue;
    let quad = toScreen(el, el.getBBox(), true);
    const clip = clipOf(el);
    if (clip) {
      const b = aabb(quad);
      const x0 = Math.max(b[0], clip[0]), y0 = Math.max(b[1], clip[1]);
      const x1 = Math.min(b[2], clip[2]), y1 = Math.min(b[3], clip[3]);
      if (x1 <= x0 || y1 <= y0) continue;  // wholly clipped away
      quad = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
    }
    labels.push({text: el.textContent.trim(), quad, owner: owner(el)});
  }
  const nodes = [...svg.querySelectorAll(nodeSelector)].map((el) => ({
    quad: toScreen(el, el.getBBox(), false), owner: owner(el),
  }));
  const axes = (q) => q.map((p, i) => {
    const n = q[(i + 1) % q.length];
    return [p[1] - n[1], n[0] - p[0]];
  });
  const overlap = (a, b) => {
    for (const [ax, ay] of [...axes(a), ...axes(b)]) {
      const pa = a.map(([x, y]) => x * ax + y * ay), pb = b.map(([x, y]) => x * ax + y * ay);
      if (Math.max(...pa) <= Math.min(...pb) || Math.max(...pb) <= Math.min(...pa)) return false;
    }
    return true;
  };
  const problems = [];
  for (const [i, label] of labels.entries()) {
    const b = aabb(label.quad);
    if (b[0] < frame.left - 1 || b[1] < frame.top - 1 ||
        b[2] > frame.right + 1 || b[3] > frame.bottom + 1) {
      problems.push(`outside the drawing: ${label.text}`);
    }
    for (const other of labels.slice(i + 1)) {
      if (overlap(label.quad, other.quad)) {
        problems.push(`label on label: ${label.text} | ${other.text}`);
      }
    }
    for (const node of nodes) {
      if (node.owner !== label.owner && overlap(label.quad, node.quad)) {
        problems.push(`label on another node: ${label.text}`);
      }
    }
  }
  return {labels: labels.length, nodes: nodes.length, problems};
}
"""


def measure(page, node_selector: str) -> dict:
    return page.evaluate(GEOMETRY, ["#chart svg", node_selector])


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_the_maps_labels_sit_inside_the_drawing_and_clear_of_each_other(
    page, base_url, demo, language
):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    for name, (path, nodes) in MAPS.items():
        page.goto(base_url + path)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("#chart svg")).to_be_visible()
        page.evaluate("document.fonts.ready")
        result = measure(page, nodes)
        page.screenshot(path=f"test-results/{language}-{name.replace(' ', '-')}.png")
        assert result["labels"] > 20 and result["nodes"] > 10, (name, result)
        assert result["problems"] == [], (name, result["problems"][:10])


def test_the_geometry_finds_labels_pushed_out_of_their_tiles(page, base_url, demo):
    """The measure fails the maps as they were: a right-to-left page flipping anchors."""
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": base_url}])
    page.goto(base_url + "/tools/map/")
    page.evaluate("document.querySelector('#chart svg').setAttribute('direction', 'rtl')")
    result = measure(page, MAPS["stack map"][1])
    # the legend's words run back over their own swatches, subtitles over the badges
    assert len(result["problems"]) > 10, result
