"""Reading engagements: the list and one engagement's page."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from companion.db.models import Client, Engagement, PlanItem, Sponsor, Visit
from companion.domain.enums import EngagementStatus, Scheme
from companion.errors import NotFoundError


@dataclass(frozen=True)
class EngagementSummary:
    id: uuid.UUID
    title: str
    client_name: str
    sponsor_name: str
    status: EngagementStatus
    scheme: Scheme
    start_on: date
    planned_end_on: date | None
    visit_count: int
    last_visit_at: datetime | None


@dataclass(frozen=True)
class EngagementDetail:
    summary: EngagementSummary
    essential_issue: str
    fee_terms: str
    client_industry: str
    client_place: str
    client_representative: str
    plan_item_count: int
    recent_visits: list[VisitLine]
    client_id: uuid.UUID | None = None
    archived: bool = False


@dataclass(frozen=True)
class VisitLine:
    id: uuid.UUID
    engagement_id: uuid.UUID
    engagement_title: str
    client_name: str
    started_at: datetime
    mode: str
    place: str
    purpose: str
    follow_up_on: date | None


def list_engagements(*, session: Session, include_archived: bool = False) -> list[EngagementSummary]:
    visits = (
        select(
            Visit.engagement_id,
            func.count().label("visit_count"),
            func.max(Visit.started_at).label("last_visit_at"),
        )
        .where(col(Visit.is_draft).is_(False))
        .group_by(col(Visit.engagement_id))
        .subquery()
    )
    # Five columns: past sqlmodel's typed select overloads, so SQLAlchemy's own select.
    statement = (
        sa.select(Engagement, col(Client.name), col(Sponsor.name), visits.c.visit_count,
                  visits.c.last_visit_at)
        .join(Client, col(Client.id) == Engagement.client_id)
        .outerjoin(Sponsor, col(Sponsor.id) == Engagement.sponsor_id)
        .outerjoin(visits, visits.c.engagement_id == Engagement.id)
        .order_by(col(Engagement.start_on).desc(), col(Engagement.title))
    )
    if not include_archived:
        statement = statement.where(col(Engagement.archived).is_(False))
    return [
        _summary(engagement, client, sponsor, count, last)
        for engagement, client, sponsor, count, last in session.execute(statement).all()
    ]


def _summary(engagement: Engagement, client: str, sponsor: str | None, count: int | None,
             last: str | datetime | None) -> EngagementSummary:
    return EngagementSummary(
        id=engagement.id,
        title=engagement.title,
        client_name=client,
        sponsor_name=sponsor or "",
        status=EngagementStatus(engagement.status),
        scheme=Scheme(engagement.scheme),
        start_on=engagement.start_on,
        planned_end_on=engagement.planned_end_on,
        visit_count=count or 0,
        # max() over the column loses its type, so the stored text comes back as is.
        last_visit_at=datetime.fromisoformat(last) if isinstance(last, str) else last,
    )


def get_engagement(*, session: Session, engagement_id: uuid.UUID, recent: int = 20) -> EngagementDetail:
    row = session.exec(
        select(Engagement, Client, Sponsor.name)
        .join(Client, col(Client.id) == Engagement.client_id)
        .outerjoin(Sponsor, col(Sponsor.id) == Engagement.sponsor_id)
        .where(Engagement.id == engagement_id)
    ).first()
    if row is None:
        raise NotFoundError(f"案件が見つかりません: {engagement_id}")
    engagement, client, sponsor = row
    count, last = session.exec(
        select(func.count(), func.max(Visit.started_at))
        .where(Visit.engagement_id == engagement_id, col(Visit.is_draft).is_(False))
    ).one()
    plan_items = session.exec(
        select(func.count()).select_from(PlanItem).where(PlanItem.engagement_id == engagement_id)
    ).one()
    return EngagementDetail(
        summary=_summary(engagement, client.name, sponsor, count, last),
        essential_issue=engagement.essential_issue,
        fee_terms=engagement.fee_terms,
        client_industry=client.industry,
        client_place=f"{client.prefecture}{client.city}",
        client_representative=client.representative,
        plan_item_count=plan_items,
        recent_visits=list_visits(session=session, engagement_id=engagement_id, limit=recent),
        client_id=engagement.client_id,
        archived=engagement.archived,
    )


def list_visits(*, session: Session, engagement_id: uuid.UUID | None = None,
                limit: int | None = None, offset: int = 0,
                after: VisitLine | None = None) -> list[VisitLine]:
    """Visits newest first. ``after`` continues a list from its last row (keyset
    paging): each page costs the same, where an OFFSET re-reads every row before it."""
    statement = (
        select(Visit, Engagement.title, Client.name)
        .join(Engagement, col(Engagement.id) == Visit.engagement_id)
        .join(Client, col(Client.id) == Engagement.client_id)
        .where(col(Visit.is_draft).is_(False))
        .order_by(col(Visit.started_at).desc(), col(Visit.id).desc())
        .offset(offset)
    )
    if after is not None:
        statement = statement.where(
            sa.tuple_(col(Visit.started_at), col(Visit.id)) < (after.started_at, after.id))
    if engagement_id is not None:
        statement = statement.where(Visit.engagement_id == engagement_id)
    if limit is not None:
        statement = statement.limit(limit)
    return [
        VisitLine(
            id=visit.id, engagement_id=visit.engagement_id, engagement_title=title,
            client_name=client, started_at=visit.started_at, mode=str(visit.mode),
            place=visit.place, purpose=visit.purpose, follow_up_on=visit.follow_up_on,
        )
        for visit, title, client in session.exec(statement)
    ]


def count_visits(*, session: Session) -> int:
    return session.exec(
        select(func.count()).select_from(Visit).where(col(Visit.is_draft).is_(False))
    ).one()
