"""Reads of a tool owner's confirmation (issue 16): confirmed, stale or missing.

A confirmation goes stale ``Organisation.confirmation_stale_days`` days after it was given
(180 by default); writes are in ``services.confirm_tool`` / ``services.breaks_confirmation``.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

CONFIRMED = "confirmed"
STALE = "stale"
MISSING = "missing"


def stale_days(organisation) -> int:
    return getattr(organisation, "confirmation_stale_days", None) or 180


def stale_before(organisation, now: dt.datetime | None = None) -> dt.datetime:
    """Confirmations given before this moment are stale."""
    return (now or timezone.now()) - dt.timedelta(days=stale_days(organisation))


def state(tool, organisation, now: dt.datetime | None = None) -> str:
    if tool.confirmed_at is None:
        return MISSING
    return STALE if tool.confirmed_at < stale_before(organisation, now) else CONFIRMED


def filter_state(queryset, organisation, value: str):
    """Tools whose confirmation is in the state ``value`` (an unknown value: no filter)."""
    cutoff = stale_before(organisation)
    if value == CONFIRMED:
        return queryset.filter(confirmed_at__gte=cutoff)
    if value == STALE:
        return queryset.filter(confirmed_at__lt=cutoff)
    if value == MISSING:
        return queryset.filter(confirmed_at__isnull=True)
    if value == "attention":  # stale or missing
        return queryset.filter(Q(confirmed_at__isnull=True) | Q(confirmed_at__lt=cutoff))
    return queryset
