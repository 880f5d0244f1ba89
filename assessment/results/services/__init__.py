"""Writes of results, one module per concern; callers import them from here.

- `computing`: run the engine, store findings (rewritten where they changed) and the
  roadmap (merged).
- `curation`: the lead's edits of roadmap items (edited fields are kept on regeneration).
- `snapshots`: finalise, freezing everything in an `AssessmentSnapshot`.
- `thresholds`: the organisation's finding thresholds.
"""

from .computing import (
    Computed,
    compute_results,
    ensure_open,
    ensure_results,
    evaluate_assessment,
    finding_messages,
)
from .curation import (
    HORIZON_ORDER,
    accept_item,
    add_item,
    dismiss_item,
    move_item,
    reopen_item,
    reorder_items,
    shift_item,
    update_item,
)
from .snapshots import SNAPSHOT_VERSION, finalise, snapshot_payload
from .thresholds import save_thresholds, thresholds_row

__all__ = [
    "HORIZON_ORDER",
    "SNAPSHOT_VERSION",
    "Computed",
    "accept_item",
    "add_item",
    "compute_results",
    "dismiss_item",
    "ensure_open",
    "ensure_results",
    "evaluate_assessment",
    "finalise",
    "finding_messages",
    "move_item",
    "reopen_item",
    "reorder_items",
    "save_thresholds",
    "shift_item",
    "snapshot_payload",
    "thresholds_row",
    "update_item",
]
