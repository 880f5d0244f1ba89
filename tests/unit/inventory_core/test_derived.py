import datetime as dt
from decimal import Decimal

import pytest

from assessment.inventory_core.derived import (
    cost_per_active_user,
    days_until,
    last_day_to_cancel,
    over_capacity,
    utilisation,
)


@pytest.mark.parametrize(
    ("active", "seats", "expected"),
    [
        (50, 100, 0.5),
        (0, 100, 0.0),
        (120, 100, 1.2),  # over capacity is real, not clipped
        (10, 0, None),  # 0 seats: unlimited / not seat-based
        (10, None, None),
        (None, 100, None),
    ],
)
def test_utilisation(active, seats, expected):
    assert utilisation(active, seats) == expected


def test_over_capacity():
    assert over_capacity(120, 100)
    assert not over_capacity(100, 100)
    assert not over_capacity(5, None)


@pytest.mark.parametrize(
    ("renewal", "notice", "expected"),
    [
        (dt.date(2026, 3, 31), 30, dt.date(2026, 3, 1)),
        (dt.date(2026, 3, 31), 90, dt.date(2025, 12, 31)),
        (dt.date(2026, 3, 31), 0, dt.date(2026, 3, 31)),
        (dt.date(2026, 3, 31), None, dt.date(2026, 3, 31)),
        (None, 30, None),
    ],
)
def test_last_day_to_cancel(renewal, notice, expected):
    assert last_day_to_cancel(renewal, notice) == expected


@pytest.mark.parametrize(
    ("cost", "active", "expected"),
    [
        (Decimal("12000"), 100, Decimal("120.00")),
        (Decimal("1000"), 3, Decimal("333.33")),
        (Decimal("1000"), 0, None),
        (Decimal("1000"), None, None),
        (None, 10, None),
    ],
)
def test_cost_per_active_user(cost, active, expected):
    assert cost_per_active_user(cost, active) == expected


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2026, 4, 10), 10),
        (dt.date(2026, 3, 31), 0),
        (dt.date(2026, 3, 1), -30),
        (None, None),
    ],
)
def test_days_until(date, expected):
    assert days_until(date, dt.date(2026, 3, 31)) == expected
