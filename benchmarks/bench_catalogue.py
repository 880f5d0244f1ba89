"""Time the catalogue's name typeahead (``assessment.discovery.catalogue.search``).

    python -m benchmarks.bench_catalogue                # 400 queries, 5 rounds
    python -m benchmarks.bench_catalogue --queries 1000

Queries are drawn (seeded) from the catalogue's own names as a person types them: the first
1, 2, 3 or 5 letters of a name, a word of it, two words' beginnings, the whole name in
upper case, accents and all. Each query is timed alone (time.perf_counter); the table gives
the median, 95th percentile and maximum per query over all rounds (the maximum is mostly
the machine pausing elsewhere; the slowest query's best round says what the code costs),
beside two baselines measured in the same run on the same queries: a bare dict lookup (the
floor of any answer) and a linear scan over the names folded in advance (what the index
saves). The target (issue 18) is an answer within 50 ms over the whole catalogue. Results:
docs/performance.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from assessment.discovery import catalogue
from assessment.discovery.catalogue import fold, words

from .timing import machine

TARGET_MS = 50.0


def make_queries(count: int, seed: int = 18) -> list[str]:
    rng = random.Random(seed)
    names = [e.name for e in catalogue.catalogue().entries]
    queries = []
    for _ in range(count):
        name = rng.choice(names)
        parts = name.split()
        kind = rng.randrange(6)
        if kind == 0:
            queries.append(name[:1])
        elif kind == 1:
            queries.append(name[:2])
        elif kind == 2:
            queries.append(name[: rng.choice((3, 5))])
        elif kind == 3:
            queries.append(rng.choice(parts)[:4])
        elif kind == 4 and len(parts) > 1:
            queries.append(" ".join(p[:3] for p in parts[:2]))
        else:
            queries.append(name.upper())
    return queries


def linear_scan(folded: list[tuple[str, list[str], object]], query: str, limit: int = 10):
    """The baseline: every name checked in turn (prefix of the name, or of a word)."""
    q = fold(query).strip()
    q_words = words(q)
    hits = []
    for name, name_words, entry in folded:
        if name.startswith(q):
            hits.append((0, len(name), name, entry))
        elif q_words and all(any(w.startswith(x) for w in name_words) for x in q_words):
            hits.append((1, len(name), name, entry))
    hits.sort(key=lambda h: h[:3])
    return [h[3] for h in hits[:limit]]


def timed(fn, queries: list[str], rounds: int) -> list[float]:
    """Milliseconds per query, every query of every round."""
    times = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            fn(query)
            times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered), p95, ordered[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    catalogue.catalogue.cache_clear()
    start = time.perf_counter()
    cat = catalogue.catalogue()
    load_ms = (time.perf_counter() - start) * 1000
    queries = make_queries(args.queries)
    folded = [(fold(e.name), words(fold(e.name)), e) for e in cat.entries]
    by_slug = {e.slug: e for e in cat.entries}

    rows = {
        "search (index)": timed(cat.search, queries, args.rounds),
        "baseline: linear scan": timed(lambda q: linear_scan(folded, q), queries, args.rounds),
        "baseline: dict lookup": timed(lambda q: by_slug.get(q), queries, args.rounds),
    }
    print(f"{machine()}; {len(cat):,} technologies; {len(queries)} queries × {args.rounds}")
    print(f"load and index the catalogue (first use): {load_ms:.0f} ms")
    print(f"{'':24} {'median':>10} {'p95':>10} {'max':>10}")
    for label, times in rows.items():
        median, p95, worst = summary(times)
        print(f"{label:24} {median:9.3f}ms {p95:9.3f}ms {worst:9.3f}ms")
    n = len(queries)
    per_query = [
        min(rows["search (index)"][r * n + i] for r in range(args.rounds)) for i in range(n)
    ]
    worst = max(range(n), key=per_query.__getitem__)
    print(
        f"slowest query, best of its {args.rounds} rounds: "
        f"{per_query[worst]:.3f} ms ({queries[worst]!r})"
    )
    search_median, search_p95, _max = summary(rows["search (index)"])
    scan_median, scan_p95, _max = summary(rows["baseline: linear scan"])
    dict_median, _p95, _max = summary(rows["baseline: dict lookup"])
    print(
        f"index vs linear scan: median {scan_median / search_median:.1f}× faster, "
        f"p95 {scan_p95 / search_p95:.1f}× faster; "
        f"index vs dict lookup: median {search_median / dict_median:.0f}× slower"
    )
    verdict = "met" if search_p95 < TARGET_MS else "NOT met"
    print(f"target p95 < {TARGET_MS:.0f} ms: {verdict} ({TARGET_MS / search_p95:.0f}× under)")


if __name__ == "__main__":
    main()
