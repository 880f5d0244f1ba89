"""Time the engine (score + findings + roadmap) on the synthetic S, M and L organisations.

    python -m benchmarks.bench_engine            # best of 5 runs per size
    python -m benchmarks.bench_engine --runs 10

Prints a table with the best time per size and, from M to L, the ratio of time to the ratio
of size (rows = tools + integrations + touchpoints): about 1 means linear growth. Results
and the machine are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse

from assessment.questionnaire_core import load_default_framework
from assessment.results_core import evaluate

from .generate import SPECS, generate
from .timing import best_of, machine

TARGET_L_SECONDS = 1.0


def rows(size: str) -> int:
    spec = SPECS[size]
    return spec.tools + spec.integrations + spec.touchpoints


def best_time(size: str, runs: int) -> tuple[float, int, int]:
    """Best wall time of ``runs`` evaluations, with the finding and roadmap counts."""
    data = generate(size).to_input(load_default_framework())
    best, result = best_of(lambda: evaluate(data), runs)
    assert result is not None
    return best, len(result.findings), len(result.roadmap)


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description="Engine benchmark")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="SML")
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    print(f"best of {args.runs} runs (time.perf_counter), score + findings + roadmap\n")
    print(f"{'size':<5}{'tools':>7}{'integr.':>9}{'touchp.':>9}{'findings':>10}"
          f"{'items':>7}{'best ms':>10}")  # fmt: skip
    times = {}
    for size in args.sizes:
        spec = SPECS[size]
        seconds, findings, items = best_time(size, args.runs)
        times[size] = seconds
        print(
            f"{size:<5}{spec.tools:>7,}{spec.integrations:>9,}{spec.touchpoints:>9,}"
            f"{findings:>10,}{items:>7}{seconds * 1000:>10.1f}"
        )
    if "M" in times and "L" in times:
        size_ratio = rows("L") / rows("M")
        time_ratio = times["L"] / times["M"]
        print(
            f"\nM → L: size × {size_ratio:.1f}, time × {time_ratio:.1f} "
            f"(time ratio / size ratio = {time_ratio / size_ratio:.2f}; 1 = linear)"
        )
    if "L" in times:
        verdict = "meets" if times["L"] < TARGET_L_SECONDS else "MISSES"
        print(f"L: {times['L']:.3f} s — {verdict} the {TARGET_L_SECONDS:g} s target")
    return times


if __name__ == "__main__":
    main()
