"""Immutable model of a loaded framework and the vocabularies a framework file may use.

The loader builds these from YAML after validation, so the rest of the app can rely on them
being consistent (unique keys, valid references, no cycles) without re-checking.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cached_property
from typing import Any

from .text import Text

# Steps of the method, in order (see docs/framework.md).
STEP_KEYS: tuple[str, ...] = ("current_state", "touchpoints", "gaps", "stack", "architecture")

# Inventory metrics a step may blend with its questionnaire score, per step.
METRICS_BY_STEP: dict[str, tuple[str, ...]] = {
    "touchpoints": ("stage_coverage", "personalisation_coverage"),
    "stack": ("seat_utilisation", "overlap"),
    "architecture": ("tools_integrated", "integrations_automated", "integrations_verified"),
}

# What a framework file may tune in each metric's definition (``metrics:``), with the values
# each parameter may list and the definition used when the file says nothing.
METRIC_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "channels": (
        "web", "mobile_app", "email", "sms_push", "social", "chat", "paid", "paid_media",
        "search", "marketplace", "in_store", "sales_rep", "call_centre", "events", "partner",
        "direct_mail", "other",
    ),
    "personalisation": ("none", "rule_based", "individual"),
    "integration_statuses": ("live", "planned", "broken", "deprecated"),
    "methods": ("native", "api", "ipaas", "cdp", "webhook", "file", "manual"),
    "review_states": ("unreviewed", "verified", "flagged"),
}  # fmt: skip
DIGITAL_CHANNELS = (
    "web", "mobile_app", "email", "sms_push", "social", "chat", "paid", "paid_media", "search",
    "marketplace",
)  # fmt: skip
# metric → parameter → (vocabulary, default values)
METRIC_PARAMETERS: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    "stage_coverage": {"digital_channels": ("channels", DIGITAL_CHANNELS)},
    "personalisation_coverage": {
        "digital_channels": ("channels", DIGITAL_CHANNELS),
        "personalised": ("personalisation", ("rule_based", "individual")),
    },
    "seat_utilisation": {},
    "overlap": {},
    "tools_integrated": {"integration_statuses": ("integration_statuses", ("live",))},
    "integrations_automated": {"manual_methods": ("methods", ("manual", "file"))},
    "integrations_verified": {
        "verified_states": ("review_states", ("verified",)),
        "excluded_statuses": ("integration_statuses", ("deprecated",)),
    },
}

MATURITY = "maturity"
YES_PARTLY_NO = "yes_partly_no"
SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
NUMBER = "number"
PERCENTAGE = "percentage"
SHORT_TEXT = "short_text"
LONG_TEXT = "long_text"

QUESTION_TYPES: tuple[str, ...] = (
    MATURITY,
    YES_PARTLY_NO,
    SINGLE_CHOICE,
    MULTIPLE_CHOICE,
    NUMBER,
    PERCENTAGE,
    SHORT_TEXT,
    LONG_TEXT,
)
TEXT_TYPES = frozenset({SHORT_TEXT, LONG_TEXT})
CHOICE_TYPES = frozenset({SINGLE_CHOICE, MULTIPLE_CHOICE})
BANDED_TYPES = frozenset({NUMBER, PERCENTAGE})
NUMERIC_TYPES = frozenset({MATURITY, NUMBER, PERCENTAGE})

MATURITY_LEVELS = 5
YES_PARTLY_NO_SCORES: dict[str, float] = {"yes": 100.0, "partly": 50.0, "no": 0.0}
TEXT_MAX_LENGTH: dict[str, int] = {SHORT_TEXT: 200, LONG_TEXT: 5000}

# How a multiple-choice answer becomes one score: "sum" of the selected choices' scores
# capped at 100 (each practice adds points), "mean" or "max" of the selected scores.
MULTIPLE_SCORING_RULES: tuple[str, ...] = ("sum", "mean", "max")

TAG_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "stages": ("awareness", "engagement", "purchase", "fulfilment", "service", "advocacy"),
    "categories": ("advertising", "content", "social", "commerce", "data", "management"),
    "concerns": (
        "integration",
        "identity",
        "personalisation",
        "orchestration",
        "measurement",
        "governance",
        "alignment",
        "budget",
        "adoption",
        "vendor",
        "mobile",
        "self_service",
        "chatbot",
        "feedback",
        "strategy",
        "people",
        "research",
        "usability",
        "retention",
    ),
}


@dataclass(frozen=True)
class Level:
    """One rung of a maturity question: what you would observe at that level."""

    value: int
    text: Text


@dataclass(frozen=True)
class Choice:
    key: str
    label: Text
    score: float | None = None


@dataclass(frozen=True)
class Band:
    """Scores numbers in ``min <= value < max``; the last band includes its max (or is open)."""

    min: float
    max: float | None
    score: float

    def contains(self, value: float, last: bool = False) -> bool:
        if value < self.min:
            return False
        if self.max is None:
            return True
        return value <= self.max if last else value < self.max


@dataclass(frozen=True)
class Condition:
    """A ``show_if`` node: a leaf test on one question's answer, or an all/any combinator."""

    op: str  # equals | in | answered | gte | lte | all | any
    question: str | None = None
    value: Any = None
    conditions: tuple[Condition, ...] = ()

    def referenced_keys(self) -> frozenset[str]:
        if self.question is not None:
            return frozenset({self.question})
        return frozenset().union(*(c.referenced_keys() for c in self.conditions))


@dataclass(frozen=True)
class Tags:
    stages: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    concerns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Blend:
    """How a step score mixes the questionnaire with inventory metrics (weights sum to 1)."""

    questionnaire: float
    metrics: tuple[tuple[str, float], ...]

    def as_dict(self) -> dict[str, float]:
        return {"questionnaire": self.questionnaire, **dict(self.metrics)}


@dataclass(frozen=True)
class Question:
    key: str
    type: str
    text: Text
    step: str
    section: str
    help: Text | None = None
    weight: float = 1.0
    scored: bool = True
    allow_na: bool = False
    show_if: Condition | None = None
    recommendation: Text | None = None
    action: Text | None = None  # a short imperative: the title of its roadmap item
    tags: Tags = field(default_factory=Tags)
    levels: tuple[Level, ...] = ()
    choices: tuple[Choice, ...] = ()
    scoring: str | None = None
    unit: Text | None = None
    min: float | None = None
    max: float | None = None
    bands: tuple[Band, ...] = ()

    def choice(self, key: str) -> Choice | None:
        return next((c for c in self.choices if c.key == key), None)


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    questions: tuple[Question, ...]
    intro: Text | None = None


@dataclass(frozen=True)
class Step:
    key: str
    title: Text
    sections: tuple[Section, ...]
    intro: Text | None = None
    weight: float = 1.0
    blend: Blend | None = None

    def questions(self) -> Iterator[Question]:
        for section in self.sections:
            yield from section.questions


@dataclass(frozen=True)
class MetricDefinition:
    """What an inventory metric counts: its name and definition for people, and the
    vocabulary values it counts (``METRIC_PARAMETERS``; defaults where the file is silent)."""

    key: str
    label: Text | None = None
    definition: Text | None = None
    params: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def values(self, name: str) -> frozenset[str]:
        given = dict(self.params)
        if name in given:
            return frozenset(given[name])
        return frozenset(METRIC_PARAMETERS[self.key][name][1])


@dataclass(frozen=True)
class Framework:
    key: str
    version: int
    title: Text
    steps: tuple[Step, ...]
    description: Text | None = None
    metrics: tuple[MetricDefinition, ...] = ()

    def metric(self, key: str) -> MetricDefinition:
        """The file's definition of a metric, or the built-in one."""
        return next((m for m in self.metrics if m.key == key), MetricDefinition(key))

    def questions(self) -> list[Question]:
        """All questions in file order."""
        return [q for step in self.steps for q in step.questions()]

    @cached_property
    def _by_key(self) -> dict[str, Question]:
        return {q.key: q for q in self.questions()}

    def question(self, key: str) -> Question:
        """The question with this key; ``KeyError`` if absent."""
        return self._by_key[key]

    def step(self, key: str) -> Step:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    @cached_property
    def content_hash(self) -> str:
        """sha256 of the canonical content: unchanged by comments, key order or formatting."""
        canonical = json.dumps(to_data(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def to_data(obj: Any) -> Any:
    """Plain JSON-ready data for any framework object (used for hashing and diffs)."""
    if isinstance(obj, Text):
        return obj.as_data()
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, tuple | list):
        return [to_data(item) for item in obj]
    if isinstance(obj, float) and obj.is_integer():
        return int(obj)
    return obj
