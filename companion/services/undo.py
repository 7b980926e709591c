"""Undo and redo of a use case, from the change log.

Every write is in the change log with its state before and after, grouped by change
set (one use case). Undoing a change set applies the inverse of each entry, newest
first (by the device's sequence), as a new use case; that undo is itself a change set,
so redo is undoing it. Nothing is overwritten that changed since: each row must still
be exactly what the entry wrote (an autosave after it, an action added to a visit it
created), or the undo is refused and nothing is changed. The disclosure register is
append-only and is never undone: a mistake there is corrected by a new version.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from companion.db.models import ChangeLog
from companion.db.types import utcnow
from companion.domain.enums import ChangeOperation
from companion.errors import KnownError
from companion.services.session import Change, current_device, log_changes, logged_value

APPEND_ONLY = frozenset({"logentry", "disclosureversion", "disclosure", "disclosureengagement",
                         "signingkey", "exportedbundle"})
# What a file handed to someone else stands for: the key a contact card gave out opens
# the packages made for it, and a referral made is a fact the sender's record keeps.
HANDED_OUT = frozenset({"referralkey", "referralsent"})

# What a row is called in a refusal (the user's words for the tables undo can touch).
ENTITY_NAMES = {
    "client": "事業者", "sponsor": "委託元", "engagement": "伴走案件", "planitem": "行動計画の項目",
    "planbaseline": "合意した計画", "kpi": "指標", "kpitarget": "指標の目標値",
    "kpiactual": "指標の実績", "visit": "訪問記録", "visitaction": "次のアクション",
    "visittemplate": "訪問テンプレート", "attachment": "添付ファイル", "review": "第三者レビュー",
    "reviewfinding": "レビューの所見", "reviewerkey": "レビュー担当者の鍵",
    "reportnarrative": "報告書の所見", "flagdisposition": "レビューで求められた対応", "sponsortarget": "委託元の目標",
    "pendingdisclosure": "封印待ちの開示", "referralreceived": "受け取った引き継ぎ",
}
_TITLE_COLUMNS = ("name", "title", "purpose", "text", "file_name", "label", "reviewer")


def _row_values(table: sa.Table, state: str) -> dict[str, Any]:
    data = json.loads(state)
    return {c.name: logged_value(c, data[c.name]) for c in table.columns if c.name in data}


def _key(table: sa.Table, values: dict[str, Any]) -> sa.ColumnElement[bool]:
    return sa.and_(*(column == values[column.name] for column in table.primary_key.columns))


def describe(table: str, values: dict[str, Any]) -> str:
    """A row as the user knows it: 訪問記録「販路開拓の相談」."""
    label = ENTITY_NAMES.get(table, "記録")
    for name in _TITLE_COLUMNS:
        value = values.get(name)
        if isinstance(value, str) and value.strip():
            title = value.strip().splitlines()[0]
            return f"{label}「{title[:20]}{'…' if len(title) > 20 else ''}」"
    return label


def _changed_later(what: str, hint: str = "") -> KnownError:
    return KnownError("{what}は後から変更されているため、元に戻せません。", what=what,
                      hint=hint or "いまの内容を確認し、必要なら直接修正してください。")


def _current(session: Session, table: sa.Table, key: dict[str, Any]) -> dict[str, Any] | None:
    row = session.execute(sa.select(table).where(_key(table, key))).mappings().first()
    return dict(row) if row is not None else None


def _is_as_written(current: dict[str, Any] | None, written: dict[str, Any]) -> bool:
    """The row is still what the entry wrote (every logged column; 5 == 5.0, a label
    equals its enum member, times compare as instants)."""
    return current is not None and all(current.get(name) == value
                                       for name, value in written.items())


def _referencing(session: Session, table: sa.Table, values: dict[str, Any]) -> str | None:
    """The name of a kind of row that points at this one, if any does."""
    for child in SQLModel.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is table and session.execute(
                    sa.select(sa.literal(1)).select_from(child)
                    .where(fk.parent == values[fk.column.name]).limit(1)).first():
                return ENTITY_NAMES.get(child.name, "記録")
    return None


def _missing_parent(session: Session, table: sa.Table, values: dict[str, Any]) -> str | None:
    """The name of a kind of row this one points at that is no longer there."""
    for fk in table.foreign_keys:
        value = values.get(fk.parent.name)
        parent = fk.column.table
        if value is not None and session.execute(
                sa.select(sa.literal(1)).select_from(parent)
                .where(fk.column == value).limit(1)).first() is None:
            return ENTITY_NAMES.get(parent.name, "記録")
    return None


def _revert(session: Session, table: sa.Table, entry: ChangeLog) -> Change:
    """Apply the inverse of one entry, after checking the row is as it left it."""
    operation = ChangeOperation(entry.operation)
    if operation == ChangeOperation.DELETE:
        before = _row_values(table, entry.before or "{}")
        what = describe(table.name, before)
        if _current(session, table, before) is not None:
            raise _changed_later(what, "同じ記録が後から作り直されています。")
        gone = _missing_parent(session, table, before)
        if gone is not None:
            raise _changed_later(what, f"関連する{gone}が後から削除されています。")
        session.execute(sa.insert(table).values(before))
        return Change(table, entry.entity_id, ChangeOperation.CREATE, after=entry.before)
    after = _row_values(table, entry.after or "{}")
    current = _current(session, table, after)
    what = describe(table.name, current or after)
    if not _is_as_written(current, after):
        raise _changed_later(what)
    if operation == ChangeOperation.CREATE:
        later = _referencing(session, table, after)
        if later is not None:
            raise _changed_later(what, f"後から追加された{later}があります。")
        session.execute(sa.delete(table).where(_key(table, after)))
        return Change(table, entry.entity_id, ChangeOperation.DELETE, before=entry.after)
    before = _row_values(table, entry.before or "{}")
    session.execute(sa.update(table).where(_key(table, after)).values(before))
    return Change(table, entry.entity_id, ChangeOperation.UPDATE, before=entry.after,
                  after=entry.before)


def undo_change_set(*, session: Session, change_set: uuid.UUID) -> uuid.UUID:
    """Revert one use case; returns the change set of the revert (to redo it). Refused
    (KnownError, nothing changed) when a row it wrote has changed since."""
    entries = session.exec(
        select(ChangeLog).where(ChangeLog.change_set == change_set)
        .order_by(col(ChangeLog.sequence).desc())
    ).all()
    if not entries:
        raise KnownError("取り消せる変更がありません。")
    if any(entry.entity in APPEND_ONLY for entry in entries):
        raise KnownError("開示の記録は取り消せません。", hint="訂正は新しい版として記録してください。")
    if any(entry.entity in HANDED_OUT for entry in entries):
        raise KnownError("相手に渡したファイル(連絡先カード・引き継ぎパッケージ)の記録は取り消せません。",
                         hint="書き出したファイルはそのまま使えます。")
    if any(entry.device_id != current_device(session) and entry.schema_revision != "0001"
           for entry in entries):
        # A change that came from another device (sync) is never undone here: undo is
        # for this device's own last use case, and a change made elsewhere is corrected
        # by a new edit, which syncs. History from before device ids (schema 0001,
        # stamped with one legacy device by migration 0002) was written in this folder.
        raise KnownError("別の端末で行った変更は、この端末では取り消せません。",
                         hint="いまの内容を確認し、必要なら直接修正してください。")
    tables = SQLModel.metadata.tables
    try:
        changes = [_revert(session, tables[entry.entity], entry) for entry in entries]
    except BaseException:
        session.rollback()
        raise
    # Core statements bypass the ORM's flush, so the revert is logged by hand.
    revert = uuid.uuid4()
    log_changes(session, revert, changes, at=utcnow())
    session.commit()
    return revert


@dataclass
class UndoStack:
    """What can be undone and redone, newest last, each with a label for the menu.
    Plain data: the window holds one and runs the use cases it names on the worker."""

    limit: int = 100
    undo_items: list[tuple[str, uuid.UUID]] = field(default_factory=list)
    redo_items: list[tuple[str, uuid.UUID]] = field(default_factory=list)

    def record(self, label: str, change_set: uuid.UUID | None) -> None:
        if change_set is None:
            return
        self.undo_items = [*self.undo_items, (label, change_set)][-self.limit:]
        self.redo_items = []

    def next_undo(self) -> tuple[str, uuid.UUID] | None:
        return self.undo_items[-1] if self.undo_items else None

    def next_redo(self) -> tuple[str, uuid.UUID] | None:
        return self.redo_items[-1] if self.redo_items else None

    def undone(self, revert: uuid.UUID) -> None:
        label, _ = self.undo_items.pop()
        self.redo_items.append((label, revert))

    def redone(self, revert: uuid.UUID) -> None:
        label, _ = self.redo_items.pop()
        self.undo_items.append((label, revert))


