"""Time the PDF report on the synthetic S, M and L organisations.

    python -m benchmarks.bench_report              # best of 3 per size
    python -m benchmarks.bench_report --runs 5 --sizes M

Per size: the report data is built once (engine + ``build_report_data``); then, best of
``runs`` each,

- **app**: ``render_report_pdf`` — template rendering, the SVG charts and WeasyPrint through
  the static-only fetcher (what a download costs);
- **raw**: the SAME HTML rendered by plain ``weasyprint.HTML(string=..., base_url=...)
  .write_pdf()`` — the floor; app − raw is the app's overhead.

Every roadmap has exactly 40 items (proposals sliced or padded). Results and the machine
are recorded in docs/performance.md ("Report").
"""

from __future__ import annotations

import argparse
import logging
import os
import time

import django

from .timing import best_of, machine

TARGET_M_SECONDS = 3.0
ROADMAP_ITEMS = 40


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
    os.environ.setdefault("DEBUG", "1")
    django.setup()
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def measure(size: str, runs: int) -> dict[str, float | int]:
    from weasyprint import HTML

    from assessment.report.fetcher import static_base_url
    from assessment.report.render import render_report_html, render_report_pdf
    from assessment.report.samples import sample_report_data

    start = time.perf_counter()
    report = sample_report_data(size, items=ROADMAP_ITEMS)
    data_seconds = time.perf_counter() - start
    html_seconds, html = best_of(lambda: render_report_html(report), runs)
    app_seconds, pdf = best_of(lambda: render_report_pdf(report), runs)
    base_url = static_base_url()
    raw_seconds, _ = best_of(lambda: HTML(string=html, base_url=base_url).write_pdf(), runs)
    return {
        "data": data_seconds,
        "html": html_seconds,
        "app": app_seconds,
        "raw": raw_seconds,
        "pages": pdf.pages,
        "bytes": len(pdf.content),
    }


def main(argv: list[str] | None = None) -> dict[str, dict[str, float | int]]:
    parser = argparse.ArgumentParser(description="Report (PDF) benchmark")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="SML")
    args = parser.parse_args(argv)
    _setup()
    import weasyprint

    print(f"machine: {machine()}, WeasyPrint {weasyprint.__version__}")
    print(f"best of {args.runs} runs; {ROADMAP_ITEMS} roadmap items; default sections, A4\n")
    print(
        f"{'size':<5}{'pages':>6}{'data s':>8}{'html s':>8}{'app s':>8}{'raw s':>8}{'overhead':>10}"
    )
    results = {}
    for size in args.sizes:
        r = measure(size, args.runs)
        results[size] = r
        overhead = (r["app"] - r["raw"]) / r["raw"] * 100
        print(
            f"{size:<5}{r['pages']:>6}{r['data']:>8.2f}{r['html']:>8.2f}{r['app']:>8.2f}"
            f"{r['raw']:>8.2f}{overhead:>9.1f}%"
        )
    if "M" in results:
        verdict = "met" if results["M"]["app"] < TARGET_M_SECONDS else "NOT met"
        print(f"\ntarget: M under {TARGET_M_SECONDS:.0f} s — {verdict}")
    return results


if __name__ == "__main__":
    main()
