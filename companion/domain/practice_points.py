"""実務従事 points: the rule a 中小企業診断士 renews by (30 points in 5 years).

- One day of on-site advice to the owner (訪問) is one point, however many visits or
  hours that day had.
- Consultations that are not on site (来所 at the counter, オンライン, 電話) count by
  time: 5 hours, summed across days, are one point; what is left under 5 hours counts
  nothing.
- Hours of such a consultation on a day that already counts as an on-site day add
  nothing: the day is counted once.

The result is an estimate to guide the practitioner, who decides what really counts
(analysis alone does not), and the client's 代表者 certifies the days (様式19).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from companion.domain.enums import VisitMode

POINTS_PER_ON_SITE_DAY = 1
HOURS_PER_POINT = 5  # of consultation that is not on site, summed across days


class Activity(Protocol):
    """One consultation as the rule sees it (a ledger entry is one)."""

    @property
    def day(self) -> date: ...

    @property
    def mode(self) -> VisitMode: ...

    @property
    def hours(self) -> float: ...


def practice_points(activities: Iterable[Activity]) -> int:
    """The 実務従事 points the activities are worth (see the module's rule)."""
    items = list(activities)
    on_site = {a.day for a in items if a.mode == VisitMode.ON_SITE}
    other = sum(a.hours for a in items if a.mode != VisitMode.ON_SITE and a.day not in on_site)
    return len(on_site) * POINTS_PER_ON_SITE_DAY + int(other // HOURS_PER_POINT)
