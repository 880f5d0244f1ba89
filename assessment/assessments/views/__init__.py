"""Assessment list/detail/add/edit/delete/archive: the generic object views over the
services."""

from assessment.assessments.views.browse import (
    AssessmentDetailView,
    AssessmentListView,
    AssessmentViewMixin,
)
from assessment.assessments.views.changes import (
    AssessmentArchiveView,
    AssessmentCreateView,
    AssessmentDeleteView,
    AssessmentPinView,
    AssessmentUnarchiveView,
    AssessmentUnpinView,
    AssessmentUpdateView,
)

__all__ = [
    "AssessmentArchiveView",
    "AssessmentCreateView",
    "AssessmentDeleteView",
    "AssessmentDetailView",
    "AssessmentListView",
    "AssessmentPinView",
    "AssessmentUnarchiveView",
    "AssessmentUnpinView",
    "AssessmentUpdateView",
    "AssessmentViewMixin",
]
