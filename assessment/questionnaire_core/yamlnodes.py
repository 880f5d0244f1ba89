"""YAML loading that remembers line numbers, so validation messages can point at the file.

PyYAML drops source positions once it builds dicts and lists; this loader builds subclasses
that keep the line of every mapping key and sequence item. It also restricts booleans to
``true``/``false`` (YAML 1.2), so ``equals: no`` stays the string ``"no"`` rather than
``False`` — the answers ``yes``/``partly``/``no`` are values in this format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.resolver import BaseResolver

_BOOL_TAG = "tag:yaml.org,2002:bool"


class LineMap(dict):
    """A mapping with ``line`` (start), ``key_lines`` and duplicate keys seen while parsing."""

    line: int | None = None

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[Any, int] = {}
        self.duplicates: list[tuple[Any, int]] = []


class LineSeq(list):
    """A sequence with ``line`` (start) and the line of every item."""

    line: int | None = None

    def __init__(self) -> None:
        super().__init__()
        self.item_lines: list[int] = []


class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's C parser where PyYAML was built with it (the wheels are): the framework
    parses about 10× faster than with the pure-Python one; the same nodes and lines."""


LineLoader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
LineLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_map(loader: LineLoader, node: yaml.MappingNode) -> LineMap:
    loader.flatten_mapping(node)
    result = LineMap()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            key = str(key)
        line = key_node.start_mark.line + 1
        if key in result:
            result.duplicates.append((key, line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines.setdefault(key, line)
    return result


def _construct_seq(loader: LineLoader, node: yaml.SequenceNode) -> LineSeq:
    result = LineSeq()
    result.line = node.start_mark.line + 1
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.item_lines.append(item.start_mark.line + 1)
    return result


LineLoader.add_constructor(BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
LineLoader.add_constructor(BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)


def parse_yaml(text: str) -> Any:
    """Parse one YAML document with line information; raises ``yaml.YAMLError``."""
    return yaml.load(text, Loader=LineLoader)  # a SafeLoader subclass


@dataclass(frozen=True)
class Node:
    """A value in the parsed tree with its dotted path and source line."""

    value: Any
    path: str
    line: int | None

    def get(self, key: str) -> Node | None:
        value = self.value
        if not isinstance(value, dict) or key not in value:
            return None
        line = value.key_lines.get(key) if isinstance(value, LineMap) else self.line
        path = f"{self.path}.{key}" if self.path else key
        return Node(value[key], path, line)

    def items(self) -> list[Node]:
        value = self.value
        lines = value.item_lines if isinstance(value, LineSeq) else [self.line] * len(value)
        return [Node(item, f"{self.path}[{i}]", lines[i]) for i, item in enumerate(value)]
