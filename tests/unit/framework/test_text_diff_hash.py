"""Translations with fallback, version diffs and the content hash."""

from __future__ import annotations

from assessment.framework import (
    DEFAULT_FRAMEWORK_PATH,
    Text,
    diff_frameworks,
    load_default_framework,
    load_framework_text,
)

DEFAULT_TEXT = DEFAULT_FRAMEWORK_PATH.read_text(encoding="utf-8")


def test_text_fallback():
    text = Text.of({"en": "Hello", "ar": "مرحبا", "pt-BR": "Olá"})
    assert text.get("ar") == "مرحبا"
    assert text.get("ar-EG") == "مرحبا"
    assert text.get("ar_EG") == "مرحبا"
    assert text.get("pt-BR") == "Olá"
    assert text.get("ro") == "Hello"
    assert text.get(None) == text.get() == text.en == str(text) == "Hello"
    assert Text.of("Plain").get("fa") == "Plain"
    assert Text.of({"ar": "x", "en": "y"}) == Text.of({"en": "y", "ar": "x"})
    assert Text.of("Plain").as_data() == "Plain"


def load(text: str):
    return load_framework_text(text, "default.yaml")


def test_content_hash_is_stable_and_ignores_formatting():
    framework = load_default_framework()
    assert len(framework.content_hash) == 64
    assert load(DEFAULT_TEXT).content_hash == framework.content_hash
    reformatted = "# a new comment\n" + DEFAULT_TEXT.replace("    weight: 1\n", "    weight: 1.0\n")
    assert load(reformatted).content_hash == framework.content_hash
    changed = DEFAULT_TEXT.replace("How well do the key journeys", "How well do journeys", 1)
    assert load(changed).content_hash != framework.content_hash


def test_diff_identical_is_empty():
    assert diff_frameworks(load_default_framework(), load(DEFAULT_TEXT)) == []


def test_diff_lists_added_removed_and_changed_questions():
    old = load_default_framework()
    new_text = (
        DEFAULT_TEXT.replace("version: 2\n", "version: 3\n", 1)
        .replace(
            "text: Do you know where two or more tools do the same job"
            " (for example two email tools)?",
            "text: Do you know which tools overlap?",
        )
        .replace(
            "          - key: digital_revenue_tracked\n            type: yes_partly_no\n",
            "          - key: digital_revenue_tracked\n            type: maturity\n"
            "            levels: [None., Some., Most., All., Automated.]\n",
        )
        .replace(
            "          - key: strategy_before_tools\n            type: maturity\n"
            "            text: Do business goals drive your technology choices?\n"
            "            help: Technology can only enable a strategy you have already designed.\n"
            "            weight: 2\n",
            "          - key: strategy_before_tools\n            type: maturity\n"
            "            text: Do business goals drive your technology choices?\n"
            "            help: Technology can only enable a strategy you have already designed.\n"
            "            weight: 3\n",
        )
        .replace(
            "          - key: core_platform\n"
            "            type: short_text\n"
            "            text: Which tool do you consider the heart of your stack?\n",
            "          - key: stack_owner\n"
            "            type: short_text\n"
            "            text: Who owns the stack?\n",
        )
        .replace(
            "        stage_coverage: 0.2\n        personalisation_coverage: 0.2\n",
            "        stage_coverage: 0.3\n        personalisation_coverage: 0.1\n",
        )
    )
    new = load(new_text)
    changes = diff_frameworks(old, new)
    assert "version 2 → 3" in changes
    assert (
        "question 'stack_owner' added to stack/portfolio (short_text): “Who owns the stack?”"
        in (changes)
    )
    assert any(c.startswith("question 'core_platform' removed from stack") for c in changes)
    assert any(c.startswith("question 'overlap_known': text changed from") for c in changes)
    assert "question 'digital_revenue_tracked': type changed from yes_partly_no to maturity" in (
        changes
    )
    assert "question 'strategy_before_tools': weight 2 → 3" in changes
    assert any(c.startswith("step 'touchpoints': blend changed") for c in changes)
    assert new.content_hash != old.content_hash


def test_diff_reports_translation_only_changes():
    old = load_default_framework()
    new = load(
        DEFAULT_TEXT.replace(
            "text: How well do the key journeys work on a phone?",
            "text: {en: 'How well do the key journeys work on a phone?',"
            " ar: 'ما مدى جودة الرحلات على الهاتف؟'}",
        )
    )
    assert diff_frameworks(old, new) == [
        "question 'mobile_experience': translations of the text changed"
    ]


def test_diff_lists_metric_definition_changes():
    old = load_default_framework()
    new = load(
        DEFAULT_TEXT.replace(
            "    manual_methods: [manual, file]\n", "    manual_methods: [manual]\n"
        ).replace("    label: Seat utilisation\n", "    label: Seats in use\n")
    )
    changes = diff_frameworks(old, new)
    assert "metric 'integrations_automated': what it counts changed (manual_methods)" in changes
    assert "metric 'seat_utilisation': name or definition changed" in changes
