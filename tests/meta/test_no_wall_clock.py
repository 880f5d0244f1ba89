"""Wall-clock assertions stay out of the default run (docs/performance.md).

Speed targets are measured by benchmarks/ as ratios on a quiet machine; a test that
compares seconds fails on a busy CI machine without any regression. Generous guards
against pathological slowdowns may exist, but only behind `@pytest.mark.timing`, which
`make test` leaves out and CI runs apart (`make test-timing`).
"""

import ast
from pathlib import Path

CLOCKS = {"perf_counter", "monotonic", "time", "perf_counter_ns", "monotonic_ns", "time_ns"}
TESTS = Path(__file__).resolve().parent.parent


def _reads_a_clock(node: ast.AST) -> bool:
    for call in ast.walk(node):
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr in CLOCKS
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "time"
        ):
            return True
    return False


def _is_marked_timing(function: ast.FunctionDef) -> bool:
    return any("timing" in ast.unparse(decorator) for decorator in function.decorator_list)


def clocked_tests_without_the_marker(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.FunctionDef)
                and node.name.startswith("test_")
                and _reads_a_clock(node)
                and not _is_marked_timing(node)
            ):
                found.append(f"{path.relative_to(root)}::{node.name}")
    return found


def test_no_test_reads_the_clock_outside_the_timing_marker():
    assert clocked_tests_without_the_marker(TESTS) == []


def test_the_check_finds_an_unmarked_clock(tmp_path):
    (tmp_path / "test_x.py").write_text(
        "import time\n\n"
        "def test_fast():\n    start = time.perf_counter()\n"
        "    assert time.perf_counter() - start < 1\n\n"
        "@pytest.mark.timing\ndef test_marked():\n    time.monotonic()\n"
    )
    assert clocked_tests_without_the_marker(tmp_path) == ["test_x.py::test_fast"]
