"""Wappalyzer's pattern syntax: a regular expression with ``\\;``-separated tags.

``"jquery-([0-9.]+)\\.js\\;confidence:50\\;version:\\1"`` is the regex, the confidence this
match adds (100 unless said) and a version template: ``\\1`` is the first group, and
``\\1?a:b`` gives ``a`` when the group matched, ``b`` otherwise. Patterns are
case-insensitive JavaScript regexes; the few Python cannot compile are skipped (counted by
``compile_pattern`` returning None). Relations (``implies``) use the same tags on a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TERNARY = re.compile(r"\\(\d+)\?([^:]*):(.*)$")
_GROUP = re.compile(r"\\(\d+)")


@dataclass(frozen=True, slots=True)
class Pattern:
    source: str
    regex: re.Pattern[str] | None  # None: matches anything (the pattern was empty)
    confidence: int = 100
    version: str = ""

    def match(self, text: str) -> re.Match[str] | bool:
        """A match object, True for an empty pattern, or False."""
        if self.regex is None:
            return True
        return self.regex.search(text) or False

    def version_of(self, match: re.Match[str] | bool) -> str:
        if not self.version or not isinstance(match, re.Match):
            return ""
        return resolve_version(self.version, match)


def split_tags(text: str) -> tuple[str, dict[str, str]]:
    """The pattern (or name) and its tags: ``"a\\;confidence:50"`` → ``("a", {...})``."""
    head, *tags = text.split("\\;")
    found = {}
    for tag in tags:
        key, _sep, value = tag.partition(":")
        found[key.strip()] = value
    return head, found


def _confidence(tags: dict[str, str]) -> int:
    try:
        return max(0, min(100, int(tags.get("confidence", 100))))
    except ValueError:
        return 100


def compile_pattern(text: str) -> Pattern | None:
    """The parsed pattern, or None when its regex is not valid in Python."""
    source, tags = split_tags(text)
    if not source:
        regex = None
    else:
        try:
            regex = re.compile(source, re.IGNORECASE)
        except (re.error, OverflowError, RecursionError):
            return None
    return Pattern(source, regex, _confidence(tags), tags.get("version", ""))


def parse_relation(text: str) -> tuple[str, int]:
    """A related technology's name and the confidence it is implied with."""
    name, tags = split_tags(text)
    return name.strip(), _confidence(tags)


def resolve_version(template: str, match: re.Match[str]) -> str:
    r"""Fill a version template from a match: ``\1``, ``\1?yes:no``, ``foo\1``."""

    def group(number: str) -> str:
        index = int(number)
        if index > (match.re.groups or 0):
            return ""
        return match.group(index) or ""

    ternary = _TERNARY.search(template)
    if ternary:
        number, if_set, if_not = ternary.groups()
        chosen = if_set if group(number) else if_not
        template = template[: ternary.start()] + chosen
    version = _GROUP.sub(lambda m: group(m.group(1)), template).strip()
    return version[:32]  # a runaway group is not a version
