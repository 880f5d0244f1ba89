"""Invariants of the scoring method, checked on the default framework with hypothesis."""

from __future__ import annotations

import dataclasses
import functools
import random

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from assessment.questionnaire_core import (
    NA,
    load_default_framework,
    load_framework_text,
    score_answer,
)
from assessment.results_core import evaluate, score

from . import strategies as gen
from .helpers import make_input

FRAMEWORK = load_default_framework()
GATING = gen.gating_keys(FRAMEWORK)
SCORED = [q for q in FRAMEWORK.questions() if q.scored]
NON_GATING = [q for q in SCORED if q.key not in GATING]
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def all_numbers(result):
    yield result.overall
    for q in result.questions.values():
        yield q.score
    for step in result.steps:
        yield from (step.score, step.questionnaire, step.gap and None)
        yield from (section.score for section in step.sections)
        for contribution in step.explanation.contributions:
            yield contribution.value
    for metric in result.metrics.values():
        yield metric.value


@PROPERTY
@given(gen.answer_sets(FRAMEWORK), gen.tools, gen.integrations, gen.touchpoints)
def test_every_score_is_between_0_and_100(answers, tools, integrations, touchpoints):
    data = make_input(
        answer_values=answers, tools=tuple(tools), integrations=tuple(integrations),
        touchpoints=tuple(touchpoints),
    )  # fmt: skip
    result = score(data)
    for value in all_numbers(result):
        assert value is None or 0.0 <= value <= 100.0
    ratio = result.completeness.ratio
    assert ratio is None or 0.0 <= ratio <= 1.0
    for step in result.steps:
        if step.score is not None:
            # the contributions' points add up to the score
            points = sum(c.points for c in step.explanation.included())
            assert abs(points - step.score) < 1e-9


def scores_of(result):
    return (
        result.overall,
        tuple((s.score, s.questionnaire) for s in result.steps),
        tuple(sec.score for s in result.steps for sec in s.sections),
    )


@PROPERTY
@given(gen.answer_sets(FRAMEWORK), gen.tools, gen.integrations, gen.touchpoints, st.data())
def test_marking_an_unanswered_question_na_never_changes_a_score(
    answers, tools, integrations, touchpoints, data
):
    """With inventories too: the blended steps' metrics must not shift either."""
    candidates = [q.key for q in FRAMEWORK.questions() if q.allow_na and answers[q.key] is None]
    assume(candidates)
    key = data.draw(st.sampled_from(candidates))
    inventory = {"tools": tools, "integrations": integrations, "touchpoints": touchpoints}
    before = score(make_input(answer_values=answers, **inventory))
    after = score(make_input(answer_values={**answers, key: NA}, **inventory))
    assert scores_of(after) == scores_of(before)


@PROPERTY
@given(gen.answer_sets(FRAMEWORK), gen.tools, gen.touchpoints, st.data())
def test_raising_one_answer_never_lowers_its_step_or_the_overall(answers, tools, points, data):
    question = data.draw(st.sampled_from(NON_GATING))
    a, b = data.draw(gen.value_of(question)), data.draw(gen.value_of(question))
    low, high = sorted((a, b), key=lambda v: score_answer(question, v))
    assume(score_answer(question, low) < score_answer(question, high))
    inventory = {"tools": tuple(tools), "touchpoints": tuple(points)}
    before = score(make_input(answer_values={**answers, question.key: low}, **inventory))
    after = score(make_input(answer_values={**answers, question.key: high}, **inventory))
    step_before, step_after = before.step(question.step), after.step(question.step)
    if step_before.score is not None:
        assert step_after.score >= step_before.score
        assert after.overall >= before.overall


@PROPERTY
@given(gen.answer_sets(FRAMEWORK), st.data())
def test_completeness_does_not_depend_on_answer_values(answers, data):
    question = data.draw(st.sampled_from(NON_GATING))
    first = data.draw(gen.value_of(question))
    second = data.draw(gen.value_of(question))
    one = score(make_input(answer_values={**answers, question.key: first}))
    two = score(make_input(answer_values={**answers, question.key: second}))
    assert one.completeness == two.completeness
    assert [s.completeness for s in one.steps] == [s.completeness for s in two.steps]


WEIGHTED = """\
version: 1
key: weights
title: Weights
steps:
  - key: current_state
    title: Current state
    sections:
      - key: main
        title: Main
        questions:
          - {{key: heavy, type: maturity, text: Heavy, weight: {heavy}, levels: [a, b, c, d, e]}}
          - {{key: light, type: maturity, text: Light, weight: {light}, levels: [a, b, c, d, e]}}
  - {{key: touchpoints, title: T, sections: [{{key: m, title: M, questions: [{{key: t1, type: yes_partly_no, text: T}}]}}]}}
  - {{key: gaps, title: G, sections: [{{key: m, title: M, questions: [{{key: g1, type: yes_partly_no, text: G}}]}}]}}
  - {{key: stack, title: S, sections: [{{key: m, title: M, questions: [{{key: s1, type: yes_partly_no, text: S}}]}}]}}
  - {{key: architecture, title: A, sections: [{{key: m, title: M, questions: [{{key: a1, type: yes_partly_no, text: A}}]}}]}}
"""  # noqa: E501


@functools.lru_cache
def weighted_framework(heavy: float, light: float):
    return load_framework_text(WEIGHTED.format(heavy=heavy, light=light), "weights.yaml")


@PROPERTY
@given(
    st.sampled_from((0.5, 1.0, 1.5, 2.0, 3.0)),
    st.sampled_from((0.5, 1.0, 1.5, 2.0, 3.0)),
    st.integers(1, 4),
    st.integers(1, 4),
)
def test_a_heavier_question_moves_the_step_more(w1, w2, level_heavy, level_light):
    heavy, light = max(w1, w2), min(w1, w2)
    framework = weighted_framework(heavy, light)
    base = {"heavy": level_heavy, "light": level_light}

    def step_score(answers):
        data = make_input(framework=framework, answer_values=answers)
        return score(data).step("current_state").score

    start = step_score(base)
    heavy_move = step_score({**base, "heavy": level_heavy + 1}) - start
    light_move = step_score({**base, "light": level_light + 1}) - start
    assert heavy_move > 0 and light_move > 0
    if heavy > light:
        assert heavy_move > light_move
    else:
        assert abs(heavy_move - light_move) < 1e-9


@PROPERTY
@given(gen.answer_sets(FRAMEWORK), gen.tools, gen.integrations, gen.touchpoints, st.randoms())
def test_results_are_deterministic_and_independent_of_input_order(
    answers, tools, integrations, touchpoints, rnd: random.Random
):
    data = make_input(
        answer_values=answers, tools=tuple(tools), integrations=tuple(integrations),
        touchpoints=tuple(touchpoints),
    )  # fmt: skip
    shuffled_answers = list(data.answers)  # same ids, other order
    for items in (shuffled_answers, tools, integrations, touchpoints):
        rnd.shuffle(items)
    shuffled = dataclasses.replace(
        data,
        answers=tuple(shuffled_answers),
        tools=tuple(tools),
        integrations=tuple(integrations),
        touchpoints=tuple(touchpoints),
    )
    first, again, other = evaluate(data), evaluate(data), evaluate(shuffled)
    assert first == again
    assert scores_of(first.scores) == scores_of(other.scores)
    assert first.findings == other.findings
    assert first.roadmap == other.roadmap
