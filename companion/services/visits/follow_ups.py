"""Follow-ups of visits: a visit's follow-up date (フォローアップ日) and its next actions
(次のアクション), marked done or opened again.

A visit's follow-up is done when ``Visit.follow_up_done_at`` is set, a next action when
``VisitAction.done_at`` is; ``services.home`` lists what is due. The form offers the
last visit's open next actions (``OpenAction``) beside a new visit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sqlmodel import Session, col, select

from companion.db.models import Visit, VisitAction
from companion.db.types import utcnow
from companion.domain.enums import Owner
from companion.errors import NotFoundError, ValidationError


@dataclass(frozen=True)
class OpenAction:
    """A next action of an earlier visit that is not done yet."""

    id: uuid.UUID
    visit_id: uuid.UUID
    visit_started_at: datetime
    text: str
    owner: Owner
    due_on: date | None
    plan_item_id: uuid.UUID | None


FollowUpKind = Literal["visit", "action"]


@dataclass(frozen=True)
class FollowUpChanged:
    kind: FollowUpKind
    ref_id: uuid.UUID
    engagement_id: uuid.UUID
    done_at: datetime | None


def mark_follow_up_done(*, session: Session, kind: FollowUpKind, ref_id: uuid.UUID,
                        done: bool = True, at: datetime | None = None) -> FollowUpChanged:
    """Mark a visit's follow-up (``visit``) or a next action (``action``) done, or open
    it again with ``done=False``. Marking a done one done again changes nothing."""
    moment = at or utcnow()
    if kind == "visit":
        visit = session.get(Visit, ref_id)
        if visit is None or visit.is_draft:
            raise NotFoundError("フォローアップの訪問記録が見つかりません。")
        if done and visit.follow_up_on is None:
            raise ValidationError("この訪問記録にはフォローアップ日がありません。", field="follow_up")
        if done and visit.follow_up_done_at is None:
            visit.follow_up_done_at = moment
        elif not done:
            visit.follow_up_done_at = None
        session.commit()
        return FollowUpChanged(kind, ref_id, visit.engagement_id, visit.follow_up_done_at)
    if kind != "action":
        raise ValueError(f"unknown follow-up kind {kind!r}")
    row = session.exec(
        select(VisitAction, Visit.engagement_id).join(Visit, col(Visit.id) == VisitAction.visit_id)
        .where(VisitAction.id == ref_id)).first()
    if row is None:
        raise NotFoundError("次のアクションが見つかりません。")
    action, engagement_id = row
    if done and action.done_at is None:
        action.done_at = moment
    elif not done:
        action.done_at = None
    session.commit()
    return FollowUpChanged(kind, ref_id, engagement_id, action.done_at)
