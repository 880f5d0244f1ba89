"""Cross-question checks for ``show_if``: references exist, values fit, no cycles.

These need every question loaded first, so they run after the per-question pass.
"""

from __future__ import annotations

from . import schema as s
from .fields import Checker, is_number
from .questions import ConditionRef
from .schema import Condition, Question


def check_conditions(
    checker: Checker, questions: dict[str, Question], refs: list[ConditionRef]
) -> None:
    for owner, leaf, node in refs:
        target_key = leaf.question
        if target_key == owner:
            checker.error(node, f"show_if of {owner!r} refers to the question itself")
            continue
        target = questions.get(target_key or "")
        if target is None:
            checker.error(node, f"show_if refers to unknown question {target_key!r}")
            continue
        problem = _operand_problem(leaf, target)
        if problem:
            checker.error(node, problem)
    _check_cycles(checker, questions, refs)


def _operand_problem(leaf: Condition, target: Question) -> str | None:
    op, kind, key = leaf.op, target.type, target.key
    if op == "answered":
        return None
    if kind in s.TEXT_TYPES:
        return f"{key!r} is a text question: it can only be tested with 'answered'"
    if op in ("gte", "lte"):
        if kind not in s.NUMERIC_TYPES:
            return f"{op} needs a maturity, number or percentage question; {key!r} is {kind}"
        return None
    values = leaf.value if op == "in" else (leaf.value,)
    for value in values:
        allowed = _allowed_values(target)
        if allowed is not None and value not in allowed:
            shown = ", ".join(str(a) for a in allowed)
            return f"{value!r} is not a possible answer of {key!r} (possible: {shown})"
        if allowed is None and not is_number(value):
            return f"{key!r} takes numbers; {value!r} is not a number"
    return None


def _allowed_values(target: Question) -> tuple[object, ...] | None:
    if target.type == s.MATURITY:
        return tuple(range(1, s.MATURITY_LEVELS + 1))
    if target.type == s.YES_PARTLY_NO:
        return tuple(s.YES_PARTLY_NO_SCORES)
    if target.type in s.CHOICE_TYPES:
        return tuple(c.key for c in target.choices)
    return None


def _check_cycles(checker: Checker, questions: dict[str, Question], refs: list[ConditionRef]):
    """Depth-first search over show_if edges; each cycle is reported once."""
    node_of = {}
    for owner, _leaf, node in refs:
        node_of.setdefault(owner, node)
    edges = {
        key: sorted(q.show_if.referenced_keys() & questions.keys() - {key})
        for key, q in questions.items()
        if q.show_if is not None
    }
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset[str]] = set()
    order = list(questions)

    def visit(key: str, path: list[str]) -> None:
        state[key] = 1
        path.append(key)
        for target in edges.get(key, ()):
            if state.get(target) == 1:
                cycle = path[path.index(target) :]
                members = frozenset(cycle)
                if members not in reported:
                    reported.add(members)
                    first = min(cycle, key=order.index)
                    start = cycle.index(first)
                    loop = [*cycle[start:], *cycle[:start], first]
                    checker.error(
                        node_of.get(first),
                        f"show_if creates a cycle: {' → '.join(loop)}",
                    )
            elif target not in state:
                visit(target, path)
        path.pop()
        state[key] = 2

    for key in order:
        if key not in state:
            visit(key, [])
