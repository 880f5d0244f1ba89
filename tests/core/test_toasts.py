"""Messages as toasts (templates/core/_messages.html, core.feedback; issue 17): every action
says something, in a toast that is readable without JavaScript; deleting, dismissing and
reviewing offer "Undo"; a row just added is named for the highlight."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.urls import reverse

from assessment.inventory.services import seed_taxonomy
from assessment.models import Integration, ItemStatus, ReviewState, RoadmapItem, Tool
from assessment.results import services as results
from assessment.testing.factories import IntegrationFactory, ToolFactory
from core import feedback
from core.models import UndoToken
from core.testing.access import sign_in
from tests.results.helpers import make_assessment, make_inventory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def toasts(html: str) -> list[str]:
    """Each toast's markup, in order."""
    return re.findall(r'<div class="toast show.*?</div>\s*</div>', html, flags=re.S)


def undo_form(toast: str) -> str:
    match = re.search(r'<form method="post" action="(/undo/[^"]+/)"', toast)
    assert match, toast
    return match.group(1)


@pytest.fixture
def editor(client):
    membership = sign_in(client, "editor")
    seed_taxonomy(organisation=membership.organisation)
    return membership


def test_deleting_a_tool_says_so_with_an_undo_form(client, editor):
    tool = ToolFactory(organisation=editor.organisation, name="Hotjar")
    pk = tool.pk
    response = client.post(reverse("tool_delete", kwargs={"pk": pk}), follow=True)
    html = response.content.decode()
    [toast] = toasts(html)
    assert "Deleted Hotjar." in toast and 'role="status"' in toast
    assert 'data-bs-delay="10000"' in toast  # longer with an Undo
    url = undo_form(toast)
    assert 'name="csrfmiddlewaretoken"' in toast
    assert 'name="next" value="/tools/"' in toast
    assert ">Undo</button>" in toast and 'data-bs-dismiss="toast"' in toast
    token = UndoToken.objects.get()
    assert url == reverse("undo", kwargs={"key": token.key})

    page = client.post(url, {"next": "/tools/"}, follow=True).content.decode()
    assert "Restored Hotjar." in page and f'data-highlight="{pk}"' in page
    assert f'data-testid="row-{pk}"' in page


def test_adding_a_tool_inline_says_so_with_the_list_that_shows_it(client, editor):
    response = client.post(
        reverse("tool_add"), {"name": "Inline", "status": "active"}, headers=HTMX
    )
    assert response.status_code == 204 and response["HX-Trigger"] == "inventory-changed"
    tool = Tool.objects.get(name="Inline")
    # the list reloads (hx-trigger "inventory-changed from:body"): the toast comes with it
    results_html = client.get(
        reverse("tool_list"), headers={**HTMX, "HX-Target": "results"}
    ).content.decode()
    assert 'hx-swap-oob="beforeend:#messages"' in results_html
    [toast] = toasts(results_html)
    assert "Added Inline." in toast and f'data-highlight="{tool.pk}"' in toast
    assert f'data-testid="row-{tool.pk}"' in results_html
    assert 'data-bs-delay="6000"' in toast and "/undo/" not in toast


def test_editing_inline_says_so_without_a_highlight(client, editor):
    tool = ToolFactory(organisation=editor.organisation, name="Slack")
    client.post(
        reverse("tool_edit", kwargs={"pk": tool.pk}), {"name": "Slack 2", "status": "active"},
        headers=HTMX,
    )  # fmt: skip
    [toast] = toasts(client.get(reverse("tool_list"), headers=HTMX).content.decode())
    assert "Saved Slack 2." in toast and "data-highlight" not in toast


def test_verifying_in_the_queue_answers_with_a_toast_and_undo(client):
    membership = sign_in(client, "reviewer")
    integration = IntegrationFactory(organisation=membership.organisation)
    url = reverse("integration_review", kwargs={"pk": integration.pk})
    response = client.post(
        url,
        {"state": "verified", "note": ""},
        headers={**HTMX, "HX-Current-URL": "http://testserver/integrations/review/?page=1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    [toast] = toasts(html)
    assert f"Verified {integration}." in toast
    undo = undo_form(toast)
    assert 'name="next" value="/integrations/review/?page=1"' in toast

    client.post(undo, {"next": "/integrations/review/"})
    assert Integration.objects.get(pk=integration.pk).review_state == ReviewState.UNREVIEWED


def test_bulk_flag_offers_undo(client):
    membership = sign_in(client, "reviewer")
    rows = [IntegrationFactory(organisation=membership.organisation) for _ in range(2)]
    response = client.post(
        reverse("integration_review_bulk"),
        {"pk": [r.pk for r in rows], "state": "flagged", "note": "Broken"},
        follow=True,
    )
    [toast] = toasts(response.content.decode())
    assert "Flagged 2 integrations." in toast
    client.post(undo_form(toast))
    assert set(Integration.objects.values_list("review_state", flat=True)) == {"unreviewed"}


def test_dismissing_a_roadmap_item_with_htmx_says_so_with_undo(client):
    membership = sign_in(client, "editor")
    make_inventory(membership.organisation)
    assessment = make_assessment(membership.organisation)
    results.compute_results(assessment)
    item = RoadmapItem.objects.filter(assessment=assessment).order_by("position").first()
    url = reverse(
        "roadmap_item_status", kwargs={"pk": assessment.pk, "item": item.pk, "action": "dismiss"}
    )
    response = client.post(url, {"reason": "Not this year"}, headers=HTMX)
    [toast] = toasts(response.content.decode())
    assert f"Dismissed “{item.display_title}”." in toast
    client.post(undo_form(toast))
    item.refresh_from_db()
    assert (item.status, item.dismiss_reason) == (ItemStatus.OPEN, "")


def test_roadmap_moves_with_htmx_are_not_silent(client):
    membership = sign_in(client, "editor")
    make_inventory(membership.organisation)
    assessment = make_assessment(membership.organisation)
    results.compute_results(assessment)
    item = RoadmapItem.objects.filter(assessment=assessment).order_by("position").first()
    url = reverse("roadmap_item_move", kwargs={"pk": assessment.pk, "item": item.pk})
    response = client.post(url, {"horizon": "later"}, headers=HTMX)
    [toast] = toasts(response.content.decode())
    assert "Moved." in toast


def test_errors_stay_until_closed_and_interrupt(rf):
    request = rf.get("/")
    error = feedback.toast(Message(constants.ERROR, "Nothing was changed."))
    success = feedback.toast(Message(constants.SUCCESS, "Saved.", extra_tags="undo undo:abc"))
    assert (error.persistent, error.colour) == (True, "danger")
    assert (success.persistent, success.delay, success.undo_url) == (False, 10000, "/undo/abc/")
    from django.template.loader import render_to_string

    html = render_to_string(
        "core/_messages.html",
        {"messages": [Message(constants.ERROR, "Nothing was changed.")]},
        request=request,
    )
    assert 'role="alert"' in html and 'data-bs-autohide="false"' in html


def test_the_page_keeps_the_toast_region(client, editor):
    html = client.get(reverse("tool_list")).content.decode()
    assert 'id="messages" class="toast-region" aria-live="polite"' in html
