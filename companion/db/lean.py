"""The command line's lean read path: a data folder read with the driver alone.

``companion search``, ``companion list …`` read; they need neither SQLAlchemy nor the
model classes nor Alembic, which cost a second of start-up before the first row. When
the folder is an ordinary, up-to-date one, ``lean_read`` opens the SQLCipher database
directly with the raw key from the keyring and runs a query of ``db.reads`` (the same
function the window and the services run through a Session) in one read transaction.

Anything out of the ordinary is left to the full path (``services.storage``), which
knows what to do and say: a folder or database that is missing or empty, a first start
that was stopped, a plain (unencrypted) database, a key the keyring does not give (the
passphrase must be asked), a stored schema revision other than this version's head (a
migration is due, or the file is from a newer Companion), or any driver error (a
damaged or busy file). Then ``lean_read`` raises ``LeanUnavailable`` having written
nothing, and the caller opens the folder the ordinary way. The caller holds the data
folder's lock (``folder_lock``, shared) around both.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TypeVar

import sqlcipher3

from companion.db import whole_check
from companion.db.reads import Connection
from companion.db.schema_current import schema_head_is_current
from companion.db.schema_head import SCHEMA_HEAD
from companion.db.sqlcipher import BUSY_TIMEOUT_MS, key_literal
from companion.paths import DataPaths
from companion.security.data_key import is_plain_sqlite, key_from_keyring

T = TypeVar("T")

# services.storage.FIRST_START_MARKER: a first start that did not finish (the full path
# starts it again).
FIRST_START_MARKER = ".first-start"


class LeanUnavailable(Exception):
    """This folder is not read on the lean path (the reason is the message): open it
    the ordinary way."""


def lean_read(paths: DataPaths, query: Callable[[Connection], T]) -> T:
    """``query`` run on the folder's database opened with the driver alone, in one read
    transaction (a consistent snapshot); ``LeanUnavailable`` when the full path must
    open the folder instead. Errors of the query's own (a KnownError: an engagement that
    does not exist) pass through unchanged."""
    connection = _open(paths)
    try:
        try:
            return query(connection)
        finally:
            with contextlib.suppress(sqlcipher3.DatabaseError):
                connection.execute("ROLLBACK")  # it only read
    except sqlcipher3.DatabaseError as exc:  # damaged, busy: the full path explains it
        raise LeanUnavailable(f"the query failed: {exc}") from exc
    finally:
        with whole_check.own_write(paths.database):  # the last one out checkpoints the log
            connection.close()


def _open(paths: DataPaths) -> sqlcipher3.Connection:
    """The database opened with the keyring's key, in a read transaction, at the head."""
    _check_folder(paths)
    key = key_from_keyring(paths)
    if key is None:
        raise LeanUnavailable("the keyring does not give the data key")
    try:
        connection = sqlcipher3.connect(str(paths.database), timeout=BUSY_TIMEOUT_MS / 1000,
                                        isolation_level=None)
    except sqlcipher3.DatabaseError as exc:
        raise LeanUnavailable(f"the database does not open: {exc}") from exc
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = {key_literal(key)}")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        connection.execute("PRAGMA query_only = ON")
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("BEGIN")  # the revision and the query: one snapshot
        revision = _stored_revision(connection)
    except sqlcipher3.DatabaseError as exc:
        connection.close()
        raise LeanUnavailable(f"the database does not read: {exc}") from exc
    if revision != SCHEMA_HEAD:
        connection.close()
        raise LeanUnavailable(f"schema revision {revision}, not {SCHEMA_HEAD}")
    return connection


def _check_folder(paths: DataPaths) -> None:
    """Only an ordinary folder: its database there and encrypted, no first start
    under way, and the schema head constant written from the migrations shipped."""
    try:
        if paths.database.stat().st_size == 0:
            raise LeanUnavailable("the database is empty")
    except OSError as exc:
        raise LeanUnavailable(f"no database: {exc}") from exc
    if (paths.root / FIRST_START_MARKER).exists():
        raise LeanUnavailable("a first start did not finish")
    if is_plain_sqlite(paths):
        raise LeanUnavailable("the database is not encrypted yet")
    if not schema_head_is_current():
        raise LeanUnavailable("schema_head.py is not the migrations' head")


def _stored_revision(connection: sqlcipher3.Connection) -> str | None:
    if connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                          "AND name = 'alembic_version'").fetchone() is None:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])
