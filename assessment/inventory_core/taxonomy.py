"""The reference lists (tool categories, journey stages, channels, …) as frozen dataclasses.

The seed lives in ``assessment/data/taxonomy.yaml``; organisations edit their own copy, so
:func:`parse_taxonomy` validates any mapping of the same shape (unique keys, no alias that
points at two entries) instead of trusting the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from assessment.inventory_core.normalise import normalise_key

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "taxonomy.yaml"

#: Plain choice lists: YAML key → attribute of :class:`Taxonomy`.
SIMPLE_LISTS = (
    "journey_stages",
    "segments",
    "data_objects",
    "frequencies",
    "integration_statuses",
    "tool_statuses",
    "lifecycle_decisions",
    "integration_layers",
    "integration_directions",
    "review_states",
    "criticalities",
    "data_sensitivities",
    "authentication_methods",
    "personalisation_levels",
)


class TaxonomyError(ValueError):
    """The taxonomy data is malformed (raised with a message naming the entry)."""


@dataclass(frozen=True, slots=True)
class Choice:
    key: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Channel(Choice):
    digital: bool = True


@dataclass(frozen=True, slots=True)
class Method(Choice):
    automated: bool = True


@dataclass(frozen=True, slots=True)
class Subcategory(Choice):
    group: str = ""


@dataclass(frozen=True, slots=True)
class CategoryGroup(Choice):
    subcategories: tuple[Subcategory, ...] = ()


@dataclass(frozen=True, slots=True)
class Taxonomy:
    category_groups: tuple[CategoryGroup, ...]
    channels: tuple[Channel, ...]
    integration_methods: tuple[Method, ...]
    lists: Mapping[str, tuple[Choice, ...]] = field(default_factory=dict)

    @property
    def subcategories(self) -> tuple[Subcategory, ...]:
        return tuple(s for g in self.category_groups for s in g.subcategories)

    def __getattr__(self, name: str) -> tuple[Choice, ...]:
        # Plain lists are reachable as attributes too: taxonomy.journey_stages.
        lists = object.__getattribute__(self, "lists")
        if name in lists:
            return lists[name]
        raise AttributeError(name)

    def choices(self, name: str) -> tuple[Choice, ...]:
        """Any list by its YAML name, including ``category_groups`` and ``subcategories``."""
        if name == "category_groups":
            return self.category_groups
        if name == "subcategories":
            return self.subcategories
        if name == "channels":
            return self.channels
        if name == "integration_methods":
            return self.integration_methods
        try:
            return self.lists[name]
        except KeyError:
            raise KeyError(f"unknown taxonomy list {name!r}") from None

    def options(self, name: str) -> dict[str, str]:
        """``{key: name}`` for a list, in file order (what :func:`parse_choice` takes)."""
        return {c.key: c.name for c in self.choices(name)}

    def aliases(self, name: str) -> dict[str, str]:
        """``{alias: key}`` for a list."""
        return {alias: c.key for c in self.choices(name) for alias in c.aliases}

    def get(self, name: str, key: str) -> Choice | None:
        return next((c for c in self.choices(name) if c.key == key), None)

    def group_of(self, subcategory_key: str) -> str | None:
        sub = self.get("subcategories", subcategory_key)
        return sub.group if isinstance(sub, Subcategory) else None

    @property
    def digital_channels(self) -> frozenset[str]:
        return frozenset(c.key for c in self.channels if c.digital)

    @property
    def automated_methods(self) -> frozenset[str]:
        return frozenset(m.key for m in self.integration_methods if m.automated)


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TaxonomyError(f"{where}: expected a non-empty string, got {value!r}")
    return value.strip()


def _aliases(entry: Mapping[str, Any], where: str) -> tuple[str, ...]:
    raw = entry.get("aliases") or ()
    if not isinstance(raw, list | tuple):
        raise TaxonomyError(f"{where}: aliases must be a list")
    return tuple(_str(a, f"{where} alias") for a in raw)


def _entries(data: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    raw = data.get(name)
    if not isinstance(raw, list) or not raw:
        raise TaxonomyError(f"{name}: expected a non-empty list")
    for i, entry in enumerate(raw):
        if not isinstance(entry, Mapping):
            raise TaxonomyError(f"{name}[{i}]: expected a mapping")
    return raw


def _check_unique(name: str, choices: tuple[Choice, ...]) -> None:
    """Keys unique; every normalised label/alias points at one entry only."""
    seen_keys: set[str] = set()
    owner: dict[str, str] = {}
    for c in choices:
        if c.key in seen_keys:
            raise TaxonomyError(f"{name}: duplicate key {c.key!r}")
        seen_keys.add(c.key)
        for text in (c.key, c.name, *c.aliases):
            norm = normalise_key(text)
            if owner.setdefault(norm, c.key) != c.key:
                raise TaxonomyError(f"{name}: {text!r} names both {owner[norm]!r} and {c.key!r}")


def _choice[C: Choice](kind: type[C], entry: Mapping[str, Any], where: str, **extra: Any) -> C:
    """One entry of any list: its key, name and aliases checked, then the kind's own fields."""
    return kind(
        _str(entry.get("key"), f"{where}.key"),
        _str(entry.get("name"), f"{where}.name"),
        _aliases(entry, where),
        **extra,
    )


def parse_taxonomy(data: Mapping[str, Any]) -> Taxonomy:
    """Build and validate a :class:`Taxonomy` from a mapping shaped like the YAML file."""
    groups = []
    for i, g in enumerate(_entries(data, "category_groups")):
        where = f"category_groups[{i}]"
        gkey = _str(g.get("key"), f"{where}.key")
        subs = tuple(
            _choice(Subcategory, s, f"{where}.subcategories[{j}]", group=gkey)
            for j, s in enumerate(_entries(g, "subcategories"))
        )
        groups.append(_choice(CategoryGroup, g, where, subcategories=subs))
    channels = tuple(
        _choice(Channel, c, f"channels[{i}]", digital=bool(c.get("digital", True)))
        for i, c in enumerate(_entries(data, "channels"))
    )
    methods = tuple(
        _choice(Method, m, f"integration_methods[{i}]", automated=bool(m.get("automated", True)))
        for i, m in enumerate(_entries(data, "integration_methods"))
    )
    lists = {
        name: tuple(_choice(Choice, c, f"{name}[{i}]") for i, c in enumerate(_entries(data, name)))
        for name in SIMPLE_LISTS
    }
    taxonomy = Taxonomy(tuple(groups), channels, methods, lists)
    for name in ("category_groups", "subcategories", "channels", "integration_methods", *lists):
        _check_unique(name, taxonomy.choices(name))
    return taxonomy


#: libyaml's parser where PyYAML has it (the wheels do): the same data, ~10× faster.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(fh) -> object:
    return yaml.load(fh, Loader=SafeLoader)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Load a taxonomy file; the bundled seed is parsed once and cached."""
    if path is None:
        return _default_taxonomy()
    with open(path, encoding="utf-8") as fh:
        return parse_taxonomy(read_yaml(fh))


@cache
def _default_taxonomy() -> Taxonomy:
    with open(DATA_FILE, encoding="utf-8") as fh:
        return parse_taxonomy(read_yaml(fh))
