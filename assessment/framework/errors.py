"""Errors raised by the framework layer.

A framework author needs every problem at once, located precisely, so loading collects
``FrameworkIssue`` objects and raises them together.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FrameworkIssue:
    file: str
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path or '<root>'}: {self.message}"


class FrameworkError(Exception):
    """A framework file was refused; ``issues`` lists every problem found."""

    def __init__(self, issues: list[FrameworkIssue]):
        self.issues = list(issues)
        super().__init__(str(self))

    @property
    def errors(self) -> list[FrameworkIssue]:
        return self.issues

    def __str__(self) -> str:
        count = len(self.issues)
        head = f"{count} problem{'s' if count != 1 else ''} in framework"
        return "\n".join([head + ":", *(f"  - {issue}" for issue in self.issues)])


class AnswerError(ValueError):
    """An answer does not fit its question; the message is safe to show to the user."""
