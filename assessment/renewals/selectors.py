"""Reads of the renewal calendar: the organisation's contracts (tools with a renewal date)
as the pure calendar's dataclasses, in one query, and a person's calendar feed."""

from __future__ import annotations

from django.db.models import Q

from assessment.models import Tool
from assessment.renewals.calendar import Contract
from core.models import CalendarFeed, Membership

CONTRACT_FIELDS = (
    "pk",
    "name",
    "renewal_date",
    "notice_period_days",
    "annual_cost",
    "currency",
    "business_owner",
    "auto_renewal",
    "status",
    "active_users_30d",
    "licensed_seats",
)


def contracts(organisation, *, owner: str = "", status: str = "") -> list[Contract]:
    """Every tool of the organisation with a renewal date (one query), optionally of one
    business owner (ignoring case) or status."""
    tools = Tool.objects.for_organisation(organisation).filter(renewal_date__isnull=False)
    if owner:
        tools = tools.filter(business_owner__iexact=owner.strip())
    if status:
        tools = tools.filter(status=status)
    return [
        Contract(
            tool_id=row[0],
            name=row[1],
            renewal_date=row[2],
            notice_period_days=row[3],
            annual_cost=row[4],
            currency=row[5] or "",
            owner=row[6] or "",
            auto_renewal=row[7],
            status=row[8],
            active_users=row[9],
            seats=row[10],
        )
        for row in tools.order_by("renewal_date", "name").values_list(*CONTRACT_FIELDS)
    ]


def owners(organisation) -> list[str]:
    """The business owners named on tools with a renewal date, for the owner filter."""
    names = (
        Tool.objects.for_organisation(organisation)
        .filter(renewal_date__isnull=False)
        .exclude(business_owner="")
        .values_list("business_owner", flat=True)
        .distinct()
    )
    return sorted(set(names), key=str.lower)


def active_feed(membership: Membership) -> CalendarFeed | None:
    """The person's current (not revoked) feed in this organisation, if any."""
    return CalendarFeed.objects.active().filter(membership=membership).first()


def feed_by_token(token: str) -> CalendarFeed | None:
    """The live feed of this token, with its membership, organisation and user; None when
    unknown, revoked, or its person can no longer sign in (a deleted membership takes its
    feeds with it)."""
    if not token or len(token) > 64:
        return None
    return (
        CalendarFeed.objects.active()
        .filter(token=token)
        .filter(Q(membership__user__is_active=True))
        .select_related("membership__organisation", "membership__user")
        .first()
    )
