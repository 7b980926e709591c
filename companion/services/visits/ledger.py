"""The activity-days ledger (実務従事の記録): days and hours per client over one or
more fiscal years (five for the renewal view).

The client's 代表者 certifies the days (様式19), so per client the ledger holds its
名称・所在地・業種, whether it is a 中小企業者, the support period and each saved visit's
date, times, hours, place and content, in Japan time. Points follow
``domain.practice_points`` per client (each client certifies its own days); the years'
running total is set against the 30 points a renewal needs. The files are written by
``reports.ledger_csv``, ``reports.ledger_docx`` and ``reports.ledger_xlsx``.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from companion.db.models import Client, Engagement, Sponsor, Visit
from companion.domain.calendar import (
    JST,
    day_span,
    fiscal_year_bounds,
    fiscal_year_of,
    local_day,
    visit_hours,
)
from companion.domain.enums import VisitMode
from companion.domain.practice_points import (
    RenewalOutlook,
    SmeCheck,
    practice_points,
    renewal_outlook,
    sme_check,
)
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

    @property
    def fiscal_year(self) -> int:
        return fiscal_year_of(self.day)


@dataclass(frozen=True)
class ClientLedger:
    client_name: str
    representative: str
    engagements: tuple[str, ...]
    sponsors: tuple[str, ...]
    period_start: date  # the support period within the ledger's years
    period_end: date
    entries: tuple[LedgerEntry, ...]
    kana: str = ""
    address: str = ""  # 所在地: 都道府県 and 市区町村
    industry: str = ""
    employees: int | None = None

    @property
    def sme(self) -> SmeCheck:
        return sme_check(self.industry, self.employees)

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

    def points_up_to(self, fiscal_year: int) -> int:
        """The points of this client's days up to the end of ``fiscal_year``."""
        return practice_points(e for e in self.entries if e.fiscal_year <= fiscal_year)


@dataclass(frozen=True)
class YearTally:
    """One fiscal year of the multi-year view."""

    fiscal_year: int
    clients: int
    on_site_days: int
    other_hours: float
    points: int  # earned in this year (the running total's step)
    running_total: int


@dataclass(frozen=True)
class ActivityLedger:
    fiscal_year: int  # the last fiscal year shown
    first_day: date
    last_day: date
    clients: tuple[ClientLedger, ...]
    first_fiscal_year: int | None = None  # None: the same as ``fiscal_year``
    today: date | None = None  # for the renewal outlook (None: the last day)

    @property
    def fiscal_years(self) -> list[int]:
        first = self.fiscal_year if self.first_fiscal_year is None else self.first_fiscal_year
        return list(range(first, self.fiscal_year + 1))

    @property
    def days(self) -> int:
        return sum(c.days for c in self.clients)

    @property
    def hours(self) -> float:
        return sum(c.hours for c in self.clients)

    @property
    def points(self) -> int:
        return sum(c.points_estimate for c in self.clients)

    @property
    def yearly(self) -> tuple[YearTally, ...]:
        """Each fiscal year's days, hours and points, with the running total."""
        tallies: list[YearTally] = []
        previous = 0
        for year in self.fiscal_years:
            entries = [(c, e) for c in self.clients for e in c.entries if e.fiscal_year == year]
            total = sum(c.points_up_to(year) for c in self.clients)
            tallies.append(YearTally(
                fiscal_year=year, clients=len({id(c) for c, _ in entries}),
                on_site_days=sum(len({e.day for e in c.entries if e.fiscal_year == year
                                      and e.mode == VisitMode.ON_SITE}) for c in self.clients),
                other_hours=sum(e.hours for _, e in entries if e.mode != VisitMode.ON_SITE),
                points=total - previous, running_total=total))
            previous = total
        return tuple(tallies)

    @property
    def outlook(self) -> RenewalOutlook:
        return renewal_outlook(self.points, first_day=self.first_day, last_day=self.last_day,
                               today=self.today or self.last_day)


def _ledger_content(visit: Visit) -> str:
    first = next((line.strip(" ・-■") for line in visit.decisions.splitlines() if line.strip()), "")
    content = f"{visit.purpose}: {first}" if first else visit.purpose
    return excerpt(content, 80)


MAX_YEARS = 10


def activity_ledger(*, session: Session, fiscal_year: int, years: int = 1,
                    engagement_id: uuid.UUID | None = None,
                    today: date | None = None) -> ActivityLedger:
    """Days and hours per client in the ``years`` fiscal years ending with
    ``fiscal_year``, from the saved visits (Japan time), with each visit's date, times,
    place and content, as 様式19 needs them."""
    if not 1990 <= fiscal_year <= 2100:
        raise ValidationError("年度は 1990〜2100 で指定してください: {year}", field="fiscal_year", year=fiscal_year)
    if not 1 <= years <= MAX_YEARS:
        raise ValidationError("年数は 1〜{most} で指定してください: {years}", field="years",
                              most=MAX_YEARS, years=years)
    today = today or datetime.now(JST).date()
    first_day = fiscal_year_bounds(fiscal_year - years + 1)[0]
    last_day = fiscal_year_bounds(fiscal_year)[1]
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
        # The period runs to the planned end, but never past the window or today.
        ends = [min(e.planned_end_on or last_day, last_day, today) for e in engagements.values()]
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
            kana=client.kana, address=f"{client.prefecture}{client.city}",
            industry=client.industry, employees=client.employees,
            engagements=tuple(dict.fromkeys(e.title for _, e, _, _ in rows)),
            sponsors=tuple(dict.fromkeys(s for _, _, _, s in rows if s)),
            period_start=min([*starts, min(days)]), period_end=max([*ends, max(days)]),
            entries=entries))
    return ActivityLedger(fiscal_year=fiscal_year, first_day=first_day, last_day=last_day,
                          clients=tuple(clients), first_fiscal_year=fiscal_year - years + 1,
                          today=today)
