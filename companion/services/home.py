"""What the ホーム screen shows: the day's work at a glance, and facts about the data.

Read-only: nothing here writes or commits. Follow-ups and quiet engagements only count
for engagements that are still open (準備, 進行中) and not archived; a follow-up left on
an engagement that has ended is history, not work to do.

Follow-ups are of two kinds: a visit's follow-up date (``Visit.follow_up_on``, done when
``follow_up_done_at`` is set) and a next action agreed in a visit (``VisitAction.due_on``,
done when ``done_at`` is set). ``services.visits.follow_ups.mark_follow_up_done`` marks either.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, func, select

from companion.db.migrate import current_revision
from companion.db.models import Client, Engagement, Visit, VisitAction
from companion.domain.calendar import fiscal_year_bounds, fiscal_year_of
from companion.domain.enums import EngagementStatus

DUE_SOON_DAYS = 7
QUIET_DAYS = 60
LONG_OVERDUE_DAYS = 30  # overdue longer than this: folded into one group on ホーム
LIST_LIMIT = 50

OPEN_STATUSES = [status.value for status in EngagementStatus if status.is_open]


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


@dataclass(frozen=True)
class StorageInfo:
    schema_revision: str | None
    engagements: int
    visits: int


def _local_midnight(day: date) -> datetime:
    """Midnight of a day on this computer's clock, timezone-aware."""
    return datetime.combine(day, time()).astimezone()


def _open_follow_ups(session: Session, *, from_day: date | None, until_day: date,
                     newest_first: bool = False) -> tuple[int, list[FollowUp]]:
    """Follow-ups not done yet, due on ``from_day`` (if given) up to before ``until_day``;
    the first LIST_LIMIT soonest due first (``newest_first``: most recently due first)."""
    conditions = [
        col(Visit.follow_up_on).is_not(None),
        col(Visit.follow_up_on) < until_day,
        col(Visit.follow_up_done_at).is_(None),
        func.coalesce(col(Visit.is_draft), False).is_(False),  # start from follow_up_on
        col(Engagement.archived).is_(False),
        col(Engagement.status).in_(OPEN_STATUSES),
    ]
    if from_day is not None:
        conditions.append(col(Visit.follow_up_on) >= from_day)
    count = session.exec(
        select(func.count()).select_from(Visit)
        .join(Engagement, col(Engagement.id) == Visit.engagement_id)
        .where(*conditions)
    ).one()
    rows = session.exec(
        select(Visit, Engagement.title, Client.name)
        .join(Engagement, col(Engagement.id) == Visit.engagement_id)
        .join(Client, col(Client.id) == Engagement.client_id)
        .where(*conditions)
        .order_by(col(Visit.follow_up_on).desc() if newest_first else col(Visit.follow_up_on),
                  col(Visit.started_at))
        .limit(LIST_LIMIT)
    ).all()
    follow_ups = [
        FollowUp(visit_id=visit.id, engagement_id=visit.engagement_id, engagement_title=title,
                 client_name=client, follow_up_on=visit.follow_up_on, purpose=visit.purpose)
        for visit, title, client in rows
        if visit.follow_up_on is not None
    ]
    action_count, actions = _open_actions(session, from_day=from_day, until_day=until_day,
                                          newest_first=newest_first)
    merged = sorted([*follow_ups, *actions], key=lambda f: f.follow_up_on,
                    reverse=newest_first)[:LIST_LIMIT]
    return count + action_count, merged


def _open_actions(session: Session, *, from_day: date | None, until_day: date,
                  newest_first: bool = False) -> tuple[int, list[FollowUp]]:
    """Next actions not done yet, due on ``from_day`` (if given) up to before ``until_day``."""
    conditions = [
        col(VisitAction.due_on).is_not(None),
        col(VisitAction.due_on) < until_day,
        col(VisitAction.done_at).is_(None),
        # Not indexable on purpose: SQLite then starts from the due dates (few) instead of
        # every saved visit (ix_visit_is_draft), ~50x faster on ten years of visits.
        func.coalesce(col(Visit.is_draft), False).is_(False),
        col(Engagement.archived).is_(False),
        col(Engagement.status).in_(OPEN_STATUSES),
    ]
    if from_day is not None:
        conditions.append(col(VisitAction.due_on) >= from_day)
    count = session.exec(
        select(func.count()).select_from(VisitAction)
        .join(Visit, col(Visit.id) == VisitAction.visit_id)
        .join(Engagement, col(Engagement.id) == Visit.engagement_id)
        .where(*conditions)
    ).one()
    rows = session.exec(
        select(VisitAction, Visit, Engagement.title, Client.name)
        .join(Visit, col(Visit.id) == VisitAction.visit_id)
        .join(Engagement, col(Engagement.id) == Visit.engagement_id)
        .join(Client, col(Client.id) == Engagement.client_id)
        .where(*conditions)
        .order_by(col(VisitAction.due_on).desc() if newest_first else col(VisitAction.due_on),
                  col(VisitAction.created_at))
        .limit(LIST_LIMIT)
    ).all()
    actions = [
        FollowUp(visit_id=visit.id, engagement_id=visit.engagement_id, engagement_title=title,
                 client_name=client, follow_up_on=action.due_on, purpose=visit.purpose,
                 kind="action", action_id=action.id, text=action.text, owner=str(action.owner))
        for action, visit, title, client in rows
        if action.due_on is not None
    ]
    return count, actions


def _quiet_engagements(session: Session, *, today: date) -> list[QuietEngagement]:
    since = _local_midnight(today - timedelta(days=QUIET_DAYS))
    last_visits = (
        select(Visit.engagement_id, func.max(Visit.started_at).label("last_visit_at"))
        .where(col(Visit.is_draft).is_(False))
        .group_by(col(Visit.engagement_id))
        .subquery()
    )
    rows = session.exec(
        select(Engagement, Client.name, last_visits.c.last_visit_at)
        .join(Client, col(Client.id) == Engagement.client_id)
        .outerjoin(last_visits, last_visits.c.engagement_id == Engagement.id)
        .where(col(Engagement.archived).is_(False),
               Engagement.status == EngagementStatus.ACTIVE,
               col(Engagement.start_on) <= today - timedelta(days=QUIET_DAYS))
    ).all()
    quiet: list[QuietEngagement] = []
    for engagement, client, last in rows:
        # max() over the column loses its type: the stored UTC text comes back as is.
        last_at = datetime.fromisoformat(last) if isinstance(last, str) else last
        if last_at is None or last_at < since:
            quiet.append(QuietEngagement(engagement_id=engagement.id, title=engagement.title,
                                         client_name=client, last_visit_at=last_at))
    quiet.sort(key=lambda q: (q.last_visit_at is not None, q.last_visit_at or since))
    return quiet[:LIST_LIMIT]


def home_summary(*, session: Session, today: date) -> HomeSummary:
    fiscal_year = fiscal_year_of(today)
    first_day, last_day = fiscal_year_bounds(fiscal_year)
    active = session.exec(
        select(func.count()).select_from(Engagement)
        .where(col(Engagement.archived).is_(False),
               Engagement.status == EngagementStatus.ACTIVE)
    ).one()
    engagements_total = session.exec(
        select(func.count()).select_from(Engagement).where(col(Engagement.archived).is_(False))
    ).one()
    visits_in_year = session.exec(
        select(func.count()).select_from(Visit)
        .where(col(Visit.is_draft).is_(False),
               col(Visit.started_at) >= _local_midnight(first_day),
               col(Visit.started_at) < _local_midnight(last_day + timedelta(days=1)))
    ).one()
    visits_total = session.exec(
        select(func.count()).select_from(Visit).where(col(Visit.is_draft).is_(False))
    ).one()
    due_soon_count, due_soon = _open_follow_ups(
        session, from_day=today, until_day=today + timedelta(days=DUE_SOON_DAYS + 1))
    overdue_count, overdue = _open_follow_ups(session, from_day=None, until_day=today,
                                              newest_first=True)
    long_before = today - timedelta(days=LONG_OVERDUE_DAYS)
    long_count = (_open_follow_ups(session, from_day=None, until_day=long_before)[0]
                  if overdue_count else 0)
    return HomeSummary(
        today=today, fiscal_year=fiscal_year, active_engagements=active,
        engagements_total=engagements_total, visits_this_fiscal_year=visits_in_year,
        visits_total=visits_total, due_soon_count=due_soon_count, overdue_count=overdue_count,
        due_soon=due_soon, overdue=overdue, quiet=_quiet_engagements(session, today=today),
        long_overdue_count=long_count, long_overdue_before=long_before,
    )


def storage_info(*, session: Session) -> StorageInfo:
    """The schema revision of the open database, and how much it holds."""
    engagements = session.exec(select(func.count()).select_from(Engagement)).one()
    visits = session.exec(
        select(func.count()).select_from(Visit).where(col(Visit.is_draft).is_(False))
    ).one()
    return StorageInfo(schema_revision=current_revision(session.connection()),
                       engagements=engagements, visits=visits)
