"""The one-year LPR changes on the day it is published: the 20th of the month, or the next working day when the
20th is a weekend or holiday (每月20日（遇节假日顺延）). A breach on a Saturday the 20th still bears the rate then
in force, not the one published on the Monday after."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from contractkit.law.rates import shipped_table


@pytest.mark.parametrize(
    ("day", "rate"),
    [
        ("2022-08-20", "3.70"),  # a Saturday: 3.65% was published on Monday 22 August
        ("2022-08-22", "3.65"),
        ("2023-08-20", "3.55"),  # a Sunday: 3.45% from Monday 21 August
        ("2023-08-21", "3.45"),
        ("2024-07-21", "3.45"),  # 3.35% from Monday 22 July
        ("2024-07-22", "3.35"),
        ("2024-10-20", "3.35"),  # a Sunday: 3.10% from Monday 21 October
        ("2024-10-21", "3.10"),
        ("2025-05-20", "3.00"),  # a Tuesday: published that day
    ],
)
def test_the_lpr_in_force_on_a_day(day: str, rate: str) -> None:
    point = shipped_table("lpr-1y").at(dt.date.fromisoformat(day))
    assert point.rate * 100 == Decimal(rate)


def test_every_row_is_dated_on_a_working_day() -> None:
    """No publication on a weekend: a row dated on one would apply a rate before it existed."""
    import chinese_calendar

    for point in shipped_table("lpr-1y").points:
        assert chinese_calendar.is_workday(point.start), point
