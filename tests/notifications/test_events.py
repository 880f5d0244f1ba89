"""Events wired to notifications: a report the person asked for is ready; an integration
is flagged."""

import pytest

from assessment.inventory import services as inventory
from assessment.models import ExportStatus, ReportExport
from assessment.report import exports, tasks
from assessment.report.pdf import RenderedPDF
from assessment.testing.factories import IntegrationFactory, ToolFactory
from core.models import Notification
from core.testing.factories import MembershipFactory
from tests.results.helpers import make_assessment, make_inventory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_pdf(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    fake = RenderedPDF(content=b"%PDF-1.4 fake", pages=1, refused_urls=())
    monkeypatch.setattr(exports, "render_report_pdf", lambda *args, **kwargs: fake)


def queued_export(assessment, user, **kwargs):
    return ReportExport.objects.create(
        organisation=assessment.organisation,
        assessment=assessment,
        requested_by=user,
        status=ExportStatus.QUEUED,
        sections=["summary"],
        **kwargs,
    )


def test_the_requester_hears_the_report_is_ready_once(fake_pdf):
    member = MembershipFactory(role="viewer")
    make_inventory(member.organisation)
    assessment = make_assessment(member.organisation, title="Board review")
    export = queued_export(assessment, member.user)
    assert tasks.render_report.call(export.pk) == ExportStatus.DONE
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind, notification.key) == (
        member.user,
        "report_ready",
        f"report:{export.pk}",
    )
    assert notification.params == {"assessment": "Board review"}
    assert notification.url == export.get_absolute_url()
    assert tasks.render_report.call(export.pk) == "skipped"
    assert Notification.objects.count() == 1


def test_automatic_and_failed_exports_tell_no_one(fake_pdf, monkeypatch):
    member = MembershipFactory(role="viewer")
    make_inventory(member.organisation)
    assessment = make_assessment(member.organisation)
    tasks.render_report.call(queued_export(assessment, None, automatic=True).pk)

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(exports, "render_report_pdf", broken)
    tasks.render_report.call(queued_export(assessment, member.user, language="ro").pk)
    assert not Notification.objects.exists()


def test_a_flag_tells_owners_and_editors_but_not_the_reviewer():
    reviewer = MembershipFactory(role="reviewer")
    org = reviewer.organisation
    owner = MembershipFactory(organisation=org, role="owner")
    editor = MembershipFactory(organisation=org, role="editor")
    MembershipFactory(organisation=org, role="viewer")
    MembershipFactory(organisation=org, role="reviewer")
    integration = IntegrationFactory(
        organisation=org,
        source=ToolFactory(organisation=org, name="HubSpot"),
        target=ToolFactory(organisation=org, name="Slack"),
    )
    inventory.review_integration(
        integration=integration, user=reviewer.user, state="verified", note=""
    )
    assert not Notification.objects.exists()
    inventory.review_integration(
        integration=integration, user=reviewer.user, state="flagged", note="No SSO"
    )
    rows = Notification.objects.filter(kind="flagged")
    assert {n.recipient for n in rows} == {owner.user, editor.user}
    notification = rows.first()
    assert notification.key == f"flagged:{integration.pk}:{integration.reviewed_at.isoformat()}"
    assert notification.params == {
        "reviewer": reviewer.user.display_name,
        "integration": "HubSpot → Slack",
        "note": "No SSO",
    }
    # an owner flagging is not told about their own flag
    inventory.review_integration(
        integration=integration, user=owner.user, state="flagged", note="x"
    )
    assert Notification.objects.filter(recipient=owner.user).count() == 1
    assert Notification.objects.filter(recipient=editor.user).count() == 2
