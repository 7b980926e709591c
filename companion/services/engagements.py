"""Reading engagements: the list, one engagement's page, and its visits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from companion.db.models import Client, Engagement, PlanItem, Sponsor, Visit
from companion.db.reads import driver_connection
from companion.db.reads.engagements import (
    AttachmentRecord,
    EngagementSummary,
    NextActionRecord,
    VisitFull,
    VisitLine,
    engagement_summaries,
    visit_full_records,
    visit_lines,
)
from companion.db.reads.engagements import require_engagement as _require_engagement
from companion.domain.enums import EngagementStatus, Scheme
from companion.errors import EngagementNotFound

__all__ = ["AttachmentRecord", "EngagementDetail", "EngagementSummary", "NextActionRecord",
           "VisitFull", "VisitLine", "count_visits", "get_engagement", "list_engagements",
           "list_visits", "require_engagement", "visit_records"]


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


def list_engagements(*, session: Session, include_archived: bool = False) -> list[EngagementSummary]:
    return engagement_summaries(driver_connection(session), include_archived=include_archived)


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
    """Visits newest first (``db.reads.engagements.visit_lines``: keyset pages)."""
    return visit_lines(driver_connection(session), engagement_id=engagement_id, limit=limit,
                       offset=offset, after=after)


def count_visits(*, session: Session) -> int:
    return session.exec(
        select(func.count()).select_from(Visit).where(col(Visit.is_draft).is_(False))
    ).one()


def require_engagement(*, session: Session, engagement_id: uuid.UUID) -> None:
    _require_engagement(driver_connection(session), engagement_id)


def visit_records(*, session: Session, engagement_id: uuid.UUID | None = None) -> list[VisitFull]:
    """Saved visits with everything in them (``db.reads.engagements.visit_full_records``)."""
    return visit_full_records(driver_connection(session), engagement_id=engagement_id)
