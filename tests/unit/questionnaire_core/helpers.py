"""Small framework files for tests: one configurable step, four fixed minimal steps."""

from __future__ import annotations

import textwrap

from assessment.questionnaire_core import Framework, load_framework_text

HEAD = """\
version: 1
key: test-framework
title: Test framework
steps:
  - key: current_state
    title: Current state
    sections:
      - key: main
        title: Main
        questions:
"""

TAIL = """\
  - key: touchpoints
    title: Touchpoints
    sections:
      - key: main
        title: Main
        questions:
          - {key: t1, type: yes_partly_no, text: T1}
  - key: gaps
    title: Gaps
    sections:
      - key: main
        title: Main
        questions:
          - {key: g1, type: yes_partly_no, text: G1}
  - key: stack
    title: Stack
    sections:
      - key: main
        title: Main
        questions:
          - {key: s1, type: yes_partly_no, text: S1}
  - key: architecture
    title: Architecture
    sections:
      - key: main
        title: Main
        questions:
          - {key: a1, type: yes_partly_no, text: A1}
"""

LEVELS = "[Nothing written down., Ad hoc notes., Documented., Measured., Optimised daily.]"


def framework_yaml(questions: str, head: str = HEAD, tail: str = TAIL) -> str:
    """A whole file whose first step holds ``questions`` (YAML list items, unindented)."""
    body = textwrap.indent(textwrap.dedent(questions).strip("\n") + "\n", " " * 10)
    return head + body + tail


def load(questions: str) -> Framework:
    return load_framework_text(framework_yaml(questions), "test.yaml")


def line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")
