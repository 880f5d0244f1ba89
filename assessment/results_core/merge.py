"""Merge a regenerated roadmap into the one the lead has curated, without losing their work.

Pure: it returns a ``MergePlan`` (create / update / resolve / keep, plus the final order)
for the ORM layer to apply. The rules (docs/scoring.md, "Regenerating"):

- a field the user edited is never overwritten;
- a dismissed item is never resurrected, updated or resolved;
- a proposed item with a new key is created;
- a generated item whose key is no longer proposed (its finding disappeared) is resolved,
  unless it is dismissed or already resolved; items the user created are left alone;
- any other matching item has its unedited fields refreshed; an item the engine resolved
  earlier whose finding came back is reopened (unless the user set its status);
- order: existing items keep the user's order; new items follow, by priority.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .roadmap import ProposedItem

STATUSES: tuple[str, ...] = ("open", "accepted", "dismissed", "resolved")
# Fields regeneration refreshes (when the user has not edited them).
REFRESHED_FIELDS: tuple[str, ...] = (
    "title",
    "description",
    "step",
    "impact",
    "effort",
    "priority",
    "horizon",
    "quadrant",
    "dependencies",
    "savings",
    "currency",
    "finding_keys",
)


@dataclass(frozen=True)
class ExistingItem:
    key: str
    status: str = "open"  # open / accepted / dismissed / resolved
    edited_fields: frozenset[str] = frozenset()  # field names the user changed
    values: Mapping[str, Any] = field(default_factory=dict)  # current field values
    generated: bool = True  # False for items the user added by hand

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        object.__setattr__(self, "edited_fields", frozenset(self.edited_fields))
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))


@dataclass(frozen=True)
class ItemUpdate:
    key: str
    changes: Mapping[str, Any]  # field → new value (only fields that differ)


@dataclass(frozen=True)
class MergePlan:
    create: tuple[ProposedItem, ...]
    update: tuple[ItemUpdate, ...]
    resolve: tuple[str, ...]
    keep: tuple[str, ...]
    order: tuple[str, ...]  # every key, existing (user order) first, then created


def _same(current: Any, new: Any) -> bool:
    """Compare stored and proposed values (lists vs tuples, "12.00" vs Decimal)."""
    if isinstance(current, list | tuple) and isinstance(new, list | tuple):
        return tuple(current) == tuple(new)
    if isinstance(new, Decimal) and current is not None:
        try:
            return Decimal(str(current)) == new
        except ArithmeticError:
            return False
    return current == new


def merge(existing: Sequence[ExistingItem], proposed: Sequence[ProposedItem]) -> MergePlan:
    """Plan how to bring ``existing`` (in the user's order) up to date with ``proposed``."""
    by_key = {item.key: item for item in proposed}
    known = {item.key for item in existing}
    update, resolve, keep = [], [], []
    for item in existing:
        new = by_key.get(item.key)
        if item.status == "dismissed":
            keep.append(item.key)
        elif new is None:
            if item.generated and item.status != "resolved":
                resolve.append(item.key)
            else:
                keep.append(item.key)
        else:
            changes = {
                name: getattr(new, name)
                for name in REFRESHED_FIELDS
                if name not in item.edited_fields
                and not _same(item.values.get(name), getattr(new, name))
            }
            if item.status == "resolved" and "status" not in item.edited_fields:
                changes["status"] = "open"
            if changes:
                update.append(ItemUpdate(item.key, MappingProxyType(changes)))
            else:
                keep.append(item.key)
    create = sorted((p for p in proposed if p.key not in known), key=lambda p: p.priority)
    order = tuple(item.key for item in existing) + tuple(p.key for p in create)
    return MergePlan(tuple(create), tuple(update), tuple(resolve), tuple(keep), order)
