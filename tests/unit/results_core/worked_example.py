"""Load the worked example of docs/scoring.md from the document itself.

The document holds the framework and the data in fenced blocks, each right after a
``<!-- worked-example:NAME -->`` marker, so the doc and the test can never drift apart.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import yaml

from assessment.questionnaire_core import load_framework_text
from assessment.results_core import (
    AnswerFact,
    AssessmentInput,
    IntegrationFact,
    ToolFact,
    TouchpointFact,
)

DOC = Path(__file__).resolve().parents[3] / "docs" / "scoring.md"
BLOCK = r"<!-- worked-example:{name} -->\s*```yaml\n(.*?)```"


def block(name: str, text: str | None = None) -> str:
    text = DOC.read_text(encoding="utf-8") if text is None else text
    match = re.search(BLOCK.format(name=name), text, re.DOTALL)
    if match is None:
        raise AssertionError(f"no worked-example:{name} block in {DOC}")
    return match.group(1)


def _tuples(row: dict) -> dict:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in row.items()}


def load_worked_example() -> AssessmentInput:
    text = DOC.read_text(encoding="utf-8")
    framework = load_framework_text(block("framework", text), "scoring.md")
    data = yaml.safe_load(block("data", text))
    answers = tuple(
        AnswerFact(number, key, None if value == "n/a" else value, value == "n/a")
        for number, (key, value) in enumerate(data["answers"].items(), start=1)
    )
    tools = []
    for row in data["tools"]:
        row = _tuples(row)
        if row.get("annual_cost") is not None:
            row["annual_cost"] = Decimal(row["annual_cost"])
        tools.append(ToolFact(**row))
    return AssessmentInput(
        framework=framework,
        answers=answers,
        tools=tuple(tools),
        integrations=tuple(IntegrationFact(**_tuples(r)) for r in data["integrations"]),
        touchpoints=tuple(TouchpointFact(**_tuples(r)) for r in data["touchpoints"]),
        targets=data["targets"],
        today=data["today"],
    )
