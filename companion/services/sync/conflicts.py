"""同期の競合: what the merge could not settle alone, and the user's choice.

Two kinds (SyncConflict.kind): "text" — the same free text was edited on two devices
since they last agreed; the later text is in the record, the other is kept here until
the user chooses (this one / the other / both, the other below a line). "restored" —
a record deleted on one device came back because it was edited (or a record was
added under it) on another; the user confirms it, or deletes it again.

A choice is an ordinary edit, so it syncs; on the other device the same conflict is
then settled "elsewhere" (an edit newer than both sides of it).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from companion.db.models import SyncConflict, SyncPeer, SyncSetting
from companion.db.types import utcnow
from companion.domain import sync_rules as rules
from companion.domain.calendar import JST
from companion.domain.enums import ChangeOperation
from companion.errors import KnownError, NotFoundError
from companion.services.session import current_device
from companion.services.undo import describe

# How the window names a field that was edited on both devices.
FIELD_LABELS: Mapping[str, Mapping[str, str]] = {
    "visit": {"purpose": "目的", "notes": "記録", "strengths": "強み", "issues": "課題",
              "decisions": "決定事項", "attendees": "出席者", "place": "場所"},
    "engagement": {"essential_issue": "本質的課題", "fee_terms": "報酬の条件"},
    "client": {"notes": "メモ"},
    "planitem": {"notes": "メモ"},
    "reportnarrative": {"achievements": "成果と今後の課題", "next_year_policy": "次年度の方針",
                        "self_running": "自走化の状況"},
    "visitaction": {"text": "次のアクション"},
}
CHOICES = ("kept", "other", "both")


@dataclass(frozen=True)
class ConflictView:
    """One open 同期の競合, as ホーム and its dialog show it."""

    id: uuid.UUID
    kind: str  # "text" | "restored"
    entity: str
    entity_id: uuid.UUID
    field: str
    field_label: str  # 記録, 強み, ... ("" for restored)
    label: str  # 訪問記録 2026-11-20 有限会社やまなか酒造
    kept_value: str  # in the record now
    other_value: str
    kept_device: str  # the device's name (or the start of its id)
    other_device: str
    raised_at: datetime

    @property
    def summary(self) -> str:
        if self.kind == "restored":
            return f"{self.label}: 削除された記録を、別の端末の編集により復元しました"
        return f"{self.label}の「{self.field_label}」を両方の端末で編集しました"


def conflict_label(session: Session, entity: str, values: Mapping[str, Any]) -> str:
    """A record as the user knows it: 訪問記録 2026-11-20 有限会社やまなか酒造."""
    if entity == "visit":
        started = values.get("started_at")
        day = started.astimezone(JST).date().isoformat() if isinstance(started, datetime) else ""
        tables = SQLModel.metadata.tables
        client = session.connection().execute(
            sa.select(tables["client"].c.name)
            .join(tables["engagement"], tables["engagement"].c.client_id == tables["client"].c.id)
            .where(tables["engagement"].c.id == values.get("engagement_id"))).scalar()
        return " ".join(part for part in ("訪問記録", day, client or "") if part)
    return describe(entity, dict(values))


def _device_names(session: Session) -> dict[uuid.UUID, str]:
    names = {peer.device_id: peer.name for peer in session.exec(select(SyncPeer)) if peer.name}
    setting = session.exec(select(SyncSetting)).first()
    own = current_device(session)
    names[own] = setting.device_name if setting and setting.device_name else "この端末"
    return names


def _stamps(conflict: SyncConflict) -> tuple[rules.Stamp, rules.Stamp]:
    kept = rules.Stamp(conflict.kept_hlc, conflict.kept_device.hex if conflict.kept_device else "")
    other = rules.Stamp(conflict.other_hlc,
                        conflict.other_device.hex if conflict.other_device else "")
    return kept, other


def _latest_edit(session: Session, conflict: SyncConflict) -> rules.Stamp | None:
    """The latest change of the conflict's field (any device), from the change log."""
    log = SQLModel.metadata.tables["changelog"]
    latest: rules.Stamp | None = None
    for device, hlc, operation, before, after in session.connection().execute(
            sa.select(log.c.device_id, log.c.hlc, log.c.operation, log.c.before, log.c.after)
            .where(log.c.entity_id == conflict.entity_id, log.c.entity == conflict.entity)):
        change = rules.FieldChange(rules.Stamp(hlc, device.hex), ChangeOperation(operation).name,
                                   json.loads(before) if before else None,
                                   json.loads(after) if after else None)
        if conflict.field in rules.changed_fields(change) and (latest is None or change.stamp > latest):
            latest = change.stamp
    return latest


def _is_superseded(session: Session, conflict: SyncConflict) -> bool:
    if conflict.kind != "text":
        return False
    latest = _latest_edit(session, conflict)
    return latest is not None and rules.supersedes(latest, *_stamps(conflict))


def supersede_conflicts(session: Session) -> int:
    """Settle "elsewhere" every open text conflict whose field has since been edited
    later than both its sides (the choice made on another device, or a new edit)."""
    settled = 0
    for conflict in session.exec(select(SyncConflict).where(col(SyncConflict.resolved_at).is_(None))):
        if _is_superseded(session, conflict):
            conflict.resolved_at = utcnow()
            conflict.resolution = "elsewhere"
            settled += 1
    session.flush()
    return settled


def list_conflicts(session: Session) -> list[ConflictView]:
    """The open 同期の競合, oldest first (those settled elsewhere left out)."""
    names = _device_names(session)

    def name(device: uuid.UUID | None) -> str:
        if device is None:
            return ""
        return names.get(device) or f"端末 {device.hex[:8]}"

    views = []
    for conflict in session.exec(select(SyncConflict).where(col(SyncConflict.resolved_at).is_(None))
                                 .order_by(col(SyncConflict.raised_at))):
        if _is_superseded(session, conflict):
            continue
        views.append(ConflictView(
            conflict.id, conflict.kind, conflict.entity, conflict.entity_id, conflict.field,
            FIELD_LABELS.get(conflict.entity, {}).get(conflict.field, conflict.field),
            conflict.label, conflict.kept_value, conflict.other_value,
            name(conflict.kept_device), name(conflict.other_device), conflict.raised_at))
    return views


def _model(entity: str) -> type[SQLModel]:
    for mapper in SQLModel._sa_registry.mappers:
        if getattr(mapper.local_table, "name", None) == entity:
            model: type[SQLModel] = mapper.class_
            return model
    raise KnownError("同期の競合の記録の種類がわかりません: {entity}", entity=entity)


def resolve_conflict(session: Session, conflict_id: uuid.UUID, choice: str) -> None:
    """Settle one conflict: "kept" (the text in the record stays), "other" (the other
    device's text replaces it; for a restored record: delete it again), "both" (both
    texts, the other below 「―― 別の端末の記載 ――」). The change is an ordinary edit, so
    it syncs. Commits."""
    if choice not in CHOICES:
        raise KnownError("競合の解決方法が正しくありません: {choice}", choice=choice)
    conflict = session.get(SyncConflict, conflict_id)
    if conflict is None or conflict.resolved_at is not None:
        raise NotFoundError("この同期の競合は、すでに解決されています。")
    if _is_superseded(session, conflict):
        conflict.resolved_at, conflict.resolution = utcnow(), "elsewhere"
        session.commit()
        raise KnownError("この記録は、競合の後に別の編集で書き換えられています。",
                         hint="いまの内容を確認し、必要なら直接修正してください。")
    model = _model(conflict.entity)
    row = session.get(model, conflict.entity_id)
    if conflict.kind == "restored":
        if choice == "other" and row is not None:
            session.delete(row)
    else:
        if row is None:
            raise KnownError("{label}はその後削除されています。", label=conflict.label)
        current = getattr(row, conflict.field)
        if current != conflict.kept_value:
            raise KnownError("この記録は、競合の後に別の編集で書き換えられています。",
                             hint="いまの内容を確認し、必要なら直接修正してください。")
        if choice == "other":
            setattr(row, conflict.field, conflict.other_value)
        elif choice == "both":
            setattr(row, conflict.field, rules.both_texts(conflict.kept_value,
                                                          conflict.other_value))
    conflict.resolved_at = utcnow()
    conflict.resolution = choice
    session.commit()
