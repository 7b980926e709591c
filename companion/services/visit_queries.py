"""Reads the visit form makes in one transaction when it opens: the engagements to
choose from, the visit being reopened (a draft, or a saved visit to amend), and what
the form offers beside it for the engagement chosen. Also the 訪問記録 list's pages
(with each visit's notes, which the list's filter box searches).

It composes ``services.visits.capture`` and ``services.visits.form_context``; the
window runs it as a read op on the database worker (``companion.ui.ops``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from companion.db.models import Client, Engagement, Visit
from companion.services.visits.capture import (
    AmendmentDraft,
    VisitRecord,
    amended_visit,
    load_amendment_draft,
    load_visit,
)
from companion.services.visits.form_context import (
    EngagementChoice,
    VisitContext,
    engagement_choices,
    likeliest_engagement,
    visit_form_context,
)


@dataclass(frozen=True)
class VisitFormData:
    choices: list[EngagementChoice]
    record: VisitRecord | None  # None: a new visit
    context: VisitContext | None  # None: no engagement to choose yet
    amendment: AmendmentDraft | None = None  # a saved visit's amendment not saved yet


def visit_form_data(*, session: Session, today: date, engagement_id: uuid.UUID | None,
                    visit_id: uuid.UUID | None) -> VisitFormData:
    """What the form opens with: the visit ``visit_id`` (or a new one), on its
    engagement, on ``engagement_id``, or else on the likeliest engagement. A saved
    visit comes with its amendment typed but not saved (after a crash), if any; the
    id of such an amendment's draft opens the visit it amends."""
    choices = engagement_choices(session=session)
    if visit_id is not None:
        visit_id = amended_visit(session=session, draft_id=visit_id) or visit_id
    record = load_visit(session=session, visit_id=visit_id) if visit_id else None
    amendment = (load_amendment_draft(session=session, visit_id=record.id)
                 if record is not None and not record.is_draft else None)
    chosen = record.draft.engagement_id if record else engagement_id
    likeliest = likeliest_engagement(choices)
    if chosen is None and likeliest is not None:
        chosen = likeliest.id
    context = (visit_form_context(session=session, engagement_id=chosen, today=today,
                                  exclude_visit_id=visit_id) if chosen else None)
    return VisitFormData(choices=choices, record=record, context=context, amendment=amendment)


@dataclass(frozen=True)
class VisitListLine:
    """A saved visit in the 訪問記録 list: what its columns show, and its notes for the
    list's filter box."""

    id: uuid.UUID
    engagement_id: uuid.UUID
    engagement_title: str
    client_name: str
    started_at: datetime
    mode: str
    place: str
    purpose: str
    follow_up_on: date | None
    notes: str


def list_visit_lines(*, session: Session, limit: int | None = None,
                     after: VisitListLine | None = None) -> list[VisitListLine]:
    """Every saved visit, newest first, a page at a time: ``after`` continues from the
    last row of the page before (keyset paging, as ``engagements.list_visits``)."""
    statement = (
        select(Visit, Engagement.title, Client.name)
        .join(Engagement, col(Engagement.id) == Visit.engagement_id)
        .join(Client, col(Client.id) == Engagement.client_id)
        .where(col(Visit.is_draft).is_(False))
        .order_by(col(Visit.started_at).desc(), col(Visit.id).desc())
    )
    if after is not None:
        statement = statement.where(
            sa.tuple_(col(Visit.started_at), col(Visit.id)) < (after.started_at, after.id))
    if limit is not None:
        statement = statement.limit(limit)
    return [
        VisitListLine(id=visit.id, engagement_id=visit.engagement_id, engagement_title=title,
                      client_name=client, started_at=visit.started_at, mode=str(visit.mode),
                      place=visit.place, purpose=visit.purpose, follow_up_on=visit.follow_up_on,
                      notes=visit.notes)
        for visit, title, client in session.exec(statement)
    ]
