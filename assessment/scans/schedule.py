"""Scheduled re-scans: a site scanned once is scanned again every few days
(``DISCOVERY_RESCAN_DAYS``), so tags that appear or go between two visits of a person show
on the Discovered page. ``manage.py rescan_websites`` calls ``rescan_due`` from cron or a
systemd timer; running it again at once queues nothing more (docs/discovery.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from assessment.models import SiteScan
from assessment.scans import services
from core.models import Organisation
from core.services import ServiceError


@dataclass(frozen=True)
class RescanOutcome:
    queued: list[SiteScan]
    #: Organisations whose scan was due but could not be queued, with the reason.
    skipped: list[tuple[Organisation, str]]


def rescan_days() -> int:
    return max(0, int(getattr(settings, "DISCOVERY_RESCAN_DAYS", 7)))


def organisations_due(now: datetime, every: timedelta):
    """Organisations whose latest scan (of any outcome) is older than ``every``, with the
    addresses it scanned (``last_urls``). One query."""
    latest = SiteScan.objects.filter(organisation=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        Organisation.objects.annotate(
            last_scanned=Subquery(latest.values("created_at")[:1]),
            last_urls=Subquery(latest.values("urls")[:1]),
        )
        .filter(last_scanned__lt=now - every)
        .order_by("pk")
    )


def rescan_due(*, now: datetime | None = None, days: int | None = None) -> RescanOutcome:
    """Queue a scan of the same addresses for every organisation due one. Idempotent: a
    queued scan is the organisation's latest, so it is not due again until ``days`` pass."""
    days = rescan_days() if days is None else days
    queued: list[SiteScan] = []
    skipped: list[tuple[Organisation, str]] = []
    if days <= 0:
        return RescanOutcome(queued, skipped)
    for organisation in organisations_due(now or timezone.now(), timedelta(days=days)):
        urls = organisation.last_urls
        if isinstance(urls, str):  # some backends hand a subqueried JSON value back as text
            urls = json.loads(urls)
        try:
            queued.append(services.request_scan(organisation=organisation, user=None, urls=urls))
        except ServiceError as error:
            skipped.append((organisation, str(error)))
    return RescanOutcome(queued, skipped)
