"""Pages of results: the assessment dashboard, "why is this 42?", the roadmap, thresholds.

Thin views: load the assessment (scoped: another organisation's is a 404), check the role
(403), call one service or selector, render. htmx requests get one partial of the page's
own template (the roadmap board, one item card or its edit form).
"""

from assessment.results.views.dashboard import (
    AssessmentDashboardView,
    AssessmentExplainView,
    FinaliseView,
    RegenerateView,
)
from assessment.results.views.roadmap import (
    AssessmentRoadmapView,
    RoadmapItemAddView,
    RoadmapItemEditView,
    RoadmapItemMoveView,
    RoadmapItemStatusView,
    RoadmapRedirectView,
)
from assessment.results.views.thresholds import FindingThresholdsView

__all__ = [
    "AssessmentDashboardView",
    "AssessmentExplainView",
    "AssessmentRoadmapView",
    "FinaliseView",
    "FindingThresholdsView",
    "RegenerateView",
    "RoadmapItemAddView",
    "RoadmapItemEditView",
    "RoadmapItemMoveView",
    "RoadmapItemStatusView",
    "RoadmapRedirectView",
]
