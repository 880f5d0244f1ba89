"""Report exports in the app: options, cache, background rendering, command, final freeze."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessment.models import Assessment, ExportStatus, ReportExport, Tool
from assessment.report import exports, services
from assessment.results import services as results
from core.models import Role
from core.testing.access import ALL_ROLES, Page, PageAccessTests
from core.testing.factories import OrganisationFactory
from tests.results.helpers import make_assessment, make_inventory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, page: int = 0) -> str:
    return PdfReader(io.BytesIO(content)).pages[page].extract_text()


def download(client, export) -> bytes:
    response = client.get(reverse("reportexport_download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


@pytest.fixture
def assessment(organisation):
    make_inventory(organisation)
    return make_assessment(organisation, title="Board review 2026")


def test_viewer_prints_in_two_clicks(client, signed_in, assessment):
    signed_in(Role.VIEWER, assessment.organisation)
    page = client.get(reverse("assessment_report", args=[assessment.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("assessment_report", args=[assessment.pk]),
        {"sections": ["summary", "roadmap"], "page_size": "Letter", "language": "en"},
    )
    export = ReportExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reportexport_download", args=[export.pk])
    content = download(client, export)
    reader = PdfReader(io.BytesIO(content))
    assert "Board review 2026" in reader.pages[0].extract_text()
    assert float(reader.pages[0].mediabox.width) == pytest.approx(612, abs=1)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Executive summary" in text and "Roadmap" in text
    assert "Touchpoint matrix" not in text


def test_identical_request_is_served_from_the_cache(assessment):
    first = services.request_export(assessment=assessment, user=None, page_size="A4")
    second = services.request_export(assessment=assessment, user=None, page_size="A4")
    assert first.pk == second.pk and first.is_ready
    letter = services.request_export(assessment=assessment, user=None, page_size="Letter")
    assert letter.pk != first.pk
    # Every write through the services stamps updated_at (what the results cache keys on).
    Tool.objects.filter(organisation=assessment.organisation).update(
        annual_cost=Decimal("99999"), updated_at=timezone.now()
    )
    changed = services.request_export(assessment=assessment, user=None, page_size="A4")
    assert changed.pk != first.pk and changed.cache_key != first.cache_key


def test_large_inventory_renders_in_the_background_with_progress(
    client, signed_in, assessment, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_SYNC_MAX_TOOLS = 0  # every report goes to the task queue
    signed_in(Role.VIEWER, assessment.organisation)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("assessment_report", args=[assessment.pk]),
            {"sections": ["summary"], "page_size": "A4", "language": "en"},
        )
    export = ReportExport.objects.get()
    assert response["Location"] == export.get_absolute_url()
    assert export.status == ExportStatus.QUEUED
    assert b"every 1s" in client.get(export.get_absolute_url()).content
    # The task is enqueued on commit; the immediate backend runs it at once.
    for callback in callbacks:
        callback()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.progress == 100
    page = client.get(export.get_absolute_url())
    assert "Download PDF" in page.content.decode()
    assert pdf_text(download(client, export))


def test_background_render_is_keyed_by_what_it_printed(
    assessment, settings, django_capture_on_commit_callbacks
):
    """Inputs that change between the request and the worker: the file is keyed by the
    content it was made from, so a later identical request is not served a stale file."""
    settings.REPORT_SYNC_MAX_TOOLS = 0
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        export = services.request_export(assessment=assessment, user=None, sections=["stack"])
    requested_key = export.cache_key
    Tool.objects.filter(organisation=assessment.organisation).update(
        annual_cost=Decimal("777"), updated_at=timezone.now()
    )
    for callback in callbacks:
        callback()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert export.cache_key != requested_key
    again = services.request_export(assessment=assessment, user=None, sections=["stack"])
    assert again.pk == export.pk  # the same content now: served from the cache


def test_pending_export_page_polls(client, signed_in, assessment):
    signed_in(Role.VIEWER, assessment.organisation)
    export = ReportExport.objects.create(
        organisation=assessment.organisation, assessment=assessment, cache_key="x" * 64
    )
    content = client.get(export.get_absolute_url(), headers={"HX-Request": "true"}).content
    assert b'hx-trigger="every 1s"' in content and b"<html" not in content


def test_failed_render_is_recorded_not_raised(assessment, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(exports, "render_report_pdf", boom)
    export = services.request_export(assessment=assessment, user=None)
    assert export.status == ExportStatus.FAILED
    assert "exploded" in export.error


def test_final_assessment_report_never_changes(assessment):
    results.compute_results(assessment)
    results.finalise(assessment=assessment)
    before = services.request_export(assessment=assessment, user=None)
    Tool.objects.filter(organisation=assessment.organisation).update(
        annual_cost=Decimal("123456"), active_users_30d=0
    )
    assessment.answers.update(note="changed after finalising")
    after = services.request_export(assessment=assessment, user=None)
    assert after.pk == before.pk
    assert after.cache_key == before.cache_key


def test_final_report_and_dashboard_do_not_rerun_the_engine(
    client, signed_in, assessment, monkeypatch
):
    """A final assessment reads what the engine said when it was finalised: a later release
    that scores or words things differently, a renamed organisation or assessment, or a
    renamed member change nothing in its report."""
    results.compute_results(assessment)
    results.finalise(assessment=assessment)
    before = services.request_export(assessment=assessment, user=None)

    def engine_must_not_run(*args, **kwargs):
        raise AssertionError("the engine ran for a final assessment")

    monkeypatch.setattr(results.computing, "evaluate", engine_must_not_run)
    organisation = assessment.organisation
    organisation.name = "Renamed Org"
    organisation.save()
    Assessment.objects.filter(pk=assessment.pk).update(title="Renamed assessment")
    get_user_model().objects.update(first_name="Someone", last_name="Else")
    fresh = Assessment.objects.get(pk=assessment.pk)
    after = services.request_export(assessment=fresh, user=None)
    assert after.pk == before.pk and after.cache_key == before.cache_key
    signed_in(Role.VIEWER, organisation)
    assert client.get(reverse("assessment_dashboard", args=[assessment.pk])).status_code == 200


def test_snapshot_without_a_frozen_result_is_reevaluated(assessment):
    """Snapshots made before results were frozen (version 1) still print."""
    results.compute_results(assessment)
    results.finalise(assessment=assessment)
    snapshot = assessment.snapshot
    data = dict(snapshot.data)
    data.pop("result")
    data.pop("people")
    snapshot.data = data
    snapshot.save()
    export = services.request_export(assessment=Assessment.objects.get(pk=assessment.pk), user=None)
    assert export.is_ready


def test_export_report_command_writes_a_pdf(assessment, tmp_path):
    target = tmp_path / "out" / "report.pdf"
    call_command("export_report", assessment.pk, "-o", str(target), "--page-size", "Letter")
    reader = PdfReader(str(target))
    assert "Board review 2026" in reader.pages[0].extract_text()
    assert float(reader.pages[0].mediabox.height) == pytest.approx(792, abs=1)


@pytest.mark.parametrize(
    ("args", "message"),
    [(["999999"], "No assessment"), (["{pk}", "--sections", "bogus"], "unknown report sections")],
)
def test_export_report_command_explains_bad_input(assessment, tmp_path, args, message):
    from django.core.management.base import CommandError

    args = [a.format(pk=assessment.pk) for a in args]
    with pytest.raises(CommandError, match=message):
        call_command("export_report", *args, "-o", str(tmp_path / "x.pdf"))


def test_invalid_options_are_explained(client, signed_in, assessment):
    signed_in(Role.EDITOR, assessment.organisation)
    response = client.post(
        reverse("assessment_report", args=[assessment.pk]),
        {"sections": ["nonsense"], "page_size": "A3", "language": "xx"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"sections", "page_size", "language"}
    assert not ReportExport.objects.exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_other_organisations_reports_are_404(client, signed_in, role, assessment):
    signed_in(role)  # a member of another organisation
    export = services.request_export(assessment=assessment, user=None)
    assert client.get(reverse("assessment_report", args=[assessment.pk])).status_code == 404
    assert client.get(export.get_absolute_url()).status_code == 404
    assert client.get(reverse("reportexport_download", args=[export.pk])).status_code == 404


def _assessment(membership):
    make_inventory(membership.organisation)
    return {"assessment": make_assessment(membership.organisation)}


class TestReportPages(PageAccessTests):
    pages = {
        "reports": Page(reverse("report_list"), ALL_ROLES),
        "report_form": Page(
            lambda c: reverse("assessment_report", args=[c["assessment"].pk]),
            ALL_ROLES,
            setup=_assessment,
        ),
        "report_create": Page(
            lambda c: reverse("assessment_report", args=[c["assessment"].pk]),
            ALL_ROLES,
            "post",
            {"sections": ["summary"], "page_size": "A4", "language": "en"},
            ok=(302,),
            setup=_assessment,
        ),
    }


def test_reports_list_shows_only_own_exports(client, signed_in, assessment):
    signed_in(Role.VIEWER, assessment.organisation)
    mine = services.request_export(assessment=assessment, user=None)
    other = OrganisationFactory()
    make_inventory(other)
    theirs = services.request_export(assessment=make_assessment(other, title="Secret"), user=None)
    content = client.get(reverse("report_list")).content.decode()
    assert reverse("reportexport_download", args=[mine.pk]) in content
    assert reverse("reportexport_download", args=[theirs.pk]) not in content
    assert "Secret" not in content


def test_period_is_printed_in_the_report_language(assessment):
    import datetime as dt

    from assessment.report.sources import report_data_for

    assessment.period_start, assessment.period_end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    assessment.save()
    assert report_data_for(assessment, language="en")["meta"]["period"] == "Jan. 2026 – Dec. 2026"
    assert "يناير" in report_data_for(assessment, language="ar")["meta"]["period"]


@pytest.mark.parametrize(
    "language, title",
    [
        ("ro", "Evaluarea experienței digitale și a stack-ului martech"),
        ("ar", "تقييم التجربة الرقمية وتقنيات التسويق"),
        ("en", "Digital experience & martech assessment"),
    ],
)
def test_the_framework_title_is_printed_in_the_report_language(assessment, language, title):
    from assessment.report.sources import report_data_for

    assert report_data_for(assessment, language=language)["meta"]["framework_title"] == title
