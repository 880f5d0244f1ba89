"""The Print page says what it does: "Create PDF" answers in place (progress, then the
download, which starts by itself), and "Earlier exports" lists what the person printed,
also when the ready copy or someone's identical print was handed over."""

import pytest
from django.urls import reverse

from assessment.models import ExportStatus, ReportExport, Tool
from assessment.report import services
from core.models import Role
from core.testing.factories import UserFactory
from core.testing.tasks import live_worker
from tests.report import test_ready
from tests.report.test_ready import refresh_now

pytestmark = pytest.mark.django_db

# The ready copy's fixtures: WeasyPrint replaced by a fixed PDF, an assessment to print.
renders = test_ready.renders
assessment = test_ready.assessment

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "export-result"}
DEFAULTS = {
    "sections": ["summary", "roadmap"],
    "page_size": "A4",
    "language": "en",
}


def create_pdf(client, assessment, data=None, **headers):
    return client.post(
        reverse("assessment_report", args=[assessment.pk]), data or DEFAULTS, **headers
    )


def earlier_exports(client, assessment) -> str:
    body = client.get(reverse("assessment_report", args=[assessment.pk])).content.decode()
    return body.split('id="earlier-exports"')[1]


def test_the_handed_over_ready_copy_is_listed_as_the_persons_print(
    client, signed_in, assessment, django_capture_on_commit_callbacks
):
    user = signed_in(Role.VIEWER, assessment.organisation).user
    refresh_now(django_capture_on_commit_callbacks)
    copy = ReportExport.objects.get(automatic=True)
    assert "No PDF printed yet." in earlier_exports(client, assessment)

    response = create_pdf(
        client, assessment, {"sections": copy.sections, "page_size": "A4", "language": "en"}
    )

    mine = ReportExport.objects.get(automatic=False)
    assert response["Location"] == reverse("reportexport_download", args=[mine.pk])
    assert (mine.requested_by, mine.status, mine.file.name) == (
        user,
        ExportStatus.DONE,
        copy.file.name,
    )
    listed = earlier_exports(client, assessment)
    assert "No PDF printed yet." not in listed
    assert reverse("reportexport_download", args=[mine.pk]) in listed
    # Asking again hands over the person's own row: no second one.
    create_pdf(client, assessment, {"sections": copy.sections, "page_size": "A4", "language": "en"})
    assert ReportExport.objects.filter(automatic=False).count() == 1


def test_someone_elses_identical_print_becomes_a_row_of_ones_own(assessment):
    first = services.request_export(assessment=assessment, user=None, sections=["summary"])
    other = UserFactory()
    second = services.request_export(
        assessment=assessment, user=other, sections=["summary"], keep_record=True
    )
    assert second.pk != first.pk and second.requested_by == other
    assert second.file.name == first.file.name and second.is_ready


def test_the_api_still_hands_over_the_file_itself(assessment):
    first = services.request_export(assessment=assessment, user=None, sections=["summary"])
    again = services.request_export(assessment=assessment, user=None, sections=["summary"])
    assert again.pk == first.pk


def test_create_pdf_by_htmx_answers_with_the_card_and_a_fresh_list(client, signed_in, assessment):
    signed_in(Role.VIEWER, assessment.organisation)
    response = create_pdf(client, assessment, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    export = ReportExport.objects.get()
    assert "<html" not in body
    assert 'id="export-status"' in body
    download = reverse("reportexport_download", args=[export.pk])
    assert f'href="{download}" data-testid="download-report" data-autodownload' in body
    oob = body.split('id="earlier-exports"')[1]
    assert oob.startswith(' hx-swap-oob="outerHTML"') and download in oob


def test_a_queued_pdf_shows_its_progress_and_the_list_refreshes_when_ready(
    client, signed_in, assessment, settings
):
    settings.REPORT_SYNC_MAX_TOOLS = Tool.objects.count() - 1  # this one goes to the worker
    signed_in(Role.VIEWER, assessment.organisation)
    live_worker()
    body = create_pdf(client, assessment, **HTMX).content.decode()
    export = ReportExport.objects.get()
    assert export.is_pending
    assert 'role="progressbar"' in body and 'hx-trigger="every 1s"' in body
    assert "data-autodownload" not in body
    poll = client.get(
        export.get_absolute_url(), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="export-status"
    )
    assert "HX-Trigger" not in poll
    ReportExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.DONE, pages=3, file="reports/x.pdf", progress=100
    )
    poll = client.get(
        export.get_absolute_url(), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="export-status"
    )
    assert poll["HX-Trigger"] == "export-ready"
    assert "data-autodownload" in poll.content.decode()
    # Loaded as a page (not polled), a finished export does not download by itself.
    assert "data-autodownload" not in client.get(export.get_absolute_url()).content.decode()
    # The list the event refreshes is the page's own partial.
    listing = client.get(
        reverse("assessment_report", args=[assessment.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="earlier-exports",
    ).content.decode()
    assert listing.lstrip().startswith('<div id="earlier-exports"')
    assert reverse("reportexport_download", args=[export.pk]) in listing


def test_a_form_with_errors_comes_back_in_place_of_the_form(client, signed_in, assessment):
    signed_in(Role.VIEWER, assessment.organisation)
    response = create_pdf(client, assessment, {"page_size": "A4", "language": "en"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#report-options" and response["HX-Reswap"] == "outerHTML"
    body = response.content.decode()
    assert body.lstrip().startswith('<div class="card" id="report-options">')
    assert "invalid-feedback" in body
    assert not ReportExport.objects.exists()
