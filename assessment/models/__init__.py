"""Models of the assessment app (one module per area, re-exported here)."""

from .questionnaire import Answer, Assessment, AssessmentStatus, FrameworkVersion

__all__ = ["Answer", "Assessment", "AssessmentStatus", "FrameworkVersion"]
