"""What the visit form offers beside a visit: the engagements a visit can be logged
for (and the likeliest one), and for an engagement the last visit's open next actions,
the plan actions due, what a next action may be linked to, and the templates."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, func, select

from companion.db.models import Client, Engagement, PlanItem, Visit, VisitAction
from companion.domain.calendar import JST, fiscal_year_of
from companion.domain.enums import EngagementStatus, Owner, PlanLevel, PlanStatus, VisitMode
from companion.errors import EngagementNotFound
from companion.services.visits.follow_ups import OpenAction
from companion.services.visits.templates import TemplateInfo, list_templates

PLAN_DUE_AHEAD_DAYS = 30  # plan actions due within this many days are offered


@dataclass(frozen=True)
class EngagementChoice:
    id: uuid.UUID
    title: str
    client_name: str
    status: EngagementStatus
    start_on: date
    planned_end_on: date | None
    last_visit_at: datetime | None = None

    @property
    def label(self) -> str:
        return f"{self.client_name} — {self.title}"


@dataclass(frozen=True)
class PlanActionChoice:
    id: uuid.UUID
    title: str
    fiscal_year: int
    owner: Owner
    due_on: date | None
    status: PlanStatus

    @property
    def label(self) -> str:
        due = f"(期日 {self.due_on.month}/{self.due_on.day})" if self.due_on else ""
        return f"{self.title}{due}"


@dataclass(frozen=True)
class VisitContext:
    """What the form shows beside a new visit of an engagement."""

    engagement: EngagementChoice
    previous_visit_at: datetime | None
    previous_purpose: str
    suggested_place: str
    suggested_attendees: str
    open_actions: tuple[OpenAction, ...]  # the last visit's next actions not done yet
    plan_actions_due: tuple[PlanActionChoice, ...]  # overdue or due within 30 days
    plan_actions: tuple[PlanActionChoice, ...]  # what a next action may be linked to
    templates: tuple[TemplateInfo, ...]


def _choice(engagement: Engagement, client_name: str) -> EngagementChoice:
    return EngagementChoice(id=engagement.id, title=engagement.title, client_name=client_name,
                            status=EngagementStatus(engagement.status),
                            start_on=engagement.start_on, planned_end_on=engagement.planned_end_on)


def engagement_choices(*, session: Session) -> list[EngagementChoice]:
    """Engagements a visit can be logged for: open ones first (準備, 進行中) by client
    kana, then the rest; archived ones are left out."""
    rows = session.exec(
        select(Engagement, Client.name).join(Client, col(Client.id) == Engagement.client_id)
        .where(col(Engagement.archived).is_(False))
        .order_by(col(Client.kana), col(Client.name), col(Engagement.start_on).desc())
    ).all()
    last_visits: dict[uuid.UUID, datetime] = {}
    for engagement_id, last in session.exec(
            select(Visit.engagement_id, func.max(Visit.started_at))
            .where(col(Visit.is_draft).is_(False)).group_by(col(Visit.engagement_id))):
        # max() over the column loses its type: the stored UTC text comes back as is.
        last_visits[engagement_id] = datetime.fromisoformat(last) if isinstance(last, str) else last
    choices = [replace(_choice(engagement, client), last_visit_at=last_visits.get(engagement.id))
               for engagement, client in rows]
    return sorted(choices, key=lambda c: not c.status.is_open)


def likeliest_engagement(choices: Sequence[EngagementChoice]) -> EngagementChoice | None:
    """The engagement a new visit most likely belongs to: the open one visited last."""
    open_ones = [c for c in choices if c.status.is_open] or list(choices)
    if not open_ones:
        return None
    epoch = datetime.min.replace(tzinfo=JST)
    return max(open_ones, key=lambda c: c.last_visit_at or epoch)


def _plan_choice(item: PlanItem) -> PlanActionChoice:
    return PlanActionChoice(id=item.id, title=item.title, fiscal_year=item.fiscal_year,
                            owner=Owner(item.owner), due_on=item.due_on,
                            status=PlanStatus(item.status))


def visit_form_context(*, session: Session, engagement_id: uuid.UUID, today: date,
                       exclude_visit_id: uuid.UUID | None = None) -> VisitContext:
    """What to prefill and show beside a new visit: the last visit's open next actions,
    the plan actions due, what next actions can be linked to, and the templates."""
    row = session.exec(
        select(Engagement, Client.name).join(Client, col(Client.id) == Engagement.client_id)
        .where(Engagement.id == engagement_id)).first()
    if row is None:
        raise EngagementNotFound(engagement_id, hint="")
    engagement, client = row
    previous_query = (select(Visit).where(Visit.engagement_id == engagement_id,
                                          col(Visit.is_draft).is_(False))
                      .order_by(col(Visit.started_at).desc()))
    if exclude_visit_id is not None:
        previous_query = previous_query.where(Visit.id != exclude_visit_id)
    previous = session.exec(previous_query.limit(1)).first()
    open_actions: list[OpenAction] = []
    place = attendees = ""
    if previous is not None:
        actions = session.exec(
            select(VisitAction).where(VisitAction.visit_id == previous.id,
                                      col(VisitAction.done_at).is_(None))
            .order_by(col(VisitAction.due_on), col(VisitAction.created_at))).all()
        open_actions = [OpenAction(id=a.id, visit_id=previous.id,
                                   visit_started_at=previous.started_at, text=a.text,
                                   owner=Owner(a.owner), due_on=a.due_on,
                                   plan_item_id=a.plan_item_id) for a in actions]
        attendees = previous.attendees
        on_site = session.exec(previous_query.where(Visit.mode == VisitMode.ON_SITE).limit(1)).first()
        place = on_site.place if on_site is not None else ""
    open_statuses = [PlanStatus.NOT_STARTED, PlanStatus.IN_PROGRESS]
    plan_rows = session.exec(
        select(PlanItem).where(PlanItem.engagement_id == engagement_id,
                               PlanItem.level == PlanLevel.ACTION,
                               col(PlanItem.fiscal_year) >= fiscal_year_of(today) - 1)
        .order_by(col(PlanItem.fiscal_year), col(PlanItem.due_on), col(PlanItem.position))).all()
    plan_actions = [_plan_choice(p) for p in plan_rows if p.status != PlanStatus.DROPPED]
    horizon = today + timedelta(days=PLAN_DUE_AHEAD_DAYS)
    due = session.exec(
        select(PlanItem).where(PlanItem.engagement_id == engagement_id,
                               PlanItem.level == PlanLevel.ACTION,
                               col(PlanItem.status).in_(open_statuses),
                               col(PlanItem.due_on).is_not(None),
                               col(PlanItem.due_on) <= horizon)
        .order_by(col(PlanItem.due_on)).limit(20)).all()
    return VisitContext(
        engagement=_choice(engagement, client),
        previous_visit_at=previous.started_at if previous else None,
        previous_purpose=previous.purpose if previous else "",
        suggested_place=place, suggested_attendees=attendees,
        open_actions=tuple(open_actions), plan_actions_due=tuple(_plan_choice(p) for p in due),
        plan_actions=tuple(plan_actions), templates=tuple(list_templates(session=session)),
    )
