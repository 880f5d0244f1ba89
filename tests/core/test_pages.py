"""Error pages in the app's style; htmx partial rendering; RTL layout."""

import pytest
from django.test import override_settings
from django.urls import reverse

from core.models import Role

pytestmark = pytest.mark.django_db


def test_404_page_uses_layout(client, signed_in):
    signed_in(Role.VIEWER)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_403_page_uses_layout(client, signed_in):
    signed_in(Role.VIEWER)
    response = client.get(reverse("organisation_settings"))
    assert response.status_code == 403
    assert "Your role does not allow this" in response.content.decode()


def test_500_page_renders_without_request_context():
    from django.template.loader import render_to_string

    assert "Something went wrong on our side" in render_to_string("500.html")


def test_htmx_request_gets_only_the_partial(client, signed_in):
    signed_in(Role.OWNER)
    full = client.get(reverse("members")).content.decode()
    partial = client.get(reverse("members"), headers={"HX-Request": "true"}).content.decode()
    assert "<html" in full and "<html" not in partial
    assert 'id="member-table"' in partial


def test_csrf_token_is_sent_with_htmx(client, signed_in):
    signed_in(Role.OWNER)
    assert "X-CSRFToken" in client.get(reverse("dashboard")).content.decode()


@override_settings(LANGUAGE_CODE="ar")
def test_arabic_layout_is_right_to_left(client, signed_in):
    signed_in(Role.VIEWER)
    content = client.get(reverse("dashboard"), headers={"Accept-Language": "ar"}).content.decode()
    assert 'dir="rtl"' in content
    assert "bootstrap.rtl.min.css" in content


def test_navigation_lists_the_areas(client, signed_in):
    signed_in(Role.VIEWER)
    content = client.get(reverse("dashboard")).content.decode()
    for label in [
        "Assessments",
        "Touchpoints",
        "Stack",
        "Integrations",
        "Roadmap",
        "Reports",
        "Members",
    ]:
        assert label in content


# -- the database is down: a friendly 503, never a traceback -------------------------------


def _failing(*args, **kwargs):
    from django.db import OperationalError

    raise OperationalError("could not connect to server: Connection refused")


def test_database_down_in_a_view_is_a_friendly_503_page(monkeypatch):
    from django.test import Client

    from assessment.assessments.views import AssessmentListView
    from core.testing.access import sign_in

    client = Client(raise_request_exception=False)
    sign_in(client, Role.VIEWER)
    monkeypatch.setattr(AssessmentListView, "get_queryset", _failing)
    response = client.get(reverse("assessment_list"))
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    body = response.content.decode()
    assert "Stackscope is temporarily unavailable" in body and "Traceback" not in body


@pytest.mark.parametrize("path,json", [("/assessments/", False), ("/api/v1/assessments/", True)])
def test_database_down_in_the_middleware_is_a_503_too(monkeypatch, path, json):
    """Before any view (the current organisation is read in a middleware): the page is the
    503 page, the API its JSON error body."""
    from django.test import Client

    from core import selectors
    from core.testing.access import sign_in

    client = Client(raise_request_exception=False)
    sign_in(client, Role.VIEWER)
    monkeypatch.setattr(selectors, "current_membership", _failing)
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    if json:
        error = response.json()["error"]
        assert (error["status"], error["code"]) == (503, "service_unavailable")
        assert error["message"]
    else:
        assert "Stackscope is temporarily unavailable" in response.content.decode()


def test_503_page_renders_without_request_context():
    from django.template.loader import render_to_string

    assert "Stackscope is temporarily unavailable" in render_to_string("503.html")
