"""Undo and redo of a use case, from the change log.

Every write is in the change log with its state before and after, grouped by change
set (one use case). Undoing a change set applies the inverse of each entry, newest
first, as a new use case; that undo is itself a change set, so redo is undoing it.
The disclosure register is append-only and is never undone: a mistake there is
corrected by a new version.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from companion.db.models import ChangeLog
from companion.db.types import AwareDateTime
from companion.domain.enums import ChangeOperation
from companion.errors import KnownError

APPEND_ONLY = frozenset({"logentry", "disclosureversion", "disclosure", "disclosureengagement",
                         "signingkey", "exportedbundle"})


def _python_value(column: sa.Column[Any], value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, sa.Uuid):
        return uuid.UUID(value)
    if isinstance(kind, AwareDateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, sa.Date):
        return date.fromisoformat(value)
    return value


def _row_values(table: sa.Table, state: str) -> dict[str, Any]:
    data = json.loads(state)
    return {c.name: _python_value(c, data[c.name]) for c in table.columns if c.name in data}


def _key(table: sa.Table, values: dict[str, Any]) -> sa.ColumnElement[bool]:
    return sa.and_(*(column == values[column.name] for column in table.primary_key.columns))


def undo_change_set(*, session: Session, change_set: uuid.UUID) -> uuid.UUID:
    """Revert one use case; returns the change set of the revert (to redo it)."""
    entries = session.exec(
        select(ChangeLog).where(ChangeLog.change_set == change_set)
        .order_by(col(ChangeLog.at).desc(), col(ChangeLog.id).desc())
    ).all()
    if not entries:
        raise KnownError("取り消せる変更がありません。")
    if any(entry.entity in APPEND_ONLY for entry in entries):
        raise KnownError("開示の記録は取り消せません。", hint="訂正は新しい版として記録してください。")
    tables = SQLModel.metadata.tables
    for entry in entries:
        table = tables[entry.entity]
        if entry.operation == ChangeOperation.CREATE:
            after = _row_values(table, entry.after or "{}")
            session.execute(sa.delete(table).where(_key(table, after)))
        elif entry.operation == ChangeOperation.UPDATE:
            before = _row_values(table, entry.before or "{}")
            session.execute(sa.update(table).where(_key(table, before)).values(before))
        else:
            session.execute(sa.insert(table).values(_row_values(table, entry.before or "{}")))
    # Core statements bypass the ORM's flush, so the revert is logged by hand.
    revert = uuid.uuid4()
    for entry in entries:
        inverse = {ChangeOperation.CREATE: ChangeOperation.DELETE,
                   ChangeOperation.DELETE: ChangeOperation.CREATE,
                   ChangeOperation.UPDATE: ChangeOperation.UPDATE}[ChangeOperation(entry.operation)]
        session.add(ChangeLog(change_set=revert, entity=entry.entity, entity_id=entry.entity_id,
                              operation=inverse, before=entry.after, after=entry.before))
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


