"""Values derived from inventory fields, as pure functions (the ORM layer stores none of them).

``None`` means "cannot be known" and is never silently turned into 0: a tool with no seat
count (spreadsheets leave it empty for "unlimited") has no utilisation, not 0%.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


def utilisation(active_users: int | None, licensed_seats: int | None) -> float | None:
    """Active users / licensed seats; above 1.0 is real (more users than seats).

    None when either is unknown or seats is 0 (unlimited or not seat-based).
    """
    if active_users is None or not licensed_seats:
        return None
    return active_users / licensed_seats


def over_capacity(active_users: int | None, licensed_seats: int | None) -> bool:
    value = utilisation(active_users, licensed_seats)
    return value is not None and value > 1.0


def last_day_to_cancel(renewal_date: dt.date | None, notice_days: int | None) -> dt.date | None:
    """The last day a cancellation notice still lands in time: renewal minus notice.

    A blank notice period counts as 0 days (cancel by the renewal date itself).
    """
    if renewal_date is None:
        return None
    return renewal_date - dt.timedelta(days=notice_days or 0)


def cost_per_active_user(annual_cost: Decimal | None, active_users: int | None) -> Decimal | None:
    """Annual cost / active users, to the cent; None when nobody (or nobody known) uses it."""
    if annual_cost is None or not active_users:
        return None
    return (Decimal(annual_cost) / active_users).quantize(Decimal("0.01"), ROUND_HALF_UP)


def days_until(date: dt.date | None, today: dt.date) -> int | None:
    """Days from ``today`` to ``date`` (negative when past). ``today`` is passed in so the
    result is reproducible and follows the organisation's time zone."""
    if date is None:
        return None
    return (date - today).days
