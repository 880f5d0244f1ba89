"""SSO app lists (docs/sso-imports.md): the pure parser per format (BOM, UTF-16, semicolons,
an unknown format, bad rows), the import service on the documented sample files (sources,
evidence, catalogue matches, re-imports, tenancy), and the page per role."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.discovery import sso
from assessment.inventory.services import seed_taxonomy
from assessment.models import DiscoveredState, DiscoveredTool, DiscoverySource
from assessment.scans import services
from assessment.scans import sso as sso_services
from assessment.testing.factories import ToolFactory
from core.services import ServiceError
from core.testing.access import ALL_ROLES, Page, PageAccessTests
from core.testing.api import api_client_for
from core.testing.factories import MembershipFactory

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples" / "sso"
OKTA_FILE = SAMPLES / "okta-apps.csv"
ENTRA_FILE = SAMPLES / "entra-enterprise-apps.csv"
GOOGLE_FILE = SAMPLES / "google-oauth-apps.csv"
EDITORS = ("owner", "editor")
HTMX = {"HTTP_HX_REQUEST": "true"}


def sample(path: Path) -> bytes:
    return path.read_bytes()


def upload(data: bytes | Path, name: str = "apps.csv") -> SimpleUploadedFile:
    if isinstance(data, Path):
        name, data = data.name, data.read_bytes()
    return SimpleUploadedFile(name, data, content_type="text/csv")


def apps_by_name(parsed: sso.SsoList) -> dict[str, sso.SsoApp]:
    return {app.name: app for app in parsed.apps}


# --- the parser -------------------------------------------------------------------------------


def test_the_okta_sample():
    parsed = sso.parse(sample(OKTA_FILE))
    assert parsed.source == sso.OKTA
    apps = apps_by_name(parsed)
    assert apps["Salesforce.com"] == sso.SsoApp("Salesforce.com", 4512, 87, date(2026, 11, 30), 2)
    assert apps["HubSpot"].sign_ins == 1234
    assert apps["Acme Partner Portal"].last_used is None
    assert len(parsed.apps) == 6


def test_the_entra_sample_month_first_dates():
    parsed = sso.parse(sample(ENTRA_FILE), "entra")
    assert parsed.source == sso.ENTRA
    apps = apps_by_name(parsed)
    assert apps["Slack"].sign_ins == 8877
    assert apps["Slack"].users == 198
    assert apps["Slack"].last_used == date(2026, 12, 1)
    assert apps["Contoso Expenses"] == sso.SsoApp("Contoso Expenses", None, None, None, 6)


def test_the_google_sample_has_users_but_no_sign_ins():
    parsed = sso.parse(sample(GOOGLE_FILE), "google")
    assert parsed.source == sso.GOOGLE
    apps = apps_by_name(parsed)
    assert apps["Salesforce"].users == 58
    assert apps["Salesforce"].sign_ins is None
    assert apps["Semrush"].last_used == date(2026, 11, 12)


def test_a_byte_order_mark_and_semicolons():
    text = "\ufeffApp Name;Client ID;Users;Last accessed\nHubSpot;abc.apps;1.234;28.11.2026\n"
    parsed = sso.parse(text.encode("utf-8"))
    assert parsed.source == sso.GOOGLE
    assert parsed.apps == (sso.SsoApp("HubSpot", None, 1234, date(2026, 11, 28), 2),)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_as_the_entra_portal_writes_it(encoding):
    text = sample(ENTRA_FILE).decode("utf-8").replace(",", "\t")
    data = text.encode(encoding)
    if encoding == "utf-16":
        assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    parsed = sso.parse(data, "entra")
    assert apps_by_name(parsed)["HubSpot"].sign_ins == 1102


def test_tolerant_titles():
    data = b"LABEL,sign_on_mode,SIGN-ONS,unique users\nSlack,SAML_2_0,1 234,12\n"
    parsed = sso.parse(data)
    assert parsed.source == sso.OKTA
    assert parsed.apps[0].sign_ins == 1234
    assert parsed.apps[0].users == 12


def test_an_unknown_format_names_the_columns_found_and_expected():
    with pytest.raises(sso.SsoFileRefused) as refused:
        sso.parse(b"Tool,Owner,Cost\nSlack,Ann,100\n", "okta")
    text = str(refused.value.msg)
    assert "“Tool”, “Owner”, “Cost”" in text
    assert "Application" in text and "Sign-ons" in text


def test_a_file_of_another_provider_is_refused():
    with pytest.raises(sso.SsoFileRefused) as refused:
        sso.parse(sample(GOOGLE_FILE), "okta")
    assert "Google Workspace" in str(refused.value.msg)


@pytest.mark.parametrize("data", [b"", b"\n\n", b"Application,Status\n"])
def test_an_empty_file_is_refused(data):
    with pytest.raises(sso.SsoFileRefused):
        sso.parse(data)


def test_bad_rows_are_each_reported_and_nothing_is_read():
    data = (
        b"Application,Status,Sign-ons,Unique users,Last sign-on\n"
        b"Slack,ACTIVE,12,3,2026-11-01\n"
        b",ACTIVE,1,1,\n"
        b"HubSpot,ACTIVE,lots,3,\n"
        b"Marketo,ACTIVE,4,3,yesterday\n"
    )
    with pytest.raises(sso.SsoRowsRefused) as refused:
        sso.parse(data)
    rows = [(p.row, str(p.msg)) for p in refused.value.problems]
    assert [row for row, _text in rows] == [3, 4, 5]
    assert "empty" in rows[0][1]
    assert "“lots”" in rows[1][1] and "Sign-ons" in rows[1][1]
    assert "not a date" in rows[2][1]


def test_binary_data_is_refused():
    with pytest.raises(sso.SsoFileRefused):
        sso.parse(b"PK\x03\x04\x00\x00\x01\x02\x03" * 50)


@pytest.mark.parametrize(
    "text,count", [("1234", 1234), ("1,234", 1234), ("1.234.567", 1234567), ("", None)]
)
def test_counts(text, count):
    assert sso.parse_count(text) == count


@pytest.mark.parametrize("text", ["12.5", "-3", "many", "1,23"])
def test_not_counts(text):
    with pytest.raises(ValueError):
        sso.parse_count(text)


# --- the service ------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    membership = MembershipFactory(role="editor")
    seed_taxonomy(organisation=membership.organisation)
    return membership


def run_import(membership, source, data):
    return sso_services.import_sso_apps(
        organisation=membership.organisation,
        user=membership.user,
        source=source,
        file=upload(data),
    )


def rows(membership, source) -> dict[str, DiscoveredTool]:
    return {
        d.slug: d
        for d in DiscoveredTool.objects.filter(organisation=membership.organisation, source=source)
    }


def evidence(row: DiscoveredTool) -> dict[str, str]:
    return {item["kind"]: item["detail"] for item in row.evidence}


@pytest.mark.parametrize(
    "source,path,count",
    [("okta", OKTA_FILE, 6), ("entra", ENTRA_FILE, 5), ("google", GOOGLE_FILE, 5)],
)
def test_each_sample_is_imported(editor, source, path, count):
    result = run_import(editor, source, path)
    assert (result.apps, result.appeared, result.updated, result.gone) == (count, count, 0, 0)
    found = rows(editor, source)
    assert len(found) == count
    assert found["salesforce"].name == "Salesforce"
    assert found["salesforce"].subcategory.key == "crm"
    assert found["hubspot"].subcategory.key == "marketing_automation"
    assert found["slack"].subcategory is None  # not in the catalogue: recorded all the same
    assert all(d.state == DiscoveredState.NEW and d.gone_at is None for d in found.values())


def test_counts_are_the_evidence(editor):
    run_import(editor, "okta", OKTA_FILE)
    found = rows(editor, "okta")
    salesforce = found["salesforce"]
    assert evidence(salesforce) == {
        "sso-app": "Salesforce.com",
        "sign-ins": "4,512",
        "users": "87",
        "last-used": "2026-11-30",
    }
    assert {"kind": "sign-ins", "detail": "4,512", "count": 4512} in salesforce.evidence
    assert found["acme-partner-portal"].name == "Acme Partner Portal"
    assert found["hotjar"].subcategory.key == "mobile_web_analytics"


def test_google_keeps_users_and_last_use(editor):
    run_import(editor, "google", GOOGLE_FILE)
    canva = rows(editor, "google")["canva"]
    assert evidence(canva) == {"sso-app": "Canva", "users": "22", "last-used": "2026-11-25"}


def test_a_reimport_updates_and_marks_missing_apps_gone(editor):
    run_import(editor, "okta", OKTA_FILE)
    shorter = b"Application,Status,Sign-ons\nSlack,ACTIVE,10\nHubSpot,ACTIVE,5\nFigma,ACTIVE,3\n"
    result = run_import(editor, "okta", shorter)
    assert (result.apps, result.appeared, result.updated, result.gone) == (3, 1, 2, 4)
    found = rows(editor, "okta")
    assert found["salesforce"].gone_at is not None
    assert found["slack"].gone_at is None
    assert evidence(found["slack"])["sign-ins"] == "10"
    back = run_import(editor, "okta", OKTA_FILE)
    assert back.appeared == 4 + 0 and back.gone == 1  # four back, Figma gone


def test_other_sources_are_untouched(editor):
    run_import(editor, "entra", ENTRA_FILE)
    run_import(editor, "okta", b"Application,Status\nSlack,ACTIVE\n")
    assert all(d.gone_at is None for d in rows(editor, "entra").values())


def test_decisions_are_kept(editor):
    run_import(editor, "okta", OKTA_FILE)
    slack = rows(editor, "okta")["slack"]
    services.ignore_discovered(discovered=slack, user=editor.user)
    run_import(editor, "okta", OKTA_FILE)
    assert rows(editor, "okta")["slack"].state == DiscoveredState.IGNORED


def test_the_inventory_tool_of_that_name_is_proposed(editor):
    tool = ToolFactory(organisation=editor.organisation, name="slack")
    run_import(editor, "google", GOOGLE_FILE)
    assert rows(editor, "google")["slack"].tool == tool


def test_two_instances_of_one_app_are_one_row(editor):
    data = (
        b"Label,Status,Sign-ons,Unique users\nSalesforce,ACTIVE,10,5\nSalesforce.com,ACTIVE,7,9\n"
    )
    result = run_import(editor, "okta", data)
    assert result.apps == 1
    assert evidence(rows(editor, "okta")["salesforce"])["sign-ins"] == "17"
    assert evidence(rows(editor, "okta")["salesforce"])["users"] == "9"


def test_a_bad_file_changes_nothing(editor):
    run_import(editor, "okta", OKTA_FILE)
    with pytest.raises(ServiceError) as refused:
        run_import(editor, "okta", b"Application,Status,Sign-ons\nSlack,ACTIVE,x\n,ACTIVE,1\n")
    assert [m.split(":")[0] for m in refused.value.messages] == ["Row 2", "Row 3"]
    assert all(d.gone_at is None for d in rows(editor, "okta").values())
    with pytest.raises(ServiceError):
        run_import(editor, "website", OKTA_FILE)


def test_tenancy(editor):
    other = MembershipFactory(role="editor")
    seed_taxonomy(organisation=other.organisation)
    run_import(other, "okta", OKTA_FILE)
    run_import(editor, "okta", b"Application,Status\nSlack,ACTIVE\n")
    assert all(d.gone_at is None for d in rows(other, "okta").values())
    assert set(rows(editor, "okta")) == {"slack"}
    assert rows(editor, "okta")["slack"].organisation == editor.organisation


# --- the page ---------------------------------------------------------------------------------


def _imported(context) -> bool:
    return DiscoveredTool.objects.filter(
        organisation=context["organisation"], source=DiscoverySource.OKTA
    ).exists()


class TestSsoImportPage(PageAccessTests):
    pages = {
        "import": Page(
            reverse("sso_import"),
            EDITORS,
            method="post",
            data=lambda c: {"source": "okta", "file": upload(OKTA_FILE)},
            ok=(302,),
            changed=_imported,
        ),
        "list": Page(reverse("discoveredtool_list"), ALL_ROLES),
    }


def test_editors_see_the_form_viewers_do_not(client, signed_in):
    editor = signed_in("editor")
    body = client.get(reverse("discoveredtool_list")).content.decode()
    assert 'data-testid="sso-form"' in body
    assert "Okta apps list" in body
    viewer = signed_in("viewer", organisation=editor.organisation)
    body = client.get(reverse("discoveredtool_list")).content.decode()
    assert viewer.role == "viewer"
    assert 'data-testid="sso-form"' not in body


def test_importing_from_the_page(client, signed_in):
    editor = signed_in("editor")
    seed_taxonomy(organisation=editor.organisation)
    response = client.post(
        reverse("sso_import"), {"source": "entra", "file": upload(ENTRA_FILE)}, **HTMX
    )
    assert response.status_code == 200
    assert "discovered-changed" in response["HX-Trigger"]
    body = response.content.decode()
    assert 'id="sso-panel"' in body
    assert "5 apps imported: 5 new, 0 already known." in body  # the toast, out of band
    listing = client.get(reverse("discoveredtool_list"), {"source": "entra"}).content.decode()
    assert "Contoso Expenses" in listing and "3,981" in listing
    okta = client.get(reverse("discoveredtool_list"), {"source": "okta"}).content.decode()
    assert "Contoso Expenses" not in okta


def test_bad_rows_come_back_with_every_problem(client, signed_in):
    editor = signed_in("editor")
    data = b"Application,Status,Sign-ons\nSlack,ACTIVE,lots\n,ACTIVE,2\n"
    response = client.post(reverse("sso_import"), {"source": "okta", "file": upload(data)}, **HTMX)
    assert response.status_code == 422
    body = response.content.decode()
    assert 'data-testid="sso-errors"' in body
    assert "Row 2" in body and "Row 3" in body
    assert not DiscoveredTool.objects.filter(organisation=editor.organisation).exists()


@pytest.mark.parametrize(
    "name,data,problem",
    [
        ("apps.xlsx", b"PK\x03\x04", "a .csv file"),
        ("apps.csv", b"Tool,Cost\nSlack,1\n", "Columns found"),
        ("apps.csv", b"\x00\x01\x02" * 100, "not"),
    ],
)
def test_a_wrong_file_is_a_422_never_a_500(client, signed_in, name, data, problem):
    signed_in("editor")
    response = client.post(reverse("sso_import"), {"source": "google", "file": upload(data, name)})
    assert response.status_code == 422
    assert problem in response.content.decode()


def test_a_file_over_5_mb_is_refused(client, signed_in):
    signed_in("editor")
    data = b"App name,Client ID\n" + b"x" * (5 * 1024 * 1024)
    response = client.post(reverse("sso_import"), {"source": "google", "file": upload(data)})
    assert response.status_code == 422
    assert "5 MB" in response.content.decode()


# --- the API ----------------------------------------------------------------------------------


def api_import(client, source, data, name="apps.csv"):
    return client.post(
        reverse("api-discoveredtool-import-sso"),
        {"source": source, "file": upload(data, name)},
        format="multipart",
    )


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_api_import_per_role(role):
    client, membership = api_client_for(role)
    seed_taxonomy(organisation=membership.organisation)
    response = api_import(client, "okta", OKTA_FILE)
    if role in EDITORS:
        assert response.status_code == 200, response.content
        assert response.json() == {
            "source": "okta",
            "apps": 6,
            "appeared": 6,
            "updated": 0,
            "gone": 0,
        }
        assert len(rows(membership, "okta")) == 6
    else:
        assert response.status_code == 403
        assert not rows(membership, "okta")


def test_the_api_import_answers_400_with_every_row():
    client, membership = api_client_for("editor")
    response = api_import(client, "okta", b"Application,Status,Sign-ons\nSlack,ACTIVE,x\n,A,1\n")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Row 2" in body and "Row 3" in body
    assert not rows(membership, "okta")
    assert api_import(client, "website", OKTA_FILE).status_code == 400
    listed = client.get(reverse("api-discoveredtool-list"), {"source": "okta"})
    assert listed.status_code == 200
