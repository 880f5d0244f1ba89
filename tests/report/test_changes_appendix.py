"""The report's optional appendix "Changes since the last final assessment" (section
``changes``): off by default, the window from the previous final assessment, who changed
what from what to what, bounded, and never another organisation's history."""

import datetime as dt
import io
import logging
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessment.models import AssessmentSnapshot, ReportExport, Tool
from assessment.report import changes as report_changes
from assessment.report import services
from assessment.report.data import changes as changes_data
from assessment.report.render import (
    DEFAULT_SECTIONS,
    render_report_html,
    render_report_pdf,
    report_cache_key,
)
from assessment.report.sources import report_data_for
from assessment.report.versions import data_version
from assessment.results import services as results
from assessment.testing.factories import ToolFactory
from core.history.context import attributed
from core.models import HistoryEntry, Role
from core.testing.api import api_client_for
from core.testing.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.results.helpers import make_assessment, make_inventory

pytestmark = pytest.mark.django_db

WITH_CHANGES = sorted(DEFAULT_SECTIONS | {"changes"})
HOUR = dt.timedelta(hours=1)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def finalised_earlier(assessment, when):
    """Finalise `assessment` and move its finalising (and all history so far) to `when`."""
    results.compute_results(assessment)
    results.finalise(assessment=assessment)
    AssessmentSnapshot.objects.filter(assessment=assessment).update(created_at=when)
    HistoryEntry.objects.filter(organisation=assessment.organisation).update(timestamp=when - HOUR)


@pytest.fixture
def person():
    return UserFactory(first_name="Dana", last_name="Editor")


@pytest.fixture
def setup(organisation, person):
    """A final assessment an hour ago, then an open one; the tools change afterwards."""
    MembershipFactory(organisation=organisation, user=person, role=Role.EDITOR)
    make_inventory(organisation)
    first = make_assessment(organisation, title="Spring review")
    finalised_earlier(first, timezone.now() - HOUR)
    current = make_assessment(organisation, title="Autumn review")
    tool = Tool.objects.get(organisation=organisation, name="MailBlast")
    with attributed(actor=person, source="page"):
        tool.annual_cost = Decimal("9000.00")
        tool.save()
    return first, current, tool


def rows_of(data, kind="tools"):
    groups = {group["key"]: group for group in data["changes"]["groups"]}
    return groups[kind]["rows"] if kind in groups else []


def test_off_by_default(setup):
    _first, current, _tool = setup
    assert "changes" not in DEFAULT_SECTIONS
    data = report_data_for(current, language="en")
    assert "changes" not in data
    html = render_report_html(data, sections=WITH_CHANGES)  # asked for, but not built
    assert 'id="sec-changes"' not in html
    assert "changes since the last final assessment" not in html


def test_on_lists_old_and_new_and_who(setup, person):
    _first, current, tool = setup
    data = report_data_for(current, language="en", sections=WITH_CHANGES)
    appendix = data["changes"]
    assert appendix["has_previous"] and appendix["previous_title"] == "Spring review"
    (row,) = [r for r in rows_of(data) if r["object"] == tool.name]
    assert row["who"] == "Dana Editor"
    cost = next(c for c in row["changes"] if c["label"] == "Annual cost")
    assert cost["old"] == "12000.00" and cost["new"] == "9000.00"
    html = render_report_html(data, sections=WITH_CHANGES)
    assert 'id="sec-changes"' in html
    assert "Dana Editor" in html and "MailBlast" in html
    assert '<span class="changes-arrow">→</span>' in html
    # the new assessment and its answers were made after the cut too
    kinds = {group["key"] for group in appendix["groups"]}
    assert {"tools", "assessments", "answers"} <= kinds


def test_the_cut_off_is_the_previous_final_assessment(setup, person):
    _first, current, tool = setup
    # a change from before the finalising, and the rows made then: not listed
    before = ToolFactory(organisation=current.organisation, name="Old Change")
    HistoryEntry.objects.filter(object_repr="Old Change").update(
        timestamp=timezone.now() - 2 * HOUR
    )
    data = report_data_for(current, language="en", sections=WITH_CHANGES)
    objects = {row["object"] for group in data["changes"]["groups"] for row in group["rows"]}
    assert tool.name in objects and before.name not in objects
    assert "Busy CRM" not in objects  # created with the inventory, before the cut
    listed = sum(len(group["rows"]) for group in data["changes"]["groups"])
    assert data["changes"]["total"] == listed and data["changes"]["more"] == 0


def test_a_final_assessment_lists_up_to_its_own_finalising(setup, person):
    _first, current, tool = setup
    results.compute_results(current)
    results.finalise(assessment=current)
    later = timezone.now() + HOUR
    with attributed(actor=person):
        tool.name = "Renamed later"
        tool.save()
    HistoryEntry.objects.filter(object_repr="Renamed later").update(timestamp=later)
    data = report_data_for(current, language="en", sections=WITH_CHANGES)
    objects = {row["object"] for row in rows_of(data)}
    assert "MailBlast" in objects and "Renamed later" not in objects
    assert data["changes"]["until"] is not None
    html = render_report_html(data, sections=WITH_CHANGES)
    assert "until this assessment was finalised" in html


def test_without_an_earlier_final_assessment_the_appendix_says_so(organisation, person):
    make_inventory(organisation)
    current = make_assessment(organisation, title="First ever")
    data = report_data_for(current, language="en", sections=WITH_CHANGES)
    assert data["changes"]["has_previous"] is False and data["changes"]["groups"] == []
    html = render_report_html(data, sections=WITH_CHANGES)
    assert "There is no earlier final assessment to compare with" in html


def test_another_organisations_changes_never_appear(setup, person):
    _first, current, _tool = setup
    other = OrganisationFactory(name="Elsewhere")
    stranger = ToolFactory(organisation=other, name="Secret Tool")
    with attributed(actor=UserFactory(first_name="Eve")):
        stranger.annual_cost = Decimal("1.00")
        stranger.save()
    # another organisation's final assessment does not move the window either
    make_inventory(other)
    theirs = make_assessment(other, title="Their review")
    results.compute_results(theirs)
    results.finalise(assessment=theirs)
    data = report_data_for(current, language="en", sections=WITH_CHANGES)
    assert data["changes"]["previous_title"] == "Spring review"
    html = render_report_html(data, sections=WITH_CHANGES)
    assert "Secret Tool" not in html and "Eve" not in html and "Their review" not in html


def test_the_appendix_is_bounded(setup, person, monkeypatch):
    _first, current, tool = setup
    monkeypatch.setattr(changes_data, "MAX_CHANGES", 3)
    monkeypatch.setattr(report_changes, "MAX_CHANGES", 3)
    with attributed(actor=person):
        for seats in range(21, 26):
            tool.licensed_seats = seats
            tool.save()
    data = report_data_for(current, language="en", sections=WITH_CHANGES)
    appendix = data["changes"]
    # the cost, five seat counts, the new assessment and its three answers
    assert appendix["shown"] == 3 and appendix["total"] == 10 and appendix["more"] == 7
    assert [row["changes"][0]["new"] for row in rows_of(data)] == ["25", "24", "23"]  # newest
    html = render_report_html(data, sections=WITH_CHANGES)
    assert "and 7 earlier changes, not listed here" in html


def test_reading_the_appendix_takes_a_bounded_number_of_queries(
    setup, person, django_assert_max_num_queries
):
    _first, current, _tool = setup
    with attributed(actor=person):
        for n in range(30):
            ToolFactory(organisation=current.organisation, name=f"Bulk {n}").save()
    with django_assert_max_num_queries(12):
        report_changes.changes_data(current, language="en")


def test_the_option_keys_the_cache_and_the_version(setup, person):
    _first, current, _tool = setup
    plain = services.request_export(assessment=current, user=None, sections=DEFAULT_SECTIONS)
    with_changes = services.request_export(assessment=current, user=None, sections=WITH_CHANGES)
    assert plain.pk != with_changes.pk and plain.cache_key != with_changes.cache_key
    assert with_changes.is_ready and "changes" in with_changes.sections
    again = services.request_export(assessment=current, user=None, sections=WITH_CHANGES)
    assert again.pk == with_changes.pk
    version = data_version(current, WITH_CHANGES)
    assert data_version(current) != version
    HistoryEntry.objects.create(
        organisation=current.organisation,
        content_type=HistoryEntry.objects.first().content_type,
        object_pk="1",
        object_id=1,
        object_repr="a membership",
        action=1,
    )
    assert data_version(current, WITH_CHANGES) != version


def test_the_pdf_prints_the_appendix_in_english_and_persian(setup):
    """Printed, with every glyph found: the arrow's face (Stackscope Symbols) has no space,
    so the spaces around it stay outside its run (WeasyPrint: ".notdef glyph rendered")."""
    _first, current, _tool = setup
    messages = []

    class Collect(logging.Handler):
        def emit(self, record):
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logging.getLogger("weasyprint").addHandler(handler)
    try:
        data = report_data_for(current, language="en", sections=WITH_CHANGES)
        text = pdf_text(render_report_pdf(data, sections=["roadmap", "changes"]).content)
        persian = report_data_for(current, language="fa", sections=WITH_CHANGES)
        pdf = render_report_pdf(persian, sections=["changes"], language="fa")
    finally:
        logging.getLogger("weasyprint").removeHandler(handler)
    assert "Appendix: changes since the last final assessment" in text
    assert "MailBlast" in text and "Dana Editor" in text
    assert "12000.00 → 9000.00" in text
    assert pdf.pages >= 2 and "MailBlast" in pdf_text(pdf.content)
    assert "←" in pdf_text(pdf.content)  # right to left: old ← new
    assert not [m for m in messages if "notdef" in m], messages[:3]
    assert report_cache_key(persian, ["changes"]) != report_cache_key(data, ["changes"])


def test_the_print_page_and_the_api_offer_the_option(client, signed_in, setup):
    _first, current, _tool = setup
    signed_in(Role.VIEWER, current.organisation)
    page = client.get(reverse("assessment_report", args=[current.pk])).content.decode()
    assert 'value="changes"' in page
    assert "Appendix: changes since the last final assessment" in page
    response = client.post(
        reverse("assessment_report", args=[current.pk]),
        {"sections": ["summary", "changes"], "page_size": "A4", "language": "en"},
    )
    assert response.status_code == 302
    assert ReportExport.objects.get().sections == ["summary", "changes"]
    api, _membership = api_client_for(Role.VIEWER, current.organisation)
    response = api.post(
        reverse("api-assessment-report-exports", args=[current.pk]),
        {"sections": ["changes"]},
        format="json",
    )
    assert response.status_code in (200, 201), response.content
    assert response.json()["sections"] == ["changes"]
