"""The dashboard's radar in Chromium at 1366 × 900, in English, Arabic and Persian (issue 17: it was
drawn about 230 px across with 6-px labels that crowded each other, and its dashed target
line had no key).

Measured on the laid-out SVG: it fills its card (at least 340 px wide), every label line is
at least 12 px on screen, the labels (each step's name and "score / target", one box per
step) overlap neither each other nor a ring, spoke or outline, and lie inside the drawing;
the key of the score and target lines is visible, in reading order."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessment.models import Assessment
from core.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in

SHOTS = Path("test-results")

GEOMETRY = """
(selector) => {
  const svg = document.querySelector(selector);
  const frame = svg.getBoundingClientRect();
  const labels = [...svg.querySelectorAll(".axis-label")].map((group) => {
    const texts = [...group.querySelectorAll("text")];
    const rects = texts.map((t) => t.getBoundingClientRect());
    return {
      text: texts.map((t) => t.textContent).join(" "),
      box: [Math.min(...rects.map((r) => r.left)), Math.min(...rects.map((r) => r.top)),
            Math.max(...rects.map((r) => r.right)), Math.max(...rects.map((r) => r.bottom))],
      sizes: texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a),
    };
  });
  // Points along the rings and spokes, and along the score and target outlines.
  const points = [];
  const toScreen = (el, x, y) => {
    const p = new DOMPoint(x, y).matrixTransform(el.getScreenCTM());
    return [p.x, p.y];
  };
  for (const path of svg.querySelectorAll(".rings")) {
    const length = path.getTotalLength();
    for (let s = 0; s <= length; s += 2) {
      const p = path.getPointAtLength(s);
      points.push(toScreen(path, p.x, p.y));
    }
  }
  for (const poly of svg.querySelectorAll("polygon.score, polygon.target")) {
    const vertices = [...poly.points];
    vertices.forEach((a, i) => {
      const b = vertices[(i + 1) % vertices.length];
      for (let k = 0; k <= 40; k++) {
        points.push(toScreen(poly, a.x + (b.x - a.x) * k / 40, a.y + (b.y - a.y) * k / 40));
      }
    });
  }
  const problems = [];
  const inside = (b, [x, y]) =>
    x > b[0] + 0.5 && x < b[2] - 0.5 && y > b[1] + 0.5 && y < b[3] - 0.5;
  labels.forEach((label, i) => {
    const b = label.box;
    if (b[0] < frame.left - 0.5 || b[1] < frame.top - 0.5 ||
        b[2] > frame.right + 0.5 || b[3] > frame.bottom + 0.5) {
      problems.push(`outside the drawing: ${label.text}`);
    }
    for (const other of labels.slice(i + 1)) {
      const o = other.box;
      if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) {
        problems.push(`label on label: ${label.text} | ${other.text}`);
      }
    }
    if (points.some((p) => inside(b, p))) problems.push(`label on the plot: ${label.text}`);
  });
  return {
    width: frame.width,
    labels: labels.length,
    points: points.length,
    smallest: Math.min(...labels.flatMap((l) => l.sizes)),
    problems,
  };
}
"""

LEGEND = {"en": ("Score", "Target"), "ar": ("الدرجة", "الهدف"), "fa": ("امتیاز", "هدف")}


@pytest.mark.parametrize("language", ["en", "ar", "fa"])
def test_the_radar_fills_its_card_with_readable_labels_clear_of_each_other(
    page, base_url, demo, language
):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    assessment = Assessment.objects.get(title="Digital experience review 2026")
    log_in(page, base_url, "editor@acme.example", DEMO_PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    page.goto(f"{base_url}/assessments/{assessment.pk}/dashboard/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr" if language == "en" else "rtl")
    figure = page.get_by_test_id("radar")
    chart = figure.locator(".chart-scroll > svg")
    expect(chart).to_be_visible()
    page.evaluate("document.fonts.ready")

    result = page.evaluate(GEOMETRY, "[data-testid=radar] .chart-scroll > svg")
    figure.screenshot(path=str(SHOTS / f"radar-{language}.png"))
    assert result["width"] >= 340, result
    assert result["labels"] == 5 and result["points"] > 500, result
    assert result["smallest"] >= 12, result
    assert result["problems"] == [], result["problems"]

    # The key: a solid swatch for the score, a dashed one for the target, translated, each
    # swatch before its word in reading order (on its right in Arabic).
    legend = page.get_by_test_id("radar-legend")
    expect(legend).to_be_visible()
    for word in LEGEND[language]:
        item = legend.locator("li", has_text=word)
        expect(item).to_be_visible()
        swatch, label = item.locator("svg").bounding_box(), item.bounding_box()
        if language != "en":
            assert swatch["x"] + swatch["width"] >= label["x"] + label["width"] - 1
        else:
            assert swatch["x"] <= label["x"] + 1
    dash = legend.locator("li", has_text=LEGEND[language][1]).locator("path")
    target = chart.locator("polygon.target")
    for attribute in ("stroke", "stroke-dasharray"):
        assert dash.get_attribute(attribute) == target.get_attribute(attribute)
    score_swatch = legend.locator("li", has_text=LEGEND[language][0]).locator("path")
    assert score_swatch.get_attribute("stroke") == chart.locator("polygon.score").get_attribute(
        "stroke"
    )

    # The text alternative: the drawing is named and described; each step's link is named
    # by what it shows and described in words ("Gaps: Score 25, Target 60").
    assert chart.get_attribute("aria-labelledby") == "radar-title"
    assert chart.get_attribute("aria-describedby") == "radar-desc"
    links = chart.locator("a.axis-label")
    expect(links).to_have_count(5)
    score, target = LEGEND[language]
    for n in range(5):
        expect(links.nth(n)).to_have_accessible_description(re.compile(f"{score}.*{target}"))
