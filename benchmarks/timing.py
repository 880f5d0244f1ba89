"""What the benchmarks share: the best of several timed runs, and the machine they ran on."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable


def best_of[T](fn: Callable[[], T], runs: int) -> tuple[float, T]:
    """The fastest wall time (time.perf_counter) of ``runs`` calls, with the last result:
    the best run is the one least disturbed by the rest of the machine."""
    result, fastest = None, float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest, result


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> str:
    """CPUs, model and Python: what docs/performance.md records beside the times."""
    return f"{os.cpu_count()} CPUs, {cpu_model()}, Python {platform.python_version()}"
