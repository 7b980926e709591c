"""Visits (訪問記録): capture with autosaved drafts, amendments, follow-ups, templates,
attachments, history and the activity-days ledger (実務従事の記録).

A visit being typed is a ``Visit`` row with ``is_draft=True`` (its next actions are
``VisitAction`` rows), saved by ``save_draft`` every few seconds without any checks,
so whatever was typed survives a crash. ``finalize_visit`` checks everything and turns
the draft into a visit; ``amend_visit`` changes a saved one. Each of them is one use
case (one transaction, one commit); the change log keeps the text before every change,
which ``visit_history`` reads back.

Checks raise ``ValidationError`` with ``field`` set to one of ``FIELDS`` so the form can
show the message next to the field; nothing is written then.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import shutil
import time as time_module
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any, Literal

from sqlmodel import Session, col, func, or_, select

from companion.atomic import write_atomically
from companion.db.database import Database
from companion.db.models import (
    Attachment,
    ChangeLog,
    Client,
    Engagement,
    PlanItem,
    Sponsor,
    Visit,
    VisitAction,
    VisitTemplate,
)
from companion.db.types import utcnow
from companion.domain.enums import (
    ChangeOperation,
    EngagementStatus,
    Owner,
    PlanLevel,
    PlanStatus,
    VisitMode,
)
from companion.domain.fiscal import fiscal_year_bounds, fiscal_year_label, fiscal_year_of
from companion.errors import KnownError, NotFoundError, ValidationError
from companion.services.attachments import attach_file, store_for

log = logging.getLogger("companion.services.visits")

# Days and fiscal years of the ledger are Japan time, as in the reports (様式19).
JST = timezone(timedelta(hours=9), "JST")

MAX_SHORT_TEXT = 200  # place, purpose
MAX_ATTENDEES = 500
MAX_LONG_TEXT = 20_000  # notes, 強み, 課題, decisions
MAX_ACTION_TEXT = 500
MAX_DISTANCE_KM = 2_000.0
MAX_HOURS = 24
PLAN_DUE_AHEAD_DAYS = 30  # plan actions due within this many days are offered
THUMBNAIL_MAX_BYTES = 30 * 1024 * 1024  # images larger than this get an icon, not a thumbnail
TEMP_MAX_AGE_SECONDS = 24 * 3600
TEMP_FOLDER = "tmp"

# The form's fields (ValidationError.field) and their labels in messages and history.
FIELDS: dict[str, str] = {
    "engagement": "案件",
    "date": "日付",
    "start": "開始時刻",
    "end": "終了時刻",
    "mode": "方式",
    "place": "場所",
    "attendees": "同席者",
    "purpose": "目的",
    "notes": "記録",
    "strengths": "強み",
    "issues": "課題",
    "decisions": "決定事項",
    "actions": "次のアクション",
    "follow_up": "フォローアップ日",
    "distance": "移動距離",
    "attachment": "添付",
}

# Visit columns shown in the history of a visit, with their labels.
HISTORY_COLUMNS: dict[str, str] = {
    "started_at": "開始",
    "ended_at": "終了",
    "mode": "方式",
    "place": "場所",
    "attendees": "同席者",
    "purpose": "目的",
    "notes": "記録",
    "strengths": "強み",
    "issues": "課題",
    "decisions": "決定事項",
    "follow_up_on": "フォローアップ日",
    "follow_up_done_at": "フォローアップ完了",
    "distance_km": "移動距離(km)",
    "engagement_id": "案件",
}
_CONTENT_COLUMNS = frozenset(HISTORY_COLUMNS) - {"follow_up_done_at"}
ACTION_COLUMNS: dict[str, str] = {"text": "内容", "owner": "担当", "due_on": "期日",
                                  "done_at": "完了", "plan_item_id": "計画の項目"}


# --- what the form sends ------------------------------------------------------------------

@dataclass(frozen=True)
class ActionDraft:
    """A next action as typed; ``id`` is chosen by the form so autosaves update it."""

    id: uuid.UUID
    text: str
    owner: Owner = Owner.BUSINESS
    due_on: date | None = None
    plan_item_id: uuid.UUID | None = None
    done: bool = False


@dataclass(frozen=True)
class VisitDraft:
    """Everything the visit form holds. Times are timezone-aware."""

    engagement_id: uuid.UUID
    started_at: datetime
    ended_at: datetime | None = None
    mode: VisitMode = VisitMode.ON_SITE
    place: str = ""
    attendees: str = ""
    purpose: str = ""
    notes: str = ""
    strengths: str = ""
    issues: str = ""
    decisions: str = ""
    follow_up_on: date | None = None
    distance_km: float | None = None
    actions: tuple[ActionDraft, ...] = ()

    @property
    def has_content(self) -> bool:
        """Whether anything was typed beyond what the form prefills."""
        texts = (self.place, self.attendees, self.purpose, self.notes, self.strengths,
                 self.issues, self.decisions)
        return any(t.strip() for t in texts) or any(a.text.strip() for a in self.actions)


# --- what the services return ----------------------------------------------------------

@dataclass(frozen=True)
class VisitSaved:
    """What a write changed: the visit and its engagement (views refresh from it)."""

    visit_id: uuid.UUID
    engagement_id: uuid.UUID
    is_draft: bool


@dataclass(frozen=True)
class AttachmentInfo:
    id: uuid.UUID
    visit_id: uuid.UUID | None
    file_name: str
    size_bytes: int
    media_type: str
    sha256: str

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")


@dataclass(frozen=True)
class VisitRecord:
    """A visit (or draft) as stored, to fill the form."""

    id: uuid.UUID
    is_draft: bool
    draft: VisitDraft
    engagement_title: str
    client_name: str
    created_at: datetime
    updated_at: datetime
    attachments: tuple[AttachmentInfo, ...]


@dataclass(frozen=True)
class DraftLine:
    id: uuid.UUID
    engagement_id: uuid.UUID
    engagement_title: str
    client_name: str
    started_at: datetime
    purpose: str
    excerpt: str
    saved_at: datetime  # the last autosave


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
class OpenAction:
    """A next action of an earlier visit that is not done yet."""

    id: uuid.UUID
    visit_id: uuid.UUID
    visit_started_at: datetime
    text: str
    owner: Owner
    due_on: date | None
    plan_item_id: uuid.UUID | None


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
class TemplateInfo:
    id: uuid.UUID | None  # None: built in
    name: str
    mode: VisitMode
    purpose: str
    notes: str

    @property
    def builtin(self) -> bool:
        return self.id is None


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


# --- small parsers shared by the form and the command line ----------------------------

_DISTANCE = re.compile(r"^\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*(?:km|キロ|キロメートル)?\s*$")


def parse_distance(text: str) -> float | None:
    """Kilometres from what was typed (12.5, １２．５, 12.5km; empty: none)."""
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    if not folded:
        return None
    match = _DISTANCE.match(folded)
    if match is None:
        raise ValidationError("移動距離は数字で入力してください(例: 12.5)。", field="distance")
    return float(match.group(1))


def clean_file_name(name: str) -> str:
    """A file name in any script, composed (NFC, as macOS names are decomposed), without
    control characters; the original script is kept."""
    composed = unicodedata.normalize("NFC", name)
    cleaned = "".join(ch for ch in composed if unicodedata.category(ch)[0] != "C").strip()
    return cleaned or "添付ファイル"


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar day of a moment on a clock (None: this computer's)."""
    return moment.astimezone(tz).date()


def _day_start(day: date, tz: tzinfo | None) -> datetime:
    if tz is None:
        return datetime.combine(day, time()).astimezone()
    return datetime.combine(day, time(), tzinfo=tz)


# --- checks -----------------------------------------------------------------------------

def _fmt_day(day: date) -> str:
    return f"{day.year}/{day.month:02d}/{day.day:02d}"


def _engagement(session: Session, engagement_id: uuid.UUID) -> Engagement:
    engagement = session.get(Engagement, engagement_id)
    if engagement is None:
        raise ValidationError("案件が見つかりません。案件を選び直してください。", field="engagement")
    return engagement


def _check_length(text: str, limit: int, field_name: str) -> None:
    if len(text) > limit:
        raise ValidationError(
            f"{FIELDS[field_name]}が長すぎます({len(text):,}文字、{limit:,}文字まで)。",
            field=field_name)


def validate_visit(session: Session, draft: VisitDraft, *, tz: tzinfo | None = None) -> Engagement:
    """Every rule a saved visit must keep; the first one broken is raised."""
    engagement = _engagement(session, draft.engagement_id)
    if draft.started_at.tzinfo is None or (draft.ended_at and draft.ended_at.tzinfo is None):
        raise ValueError("visit times must be timezone-aware")
    try:
        VisitMode(draft.mode)
    except ValueError:
        raise ValidationError("方式を選んでください(訪問・オンライン・電話・来所)。",
                              field="mode") from None
    day = local_day(draft.started_at, tz)
    if day < engagement.start_on:
        raise ValidationError(
            f"訪問日 {_fmt_day(day)} は案件の開始日 {_fmt_day(engagement.start_on)} より前です。"
            "日付か案件を確かめてください。", field="date")
    if engagement.planned_end_on is not None and day > engagement.planned_end_on:
        raise ValidationError(
            f"訪問日 {_fmt_day(day)} は案件の終了予定日 {_fmt_day(engagement.planned_end_on)} "
            "より後です。日付を確かめるか、案件の期間を延ばしてください。", field="date")
    if draft.ended_at is not None:
        if draft.ended_at < draft.started_at:
            start = draft.started_at.astimezone(tz)
            end = draft.ended_at.astimezone(tz)
            raise ValidationError(
                f"終了時刻 {end:%H:%M} が開始時刻 {start:%H:%M} より前です。", field="end")
        if draft.ended_at - draft.started_at > timedelta(hours=MAX_HOURS):
            raise ValidationError(f"訪問の時間が{MAX_HOURS}時間を超えています。終了時刻を確かめてください。",
                                  field="end")
    if not draft.purpose.strip():
        raise ValidationError("目的を入力してください(例: 定期訪問、試作品の評価)。", field="purpose")
    _check_length(draft.purpose, MAX_SHORT_TEXT, "purpose")
    _check_length(draft.place, MAX_SHORT_TEXT, "place")
    _check_length(draft.attendees, MAX_ATTENDEES, "attendees")
    for name in ("notes", "strengths", "issues", "decisions"):
        _check_length(getattr(draft, name), MAX_LONG_TEXT, name)
    if draft.follow_up_on is not None and draft.follow_up_on < day:
        raise ValidationError(
            f"フォローアップ日 {_fmt_day(draft.follow_up_on)} が訪問日 {_fmt_day(day)} より前です。",
            field="follow_up")
    if draft.distance_km is not None and not 0 <= draft.distance_km <= MAX_DISTANCE_KM:
        raise ValidationError(f"移動距離は 0〜{MAX_DISTANCE_KM:,.0f} km で入力してください。",
                              field="distance")
    plan_ids = {a.plan_item_id for a in draft.actions if a.plan_item_id is not None}
    own_plan_ids: set[uuid.UUID] = set()
    if plan_ids:
        own_plan_ids = set(session.exec(
            select(PlanItem.id).where(col(PlanItem.id).in_(plan_ids),
                                      PlanItem.engagement_id == engagement.id)).all())
    for number, action in enumerate(draft.actions, start=1):
        if _blank(action):
            continue  # an empty row left in the table: dropped when saved
        if not action.text.strip():
            raise ValidationError(f"次のアクション {number}行目の内容が空です。入力するか行を削除してください。",
                                  field="actions")
        if len(action.text) > MAX_ACTION_TEXT:
            raise ValidationError(
                f"次のアクション {number}行目が長すぎます({MAX_ACTION_TEXT}文字まで)。", field="actions")
        if action.plan_item_id is not None and action.plan_item_id not in own_plan_ids:
            raise ValidationError(
                f"次のアクション {number}行目の計画の項目がこの案件にありません。選び直してください。",
                field="actions")
    return engagement


def _blank(action: ActionDraft) -> bool:
    return not action.text.strip() and action.due_on is None and action.plan_item_id is None


# --- writing ----------------------------------------------------------------------------

def _apply(visit: Visit, draft: VisitDraft) -> None:
    visit.engagement_id = draft.engagement_id
    visit.started_at = draft.started_at
    visit.ended_at = draft.ended_at
    visit.mode = VisitMode(draft.mode)
    visit.place = draft.place
    visit.attendees = draft.attendees
    visit.purpose = draft.purpose
    visit.notes = draft.notes
    visit.strengths = draft.strengths
    visit.issues = draft.issues
    visit.decisions = draft.decisions
    visit.follow_up_on = draft.follow_up_on
    visit.distance_km = draft.distance_km


def _sync_actions(session: Session, visit_id: uuid.UUID, actions: Sequence[ActionDraft], *,
                  drop_empty: bool) -> None:
    existing = {a.id: a for a in session.exec(
        select(VisitAction).where(VisitAction.visit_id == visit_id)).all()}
    keep: set[uuid.UUID] = set()
    now = utcnow()
    for draft in actions:
        if drop_empty and _blank(draft):
            continue
        keep.add(draft.id)
        row = existing.get(draft.id)
        if row is None:
            other = session.get(VisitAction, draft.id)
            if other is not None:  # an id of another visit's action: never move it
                raise KnownError("次のアクションの識別子が重複しています。")
            row = VisitAction(id=draft.id, visit_id=visit_id, text=draft.text,
                              owner=Owner(draft.owner))
            session.add(row)
        row.text = draft.text
        row.owner = Owner(draft.owner)
        row.due_on = draft.due_on
        row.plan_item_id = draft.plan_item_id
        if draft.done and row.done_at is None:
            row.done_at = now
        elif not draft.done and row.done_at is not None:
            row.done_at = None
    for action_id, row in existing.items():
        if action_id not in keep:
            session.delete(row)


def save_draft(*, session: Session, visit_id: uuid.UUID, draft: VisitDraft) -> VisitSaved:
    """Autosave: store the form as it is (no checks), creating the draft on first save.

    Only what changed is written, so an autosave of an unchanged form logs nothing."""
    _engagement(session, draft.engagement_id)
    visit = session.get(Visit, visit_id)
    if visit is None:
        visit = Visit(id=visit_id, engagement_id=draft.engagement_id,
                      started_at=draft.started_at, mode=VisitMode(draft.mode), is_draft=True)
        session.add(visit)
    elif not visit.is_draft:
        raise KnownError("この訪問記録は既に保存されています。下書きとしては保存できません。")
    _apply(visit, draft)
    session.flush()
    _sync_actions(session, visit.id, draft.actions, drop_empty=False)
    session.commit()
    return VisitSaved(visit_id=visit.id, engagement_id=visit.engagement_id, is_draft=True)


def finalize_visit(*, session: Session, visit_id: uuid.UUID, draft: VisitDraft,
                   tz: tzinfo | None = None) -> VisitSaved:
    """Check the visit and save it for good (the draft, if any, becomes the visit)."""
    validate_visit(session, draft, tz=tz)
    visit = session.get(Visit, visit_id)
    if visit is None:
        visit = Visit(id=visit_id, engagement_id=draft.engagement_id,
                      started_at=draft.started_at, mode=VisitMode(draft.mode))
        session.add(visit)
    elif not visit.is_draft:
        raise KnownError("この訪問記録は既に保存されています。", hint="内容を変えるときは修正として保存してください。")
    _apply(visit, draft)
    visit.is_draft = False
    session.flush()
    _sync_actions(session, visit.id, draft.actions, drop_empty=True)
    session.commit()
    log.info("visit %s saved", visit.id)
    return VisitSaved(visit_id=visit.id, engagement_id=visit.engagement_id, is_draft=False)


def amend_visit(*, session: Session, visit_id: uuid.UUID, draft: VisitDraft,
                tz: tzinfo | None = None) -> VisitSaved:
    """Change a saved visit; the change log keeps the text as it was, with the time."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFoundError("訪問記録が見つかりません。削除された可能性があります。")
    if visit.is_draft:
        raise KnownError("この訪問記録はまだ下書きです。保存してから修正してください。")
    validate_visit(session, draft, tz=tz)
    _apply(visit, draft)
    _sync_actions(session, visit.id, draft.actions, drop_empty=True)
    session.commit()
    return VisitSaved(visit_id=visit.id, engagement_id=visit.engagement_id, is_draft=False)


def discard_draft(*, session: Session, visit_id: uuid.UUID) -> VisitSaved | None:
    """Delete a draft with its next actions and attachment links (the change log keeps
    them, so the discard can be undone). A saved visit is refused."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        return None
    if not visit.is_draft:
        raise KnownError("保存済みの訪問記録は破棄できません。")
    for action in session.exec(select(VisitAction).where(VisitAction.visit_id == visit_id)):
        session.delete(action)
    for attachment in session.exec(select(Attachment).where(Attachment.visit_id == visit_id)):
        session.delete(attachment)
    session.flush()
    session.delete(visit)
    session.commit()
    return VisitSaved(visit_id=visit_id, engagement_id=visit.engagement_id, is_draft=True)


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


# --- reading ----------------------------------------------------------------------------

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


def _attachment_info(attachment: Attachment) -> AttachmentInfo:
    return AttachmentInfo(id=attachment.id, visit_id=attachment.visit_id,
                          file_name=attachment.file_name, size_bytes=attachment.size_bytes,
                          media_type=attachment.media_type, sha256=attachment.sha256)


def visit_attachments(*, session: Session, visit_id: uuid.UUID) -> list[AttachmentInfo]:
    rows = session.exec(select(Attachment).where(Attachment.visit_id == visit_id)
                        .order_by(col(Attachment.created_at))).all()
    return [_attachment_info(a) for a in rows]


def load_visit(*, session: Session, visit_id: uuid.UUID) -> VisitRecord:
    row = session.exec(
        select(Visit, Engagement.title, Client.name)
        .join(Engagement, col(Engagement.id) == Visit.engagement_id)
        .join(Client, col(Client.id) == Engagement.client_id)
        .where(Visit.id == visit_id)).first()
    if row is None:
        raise NotFoundError("訪問記録が見つかりません。削除された可能性があります。")
    visit, title, client = row
    actions = session.exec(select(VisitAction).where(VisitAction.visit_id == visit_id)
                           .order_by(col(VisitAction.created_at), col(VisitAction.id))).all()
    draft = VisitDraft(
        engagement_id=visit.engagement_id, started_at=visit.started_at, ended_at=visit.ended_at,
        mode=VisitMode(visit.mode), place=visit.place, attendees=visit.attendees,
        purpose=visit.purpose, notes=visit.notes, strengths=visit.strengths,
        issues=visit.issues, decisions=visit.decisions, follow_up_on=visit.follow_up_on,
        distance_km=visit.distance_km,
        actions=tuple(ActionDraft(id=a.id, text=a.text, owner=Owner(a.owner), due_on=a.due_on,
                                  plan_item_id=a.plan_item_id, done=a.done_at is not None)
                      for a in actions),
    )
    return VisitRecord(id=visit.id, is_draft=visit.is_draft, draft=draft,
                       engagement_title=title, client_name=client,
                       created_at=visit.created_at, updated_at=visit.updated_at,
                       attachments=tuple(visit_attachments(session=session, visit_id=visit_id)))


def _excerpt(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def list_drafts(*, session: Session) -> list[DraftLine]:
    """Drafts left open (a form closed without saving, or a crash), newest first."""
    rows = session.exec(
        select(Visit, Engagement.title, Client.name)
        .join(Engagement, col(Engagement.id) == Visit.engagement_id)
        .join(Client, col(Client.id) == Engagement.client_id)
        .where(col(Visit.is_draft).is_(True))
        .order_by(col(Visit.updated_at).desc())).all()
    return [DraftLine(id=v.id, engagement_id=v.engagement_id, engagement_title=title,
                      client_name=client, started_at=v.started_at, purpose=v.purpose,
                      excerpt=_excerpt(v.notes or v.purpose), saved_at=v.updated_at)
            for v, title, client in rows]


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
        raise NotFoundError("案件が見つかりません。")
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


# --- templates --------------------------------------------------------------------------

BUILTIN_TEMPLATES: tuple[TemplateInfo, ...] = (
    TemplateInfo(None, "初回面談", VisitMode.ON_SITE, "初回面談",
                 "■事業の概要・沿革\n\n■代表者の想い・困りごと\n\n■売上・客層・販路の現状\n\n"
                 "■強みの候補(対話で見つけたこと)\n\n■本質的課題の仮説\n\n■次回までに\n"),
    TemplateInfo(None, "定期訪問", VisitMode.ON_SITE, "定期訪問",
                 "■前回の宿題の確認\n\n■この間の動き(売上・客数・出来事)\n\n■今日の相談内容\n\n"
                 "■気づき・助言\n\n■次回までに\n"),
    TemplateInfo(None, "オンライン相談", VisitMode.ONLINE, "オンライン相談",
                 "■参加者・接続\n\n■相談内容\n\n■画面で共有した資料\n\n■助言と合意\n\n■次回までに\n"),
    TemplateInfo(None, "補助金申請支援", VisitMode.AT_CENTRE, "補助金の申請支援",
                 "■対象の補助金・公募回・締切\n\n■事業計画の要点(取組内容と効果)\n\n"
                 "■経費の見込み(見積書の有無)\n\n■必要書類と不足しているもの\n\n"
                 "■加点項目・スケジュール\n\n■役割分担(事業者/支援者)\n"),
)
_BUILTIN_NAMES = {t.name for t in BUILTIN_TEMPLATES}


def list_templates(*, session: Session) -> list[TemplateInfo]:
    """The built-in templates, then the user's own (by name)."""
    own = session.exec(select(VisitTemplate).where(col(VisitTemplate.archived).is_(False))
                       .order_by(col(VisitTemplate.name))).all()
    return [*BUILTIN_TEMPLATES,
            *(TemplateInfo(t.id, t.name, VisitMode(t.mode), t.purpose, t.notes) for t in own)]


def save_template(*, session: Session, name: str, mode: VisitMode, purpose: str,
                  notes: str) -> TemplateInfo:
    """Save the user's own template (a template of the same name is replaced)."""
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        raise ValidationError("テンプレートの名前を入力してください。", field="template")
    if len(name) > 40:
        raise ValidationError("テンプレートの名前は40文字までです。", field="template")
    if name in _BUILTIN_NAMES:
        raise ValidationError(f"「{name}」は標準のテンプレートの名前です。別の名前にしてください。",
                              field="template")
    if not notes.strip() and not purpose.strip():
        raise ValidationError("テンプレートにする目的か記録の構成を入力してください。", field="template")
    _check_length(notes, MAX_LONG_TEXT, "notes")
    _check_length(purpose, MAX_SHORT_TEXT, "purpose")
    template = session.exec(select(VisitTemplate).where(VisitTemplate.name == name)).first()
    if template is None:
        template = VisitTemplate(name=name, mode=mode)
        session.add(template)
    template.mode = VisitMode(mode)
    template.purpose = purpose
    template.notes = notes
    template.archived = False
    session.commit()
    return TemplateInfo(template.id, template.name, VisitMode(template.mode), template.purpose,
                        template.notes)


def archive_template(*, session: Session, template_id: uuid.UUID) -> None:
    """Remove one of the user's templates from the list (kept in the database)."""
    template = session.get(VisitTemplate, template_id)
    if template is None:
        raise NotFoundError("テンプレートが見つかりません。")
    template.archived = True
    session.commit()


def _action_line(action: OpenAction) -> str:
    due = f"、{action.due_on.month}/{action.due_on.day}まで" if action.due_on else ""
    return f"・{action.text}({action.owner}{due})"


def template_notes(template: TemplateInfo, open_actions: Sequence[OpenAction] = ()) -> str:
    """The template's note structure; the last visit's open next actions are listed under
    the heading where they are checked (■前回の宿題…, else at the top)."""
    notes = template.notes
    if not open_actions:
        return notes
    lines = "\n".join(_action_line(a) for a in open_actions)
    marker = "■前回の宿題の確認\n"
    if marker in notes:
        return notes.replace(marker, marker + lines + "\n", 1)
    return f"■前回の次のアクション(未完了)\n{lines}\n\n{notes}"


def merge_notes(current: str, addition: str) -> str:
    """Add a template's structure to notes without losing what was typed."""
    if not current.strip():
        return addition
    if addition.strip() in current:
        return current
    return current.rstrip("\n") + "\n\n" + addition


# --- timeline and history ----------------------------------------------------------------

@dataclass(frozen=True)
class ActionLine:
    id: uuid.UUID
    text: str
    owner: Owner
    due_on: date | None
    done_at: datetime | None


@dataclass(frozen=True)
class TimelineEntry:
    id: uuid.UUID
    engagement_id: uuid.UUID
    started_at: datetime
    ended_at: datetime | None
    mode: VisitMode
    place: str
    attendees: str
    purpose: str
    notes: str
    strengths: str
    issues: str
    decisions: str
    follow_up_on: date | None
    follow_up_done_at: datetime | None
    actions: tuple[ActionLine, ...]
    attachments: int
    amended_at: datetime | None  # the last amendment after it was saved


def _state(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    loaded = json.loads(text)
    return loaded if isinstance(loaded, dict) else {}


def _last_amendments(session: Session, visit_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, datetime]:
    """When each saved visit's content was last changed (marking a follow-up done is
    not an amendment)."""
    amended: dict[uuid.UUID, datetime] = {}
    for chunk_start in range(0, len(visit_ids), 500):
        chunk = visit_ids[chunk_start:chunk_start + 500]
        entries = session.exec(
            select(ChangeLog).where(ChangeLog.entity == "visit",
                                    col(ChangeLog.entity_id).in_(chunk),
                                    ChangeLog.operation == ChangeOperation.UPDATE)
            .order_by(col(ChangeLog.at))).all()
        for entry in entries:
            before, after = _state(entry.before), _state(entry.after)
            if before.get("is_draft") or after.get("is_draft"):
                continue
            if any(before.get(c) != after.get(c) for c in _CONTENT_COLUMNS):
                amended[entry.entity_id] = entry.at
    return amended


def engagement_timeline(*, session: Session, engagement_id: uuid.UUID) -> list[TimelineEntry]:
    """Every saved visit of an engagement, newest first, with its next actions."""
    visits = session.exec(select(Visit).where(Visit.engagement_id == engagement_id,
                                              col(Visit.is_draft).is_(False))
                          .order_by(col(Visit.started_at).desc())).all()
    ids = [v.id for v in visits]
    actions: dict[uuid.UUID, list[ActionLine]] = defaultdict(list)
    attachments: dict[uuid.UUID, int] = defaultdict(int)
    if ids:
        for action in session.exec(
            select(VisitAction).join(Visit, col(Visit.id) == VisitAction.visit_id)
            .where(Visit.engagement_id == engagement_id, col(Visit.is_draft).is_(False))
            .order_by(col(VisitAction.created_at), col(VisitAction.id))):
            actions[action.visit_id].append(ActionLine(action.id, action.text, Owner(action.owner),
                                                       action.due_on, action.done_at))
        for visit_id, count in session.exec(
            select(Attachment.visit_id, func.count()).join(Visit, col(Visit.id) == Attachment.visit_id)
            .where(Visit.engagement_id == engagement_id).group_by(col(Attachment.visit_id))):
            if visit_id is not None:
                attachments[visit_id] = count
    amended = _last_amendments(session, ids)
    return [TimelineEntry(
        id=v.id, engagement_id=v.engagement_id, started_at=v.started_at, ended_at=v.ended_at,
        mode=VisitMode(v.mode), place=v.place, attendees=v.attendees, purpose=v.purpose,
        notes=v.notes, strengths=v.strengths, issues=v.issues, decisions=v.decisions,
        follow_up_on=v.follow_up_on, follow_up_done_at=v.follow_up_done_at,
        actions=tuple(actions[v.id]), attachments=attachments[v.id], amended_at=amended.get(v.id),
    ) for v in visits]


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class VisitRevision:
    at: datetime
    kind: str  # 作成 | 確定 | 修正 | 下書き
    changes: tuple[FieldChange, ...]


def _shown(column: str, value: Any, tz: tzinfo | None) -> str:
    if value is None or value == "":
        return ""
    if column in ("started_at", "ended_at", "done_at", "follow_up_done_at"):
        moment = datetime.fromisoformat(str(value)).astimezone(tz)
        return f"{moment:%Y/%m/%d %H:%M}"
    if column in ("follow_up_on", "due_on"):
        return date.fromisoformat(str(value)).strftime("%Y/%m/%d")
    return str(value)


def _diff(columns: dict[str, str], before: dict[str, Any], after: dict[str, Any],
          tz: tzinfo | None, prefix: str = "") -> list[FieldChange]:
    return [FieldChange(prefix + label, _shown(column, before.get(column), tz),
                        _shown(column, after.get(column), tz))
            for column, label in columns.items() if before.get(column) != after.get(column)]


def visit_history(*, session: Session, visit_id: uuid.UUID,
                  tz: tzinfo | None = None) -> list[VisitRevision]:
    """The history of a visit from the change log, oldest first: when it was saved, and
    each amendment with the text before and after. Autosaves of the draft are folded
    into one line (下書き) with the time of the last one."""
    entries = list(session.exec(select(ChangeLog).where(ChangeLog.entity == "visit",
                                                        ChangeLog.entity_id == visit_id)
                                .order_by(col(ChangeLog.at), col(ChangeLog.id))).all())
    if not entries:
        raise NotFoundError("この訪問記録の履歴はありません。")
    marker = f'"visit_id": "{visit_id.hex}"'  # as the change log writes it (sorted JSON)
    action_entries = session.exec(
        select(ChangeLog).where(ChangeLog.entity == "visitaction",
                                col(ChangeLog.at) >= entries[0].at,
                                or_(col(ChangeLog.after).contains(marker),
                                    col(ChangeLog.before).contains(marker)))
        .order_by(col(ChangeLog.at))).all()
    by_set: dict[uuid.UUID, list[ChangeLog]] = defaultdict(list)
    for entry in action_entries:
        by_set[entry.change_set].append(entry)
    revisions: list[VisitRevision] = []
    draft_at: datetime | None = None
    seen_sets: set[uuid.UUID] = set()
    for entry in entries:
        before, after = _state(entry.before), _state(entry.after)
        seen_sets.add(entry.change_set)
        if entry.operation == ChangeOperation.DELETE:
            revisions.append(VisitRevision(entry.at, "削除", ()))
            continue
        if after.get("is_draft"):
            draft_at = entry.at
            continue
        if draft_at is not None:
            revisions.append(VisitRevision(draft_at, "下書き", ()))
            draft_at = None
        if entry.operation == ChangeOperation.CREATE or before.get("is_draft"):
            kind = "作成" if entry.operation == ChangeOperation.CREATE else "確定"
            revisions.append(VisitRevision(entry.at, kind, ()))
            continue
        changes = _diff(HISTORY_COLUMNS, before, after, tz)
        changes += _action_changes(by_set.get(entry.change_set, []), tz)
        if changes:
            revisions.append(VisitRevision(entry.at, "修正", tuple(changes)))
    if draft_at is not None:
        revisions.append(VisitRevision(draft_at, "下書き", ()))
    finalized = next((r.at for r in revisions if r.kind in ("作成", "確定")), None)
    if finalized is not None:  # amendments that touched only the next actions
        for change_set, group in by_set.items():
            if change_set in seen_sets or group[0].at <= finalized:
                continue
            changes = _action_changes(group, tz)
            if changes:
                revisions.append(VisitRevision(group[0].at, "修正", tuple(changes)))
    revisions.sort(key=lambda r: r.at)
    return revisions


def _action_changes(entries: Iterable[ChangeLog], tz: tzinfo | None) -> list[FieldChange]:
    changes: list[FieldChange] = []
    for entry in entries:
        before, after = _state(entry.before), _state(entry.after)
        if entry.operation == ChangeOperation.CREATE:
            changes.append(FieldChange("次のアクション(追加)", "", str(after.get("text", ""))))
        elif entry.operation == ChangeOperation.DELETE:
            changes.append(FieldChange("次のアクション(削除)", str(before.get("text", "")), ""))
        else:
            changes.extend(_diff(ACTION_COLUMNS, before, after, tz, prefix="次のアクションの"))
    return changes


# --- attachments ------------------------------------------------------------------------

def _attachable_visit(session: Session, visit_id: uuid.UUID) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise ValidationError("添付先の訪問記録がまだ保存されていません。少し待ってからもう一度追加してください。",
                              field="attachment")
    return visit


def add_visit_attachment(*, session: Session, database: Database, visit_id: uuid.UUID,
                         source: Path) -> AttachmentInfo:
    """Attach a file (photo, PDF, spreadsheet …) to a visit or draft; the content is
    encrypted and stored once by its SHA-256, however often it is attached."""
    _attachable_visit(session, visit_id)
    if not source.name:
        raise ValidationError("ファイルを選んでください。", field="attachment")
    attachment = attach_file(session=session, store=store_for(database), source=source,
                             visit_id=visit_id)
    name = clean_file_name(attachment.file_name)
    if name != attachment.file_name:
        attachment.file_name = name
        session.commit()
    return _attachment_info(attachment)


def remove_attachment(*, session: Session, attachment_id: uuid.UUID) -> None:
    """Unlink a file from its visit (the stored copy stays for other links and undo)."""
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFoundError("添付ファイルが見つかりません。")
    session.delete(attachment)
    session.commit()


def _attachment(session: Session, attachment_id: uuid.UUID) -> Attachment:
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFoundError("添付ファイルが見つかりません。")
    return attachment


def attachment_content(*, session: Session, database: Database, attachment_id: uuid.UUID,
                       max_bytes: int = THUMBNAIL_MAX_BYTES) -> bytes | None:
    """The decrypted content, in memory (for a thumbnail); None when larger than
    ``max_bytes``."""
    attachment = _attachment(session, attachment_id)
    if attachment.size_bytes > max_bytes:
        return None
    buffer = io.BytesIO()
    store_for(database).read_into(attachment.sha256, buffer)
    return buffer.getvalue()


def temp_folder(database: Database) -> Path:
    """Where opened attachments are decrypted: ``tmp`` in the data folder."""
    return database.paths.root / TEMP_FOLDER


_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*]')


def clean_temp_folder(folder: Path, *, max_age_seconds: float = TEMP_MAX_AGE_SECONDS) -> int:
    """Delete decrypted copies older than ``max_age_seconds``; returns how many folders."""
    if not folder.is_dir():
        return 0
    removed = 0
    limit = time_module.time() - max_age_seconds
    for child in folder.iterdir():
        try:
            if child.stat().st_mtime < limit:
                if child.is_dir():
                    shutil.rmtree(child)
                else:
                    child.unlink()
                removed += 1
        except OSError as exc:  # still open in another program: next time
            log.info("cannot remove %s yet: %s", child, exc)
    return removed


def export_attachment(*, session: Session, database: Database,
                      attachment_id: uuid.UUID) -> Path:
    """Decrypt an attachment to a file of its own name in the data folder's tmp area, to
    open it with the OS's default application. Copies older than a day are removed."""
    attachment = _attachment(session, attachment_id)
    folder = temp_folder(database)
    clean_temp_folder(folder)
    name = _UNSAFE_NAME.sub("_", clean_file_name(attachment.file_name))
    target_folder = folder / uuid.uuid4().hex[:12]
    try:
        target_folder.mkdir(parents=True, exist_ok=True)
        target = target_folder / name
        with open(target, "wb") as handle:
            store_for(database).read_into(attachment.sha256, handle)
        os.chmod(target, 0o600)
    except OSError as exc:
        raise KnownError(f"添付ファイルを開けません: {attachment.file_name} ({exc.strerror})") from exc
    return target


# --- the activity-days ledger -------------------------------------------------------------

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
        """A rough guide to 実務従事 points: one per on-site day, one per 5 hours of
        other consultation. The practitioner decides what really counts."""
        on_site = {e.day for e in self.entries if e.mode == VisitMode.ON_SITE}
        other = sum(e.hours for e in self.entries
                    if e.mode != VisitMode.ON_SITE and e.day not in on_site)
        return len(on_site) + int(other // 5)


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
    return _excerpt(content, 80)


def activity_ledger(*, session: Session, fiscal_year: int,
                    engagement_id: uuid.UUID | None = None) -> ActivityLedger:
    """Days and hours per client in a fiscal year, from the saved visits (Japan time),
    with each visit's date, times, place and content, as 様式19 needs them."""
    if not 1990 <= fiscal_year <= 2100:
        raise ValidationError(f"年度は 1990〜2100 で指定してください: {fiscal_year}", field="fiscal_year")
    first_day, last_day = fiscal_year_bounds(fiscal_year)
    query = (
        select(Visit, Engagement, Client, Sponsor.name)
        .join(Engagement, col(Engagement.id) == Visit.engagement_id)
        .join(Client, col(Client.id) == Engagement.client_id)
        .outerjoin(Sponsor, col(Sponsor.id) == Engagement.sponsor_id)
        .where(col(Visit.is_draft).is_(False),
               col(Visit.started_at) >= _day_start(first_day, JST),
               col(Visit.started_at) < _day_start(last_day + timedelta(days=1), JST))
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
                hours=visit_hours(v), mode=VisitMode(v.mode), place=v.place,
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


def visit_hours(visit: Visit) -> float:
    if visit.ended_at is None or visit.ended_at <= visit.started_at:
        return 0.0
    return (visit.ended_at - visit.started_at).total_seconds() / 3600


LEDGER_COLUMNS = ("年度", "事業者", "代表者", "案件", "支援期間", "日付", "曜日", "開始", "終了",
                  "時間", "方式", "場所", "内容")
LEDGER_SUMMARY_COLUMNS = ("事業者", "代表者", "支援期間", "日数", "うち訪問日数", "時間合計",
                          "訪問以外の時間", "ポイントの目安")
_WEEKDAYS = "月火水木金土日"


def _hours_text(hours: float) -> str:
    return f"{hours:.2f}".rstrip("0").rstrip(".") if hours else "0"


def ledger_csv(ledger: ActivityLedger) -> str:
    """The ledger as CSV text: one row per visit, then a blank row and the totals per
    client (with a rough 実務従事 point count; the practitioner checks it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(LEDGER_COLUMNS)
    label = fiscal_year_label(ledger.fiscal_year)
    for client in ledger.clients:
        period = f"{_fmt_day(client.period_start)}〜{_fmt_day(client.period_end)}"
        for entry in client.entries:
            writer.writerow([
                label, client.client_name, client.representative, "・".join(client.engagements),
                period, _fmt_day(entry.day), _WEEKDAYS[entry.day.weekday()],
                f"{entry.started_at:%H:%M}", f"{entry.ended_at:%H:%M}" if entry.ended_at else "",
                _hours_text(entry.hours), entry.mode.value, entry.place, entry.content])
    writer.writerow([])
    writer.writerow(LEDGER_SUMMARY_COLUMNS)
    for client in ledger.clients:
        writer.writerow([client.client_name, client.representative,
                         f"{_fmt_day(client.period_start)}〜{_fmt_day(client.period_end)}",
                         client.days, client.on_site_days, _hours_text(client.hours),
                         _hours_text(client.other_hours), client.points_estimate])
    return out.getvalue()


def write_ledger_csv(ledger: ActivityLedger, out: Path) -> Path:
    """Write the ledger as CSV in UTF-8 with a BOM (Excel opens it in Japanese), all at
    once: a failure leaves no half-written file."""
    if out.suffix.lower() != ".csv":
        raise KnownError(f"書き出し先は .csv のファイルにしてください: {out.name}")
    if out.is_dir():
        raise KnownError(f"書き出し先がフォルダです: {out}")
    if not out.parent.is_dir():
        raise KnownError(f"書き出し先のフォルダがありません: {out.parent}")
    try:
        write_atomically(out, ledger_csv(ledger).encode("utf-8-sig"))
    except OSError as exc:
        raise KnownError(f"台帳を書き出せません: {out} ({exc.strerror})") from exc
    return out


def export_ledger(*, session: Session, fiscal_year: int, out: Path,
                  engagement_id: uuid.UUID | None = None) -> ActivityLedger:
    """Read the ledger of a fiscal year and write it to ``out`` (CSV)."""
    ledger = activity_ledger(session=session, fiscal_year=fiscal_year, engagement_id=engagement_id)
    write_ledger_csv(ledger, out)
    return ledger

