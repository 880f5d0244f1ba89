"""Translatable engine text: an English template and its parameters, rendered by the reader.

The engine is Django-free, so it cannot translate. It writes its sentences as English
``%``-templates marked with the local no-op ``gettext_noop`` / ``ngettext`` (names that
``makemessages`` extracts), keeps the parameters apart, and leaves the rendering to the
Django side (``assessment.texts.render``), which translates the template and
every translatable parameter in the reader's language. Findings and roadmap items store
this form (``as_data``), so what was computed once prints in English, Arabic, Persian or
Romanian alike.

Parameters are plain values (tool names, numbers already formatted), a ``Term`` (a word of
a vocabulary: a journey stage, a frequency…), a framework ``Text`` (a question, a step
title: translated in the framework file), or another ``Message``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Union

from assessment.questionnaire_core import Text


def gettext_noop(message: str) -> str:
    """Marks an English template for extraction; the Django side translates it."""
    return message


def ngettext(singular: str, plural: str, count: int) -> tuple[str, str, int]:
    """Marks a singular/plural pair for extraction; ``Message.counted`` takes the triple."""
    return singular, plural, count


def pgettext(context: str, message: str) -> tuple[str, str]:
    """Marks a vocabulary word with its context (``Term`` labels below)."""
    return context, message


@dataclass(frozen=True, slots=True)
class Term:
    """A word from one of the engine's vocabularies, translated where it is read."""

    kind: str  # a key of TERMS
    key: str

    @property
    def en(self) -> str:
        return term_label(self.kind, self.key)[1]


@dataclass(frozen=True, slots=True)
class Join:
    """Several values read as one: a list ("a, b and c" style, with the reader's comma) or a
    run of sentences."""

    items: tuple[Param, ...]
    sentences: bool = False


Param = Union[str, int, float, Term, Text, Join, "Message"]

# Translators: the separator between the items of a list inside a sentence ("a, b, c").
LIST_SEPARATOR = gettext_noop(", ")


@dataclass(frozen=True, slots=True)
class Message:
    """An English ``%(name)s`` template, its parameters, and a plural form when counted."""

    template: str
    params: tuple[tuple[str, Param], ...] = ()
    plural: str = ""
    count: int | None = None

    @classmethod
    def of(cls, template: str, /, **params: Param) -> Message:
        return cls(template, tuple(params.items()))

    @classmethod
    def counted(cls, forms: tuple[str, str, int], /, **params: Param) -> Message:
        """From ``ngettext(singular, plural, count)``; ``count`` is a parameter too."""
        singular, plural, count = forms
        params.setdefault("count", count)
        return cls(singular, tuple(params.items()), plural, count)

    def render(
        self,
        translate: Callable[[Message], str] | None = None,
        term: Callable[[Term], str] | None = None,
        language: str | None = None,
    ) -> str:
        """The text: ``translate`` picks the (translated) template for a message, ``term``
        names a vocabulary word; by default both are English."""
        pick = translate or _english_template
        name = term or (lambda t: t.en)
        template = pick(self)
        if not self.params:  # printed as written: a literal "%" is not doubled
            return template
        return template % {key: _value(v, pick, name, language) for key, v in self.params}

    @property
    def en(self) -> str:
        return self.render()

    def __str__(self) -> str:
        return self.en

    def as_data(self) -> dict[str, Any]:
        """JSON form: {"t": template, "p": {name: value}, "pl": plural, "n": count}."""
        data: dict[str, Any] = {"t": self.template}
        if self.params:
            data["p"] = {key: _param_data(value) for key, value in self.params}
        if self.plural:
            data["pl"], data["n"] = self.plural, self.count
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Message:
        params = tuple((k, _param_from(v)) for k, v in (data.get("p") or {}).items())
        return cls(str(data.get("t", "")), params, str(data.get("pl") or ""), data.get("n"))


def _english_template(message: Message) -> str:
    if message.plural and message.count != 1:
        return message.plural
    return message.template


def _value(value: Param, pick, name, language: str | None) -> Any:
    if isinstance(value, Join):
        separator = " " if value.sentences else pick(Message(LIST_SEPARATOR))
        return separator.join(str(_value(v, pick, name, language)) for v in value.items)
    if isinstance(value, Message):
        return value.render(pick, name, language)
    if isinstance(value, Term):
        return name(value)
    if isinstance(value, Text):
        return value.get(language)
    return value


def _param_data(value: Param) -> Any:
    if isinstance(value, Join):
        return {"join": [_param_data(v) for v in value.items], "sentences": value.sentences}
    if isinstance(value, Message):
        return {"msg": value.as_data()}
    if isinstance(value, Term):
        return {"term": [value.kind, value.key]}
    if isinstance(value, Text):
        return {"text": dict(value.values)}
    return value


def _param_from(value: Any) -> Param:
    if isinstance(value, dict):
        if "join" in value:
            items = tuple(_param_from(v) for v in value["join"])
            return Join(items, bool(value.get("sentences")))
        if "msg" in value:
            return Message.from_data(value["msg"])
        if "term" in value:
            kind, key = value["term"]
            return Term(str(kind), str(key))
        if "text" in value:
            return Text.of(value["text"])
    return value


def lines(*messages: Message | None) -> tuple[Message, ...]:
    """A multi-line text (a description): one message per line, empty ones left out."""
    return tuple(m for m in messages if m is not None)


def render_lines(messages: tuple[Message, ...], **kwargs: Any) -> str:
    return "\n".join(m.render(**kwargs) for m in messages)


# -- vocabularies ---------------------------------------------------------------------------

#: A name from the organisation's editable taxonomy (a subcategory): shown as stored, and
#: translated only where the catalogue knows the default name.
TAXONOMY = "taxonomy"

# English words as they read inside a sentence ("at the purchase stage", "runs daily"),
# each with its context so a translator can tell "high" criticality from "high" severity.
TERMS: dict[str, dict[str, tuple[str, str]]] = {
    "stage": {
        "awareness": pgettext("journey stage in a sentence", "awareness"),
        "engagement": pgettext("journey stage in a sentence", "engagement / consideration"),
        "purchase": pgettext("journey stage in a sentence", "purchase / transaction"),
        "fulfilment": pgettext("journey stage in a sentence", "fulfilment / delivery"),
        "service": pgettext("journey stage in a sentence", "service & retention"),
        "advocacy": pgettext("journey stage in a sentence", "advocacy"),
    },
    "frequency": {
        "realtime": pgettext("integration frequency in a sentence", "in real time"),
        "hourly": pgettext("integration frequency in a sentence", "hourly"),
        "daily": pgettext("integration frequency in a sentence", "daily"),
        "weekly": pgettext("integration frequency in a sentence", "weekly"),
        "ad_hoc": pgettext("integration frequency in a sentence", "now and then"),
    },
    "criticality": {
        "low": pgettext("criticality in a sentence", "low"),
        "medium": pgettext("criticality in a sentence", "medium"),
        "high": pgettext("criticality in a sentence", "high"),
        "critical": pgettext("criticality in a sentence", "critical"),
    },
    "method": {
        "native": pgettext("integration method in a sentence", "native connector"),
        "api": pgettext("integration method in a sentence", "direct API"),
        "ipaas": pgettext("integration method in a sentence", "iPaaS"),
        "cdp": pgettext("integration method in a sentence", "CDP"),
        "webhook": pgettext("integration method in a sentence", "webhook / event stream"),
        "file": pgettext("integration method in a sentence", "file / batch transfer"),
        "manual": pgettext("integration method in a sentence", "manual (by hand)"),
    },
    "data_object": {
        "contacts": pgettext("data object in a sentence", "contacts / customer profile"),
        "accounts": pgettext("data object in a sentence", "accounts"),
        "leads": pgettext("data object in a sentence", "leads"),
        "orders": pgettext("data object in a sentence", "orders & transactions"),
        "events": pgettext("data object in a sentence", "behavioural events"),
        "consent": pgettext("data object in a sentence", "consent & preferences"),
        "audiences": pgettext("data object in a sentence", "audiences & segments"),
        "content": pgettext("data object in a sentence", "content & assets"),
        "product_catalogue": pgettext("data object in a sentence", "product catalogue"),
        "campaign_data": pgettext("data object in a sentence", "campaign & performance data"),
        "support_cases": pgettext("data object in a sentence", "support cases"),
        "other": pgettext("data object in a sentence", "other data"),
    },
    "channel": {
        "web": pgettext("channel in a sentence", "website"),
        "mobile_app": pgettext("channel in a sentence", "mobile app"),
        "email": pgettext("channel in a sentence", "email"),
        "sms_push": pgettext("channel in a sentence", "SMS / push"),
        "social": pgettext("channel in a sentence", "social media"),
        "chat": pgettext("channel in a sentence", "live chat / chatbot"),
        "paid": pgettext("channel in a sentence", "paid media"),
        "paid_media": pgettext("channel in a sentence", "paid media"),
        "search": pgettext("channel in a sentence", "search"),
        "marketplace": pgettext("channel in a sentence", "marketplace"),
        "in_store": pgettext("channel in a sentence", "in-store"),
        "sales_rep": pgettext("channel in a sentence", "sales representative"),
        "call_centre": pgettext("channel in a sentence", "call centre"),
        "events": pgettext("channel in a sentence", "events"),
        "partner": pgettext("channel in a sentence", "partner / reseller"),
        "direct_mail": pgettext("channel in a sentence", "direct mail"),
        "other": pgettext("channel in a sentence", "other channels"),
    },
    "roadmap_owner": {
        "vendor": pgettext("who owns the roadmap", "the main vendor"),
        "consultant": pgettext("who owns the roadmap", "a consultant"),
        "nobody": pgettext("who owns the roadmap", "nobody"),
    },
    "source": {
        "questionnaire": pgettext("score input", "the questionnaire"),
        "stage_coverage": pgettext("score input", "journey stages with a digital touchpoint"),
        "personalisation_coverage": pgettext("score input", "personalised digital touchpoints"),
        "seat_utilisation": pgettext("score input", "seat utilisation"),
        "overlap": pgettext("score input", "tools without overlap"),
        "tools_integrated": pgettext("score input", "tools with a live integration"),
        "integrations_automated": pgettext("score input", "automated integrations"),
        "integrations_verified": pgettext("score input", "integrations verified by IT"),
    },
}


def term_label(kind: str, key: str) -> tuple[str, str]:
    """(context, English word); an unknown key (an organisation's own data object, say)
    reads as itself, with underscores as spaces."""
    if kind == TAXONOMY:
        return "", key
    found = TERMS.get(kind, {}).get(key)
    return found if found is not None else ("", key.replace("_", " "))
