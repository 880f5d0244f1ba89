"""Tools, integrations (with IT's review), touchpoints, their import and export, and the
taxonomy (read). Writes go through `assessment.inventory.services`; validation is the
pages' forms; filters and sorting (`o`) are the pages' FilterSets."""

from assessment.api.inventory.import_jobs import ImportJobViewSet
from assessment.api.inventory.viewsets import (
    DataObjectViewSet,
    IntegrationViewSet,
    ToolCategoryViewSet,
    ToolSubcategoryViewSet,
    ToolViewSet,
    TouchpointViewSet,
)

__all__ = [
    "DataObjectViewSet",
    "ImportJobViewSet",
    "IntegrationViewSet",
    "ToolCategoryViewSet",
    "ToolSubcategoryViewSet",
    "ToolViewSet",
    "TouchpointViewSet",
]
