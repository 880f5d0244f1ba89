"""What can be imported: the inventories, their models and the taxonomy fields."""

from __future__ import annotations

from assessment.inventory_core.fields import INTEGRATION, TOOL, TOUCHPOINT, InventorySpec
from assessment.models import (
    DataObject,
    Integration,
    Tool,
    ToolCategory,
    ToolSubcategory,
    Touchpoint,
)

ADD = "__add__"  # a choice resolution meaning "add this value to the taxonomy"

INVENTORIES: dict[str, InventorySpec] = {
    "tools": TOOL,
    "integrations": INTEGRATION,
    "touchpoints": TOUCHPOINT,
}
MODELS = {"tools": Tool, "integrations": Integration, "touchpoints": Touchpoint}
#: Choice fields whose values live in the organisation's editable taxonomy.
TAXONOMY_FIELDS = {
    "category": ToolCategory,
    "subcategory": ToolSubcategory,
    "data_objects": DataObject,
}
