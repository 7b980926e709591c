"""Reading engagements: the list, one engagement's page, and its visits."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, func, select

from companion.db.models import Client, Engagement, PlanItem, Sponsor, Visit
from companion.domain.enums import EngagementStatus, Owner, Scheme, VisitMode
from companion.errors import EngagementNotFound


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
        raise EngagementNotFound(engagement_id, hint="")
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


@dataclass(frozen=True)
class NextActionRecord:
    id: uuid.UUID
    text: str
    owner: Owner
    due_on: date | None
    done_at: datetime | None
    plan_item_id: uuid.UUID | None


@dataclass(frozen=True)
class AttachmentRecord:
    id: uuid.UUID
    file_name: str
    size_bytes: int
    media_type: str
    sha256: str


@dataclass(frozen=True)
class VisitFull:
    """A saved visit's whole record (``companion list visits --json``): the heading of
    ``VisitLine`` and everything written in the visit, its next actions and files."""

    id: uuid.UUID
    engagement_id: uuid.UUID
    engagement_title: str
    client_name: str
    started_at: datetime
    ended_at: datetime | None
    mode: VisitMode
    place: str
    attendees: str
    purpose: str
    notes: str
    strengths: str  # 強み
    issues: str  # 課題
    decisions: str  # 決定事項
    follow_up_on: date | None
    follow_up_done_at: datetime | None
    distance_km: float | None
    created_at: datetime
    updated_at: datetime
    next_actions: list[NextActionRecord] = field(default_factory=list)
    attachments: list[AttachmentRecord] = field(default_factory=list)


def require_engagement(*, session: Session, engagement_id: uuid.UUID) -> None:
    if session.get(Engagement, engagement_id) is None:
        raise EngagementNotFound(engagement_id)


_VISIT_FIELDS = ("id", "engagement_id", "started_at", "ended_at", "mode", "place", "attendees",
                 "purpose", "notes", "strengths", "issues", "decisions", "follow_up_on",
                 "follow_up_done_at", "distance_km", "created_at", "updated_at")


def visit_records(*, session: Session, engagement_id: uuid.UUID | None = None) -> list[VisitFull]:
    """Saved visits (drafts apart) with everything in them, newest first; an engagement
    that does not exist is an error, not an empty list. Three queries of plain rows
    (no ORM objects: 20,000 visits stay quick), whatever the number of visits."""
    if engagement_id is not None:
        require_engagement(session=session, engagement_id=engagement_id)
    tables = SQLModel.metadata.tables
    visit, action, attachment = tables["visit"], tables["visitaction"], tables["attachment"]
    saved: list[sa.ColumnElement[bool]] = [visit.c.is_draft.is_(False)]
    if engagement_id is not None:
        saved.append(visit.c.engagement_id == engagement_id)
    actions: defaultdict[uuid.UUID, list[NextActionRecord]] = defaultdict(list)
    for row in session.execute(
        sa.select(action.c.visit_id, action.c.id, action.c.text, action.c.owner, action.c.due_on,
                  action.c.done_at, action.c.plan_item_id)
        .join(visit, visit.c.id == action.c.visit_id).where(*saved)
        .order_by(action.c.created_at, action.c.id)
    ):
        actions[row.visit_id].append(NextActionRecord(
            id=row.id, text=row.text, owner=Owner(row.owner), due_on=row.due_on,
            done_at=row.done_at, plan_item_id=row.plan_item_id))
    files: defaultdict[uuid.UUID, list[AttachmentRecord]] = defaultdict(list)
    for row in session.execute(
        sa.select(attachment.c.visit_id, attachment.c.id, attachment.c.file_name,
                  attachment.c.size_bytes, attachment.c.media_type, attachment.c.sha256)
        .join(visit, visit.c.id == attachment.c.visit_id).where(*saved)
        .order_by(attachment.c.created_at, attachment.c.id)
    ):
        files[row.visit_id].append(AttachmentRecord(
            id=row.id, file_name=row.file_name, size_bytes=row.size_bytes,
            media_type=row.media_type, sha256=row.sha256))
    rows = session.execute(
        sa.select(*(visit.c[name] for name in _VISIT_FIELDS), col(Engagement.title),
                  col(Client.name).label("client_name"))
        .join(Engagement, col(Engagement.id) == visit.c.engagement_id)
        .join(Client, col(Client.id) == Engagement.client_id)
        .where(*saved)
        .order_by(visit.c.started_at.desc(), visit.c.id.desc()))
    return [
        VisitFull(**{name: row[name] for name in _VISIT_FIELDS}, engagement_title=row["title"],
                  client_name=row["client_name"], next_actions=actions.get(row["id"], []),
                  attachments=files.get(row["id"], []))
        for row in rows.mappings()
    ]
