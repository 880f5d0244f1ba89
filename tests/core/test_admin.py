"""The admin: every model registered with search and filters, changelists without N+1,
and API tokens listed and revoked without ever showing the stored hash."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from assessment.inventory.services import remember_import_mapping
from assessment.models import Assessment, ReportExport
from assessment.results.services import save_thresholds
from core import services
from core.models import ApiToken
from core.testing.factories import InvitationFactory, MembershipFactory
from core.testing.tasks import live_worker

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
    for assessment in Assessment.objects.all():
        for language in ("en", "ar", "fa", "ro"):
            ReportExport.objects.create(
                organisation=assessment.organisation,
                assessment=assessment,
                language=language,
                cache_key=language * 32,
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
