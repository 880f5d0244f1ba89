"""The admin: every model registered with search and filters, changelists without N+1,
and API tokens listed and revoked without ever showing the stored hash."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from assessment.discovery.detect import Detection
from assessment.discovery.scan import ScanResult, VisitedPage
from assessment.inventory.imports import ImportSession
from assessment.inventory.own_products.services import create_own_product
from assessment.inventory.services import delete_object_undoable, remember_import_mapping
from assessment.models import (
    Assessment,
    Assignment,
    ImportJob,
    ReportExport,
    SiteScan,
    ToolSubcategory,
)
from assessment.results.services import save_thresholds
from assessment.scans.services import record_scan
from assessment.testing.factories import ToolFactory
from core import services
from core.models import ApiToken, CalendarFeed, Notification, NotificationPreference, StoredFile
from core.testing.factories import InvitationFactory, MembershipFactory
from core.testing.tasks import live_worker
from tests.questionnaire.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

APPS = ("core", "assessment")


def _models():
    return [model for label in APPS for model in apps.get_app_config(label).get_models()]


@pytest.mark.parametrize("model", _models(), ids=lambda m: m._meta.label)
def test_every_model_has_an_admin_with_search_and_filters(model):
    model_admin = admin.site._registry.get(model)
    assert model_admin is not None, f"{model._meta.label} is not registered in the admin"
    assert model_admin.search_fields, f"{model._meta.label} admin has no search_fields"
    assert model_admin.list_filter, f"{model._meta.label} admin has no list_filter"


def test_changelists_have_a_bounded_query_count(admin_client, django_assert_max_num_queries):
    """With the demo data (dozens of tools, integrations, answers, findings…) plus a few
    invitations and tokens, every changelist takes at most 15 queries: a related column that
    is not selected together with its row fails here."""
    call_command("seed_demo", stdout=StringIO())
    live_worker()
    for _n in range(12):
        membership = MembershipFactory()
        InvitationFactory(organisation=membership.organisation)
        services.create_api_token(membership=membership, name="Nightly sync")
        save_thresholds(organisation=membership.organisation, data={})
        remember_import_mapping(
            organisation=membership.organisation,
            user=membership.user,
            inventory="tools",
            headers=["Product", "Licences bought"],
            columns={"Licences bought": "licensed_seats"},
            values={},
        )
        tool = ToolFactory(organisation=membership.organisation)
        delete_object_undoable(instance=tool, user=membership.user)  # an UndoToken
        scan = SiteScan.objects.create(
            organisation=membership.organisation, urls=["https://e.example/"]
        )
        detection = Detection("hotjar", "Hotjar", 100, categories=("analytics",))
        page = VisitedPage("https://e.example/", "", 200, 1)
        record_scan(scan, ScanResult((page,), (detection,)))  # a DiscoveredTool
        CalendarFeed.objects.create(membership=membership)  # docs/renewals.md
        Notification.objects.create(
            organisation=membership.organisation,
            recipient=membership.user,
            kind="report_ready",
            key="report:1",
        )
        NotificationPreference.objects.create(user=membership.user)
        create_own_product(
            organisation=membership.organisation,
            user=membership.user,
            name="Pixel",
            same_as="facebook-pixel",
            subcategory=ToolSubcategory.objects.filter(
                organisation=membership.organisation
            ).first(),
        )
    for assessment in Assessment.objects.all():
        Assignment.objects.create(
            organisation=assessment.organisation,
            assessment=assessment,
            step="touchpoints",
            assignee=membership.user,
        )
        for language in ("en", "ar", "fa", "ro"):
            export = ReportExport(
                organisation=assessment.organisation,
                assessment=assessment,
                language=language,
                cache_key=language * 32,
            )
            export.file.save("report.pdf", ContentFile(b"%PDF-1.7"), save=True)
            ImportSession.create(
                organisation=assessment.organisation,
                user=membership.user,
                inventory="tools",
                filename="tools.csv",
                headers=["Name"],
                rows=[["Miro"]],
                day_first=True,
            )
            ImportJob.objects.create(
                organisation=assessment.organisation,
                user=membership.user,
                inventory="tools",
                token="t",
                filename="tools.csv",
            )
    empty = []
    for model in _models():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        with django_assert_max_num_queries(15):
            response = admin_client.get(url)
        assert response.status_code == 200, model
        if not response.context["cl"].result_count:
            empty.append(model._meta.label)
        # Search and every filter render and answer (no FieldError on a bad lookup).
        assert admin_client.get(url, {"q": "acme"}).status_code == 200, model
    assert not empty, f"no rows to list for {empty}"


def test_api_token_admin_never_shows_the_hash_and_revokes(admin_client):
    membership = MembershipFactory()
    row, secret = services.create_api_token(membership=membership, name="Nightly sync")
    changelist = reverse("admin:core_apitoken_changelist")
    for url in (changelist, reverse("admin:core_apitoken_change", args=[row.pk])):
        content = admin_client.get(url).content.decode()
        assert row.key_id in content
        assert row.key_hash not in content
        assert secret not in content
    assert admin_client.get(reverse("admin:core_apitoken_add")).status_code == 403
    response = admin_client.post(
        changelist, {"action": "revoke", admin.helpers.ACTION_CHECKBOX_NAME: [row.pk]}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None
    response = admin_client.get(changelist, {"revoked_at__isempty": "0"})
    assert list(response.context["cl"].result_list) == [ApiToken.objects.get(pk=row.pk)]


def test_stored_files_and_previews_are_listed_never_shown(admin_client):
    """The admin names a report's file but links to no public URL (there is none), and
    shows neither a stored file's bytes nor a preview's rows."""
    membership = MembershipFactory()
    export = ReportExport(
        organisation=membership.organisation,
        assessment=AssessmentFactory(organisation=membership.organisation),
        cache_key="0" * 64,
    )
    export.file.save("report.pdf", ContentFile(b"%PDF-1.7 secret-bytes"), save=True)
    session = ImportSession.create(
        organisation=membership.organisation,
        user=membership.user,
        inventory="tools",
        filename="tools.csv",
        headers=["Name"],
        rows=[["Secret tool"]],
        day_first=True,
    )
    stored = StoredFile.objects.get()
    pages = {
        reverse("admin:assessment_reportexport_change", args=[export.pk]): export.file.name,
        reverse("admin:core_storedfile_change", args=[stored.pk]): stored.name,
        reverse("admin:assessment_importpreview_change", args=[session.token]): session.token,
    }
    for url, shown in pages.items():
        response = admin_client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert shown in content
        assert "secret-bytes" not in content and "Secret tool" not in content
        assert "/media/" not in content
