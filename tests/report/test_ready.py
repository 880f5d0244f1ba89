"""The ready copy (assessment.report.ready): kept current in the background after the data
changes, debounced and one at a time per assessment, handed over at once by Print."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.models import Assessment, ExportStatus, ReportExport, Tool
from assessment.report import exports, ready, services
from assessment.report.pdf import RenderedPDF
from assessment.report.versions import data_version
from core import jobs, worker
from core.models import Role
from core.testing.api import api_client_for
from core.testing.factories import OrganisationFactory
from core.testing.tasks import live_worker
from tests.results.helpers import answer, make_assessment, make_inventory

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def renders(settings, tmp_path, monkeypatch):
    """WeasyPrint replaced by a fixed PDF; the list holds one entry per render."""
    settings.MEDIA_ROOT = tmp_path / "media"
    calls = []

    def fake(*args, **kwargs):
        calls.append(kwargs)
        return RenderedPDF(content=b"%PDF-1.4 fake", pages=3, refused_urls=())

    monkeypatch.setattr(exports, "render_report_pdf", fake)
    return calls


@pytest.fixture
def assessment(organisation, renders):
    make_inventory(organisation)
    return make_assessment(organisation, title="Board review 2026")


def refresh_now(capture):
    """One look by the worker, its queued tasks run at once (the test backend runs them on
    commit: the debounce's `run_after` is the database backend's)."""
    with capture(execute=True):
        return ready.refresh_due()


def change_an_answer(assessment):
    current = assessment.answers.get(question_key="buyer_needs")
    answer(assessment, "buyer_needs", 3 if current.value != 3 else 1)


def test_changed_data_gets_a_ready_copy_that_print_hands_over(
    assessment, renders, django_capture_on_commit_callbacks
):
    assert ready.current_copy(assessment) is None
    assert refresh_now(django_capture_on_commit_callbacks) == 1
    copy = ReportExport.objects.get(automatic=True)
    assert copy.status == ExportStatus.DONE and copy.requested_by is None
    assert (copy.page_size, copy.language) == ("A4", "en")
    assert copy.data_version == data_version(assessment)
    assert len(renders) == 1
    # The usual Print: the organisation's options, nothing changed: the same file at once,
    # without building the report (a version query and a lookup).
    with CaptureQueriesContext(connection) as queries:
        handed = services.request_export(assessment=assessment, user=None)
    assert handed.pk == copy.pk
    assert len(queries) <= 4
    assert ReportExport.objects.count() == 1 and len(renders) == 1


def test_nothing_changed_nothing_queued(assessment, django_capture_on_commit_callbacks):
    refresh_now(django_capture_on_commit_callbacks)
    assert refresh_now(django_capture_on_commit_callbacks) == 0
    assert ReportExport.objects.count() == 1


def test_an_answer_makes_it_stale_and_one_more_is_queued(
    assessment, renders, django_capture_on_commit_callbacks
):
    refresh_now(django_capture_on_commit_callbacks)
    first = ReportExport.objects.get()
    change_an_answer(assessment)
    state = ready.ready_state(assessment)
    assert state.current is None and state.refreshing and state.previous == first
    with django_capture_on_commit_callbacks(execute=False):
        assert ready.refresh_due() == 1
        assert ready.refresh_due() == 0  # one waits at a time per assessment
    queued = ReportExport.objects.get(status=ExportStatus.QUEUED)
    assert queued.automatic and queued.data_version == data_version(assessment)
    # …and the constraint holds whoever else tries.
    assert ready.schedule(assessment, "another") is None


def test_the_copy_waits_until_the_data_is_quiet(
    assessment, renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        ready.refresh_due()
    export = ReportExport.objects.get()
    change_an_answer(assessment)  # someone is still typing
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert ready.refresh(export) == "postponed"
    assert len(callbacks) == 1  # its task again, due after the debounce
    export.refresh_from_db()
    assert export.status == ExportStatus.QUEUED and renders == []
    assert ready.refresh(export) == ExportStatus.DONE  # quiet since: rendered
    assert len(renders) == 1
    assert ready.current_copy(assessment) == export


def test_a_busy_team_still_gets_a_copy_after_the_longest_wait(
    assessment, renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        ready.refresh_due()
    export = ReportExport.objects.get()
    ReportExport.objects.filter(pk=export.pk).update(created_at=LONG_AGO)
    export.refresh_from_db()
    change_an_answer(assessment)
    assert ready.refresh(export) == ExportStatus.DONE
    assert len(renders) == 1


def test_one_render_at_a_time_per_assessment(
    assessment, renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        ready.refresh_due()
    export = ReportExport.objects.get()
    running = ReportExport.objects.create(
        organisation=assessment.organisation,
        assessment=assessment,
        automatic=True,
        status=ExportStatus.RUNNING,
        heartbeat_at=export.created_at,
        started_at=export.created_at,
    )
    with django_capture_on_commit_callbacks(execute=False):
        assert ready.refresh(export) == "postponed"
    assert renders == []
    ReportExport.objects.filter(pk=running.pk).update(heartbeat_at=LONG_AGO)  # its worker died
    export.refresh_from_db()
    assert ready.refresh(export) == ExportStatus.DONE


def test_the_same_content_reuses_the_file(assessment, renders, django_capture_on_commit_callbacks):
    refresh_now(django_capture_on_commit_callbacks)
    first = ReportExport.objects.get()
    # A save that changes nothing the report shows still moves the version.
    tool = Tool.objects.filter(organisation=assessment.organisation).first()
    tool.save()
    assert refresh_now(django_capture_on_commit_callbacks) == 1
    second = ReportExport.objects.exclude(pk=first.pk).get()
    assert second.status == ExportStatus.DONE and second.file.name == first.file.name
    assert len(renders) == 1  # not rendered again
    assert ready.current_copy(assessment) == second


def test_old_copies_are_pruned_with_their_files(
    assessment, renders, django_capture_on_commit_callbacks
):
    names = []
    for _round in range(4):
        change_an_answer(assessment)
        refresh_now(django_capture_on_commit_callbacks)
        names.append(ReportExport.objects.order_by("-created_at").first().file.name)
    kept = list(ReportExport.objects.order_by("-created_at").values_list("file", flat=True))
    assert kept == names[:-3:-1]  # the newest and one before it
    storage = ReportExport.objects.first().file.storage
    # (a freed name may be given again to a later file: compare with what is kept)
    assert all(storage.exists(name) for name in kept)
    assert not any(storage.exists(name) for name in set(names) - set(kept))


def test_a_failed_copy_is_not_retried_until_the_data_changes(
    assessment, monkeypatch, django_capture_on_commit_callbacks
):
    def boom(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(exports, "render_report_pdf", boom)
    refresh_now(django_capture_on_commit_callbacks)
    assert ReportExport.objects.get().status == ExportStatus.FAILED
    assert refresh_now(django_capture_on_commit_callbacks) == 0
    state = ready.ready_state(assessment)
    assert state.failed and not state.refreshing
    change_an_answer(assessment)
    assert refresh_now(django_capture_on_commit_callbacks) == 1


def test_archived_assessments_and_switched_off_copies_are_left_alone(
    assessment, settings, django_capture_on_commit_callbacks
):
    Assessment.objects.filter(pk=assessment.pk).update(archived_at=LONG_AGO)
    assert refresh_now(django_capture_on_commit_callbacks) == 0
    Assessment.objects.filter(pk=assessment.pk).update(archived_at=None)
    settings.REPORT_READY_COPIES = False
    assert refresh_now(django_capture_on_commit_callbacks) == 0
    assert not ready.ready_state(assessment).refreshing


def test_the_copy_follows_the_organisation_settings(
    assessment, renders, django_capture_on_commit_callbacks
):
    organisation = assessment.organisation
    organisation.language, organisation.paper_size = "ro", "Letter"
    organisation.save()
    assessment.refresh_from_db()
    refresh_now(django_capture_on_commit_callbacks)
    copy = ReportExport.objects.get()
    assert (copy.language, copy.page_size) == ("ro", "Letter")
    assert renders[0]["language"] == "ro" and renders[0]["page_size"] == "Letter"
    # Other options are rendered as asked, never answered with the ready copy.
    other = services.request_export(assessment=assessment, user=None, page_size="A4")
    assert other.pk != copy.pk and not other.automatic


def test_the_worker_calls_registered_periodic_work_when_due(monkeypatch):
    calls = []
    monkeypatch.setitem(jobs.PERIODIC, "tests.report.test_ready.record_call", 5)
    monkeypatch.setattr("tests.report.test_ready.record_call", lambda: calls.append(1))
    due: dict[str, float] = {}
    worker.run_periodic(due, 100.0)
    worker.run_periodic(due, 103.0)  # not yet
    worker.run_periodic(due, 105.0)
    assert calls == [1, 1]
    assert "assessment.report.ready.refresh_due" in jobs.PERIODIC  # the app registered it


def test_periodic_work_that_fails_is_logged_not_raised(monkeypatch, caplog):
    def broken():
        raise ValueError("bug")

    monkeypatch.setattr(jobs, "PERIODIC", {"tests.report.test_ready.record_call": 5})
    monkeypatch.setattr("tests.report.test_ready.record_call", broken)
    worker.run_periodic({}, 0.0)
    assert "Periodic tests.report.test_ready.record_call failed" in caplog.text


def record_call():  # replaced by the tests above
    raise AssertionError("not patched")


# -- pages and API ------------------------------------------------------------------------


def page(client, assessment, **headers):
    return client.get(reverse("assessment_report", args=[assessment.pk]), **headers)


def test_print_page_offers_the_current_copy(
    client, signed_in, assessment, django_capture_on_commit_callbacks
):
    signed_in(Role.VIEWER, assessment.organisation)
    refresh_now(django_capture_on_commit_callbacks)
    copy = ReportExport.objects.get()
    response = page(client, assessment)
    body = response.content.decode()
    assert 'data-state="current"' in body
    assert reverse("reportexport_download", args=[copy.pk]) in body
    assert "hx-trigger" not in body.split('id="ready-copy"')[1].split(">")[0]  # no polling
    # The automatic copy stays out of "Earlier exports"; the Reports list prints it at once.
    listing = client.get(reverse("report_list")).content.decode()
    assert f'href="{reverse("reportexport_download", args=[copy.pk])}"' in listing
    # The options form starts at the organisation's paper and language.
    form = response.context["form"]
    assert (form["page_size"].initial, form["language"].initial) == ("A4", "en")


def test_print_page_says_a_copy_is_on_its_way_and_polls(client, signed_in, assessment):
    signed_in(Role.VIEWER, assessment.organisation)
    live_worker()
    response = page(client, assessment)
    body = response.content.decode()
    assert 'data-state="refreshing"' in body and 'hx-trigger="every 3s"' in body
    fragment = page(client, assessment, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="ready-copy")
    text = fragment.content.decode()
    assert text.lstrip().startswith('<div id="ready-copy"') and "<html" not in text


def test_print_page_says_when_no_worker_runs(client, signed_in, assessment):
    signed_in(Role.VIEWER, assessment.organisation)
    body = page(client, assessment).content.decode()
    assert 'data-state="waiting_for_worker"' in body
    assert "Waiting for the background worker" in body


def test_other_organisations_ready_copies_stay_hidden(
    client, signed_in, assessment, django_capture_on_commit_callbacks
):
    refresh_now(django_capture_on_commit_callbacks)
    copy = ReportExport.objects.get()
    signed_in(Role.OWNER, OrganisationFactory())
    assert page(client, assessment).status_code == 404
    assert client.get(reverse("reportexport_download", args=[copy.pk])).status_code == 404


def test_api_export_with_the_defaults_is_the_ready_copy(
    assessment, django_capture_on_commit_callbacks
):
    refresh_now(django_capture_on_commit_callbacks)
    copy = ReportExport.objects.get()
    api, _membership = api_client_for(Role.VIEWER, assessment.organisation)
    response = api.post(f"/api/v1/assessments/{assessment.pk}/report-exports/", {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["id"] == copy.pk and response.json()["automatic"] is True
