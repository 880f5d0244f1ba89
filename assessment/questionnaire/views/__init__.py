"""Views of the questionnaire: steps, answers, frameworks."""

from .answers import AnswerNoteView, AnswerSaveView
from .frameworks import FrameworkDetailView, FrameworkListView, FrameworkUploadView
from .steps import ReviewView, StepView

__all__ = [
    "AnswerNoteView",
    "AnswerSaveView",
    "FrameworkDetailView",
    "FrameworkListView",
    "FrameworkUploadView",
    "ReviewView",
    "StepView",
]
