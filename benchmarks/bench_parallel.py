"""How fast could the report be if its sections were rendered in parallel? The bound.

    python -m benchmarks.bench_parallel              # M, 4 alternating rounds per split
    python -m benchmarks.bench_parallel --rounds 6 --splits 5

Issue 14 asks for a cold M report in ≤ 0.6× one raw WeasyPrint pass, by rendering sections
in parallel processes and merging them. Before building the merge (page numbers, contents,
bookmarks, links and the tagged structure of several PDFs), this measures what it could
win at best: one raw pass over the whole report against two forked processes each
rendering half of the sections, **without** the cover, the contents, the merge or the
page numbering — all of which the real thing would add. Rounds alternate single and
parallel, wall time; the split is a section index in print order.
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import statistics
import time

from .bench_report import ROADMAP_ITEMS, _setup
from .timing import machine


def _body(html: str) -> str:
    """The report without its cover and contents (what a section process would render)."""
    html = re.sub(r'<section class="cover">.*?</section>', "", html, count=1, flags=re.S)
    return re.sub(r'<nav class="toc">.*?</nav>', "", html, count=1, flags=re.S)


def main(argv: list[str] | None = None) -> dict[int, float]:
    parser = argparse.ArgumentParser(description="Parallel section rendering: the bound")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--splits", default="4,5,6")
    args = parser.parse_args(argv)
    _setup()
    from weasyprint import HTML

    from assessment.report.fetcher import static_base_url
    from assessment.report.render import DEFAULT_SECTIONS, SECTION_KEYS, render_report_html
    from assessment.report.samples import sample_report_data

    report = sample_report_data("M", items=ROADMAP_ITEMS)
    base = static_base_url()
    order = [key for key in SECTION_KEYS if key in DEFAULT_SECTIONS]
    whole = render_report_html(report)

    def render(html: str) -> None:
        HTML(string=html, base_url=base).write_pdf()

    def timed(run) -> float:
        start = time.perf_counter()
        run()
        return time.perf_counter() - start

    def parallel(halves: tuple[str, str]) -> None:
        fork = multiprocessing.get_context("fork")
        processes = [fork.Process(target=render, args=(html,)) for html in halves]
        for process in processes:
            process.start()
        for process in processes:
            process.join()

    print(f"machine: {machine()}; M, {ROADMAP_ITEMS} roadmap items, default sections, A4")
    medians = {}
    for split in (int(s) for s in args.splits.split(",")):
        halves = tuple(_body(render_report_html(report, sections=keys))
                       for keys in (order[:split], order[split:]))  # fmt: skip
        ratios = []
        for _round in range(args.rounds):
            single = timed(lambda: render(whole))
            both = timed(lambda h=halves: parallel(h))
            ratios.append(both / single)
            print(f"split {'+'.join(order[:split])} | {'+'.join(order[split:])}: "
                  f"single {single:.2f} s, two halves in parallel {both:.2f} s, "
                  f"ratio {both / single:.2f}")  # fmt: skip
        medians[split] = statistics.median(ratios)
        print(f"  median ratio {medians[split]:.2f}\n")
    best = min(medians.values())
    print(f"best split: {best:.2f}× one raw pass before cover, contents and merge "
          f"(target ≤ 0.6× with them)")  # fmt: skip
    return medians


if __name__ == "__main__":
    main()
