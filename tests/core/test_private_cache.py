"""`Cache-Control: private, no-store` on everything a signed-in user gets (pages, CSV/XLSX
exports, PDF downloads, the API): no shared or browser cache keeps an organisation's data.
core.middleware.PrivateCacheMiddleware."""

import pytest
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from assessment.models import ExportStatus, ReportExport
from core.middleware import PrivateCacheMiddleware
from core.models import Role
from core.testing.api import api_client_for
from core.testing.factories import MembershipFactory
from tests.questionnaire.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


def _ready_export(organisation, user):
    export = ReportExport(
        organisation=organisation,
        assessment=AssessmentFactory(organisation=organisation),
        requested_by=user,
        cache_key="0" * 64,
        status=ExportStatus.DONE,
        progress=100,
    )
    export.file.save("report.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    export.save()
    return export


def test_signed_in_pages_are_private_and_not_stored(client, signed_in):
    signed_in(Role.VIEWER)
    for name in ("dashboard", "tool_list", "members"):
        assert client.get(reverse(name))["Cache-Control"] == PRIVATE, name


@pytest.mark.parametrize("inventory", ["tools", "integrations", "touchpoints"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_inventory_exports_are_private_and_not_stored(client, signed_in, inventory, file_format):
    signed_in(Role.VIEWER)
    response = client.get(
        reverse("inventory_export", kwargs={"inventory": inventory}), {"format": file_format}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == PRIVATE


def test_pdf_download_is_private_and_not_stored(client, signed_in):
    membership = signed_in(Role.VIEWER)
    export = _ready_export(membership.organisation, membership.user)
    response = client.get(reverse("reportexport_download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == PRIVATE
    response.close()


def test_api_with_a_token_is_private_and_not_stored():
    client, membership = api_client_for(Role.VIEWER)
    export = _ready_export(membership.organisation, membership.user)
    assert client.get(reverse("api-tool-list"))["Cache-Control"] == PRIVATE
    exported = client.get(reverse("api-tool-export"), {"format": "xlsx"})
    assert exported.status_code == 200 and exported["Cache-Control"] == PRIVATE
    download = client.get(reverse("api-reportexport-download", args=[export.pk]))
    assert download.status_code == 200 and download["Cache-Control"] == PRIVATE
    download.close()


def test_signed_out_pages_are_left_alone(client):
    assert client.get(reverse("signup")).get("Cache-Control", "") != PRIVATE
    # The log-in page says never_cache itself.
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]


def test_a_response_that_sets_its_own_cache_control_keeps_it():
    request = RequestFactory().get("/")
    request.user = MembershipFactory().user
    middleware = PrivateCacheMiddleware(lambda r: _with_header(HttpResponse("x"), "max-age=60"))
    assert middleware(request)["Cache-Control"] == "max-age=60"
    middleware = PrivateCacheMiddleware(lambda r: HttpResponse("x"))
    assert middleware(request)["Cache-Control"] == PRIVATE


def test_anonymous_requests_are_left_alone():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert not PrivateCacheMiddleware(lambda r: HttpResponse("x"))(request).has_header(
        "Cache-Control"
    )


def _with_header(response, value):
    response["Cache-Control"] = value
    return response
