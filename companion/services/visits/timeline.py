"""An engagement's visits over time, and the history of one visit.

``engagement_timeline`` lists the saved visits of an engagement, newest first, with
their next actions and when each was last amended; ``visit_history`` reads a visit's
change-log entries back as revisions (作成, 確定, 修正 with the text before and after).
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from sqlmodel import Session, col, func, or_, select

from companion.db.models import Attachment, ChangeLog, Visit, VisitAction
from companion.domain.enums import ChangeOperation, Owner, VisitMode
from companion.errors import NotFoundError
from companion.services.session import logged_enum

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


# --- the timeline of an engagement ------------------------------------------------------

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
            .order_by(col(ChangeLog.hlc))).all()
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


# --- the history of a visit -------------------------------------------------------------

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
    if column in ("mode", "owner"):  # logged as codes (as labels before schema 0003)
        return logged_enum(VisitMode if column == "mode" else Owner, str(value)).value
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
                                .order_by(col(ChangeLog.hlc))).all())
    if not entries:
        raise NotFoundError("この訪問記録の履歴はありません。")
    marker = f'"visit_id": "{visit_id.hex}"'  # as the change log writes it (sorted JSON)
    action_entries = session.exec(
        select(ChangeLog).where(ChangeLog.entity == "visitaction",
                                col(ChangeLog.at) >= entries[0].at,
                                or_(col(ChangeLog.after).contains(marker),
                                    col(ChangeLog.before).contains(marker)))
        .order_by(col(ChangeLog.hlc))).all()
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
