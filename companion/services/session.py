"""Sessions for use cases, with every write recorded in the change log.

The change log is written from ``before_flush``, so a service cannot forget it: each
new, changed or deleted row gets one entry with its state before and after, in the
same transaction as the change itself; so does each row a database cascade deletes
with its parent. Secret columns (``info={"secret": True}``) are left out of both
states. Every entry is stamped here (``log_changes``, also used by undo): the device
that wrote it and its place in that device's writes, a hybrid logical clock, the
schema revision and the row's version. Within one flush, entries are made parents
first for creates and children first for deletes, so undo, which replays them
backwards, never meets a row whose parent is missing.
"""

from __future__ import annotations

import functools
import json
import os
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, SQLModel

from companion.db.bulk_insert import insert_rows
from companion.db.database import Database, damaged_error, is_damage_error
from companion.db.device import local_device_id
from companion.db.engine import (
    DRIVER_ERRORS,
    IMMEDIATE,
    is_environment_error,
    translate_error,
)
from companion.db.models import ChangeLog
from companion.db.types import AwareDateTime, utcnow
from companion.domain.enums import ChangeOperation
from companion.domain.hlc import Hlc, tick
from companion.paths import DataPaths

_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit
E = TypeVar("E", bound=Enum)


_AS_IS = frozenset({str, int, float, bool, type(None)})  # most values: checked first


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:
        return value
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.name  # the stored code (db.types.code_enum)
    return value


def logged_enum(enum_class: type[E], value: str) -> E:
    """An enum member from a change-log copy: its code, or its label in entries written
    before schema 0003 (history stays as it was written)."""
    if value in enum_class.__members__:
        return enum_class[value]
    return enum_class(value)


def logged_value(column: sa.Column[Any], value: Any) -> Any:
    """A column's Python value from its change-log copy (``row_state``)."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, sa.Enum) and kind.enum_class is not None:
        return logged_enum(kind.enum_class, value)
    if isinstance(kind, sa.Uuid):
        return uuid.UUID(value)
    if isinstance(kind, AwareDateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, sa.Date):
        return date.fromisoformat(value)
    return value


def is_secret(column: sa.Column[Any]) -> bool:
    """A column whose value never leaves its row (models: ``info={"secret": True}``)."""
    return bool(column.info.get("secret"))


def row_state(table: sa.Table, values: Mapping[str, Any]) -> str:
    """A row as the change log keeps it: JSON of every column but the secret ones,
    keys sorted (made in that order: the same text as ``sort_keys``, made faster)."""
    state = {key: _plain(values[key]) for key in _logged_keys(table)}
    return json.dumps(state, ensure_ascii=False)


@functools.cache
def _logged_keys(table: sa.Table) -> tuple[str, ...]:
    return tuple(sorted(column.key for column in table.columns if not is_secret(column)))


def is_local(table: sa.Table) -> bool:
    """A table that belongs to this computer alone (models: ``info={"local": True}``:
    sync settings, peers, conflicts): never in the change log, never synced, never
    exported."""
    return bool(table.info.get("local"))


def _table(obj: SQLModel) -> sa.Table:
    table = sa.inspect(type(obj)).local_table
    assert isinstance(table, sa.Table)
    return table


def _values(obj: SQLModel, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    values = {column.key: getattr(obj, column.key) for column in _table(obj).columns}
    values.update(overrides or {})
    return values


def _previous_values(obj: SQLModel) -> dict[str, Any]:
    previous: dict[str, Any] = {}
    for attr in sa.inspect(obj).attrs:
        history = attr.history
        if history.has_changes() and history.deleted:
            previous[attr.key] = history.deleted[0]
    return previous


def _primary_key(table: sa.Table, values: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(values[column.key] for column in table.primary_key.columns)


def entity_id_of(table: sa.Table, values: Mapping[str, Any]) -> uuid.UUID:
    """The id a row is logged under: its ``id``, or for a link row (a composite key) a
    stable id derived from its columns."""
    row_id = values.get("id")
    if isinstance(row_id, uuid.UUID):
        return row_id
    return uuid.uuid5(uuid.NAMESPACE_OID, json.dumps(json.loads(row_state(table, values)),
                                                     sort_keys=True))


@dataclass(frozen=True)
class Change:
    """One change to log: the row's table, its key values, and its states."""

    table: sa.Table
    entity_id: uuid.UUID
    operation: ChangeOperation
    before: str | None = None
    after: str | None = None


def _rank() -> dict[str, int]:
    return {table.name: index for index, table in enumerate(SQLModel.metadata.sorted_tables)}


def _parents_first(table: sa.Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of one table ordered so that a row pointing at another row of the same
    table (a plan item's parent) comes after it; otherwise as given."""
    own = [fk for fk in table.foreign_keys if fk.column.table is table]
    if not own or len(rows) < 2:
        return rows
    by_key = {_primary_key(table, row): row for row in rows}
    placed: set[tuple[Any, ...]] = set()
    ordered: list[dict[str, Any]] = []

    def place(row: dict[str, Any], path: frozenset[tuple[Any, ...]]) -> None:
        key = _primary_key(table, row)
        if key in placed or key in path:
            return
        for fk in own:
            parent = by_key.get((row[fk.parent.key],))
            if parent is not None:
                place(parent, path | {key})
        placed.add(key)
        ordered.append(row)

    for row in rows:
        place(row, frozenset())
    return ordered


def _in_dependency_order(items: list[tuple[sa.Table, dict[str, Any], Change]], *,
                         parents_first: bool) -> list[Change]:
    rank = _rank()
    tables: dict[str, sa.Table] = {}
    grouped: dict[str, list[dict[str, Any]]] = {}
    changes: dict[int, Change] = {}
    for table, values, change in items:
        tables[table.name] = table
        grouped.setdefault(table.name, []).append(values)
        changes[id(values)] = change
    ordered: list[Change] = []
    for name in sorted(grouped, key=lambda n: rank.get(n, len(rank)), reverse=not parents_first):
        rows = _parents_first(tables[name], grouped[name])
        if not parents_first:
            rows = rows[::-1]
        ordered += [changes[id(row)] for row in rows]
    return ordered


def _cascaded(session: OrmSession, table: sa.Table, values: Mapping[str, Any],
              deleting: set[tuple[str, tuple[Any, ...]]]) -> list[Change]:
    """The rows the database will delete with this one (ON DELETE CASCADE, all the
    way down), deepest first, leaving out those the session deletes itself."""
    found: list[Change] = []
    connection = session.connection()
    for child in SQLModel.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is not table or fk.ondelete != "CASCADE":
                continue
            rows = [dict(row) for row in connection.execute(
                sa.select(child).where(fk.parent == values[fk.column.key])).mappings()]
            for row in rows:
                key = (child.name, _primary_key(child, row))
                if key in deleting:
                    continue
                deleting.add(key)
                found += _cascaded(session, child, row, deleting)
                found.append(Change(child, entity_id_of(child, row), ChangeOperation.DELETE,
                                    before=row_state(child, row)))
    return found


def _record_changes(session: OrmSession, _context: Any, _instances: Any) -> None:
    now = utcnow()
    creates: list[tuple[sa.Table, dict[str, Any], Change]] = []
    for obj in list(session.new):
        if isinstance(obj, SQLModel) and not isinstance(obj, ChangeLog):
            if is_local(_table(obj)):
                continue
            table, values = _table(obj), _values(obj)
            creates.append((table, values, Change(table, entity_id_of(table, values),
                                                  ChangeOperation.CREATE,
                                                  after=row_state(table, values))))
    updates: list[Change] = []
    for obj in list(session.dirty):
        if not isinstance(obj, SQLModel) or not session.is_modified(obj):
            continue
        if is_local(_table(obj)):
            continue
        if hasattr(obj, "updated_at"):
            obj.updated_at = now
        table, values = _table(obj), _values(obj)
        updates.append(Change(table, entity_id_of(table, values), ChangeOperation.UPDATE,
                              before=row_state(table, _values(obj, _previous_values(obj))),
                              after=row_state(table, values)))
    deleted = [obj for obj in list(session.deleted)
               if isinstance(obj, SQLModel) and not is_local(_table(obj))]
    deleting = {(_table(obj).name, _primary_key(_table(obj), _values(obj))) for obj in deleted}
    deletes: list[tuple[sa.Table, dict[str, Any], Change]] = []
    cascades: list[Change] = []
    for obj in deleted:
        table, values = _table(obj), _values(obj)
        cascades += _cascaded(session, table, values, deleting)
        deletes.append((table, values, Change(table, entity_id_of(table, values),
                                              ChangeOperation.DELETE,
                                              before=row_state(table, values))))
    changes = [*_in_dependency_order(creates, parents_first=True), *updates, *cascades,
               *_in_dependency_order(deletes, parents_first=False)]
    if changes:
        session.info[CHANGED] = True
        log_changes(session, session.info[CHANGE_SET], changes, at=now)


def _device_id(session: OrmSession) -> uuid.UUID:
    device = session.info.get(DEVICE)
    if device is None:
        paths = session.info.get(PATHS)
        if not isinstance(paths, DataPaths):
            raise RuntimeError("a session that writes must come from open_session")
        device = session.info[DEVICE] = local_device_id(paths)
    assert isinstance(device, uuid.UUID)
    return device


def current_device(session: Session) -> uuid.UUID:
    """The device this session's writes are logged as (``db.device``)."""
    return _device_id(session)


def _schema_revision(connection: sa.Connection) -> str:
    revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    if not isinstance(revision, str):
        raise RuntimeError("the database has no schema revision")
    return revision


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _row_versions(connection: sa.Connection, changes: Iterable[Change]) -> dict[
        tuple[str, uuid.UUID], int]:
    ids = sorted({change.entity_id for change in changes}, key=lambda entity_id: entity_id.int)
    versions: dict[tuple[str, uuid.UUID], int] = {}
    log = SQLModel.metadata.tables["changelog"]
    for chunk in _chunks(ids):
        for entity, entity_id, version in connection.execute(
            sa.select(log.c.entity, log.c.entity_id, sa.func.max(log.c.row_version))
            .where(log.c.entity_id.in_(chunk)).group_by(log.c.entity, log.c.entity_id)
        ):
            versions[(entity, entity_id)] = version
    return versions


def _new_ids(count: int) -> list[uuid.UUID]:
    """``count`` random (version 4) ids, from one read of the system's random source
    instead of one per id: a large change set logs tens of thousands of entries."""
    data = os.urandom(16 * count)
    return [uuid.UUID(bytes=data[start:start + 16], version=4)
            for start in range(0, len(data), 16)]


def log_changes(session: OrmSession, change_set: uuid.UUID, changes: Sequence[Change], *,
                at: datetime) -> None:
    """Write change-log entries for ``changes``, stamped in this order, in the session's
    transaction. Inserted at once (not as ORM objects, which cost more than the row
    they log), so the next stamp reads them."""
    if not changes:
        return
    connection = session.connection()
    log = SQLModel.metadata.tables["changelog"]
    device = _device_id(session)
    revision = session.info.get(REVISION) or _schema_revision(connection)
    session.info[REVISION] = revision
    sequence = connection.execute(
        sa.select(sa.func.max(log.c.sequence)).where(log.c.device_id == device)).scalar() or 0
    latest = connection.execute(sa.select(sa.func.max(log.c.hlc))).scalar()
    clock = Hlc.unpack(latest) if latest is not None else None
    now_ms = int(at.timestamp() * 1000)
    versions = _row_versions(connection, changes)
    entries = []
    for change, entry_id in zip(changes, _new_ids(len(changes)), strict=True):
        sequence += 1
        clock = tick(clock, now_ms)
        key = (change.table.name, change.entity_id)
        versions[key] = versions.get(key, 0) + 1
        entries.append({
            "id": entry_id, "at": at, "change_set": change_set, "entity": change.table.name,
            "entity_id": change.entity_id, "operation": change.operation,
            "before": change.before, "after": change.after, "device_id": device,
            "sequence": sequence, "hlc": clock.pack(), "schema_revision": revision,
            "row_version": versions[key]})
    insert_rows(connection, log, entries)


CHANGE_SET = "companion_change_set"
CHANGED = "companion_changed"
PATHS = "companion_paths"
DEVICE = "companion_device"
REVISION = "companion_schema_revision"


def open_session(db: Database, *, write: bool = True) -> Session:
    """A session whose writes are logged; a writing one takes the lock at BEGIN.

    Every change it logs carries the session's change-set id, which identifies the use
    case for undo (``last_change_set``)."""
    bind = db.engine.execution_options(**{IMMEDIATE: write})
    session = Session(bind=bind, expire_on_commit=False)
    session.info[CHANGE_SET] = uuid.uuid4()
    session.info[PATHS] = db.paths
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
