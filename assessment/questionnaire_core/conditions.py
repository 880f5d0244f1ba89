"""Evaluate ``show_if`` conditions and work out which questions a respondent sees.

Kept free of Django so the same rules drive the form, the API, scoring and the PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .answers import NA
from .fields import is_number
from .schema import Condition, Framework, Question


def is_answered(value: Any) -> bool:
    """An answer exists and is not "not applicable" (an empty multiple choice counts)."""
    if value is None or value is NA:
        return False
    return not (isinstance(value, str) and not value.strip())


def evaluate_condition(condition: Condition, answers: Mapping[str, Any]) -> bool:
    """True when ``condition`` holds for ``answers`` (question key → clean answer)."""
    return _evaluate(condition, answers, lambda _key: True)


def _evaluate(
    condition: Condition, answers: Mapping[str, Any], visible: Callable[[str], bool]
) -> bool:
    if condition.op == "all":
        return all(_evaluate(c, answers, visible) for c in condition.conditions)
    if condition.op == "any":
        return any(_evaluate(c, answers, visible) for c in condition.conditions)
    key = condition.question or ""
    if not visible(key):
        # A test on a hidden question is false, so children of hidden questions stay hidden.
        return False
    answer = answers.get(key)
    if condition.op == "answered":
        return is_answered(answer) == condition.value
    if not is_answered(answer):
        return False
    if condition.op == "equals":
        return _matches(answer, (condition.value,))
    if condition.op == "in":
        return _matches(answer, condition.value)
    if not is_number(answer):
        return False
    if condition.op == "gte":
        return answer >= condition.value
    if condition.op == "lte":
        return answer <= condition.value
    raise ValueError(f"unknown condition operator {condition.op!r}")


def _matches(answer: Any, values: tuple[Any, ...]) -> bool:
    """Multiple-choice answers match when any selected key is among ``values``."""
    if isinstance(answer, list | tuple | set | frozenset):
        return any(item in values for item in answer)
    return any(answer == v and isinstance(answer, str) == isinstance(v, str) for v in values)


def visible_questions(framework: Framework, answers: Mapping[str, Any]) -> list[Question]:
    """Questions to show, in order; a question whose parent is hidden is hidden too."""
    memo: dict[str, bool] = {}

    def visible(key: str) -> bool:
        if key not in memo:
            question = framework.question(key)
            # show_if graphs are acyclic (checked on load), so this recursion terminates.
            memo[key] = question.show_if is None or _evaluate(question.show_if, answers, visible)
        return memo[key]

    return [q for q in framework.questions() if visible(q.key)]


def visible_answers(framework: Framework, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers restricted to visible questions: hidden answers must not count in scores."""
    keys = {q.key for q in visible_questions(framework, answers)}
    return {key: value for key, value in answers.items() if key in keys}
