"""Translations with fallback, version diffs and the content hash."""

from __future__ import annotations

import yaml

from assessment.questionnaire_core import (
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


def edited(change) -> str:
    """The default framework's YAML after ``change(data)`` (edits on the parsed data, so the
    tests do not depend on how the file is laid out)."""
    data = yaml.safe_load(DEFAULT_TEXT)
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def question(data: dict, key: str) -> dict:
    for step in data["steps"]:
        for section in step["sections"]:
            for q in section["questions"]:
                if q["key"] == key:
                    return q
    raise KeyError(key)


def step(data: dict, key: str) -> dict:
    return next(s for s in data["steps"] if s["key"] == key)


def test_diff_lists_added_removed_and_changed_questions():
    old = load_default_framework()

    def change(data):
        data["version"] = 3
        question(data, "overlap_known")["text"]["en"] = "Do you know which tools overlap?"
        revenue = question(data, "digital_revenue_tracked")
        revenue.update(type="maturity", levels=["None.", "Some.", "Most.", "All.", "Automated."])
        question(data, "strategy_before_tools")["weight"] = 3
        core = question(data, "core_platform")
        core.clear()
        core.update(key="stack_owner", type="short_text", text="Who owns the stack?")
        step(data, "touchpoints")["blend"]["metrics"].update(
            stage_coverage=0.3, personalisation_coverage=0.1
        )

    new = load(edited(change))
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

    def change(data):
        question(data, "mobile_experience")["text"]["ar"] = "ما مدى جودة الرحلات على الهاتف؟"

    assert diff_frameworks(old, load(edited(change))) == [
        "question 'mobile_experience': translations of the text changed"
    ]


def test_diff_lists_metric_definition_changes():
    old = load_default_framework()

    def change(data):
        data["metrics"]["integrations_automated"]["manual_methods"] = ["manual"]
        data["metrics"]["seat_utilisation"]["label"]["en"] = "Seats in use"

    changes = diff_frameworks(old, load(edited(change)))
    assert "metric 'integrations_automated': what it counts changed (manual_methods)" in changes
    assert "metric 'seat_utilisation': name or definition changed" in changes
