"""The current assessment: an owner pins the one the home page and the top-level Roadmap
open for everyone, instead of the newest draft (issue 17: a viewer printed an empty new
draft because it had silently become "current")."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessment.assessments import services
from assessment.models import Assessment
from assessment.results import selectors
from core.services import ServiceError
from core.testing.access import sign_in
from core.testing.api import api_client_for
from core.testing.factories import MembershipFactory
from tests.questionnaire.factories import AssessmentFactory
from tests.results.helpers import make_assessment, make_inventory

pytestmark = pytest.mark.django_db


def _final_then_draft(organisation):
    """Last year's final assessment, then this year's empty draft (the newest)."""
    from assessment.results import services as results

    make_inventory(organisation)
    final = make_assessment(organisation, title="Review 2025")
    results.finalise(assessment=final)
    draft = AssessmentFactory(organisation=organisation, title="Review 2026 (empty draft)")
    return final, draft


def test_without_a_pin_the_newest_open_assessment_is_current(client):
    membership = sign_in(client, "viewer")
    _final, draft = _final_then_draft(membership.organisation)
    assert selectors.home_overview(membership.organisation).assessment == draft
    assert selectors.roadmap_assessment(membership.organisation) == draft


def test_a_pinned_assessment_is_everyones_current_one(client):
    owner = sign_in(client, "owner")
    organisation = owner.organisation
    final, _draft = _final_then_draft(organisation)
    response = client.post(reverse("assessment_pin", kwargs={"pk": final.pk}))
    assert response.status_code == 302
    final.refresh_from_db()
    assert final.pinned_at and final.pinned_by == owner.user

    viewer = MembershipFactory(organisation=organisation, role="viewer")
    client.force_login(viewer.user)
    home = client.get(reverse("dashboard")).content.decode()
    assert "Review 2025" in home and "Review 2026 (empty draft)" not in home
    assert "Current assessment, pinned by an owner" in home
    roadmap = client.get(reverse("roadmap"))
    assert roadmap["Location"] == reverse("assessment_roadmap", kwargs={"pk": final.pk})
    listed = client.get(reverse("assessment_list")).content.decode()
    assert listed.count('data-testid="pinned-badge"') == 1
    detail = client.get(final.get_absolute_url()).content.decode()
    assert 'data-testid="pinned-notice"' in detail
    assert 'data-testid="pin-assessment"' not in detail  # viewers do not pin


def test_pinning_another_one_moves_the_pin():
    organisation = MembershipFactory(role="owner")
    first = AssessmentFactory(organisation=organisation.organisation)
    second = AssessmentFactory(organisation=organisation.organisation)
    services.pin_assessment(assessment=first, user=organisation.user)
    services.pin_assessment(assessment=second, user=organisation.user)
    pinned = Assessment.objects.filter(
        organisation=organisation.organisation, pinned_at__isnull=False
    )
    assert list(pinned) == [second]
    services.pin_assessment(assessment=second, user=organisation.user)  # idempotent
    assert list(pinned.all()) == [second]


def test_the_database_keeps_one_pin_per_organisation():
    a = AssessmentFactory(pinned=True)
    AssessmentFactory(pinned=True)  # another organisation: allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentFactory(organisation=a.organisation, pinned=True)


def test_archiving_unpins_and_an_archived_assessment_cannot_be_pinned(client):
    owner = sign_in(client, "owner")
    assessment = AssessmentFactory(organisation=owner.organisation, pinned=True)
    services.archive_assessment(assessment=assessment, user=owner.user)
    assessment.refresh_from_db()
    assert assessment.pinned_at is None and assessment.archived_at is not None
    with pytest.raises(ServiceError):
        services.pin_assessment(assessment=assessment, user=owner.user)
    response = client.post(reverse("assessment_pin", kwargs={"pk": assessment.pk}), follow=True)
    assert "unarchive it first" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.pinned_at is None


def test_unpin_goes_back_to_the_newest_open_assessment(client):
    owner = sign_in(client, "owner")
    final, draft = _final_then_draft(owner.organisation)
    services.pin_assessment(assessment=final, user=owner.user)
    assert client.post(reverse("assessment_unpin", kwargs={"pk": final.pk})).status_code == 302
    assert selectors.home_overview(owner.organisation).assessment == draft


def test_a_pin_in_another_organisation_changes_nothing_here():
    here = MembershipFactory(role="owner")
    mine = AssessmentFactory(organisation=here.organisation)
    AssessmentFactory(pinned=True)  # another organisation's pin
    assert selectors.home_overview(here.organisation).assessment == mine
    assert selectors.roadmap_assessment(here.organisation) == mine


def test_pin_through_the_api():
    client, membership = api_client_for("owner")
    first = AssessmentFactory(organisation=membership.organisation)
    second = AssessmentFactory(organisation=membership.organisation)
    response = client.post(reverse("api-assessment-pin", args=[first.pk]))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["pinned_at"] and body["pinned_by"] == membership.user.email
    client.post(reverse("api-assessment-pin", args=[second.pk]))
    rows = {r["id"]: r for r in client.get(reverse("api-assessment-list")).json()["results"]}
    assert rows[first.pk]["pinned_at"] is None and rows[second.pk]["pinned_at"]
    response = client.post(reverse("api-assessment-unpin", args=[second.pk]))
    assert response.status_code == 200 and response.json()["pinned_at"] is None
    archived = AssessmentFactory(organisation=membership.organisation, archived=True)
    response = client.post(reverse("api-assessment-pin", args=[archived.pk]))
    assert response.status_code == 400 and "unarchive" in response.content.decode()
