"""Sessions for use cases, with every write recorded in the change log.

The change log is written from ``before_flush``, so a service cannot forget it: each
new, changed or deleted row gets one entry with its state before and after, in the
same transaction as the change itself.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, SQLModel

from companion.db.database import Database, damaged_error, is_damage_error
from companion.db.engine import (
    DRIVER_ERRORS,
    IMMEDIATE,
    is_environment_error,
    translate_error,
)
from companion.db.models import ChangeLog
from companion.db.types import utcnow
from companion.domain.enums import ChangeOperation


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _row_state(obj: SQLModel, overrides: dict[str, Any] | None = None) -> str:
    state = {
        column.key: _plain(getattr(obj, column.key))
        for column in sa.inspect(type(obj)).columns
    }
    state.update({key: _plain(value) for key, value in (overrides or {}).items()})
    return json.dumps(state, ensure_ascii=False, sort_keys=True)


def _previous_values(obj: SQLModel) -> dict[str, Any]:
    previous: dict[str, Any] = {}
    for attr in sa.inspect(obj).attrs:
        history = attr.history
        if history.has_changes() and history.deleted:
            previous[attr.key] = history.deleted[0]
    return previous


def _record_changes(session: OrmSession, _context: Any, _instances: Any) -> None:
    now = utcnow()
    change_set = session.info[CHANGE_SET]
    entries: list[ChangeLog] = []
    for obj in list(session.new):
        if isinstance(obj, SQLModel) and not isinstance(obj, ChangeLog):
            entries.append(_entry(obj, ChangeOperation.CREATE, now, change_set, after=_row_state(obj)))
    for obj in list(session.dirty):
        if not isinstance(obj, SQLModel) or not session.is_modified(obj):
            continue
        if hasattr(obj, "updated_at"):
            obj.updated_at = now
        before = _row_state(obj, _previous_values(obj))
        entries.append(_entry(obj, ChangeOperation.UPDATE, now, change_set, before=before,
                              after=_row_state(obj)))
    for obj in list(session.deleted):
        if isinstance(obj, SQLModel):
            entries.append(_entry(obj, ChangeOperation.DELETE, now, change_set, before=_row_state(obj)))
    if entries:
        session.info[CHANGED] = True
    session.add_all(entries)


def _entry(obj: SQLModel, operation: ChangeOperation, at: datetime, change_set: uuid.UUID, *,
           before: str | None = None, after: str | None = None) -> ChangeLog:
    identity = sa.inspect(obj).identity
    entity_id = getattr(obj, "id", None) or (identity[0] if identity else None)
    if not isinstance(entity_id, uuid.UUID):
        # Link rows have composite keys; log them under a stable id derived from them.
        key = json.loads(after or before or "{}")
        entity_id = uuid.uuid5(uuid.NAMESPACE_OID, json.dumps(key, sort_keys=True))
    return ChangeLog(id=uuid.uuid4(), at=at, change_set=change_set, entity=str(sa.inspect(type(obj)).local_table.name),
                     entity_id=entity_id, operation=operation, before=before, after=after)


CHANGE_SET = "companion_change_set"
CHANGED = "companion_changed"


def open_session(db: Database, *, write: bool = True) -> Session:
    """A session whose writes are logged; a writing one takes the lock at BEGIN.

    Every change it logs carries the session's change-set id, which identifies the use
    case for undo (``last_change_set``)."""
    bind = db.engine.execution_options(**{IMMEDIATE: write})
    session = Session(bind=bind, expire_on_commit=False)
    session.info[CHANGE_SET] = uuid.uuid4()
    event.listen(session, "before_flush", _record_changes)
    return session


def last_change_set(session: Session) -> uuid.UUID | None:
    """The change set this session wrote, or None when it changed nothing."""
    return session.info[CHANGE_SET] if session.info.get(CHANGED) else None


@contextmanager
def session_scope(db: Database, *, write: bool = True) -> Iterator[Session]:
    """Open a session for one use case and close it; errors from the driver that the
    environment causes (locked, disk full, read-only) become KnownErrors."""
    session = open_session(db, write=write)
    try:
        yield session
    except DRIVER_ERRORS as exc:
        session.rollback()
        if is_damage_error(exc):  # the file opened with this key: it is damaged
            raise damaged_error(db.paths) from exc
        if not is_environment_error(exc):
            raise
        raise translate_error(exc, db.file) from exc
    finally:
        session.close()
