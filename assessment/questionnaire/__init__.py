"""The questionnaire: assessments, answers with autosave and conflict detection, frameworks."""
