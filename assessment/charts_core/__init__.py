"""Server-rendered SVG charts (strings): stack map, integration map, touchpoint matrix, radar.

Each renderer is a pure function over small dataclasses; user text is XML-escaped, links
are same-site only, and nothing external (fonts, images, scripts) is referenced.
"""

from assessment.charts_core.integration_map import IntegrationEdge, integration_map
from assessment.charts_core.radar import RadarAxis, radar_chart
from assessment.charts_core.stack_map import ToolNode, stack_map
from assessment.charts_core.touchpoint_matrix import (
    TouchpointItem,
    touchpoint_grid,
    touchpoint_matrix,
)

__all__ = [
    "IntegrationEdge",
    "RadarAxis",
    "ToolNode",
    "TouchpointItem",
    "integration_map",
    "radar_chart",
    "stack_map",
    "touchpoint_grid",
    "touchpoint_matrix",
]
