"""The error type, translatable messages and blank handling every value parser shares.

Messages are English templates marked with a local :func:`gettext_noop` (makemessages
extracts that keyword) plus their parameters; the Django side translates the template
(and any :class:`Label` parameter) and fills it in, so the person importing reads the
message in their own language. See docs/translations.md, "Pitfalls".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


def gettext_noop(message: str) -> str:
    """Mark ``message`` for extraction without importing Django; the caller translates it."""
    return message


def ngettext(singular: str, plural: str, count: int) -> tuple[str, str, int]:
    """Mark a singular/plural pair for extraction (``makemessages`` reads ``ngettext`` as a
    plural entry, which Django's ``ngettext`` then finds); ``Message.counted`` takes it."""
    return singular, plural, count


def _english_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


#: The most characters of a value a message quotes (a cell may hold 10,000).
SHOWN_CHARS = 100


def shorten(text: Any, limit: int = SHOWN_CHARS) -> Any:
    """``text`` cut to ``limit`` characters with an ellipsis, for quoting a value in a
    message (every message's parameters go through it); anything else unchanged."""
    if isinstance(text, str) and len(text) > limit:
        return text[: limit - 1].rstrip() + "…"
    return text


class Label(str):
    """English words inside a message that are translated too (a field's label): the
    Django side passes them through gettext before filling in the template."""

    __slots__ = ()


@dataclass(frozen=True, slots=True, eq=True)
class Message:
    """A message for the person importing: an English ``template`` with ``%(name)s``
    placeholders, its ``params``, and for counted messages a ``plural`` and ``count``."""

    template: str
    params: Mapping[str, Any] = field(default_factory=dict)
    plural: str | None = None
    count: int | None = None

    def render(
        self,
        gettext: Callable[[str], str] = str,
        ngettext: Callable[[str, str, int], str] = _english_plural,
    ) -> str:
        """The message in the language of ``gettext``/``ngettext`` (English by default)."""
        if self.plural is not None and self.count is not None:
            template = ngettext(self.template, self.plural, self.count)
        else:
            template = gettext(self.template)
        params = {
            k: gettext(v) if isinstance(v, Label) else shorten(v) if isinstance(v, str) else v
            for k, v in self.params.items()
        }
        return template % params

    def __str__(self) -> str:
        return self.render()

    @classmethod
    def counted(cls, forms: tuple[str, str, int], params: Mapping[str, Any]) -> Message:
        """From ``ngettext(singular, plural, count)`` and the params."""
        singular, plural, count = forms
        return cls(singular, dict(params), plural, count)


class ValueParseError(ValueError):
    """A cell could not be read; ``message`` is shown to the person importing the file.

    Raise it with a template marked by :func:`gettext_noop` and its params (or a
    :class:`Message`); ``msg`` keeps them for translation, ``message`` is the English text.
    """

    def __init__(
        self,
        template: str | Message,
        params: Mapping[str, Any] | None = None,
        *,
        plural: str | None = None,
        count: int | None = None,
    ) -> None:
        if isinstance(template, Message):
            self.msg = template
        else:
            self.msg = Message(template, dict(params or {}), plural, count)
        super().__init__(str(self.msg))

    @property
    def message(self) -> str:
        return str(self.msg)


#: What people type for "nothing here" (compared case-insensitively, after trimming).
BLANK_TOKENS = frozenset(
    {"", "n/a", "na", "n.a.", "#n/a", "-", "--", "—", "–", "none", "null", "nil"}
)

_DIGITS = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Extended (Persian)
        "\u066c": ",",  # Arabic thousands separator
        "\u066a": "%",  # Arabic percent sign
    }
)


def is_blank(value: Any) -> bool:
    """True for ``None``, whitespace and the usual placeholders ("N/A", "-", "none", …)."""
    if value is None:
        return True
    return isinstance(value, str) and value.strip().casefold() in BLANK_TOKENS


def parse_blank(value: Any) -> Any:
    """``None`` for a blank cell, otherwise the value (strings trimmed)."""
    if is_blank(value):
        return None
    return value.strip() if isinstance(value, str) else value


def plain_text(value: Any) -> str:
    """NFKC text with Arabic/Persian digits as ASCII, so the parsers see one alphabet.

    The Arabic decimal separator (U+066B) is kept: the number parser treats it as a
    decimal mark without guessing.
    """
    return unicodedata.normalize("NFKC", str(value)).translate(_DIGITS).strip()
