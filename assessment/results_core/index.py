"""One pass over the inventories to build the lookups that metrics and rules share.

Building the index is O(tools + integrations + touchpoints); every rule then runs in
linear time (or n log n where it sorts), whatever the size of the organisation.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .facts import AssessmentInput, IntegrationFact, ToolFact, TouchpointFact


@dataclass(frozen=True)
class InventoryIndex:
    tools_by_id: dict[int, ToolFact]
    active_tools: tuple[ToolFact, ...]
    # tool id → live integrations touching it (as source or target)
    live_by_tool: dict[int, list[IntegrationFact]]
    # subcategory → active tools in it (subcategory "" is not indexed)
    active_by_subcategory: dict[str, list[ToolFact]]
    touchpoints_by_stage: dict[str, list[TouchpointFact]]

    @classmethod
    def build(cls, data: AssessmentInput) -> InventoryIndex:
        tools_by_id = {tool.id: tool for tool in data.tools}
        active = tuple(tool for tool in data.tools if tool.is_active)
        live_by_tool: dict[int, list[IntegrationFact]] = defaultdict(list)
        for integration in data.integrations:
            if integration.is_live:
                live_by_tool[integration.source_id].append(integration)
                if integration.target_id != integration.source_id:
                    live_by_tool[integration.target_id].append(integration)
        by_subcategory: dict[str, list[ToolFact]] = defaultdict(list)
        for tool in active:
            if tool.subcategory:
                by_subcategory[tool.subcategory].append(tool)
        by_stage: dict[str, list[TouchpointFact]] = defaultdict(list)
        for touchpoint in data.touchpoints:
            by_stage[touchpoint.stage].append(touchpoint)
        return cls(tools_by_id, active, dict(live_by_tool), dict(by_subcategory), dict(by_stage))

    def is_integrated(self, tool_id: int) -> bool:
        return bool(self.live_by_tool.get(tool_id))
