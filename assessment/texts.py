"""Render the engine's translatable text (``assessment.results_core.messages``) in a language.

The engine stores English templates with their parameters; this is the one place that turns
them into text for a reader: the template through gettext (``ngettext`` when counted), every
vocabulary word through ``pgettext`` with its context, framework texts in their own
translations. Used by the pages, the API and the PDF alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

from assessment.inventory_core.taxonomy_labels import CONTEXT as TAXONOMY_CONTEXT
from assessment.questionnaire_core import Text
from assessment.results_core.messages import TAXONOMY, Message, Term, term_label

Renderable = Message | Text | Mapping[str, Any] | Iterable[Any] | str | None


def _template(message: Message) -> str:
    if message.plural:
        return ngettext(message.template, message.plural, message.count or 0)
    return gettext(message.template) if message.template else ""


def _term(term: Term) -> str:
    context, english = term_label(term.kind, term.key)
    if term.kind == TAXONOMY:  # a default taxonomy name translates; the org's own stays
        return pgettext(TAXONOMY_CONTEXT, english) if english else ""
    if not context:
        return gettext(english) if english else ""
    return pgettext(context, english)


def _one(value: Any, language: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Text):
        return value.get(language)
    if isinstance(value, Message):
        return value.render(_template, _term, language)
    if isinstance(value, Mapping):
        if "t" in value:
            return Message.from_data(value).render(_template, _term, language)
        if "text" in value:
            return Text.of(value["text"]).get(language)
        return Text.of(dict(value)).get(language) if value else ""
    return "\n".join(_one(item, language) for item in value)


def render(value: Renderable, language: str | None = None) -> str:
    """Text in ``language`` (default: the active one). ``value`` is a ``Message``, its stored
    form, a framework ``Text`` or its language mapping, a list of those (lines), or a
    plain string (returned as it is)."""
    with translation.override(language) if language else nullcontext():
        return _one(value, translation.get_language() or "en")


def stored(value: Message | Text | None) -> dict[str, Any] | None:
    """The JSON form to keep in a model field (``render`` reads it back)."""
    if value is None:
        return None
    if isinstance(value, Message):
        return value.as_data()
    return {"text": dict(value.values)}


def item_text(values: Mapping[str, Any], name: str, language: str | None = None) -> str:
    """A roadmap item's title or description (from the model or a snapshot row): the
    generated text in the reader's language, unless a person edited it — an edited field is
    shown exactly as they typed it."""
    message = (values.get("messages") or {}).get(name)
    if not message or name in (values.get("edited_fields") or ()):
        return values.get(name) or ""
    return render(message, language)
