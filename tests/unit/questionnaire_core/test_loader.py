"""Loading: the default framework's shape, and refusal of malformed files with locations."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from assessment.questionnaire_core import (
    QUESTION_TYPES,
    STEP_KEYS,
    FrameworkError,
    Text,
    load_default_framework,
    load_framework,
    load_framework_text,
)
from assessment.questionnaire_core.schema import TEXT_TYPES

from .helpers import HEAD, LEVELS, TAIL, framework_yaml, line_of

Q0 = "steps[0].sections[0].questions[0]"
Q1 = "steps[0].sections[0].questions[1]"


# -- the default framework ----------------------------------------------------------------


def test_default_framework_loads_with_expected_identity():
    framework = load_default_framework()
    assert framework.key == "digital-experience-martech"
    assert framework.title.en == "Digital experience & martech assessment"
    assert framework.version == 2
    assert tuple(step.key for step in framework.steps) == STEP_KEYS


def test_default_framework_has_enough_scored_questions():
    framework = load_default_framework()
    for step in framework.steps:
        scored = [q for q in step.questions() if q.scored]
        assert len(scored) >= 9, step.key
        assert step.intro is not None and step.intro.get("ar") != step.intro.en
    assert sum(q.scored for q in framework.questions()) >= 45


def test_default_framework_uses_every_type_at_least_twice():
    counts = Counter(q.type for q in load_default_framework().questions())
    assert all(counts[kind] >= 2 for kind in QUESTION_TYPES), counts


def test_default_maturity_questions_have_five_distinct_levels():
    for question in load_default_framework().questions():
        if question.type == "maturity":
            texts = {level.text.en for level in question.levels}
            assert len(texts) == 5, question.key
            assert [level.value for level in question.levels] == [1, 2, 3, 4, 5]


def test_default_scored_questions_have_recommendations_and_text_is_unscored():
    for question in load_default_framework().questions():
        if question.type in TEXT_TYPES:
            assert not question.scored
        if question.scored:
            assert question.recommendation is not None, question.key


def test_default_scored_questions_have_short_distinct_actions():
    """A weak answer becomes a roadmap item titled with the question's action."""
    scored = [q for q in load_default_framework().questions() if q.scored]
    actions = [q.action.en for q in scored if q.action is not None]
    assert len(actions) == len(scored)
    assert len(set(actions)) == len(actions)
    for action in actions:
        assert len(action) <= 120 and not action.endswith((".", "?")), action


def test_default_framework_content_rules():
    framework = load_default_framework()
    roadmap = framework.question("vendor_roadmap")
    assert {c.key for c in roadmap.choices} >= {"company", "shared", "vendor", "consultant"}
    assert framework.question("single_customer_profile").type == "single_choice"
    # the A -> B -> C show_if chain
    assert framework.question("chatbot_handover").show_if.question == "chatbot_use"
    assert framework.question("handover_context").show_if.question == "chatbot_handover"
    assert any(q.allow_na for q in framework.questions())
    blends = {step.key: step.blend for step in framework.steps}
    assert blends["current_state"] is None and blends["gaps"] is None
    assert blends["touchpoints"].as_dict() == {
        "questionnaire": 0.6,
        "stage_coverage": 0.2,
        "personalisation_coverage": 0.2,
    }
    assert set(blends["architecture"].as_dict()) == {
        "questionnaire",
        "tools_integrated",
        "integrations_automated",
        "integrations_verified",
    }
    assert set(blends["stack"].as_dict()) == {"questionnaire", "seat_utilisation", "overlap"}


def test_lookup_helpers():
    framework = load_default_framework()
    keys = [q.key for q in framework.questions()]
    assert len(keys) == len(set(keys))
    assert framework.question(keys[3]).key == keys[3]
    assert framework.step("stack").title.en.startswith("Build")
    with pytest.raises(KeyError):
        framework.question("nope")
    with pytest.raises(KeyError):
        framework.step("nope")


def _texts(obj, path=""):
    """Every framework Text inside obj, with where it sits."""
    from dataclasses import fields, is_dataclass

    if isinstance(obj, Text):
        yield path, obj
    elif is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            yield from _texts(getattr(obj, f.name), f"{path}.{f.name}")
    elif isinstance(obj, tuple | list):
        for index, item in enumerate(obj):
            yield from _texts(item, f"{path}[{index}]")


def test_default_framework_speaks_every_language_of_the_ui():
    """Arabic, Persian and Romanian teams answer and print in their language."""
    framework = load_default_framework()
    assert framework.step("current_state").title.get("ar") == "قيّم تجربتك الرقمية الحالية"
    texts = list(_texts(framework))
    assert len(texts) > 450
    for path, text in texts:
        assert {"en", "ar", "fa", "ro"} <= set(text.languages), path
        assert text.get("fa") != text.en and text.get("ar") != text.en, path
        assert "ي" not in text.get("fa") and "ك" not in text.get("fa"), path  # Persian letters
        assert not set("şţŞŢ") & set(text.get("ro")), path  # Romanian comma-below letters


def test_minimal_framework_loads_with_defaults(tmp_path: Path):
    path = tmp_path / "mini.yaml"
    path.write_text(framework_yaml("- {key: q1, type: yes_partly_no, text: Q1}"))
    framework = load_framework(path)
    question = framework.question("q1")
    assert (question.weight, question.scored, question.allow_na) == (1.0, True, False)
    assert question.step == "current_state" and question.section == "main"
    assert framework.title == Text.of("Test framework")


def test_yaml_booleans_are_strict_so_yes_and_no_stay_strings():
    framework = load_framework_text(
        framework_yaml(
            """
            - {key: q1, type: yes_partly_no, text: Q1}
            - {key: q2, type: short_text, text: Q2, show_if: {question: q1, in: [yes, no]}}
            """
        )
    )
    assert framework.question("q2").show_if.value == ("yes", "no")


# -- malformed files ----------------------------------------------------------------------

MATURITY_4 = "[One thing., Two things., Three things., Four things.]"
MATURITY_DUP = "[One thing., Two things., Three things., One thing., Five things.]"

# (id, questions yaml for step 1, expected path, expected message part, line needle)
CASES = [
    (
        "unknown_type",
        "- {key: q1, type: rating, text: Q1}",
        f"{Q0}.type",
        "unknown question type 'rating'",
        "type: rating",
    ),
    (
        "duplicate_key",
        "- {key: q1, type: yes_partly_no, text: Q1}\n- {key: q1, type: yes_partly_no, text: Q2}",
        f"{Q1}.key",
        "duplicate question key 'q1'",
        "text: Q2",
    ),
    (
        "maturity_4_levels",
        f"- key: q1\n  type: maturity\n  text: Q1\n  levels: {MATURITY_4}",
        f"{Q0}.levels",
        "exactly 5 levels",
        "levels:",
    ),
    (
        "duplicate_levels",
        f"- key: q1\n  type: maturity\n  text: Q1\n  levels: {MATURITY_DUP}",
        f"{Q0}.levels[3]",
        "level 4 repeats the description of level 1",
        "levels:",
    ),
    (
        "choice_without_score",
        """
        - key: q1
          type: single_choice
          text: Q1
          choices:
            - {key: a, label: A, score: 100}
            - {key: b, label: B}
        """,
        f"{Q0}.choices[1]",
        "choice 'b' has no score",
        "label: B}",
    ),
    (
        "score_out_of_range",
        """
        - key: q1
          type: single_choice
          text: Q1
          choices:
            - {key: a, label: A, score: 120}
            - {key: b, label: B, score: 0}
        """,
        f"{Q0}.choices[0].score",
        "between 0 and 100, got 120",
        "score: 120",
    ),
    (
        "show_if_unknown",
        "- {key: q1, type: yes_partly_no, text: Q1, show_if: {question: nope, equals: 'yes'}}",
        f"{Q0}.show_if",
        "unknown question 'nope'",
        "key: q1",
    ),
    (
        "show_if_self",
        "- {key: q1, type: yes_partly_no, text: Q1, show_if: {question: q1, answered: true}}",
        f"{Q0}.show_if",
        "refers to the question itself",
        "key: q1",
    ),
    (
        "show_if_cycle",
        """
        - key: q1
          type: yes_partly_no
          text: Q1
          show_if: {question: q3, equals: 'yes'}
        - key: q2
          type: yes_partly_no
          text: Q2
          show_if: {question: q1, equals: 'yes'}
        - key: q3
          type: yes_partly_no
          text: Q3
          show_if: {any: [{question: q2, equals: 'no'}, {question: t1, answered: true}]}
        """,
        f"{Q0}.show_if",
        "show_if creates a cycle: q1 → q3 → q2 → q1",
        "show_if: {question: q3",
    ),
    (
        "text_scored",
        "- key: q1\n  type: long_text\n  text: Q1\n  scored: true",
        f"{Q0}.scored",
        "text questions are never scored",
        "scored: true",
    ),
    (
        "unknown_tag",
        "- key: q1\n  type: yes_partly_no\n  text: Q1\n  tags: {concerns: [seo]}",
        f"{Q0}.tags.concerns[0]",
        "unknown concern tag 'seo'",
        "tags:",
    ),
    (
        "unknown_stage",
        "- key: q1\n  type: yes_partly_no\n  text: Q1\n  tags:\n    stages: [loyalty]",
        f"{Q0}.tags.stages[0]",
        "unknown stage tag 'loyalty'",
        "stages:",
    ),
    (
        "bands_overlap",
        """
        - key: q1
          type: percentage
          text: Q1
          bands:
            - {min: 0, max: 50, score: 0}
            - {min: 40, max: 100, score: 100}
        """,
        f"{Q0}.bands[1]",
        "overlaps the previous one",
        "min: 40",
    ),
    (
        "bands_gap",
        """
        - key: q1
          type: percentage
          text: Q1
          bands:
            - {min: 0, max: 50, score: 0}
            - {min: 60, max: 100, score: 100}
        """,
        f"{Q0}.bands[1]",
        "gap between 50 and 60",
        "min: 60",
    ),
    (
        "band_out_of_range",
        """
        - key: q1
          type: percentage
          text: Q1
          bands:
            - {min: 0, max: 50, score: 0}
            - {min: 50, max: 120, score: 100}
        """,
        f"{Q0}.bands[1]",
        "out of the question's range 0-100",
        "max: 120",
    ),
    (
        "number_bands_must_reach_max",
        """
        - key: q1
          type: number
          text: Q1
          min: 0
          max: 10
          bands:
            - {min: 0, max: 5, score: 0}
        """,
        f"{Q0}.bands[0]",
        "must end at the question's max (10)",
        "max: 5",
    ),
    (
        "missing_english",
        "- key: q1\n  type: yes_partly_no\n  text: {ar: سؤال, ro: Întrebare}",
        f"{Q0}.text",
        "missing English text",
        "text:",
    ),
    (
        "weight_zero",
        "- {key: q1, type: yes_partly_no, text: Q1, weight: 0}",
        f"{Q0}.weight",
        "weight must be greater than 0",
        "key: q1",
    ),
    (
        "weight_negative",
        "- key: q1\n  type: yes_partly_no\n  text: Q1\n  weight: -2",
        f"{Q0}.weight",
        "greater than 0, got -2",
        "weight: -2",
    ),
    (
        "unknown_field",
        "- key: q1\n  type: yes_partly_no\n  text: Q1\n  colour: red",
        f"{Q0}.colour",
        "unknown field 'colour'",
        "colour: red",
    ),
    (
        "show_if_value_not_a_choice",
        """
        - key: q1
          type: single_choice
          text: Q1
          choices: [{key: a, label: A, score: 0}, {key: b, label: B, score: 100}]
        - {key: q2, type: yes_partly_no, text: Q2, show_if: {question: q1, equals: c}}
        """,
        f"{Q1}.show_if",
        "'c' is not a possible answer of 'q1'",
        "key: q2",
    ),
    (
        "condition_two_operators",
        """
        - {key: q1, type: number, text: Q1, scored: false}
        - {key: q2, type: yes_partly_no, text: Q2, show_if: {question: q1, gte: 1, lte: 3}}
        """,
        f"{Q1}.show_if",
        "exactly one of",
        "key: q2",
    ),
    (
        "maturity_without_levels",
        "- {key: q1, type: maturity, text: Q1}",
        Q0,
        "need 'levels'",
        "key: q1",
    ),
    (
        "action_too_long",
        f"- key: q1\n  type: yes_partly_no\n  text: Q1\n  action: {'Do it ' * 25}",
        f"{Q0}.action",
        "keep it to 120 characters",
        "action:",
    ),
]


@pytest.mark.parametrize(
    ("questions", "path", "message", "needle"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_malformed_question_is_refused_with_path_and_line(
    tmp_path: Path, questions: str, path: str, message: str, needle: str
):
    text = framework_yaml(questions)
    file = tmp_path / "bad.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework(file)
    matching = [i for i in caught.value.issues if i.path == path and message in i.message]
    assert matching, str(caught.value)
    issue = matching[0]
    assert issue.file == "bad.yaml"
    assert issue.line == line_of(text, needle)
    assert f"bad.yaml:{issue.line}: {path}: " in str(caught.value)


def _refused(text: str) -> FrameworkError:
    with pytest.raises(FrameworkError) as caught:
        load_framework_text(text, "bad.yaml")
    return caught.value


def test_missing_version_is_reported_at_the_root():
    text = framework_yaml("- {key: q1, type: yes_partly_no, text: Q1}").replace("version: 1\n", "")
    error = _refused(text)
    assert [(i.path, i.line) for i in error.issues] == [("", 1)]
    assert "missing required field 'version'" in error.issues[0].message
    assert "bad.yaml:1: <root>: missing required field 'version'" in str(error)


def test_invalid_yaml_reports_the_line():
    text = framework_yaml("- {key: q1, type: yes_partly_no, text: Q1}\n- key: [unclosed")
    error = _refused(text)
    assert len(error.issues) == 1
    assert error.issues[0].message.startswith("invalid YAML")
    assert error.issues[0].line == line_of(text, "[unclosed") + 1


def test_duplicate_mapping_key_in_yaml_is_an_error():
    text = framework_yaml("- key: q1\n  type: yes_partly_no\n  text: Q1\n  text: Q1 again")
    error = _refused(text)
    assert (f"{Q0}.text", line_of(text, "Q1 again"), "duplicate field") in [
        (i.path, i.line, i.message) for i in error.issues
    ]


def test_all_errors_are_collected():
    text = framework_yaml(
        """
        - {key: q1, type: rating, text: Q1}
        - {key: q2, type: yes_partly_no, text: Q2, weight: 0}
        - {key: Bad Key, type: yes_partly_no, text: Q3}
        - key: q4
          type: maturity
          text: Q4
          levels: [One., Two.]
        """
    )
    error = _refused(text)
    paths = {i.path for i in error.issues}
    assert {
        f"{Q0}.type",
        f"{Q1}.weight",
        "steps[0].sections[0].questions[2].key",
        "steps[0].sections[0].questions[3].levels",
    } <= paths
    assert str(error).startswith(f"{len(error.issues)} problems in framework:")
    assert all(issue.line for issue in error.issues)


def test_steps_must_be_the_five_in_order():
    text = framework_yaml("- {key: q1, type: yes_partly_no, text: Q1}")
    swapped = text.replace("key: gaps", "key: TMP").replace("key: stack", "key: gaps")
    error = _refused(swapped.replace("key: TMP", "key: stack"))
    assert any("five steps in order" in i.message and i.path == "steps" for i in error.issues)
    error = _refused(text.replace("key: gaps", "key: gapz"))
    messages = {(i.path, i.message.split(";")[0]) for i in error.issues}
    assert ("steps[2].key", "unknown step 'gapz'") in messages


def test_blend_only_on_inventory_steps_and_weights_sum_to_one():
    blend = "    blend: {questionnaire: 0.5, metrics: {stage_coverage: 0.2}}\n"
    on_first = HEAD.replace("    sections:\n", blend + "    sections:\n", 1)
    error = _refused(framework_yaml("- {key: q1, type: yes_partly_no, text: Q1}", head=on_first))
    assert any(
        i.path == "steps[0].blend" and "no inventory metrics" in i.message for i in error.issues
    )
    tail = TAIL.replace("    title: Touchpoints\n", "    title: Touchpoints\n" + blend, 1)
    error = _refused(framework_yaml("- {key: q1, type: yes_partly_no, text: Q1}", tail=tail))
    assert [i.message for i in error.issues] == ["blend weights must add up to 1, got 0.7"]
    bad_metric = tail.replace("stage_coverage", "seat_utilisation")
    error = _refused(framework_yaml("- {key: q1, type: yes_partly_no, text: Q1}", tail=bad_metric))
    assert any("unknown field 'seat_utilisation'" in i.message for i in error.issues)


def test_levels_accept_translations():
    levels = LEVELS.replace("Nothing written down.", "{en: Nothing written down., ar: لا شيء}")
    framework = load_framework_text(
        framework_yaml(f"- key: q1\n  type: maturity\n  text: Q1\n  levels: {levels}")
    )
    assert framework.question("q1").levels[0].text.get("ar") == "لا شيء"


# -- metric definitions -------------------------------------------------------------------


def test_default_framework_defines_every_metric_it_blends():
    framework = load_default_framework()
    blended = {key for step in framework.steps if step.blend for key, _ in step.blend.metrics}
    defined = {m.key: m for m in framework.metrics}
    assert blended <= set(defined)
    for metric in defined.values():
        assert metric.label is not None and metric.definition is not None, metric.key
    assert framework.metric("integrations_automated").values("manual_methods") == {
        "manual",
        "file",
    }


def test_metric_definitions_fall_back_to_the_built_in_ones(tmp_path: Path):
    framework = load_framework_text(framework_yaml("- {key: q1, type: yes_partly_no, text: Q1}"))
    assert framework.metrics == ()
    assert "web" in framework.metric("stage_coverage").values("digital_channels")


@pytest.mark.parametrize(
    ("metrics", "message"),
    [
        ("metrics: {reach: {label: Reach}}", "unknown field 'reach'"),
        ("metrics: {overlap: {digital_channels: [web]}}", "unknown field 'digital_channels'"),
        ("metrics: {stage_coverage: {digital_channels: [telepathy]}}", "unknown value 'telepathy'"),
        ("metrics: {stage_coverage: {digital_channels: web}}", "expected a list"),
        ("metrics: {stage_coverage: {digital_channels: []}}", "needs at least 1 value"),
    ],
)
def test_malformed_metric_definitions_are_refused(metrics: str, message: str):
    text = framework_yaml("- {key: q1, type: yes_partly_no, text: Q1}").replace(
        "steps:", metrics + "\nsteps:", 1
    )
    error = _refused(text)
    assert any(message in issue.message for issue in error.issues), str(error)
