"""The 実務従事 points rule: a point per on-site day, a point per 5 hours of other
consultation summed across days, and a day counted once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from companion.domain.enums import VisitMode
from companion.domain.practice_points import practice_points

ON_SITE, CENTRE, ONLINE, PHONE = (VisitMode.ON_SITE, VisitMode.AT_CENTRE, VisitMode.ONLINE,
                                  VisitMode.PHONE)


@dataclass(frozen=True)
class Visit:
    day: date
    mode: VisitMode
    hours: float


def _day(n: int) -> date:
    return date(2025, 6, n)


def test_nothing_is_worth_nothing() -> None:
    assert practice_points([]) == 0


def test_each_on_site_day_is_one_point_however_long_or_often() -> None:
    assert practice_points([Visit(_day(1), ON_SITE, 0.5)]) == 1
    assert practice_points([Visit(_day(1), ON_SITE, 1), Visit(_day(1), ON_SITE, 9)]) == 1
    assert practice_points([Visit(_day(1), ON_SITE, 1), Visit(_day(2), ON_SITE, 1)]) == 2
    assert practice_points([Visit(_day(1), ON_SITE, 0)]) == 1  # end time not typed


@pytest.mark.parametrize(("hours", "points"), [
    ((4.5,), 0),
    ((5,), 1),
    ((2, 1.5, 1.5), 1),  # summed across days
    ((3, 3, 3, 0.5), 1),  # 9.5 hours: what is left under 5 counts nothing
    ((2.5, 2.5, 2.5, 2.5), 2),
])
def test_other_consultation_counts_by_five_hours_summed_across_days(
        hours: tuple[float, ...], points: int) -> None:
    modes = [CENTRE, ONLINE, PHONE]
    visits = [Visit(_day(n + 1), modes[n % 3], h) for n, h in enumerate(hours)]
    assert practice_points(visits) == points


def test_hours_on_an_on_site_day_are_not_counted_again() -> None:
    same_day = [Visit(_day(1), ON_SITE, 1), Visit(_day(1), CENTRE, 5)]
    assert practice_points(same_day) == 1
    other_day = [Visit(_day(1), ON_SITE, 1), Visit(_day(2), CENTRE, 5)]
    assert practice_points(other_day) == 2


def test_the_order_of_the_activities_does_not_matter() -> None:
    visits = [Visit(_day(3), PHONE, 3), Visit(_day(1), ON_SITE, 2), Visit(_day(3), ON_SITE, 1),
              Visit(_day(2), CENTRE, 2)]
    assert practice_points(visits) == practice_points(reversed(visits)) == 2
