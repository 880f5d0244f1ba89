"""A final assessment is never deleted (page or API, any role); owners archive instead:
hidden from the default list, the home page and pickers, everything kept."""

import pytest
from django.urls import reverse

from assessment.assessments import services
from assessment.models import (
    Assessment,
    AssessmentSnapshot,
    Finding,
    ReportExport,
    RoadmapItem,
)
from assessment.results import services as results
from core.services import ServiceError
from core.testing.access import ALL_ROLES, sign_in
from core.testing.api import api_client_for
from tests.questionnaire.factories import AssessmentFactory
from tests.results.helpers import make_assessment, make_inventory

pytestmark = pytest.mark.django_db


def _final(organisation, title="Review 2025"):
    """A final assessment with its snapshot, findings, roadmap and an export."""
    make_inventory(organisation)
    assessment = make_assessment(organisation, title=title)
    results.finalise(assessment=assessment)
    ReportExport.objects.create(
        organisation=organisation, assessment=assessment, sections=["summary"], cache_key="x"
    )
    return assessment


def _kept(assessment) -> dict:
    return {
        "assessment": Assessment.objects.filter(pk=assessment.pk).exists(),
        "snapshot": AssessmentSnapshot.objects.filter(assessment=assessment).exists(),
        "findings": Finding.objects.filter(assessment=assessment).count(),
        "roadmap": RoadmapItem.objects.filter(assessment=assessment).count(),
        "exports": ReportExport.objects.filter(assessment=assessment).count(),
    }


# -- a final assessment cannot be deleted ---------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_final_assessment_cannot_be_deleted_in_the_page(client, role):
    membership = sign_in(client, role)
    assessment = _final(membership.organisation)
    before = _kept(assessment)
    assert before["snapshot"] and before["findings"] and before["roadmap"]
    url = reverse("assessment_delete", kwargs={"pk": assessment.pk})
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert _kept(assessment) == before
    detail = client.get(assessment.get_absolute_url()).content.decode()
    assert 'data-testid="delete-assessment"' not in detail and url not in detail


@pytest.mark.parametrize("role", ALL_ROLES)
def test_final_assessment_cannot_be_deleted_through_the_api(role):
    client, membership = api_client_for(role)
    assessment = _final(membership.organisation)
    before = _kept(assessment)
    response = client.delete(reverse("api-assessment-detail", args=[assessment.pk]))
    assert response.status_code == 403
    assert response.json()["error"]["status"] == 403
    assert _kept(assessment) == before


def test_the_delete_service_refuses_a_final_assessment(organisation):
    assessment = _final(organisation)
    with pytest.raises(ServiceError):
        services.delete_assessment(assessment=assessment, user=None)
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_an_open_assessment_still_deletes(client):
    membership = sign_in(client, "editor")
    assessment = AssessmentFactory(organisation=membership.organisation)
    detail = client.get(assessment.get_absolute_url()).content.decode()
    assert 'data-testid="delete-assessment"' in detail
    response = client.post(reverse("assessment_delete", kwargs={"pk": assessment.pk}))
    assert response.status_code == 302
    assert not Assessment.objects.filter(pk=assessment.pk).exists()


# -- archiving ------------------------------------------------------------------------------


def test_owner_archives_and_unarchives_in_the_page(client):
    membership = sign_in(client, "owner")
    assessment = _final(membership.organisation)
    before = _kept(assessment)
    detail = client.get(assessment.get_absolute_url()).content.decode()
    assert reverse("assessment_archive", kwargs={"pk": assessment.pk}) in detail
    response = client.post(reverse("assessment_archive", kwargs={"pk": assessment.pk}))
    assert response.status_code == 302
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.archived_at is not None and stored.archived_by == membership.user
    assert _kept(assessment) == before  # snapshot, findings, roadmap, exports
    detail = client.get(assessment.get_absolute_url()).content.decode()
    assert 'data-testid="archived-notice"' in detail
    assert reverse("assessment_unarchive", kwargs={"pk": assessment.pk}) in detail
    # Still reads and prints.
    report = client.get(reverse("assessment_report", kwargs={"pk": assessment.pk}))
    assert report.status_code == 200
    dashboard = client.get(reverse("assessment_dashboard", kwargs={"pk": assessment.pk}))
    assert dashboard.status_code == 200
    client.post(reverse("assessment_unarchive", kwargs={"pk": assessment.pk}))
    stored.refresh_from_db()
    assert stored.archived_at is None and stored.archived_by is None


@pytest.mark.parametrize("role", ["editor", "reviewer", "viewer"])
def test_only_owners_see_the_archive_button(client, role):
    membership = sign_in(client, role)
    assessment = AssessmentFactory(organisation=membership.organisation)
    detail = client.get(assessment.get_absolute_url()).content.decode()
    assert 'data-testid="archive-assessment"' not in detail


def test_archived_assessments_leave_the_list_home_page_and_pickers(client):
    membership = sign_in(client, "owner")
    organisation = membership.organisation
    kept = AssessmentFactory(organisation=organisation, title="Kept in view")
    archived = AssessmentFactory(organisation=organisation, title="Tidied away")
    services.archive_assessment(assessment=archived, user=membership.user)
    listed = client.get(reverse("assessment_list")).content.decode()
    assert "Kept in view" in listed and "Tidied away" not in listed
    shown = client.get(reverse("assessment_list"), {"archived": "true"}).content.decode()
    assert "Tidied away" in shown and "Kept in view" not in shown
    assert 'data-testid="archived-badge"' in shown
    # Home page: the newest assessment is archived, so the other one is current.
    home = client.get(reverse("dashboard")).content.decode()
    assert "Kept in view" in home and "Tidied away" not in home
    # Pickers: "start from" on a new assessment, the report list, the top-level roadmap.
    new = client.get(reverse("assessment_add")).content.decode()
    assert "Kept in view" in new and "Tidied away" not in new
    reports = client.get(reverse("report_list")).content.decode()
    assert "Kept in view" in reports and "Tidied away" not in reports
    roadmap = client.get(reverse("roadmap"))
    assert roadmap["Location"] == reverse("assessment_roadmap", kwargs={"pk": kept.pk})


def test_archive_through_the_api_and_the_archived_filter():
    client, membership = api_client_for("owner")
    kept = AssessmentFactory(organisation=membership.organisation)
    assessment = _final(membership.organisation)
    before = _kept(assessment)
    response = client.post(reverse("api-assessment-archive", args=[assessment.pk]))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["archived_at"] and body["archived_by"] == membership.user.email
    assert _kept(assessment) == before
    listed = client.get(reverse("api-assessment-list")).json()["results"]
    assert [row["id"] for row in listed] == [kept.pk]
    archived = client.get(reverse("api-assessment-list"), {"archived": "true"}).json()
    assert [row["id"] for row in archived["results"]] == [assessment.pk]
    assert client.get(reverse("api-assessment-list"), {"archived": "maybe"}).status_code == 400
    # By id it still reads, scores and exports.
    url = reverse("api-assessment-detail", args=[assessment.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("api-assessment-scores", args=[assessment.pk])).status_code == 200
    response = client.post(reverse("api-assessment-unarchive", args=[assessment.pk]))
    assert response.status_code == 200 and response.json()["archived_at"] is None
    listed = client.get(reverse("api-assessment-list")).json()["results"]
    assert {row["id"] for row in listed} == {kept.pk, assessment.pk}


@pytest.mark.parametrize("role", ["editor", "reviewer", "viewer"])
def test_only_owners_archive_through_the_api(role):
    client, membership = api_client_for(role)
    assessment = AssessmentFactory(organisation=membership.organisation)
    response = client.post(reverse("api-assessment-archive", args=[assessment.pk]))
    assert response.status_code == 403
    assert Assessment.objects.get(pk=assessment.pk).archived_at is None


def test_the_admin_does_not_delete_a_final_assessment(admin_client, organisation):
    assessment = _final(organisation)
    url = reverse("admin:assessment_assessment_delete", args=[assessment.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Assessment.objects.filter(pk=assessment.pk).exists()
