"""show_if evaluation: operators, combinators and hidden chains."""

from __future__ import annotations

from assessment.questionnaire_core import NA, Condition, evaluate_condition, visible_questions
from assessment.questionnaire_core.conditions import visible_answers

from .helpers import load


def leaf(op: str, value, question: str = "q") -> Condition:
    return Condition(op=op, question=question, value=value)


def test_leaf_operators():
    assert evaluate_condition(leaf("equals", "yes"), {"q": "yes"})
    assert not evaluate_condition(leaf("equals", "yes"), {"q": "no"})
    assert evaluate_condition(leaf("in", ("a", "b")), {"q": "b"})
    assert not evaluate_condition(leaf("in", ("a", "b")), {"q": "c"})
    assert evaluate_condition(leaf("gte", 3), {"q": 3})
    assert not evaluate_condition(leaf("gte", 3), {"q": 2})
    assert evaluate_condition(leaf("lte", 10.5), {"q": 10})
    assert not evaluate_condition(leaf("lte", 10.5), {"q": "ten"})
    assert not evaluate_condition(leaf("equals", 3), {"q": "3"})


def test_answered_treats_missing_blank_and_na_as_unanswered():
    answered = leaf("answered", True)
    for value in (None, "", "  ", NA):
        assert not evaluate_condition(answered, {"q": value})
        assert evaluate_condition(leaf("answered", False), {"q": value})
    assert not evaluate_condition(answered, {})
    assert evaluate_condition(answered, {"q": "text"})
    assert evaluate_condition(answered, {"q": []})  # an empty multiple choice is an answer
    assert not evaluate_condition(leaf("equals", "yes"), {"q": NA})


def test_multiple_choice_answers_match_any_selected_key():
    assert evaluate_condition(leaf("equals", "b"), {"q": ["a", "b"]})
    assert evaluate_condition(leaf("in", ("x", "a")), {"q": ["a"]})
    assert not evaluate_condition(leaf("in", ("x", "y")), {"q": ["a", "b"]})


def test_combinators():
    both = Condition(op="all", conditions=(leaf("equals", "yes", "a"), leaf("gte", 3, "b")))
    either = Condition(op="any", conditions=(leaf("equals", "yes", "a"), leaf("gte", 3, "b")))
    assert evaluate_condition(both, {"a": "yes", "b": 4})
    assert not evaluate_condition(both, {"a": "yes", "b": 2})
    assert evaluate_condition(either, {"a": "no", "b": 4})
    assert not evaluate_condition(either, {"a": "no", "b": 1})
    nested = Condition(op="any", conditions=(both, leaf("answered", True, "c")))
    assert evaluate_condition(nested, {"c": "x"})
    assert nested.referenced_keys() == {"a", "b", "c"}


CHAIN = """
- key: uses_bot
  type: single_choice
  text: Do you use a chatbot?
  scored: false
  choices: [{key: live, label: Live}, {key: none, label: None}]
- key: handover
  type: yes_partly_no
  text: Hand-over?
  show_if: {question: uses_bot, equals: live}
- key: context
  type: maturity
  text: Context at hand-over?
  levels: [Nothing., Transcript., Identified., History., Everything.]
  show_if: {question: handover, in: ["yes", partly]}
- key: detail
  type: long_text
  text: Describe it
  show_if: {question: context, answered: false}
- key: combo
  type: short_text
  text: Combo
  show_if:
    any:
      - {question: context, gte: 4}
      - all: [{question: uses_bot, equals: none}, {question: handover, answered: false}]
"""


def keys(framework, answers):
    """Visible keys of the first step (the other steps of the test file are fixed)."""
    return [q.key for q in visible_questions(framework, answers) if q.step == "current_state"]


def test_chain_a_b_c():
    framework = load(CHAIN)
    assert keys(framework, {}) == ["uses_bot"]
    assert keys(framework, {"uses_bot": "live"}) == ["uses_bot", "handover"]
    visible = keys(framework, {"uses_bot": "live", "handover": "partly"})
    assert visible == ["uses_bot", "handover", "context", "detail"]
    answers = {"uses_bot": "live", "handover": "yes", "context": 4}
    assert keys(framework, answers) == ["uses_bot", "handover", "context", "combo"]


def test_children_of_hidden_questions_are_hidden_even_with_stale_answers():
    framework = load(CHAIN)
    # The user answered the whole chain, then changed the first answer.
    answers = {"uses_bot": "none", "handover": "yes", "context": 5, "detail": "x"}
    # combo's second branch tests the hidden 'handover', so it is false: combo stays hidden.
    assert keys(framework, answers) == ["uses_bot"]
    # 'detail' tests "context not answered": true for hidden context, yet detail stays hidden.
    assert "detail" not in keys(framework, {"uses_bot": "none"})
    assert visible_answers(framework, answers) == {"uses_bot": "none"}


def test_default_framework_chain():
    from assessment.questionnaire_core import load_default_framework

    framework = load_default_framework()

    def keys(framework, answers):
        return [q.key for q in visible_questions(framework, answers)]

    visible = keys(framework, {"chatbot_use": "none"})
    assert "chatbot_handover" not in visible and "handover_context" not in visible
    visible = keys(framework, {"chatbot_use": "pilot", "chatbot_handover": "yes"})
    assert "handover_context" in visible
    assert "digital_nps" not in keys(framework, {"digital_satisfaction": 2})
    assert "digital_nps" in keys(framework, {"digital_satisfaction": 3})
