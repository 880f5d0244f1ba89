"""An answer's history names its question (in the reader's language) and assessment, not
the question's key; which question it is never shows as a change."""

import pytest
from django.utils import translation

from assessment.models import Answer
from assessment.questionnaire import services as questionnaire
from core.history import display, selectors
from core.testing.factories import MembershipFactory, OrganisationFactory
from tests.questionnaire.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def test_an_answer_is_named_by_its_question(django_assert_max_num_queries):
    organisation = OrganisationFactory()
    user = MembershipFactory(organisation=organisation, role="editor").user
    assessment = AssessmentFactory(organisation=organisation, title="Review 2027")
    questions = [q for q in assessment.framework.questions() if q.type == "maturity"][:3]
    for question in questions:
        questionnaire.save_answer(
            assessment=assessment,
            question_key=question.key,
            raw_value=2,
            base_version=0,
            user=user,
        )
    entries = list(selectors.activity(organisation, kind="assessment.answer"))
    assert len(entries) == 3
    with translation.override("ro"), django_assert_max_num_queries(12):
        rows = display.display_rows(entries)
    by_key = {Answer.objects.get(pk=r.entry.object_id).question_key: r for r in rows}
    for question in questions:
        row = by_key[question.key]
        assert row.object_repr.startswith(str(question.text.get("ro"))[:40])
        assert row.object_repr.endswith("· Review 2027")
        assert {change.field for change in row.changes} == {"value"}


def test_an_answers_value_reads_as_the_questionnaire_words_it():
    """An option's key ("batch"), a level (2) or a list of keys read as the question's own
    words, in the reader's language — here and wherever display_rows is read (Activity,
    History, CSV, API, the report)."""
    from assessment.questionnaire.display import answer_text

    organisation = OrganisationFactory()
    user = MembershipFactory(organisation=organisation, role="editor").user
    assessment = AssessmentFactory(organisation=organisation)
    framework = assessment.framework
    picked = {}
    for kind in ("maturity", "single_choice", "multiple_choice"):
        question = next(q for q in framework.questions() if q.type == kind and not q.show_if)
        if kind == "maturity":
            raw = 2
        elif kind == "single_choice":
            raw = question.choices[0].key
        else:
            raw = [c.key for c in question.choices[:2]]
        questionnaire.save_answer(
            assessment=assessment, question_key=question.key, raw_value=raw,
            base_version=0, user=user,
        )  # fmt: skip
        picked[question.key] = (question, raw)
    entries = list(selectors.activity(organisation, kind="assessment.answer"))
    for language in ("en", "fa"):
        with translation.override(language):
            rows = display.display_rows(entries)
            for row in rows:
                key = Answer.objects.get(pk=row.entry.object_id).question_key
                question, raw = picked[key]
                (value,) = [c for c in row.changes if c.field == "value"]
                assert value.new == answer_text(question, raw)[:160]
                assert value.new != str(raw)
