"""Roadmap owners as members (issue 16): the item form and the API take a member only
(another organisation's user is refused), the board and the table show the owner member,
and open items past their due date stand out as "Overdue"."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.models import ItemStatus, RoadmapItem
from assessment.results import services
from core.testing.access import sign_in
from core.testing.api import api_client_for
from core.testing.factories import MembershipFactory
from tests.results.helpers import make_assessment, make_inventory

pytestmark = pytest.mark.django_db


def setup(organisation):
    make_inventory(organisation)
    assessment = make_assessment(organisation)
    services.compute_results(assessment)
    item = RoadmapItem.objects.filter(assessment=assessment).order_by("position").first()
    return assessment, item


def edit(client, assessment, item, **data):
    url = reverse("roadmap_item_edit", kwargs={"pk": assessment.pk, "item": item.pk})
    body = {"title": "Mine", "horizon": "now", "impact": "3", "effort": "low", **data}
    return client.post(url, body, headers={"HX-Request": "true"})


def test_the_inline_edit_sets_the_owner_member_and_refuses_a_stranger(client):
    membership = sign_in(client, "editor")
    assessment, item = setup(membership.organisation)
    stranger = MembershipFactory(role="owner").user
    refused = edit(client, assessment, item, owned_by=stranger.pk)
    assert refused.status_code == 422
    assert "Choose a member of this organisation as the owner." in refused.content.decode()
    saved = edit(client, assessment, item, owned_by=membership.user.pk, due_date="2030-01-02")
    assert saved.status_code == 200
    item.refresh_from_db()
    assert item.owned_by == membership.user and item.due_date == dt.date(2030, 1, 2)
    assert "owned_by" in item.edited_fields
    board = client.get(reverse("assessment_roadmap", kwargs={"pk": assessment.pk}))
    assert 'data-testid="item-owned-by"' in board.content.decode()


def test_the_add_form_takes_an_owner_member(client):
    membership = sign_in(client, "editor")
    assessment, _item = setup(membership.organisation)
    response = client.post(
        reverse("roadmap_item_add", kwargs={"pk": assessment.pk}),
        {
            "title": "Train",
            "horizon": "next",
            "impact": "2",
            "effort": "low",
            "owned_by": membership.user.pk,
        },
    )
    assert response.status_code == 302
    item = RoadmapItem.objects.get(assessment=assessment, title="Train")
    assert item.owned_by == membership.user


def test_overdue_open_items_stand_out_on_the_board_and_the_table(client):
    membership = sign_in(client, "viewer")
    assessment, item = setup(membership.organisation)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    RoadmapItem.objects.filter(pk=item.pk).update(due_date=yesterday, updated_at=timezone.now())
    url = reverse("assessment_roadmap", kwargs={"pk": assessment.pk})
    assert 'data-testid="overdue"' in client.get(url).content.decode()
    assert 'data-testid="overdue"' in client.get(url + "?view=table").content.decode()
    RoadmapItem.objects.filter(pk=item.pk).update(
        status=ItemStatus.RESOLVED, updated_at=timezone.now() + dt.timedelta(seconds=1)
    )
    assert 'data-testid="overdue"' not in client.get(url).content.decode()
    RoadmapItem.objects.filter(pk=item.pk).update(
        status=ItemStatus.OPEN,
        due_date=timezone.localdate(),
        updated_at=timezone.now() + dt.timedelta(seconds=2),
    )
    assert 'data-testid="overdue"' not in client.get(url).content.decode()


def test_the_api_sets_the_owner_member_and_refuses_a_stranger():
    client, membership = api_client_for("editor")
    assessment, item = setup(membership.organisation)
    url = reverse("api-roadmapitem-detail", args=[assessment.pk, item.pk])
    stranger = MembershipFactory(role="owner").user
    refused = client.patch(url, {"owned_by": stranger.pk}, format="json")
    assert refused.status_code == 400
    assert "member of this organisation" in refused.content.decode()
    saved = client.patch(url, {"owned_by": membership.user.pk}, format="json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["owned_by"] == membership.user.pk
    created = client.post(
        reverse("api-roadmapitem-list", args=[assessment.pk]),
        {"title": "New", "owned_by": membership.user.pk},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["owned_by"] == membership.user.pk
