"""ホーム's figures as plain data, importable without the database layer.

``services/home.py`` computes them, ``services/home_cache.py`` keeps the last ones
(encrypted) for the next start, and the window shows them; none of those needs
SQLAlchemy to hold or read a ``HomeSummary``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

DUE_SOON_DAYS = 7
QUIET_DAYS = 60
LONG_OVERDUE_DAYS = 30  # overdue longer than this: folded into one group on ホーム
LIST_LIMIT = 50


@dataclass(frozen=True)
class FollowUp:
    visit_id: uuid.UUID
    engagement_id: uuid.UUID
    engagement_title: str
    client_name: str
    follow_up_on: date  # the follow-up date, or the next action's due date
    purpose: str  # of the visit it comes from
    kind: str = "visit"  # visit (follow-up date) | action (next action)
    action_id: uuid.UUID | None = None
    text: str = ""  # the next action (empty for a visit's follow-up)
    owner: str = ""  # 事業者 / 支援者 / 共同 for a next action

    @property
    def ref_id(self) -> uuid.UUID:
        """What ``mark_follow_up_done`` needs with ``kind``."""
        return self.action_id if self.action_id is not None else self.visit_id


@dataclass(frozen=True)
class QuietEngagement:
    engagement_id: uuid.UUID
    title: str
    client_name: str
    last_visit_at: datetime | None


@dataclass(frozen=True)
class HomeSummary:
    today: date
    fiscal_year: int
    active_engagements: int
    engagements_total: int
    visits_this_fiscal_year: int
    visits_total: int
    due_soon_count: int  # follow-ups from today to DUE_SOON_DAYS ahead
    overdue_count: int  # follow-ups before today, not done
    due_soon: list[FollowUp]  # the first LIST_LIMIT, soonest first
    overdue: list[FollowUp]  # the first LIST_LIMIT, most recently due first
    quiet: list[QuietEngagement]  # active, no visit for QUIET_DAYS, quietest first
    long_overdue_count: int = 0  # of overdue_count: due before ``long_overdue_before``
    long_overdue_before: date | None = None  # today - LONG_OVERDUE_DAYS

    def is_long_overdue(self, follow_up: FollowUp) -> bool:
        """Overdue for more than LONG_OVERDUE_DAYS (ホーム folds these into one group)."""
        return (self.long_overdue_before is not None
                and follow_up.follow_up_on < self.long_overdue_before)
