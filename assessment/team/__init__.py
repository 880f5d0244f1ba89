"""Assignments (who answers which step or question, by when) and each person's My work
page (issue 16; docs/questionnaire.md, docs/my-work.md)."""
