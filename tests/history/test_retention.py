"""History retention: the organisation's setting, `prune()` and `manage.py prune_history`."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.history.retention import prune, retention_days
from core.models import HistoryEntry, Organisation, Role
from core.services import ServiceError, update_organisation
from core.testing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def entry(organisation, days_ago: float, parent=None) -> HistoryEntry:
    """A history row of `organisation`, `days_ago` days before NOW."""
    return HistoryEntry.objects.create(
        organisation=organisation,
        content_type=ContentType.objects.get_for_model(Organisation),
        object_pk=str(getattr(organisation, "pk", 0)),
        object_id=getattr(organisation, "pk", 0),
        object_repr="row",
        action=HistoryEntry.Action.UPDATE,
        changes={"name": ["a", "b"]},
        timestamp=NOW - dt.timedelta(days=days_ago),
        parent=parent,
    )


def remaining(organisation) -> set[int]:
    return set(HistoryEntry.objects.filter(organisation=organisation).values_list("pk", flat=True))


def fresh(**fields) -> Organisation:
    organisation = OrganisationFactory(**fields)
    HistoryEntry.objects.filter(organisation=organisation).delete()  # the factory's own rows
    return organisation


def test_each_organisation_keeps_its_own_retention(settings):
    settings.HISTORY_RETENTION_DAYS = 730
    short, default = fresh(history_retention_days=30), fresh()
    short_old, short_new = entry(short, 31), entry(short, 29)
    default_old, default_new = entry(default, 731), entry(default, 729)
    counts = prune(now=NOW)
    assert counts[short.pk] == 1 and counts[default.pk] == 1
    assert remaining(short) == {short_new.pk}
    assert remaining(default) == {default_new.pk}
    assert not HistoryEntry.objects.filter(pk__in=[short_old.pk, default_old.pk]).exists()


def test_empty_follows_the_setting_and_zero_keeps_for_ever(settings):
    settings.HISTORY_RETENTION_DAYS = 10
    default, forever = fresh(), fresh(history_retention_days=0)
    assert retention_days(default) == 10 and retention_days(forever) == 0
    entry(default, 11)
    kept = {entry(forever, 5000).pk, entry(forever, 11).pk}
    counts = prune(now=NOW)
    assert counts[default.pk] == 1 and counts[forever.pk] == 0
    assert remaining(default) == set()
    assert remaining(forever) == kept


def test_the_setting_defaults_to_two_years():
    from core import settings as project_settings

    assert project_settings.HISTORY_RETENTION_DAYS == 730
    assert retention_days(Organisation(history_retention_days=None)) == 730


def test_an_import_goes_with_its_rows_and_no_row_goes_alone():
    organisation = fresh(history_retention_days=30)
    group = entry(organisation, 40)
    children = [entry(organisation, 40, parent=group).pk for _ in range(3)]
    late_child = entry(organisation, 29, parent=group)  # recorded after the cut: still goes
    recent = entry(organisation, 20)
    kept_child = entry(organisation, 35, parent=recent)  # old-looking, but its group is kept
    assert prune(now=NOW, dry_run=True)[organisation.pk] == 5
    assert prune(now=NOW)[organisation.pk] == 5
    assert remaining(organisation) == {recent.pk, kept_child.pk}
    assert not HistoryEntry.objects.filter(pk__in=[*children, late_child.pk]).exists()


def test_dry_run_deletes_nothing_and_a_second_run_deletes_nothing_more():
    organisation = fresh(history_retention_days=30)
    for days in (31, 60, 90, 5):
        entry(organisation, days)
    before = remaining(organisation)
    assert prune(now=NOW, dry_run=True) == prune(now=NOW, dry_run=True)
    assert prune(now=NOW, dry_run=True)[organisation.pk] == 3
    assert remaining(organisation) == before
    assert prune(now=NOW)[organisation.pk] == 3
    assert prune(now=NOW)[organisation.pk] == 0
    assert len(remaining(organisation)) == 1


def test_batches_delete_everything_due(django_assert_max_num_queries):
    organisation = fresh(history_retention_days=1)
    for _ in range(25):
        group = entry(organisation, 3)
        entry(organisation, 3, parent=group)
    with django_assert_max_num_queries(60):
        assert prune(now=NOW, organisation=organisation, batch_size=10) == {organisation.pk: 50}
    assert remaining(organisation) == set()


def test_one_organisation_only():
    first, second = fresh(history_retention_days=1), fresh(history_retention_days=1)
    entry(first, 5)
    other = entry(second, 5)
    assert prune(now=NOW, organisation=first) == {first.pk: 1}
    assert remaining(second) == {other.pk}


def test_the_command_prints_counts_per_organisation():
    organisation = fresh(name="Acme", history_retention_days=1)
    old = entry(organisation, 5)
    old.timestamp = timezone.now() - dt.timedelta(days=5)
    old.save()
    out = StringIO()
    call_command("prune_history", "--dry-run", stdout=out)
    assert f"Acme (#{organisation.pk}): 1 entry would be deleted (kept 1 days)" in out.getvalue()
    assert remaining(organisation) == {old.pk}
    out = StringIO()
    call_command("prune_history", stdout=out)
    assert f"Acme (#{organisation.pk}): 1 entry deleted" in out.getvalue()
    assert remaining(organisation) == set()
    out = StringIO()
    call_command("prune_history", stdout=out)
    assert f"Acme (#{organisation.pk}): 0 entries deleted" in out.getvalue()


# --- the setting on Organisation settings ------------------------------------------------------


def test_owner_sets_the_retention(client, signed_in):
    owner = signed_in(Role.OWNER)
    page = client.get(reverse("organisation_settings")).content.decode()
    assert 'name="history_retention_days"' in page
    assert "0 keeps them for ever" in page
    client.post(reverse("organisation_settings"), {"name": "Acme", "history_retention_days": 90})
    owner.organisation.refresh_from_db()
    assert owner.organisation.history_retention_days == 90
    client.post(reverse("organisation_settings"), {"name": "Acme"})  # left out: kept
    owner.organisation.refresh_from_db()
    assert owner.organisation.history_retention_days == 90
    client.post(reverse("organisation_settings"), {"name": "Acme", "history_retention_days": 0})
    owner.organisation.refresh_from_db()
    assert owner.organisation.history_retention_days == 0
    client.post(reverse("organisation_settings"), {"name": "Acme", "history_retention_days": ""})
    owner.organisation.refresh_from_db()
    assert owner.organisation.history_retention_days is None  # the installation's default


@pytest.mark.parametrize("value", ["-1", "3651", "soon"])
def test_bad_retention_is_explained_and_nothing_changes(client, signed_in, value):
    owner = signed_in(Role.OWNER)
    response = client.post(
        reverse("organisation_settings"), {"name": "Renamed", "history_retention_days": value}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["history_retention_days"]
    owner.organisation.refresh_from_db()
    assert owner.organisation.history_retention_days is None
    assert owner.organisation.name != "Renamed"


@pytest.mark.parametrize("role", [Role.EDITOR, Role.REVIEWER, Role.VIEWER])
def test_only_owners_change_the_retention(client, signed_in, role):
    member = signed_in(role)
    response = client.post(
        reverse("organisation_settings"), {"name": "Acme", "history_retention_days": 1}
    )
    assert response.status_code == 403
    member.organisation.refresh_from_db()
    assert member.organisation.history_retention_days is None


def test_the_service_refuses_out_of_range_values():
    organisation = OrganisationFactory()
    with pytest.raises(ServiceError):
        update_organisation(
            organisation=organisation, user=UserFactory(), name="X", history_retention_days=3651
        )
    update_organisation(
        organisation=organisation, user=UserFactory(), name="X", history_retention_days=3650
    )
    organisation.refresh_from_db()
    assert organisation.history_retention_days == 3650


def test_a_new_organisation_is_not_asked(client):
    client.force_login(UserFactory())
    page = client.get(reverse("organisation_create")).content.decode()
    assert "history_retention_days" not in page
