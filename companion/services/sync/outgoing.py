"""What this device sends: its own change-log entries, and the whole state for a new
device (a snapshot), as plain JSON (docs/sync-merge.md).

An entry on the wire is a ChangeLog row as a dict of JSON-plain values: ids as hex,
times as ISO 8601, the operation as its stored code; ``before``/``after`` are the
row copies exactly as logged (secret columns were never in them). D1's segments carry
these dicts as they are.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

import companion.db.models  # noqa: F401  (every table in SQLModel.metadata)
from companion.db.models import SyncPeer
from companion.db.types import utcnow
from companion.errors import KnownError
from companion.services.open_export import exported_tables
from companion.services.session import current_device, is_secret, logged_value

SNAPSHOT_FORMAT = 1
ENTRY_KEYS = ("id", "at", "change_set", "entity", "entity_id", "operation", "before", "after",
              "device_id", "sequence", "hlc", "schema_revision", "row_version")


def plain(value: Any) -> Any:
    """A column value as JSON: UUIDs as hex, times as ISO 8601, enums as their code."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.name
    return value


def entry_to_wire(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A ChangeLog row (as read by Core) as the dict that travels."""
    return {key: plain(row[key]) for key in ENTRY_KEYS}


def entry_from_wire(entry: Mapping[str, Any]) -> dict[str, Any]:
    """A travelled entry as ChangeLog column values; KnownError when it is not one."""
    table = SQLModel.metadata.tables["changelog"]
    try:
        values = {key: logged_value(table.c[key], entry[key]) for key in ENTRY_KEYS}
        for key in ("sequence", "hlc", "row_version"):
            if not isinstance(values[key], int) or isinstance(values[key], bool):
                raise TypeError(key)
        for key in ("before", "after"):
            if values[key] is not None and (not isinstance(values[key], str)
                                            or not isinstance(json.loads(values[key]), dict)):
                raise TypeError(key)
        if not isinstance(values["entity"], str) or not isinstance(values["schema_revision"], str):
            raise TypeError("entity")
    except (KeyError, TypeError, ValueError, AttributeError):
        raise KnownError("同期の変更記録が読めません(形式が違います)。",
                         hint="相手の端末の Companion を同じ版にしてから、もう一度同期してください。"
                         ) from None
    return values


def outgoing_entries(session: Session, *, after_sequence: int) -> list[dict[str, Any]]:
    """This device's own entries after ``after_sequence``, in the order they were made."""
    log = SQLModel.metadata.tables["changelog"]
    rows = session.connection().execute(
        sa.select(log).where(log.c.device_id == current_device(session),
                             log.c.sequence > after_sequence)
        .order_by(log.c.sequence)).mappings()
    return [entry_to_wire(row) for row in rows]


def applied_vector(session: Session) -> dict[str, int]:
    """For every device whose entries are here (this one included): the last of its
    entries held, by sequence (device hex -> sequence). A device's entries are applied
    in order without gaps, so this is also how many there are."""
    log = SQLModel.metadata.tables["changelog"]
    return {device.hex: int(last) for device, last in session.connection().execute(
        sa.select(log.c.device_id, sa.func.max(log.c.sequence)).group_by(log.c.device_id))}


def uncovered(session: Session, deps: Mapping[str, int]) -> dict[str, int]:
    """The devices of ``deps`` whose entries up to that sequence are not all here yet
    (device hex -> the sequence still needed). This device's own are always here."""
    vector = applied_vector(session)
    own = current_device(session).hex
    missing: dict[str, int] = {}
    for device, needed in deps.items():
        key = uuid.UUID(str(device)).hex
        if key != own and int(needed) > vector.get(key, 0):
            missing[key] = int(needed)
    return missing


# -- the snapshot: the whole state at once, for a new device ------------------------------

def _snapshot_tables() -> list[sa.Table]:
    return exported_tables()  # every synced table (local ones are left out), parents first


def state_snapshot(session: Session) -> dict[str, Any]:
    """Every synced table's rows and the whole change log, as plain JSON, for a device
    that starts from it instead of replaying every change (``load_snapshot``).
    Secret columns stay out (the register's private key travels in a segment's
    encrypted secrets: register_keeper.secrets_to_send)."""
    connection = session.connection()
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in _snapshot_tables():
        columns = [column for column in table.columns if not is_secret(column)]
        order = list(table.primary_key.columns)
        tables[table.name] = [
            {column.key: plain(row[column.key]) for column in columns}
            for row in connection.execute(sa.select(*columns).order_by(*order)).mappings()]
    revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return {"format": SNAPSHOT_FORMAT, "schema_revision": revision,
            "device": current_device(session).hex, "vector": applied_vector(session),
            "tables": tables}


def _column_values(table: sa.Table, row: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in table.columns:
        if column.key in row:
            values[column.key] = logged_value(column, row[column.key])
        elif is_secret(column):
            values[column.key] = None if column.nullable else ""
    return values


def load_snapshot(session: Session, snapshot: Mapping[str, Any]) -> None:
    """Fill this (empty) database from another device's ``state_snapshot``: every row
    inserted as it is, the change log too (nothing replayed, nothing logged again), and
    each device's entries marked as applied. The caller commits."""
    connection = session.connection()
    if snapshot.get("format") != SNAPSHOT_FORMAT or not isinstance(snapshot.get("tables"), dict):
        raise KnownError("同期の全体コピー(スナップショット)の形式が違います。",
                         hint="相手の端末の Companion を同じ版にしてから、もう一度同期してください。")
    revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    if snapshot.get("schema_revision") != revision:
        raise KnownError("同期の全体コピーのスキーマ {revision} は、この Companion のスキーマ "
                         "{expected} と違います。", revision=snapshot.get("schema_revision"),
                         expected=revision,
                         hint="両方の端末の Companion を同じ版にしてから、もう一度同期してください。")
    tables = _snapshot_tables()
    for table in tables:
        if connection.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first():
            raise KnownError("この端末にはすでに記録があるため、全体コピーから始められません。",
                             hint="新しい端末は空のデータフォルダで参加してください。")
    rows_by_table: Mapping[str, Any] = snapshot["tables"]
    try:
        for table in tables:
            rows = rows_by_table.get(table.name) or []
            batch = [_column_values(table, row) for row in rows]
            for start in range(0, len(batch), 500):
                connection.execute(table.insert(), batch[start:start + 500])
    except (sa.exc.IntegrityError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KnownError("同期の全体コピーを取り込めません: {reason}",
                         reason=str(exc).splitlines()[0][:200]) from None
    own = current_device(session).hex
    for device, sequence in applied_vector(session).items():
        if device != own:
            mark_applied(session, uuid.UUID(device), sequence)


def mark_applied(session: Session, device: uuid.UUID, sequence: int) -> None:
    """Record that ``device``'s entries up to ``sequence`` are applied here (its
    SyncPeer row, made when the device is first heard of)."""
    found = _peer_id(session, device)
    peer = session.get(SyncPeer, found) if found is not None else None
    if peer is None:
        peer = SyncPeer(device_id=device)
        session.add(peer)
    peer.applied_sequence = max(peer.applied_sequence, sequence)
    peer.last_seen_at = utcnow()
    session.flush()


def _peer_id(session: Session, device: uuid.UUID) -> uuid.UUID | None:
    table = SQLModel.metadata.tables["syncpeer"]
    found = session.connection().execute(
        sa.select(table.c.id).where(table.c.device_id == device)).scalar()
    return found if isinstance(found, uuid.UUID) else None


__all__ = ["applied_vector", "entry_from_wire", "entry_to_wire", "load_snapshot",
           "mark_applied", "outgoing_entries", "plain", "state_snapshot", "uncovered"]
