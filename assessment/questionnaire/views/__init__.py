"""Views of the questionnaire: assessments (generic object views), steps, answers, frameworks."""

from .answers import AnswerNoteView, AnswerSaveView
from .assessments import (
    AssessmentCreateView,
    AssessmentDeleteView,
    AssessmentDetailView,
    AssessmentListView,
    AssessmentUpdateView,
)
from .frameworks import FrameworkDetailView, FrameworkListView, FrameworkUploadView
from .steps import ReviewView, StepView

__all__ = [
    "AnswerNoteView",
    "AnswerSaveView",
    "AssessmentCreateView",
    "AssessmentDeleteView",
    "AssessmentDetailView",
    "AssessmentListView",
    "AssessmentUpdateView",
    "FrameworkDetailView",
    "FrameworkListView",
    "FrameworkUploadView",
    "ReviewView",
    "StepView",
]
