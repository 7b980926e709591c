"""Capturing a visit (訪問記録): autosaved drafts, the checks, finalizing and amending.

A visit being typed is a ``Visit`` row with ``is_draft=True`` (its next actions are
``VisitAction`` rows), saved by ``save_draft`` every few seconds without any checks,
so whatever was typed survives a crash. ``finalize_visit`` checks everything and turns
the draft into a visit; ``amend_visit`` changes a saved one. Each of them is one use
case (one transaction, one commit); the change log keeps the text before every change,
which ``timeline.visit_history`` reads back. An amendment being typed is autosaved too
(``save_amendment_draft``), as a draft beside the visit it amends.

Checks raise ``ValidationError`` with ``field`` set to one of ``FIELDS`` so the form can
show the message next to the field; nothing is written then.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from sqlmodel import Session, col, select

from companion.db.models import Client, Engagement, PlanItem, Visit, VisitAction
from companion.db.types import utcnow
from companion.domain.calendar import local_day
from companion.domain.enums import Owner, VisitMode
from companion.errors import EngagementNotFound, KnownError, NotFoundError, ValidationError
from companion.services.attachments import AttachmentInfo, delete_visit_links, visit_attachments
from companion.services.visits.notes import written_text

log = logging.getLogger("companion.services.visits")

MAX_SHORT_TEXT = 200  # place, purpose
MAX_ATTENDEES = 500
MAX_LONG_TEXT = 20_000  # notes, 強み, 課題, decisions
MAX_ACTION_TEXT = 500
MAX_DISTANCE_KM = 2_000.0
MAX_HOURS = 24

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


# --- what the services return ----------------------------------------------------------

@dataclass(frozen=True)
class VisitSaved:
    """What a write changed: the visit and its engagement (views refresh from it)."""

    visit_id: uuid.UUID
    engagement_id: uuid.UUID
    is_draft: bool


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
    amends: uuid.UUID | None = None  # the saved visit this draft is an amendment of


@dataclass(frozen=True)
class AmendmentDraft:
    """An amendment of a saved visit as typed so far (autosaved, not saved yet)."""

    draft: VisitDraft
    saved_at: datetime


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


# --- checks -----------------------------------------------------------------------------

def _fmt_day(day: date) -> str:
    return f"{day.year}/{day.month:02d}/{day.day:02d}"


def _engagement(session: Session, engagement_id: uuid.UUID) -> Engagement:
    engagement = session.get(Engagement, engagement_id)
    if engagement is None:
        raise EngagementNotFound(engagement_id, hint="案件を選び直してください。")
    return engagement


def check_length(text: str, limit: int, field_name: str) -> None:
    """Refuse a text longer than ``limit``, naming the field (one of ``FIELDS``)."""
    if len(text) > limit:
        raise ValidationError(
            "{label}が長すぎます({count:,}文字、{limit:,}文字まで)。",
            field=field_name, label=FIELDS[field_name], count=len(text), limit=limit)


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
            "訪問日 {day} は案件の開始日 {other_day} より前です。日付か案件を確かめてください。", field="date", day=_fmt_day(day), other_day=_fmt_day(engagement.start_on))
    if engagement.planned_end_on is not None and day > engagement.planned_end_on:
        raise ValidationError(
            "訪問日 {day} は案件の終了予定日 {other_day} より後です。日付を確かめるか、案件の期間を延ばしてください。", field="date", day=_fmt_day(day), other_day=_fmt_day(engagement.planned_end_on))
    if draft.ended_at is not None:
        if draft.ended_at < draft.started_at:
            start = draft.started_at.astimezone(tz)
            end = draft.ended_at.astimezone(tz)
            raise ValidationError(
                "終了時刻 {end:%H:%M} が開始時刻 {start:%H:%M} より前です。", field="end", end=end, start=start)
        if draft.ended_at - draft.started_at > timedelta(hours=MAX_HOURS):
            raise ValidationError("訪問の時間が{max_hours}時間を超えています。終了時刻を確かめてください。",
                                  field="end", max_hours=MAX_HOURS)
    if not draft.purpose.strip():
        raise ValidationError("目的を入力してください(例: 定期訪問、試作品の評価)。", field="purpose")
    check_length(draft.purpose, MAX_SHORT_TEXT, "purpose")
    check_length(draft.place, MAX_SHORT_TEXT, "place")
    check_length(draft.attendees, MAX_ATTENDEES, "attendees")
    for name in ("notes", "strengths", "issues", "decisions"):
        check_length(getattr(draft, name), MAX_LONG_TEXT, name)
    if draft.follow_up_on is not None and draft.follow_up_on < day:
        raise ValidationError(
            "フォローアップ日 {day} が訪問日 {other_day} より前です。",
            field="follow_up", day=_fmt_day(draft.follow_up_on), other_day=_fmt_day(day))
    if draft.distance_km is not None and not 0 <= draft.distance_km <= MAX_DISTANCE_KM:
        raise ValidationError("移動距離は 0〜{max_distance_km:,.0f} km で入力してください。",
                              field="distance", max_distance_km=MAX_DISTANCE_KM)
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
            raise ValidationError("次のアクション {number}行目の内容が空です。入力するか行を削除してください。",
                                  field="actions", number=number)
        if len(action.text) > MAX_ACTION_TEXT:
            raise ValidationError(
                "次のアクション {number}行目が長すぎます({max_action_text}文字まで)。", field="actions", number=number, max_action_text=MAX_ACTION_TEXT)
        if action.plan_item_id is not None and action.plan_item_id not in own_plan_ids:
            raise ValidationError(
                "次のアクション {number}行目の計画の項目がこの案件にありません。選び直してください。",
                field="actions", number=number)
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
    _drop_amendment_draft(session, visit_id)
    _apply(visit, draft)
    _sync_actions(session, visit.id, draft.actions, drop_empty=True)
    session.commit()
    return VisitSaved(visit_id=visit.id, engagement_id=visit.engagement_id, is_draft=False)


# --- amendments typed but not saved yet ------------------------------------------------
#
# An amendment being typed is autosaved like a new visit: as a draft ``Visit`` row (with
# its next actions), so it survives a crash, is offered with the other drafts, and is
# left out of every list, count, search and report as drafts are. Its id is derived
# from the visit it amends (``amendment_draft_id``), so the form finds it again, and so
# do its next actions' ids from theirs (a row id belongs to one visit only).

_AMENDMENT = uuid.UUID("5b0f6f0e-6a43-4c55-9a1e-0c8d6d1f2a77")


def amendment_draft_id(visit_id: uuid.UUID) -> uuid.UUID:
    """The id of the draft that holds an unsaved amendment of ``visit_id``."""
    return uuid.uuid5(_AMENDMENT, f"visit:{visit_id}")


def _amendment_action_id(action_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(_AMENDMENT, f"action:{action_id}")


def _saved_visit(session: Session, visit_id: uuid.UUID) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFoundError("訪問記録が見つかりません。削除された可能性があります。")
    if visit.is_draft:
        raise KnownError("この訪問記録はまだ下書きです。保存してから修正してください。")
    return visit


def _action_ids(session: Session, visit_id: uuid.UUID) -> list[uuid.UUID]:
    return list(session.exec(select(VisitAction.id).where(VisitAction.visit_id == visit_id)).all())


def save_amendment_draft(*, session: Session, visit_id: uuid.UUID,
                         draft: VisitDraft) -> VisitSaved:
    """Autosave an amendment of the saved visit ``visit_id`` as typed (no checks); the
    visit itself is not touched until ``amend_visit``."""
    _saved_visit(session, visit_id)
    own = set(_action_ids(session, visit_id))
    actions = tuple(replace(a, id=_amendment_action_id(a.id)) if a.id in own else a
                    for a in draft.actions)
    saved = save_draft(session=session, visit_id=amendment_draft_id(visit_id),
                       draft=replace(draft, actions=actions))
    return VisitSaved(visit_id=visit_id, engagement_id=saved.engagement_id, is_draft=True)


def load_amendment_draft(*, session: Session, visit_id: uuid.UUID) -> AmendmentDraft | None:
    """The unsaved amendment of ``visit_id`` (next actions under their own ids again),
    or None when there is none."""
    stored = session.get(Visit, amendment_draft_id(visit_id))
    if stored is None or not stored.is_draft:
        return None
    record = load_visit(session=session, visit_id=stored.id)
    original = {_amendment_action_id(a): a for a in _action_ids(session, visit_id)}
    actions = tuple(replace(a, id=original.get(a.id, a.id)) for a in record.draft.actions)
    return AmendmentDraft(draft=replace(record.draft, actions=actions), saved_at=stored.updated_at)


def discard_amendment_draft(*, session: Session, visit_id: uuid.UUID) -> VisitSaved | None:
    """Drop the unsaved amendment of ``visit_id`` (the visit stays as saved)."""
    if session.get(Visit, amendment_draft_id(visit_id)) is None:
        return None
    return discard_draft(session=session, visit_id=amendment_draft_id(visit_id))


def _drop_amendment_draft(session: Session, visit_id: uuid.UUID) -> None:
    stored = session.get(Visit, amendment_draft_id(visit_id))
    if stored is None or not stored.is_draft:
        return
    for action in session.exec(select(VisitAction).where(VisitAction.visit_id == stored.id)):
        session.delete(action)
    delete_visit_links(session=session, visit_id=stored.id)
    session.flush()
    session.delete(stored)
    session.flush()


def amended_visit(*, session: Session, draft_id: uuid.UUID) -> uuid.UUID | None:
    """The saved visit a draft is an unsaved amendment of (None: a new visit's draft)."""
    stored = session.get(Visit, draft_id)
    if stored is None or not stored.is_draft:
        return None
    return _amends(session, [stored]).get(draft_id)


def _amends(session: Session, drafts: Sequence[Visit]) -> dict[uuid.UUID, uuid.UUID]:
    """For the drafts that are amendments: draft id -> the saved visit's id (looked for
    among the saved visits of the draft's engagement, then among all)."""
    wanted = {d.id for d in drafts}
    found: dict[uuid.UUID, uuid.UUID] = {}
    for engagement_id in {d.engagement_id for d in drafts}:
        for visit_id in session.exec(select(Visit.id).where(
                Visit.engagement_id == engagement_id, col(Visit.is_draft).is_(False))):
            if (draft_id := amendment_draft_id(visit_id)) in wanted:
                found[draft_id] = visit_id
    if len(found) < len(wanted):  # an amendment that moved the visit to another engagement
        for visit_id in session.exec(select(Visit.id).where(col(Visit.is_draft).is_(False))):
            if (draft_id := amendment_draft_id(visit_id)) in wanted:
                found[draft_id] = visit_id
    return found


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
    delete_visit_links(session=session, visit_id=visit_id)
    session.flush()
    session.delete(visit)
    session.commit()
    return VisitSaved(visit_id=visit_id, engagement_id=visit.engagement_id, is_draft=True)


# --- reading ----------------------------------------------------------------------------

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


def excerpt(text: str, limit: int = 60) -> str:
    """Text on one line, cut at ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def draft_excerpt(visit: Visit) -> str:
    """What the user wrote in a draft, on one line: the notes without the template's
    headings, else 強み, 課題 or 決定事項 (empty when only a template is there)."""
    for text in (written_text(visit.notes), visit.strengths, visit.issues, visit.decisions):
        if text.strip():
            return excerpt(text)
    return ""


def list_drafts(*, session: Session) -> list[DraftLine]:
    """Drafts left open (a form closed without saving, or a crash), newest first."""
    rows = session.exec(
        select(Visit, Engagement.title, Client.name)
        .join(Engagement, col(Engagement.id) == Visit.engagement_id)
        .join(Client, col(Client.id) == Engagement.client_id)
        .where(col(Visit.is_draft).is_(True))
        .order_by(col(Visit.updated_at).desc())).all()
    amends = _amends(session, [v for v, _title, _client in rows]) if rows else {}
    return [DraftLine(id=v.id, engagement_id=v.engagement_id, engagement_title=title,
                      client_name=client, started_at=v.started_at, purpose=v.purpose,
                      excerpt=draft_excerpt(v), saved_at=v.updated_at, amends=amends.get(v.id))
            for v, title, client in rows]
