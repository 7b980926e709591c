"""What the ホーム screen shows: the day's work at a glance, and facts about the data.

Read-only: nothing here writes or commits. Follow-ups and quiet engagements only count
for engagements that are still open (準備, 進行中) and not archived; a follow-up left on
an engagement that has ended is history, not work to do.

Follow-ups are of two kinds: a visit's follow-up date (``Visit.follow_up_on``, done when
``follow_up_done_at`` is set) and a next action agreed in a visit (``VisitAction.due_on``,
done when ``done_at`` is set). ``services.visits.follow_ups.mark_follow_up_done`` marks either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from companion.db.reads import (
    Connection,
    day_of,
    driver_connection,
    maybe_uuid,
    moment_of,
    uuid_of,
)
from companion.domain.calendar import fiscal_year_bounds, fiscal_year_of
from companion.domain.enums import EngagementStatus, Owner
from companion.services.home_types import (
    DUE_SOON_DAYS,
    LIST_LIMIT,
    LONG_OVERDUE_DAYS,
    QUIET_DAYS,
    FollowUp,
    HomeSummary,
    QuietEngagement,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from companion.db.database import Database
    from companion.paths import DataPaths

__all__ = ["DUE_SOON_DAYS", "LIST_LIMIT", "LONG_OVERDUE_DAYS", "QUIET_DAYS", "FollowUp",
           "HomeSummary", "QuietEngagement", "StorageInfo", "home_figures", "home_summary",
           "lean_home_figures", "read_home", "storage_info"]

# Stored as the members' names (db.types): what the queries compare with.
OPEN_STATUSES = tuple(status.name for status in EngagementStatus if status.is_open)
ACTIVE = EngagementStatus.ACTIVE.name


@dataclass(frozen=True)
class StorageInfo:
    schema_revision: str | None
    engagements: int
    visits: int


def _stored_midnight(day: date) -> str:
    """Midnight of a day on this computer's clock, as a visit's moment is stored (UTC
    ISO text, ``db.types.AwareDateTime``): comparable as text."""
    return datetime.combine(day, time()).astimezone().astimezone(UTC).isoformat(
        timespec="microseconds")


# Every engagement's saved visits, from the tally (a row per engagement) rather than a
# pass over every visit's index entry (48 ms of 100,000 visits): ホーム and the settings.
_SAVED_VISITS_SQL = "SELECT coalesce(sum(saved_visits), 0) FROM visit_tally"


def _count(connection: Connection, sql: str,
           parameters: tuple[Any, ...] | dict[str, Any] = ()) -> int:
    return int(connection.execute(sql, parameters).fetchone()[0])


_OPEN_ENGAGEMENT = (f"engagement.archived IS 0 AND engagement.status IN "
                    f"({', '.join(repr(status) for status in OPEN_STATUSES)})")
# Visits' follow-up dates, then next actions agreed in visits: (FROM, due column, the
# order among those due the same day, conditions, the row's columns).
_VISIT_FOLLOW_UPS = (
    "visit JOIN engagement ON engagement.id = visit.engagement_id",
    "visit.follow_up_on", "visit.started_at",
    # coalesce: not indexable on purpose, so SQLite starts from the follow-up dates.
    "visit.follow_up_on IS NOT NULL AND visit.follow_up_on < :until "
    "AND visit.follow_up_done_at IS NULL AND coalesce(visit.is_draft, 0) IS 0 AND "
    + _OPEN_ENGAGEMENT,
    "visit.id, visit.engagement_id, visit.follow_up_on, visit.purpose, "
    "NULL, NULL, NULL")
_ACTION_FOLLOW_UPS = (
    "visitaction JOIN visit ON visit.id = visitaction.visit_id "
    "JOIN engagement ON engagement.id = visit.engagement_id",
    "visitaction.due_on", "visitaction.created_at",
    # Not indexable on purpose: SQLite then starts from the due dates (few) instead of
    # every saved visit (ix_visit_is_draft), ~50x faster on ten years of visits.
    "visitaction.due_on IS NOT NULL AND visitaction.due_on < :until "
    "AND visitaction.done_at IS NULL AND coalesce(visit.is_draft, 0) IS 0 AND "
    + _OPEN_ENGAGEMENT,
    "visit.id, visit.engagement_id, visitaction.due_on, visit.purpose, "
    "visitaction.id, visitaction.text, visitaction.owner")


@dataclass(frozen=True)
class _OpenFollowUps:
    count: int
    count_before: int  # of those, due before the day asked for (0 when none was)
    first: list[FollowUp]


def _open_follow_ups(connection: Connection, *, from_day: date | None, until_day: date,
                     newest_first: bool = False,
                     count_before: date | None = None) -> _OpenFollowUps:
    """Follow-ups and next actions not done yet, due on ``from_day`` (if given) up to
    before ``until_day``: how many, how many of them are due before ``count_before`` (in
    the same pass: the long overdue), and the first LIST_LIMIT soonest due first
    (``newest_first``: most recently due first), each kind's first LIST_LIMIT merged by
    due date (visits' first on the same day)."""
    parameters = {"until": until_day.isoformat(),
                  "since": from_day.isoformat() if from_day else None,
                  "before": count_before.isoformat() if count_before else None}
    total, before, found = 0, 0, []
    for joins, due, then, where, columns in (_VISIT_FOLLOW_UPS, _ACTION_FOLLOW_UPS):
        condition = where + (f" AND {due} >= :since" if from_day is not None else "")
        counted = connection.execute(
            f"SELECT count(*), count(CASE WHEN {due} < :before THEN 1 END) "
            f"FROM {joins} WHERE {condition}", parameters).fetchone()
        total, before = total + int(counted[0]), before + int(counted[1])
        order = f"{due} DESC" if newest_first else due
        found += connection.execute(
            f"SELECT {columns}, engagement.title, client.name FROM {joins} "
            f"JOIN client ON client.id = engagement.client_id WHERE {condition} "
            f"ORDER BY {order}, {then} LIMIT {LIST_LIMIT}", parameters).fetchall()
    follow_ups = [
        FollowUp(visit_id=uuid_of(visit_id), engagement_id=uuid_of(engagement_id),
                 engagement_title=title, client_name=client, follow_up_on=due_on,
                 purpose=purpose,
                 **({} if action_id is None else {
                     "kind": "action", "action_id": maybe_uuid(action_id), "text": text,
                     "owner": str(Owner[owner]) if owner else ""}))
        for (visit_id, engagement_id, due_text, purpose, action_id, text, owner, title,
             client) in found
        if (due_on := day_of(due_text)) is not None
    ]
    follow_ups.sort(key=lambda f: f.follow_up_on, reverse=newest_first)
    return _OpenFollowUps(total, before, follow_ups[:LIST_LIMIT])


# Each active engagement's last visit from the tally the triggers keep (db/visit_tally.py):
# one small row per engagement, not a pass over every visit.
_QUIET_SQL = """
    SELECT engagement.id, engagement.title, client.name, visit_tally.last_visit_at
    FROM engagement JOIN client ON client.id = engagement.client_id
    LEFT JOIN visit_tally ON visit_tally.engagement_id = engagement.id
    WHERE engagement.archived IS 0 AND engagement.status = :active
      AND engagement.start_on <= :started_by
"""


def _quiet_engagements(connection: Connection, *, today: date) -> list[QuietEngagement]:
    """Active engagements started QUIET_DAYS ago or more with no visit since (or none at
    all), the quietest first."""
    since = datetime.combine(today - timedelta(days=QUIET_DAYS), time()).astimezone()
    quiet: list[QuietEngagement] = []
    for engagement_id, title, client, last in connection.execute(_QUIET_SQL, {
            "active": ACTIVE,
            "started_by": (today - timedelta(days=QUIET_DAYS)).isoformat()}).fetchall():
        last_at = moment_of(last)
        if last_at is None or last_at < since:
            quiet.append(QuietEngagement(engagement_id=uuid_of(engagement_id), title=title,
                                         client_name=client, last_visit_at=last_at))
    quiet.sort(key=lambda q: (q.last_visit_at is not None, q.last_visit_at or since))
    return quiet[:LIST_LIMIT]


def read_home(connection: Connection, *, today: date) -> HomeSummary:
    """ホーム's figures for ``today``, read on a plain DB-API connection (inside one
    transaction: the caller's)."""
    fiscal_year = fiscal_year_of(today)
    first_day, last_day = fiscal_year_bounds(fiscal_year)
    active = _count(connection, "SELECT count(*) FROM engagement "
                    "WHERE engagement.archived IS 0 AND engagement.status = ?", (ACTIVE,))
    engagements_total = _count(connection,
                               "SELECT count(*) FROM engagement WHERE engagement.archived IS 0")
    visits_in_year = _count(connection, "SELECT count(*) FROM visit WHERE visit.is_draft IS 0 "
                            "AND visit.started_at >= ? AND visit.started_at < ?",
                            (_stored_midnight(first_day),
                             _stored_midnight(last_day + timedelta(days=1))))
    visits_total = _count(connection, _SAVED_VISITS_SQL)
    due_soon = _open_follow_ups(
        connection, from_day=today, until_day=today + timedelta(days=DUE_SOON_DAYS + 1))
    long_before = today - timedelta(days=LONG_OVERDUE_DAYS)
    overdue = _open_follow_ups(connection, from_day=None, until_day=today, newest_first=True,
                               count_before=long_before)
    return HomeSummary(
        today=today, fiscal_year=fiscal_year, active_engagements=active,
        engagements_total=engagements_total, visits_this_fiscal_year=visits_in_year,
        visits_total=visits_total, due_soon_count=due_soon.count, overdue_count=overdue.count,
        due_soon=due_soon.first, overdue=overdue.first,
        quiet=_quiet_engagements(connection, today=today),
        long_overdue_count=overdue.count_before, long_overdue_before=long_before,
    )


def home_summary(*, session: Session, today: date) -> HomeSummary:
    """ホーム's figures for ``today`` in the session's transaction."""
    return read_home(driver_connection(session), today=today)


def home_figures(database: Database, *, today: date) -> HomeSummary:
    """ホーム's figures on the open database without a Session: the window's first read
    (``ops.on_database``) needs neither the ORM nor the model classes, whose import
    would come before it on the database worker. One read transaction; the driver's
    errors become KnownErrors as in ``session_scope``."""
    from companion.db.database import damaged_error, is_damage_error
    from companion.db.engine import DRIVER_ERRORS, is_environment_error, translate_error

    try:
        with database.engine.connect() as connection, connection.begin():
            driver = connection.connection.driver_connection
            assert driver is not None
            return read_home(driver, today=today)
    except DRIVER_ERRORS as exc:
        if is_damage_error(exc):
            raise damaged_error(database.paths) from exc
        if not is_environment_error(exc):
            raise
        raise translate_error(exc, database.file) from exc


def lean_home_figures(paths: DataPaths, *, today: date) -> HomeSummary | None:
    """ホーム's figures before the database is opened the ordinary way: the folder read
    with the driver alone (``db.lean``: the raw key from the keyring, the schema at this
    version's head), or None when it cannot be read so (a first start, a migration due,
    no key in the keyring, a damaged or busy file: the opening that follows says what is
    wrong). The caller holds the data folder's lock, shared."""
    from companion.db.lean import LeanUnavailable, lean_read

    try:
        return lean_read(paths, lambda connection: read_home(connection, today=today))
    except LeanUnavailable:
        return None


def storage_info(*, session: Session) -> StorageInfo:
    """The schema revision of the open database, and how much it holds."""
    from companion.db.migrate import current_revision

    connection = driver_connection(session)
    return StorageInfo(
        schema_revision=current_revision(session.connection()),
        engagements=_count(connection, "SELECT count(*) FROM engagement"),
        visits=_count(connection, _SAVED_VISITS_SQL))
