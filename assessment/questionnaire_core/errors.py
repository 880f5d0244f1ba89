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


def gettext_noop(message: str) -> str:
    """Mark ``message`` for extraction (makemessages knows this keyword) without importing
    Django: the framework layer stays pure, and the web layer translates ``template``."""
    return message


class AnswerError(ValueError):
    """An answer does not fit its question; the message is safe to show to the user.

    ``template`` is the English message (marked with ``gettext_noop`` where it is raised) and
    ``params`` fills its ``%(name)s`` placeholders; ``str(error)`` is the English message. The
    Django layer shows ``error.format(gettext(error.template))``.
    """

    def __init__(self, template: str, params: dict[str, object] | None = None):
        self.template = template
        self.params = dict(params or {})
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.format(self.template)

    def format(self, template: str) -> str:
        """``template`` (the English one or its translation) with the params filled in."""
        return template % self.params if self.params else template
