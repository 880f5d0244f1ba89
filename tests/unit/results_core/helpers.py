"""Builders for engine tests: facts with sensible defaults, inputs on the default framework."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from assessment.questionnaire_core import NA, Framework, load_default_framework
from assessment.results_core import (
    AnswerFact,
    AssessmentInput,
    IntegrationFact,
    Thresholds,
    ToolFact,
    TouchpointFact,
)

TODAY = dt.date(2025, 6, 2)


def tool(id: int, **fields: Any) -> ToolFact:
    fields.setdefault("name", f"Tool {id}")
    fields.setdefault("subcategory", f"sub{id}")
    if "annual_cost" in fields and fields["annual_cost"] is not None:
        fields["annual_cost"] = Decimal(str(fields["annual_cost"]))
    return ToolFact(id=id, **fields)


def integration(id: int, source: int = 1, target: int = 2, **fields: Any) -> IntegrationFact:
    return IntegrationFact(id=id, source_id=source, target_id=target, **fields)


def touchpoint(id: int, stage: str = "awareness", channel: str = "web", **fields: Any):
    fields.setdefault("name", f"Touchpoint {id}")
    return TouchpointFact(id=id, stage=stage, channel=channel, **fields)


def answers(values: dict[str, Any]) -> tuple[AnswerFact, ...]:
    return tuple(
        AnswerFact(number, key, None if value is NA else value, value is NA)
        for number, (key, value) in enumerate(values.items(), start=1)
    )


def make_input(
    *,
    framework: Framework | None = None,
    answer_values: dict[str, Any] | None = None,
    tools: tuple = (),
    integrations: tuple = (),
    touchpoints: tuple = (),
    targets: dict[str, float | None] | None = None,
    thresholds: Thresholds | None = None,
    today: dt.date = TODAY,
) -> AssessmentInput:
    return AssessmentInput(
        framework=framework or load_default_framework(),
        answers=answers(answer_values or {}),
        tools=tools,
        integrations=integrations,
        touchpoints=touchpoints,
        targets=targets or {},
        thresholds=thresholds or Thresholds(),
        today=today,
    )
