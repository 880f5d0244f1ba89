"""SSO imports (assessment/scans/sso.py) match app names through the catalogue's other
names and the organisation's own products that are the same as a known one."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment.inventory.own_products.services import create_own_product
from assessment.inventory.services import seed_taxonomy
from assessment.models import DiscoveredTool
from assessment.scans import sso as sso_services
from core.testing.factories import MembershipFactory, OrganisationFactory

HEADER = "Application,App Instance ID,Status,Sign on mode,Unique Users,Sign-ons,Last sign-on\n"


def okta(*names: str) -> SimpleUploadedFile:
    lines = [f"{name},0oa{i},ACTIVE,SAML_2_0,3,5,2026-11-30T09:05:48.000Z" for i, name in
             enumerate(names)]  # fmt: skip
    return SimpleUploadedFile("apps.csv", (HEADER + "\n".join(lines) + "\n").encode())


def test_match_entry_uses_aliases_and_own_products():
    assert sso_services.match_entry("Pardot").slug == (
        "salesforce-marketing-cloud-account-engagement"
    )
    assert sso_services.match_entry("Meta Pixel").slug == "facebook-pixel"
    assert sso_services.match_entry("Pardot Production").slug == (
        "salesforce-marketing-cloud-account-engagement"
    )  # an alias as the app name's first words
    own = {"acme analytics": sso_services.catalogue.get("hotjar")}
    assert sso_services.match_entry("ACME Analytics", own).slug == "hotjar"
    assert sso_services.match_entry("ACME Analytics") is None


@pytest.mark.django_db
def test_an_import_files_apps_under_own_products_same_as_a_known_one():
    membership = MembershipFactory(role="editor")
    organisation = membership.organisation
    seed_taxonomy(organisation=organisation)
    create_own_product(
        organisation=organisation,
        user=None,
        name="Acme Heatmaps",
        aliases="Heatmaps SSO",
        same_as="hotjar",
    )
    create_own_product(organisation=organisation, user=None, name="Acme Internal")
    create_own_product(
        organisation=OrganisationFactory(), user=None, name="Theirs App", same_as="hubspot"
    )
    sso_services.import_sso_apps(
        organisation=organisation,
        user=membership.user,
        source="okta",
        file=okta("Heatmaps SSO", "Pardot", "Theirs App", "Acme Internal"),
    )
    found = {d.slug: d.name for d in DiscoveredTool.objects.filter(organisation=organisation)}
    assert found["hotjar"] == "Hotjar"
    assert "salesforce-marketing-cloud-account-engagement" in found
    assert "hubspot" not in found  # another organisation's own product is not used
    assert found["theirs-app"] == "Theirs App"
    assert found["acme-internal"] == "Acme Internal"  # no known product: named as listed
