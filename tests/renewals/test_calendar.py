"""The pure date logic of the renewal calendar (assessment/renewals/calendar.py)."""

import datetime as dt
import itertools
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from assessment.renewals import calendar
from assessment.renewals.calendar import CANCEL, RENEWAL, Contract

TODAY = dt.date(2026, 12, 4)


def contract(tool_id=1, renewal=dt.date(2027, 1, 31), notice=30, **kwargs):
    return Contract(
        tool_id=tool_id,
        name=f"Tool {tool_id}",
        renewal_date=renewal,
        notice_period_days=notice,
        **kwargs,
    )


def test_both_dates_in_date_order_deadline_first_on_the_same_day():
    a = contract(1, dt.date(2027, 1, 31), 30)  # cancel 2027-01-01
    b = contract(2, dt.date(2027, 1, 1), 0)  # cancel = renewal = 2027-01-01
    entries = calendar.entries_between([a, b], TODAY, dt.date(2027, 3, 1), TODAY)
    assert [(e.contract.tool_id, e.kind, e.date) for e in entries] == [
        (1, CANCEL, dt.date(2027, 1, 1)),
        (2, CANCEL, dt.date(2027, 1, 1)),
        (2, RENEWAL, dt.date(2027, 1, 1)),
        (1, RENEWAL, dt.date(2027, 1, 31)),
    ]
    assert entries[0].days_left == 28


def test_blank_notice_means_cancel_by_the_renewal_date():
    assert contract(notice=None).last_day_to_cancel == dt.date(2027, 1, 31)


def test_a_passed_notice_deadline_of_a_contract_not_yet_renewed_stands_out():
    late = contract(1, dt.date(2026, 12, 20), 60)  # cancel 2026-10-21: passed
    renewed = contract(2, dt.date(2026, 12, 1), 60)  # renewal passed too: not listed
    period = calendar.upcoming([late, renewed], TODAY, 30)
    assert [(e.contract.tool_id, e.kind, e.overdue) for e in period.entries] == [
        (1, CANCEL, True),
        (1, RENEWAL, False),
    ]
    assert period.entries[0].days_left == -44
    assert period.end == dt.date(2027, 1, 3)


def test_the_horizon_bounds_the_list():
    soon, later = contract(1, dt.date(2027, 1, 1), 0), contract(2, dt.date(2027, 6, 1), 0)
    assert {e.contract.tool_id for e in calendar.upcoming([soon, later], TODAY, 30).entries} == {1}
    assert {e.contract.tool_id for e in calendar.upcoming([soon, later], TODAY, 365).entries} == {
        1,
        2,
    }


def test_totals_add_renewals_per_currency_only():
    entries = calendar.upcoming(
        [
            contract(1, dt.date(2027, 1, 1), 10, annual_cost=Decimal("100"), currency="eur"),
            contract(2, dt.date(2027, 1, 2), 10, annual_cost=Decimal("50.5"), currency="EUR"),
            contract(3, dt.date(2027, 1, 3), 10, annual_cost=Decimal("7"), currency="USD"),
            contract(4, dt.date(2027, 1, 4), 10),  # no cost: left out
        ],
        TODAY,
        90,
    ).totals
    assert entries == (
        calendar.Total("EUR", Decimal("150.5"), 2),
        calendar.Total("USD", Decimal("7"), 1),
    )


def test_utilisation_unknown_without_seats():
    assert contract(active_users=5, seats=10).utilisation == 0.5
    assert contract(active_users=5, seats=0).utilisation is None
    assert contract(active_users=None, seats=10).utilisation is None


def test_month_grid_starts_on_the_locales_first_day():
    entry = calendar.entries_between(
        [contract(1, dt.date(2026, 12, 25), 0)], TODAY, dt.date(2026, 12, 31), TODAY
    )
    monday = calendar.month_grid(2026, 12, TODAY, entry, first_weekday=0)
    assert monday.weeks[0][0].date == dt.date(2026, 11, 30)  # a Monday
    assert monday.weeks[-1][-1].date == dt.date(2027, 1, 3)
    christmas = next(d for w in monday.weeks for d in w if d.date == dt.date(2026, 12, 25))
    assert [e.kind for e in christmas.entries] == [CANCEL, RENEWAL]
    assert [d.is_today for w in monday.weeks for d in w].count(True) == 1
    saturday = calendar.month_grid(2026, 12, TODAY, first_weekday=5)
    assert saturday.weeks[0][0].date == dt.date(2026, 11, 28)
    assert saturday.weekdays == (5, 6, 0, 1, 2, 3, 4)


def test_django_first_day_of_week_converts():
    assert calendar.django_to_python_weekday(0) == 6  # Sunday
    assert calendar.django_to_python_weekday(1) == 0  # Monday
    assert calendar.django_to_python_weekday(6) == 5  # Saturday


def test_months_and_quarters():
    assert calendar.shift_month(2026, 12, 1) == (2027, 1)
    assert calendar.shift_month(2026, 1, -1) == (2025, 12)
    assert calendar.quarter_start(2026, 12) == (2026, 10)
    assert calendar.months_span(2026, 11, 3) == [(2026, 11), (2026, 12), (2027, 1)]
    assert calendar.span_dates([(2026, 11), (2027, 1)]) == (
        dt.date(2026, 11, 1),
        dt.date(2027, 1, 31),
    )


def test_parse_month():
    assert calendar.parse_month("2026-12") == (2026, 12)
    assert calendar.parse_month("2026-2") == (2026, 2)
    for bad in (
        "",
        None,
        "2026",
        "2026-13",
        "2026-00",
        "26-12",
        "abcd-ef",
        "0001-01",
        "9999-12",
        "2026-12-01",
        "２０２６-12",
    ):
        assert calendar.parse_month(bad) is None, bad


@given(st.integers(2000, 2100), st.integers(1, 12), st.integers(0, 6))
def test_every_grid_is_whole_weeks_covering_the_month(year, month, first):
    grid = calendar.month_grid(year, month, TODAY, first_weekday=first)
    days = [d for w in grid.weeks for d in w]
    assert all(len(w) == 7 for w in grid.weeks)
    assert all(w[0].date.weekday() == first for w in grid.weeks)
    assert all(b.date - a.date == dt.timedelta(days=1) for a, b in itertools.pairwise(days))
    in_month = [d.date for d in days if d.in_month]
    assert in_month[0] == grid.first and in_month[-1] == grid.last
    assert 4 <= len(grid.weeks) <= 6


@given(
    st.lists(
        st.tuples(
            st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
            st.one_of(st.none(), st.integers(0, 400)),
        ),
        max_size=20,
    ),
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    st.integers(0, 400),
)
def test_entries_fall_in_range_sorted_and_nothing_is_missed(rows, start, length):
    contracts = [contract(i, r, n) for i, (r, n) in enumerate(rows)]
    end = start + dt.timedelta(days=length)
    entries = calendar.entries_between(contracts, start, end, TODAY)
    assert all(start <= e.date <= end for e in entries)
    assert [e.sort_key for e in entries] == sorted(e.sort_key for e in entries)
    expected = sum(start <= c.renewal_date <= end for c in contracts) + sum(
        start <= c.last_day_to_cancel <= end for c in contracts
    )
    assert len(entries) == expected
    for e in entries:
        assert e.days_left == (e.date - TODAY).days


@given(st.integers(1000, 8990), st.integers(1, 12), st.integers(-30, 30))
def test_shift_month_round_trips(year, month, delta):
    y, m = calendar.shift_month(year, month, delta)
    assert 1 <= m <= 12
    assert calendar.shift_month(y, m, -delta) == (year, month)
