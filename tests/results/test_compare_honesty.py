"""The dashboard against the last final assessment, on a new draft: findings gone only
because their questions are not answered yet are not "resolved", and scores on fewer than
half their questions are provisional (issue 17)."""

import pytest
from django.urls import reverse

from assessment.models import Answer
from assessment.results import selectors, services
from core.testing.access import sign_in
from tests.results.helpers import answer, make_assessment, make_inventory

pytestmark = pytest.mark.django_db


def _last_year_then_new_draft(organisation):
    make_inventory(organisation)
    last = make_assessment(organisation, title="Review 2025")  # vendor_roadmap: "vendor"
    services.finalise(assessment=last)
    draft = make_assessment(organisation, title="Review 2026")
    return last, draft


def test_a_finding_whose_question_is_not_answered_yet_is_not_resolved(organisation):
    last, draft = _last_year_then_new_draft(organisation)
    Answer.objects.filter(assessment=draft, question_key="vendor_roadmap").delete()
    computed = services.compute_results(draft)
    comparison = selectors.compare(draft, computed, last)
    assert "vendor_driven_roadmap" in {f["key"] for f in comparison.not_answered_yet}
    assert "vendor_driven_roadmap" not in {f["key"] for f in comparison.resolved}


def test_a_finding_fixed_by_its_answer_is_resolved(organisation):
    last, draft = _last_year_then_new_draft(organisation)
    answer(draft, "vendor_roadmap", "company")
    computed = services.compute_results(draft)
    comparison = selectors.compare(draft, computed, last)
    assert "vendor_driven_roadmap" in {f["key"] for f in comparison.resolved}
    assert comparison.not_answered_yet == []


def test_scores_on_few_answers_are_provisional_with_their_completeness(organisation):
    last, draft = _last_year_then_new_draft(organisation)  # 3 of 66 answered
    computed = services.compute_results(draft)
    comparison = selectors.compare(draft, computed, last)
    assert comparison.overall_provisional
    stack = next(s for s in comparison.steps if s["key"] == "stack")
    assert stack["provisional"] and stack["completeness"].done < stack["completeness"].counted / 2
    context = selectors.dashboard(draft, computed)
    assert context["provisional"]
    assert all(card.provisional for card in context["cards"] if card.score is not None)


def test_the_dashboard_and_home_page_say_so(client):
    membership = sign_in(client, "viewer")
    _last, draft = _last_year_then_new_draft(membership.organisation)
    Answer.objects.filter(assessment=draft, question_key="vendor_roadmap").delete()
    page = client.get(reverse("assessment_dashboard", kwargs={"pk": draft.pk})).content.decode()
    assert 'data-testid="overall-provisional"' in page
    assert 'data-testid="compare-provisional"' in page
    assert "1 finding not answered yet" in page
    not_answered = page.split('data-testid="compare-not-answered"')[1].split("</div>")[0]
    assert "The martech roadmap is not owned by the organisation" in not_answered
    resolved = page.split('data-testid="compare-resolved"')[1].split("</div>")[0]
    assert "The martech roadmap is not owned" not in resolved
    home = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="overview-provisional"' in home
