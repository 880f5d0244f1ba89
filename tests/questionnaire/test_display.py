"""One wording for an answer everywhere: the step page's filter, the explanations and the
report's appendix all go through `questionnaire.display.answer_text`."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from assessment.questionnaire.display import answer_text, number_text
from assessment.questionnaire_core import load_default_framework
from assessment.questionnaire_core import schema as s
from assessment.report.data.appendix import answer_text as appendix_answer_text
from assessment.templatetags.questionnaire import answer_display

FRAMEWORK = load_default_framework()


def first(kind):
    return next(q for q in FRAMEWORK.questions() if q.type == kind)


def test_maturity_names_the_level_out_of_the_questions_levels():
    question = first(s.MATURITY)
    text = answer_text(question, 3, language="en")
    level = next(lv for lv in question.levels if lv.value == 3).text.get("en")
    assert text == f"Level 3 of {len(question.levels)} — {level}"


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("na", "Not applicable"),
        ("unanswered", "Unanswered"),
        ("hidden", "Not asked (its condition was not met)"),
        ("invalid", "Answer no longer valid: 9"),
    ],
)
def test_states_other_than_answered(state, expected):
    assert answer_text(first(s.MATURITY), 9, state=state, language="en") == expected


def test_multiple_choice_joins_labels_with_semicolons_so_commas_in_labels_survive():
    question = first(s.MULTIPLE_CHOICE)
    keys = [c.key for c in question.choices[:2]]
    labels = [c.label.get("en") for c in question.choices[:2]]
    assert answer_text(question, keys, language="en") == "; ".join(labels)
    assert answer_text(question, [], language="en") == "None selected"


@pytest.mark.parametrize(("value", "text"), [(1200, "1,200"), (12.5, "12.5"), (3.0, "3")])
def test_numbers_group_thousands_and_drop_trailing_zeros(value, text):
    assert number_text(value) == text


@pytest.mark.parametrize("kind", [s.MATURITY, s.YES_PARTLY_NO, s.SINGLE_CHOICE, s.PERCENTAGE])
def test_step_page_and_report_appendix_agree(kind):
    question = first(kind)
    value = {
        s.MATURITY: 4,
        s.YES_PARTLY_NO: "partly",
        s.SINGLE_CHOICE: question.choices[0].key if question.choices else None,
        s.PERCENTAGE: 40,
    }[kind]
    stored = SimpleNamespace(has_answer=True, is_na=False, value=value)
    with translation.override("ro"):  # build_report_data renders under the report's language
        page = answer_display(stored, question)
        report = appendix_answer_text(question, value, state="answered", language="ro")
    assert page == report
    assert page and "%(" not in page
