"""Validation of one question block: common fields, then what its type requires.

Type-specific rules live here because they are what makes scores trustworthy: five distinct
maturity levels, a score on every choice, bands that cover the allowed range exactly once.
"""

from __future__ import annotations

from typing import Any

from . import schema as s
from .fields import Checker, describe, is_number, shown
from .schema import Band, Choice, Condition, Level, Question, Tags
from .yamlnodes import Node

COMMON_FIELDS = (
    "key",
    "type",
    "text",
    "help",
    "weight",
    "scored",
    "allow_na",
    "show_if",
    "recommendation",
    "action",
    "tags",
)
#: An action titles a roadmap item: a short imperative, not a paragraph.
ACTION_MAX_LENGTH = 120
TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    s.MATURITY: ("levels",),
    s.YES_PARTLY_NO: (),
    s.SINGLE_CHOICE: ("choices",),
    s.MULTIPLE_CHOICE: ("choices", "scoring"),
    s.NUMBER: ("unit", "min", "max", "bands"),
    s.PERCENTAGE: ("bands",),
    s.SHORT_TEXT: (),
    s.LONG_TEXT: (),
}
LEAF_OPS = ("equals", "in", "answered", "gte", "lte")

# (question key, leaf condition, node) for every show_if leaf, checked once all are loaded.
ConditionRef = tuple[str, Condition, Node]


class QuestionChecker(Checker):
    def __init__(self, file: str):
        super().__init__(file)
        self.condition_refs: list[ConditionRef] = []
        self.loaded: list[tuple[Question, Node]] = []

    def question(self, node: Node, step: str, section: str) -> Question | None:
        type_node = node.get("type")
        qtype = type_node.value if type_node else None
        if type_node is not None and qtype not in s.QUESTION_TYPES:
            self.error(
                type_node,
                f"unknown question type {shown(qtype)}; "
                f"expected one of: {', '.join(s.QUESTION_TYPES)}",
            )
            qtype = None
        extra = TYPE_FIELDS[qtype] if qtype else tuple(f for v in TYPE_FIELDS.values() for f in v)
        if not self.mapping(node, COMMON_FIELDS + extra, ("key", "type", "text")):
            return None
        key = self.slug(node.get("key"))
        text = self.text(node.get("text"))
        weight = self.number(node.get("weight"), gt=0, what="weight")
        is_text = qtype in s.TEXT_TYPES
        scored = self.boolean(node.get("scored"), default=not is_text)
        if is_text and scored:
            self.error(node.get("scored"), "text questions are never scored; set scored: false")
            scored = False
        show_if = None
        if (cond_node := node.get("show_if")) is not None:
            show_if = self.condition(cond_node, key or "?")
        fields: dict[str, Any] = {}
        if qtype == s.MATURITY:
            fields["levels"] = self.levels(node)
        elif qtype in s.CHOICE_TYPES:
            fields["choices"] = self.choices(node, scored)
            if qtype == s.MULTIPLE_CHOICE:
                fields["scoring"] = self.scoring_rule(node.get("scoring"))
        elif qtype == s.NUMBER:
            fields.update(self.number_range(node, scored))
            if (unit := node.get("unit")) is not None:
                fields["unit"] = self.text(unit)
        elif qtype == s.PERCENTAGE:
            fields.update(min=0.0, max=100.0)
            fields["bands"] = self.bands(node, 0.0, 100.0, scored)
        if key is None or text is None or qtype is None:
            return None
        question = Question(
            key=key,
            type=qtype,
            text=text,
            step=step,
            section=section,
            help=self.text(node.get("help")),
            weight=weight if weight is not None else 1.0,
            scored=scored,
            allow_na=self.boolean(node.get("allow_na"), default=False),
            show_if=show_if,
            recommendation=self.text(node.get("recommendation")),
            action=self.action(node.get("action")),
            tags=self.tags(node.get("tags")),
            **fields,
        )
        self.loaded.append((question, node))
        return question

    def action(self, node: Node | None):
        text = self.text(node)
        if text is not None and node is not None:
            for language, value in text.values:
                if len(value) > ACTION_MAX_LENGTH:
                    self.error(
                        node,
                        f"an action titles a roadmap item: keep it to {ACTION_MAX_LENGTH} "
                        f"characters ({language}: {len(value)})",
                    )
        return text

    # -- type-specific blocks -------------------------------------------------------------

    def levels(self, question: Node) -> tuple[Level, ...]:
        node = question.get("levels")
        if node is None:
            self.error(question, "maturity questions need 'levels': 5 descriptions, 1 to 5")
            return ()
        items = self.sequence(node)
        if isinstance(node.value, list) and len(items) != s.MATURITY_LEVELS:
            self.error(
                node,
                f"maturity questions need exactly {s.MATURITY_LEVELS} levels (1-5), "
                f"got {len(items)}",
            )
        levels: list[Level] = []
        seen: dict[str, int] = {}
        for number, item in enumerate(items, start=1):
            text = self.text(item)
            if text is None:
                continue
            norm = " ".join(text.en.lower().split())
            if norm in seen:
                self.error(
                    item,
                    f"level {number} repeats the description of level {seen[norm]}; "
                    "each level needs its own concrete description",
                )
            seen.setdefault(norm, number)
            levels.append(Level(value=number, text=text))
        return tuple(levels)

    def choices(self, question: Node, scored: bool) -> tuple[Choice, ...]:
        node = question.get("choices")
        if node is None:
            self.error(question, "choice questions need 'choices'")
            return ()
        result: list[Choice] = []
        seen: set[str] = set()
        for item in self.sequence(node, min_items=2, what="choice"):
            if not self.mapping(item, ("key", "label", "score"), ("key", "label")):
                continue
            key = self.slug(item.get("key"))
            if key is not None and key in seen:
                self.error(item.get("key"), f"duplicate choice key {key!r}")
            score_node = item.get("score")
            if score_node is None and scored:
                self.error(item, f"choice {key!r} has no score; scored choices need a 0-100 score")
            score = self.number(score_node, ge=0, le=100, what="score")
            label = self.text(item.get("label"))
            if key is not None and label is not None:
                seen.add(key)
                result.append(Choice(key=key, label=label, score=score))
        return tuple(result)

    def scoring_rule(self, node: Node | None) -> str:
        if node is None:
            return "sum"
        if node.value not in s.MULTIPLE_SCORING_RULES:
            rules = ", ".join(s.MULTIPLE_SCORING_RULES)
            self.error(node, f"scoring must be one of: {rules}; got {describe(node.value)}")
            return "sum"
        return node.value

    def number_range(self, question: Node, scored: bool) -> dict[str, Any]:
        low = self.number(question.get("min"), what="min")
        high = self.number(question.get("max"), what="max")
        if low is not None and high is not None and high <= low:
            self.error(question.get("max"), f"max ({high:g}) must be greater than min ({low:g})")
            high = None
        if scored and low is None and question.get("min") is None:
            self.error(question, "scored number questions need 'min' (the first band starts there)")
        bands = self.bands(question, low, high, scored) if low is not None else ()
        return {"min": low, "max": high, "bands": bands}

    def bands(
        self, question: Node, low: float | None, high: float | None, scored: bool
    ) -> tuple[Band, ...]:
        node = question.get("bands")
        if node is None:
            if scored:
                self.error(question, "scored number and percentage questions need 'bands'")
            return ()
        items = self.sequence(node, min_items=1, what="band")
        bands: list[Band] = []
        previous: Band | None = None
        for index, item in enumerate(items):
            last = index == len(items) - 1
            if not self.mapping(item, ("min", "max", "score"), ("min", "score")):
                previous = None
                continue
            bmin = self.number(item.get("min"), what="band min")
            bmax = self.number(item.get("max"), what="band max")
            score = self.number(item.get("score"), ge=0, le=100, what="score")
            if bmin is None or score is None or (item.get("max") is not None and bmax is None):
                previous = None
                continue
            problem = self._band_problem(bmin, bmax, low, high, previous, index, last)
            if problem:
                self.error(item, problem)
            band = Band(min=bmin, max=bmax, score=score)
            bands.append(band)
            previous = band
        return tuple(bands)

    @staticmethod
    def _band_problem(
        bmin: float,
        bmax: float | None,
        low: float | None,
        high: float | None,
        previous: Band | None,
        index: int,
        last: bool,
    ) -> str | None:
        rng = f"{low:g}-{high:g}" if high is not None else f"{low:g} and up"
        if bmax is not None and bmax <= bmin:
            return f"band max ({bmax:g}) must be greater than its min ({bmin:g})"
        if (low is not None and bmin < low) or (
            high is not None and bmax is not None and bmax > high
        ):
            return f"band is out of the question's range {rng}"
        if index == 0 and low is not None and bmin != low:
            return f"the first band must start at the question's min ({low:g}), not {bmin:g}"
        if previous is not None and previous.max is not None:
            if bmin < previous.max:
                return (
                    f"band overlaps the previous one (starts at {bmin:g}, "
                    f"previous ends at {previous.max:g})"
                )
            if bmin > previous.max:
                return f"gap between {previous.max:g} and {bmin:g}: bands must be contiguous"
        if bmax is None and not last:
            return "only the last band may omit max"
        if last and bmax != high:
            if high is None:
                return "the last band must omit max: the question has no max"
            return f"the last band must end at the question's max ({high:g})"
        return None

    def tags(self, node: Node | None) -> Tags:
        if node is None:
            return Tags()
        if not self.mapping(node, tuple(s.TAG_VOCABULARIES)):
            return Tags()
        found: dict[str, tuple[str, ...]] = {}
        for group, vocabulary in s.TAG_VOCABULARIES.items():
            group_node = node.get(group)
            if group_node is None:
                continue
            values: list[str] = []
            for item in self.sequence(group_node):
                if item.value not in vocabulary:
                    self.error(
                        item,
                        f"unknown {_SINGULAR[group]} tag {shown(item.value)}; "
                        f"allowed: {', '.join(vocabulary)}",
                    )
                elif item.value not in values:
                    values.append(item.value)
            found[group] = tuple(values)
        return Tags(**found)

    # -- show_if --------------------------------------------------------------------------

    def condition(self, node: Node, owner: str) -> Condition | None:
        value = node.value
        if isinstance(value, dict) and ("all" in value or "any" in value):
            op = "all" if "all" in value else "any"
            if not self.mapping(node, (op,), (op,)):
                return None
            children = self.sequence(node.get(op), min_items=1, what="condition")
            parsed = [self.condition(child, owner) for child in children]
            if not children or any(c is None for c in parsed):
                return None
            return Condition(op=op, conditions=tuple(c for c in parsed if c is not None))
        if not self.mapping(node, ("question", *LEAF_OPS), ("question",)):
            return None
        ops = [op for op in LEAF_OPS if op in value]
        if len(ops) != 1:
            self.error(
                node,
                "a condition needs exactly one of: "
                f"{', '.join(LEAF_OPS)} (or use all:/any: to combine)",
            )
            return None
        op = ops[0]
        question = self.slug(node.get("question"))
        operand = self._operand(node.get(op), op)
        if question is None or operand is _INVALID:
            return None
        condition = Condition(op=op, question=question, value=operand)
        self.condition_refs.append((owner, condition, node))
        return condition

    def _operand(self, node: Node, op: str) -> Any:
        value = node.value
        if op == "answered":
            if not isinstance(value, bool):
                self.error(node, f"answered must be true or false, got {describe(value)}")
                return _INVALID
            return value
        if op in ("gte", "lte"):
            if not is_number(value):
                self.error(node, f"{op} needs a number, got {describe(value)}")
                return _INVALID
            return float(value)
        if op == "in":
            if not isinstance(value, list) or not value:
                self.error(node, f"'in' needs a non-empty list, got {describe(value)}")
                return _INVALID
            if not all(_is_scalar(v) for v in value):
                self.error(node, "'in' values must be plain text or numbers")
                return _INVALID
            return tuple(value)
        if not _is_scalar(value):
            self.error(node, f"equals needs plain text or a number, got {describe(value)}")
            return _INVALID
        return value


_INVALID = object()
_SINGULAR = {"stages": "stage", "categories": "category", "concerns": "concern"}


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str) or is_number(value)
