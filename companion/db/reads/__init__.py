"""Read queries written once, on a plain DB-API connection (sqlcipher3 or sqlite3).

The window and the services run them inside a Session's transaction through
``driver_connection(session)``; the command line's lean read path
(``companion.db.lean``) runs the very same functions on a connection of its own,
without SQLAlchemy. Nothing in this package imports SQLAlchemy, SQLModel or the
model classes: a column is read as SQLite stores it (``db.types``: ids as 32 hex
digits, dates and UTC timestamps as ISO text, enums as their member's name) and
turned into the value the model would have given, by the helpers below.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Protocol


class Cursor(Protocol):
    def fetchall(self) -> list[Any]: ...

    def fetchone(self) -> Any: ...


class Connection(Protocol):
    """What the queries use of a DB-API connection (sqlite3 style, named parameters)."""

    def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] = ...) -> Any: ...


def driver_connection(session: Any) -> Connection:
    """The driver's connection under a Session, inside the session's transaction (its
    BEGIN is issued when the session first connects). Changes the session holds are
    flushed first, as the ORM's own queries do (autoflush), so a read sees them."""
    if session.autoflush and (session.new or session.dirty or session.deleted):
        session.flush()
    connection: Connection | None = session.connection().connection.driver_connection
    assert connection is not None
    return connection


def rows(connection: Connection, sql: str,
         parameters: Sequence[Any] | Mapping[str, Any] = ()) -> list[tuple[Any, ...]]:
    """Every row of a query, as tuples."""
    return [tuple(row) for row in connection.execute(sql, parameters).fetchall()]


def uuid_of(value: str) -> uuid.UUID:
    """A stored id (32 hex digits) as the model reads it."""
    return uuid.UUID(value)


def maybe_uuid(value: str | None) -> uuid.UUID | None:
    return None if value is None else uuid.UUID(value)


def day_of(value: str | None) -> date | None:
    """A stored date ('2026-11-20'), or None."""
    return None if value is None else date.fromisoformat(value)


def moment_of(value: str | None) -> datetime | None:
    """A stored timestamp (UTC ISO text, ``db.types.AwareDateTime``), timezone-aware."""
    return None if value is None else datetime.fromisoformat(value)


def id_parameter(value: uuid.UUID) -> str:
    """An id as a query parameter, as it is stored."""
    return value.hex


def placeholders(values: Iterable[Any]) -> str:
    """``?, ?, ?`` for an IN (...) list of these values."""
    return ", ".join("?" for _ in values)
