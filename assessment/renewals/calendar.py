"""The renewal calendar's date logic, pure: which dates fall in a range, the grid of a
month, days left. Dataclasses in and out, no ORM and no Django (docs/renewals.md).

Every contract with a renewal date has two dates: the renewal itself and the last day to
cancel (renewal minus the notice period; assessment.inventory_core.derived). A last day
to cancel that has passed while the renewal is still ahead is *overdue*: the notice
deadline was missed and the contract renews unless someone negotiates.
"""

from __future__ import annotations

import calendar as std_calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

RENEWAL = "renewal"
CANCEL = "cancel"  # the last day to cancel (the notice deadline)

#: The list's horizons, in days.
HORIZONS = (30, 90, 180, 365)
DEFAULT_HORIZON = 90
#: Months the calendar pages to (far enough for any contract, clear of date overflow).
MIN_YEAR, MAX_YEAR = 1000, 9000


@dataclass(frozen=True)
class Contract:
    """What the calendar needs of one tool."""

    tool_id: int
    name: str
    renewal_date: dt.date
    notice_period_days: int | None = None
    annual_cost: Decimal | None = None
    currency: str = ""
    owner: str = ""
    auto_renewal: bool | None = None
    status: str = ""
    active_users: int | None = None
    seats: int | None = None

    @property
    def last_day_to_cancel(self) -> dt.date:
        return self.renewal_date - dt.timedelta(days=self.notice_period_days or 0)

    @property
    def utilisation(self) -> float | None:
        """Active users / seats; None when either is unknown or seats is 0 (unlimited)."""
        if self.active_users is None or not self.seats:
            return None
        return self.active_users / self.seats


@dataclass(frozen=True)
class Entry:
    """One date on the calendar: a renewal, or a last day to cancel."""

    contract: Contract
    kind: str  # RENEWAL or CANCEL
    date: dt.date
    days_left: int
    overdue: bool = False  # a passed notice deadline of a contract not yet renewed

    @property
    def sort_key(self) -> tuple:
        # Same day: the deadline before the renewal, then by name.
        return (self.date, 0 if self.kind == CANCEL else 1, self.contract.name.lower())


@dataclass(frozen=True)
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    entries: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    weekdays: tuple[int, ...]  # Python weekday numbers (0 = Monday) in column order
    weeks: tuple[tuple[Day, ...], ...]

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, self.month, std_calendar.monthrange(self.year, self.month)[1])


@dataclass(frozen=True)
class Total:
    currency: str
    amount: Decimal
    count: int


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    entries: tuple[Entry, ...] = ()
    totals: tuple[Total, ...] = field(default=())


def days_left(date: dt.date, today: dt.date) -> int:
    """Days from today to the date; negative once past."""
    return (date - today).days


def entries_between(
    contracts: Iterable[Contract],
    start: dt.date,
    end: dt.date,
    today: dt.date,
    *,
    overdue: bool = False,
) -> list[Entry]:
    """Renewals and last days to cancel dated start…end (inclusive), in date order.

    With ``overdue``, also the passed notice deadlines (before ``start``) of contracts
    whose renewal is still today or later: they stand out at the top of the list.
    """
    found: list[Entry] = []
    for contract in contracts:
        renewal, cancel = contract.renewal_date, contract.last_day_to_cancel
        if start <= cancel <= end:
            late = cancel < today <= renewal
            found.append(Entry(contract, CANCEL, cancel, days_left(cancel, today), late))
        elif overdue and cancel < start and cancel < today <= renewal:
            found.append(Entry(contract, CANCEL, cancel, days_left(cancel, today), True))
        if start <= renewal <= end:
            found.append(Entry(contract, RENEWAL, renewal, days_left(renewal, today)))
    return sorted(found, key=lambda entry: entry.sort_key)


def upcoming(contracts: Iterable[Contract], today: dt.date, horizon: int) -> Period:
    """The list: today … today + horizon days, passed notice deadlines first."""
    end = today + dt.timedelta(days=max(horizon, 0))
    entries = entries_between(contracts, today, end, today, overdue=True)
    return Period(today, end, tuple(entries), totals(entries))


def totals(entries: Iterable[Entry]) -> tuple[Total, ...]:
    """The cost renewing: the annual cost of each renewal entry, per currency (amounts in
    different currencies are never added). Contracts without a cost are left out."""
    amounts: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, int] = defaultdict(int)
    for entry in entries:
        cost = entry.contract.annual_cost
        if entry.kind != RENEWAL or cost is None:
            continue
        currency = entry.contract.currency.upper()
        amounts[currency] += Decimal(cost)
        counts[currency] += 1
    return tuple(Total(c, amounts[c], counts[c]) for c in sorted(amounts))


def django_to_python_weekday(first_day_of_week: int) -> int:
    """Django's FIRST_DAY_OF_WEEK (0 = Sunday) as Python's weekday (0 = Monday)."""
    return (int(first_day_of_week) - 1) % 7


def month_grid(
    year: int,
    month: int,
    today: dt.date,
    entries: Iterable[Entry] = (),
    *,
    first_weekday: int = 0,
) -> Month:
    """The month as weeks of seven days starting on ``first_weekday`` (Python numbering:
    0 = Monday), the neighbouring months' days filling the first and last week; every day
    carries the entries dated on it."""
    by_date: dict[dt.date, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_date[entry.date].append(entry)
    cal = std_calendar.Calendar(firstweekday=first_weekday % 7)
    weeks = []
    for week in cal.monthdatescalendar(year, month):
        weeks.append(
            tuple(
                Day(
                    date=day,
                    in_month=day.month == month,
                    is_today=day == today,
                    entries=tuple(sorted(by_date.get(day, ()), key=lambda e: e.sort_key)),
                )
                for day in week
            )
        )
    weekdays = tuple((first_weekday + i) % 7 for i in range(7))
    return Month(year, month, weekdays, tuple(weeks))


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by ``delta`` months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def quarter_start(year: int, month: int) -> tuple[int, int]:
    """The first month of the calendar quarter holding ``month``."""
    return year, (month - 1) // 3 * 3 + 1


def months_span(year: int, month: int, count: int) -> list[tuple[int, int]]:
    return [shift_month(year, month, i) for i in range(count)]


def span_dates(months: list[tuple[int, int]]) -> tuple[dt.date, dt.date]:
    """First and last day of a run of months."""
    (y1, m1), (y2, m2) = months[0], months[-1]
    return dt.date(y1, m1, 1), dt.date(y2, m2, std_calendar.monthrange(y2, m2)[1])


def parse_month(value: str | None) -> tuple[int, int] | None:
    """ "2026-12" → (2026, 12); anything else (or a year out of MIN_YEAR…MAX_YEAR) → None."""
    if not value:
        return None
    year_text, sep, month_text = value.strip().partition("-")
    if not sep or not value.isascii() or not year_text.isdigit() or not month_text.isdigit():
        return None
    if len(year_text) != 4 or len(month_text) > 2:
        return None
    year, month = int(year_text), int(month_text)
    if not (1 <= month <= 12 and MIN_YEAR <= year <= MAX_YEAR):
        return None
    return year, month
