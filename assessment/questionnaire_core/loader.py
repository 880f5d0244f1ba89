"""Load a framework YAML file into immutable objects, refusing it with every problem found.

Entry points: ``load_framework(path)``, ``load_framework_text(text, filename)`` and
``load_default_framework()``. Problems are raised together as ``FrameworkError`` with file,
dotted path and line for each, so an author can fix a file in one go.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import yaml

from . import schema as s
from .errors import FrameworkError, FrameworkIssue
from .fields import FRAMEWORK_KEY_RE, describe, shown
from .questions import QuestionChecker
from .references import check_conditions
from .schema import Blend, Framework, MetricDefinition, Question, Section, Step
from .yamlnodes import Node, parse_yaml

DEFAULT_FRAMEWORK_PATH = Path(__file__).resolve().parent.parent / "frameworks" / "default.yaml"

FRAMEWORK_FIELDS = ("version", "key", "title", "description", "metrics", "steps")
STEP_FIELDS = ("key", "title", "intro", "weight", "blend", "sections")
SECTION_FIELDS = ("key", "title", "intro", "questions")


def load_framework(path: str | Path) -> Framework:
    path = Path(path)
    return load_framework_text(path.read_text(encoding="utf-8"), filename=path.name)


@lru_cache(maxsize=1)
def load_default_framework() -> Framework:
    return load_framework(DEFAULT_FRAMEWORK_PATH)


def load_framework_text(text: str, filename: str = "<string>") -> Framework:
    try:
        data = parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
        raise FrameworkError([FrameworkIssue(filename, "", line, message)]) from exc
    return _FrameworkLoader(filename).load(Node(data, "", 1))


class _FrameworkLoader(QuestionChecker):
    def load(self, root: Node) -> Framework:
        framework = self._framework(root)
        if self.issues or framework is None:
            raise FrameworkError(self.issues)
        return framework

    def _framework(self, root: Node) -> Framework | None:
        if root.value is None:
            self.error(root, "the file is empty")
            return None
        if not self.mapping(root, FRAMEWORK_FIELDS, ("version", "key", "title", "steps")):
            return None
        version = self._version(root.get("version"))
        key = self.slug(root.get("key"), pattern=FRAMEWORK_KEY_RE)
        title = self.text(root.get("title"))
        description = self.text(root.get("description"))
        metrics = self._metrics(root.get("metrics"))
        steps = self._steps(root.get("steps"))
        questions: dict[str, Question] = {}
        first_seen: dict[str, str] = {}
        for question, node in self.loaded:
            if question.key in questions:
                self.error(
                    node.get("key"),
                    f"duplicate question key {question.key!r} "
                    f"(already used at {first_seen[question.key]})",
                )
            else:
                questions[question.key] = question
                first_seen[question.key] = f"{node.path}, line {node.line}"
        check_conditions(self, questions, self.condition_refs)
        if version is None or key is None or title is None or self.issues:
            return None
        return Framework(
            key=key,
            version=version,
            title=title,
            description=description,
            steps=tuple(steps),
            metrics=tuple(metrics),
        )

    def _metrics(self, node: Node | None) -> list[MetricDefinition]:
        """``metrics:`` — per metric, its label, definition and what it counts."""
        if node is None or not self.mapping(node, tuple(s.METRIC_PARAMETERS)):
            return []
        result = []
        for key in node.value:
            if key not in s.METRIC_PARAMETERS:
                continue  # reported by mapping()
            item = node.get(key)
            parameters = s.METRIC_PARAMETERS[key]
            if item is None or not self.mapping(item, ("label", "definition", *parameters)):
                continue
            params = []
            for name, (vocabulary, _default) in parameters.items():
                values_node = item.get(name)
                if values_node is None:
                    continue
                allowed = s.METRIC_VOCABULARIES[vocabulary]
                values = []
                for value_node in self.sequence(values_node, min_items=1, what="value"):
                    if value_node.value not in allowed:
                        self.error(
                            value_node,
                            f"unknown value {shown(value_node.value)} for {name}; "
                            f"expected some of: {', '.join(allowed)}",
                        )
                    else:
                        values.append(value_node.value)
                params.append((name, tuple(values)))
            result.append(
                MetricDefinition(
                    key=key,
                    label=self.text(item.get("label")),
                    definition=self.text(item.get("definition")),
                    params=tuple(params),
                )
            )
        return result

    def _version(self, node: Node | None) -> int | None:
        if node is None:
            return None
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.error(node, f"version must be a whole number from 1, got {describe(value)}")
            return None
        return value

    def _steps(self, node: Node | None) -> list[Step]:
        if node is None:
            return []
        result: list[Step] = []
        keys: list[str] = []
        for item in self.sequence(node, min_items=1, what="step"):
            step = self._step(item)
            key_node = item.get("key")
            if key_node is not None and key_node.value in s.STEP_KEYS:
                if key_node.value in keys:
                    self.error(key_node, f"duplicate step {key_node.value!r}")
                keys.append(key_node.value)
            if step is not None:
                result.append(step)
        if isinstance(node.value, list) and keys and tuple(keys) != s.STEP_KEYS:
            self.error(
                node,
                f"steps must be the five steps in order: {', '.join(s.STEP_KEYS)}; "
                f"got {', '.join(keys)}",
            )
        return result

    def _step(self, node: Node) -> Step | None:
        if not self.mapping(node, STEP_FIELDS, ("key", "title", "sections")):
            return None
        key_node = node.get("key")
        key = key_node.value if key_node else None
        if key_node is not None and key not in s.STEP_KEYS:
            self.error(
                key_node, f"unknown step {shown(key)}; expected one of: {', '.join(s.STEP_KEYS)}"
            )
            key = None
        title = self.text(node.get("title"))
        intro = self.text(node.get("intro"))
        weight = self.number(node.get("weight"), gt=0, what="weight")
        blend = self._blend(node.get("blend"), key)
        sections = self._sections(node.get("sections"), key or "?")
        if key is None or title is None:
            return None
        return Step(
            key=key,
            title=title,
            intro=intro,
            weight=weight if weight is not None else 1.0,
            blend=blend,
            sections=tuple(sections),
        )

    def _blend(self, node: Node | None, step: str | None) -> Blend | None:
        if node is None or step is None:
            return None
        allowed = s.METRICS_BY_STEP.get(step)
        if allowed is None:
            steps = ", ".join(s.METRICS_BY_STEP)
            self.error(node, f"step {step!r} has no inventory metrics; blend is only for {steps}")
            return None
        if not self.mapping(node, ("questionnaire", "metrics"), ("questionnaire", "metrics")):
            return None
        questionnaire = self.number(node.get("questionnaire"), ge=0, le=1, what="weight")
        metrics_node = node.get("metrics")
        metrics: list[tuple[str, float]] = []
        if metrics_node is None or not self.mapping(metrics_node, allowed):
            return None
        if not metrics_node.value:
            self.error(metrics_node, "blend needs at least one metric weight")
            return None
        for metric in metrics_node.value:
            if metric in allowed:
                weight = self.number(metrics_node.get(metric), ge=0, le=1, what="weight")
                if weight is not None:
                    metrics.append((metric, weight))
        if questionnaire is None or len(metrics) != len(metrics_node.value):
            return None
        total = questionnaire + sum(w for _, w in metrics)
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            self.error(node, f"blend weights must add up to 1, got {total:g}")
            return None
        return Blend(questionnaire=questionnaire, metrics=tuple(metrics))

    def _sections(self, node: Node | None, step: str) -> list[Section]:
        if node is None:
            return []
        sections: list[Section] = []
        keys: set[str] = set()
        for item in self.sequence(node, min_items=1, what="section"):
            if not self.mapping(item, SECTION_FIELDS, ("key", "title", "questions")):
                continue
            key = self.slug(item.get("key"))
            if key is not None and key in keys:
                self.error(item.get("key"), f"duplicate section key {key!r} in this step")
            title = self.text(item.get("title"))
            intro = self.text(item.get("intro"))
            questions: list[Question] = []
            if (questions_node := item.get("questions")) is not None:
                for q_node in self.sequence(questions_node, min_items=1, what="question"):
                    question = self.question(q_node, step, key or "?")
                    if question is not None:
                        questions.append(question)
            if key is not None and title is not None:
                keys.add(key)
                sections.append(
                    Section(key=key, title=title, intro=intro, questions=tuple(questions))
                )
        return sections
