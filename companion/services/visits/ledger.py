"""The activity-days ledger (実務従事の記録): days and hours per client in a fiscal year.

The client's 代表者 certifies the days (様式19), so per client the ledger holds the
support period and each saved visit's date, times, hours, place and content, in Japan
time. The points rule is ``domain.practice_points``; the CSV file is written by
``reports.ledger_csv``.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from companion.db.models import Client, Engagement, Sponsor, Visit
from companion.domain.calendar import JST, day_span, fiscal_year_bounds, local_day, visit_hours
from companion.domain.enums import VisitMode
from companion.domain.practice_points import practice_points
from companion.errors import ValidationError
from companion.services.visits.capture import excerpt


@dataclass(frozen=True)
class LedgerEntry:
    visit_id: uuid.UUID
    day: date
    started_at: datetime  # Japan time
    ended_at: datetime | None
    hours: float
    mode: VisitMode
    place: str
    content: str


@dataclass(frozen=True)
class ClientLedger:
    client_name: str
    representative: str
    engagements: tuple[str, ...]
    sponsors: tuple[str, ...]
    period_start: date  # the support period within the fiscal year
    period_end: date
    entries: tuple[LedgerEntry, ...]

    @property
    def days(self) -> int:
        return len({e.day for e in self.entries})

    @property
    def on_site_days(self) -> int:
        return len({e.day for e in self.entries if e.mode == VisitMode.ON_SITE})

    @property
    def hours(self) -> float:
        return sum(e.hours for e in self.entries)

    @property
    def other_hours(self) -> float:
        """Hours of consultations that are not on site (来所, オンライン, 電話)."""
        return sum(e.hours for e in self.entries if e.mode != VisitMode.ON_SITE)

    @property
    def points_estimate(self) -> int:
        """A rough guide to 実務従事 points (``domain.practice_points``); the
        practitioner decides what really counts."""
        return practice_points(self.entries)


@dataclass(frozen=True)
class ActivityLedger:
    fiscal_year: int
    first_day: date
    last_day: date
    clients: tuple[ClientLedger, ...]

    @property
    def days(self) -> int:
        return sum(c.days for c in self.clients)

    @property
    def hours(self) -> float:
        return sum(c.hours for c in self.clients)


def _ledger_content(visit: Visit) -> str:
    first = next((line.strip(" ・-■") for line in visit.decisions.splitlines() if line.strip()), "")
    content = f"{visit.purpose}: {first}" if first else visit.purpose
    return excerpt(content, 80)


def activity_ledger(*, session: Session, fiscal_year: int,
                    engagement_id: uuid.UUID | None = None) -> ActivityLedger:
    """Days and hours per client in a fiscal year, from the saved visits (Japan time),
    with each visit's date, times, place and content, as 様式19 needs them."""
    if not 1990 <= fiscal_year <= 2100:
        raise ValidationError("年度は 1990〜2100 で指定してください: {year}", field="fiscal_year", year=fiscal_year)
    first_day, last_day = fiscal_year_bounds(fiscal_year)
    start, end = day_span(first_day, last_day, JST)
    query = (
        select(Visit, Engagement, Client, Sponsor.name)
        .join(Engagement, col(Engagement.id) == Visit.engagement_id)
        .join(Client, col(Client.id) == Engagement.client_id)
        .outerjoin(Sponsor, col(Sponsor.id) == Engagement.sponsor_id)
        .where(col(Visit.is_draft).is_(False),
               col(Visit.started_at) >= start, col(Visit.started_at) < end)
        .order_by(col(Client.kana), col(Client.name), col(Visit.started_at))
    )
    if engagement_id is not None:
        query = query.where(Visit.engagement_id == engagement_id)
    grouped: dict[uuid.UUID, list[tuple[Visit, Engagement, Client, str | None]]] = defaultdict(list)
    order: list[uuid.UUID] = []
    for visit, engagement, client, sponsor in session.exec(query):
        if client.id not in grouped:
            order.append(client.id)
        grouped[client.id].append((visit, engagement, client, sponsor))
    clients: list[ClientLedger] = []
    for client_id in order:
        rows = grouped[client_id]
        client = rows[0][2]
        engagements = {e.id: e for _, e, _, _ in rows}
        starts = [max(e.start_on, first_day) for e in engagements.values()]
        ends = [min(e.planned_end_on or last_day, last_day) for e in engagements.values()]
        entries = tuple(
            LedgerEntry(
                visit_id=v.id, day=local_day(v.started_at, JST),
                started_at=v.started_at.astimezone(JST),
                ended_at=v.ended_at.astimezone(JST) if v.ended_at else None,
                hours=visit_hours(v.started_at, v.ended_at), mode=VisitMode(v.mode), place=v.place,
                content=_ledger_content(v))
            for v, _, _, _ in rows)
        days = [e.day for e in entries]
        clients.append(ClientLedger(
            client_name=client.name, representative=client.representative,
            engagements=tuple(dict.fromkeys(e.title for _, e, _, _ in rows)),
            sponsors=tuple(dict.fromkeys(s for _, _, _, s in rows if s)),
            period_start=min([*starts, min(days)]), period_end=max([*ends, max(days)]),
            entries=entries))
    return ActivityLedger(fiscal_year=fiscal_year, first_day=first_day, last_day=last_day,
                          clients=tuple(clients))
