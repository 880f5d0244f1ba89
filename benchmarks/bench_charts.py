"""The report's chart pages: SVG nodes per chart and WeasyPrint's time on them.

    python -m benchmarks.bench_charts                      # M, English, 7 rounds
    python -m benchmarks.bench_charts --runs 9 --language ar
    python -m benchmarks.bench_charts --save-html /tmp/charts-before.html
    python -m benchmarks.bench_charts --against /tmp/charts-before.html

On the synthetic organisation (``--size``, default M) in ``--language``, A4:

- **nodes**: per chart, the elements of the SVG as the PDF embeds it (after
  ``render._print_text``: Arabic shaped, symbol runs in their ``<tspan>``), how many are
  ``<text>``/``<tspan>``, and its size in bytes;
- **html**: ``render_report_html`` of the three chart sections (radar, maps, touchpoints):
  the charts drawn, shaped and embedded, and the template;
- **charts**: WeasyPrint on that HTML (``html_to_pdf``, as ``render_report_pdf`` calls it)
  — the cover and the table of contents are always printed, so
- **floor**: WeasyPrint on the HTML with no optional section (cover + contents), and
  **chart pages** = charts − floor (medians) is WeasyPrint's time on the chart pages;
- ``--against FILE``: the HTML a previous run saved with ``--save-html`` (the charts
  before a change; its node counts beside it, ``FILE.nodes.json``) rendered by
  ``html_to_pdf`` in the same rounds, so before and after meet the same machine; the
  ratio after/before is of the chart pages;
- **per character**: the same charts HTML with WeasyPrint's own SVG text drawing, one
  code point at a time (``svg_text.per_character``), against the report's drawing of a
  run at a time (``assessment/report/svg_text.py``), in the same rounds;
- ``--whole``: also the whole report (every section), both ways, in the same rounds.

Rounds alternate the renders so the drift of a shared machine hits each alike; the table
shows medians and minimums of wall time and the median CPU time of the process (steadier
when other work shares the machine). Results are recorded in docs/performance.md ("Chart pages").
"""

from __future__ import annotations

import argparse
import base64
import json
import logging
import os
import statistics
import time
import xml.etree.ElementTree as ET

import django

from .timing import machine

CHART_SECTIONS = ("radar", "maps", "touchpoints")


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
    os.environ.setdefault("DEBUG", "1")
    django.setup()
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _timed(call) -> tuple[float, float]:
    """(wall, CPU of this process) seconds of one call: on a shared machine the CPU time
    is the steadier of the two."""
    start, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - start, time.process_time() - cpu


def svg_nodes(svg: str) -> dict[str, int]:
    """Elements (all, and text ones) and bytes of one SVG document."""
    root = ET.fromstring(svg)
    elements = list(root.iter())
    texts = [e for e in elements if e.tag.rsplit("}", 1)[-1] in ("text", "tspan")]
    return {"elements": len(elements), "text": len(texts), "bytes": len(svg.encode("utf-8"))}


def chart_nodes(report, sections=CHART_SECTIONS) -> dict[str, dict[str, int]]:
    """Per chart: the nodes of the SVG the PDF embeds (decoded from its data: URI)."""
    from assessment.report.render import _charts, normalise_sections

    prefix = "data:image/svg+xml;base64,"
    return {
        key: svg_nodes(base64.b64decode(uri[len(prefix) :]).decode("utf-8"))
        for key, uri in _charts(report, normalise_sections(sections)).items()
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="Chart pages benchmark")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", default="M", choices=("S", "M", "L"))
    parser.add_argument("--language", default="en")
    parser.add_argument("--save-html", help="write the chart sections' HTML here")
    parser.add_argument("--against", help="HTML saved by --save-html: time it alongside")
    parser.add_argument("--whole", action="store_true", help="also the whole report, both ways")
    args = parser.parse_args(argv)
    _setup()
    import weasyprint
    from django.utils import translation

    from assessment.report import svg_text
    from assessment.report.pdf import html_to_pdf
    from assessment.report.render import render_report_html
    from assessment.report.samples import sample_report_data

    report = sample_report_data(args.size, language=args.language)
    with translation.override(args.language):
        nodes = chart_nodes(report)
    print(f"machine: {machine()}, WeasyPrint {weasyprint.__version__}")
    print(f"{args.size}, {args.language}, A4; {args.runs} alternating rounds\n")
    print(f"{'chart':<18}{'elements':>10}{'text':>7}{'KB':>8}")
    for key, n in nodes.items():
        print(f"{key:<18}{n['elements']:>10}{n['text']:>7}{n['bytes'] / 1024:>8.1f}")
    total = sum(n["elements"] for n in nodes.values())
    print(f"{'all four':<18}{total:>10}\n")

    html = render_report_html(report, sections=CHART_SECTIONS, language=args.language)
    if args.save_html:
        with open(args.save_html, "w", encoding="utf-8") as handle:
            handle.write(html)
        with open(args.save_html + ".nodes.json", "w", encoding="utf-8") as handle:
            json.dump(nodes, handle, indent=1)
    before = None
    if args.against:
        with open(args.against, encoding="utf-8") as handle:
            before = handle.read()
        if os.path.exists(args.against + ".nodes.json"):
            with open(args.against + ".nodes.json", encoding="utf-8") as handle:
                before_nodes = json.load(handle)
            print(f"{'before':<18}{'elements':>10}{'text':>7}{'KB':>8}{'after/before':>14}")
            for key, n in before_nodes.items():
                ratio = nodes[key]["elements"] / n["elements"] if key in nodes else float("nan")
                print(
                    f"{key:<18}{n['elements']:>10}{n['text']:>7}{n['bytes'] / 1024:>8.1f}"
                    f"{ratio:>14.2f}"
                )
            before_total = sum(n["elements"] for n in before_nodes.values())
            print(f"{'all four':<18}{before_total:>10}{'':>15}{total / before_total:>14.2f}\n")

    floor_html = render_report_html(report, sections=(), language=args.language)
    renders = {
        "html (charts + template)": lambda: render_report_html(
            report, sections=CHART_SECTIONS, language=args.language
        ),
        "charts": lambda: html_to_pdf(html),
        "floor": lambda: html_to_pdf(floor_html),
    }
    if svg_text.install():

        def per_character():
            with svg_text.per_character():
                html_to_pdf(html)

        renders["per character"] = per_character
        if args.whole:
            whole_html = render_report_html(report, language=args.language)

            def whole_per_character():
                with svg_text.per_character():
                    html_to_pdf(whole_html)

            renders["whole report"] = lambda: html_to_pdf(whole_html)
            renders["whole, per character"] = whole_per_character
    if before is not None:
        renders["before"] = lambda: html_to_pdf(before)
    times: dict[str, list[tuple[float, float]]] = {key: [] for key in renders}
    for render in renders.values():  # warm-up: fonts, templates, caches
        render()
    for _round in range(args.runs):
        for key, render in renders.items():
            times[key].append(_timed(render))
    wall = {key: statistics.median(w for w, _c in values) for key, values in times.items()}
    cpu = {key: statistics.median(c for _w, c in values) for key, values in times.items()}
    print(f"{'render':<22}{'median s':>10}{'min s':>8}{'CPU median s':>14}")
    for key, values in times.items():
        print(f"{key:<22}{wall[key]:>10.3f}{min(w for w, _c in values):>8.3f}{cpu[key]:>14.3f}")
    pages = wall["charts"] - wall["floor"]
    pages_cpu = cpu["charts"] - cpu["floor"]
    print(f"{'chart pages (−floor)':<22}{pages:>10.3f}{'':>8}{pages_cpu:>14.3f}")
    result = {"nodes": nodes, "times": times, "chart_pages": pages, "chart_pages_cpu": pages_cpu}
    if "per character" in wall:
        char_pages = wall["per character"] - wall["floor"]
        char_cpu = cpu["per character"] - cpu["floor"]
        result["per_character_pages"], result["per_character_pages_cpu"] = char_pages, char_cpu
        print(f"{'per character: pages':<22}{char_pages:>10.3f}{'':>8}{char_cpu:>14.3f}")
        print(
            f"ratio runs/per character, chart pages: wall {pages / char_pages:.2f}, "
            f"CPU {pages_cpu / char_cpu:.2f}"
        )
    if "whole report" in wall:
        whole, whole_char = wall["whole report"], wall["whole, per character"]
        result["whole"], result["whole_per_character"] = whole, whole_char
        print(f"ratio runs/per character, whole report: wall {whole / whole_char:.2f}")
    if before is not None:
        before_pages = wall["before"] - wall["floor"]
        before_cpu = cpu["before"] - cpu["floor"]
        result["before_pages"], result["before_pages_cpu"] = before_pages, before_cpu
        print(f"{'before: chart pages':<22}{before_pages:>10.3f}{'':>8}{before_cpu:>14.3f}")
        print(
            f"\nratio after/before, chart pages: wall {pages / before_pages:.2f}, "
            f"CPU {pages_cpu / before_cpu:.2f}"
        )
    return result


if __name__ == "__main__":
    main()
