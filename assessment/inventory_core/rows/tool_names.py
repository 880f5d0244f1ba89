"""List cells: splitting multi-value cells, and tool names that contain separators."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assessment.inventory_core.base import (
    is_blank,
)
from assessment.inventory_core.normalise import normalise_name

_MULTI_SPLIT = re.compile(r"[,;|\n\r]+")


def split_multi(text: str) -> list[str]:
    """Parts of a multi-value cell, split on , ; | and line breaks; blanks dropped."""
    return [p.strip() for p in _MULTI_SPLIT.split(text) if not is_blank(p)]


KEEP_SPLIT = re.compile(r"([,;|\n\r]+)")


def list_name_key(name: str) -> str:
    """How a tool name is compared inside a list cell: case- and spacing-insensitive, also
    around separators ("Acme,Inc." is "Acme, Inc."); a line break stays a line break."""
    pieces = KEEP_SPLIT.split(str(name))
    return "".join(p if i % 2 else normalise_name(p) for i, p in enumerate(pieces))


@dataclass(frozen=True, slots=True)
class ToolNames:
    """The tools a list cell may name: :func:`list_name_key` → name, and how many separator
    runs the longest-spanning name contains (how far a match may reach)."""

    by_key: Mapping[str, str]
    max_separators: int

    @classmethod
    def of(cls, names: Iterable[str]) -> ToolNames:
        names = sorted(set(names), key=lambda n: (n.casefold(), n))
        by_key: dict[str, str] = {}
        for name in names:
            by_key.setdefault(list_name_key(name), name)
        spans = [len(KEEP_SPLIT.findall(n)) for n in names]
        return cls(by_key, max(spans, default=0))


def split_tool_names(text: str, known: ToolNames) -> tuple[list[str], list[str]]:
    """(tools named in a list cell, parts that name no tool).

    The cell is split on , ; | and line breaks, but at each position the longest run of
    parts that is a known tool's name is taken first, so "Acme, Inc.; Other" names the two
    tools "Acme, Inc." and "Other" when both exist. Blank parts are dropped.
    """
    pieces = KEEP_SPLIT.split(str(text))
    parts, separators = pieces[0::2], pieces[1::2]
    found: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(parts):
        if is_blank(parts[i]):
            i += 1
            continue
        last = min(len(parts) - 1, i + known.max_separators)
        for j in range(last, i - 1, -1):
            candidate = parts[i] + "".join(separators[k] + parts[k + 1] for k in range(i, j))
            name = known.by_key.get(list_name_key(candidate))
            if name is not None:
                found.append(name)
                i = j + 1
                break
        else:
            unknown.append(parts[i].strip())
            i += 1
    return list(dict.fromkeys(found)), unknown


def join_tool_names(names: Sequence[str], known: ToolNames) -> str:
    """A list cell for ``names`` that :func:`split_tool_names` reads back as exactly
    ``names``: joined with "; ", else " | ", else line breaks."""
    for separator in ("; ", " | ", "\n"):
        text = separator.join(names)
        if split_tool_names(text, known) == (list(dict.fromkeys(names)), []):
            return text
    return "; ".join(names)
