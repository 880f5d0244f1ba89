"""Translatable text: a plain English string or a mapping of language code to string.

Framework files are written once and shown in every language the UI speaks, so every text
field can carry translations; English is mandatory and is the fallback for anything missing.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class Text:
    """An immutable, hashable set of translations with English fallback."""

    values: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, value: str | dict[str, str] | Text) -> Text:
        """Build from a string (English) or a language mapping; keys are kept sorted."""
        if isinstance(value, Text):
            return value
        if isinstance(value, str):
            return cls(((DEFAULT_LANGUAGE, value),))
        return cls(tuple(sorted(value.items())))

    @property
    def en(self) -> str:
        return self.get(DEFAULT_LANGUAGE)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.values)

    def get(self, lang: str | None = None) -> str:
        """Exact language, then its base language (``ar-EG`` → ``ar``), then English."""
        table = dict(self.values)
        if lang:
            lang = lang.replace("_", "-")
            for candidate in (lang, lang.lower(), lang.split("-")[0].lower()):
                if table.get(candidate):
                    return table[candidate]
        return table.get(DEFAULT_LANGUAGE, "")

    def as_data(self) -> str | dict[str, str]:
        """Plain data for canonical hashing and serialisation."""
        if self.languages == (DEFAULT_LANGUAGE,):
            return self.en
        return dict(self.values)

    def __str__(self) -> str:
        return self.en
