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
