"""Views of the questionnaire: assessments (generic object views), steps, answers, frameworks."""

from .answers import AnswerNoteView, AnswerSaveView
from .assessments import (
    AssessmentArchiveView,
    AssessmentCreateView,
    AssessmentDeleteView,
    AssessmentDetailView,
    AssessmentListView,
    AssessmentUnarchiveView,
    AssessmentUpdateView,
)
from .frameworks import FrameworkDetailView, FrameworkListView, FrameworkUploadView
from .steps import ReviewView, StepView

__all__ = [
    "AnswerNoteView",
    "AnswerSaveView",
    "AssessmentArchiveView",
    "AssessmentCreateView",
    "AssessmentDeleteView",
    "AssessmentDetailView",
    "AssessmentListView",
    "AssessmentUnarchiveView",
    "AssessmentUpdateView",
    "FrameworkDetailView",
    "FrameworkListView",
    "FrameworkUploadView",
    "ReviewView",
    "StepView",
]
