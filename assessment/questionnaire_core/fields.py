"""Field-level checks shared by the loader: each reports problems and returns a clean value.

Checks never raise; they record a ``FrameworkIssue`` and return ``None`` so validation can
carry on and report every problem in one pass.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from .errors import FrameworkIssue
from .text import DEFAULT_LANGUAGE, Text
from .yamlnodes import LineMap, Node

SLUG_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
FRAMEWORK_KEY_RE = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def shown(value: Any) -> str:
    """A value as an author typed it: quoted text, otherwise a description."""
    return repr(value) if isinstance(value, str) else describe(value)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class Checker:
    """Collects issues for one file."""

    def __init__(self, file: str):
        self.file = file
        self.issues: list[FrameworkIssue] = []

    def error(self, node: Node | None, message: str, *, path: str | None = None) -> None:
        self.issues.append(
            FrameworkIssue(
                file=self.file,
                path=path if path is not None else (node.path if node else ""),
                line=node.line if node else None,
                message=message,
            )
        )

    def mapping(self, node: Node, allowed: Iterable[str], required: Iterable[str] = ()) -> bool:
        """Is a mapping; reports duplicate, unknown and missing keys. False if not a mapping."""
        value = node.value
        if not isinstance(value, dict):
            self.error(node, f"expected a mapping, got {describe(value)}")
            return False
        allowed = set(allowed)
        if isinstance(value, LineMap):
            for key, line in value.duplicates:
                self.issues.append(
                    FrameworkIssue(self.file, _join(node.path, key), line, "duplicate field")
                )
        for key in value:
            if key not in allowed:
                child = node.get(key)
                hint = ", ".join(sorted(allowed))
                self.error(child, f"unknown field {key!r} (allowed: {hint})")
        for key in required:
            if key not in value:
                self.error(node, f"missing required field {key!r}")
        return True

    def sequence(self, node: Node, *, min_items: int = 0, what: str = "item") -> list[Node]:
        if not isinstance(node.value, list):
            self.error(node, f"expected a list, got {describe(node.value)}")
            return []
        if len(node.value) < min_items:
            self.error(node, f"needs at least {min_items} {what}{'s' if min_items > 1 else ''}")
        return node.items()

    def text(self, node: Node | None) -> Text | None:
        """A non-empty string (English) or a mapping of language → string with ``en``."""
        if node is None:
            return None
        value = node.value
        if isinstance(value, str):
            if not value.strip():
                self.error(node, "text must not be empty")
                return None
            return Text.of(value.strip())
        if not isinstance(value, dict):
            expected = "expected text or a mapping of language to text"
            self.error(node, f"{expected}, got {describe(value)}")
            return None
        ok = True
        clean: dict[str, str] = {}
        for lang, text in value.items():
            child = node.get(lang) if isinstance(lang, str) else node
            if not isinstance(lang, str) or not LANG_RE.match(lang):
                self.error(child, f"{lang!r} is not a language code (e.g. en, ar, pt-BR)")
                ok = False
            elif not isinstance(text, str) or not text.strip():
                self.error(child, f"translation must be non-empty text, got {describe(text)}")
                ok = False
            else:
                clean[lang] = text.strip()
        if DEFAULT_LANGUAGE not in value:
            self.error(node, "missing English text: translations need an 'en' entry")
            ok = False
        return Text.of(clean) if ok else None

    def slug(self, node: Node | None, *, pattern: re.Pattern[str] = SLUG_RE) -> str | None:
        if node is None:
            return None
        value = node.value
        if not isinstance(value, str) or not pattern.match(value):
            rule = "lowercase letters, digits and underscores, starting with a letter"
            if pattern is FRAMEWORK_KEY_RE:
                rule = "lowercase letters, digits, '-' and '_', starting with a letter"
            self.error(node, f"key must be {rule}; got {describe(value)}")
            return None
        return value

    def number(
        self,
        node: Node | None,
        *,
        gt: float | None = None,
        ge: float | None = None,
        le: float | None = None,
        what: str = "value",
    ) -> float | None:
        if node is None:
            return None
        value = node.value
        if not is_number(value):
            self.error(node, f"{what} must be a number, got {describe(value)}")
            return None
        if gt is not None and not value > gt:
            self.error(node, f"{what} must be greater than {gt:g}, got {value:g}")
            return None
        if (ge is not None and value < ge) or (le is not None and value > le):
            if ge is not None and le is not None:
                bounds = f"between {ge:g} and {le:g}"
            else:
                bounds = f"at least {ge:g}" if ge is not None else f"at most {le:g}"
            self.error(node, f"{what} must be {bounds}, got {value:g}")
            return None
        return float(value)

    def boolean(self, node: Node | None, default: bool) -> bool:
        if node is None:
            return default
        if not isinstance(node.value, bool):
            self.error(node, f"expected true or false, got {describe(node.value)}")
            return default
        return node.value


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)
