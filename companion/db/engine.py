"""The SQLite engine: driver, pragmas, transactions, and what its errors mean.

The driver is ``sqlcipher3`` from the start: it bundles a current SQLite (3.5x) whose
FTS5 trigram tokenizer answers 2-character Japanese LIKE queries correctly (the
system SQLite 3.40 silently returns nothing), and it is the driver encryption at rest
needs. Without a key it reads and writes ordinary SQLite files.

Durability: WAL with ``synchronous=FULL``. In WAL mode ``NORMAL`` may lose the last
transactions on a power cut (they are in the WAL but not yet synced); ``FULL`` syncs
the WAL on every commit, so a record whose save returned survives a dead battery. The
cost is one fsync per commit, which a person typing a visit never notices.
"""

from __future__ import annotations

import logging
import sqlite3
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlcipher3
from sqlalchemy import event
from sqlalchemy.engine import Dialect, Engine

from companion.db import whole_check
from companion.db.sqlcipher import BUSY_TIMEOUT_MS, key_literal
from companion.errors import KnownError

__all__ = ["BUSY_TIMEOUT_MS", "DRIVER_ERRORS", "IMMEDIATE", "create_db_engine",
           "is_environment_error", "key_literal", "translate_error"]

log = logging.getLogger("companion.db")

IMMEDIATE = "companion_immediate"  # execution option: take the write lock at BEGIN


def create_db_engine(database: Path, *, key: bytes | None = None) -> Engine:
    """An engine on one database file (created if missing)."""

    def connect() -> Any:
        try:
            return sqlcipher3.connect(str(database), timeout=BUSY_TIMEOUT_MS / 1000,
                                      check_same_thread=False)
        except sqlcipher3.OperationalError as exc:
            raise translate_error(exc, database) from exc

    engine = sa.create_engine("sqlite://", module=sqlcipher3, creator=connect,
                              pool_pre_ping=False)
    event.listen(engine, "connect", _on_connect(database, key))
    event.listen(engine, "begin", _on_begin)
    _carry_whole_check_forward(engine, database)
    _DATABASE_FILES[engine.dialect] = database
    return engine


# By dialect: an engine with other execution options (a session's bind) shares it, and
# it outlives ``dispose()`` (which makes a new pool).
_DATABASE_FILES: weakref.WeakKeyDictionary[Dialect, Path] = weakref.WeakKeyDictionary()


def database_file(engine: Engine) -> Path | None:
    """The file an engine of ``create_db_engine`` opens (None for any other engine)."""
    return _DATABASE_FILES.get(engine.dialect)


def _carry_whole_check_forward(engine: Engine, database: Path) -> None:
    """Companion's own commits keep the record of the last whole-file check
    (``whole_check``): the files' state is taken as a transaction commits and the record
    moved on once the connection is back in the pool, the commit done."""

    def on_commit(conn: sa.Connection) -> None:
        conn.info[_STATE_BEFORE_COMMIT] = whole_check.file_state(database)

    def on_checkin(_dbapi_conn: Any, record: Any) -> None:
        if record is not None and _STATE_BEFORE_COMMIT in record.info:
            whole_check.carry_forward(database, record.info.pop(_STATE_BEFORE_COMMIT))

    event.listen(engine, "commit", on_commit)
    event.listen(engine, "checkin", on_checkin)


_STATE_BEFORE_COMMIT = "companion_state_before_commit"


def _on_connect(database: Path, key: bytes | None) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event issue BEGIN itself (the driver's implicit
        # transactions do not cover SELECTs, so a read-then-write would not be atomic).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute("PRAGMA cipher_log_level = NONE")
            if key is not None:
                cursor.execute(f"PRAGMA key = {key_literal(key)}")
            cursor.execute("SELECT count(*) FROM sqlite_master").fetchone()
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        except sqlcipher3.DatabaseError as exc:
            raise translate_error(exc, database) from exc
        finally:
            cursor.close()

    return on_connect


def _on_begin(conn: sa.Connection) -> None:
    immediate = conn.get_execution_options().get(IMMEDIATE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
    # Foreign keys are checked at COMMIT: the ORM inserts rows of unrelated mappers in
    # no particular order, and a use case is one transaction anyway.
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")


def translate_error(exc: BaseException, database: Path) -> KnownError:
    """Turn a driver error the environment caused into a clear message.

    Errors that are not the environment's (a constraint broken by our own code) are
    bugs; callers test ``is_environment_error`` first and let those propagate.
    """
    text = str(getattr(exc, "orig", exc) or exc).lower()
    if "not a database" in text or "malformed" in text:
        return KnownError(
            "データベースを開けません(壊れているか、鍵が違います): {path}",
            hint="バックアップから復元するか、companion check で確認してください。",
            path=database,
        )
    if "locked" in text or "busy" in text:
        return KnownError(
            "データベースが他のプログラムで使用中です: {path}",
            hint="Companion を二重に起動していないか確認してください。",
            path=database,
        )
    if "disk" in text and "full" in text:
        return KnownError("ディスクの空き容量が足りません。", hint="空き容量を増やしてから再度保存してください。")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return KnownError(
            "データベースに書き込めません: {path}",
            hint="フォルダの書き込み権限を確認してください。",
            path=database,
        )
    return KnownError("データベースを読み書きできません: {path} ({reason})", path=database, reason=text)


_ENVIRONMENT_WORDS = ("not a database", "malformed", "locked", "busy", "disk", "readonly",
                      "read-only", "unable to open", "i/o error", "full")


def is_environment_error(exc: BaseException) -> bool:
    """A driver error caused by the file or the machine, not by a bug of ours."""
    if isinstance(exc, sa.exc.IntegrityError | sqlite3.IntegrityError | sqlcipher3.IntegrityError):
        return False
    text = str(getattr(exc, "orig", exc) or exc).lower()
    return any(word in text for word in _ENVIRONMENT_WORDS)


DRIVER_ERRORS: tuple[type[BaseException], ...] = (
    sqlcipher3.DatabaseError,
    sqlite3.DatabaseError,
    sa.exc.DBAPIError,
)
