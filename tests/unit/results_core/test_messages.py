"""Engine texts are templates with parameters: English by default, any language on render."""

from __future__ import annotations

import re

import pytest

from assessment.questionnaire_core import Text
from assessment.results_core import evaluate
from assessment.results_core.messages import (
    TERMS,
    Join,
    Message,
    Term,
    gettext_noop,
    ngettext,
)
from benchmarks.generate import generate


def test_plain_message_renders_its_parameters_in_english():
    message = Message.of(
        gettext_noop("%(name)s renews on %(date)s"), name="Mailchimp", date="2026-01-05"
    )
    assert message.en == str(message) == "Mailchimp renews on 2026-01-05"


def test_a_template_without_parameters_keeps_a_literal_percent():
    assert (
        Message.of("Around 90% of the value comes later.").en
        == "Around 90% of the value comes later."
    )


def test_counted_messages_pick_the_english_plural():
    forms = ngettext("%(count)s tool", "%(count)s tools", 1)
    assert Message.counted(forms).en == "1 tool"
    assert Message.counted(ngettext("%(count)s tool", "%(count)s tools", 3)).en == "3 tools"


def test_terms_texts_joins_and_nested_messages():
    message = Message.of(
        "%(who)s at the %(stage)s stage: %(items)s. %(more)s",
        who=Text.of({"en": "The team", "ar": "الفريق"}),
        stage=Term("stage", "purchase"),
        items=Join((Term("channel", "web"), "Shop app")),
        more=Message.of("Done."),
    )
    assert message.en == "The team at the purchase / transaction stage: website, Shop app. Done."
    arabic = message.render(language="ar")
    assert arabic.startswith("الفريق")


def test_unknown_terms_read_as_themselves():
    assert Term("data_object", "loyalty_points").en == "loyalty points"
    assert Term("taxonomy", "My_Own Category").en == "My_Own Category"


def test_stored_form_round_trips():
    message = Message.counted(
        ngettext("%(count)s of %(n)s", "%(count)s of %(n)s", 2),
        n=Message.of("%(x)s", x=Term("stage", "service")),
        list=Join((Message.of("A."), Message.of("B.")), sentences=True),
        text=Text.of("Question?"),
    )
    assert Message.from_data(message.as_data()) == message


def test_every_term_has_a_context_and_a_word():
    for kind, words in TERMS.items():
        for key, (context, word) in words.items():
            assert context and word, (kind, key)


@pytest.mark.parametrize("size", ["S", "M"])
def test_every_engine_text_renders_without_leftover_placeholders(size):
    """A missing parameter or a stray "{…}" would reach the board room."""
    result = evaluate(generate(size).to_input())
    texts = [t for f in result.findings for t in (f.title, f.detail, f.recommendation, f.action)]
    texts += [
        m for item in result.roadmap for m in (item.title_message, *item.description_messages)
    ]
    for text in texts:
        if text is None:
            continue
        rendered = text.en
        assert rendered.strip()
        assert not re.search(r"%\(\w+\)s|\{\w+\}", rendered), rendered
