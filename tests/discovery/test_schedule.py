"""Scheduled re-scans: due organisations get one scan of the same addresses, once."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from assessment.models import ScanStatus, SiteScan
from assessment.scans.schedule import rescan_due
from core.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _scan(organisation, days_ago, status=ScanStatus.DONE, urls=("https://acme.example/",)):
    scan = SiteScan.objects.create(organisation=organisation, urls=list(urls), status=status)
    SiteScan.objects.filter(pk=scan.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return scan


def test_a_site_scanned_a_week_ago_is_scanned_again_with_the_same_addresses(
    django_capture_on_commit_callbacks,
):
    due = OrganisationFactory()
    _scan(due, 30, urls=("https://old.example/",))
    _scan(due, 8, urls=("https://acme.example/", "https://shop.acme.example/"))
    recent = OrganisationFactory()
    _scan(recent, 2)
    OrganisationFactory()  # never scanned: nothing to repeat

    with django_capture_on_commit_callbacks():
        outcome = rescan_due(days=7)

    assert [scan.organisation for scan in outcome.queued] == [due]
    queued = outcome.queued[0]
    assert queued.urls == ["https://acme.example/", "https://shop.acme.example/"]
    assert queued.requested_by is None
    assert queued.status == ScanStatus.QUEUED
    assert not SiteScan.objects.filter(organisation=recent, status=ScanStatus.QUEUED).exists()


def test_running_it_twice_queues_each_scan_once(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    _scan(organisation, 10)
    with django_capture_on_commit_callbacks():
        first = rescan_due(days=7)
        second = rescan_due(days=7)
    assert len(first.queued) == 1 and second.queued == [] and second.skipped == []
    assert SiteScan.objects.filter(organisation=organisation).count() == 2


def test_zero_days_turns_the_schedule_off():
    _scan(OrganisationFactory(), 100)
    assert rescan_due(days=0).queued == []


def test_a_stuck_pending_scan_is_reported_not_doubled(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    stuck = _scan(organisation, 9, status=ScanStatus.RUNNING)
    SiteScan.objects.filter(pk=stuck.pk).update(heartbeat_at=timezone.now())
    with django_capture_on_commit_callbacks():
        outcome = rescan_due(days=7)
    assert outcome.queued == []
    assert [org for org, _reason in outcome.skipped] == [organisation]


@override_settings(DISCOVERY_RESCAN_DAYS=3)
def test_the_command_reads_the_setting_and_says_what_it_did(
    capsys, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory()
    _scan(organisation, 4)
    with django_capture_on_commit_callbacks():
        call_command("rescan_websites")
    out = capsys.readouterr().out
    assert "1 scan(s) queued, 0 skipped (every 3 day(s))" in out
    assert "https://acme.example/" in out
