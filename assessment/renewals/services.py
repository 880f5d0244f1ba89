"""Writes of the renewal calendar: a person's secret feed address, made on demand and
replaced by revoking it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.models import CalendarFeed, Membership


@transaction.atomic
def get_or_create_feed(*, membership: Membership) -> CalendarFeed:
    """The person's live feed, made when there is none (two clicks never make two)."""
    Membership.objects.select_for_update().filter(pk=membership.pk).first()
    feed = CalendarFeed.objects.active().filter(membership=membership).first()
    return feed or CalendarFeed.objects.create(membership=membership)


@transaction.atomic
def rotate_feed(*, membership: Membership) -> CalendarFeed:
    """Revoke the person's feed addresses (calendar apps subscribed to them get a 404 from
    now on) and make a new one."""
    Membership.objects.select_for_update().filter(pk=membership.pk).first()
    CalendarFeed.objects.active().filter(membership=membership).update(revoked_at=timezone.now())
    return CalendarFeed.objects.create(membership=membership)


def revoke_feeds(*, membership: Membership) -> int:
    """Revoke without replacing; the number revoked."""
    return (
        CalendarFeed.objects.active()
        .filter(membership=membership)
        .update(revoked_at=timezone.now())
    )
