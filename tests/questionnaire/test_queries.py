"""The step page's query count does not grow with the number of questions."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.questionnaire import services
from core.testing.factories import MembershipFactory
from tests.questionnaire.factories import (
    AssessmentFactory,
    custom_framework_version,
    framework_text,
    many_questions,
)

pytestmark = pytest.mark.django_db


def _step_page(client, organisation, count: int, key: str):
    version = custom_framework_version(framework_text(many_questions(count), key=key), organisation)
    assessment = AssessmentFactory(organisation=organisation, framework_version=version)
    user = MembershipFactory(organisation=organisation).user
    for i in range(0, count, 2):  # half answered, with notes on some
        services.save_answer(
            assessment=assessment, question_key=f"q{i}", raw_value="yes", base_version=0, user=user
        )
        if i % 4 == 0:
            services.save_note(
                assessment=assessment, question_key=f"q{i}", note="n", base_version=0, user=user
            )
    return reverse("assessment_step", kwargs={"pk": assessment.pk, "step": "current_state"})


def test_step_page_query_count_is_the_same_for_5_and_50_questions(
    client, signed_in, django_assert_num_queries
):
    membership = signed_in("editor")
    small = _step_page(client, membership.organisation, 5, "small")
    large = _step_page(client, membership.organisation, 50, "large")
    client.get(small)  # warm the session
    cache.clear()  # (and not the page: it is rendered, not taken from core.render_cache)
    with CaptureQueriesContext(connection) as five:
        response = client.get(small)
    assert response.status_code == 200
    assert response.content.decode().count('class="question"') == 5
    with django_assert_num_queries(len(five.captured_queries)):
        response = client.get(large)
    assert response.content.decode().count('class="question"') == 50
    with CaptureQueriesContext(connection) as again:  # unchanged: the stored copy
        cached = client.get(large)
    assert cached.content.decode().count('class="question"') == 50
    assert len(again) < len(five)
    print(f"step page queries: 5 questions → {len(five)}, 50 questions → same")
