"""validate_answer and score_answer for every question type."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.questionnaire_core import (
    NA,
    AnswerError,
    load_default_framework,
    score_answer,
    validate_answer,
)

from .helpers import load

FRAMEWORK = load_default_framework()
q = FRAMEWORK.question


@pytest.mark.parametrize(
    ("key", "raw", "clean"),
    [
        ("buyer_needs", 3, 3),
        ("buyer_needs", "5", 5),
        ("buyer_needs", 2.0, 2),
        ("digital_role_defined", " Partly ", "partly"),
        ("digital_role_defined", "no", "no"),
        ("sales_shadowing", "year", "year"),
        (
            "field_learning_methods",
            ["surveys", "shadow_sales", "surveys"],
            ["shadow_sales", "surveys"],
        ),
        ("field_learning_methods", [], []),
        ("field_learning_methods", "analytics", ["analytics"]),
        ("digital_nps", "-12", -12),
        ("digital_nps", 33.5, 33.5),
        ("unused_tools", 40, 40),
        ("self_service_share", "42%", 42),
        ("self_service_share", 0, 0),
        ("digital_goal", "  Grow repeat orders  ", "Grow repeat orders"),
        ("buyer_complaints", "x" * 5000, "x" * 5000),
        ("buyer_needs", None, None),
        ("digital_goal", "   ", None),
        ("self_service_share", "n/a", NA),
        ("digital_nps", NA, NA),
    ],
)
def test_valid_answers_are_cleaned(key, raw, clean):
    assert validate_answer(q(key), raw) == clean


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("buyer_needs", 0, "1 to 5"),
        ("buyer_needs", 6, "1 to 5"),
        ("buyer_needs", 2.5, "1 to 5"),
        ("buyer_needs", True, "1 to 5"),
        ("buyer_needs", "high", "1 to 5"),
        ("buyer_needs", "n/a", "not applicable"),
        ("digital_role_defined", "maybe", "yes, partly or no"),
        ("digital_role_defined", 1, "yes, partly or no"),
        ("sales_shadowing", "daily", "options"),
        ("sales_shadowing", ["year"], "options"),
        ("field_learning_methods", ["surveys", "telepathy"], "telepathy"),
        ("field_learning_methods", 3, "options"),
        ("digital_nps", -101, "from -100 to 100"),
        ("digital_nps", "lots", "not a number"),
        ("digital_nps", float("nan"), "number"),
        ("unused_tools", -1, "at least 0"),
        ("self_service_share", 101, "from 0 to 100"),
        ("self_service_share", False, "number"),
        ("digital_goal", "x" * 201, "200 characters"),
        ("buyer_complaints", "x" * 5001, "5000 characters"),
        ("buyer_complaints", 12, "text"),
    ],
)
def test_invalid_answers_are_refused(key, raw, message):
    with pytest.raises(AnswerError, match=message):
        validate_answer(q(key), raw)


def test_text_answer_na_string_is_text_but_na_object_needs_allow_na():
    assert validate_answer(q("digital_goal"), "n/a") == "n/a"
    with pytest.raises(AnswerError):
        validate_answer(q("digital_goal"), NA)


@pytest.mark.parametrize(
    ("key", "value", "score"),
    [
        ("buyer_needs", 1, 0),
        ("buyer_needs", 2, 25),
        ("buyer_needs", 3, 50),
        ("buyer_needs", 4, 75),
        ("buyer_needs", 5, 100),
        ("digital_role_defined", "yes", 100),
        ("digital_role_defined", "partly", 50),
        ("digital_role_defined", "no", 0),
        ("sales_shadowing", "quarter", 100),
        ("sales_shadowing", "longer", 25),
        ("field_learning_methods", ["shadow_sales", "interviews"], 50),
        ("field_learning_methods", [c.key for c in q("field_learning_methods").choices], 100),
        ("field_learning_methods", [], 0),
        ("digital_nps", -100, 10),
        ("digital_nps", 0, 40),
        ("digital_nps", 39.9, 60),
        ("digital_nps", 100, 100),
        ("unused_tools", 0, 100),
        ("unused_tools", 2, 60),
        ("unused_tools", 500, 0),
        ("self_service_share", 9.99, 10),
        ("self_service_share", 10, 35),
        ("self_service_share", 100, 100),
        ("buyer_needs", None, None),
        ("self_service_share", NA, None),
        ("digital_goal", "anything", None),
        ("buyer_complaints", "anything", None),
        ("business_model_mix", "mostly_b2b", None),
    ],
)
def test_score_answer(key, value, score):
    assert score_answer(q(key), value) == score


def test_multiple_choice_scoring_rules():
    choices = "[{key: a, label: A, score: 60}, {key: b, label: B, score: 80}]"
    framework = load(
        f"""
        - {{key: total, type: multiple_choice, text: Sum, choices: {choices}}}
        - {{key: average, type: multiple_choice, text: Mean, scoring: mean, choices: {choices}}}
        - {{key: best, type: multiple_choice, text: Max, scoring: max, choices: {choices}}}
        """
    )
    picked = ["a", "b"]
    assert score_answer(framework.question("total"), picked) == 100  # 140 capped
    assert score_answer(framework.question("average"), picked) == 70
    assert score_answer(framework.question("best"), picked) == 80
    assert score_answer(framework.question("average"), []) == 0


def test_score_answer_rejects_invalid_values():
    with pytest.raises(AnswerError):
        score_answer(q("buyer_needs"), 9)


SCORED = [question for question in FRAMEWORK.questions()]
RAW_VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-1000, max_value=1000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["yes", "partly", "no", "n/a", "42%", "3"]),
    st.booleans(),
)


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_score_is_always_none_or_within_0_100(data):
    question = data.draw(st.sampled_from(SCORED))
    keys = [c.key for c in question.choices] or ["x"]
    raw = data.draw(
        st.one_of(
            RAW_VALUES,
            st.sampled_from(keys),
            st.lists(st.sampled_from(keys), max_size=len(keys) + 2),
            st.integers(min_value=1, max_value=5),
            st.floats(min_value=-100, max_value=100),
        )
    )
    try:
        clean = validate_answer(question, raw)
    except AnswerError:
        return
    assert validate_answer(question, clean) == clean  # idempotent on clean values
    score = score_answer(question, clean)
    assert score is None or 0 <= score <= 100
    if score is not None:
        assert question.scored and clean is not NA
