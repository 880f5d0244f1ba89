"""The home page shows the assessment the team is working on and each role's next step."""

import pytest
from django.urls import reverse

from assessment.results import services
from core.testing.access import sign_in
from tests.results.helpers import answer, make_assessment, make_inventory

pytestmark = pytest.mark.django_db


def _home(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_editor_continues_where_answers_are_missing(client):
    membership = sign_in(client, "editor")
    assessment = make_assessment(membership.organisation, title="Review 2026")
    services.compute_results(assessment)
    html = _home(client)
    assert 'data-testid="overview-card"' in html and "Review 2026" in html
    first = reverse("assessment_step", kwargs={"pk": assessment.pk, "step": "current_state"})
    assert f'href="{first}"' in html and "questions to answer" in html
    assert "Curate the roadmap" in html
    assert reverse("assessment_report", kwargs={"pk": assessment.pk}) in html


def test_reviewer_is_sent_to_the_architecture_step_and_viewer_only_reads(client):
    membership = sign_in(client, "reviewer")
    assessment = make_assessment(membership.organisation)
    architecture = reverse("assessment_step", kwargs={"pk": assessment.pk, "step": "architecture"})
    assert f'href="{architecture}"' in _home(client)
    sign_in(client, "viewer", membership.organisation)
    html = _home(client)
    assert "questions to answer" not in html and "Curate the roadmap" not in html
    assert reverse("assessment_report", kwargs={"pk": assessment.pk}) in html


def test_index_and_the_last_final_beside_it(client):
    membership = sign_in(client, "editor")
    organisation = membership.organisation
    make_inventory(organisation)
    previous = make_assessment(organisation, title="Review 2025")
    services.finalise(assessment=previous)
    current = make_assessment(organisation, title="Review 2026")
    answer(current, "buyer_needs", 4)
    computed = services.compute_results(current)
    html = _home(client)
    assert "Review 2026" in html
    assert f">{round(computed.result.scores.overall)}<" in html.replace(" ", "").replace("\n", "")
    assert "Review 2025 (final):" in html


def test_no_assessment_yet_invites_editors_only(client):
    membership = sign_in(client, "editor")
    assert "Start your first assessment" in _home(client)
    sign_in(client, "viewer", membership.organisation)
    assert 'data-testid="overview-card"' not in _home(client)


def test_home_query_count_does_not_grow_with_answers(client, django_assert_max_num_queries):
    membership = sign_in(client, "editor")
    assessment = make_assessment(membership.organisation)
    services.compute_results(assessment)
    with django_assert_max_num_queries(20):
        _home(client)
