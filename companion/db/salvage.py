"""Saving what SQLite can still read from a damaged database into a new file.

The damaged file is only read (opened read-only where SQLite allows it); the rows go
into a new encrypted database beside it, ``companion.db.salvaged-YYYYmmdd-HHMMSS``,
written under a work name and renamed when complete. It never replaces the original:
the user decides, after reading the report, whether to switch to it.

How: the new file gets the damaged file's schema (from ``sqlite_master``, which must
be readable), then each table's rows. A table is copied in one statement when it can
be read whole; otherwise in rowid order, a chunk at a time and row by row near the
damage, and where a read fails the copy jumps over the unreadable rowids (found by
doubling, then bisecting, the jump) and goes on. After a page fails its check,
SQLCipher refuses every later read through that connection, so the damaged file is
attached afresh after each failure. The search index is derived data: it is rebuilt from the saved rows rather
than copied. Finally indexes and triggers are created and the new file is checked with
``integrity_check`` and ``foreign_key_check``.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlcipher3
from sqlalchemy.pool import StaticPool

from companion.atomic import fsync_directory, fsync_file, partial_path
from companion.db import search_index, visit_tally
from companion.db.engine import key_literal
from companion.errors import KnownError, Message

log = logging.getLogger("companion.db")

SALVAGE_SUFFIX = ".salvaged-"
STAMP_FORMAT = "%Y%m%d-%H%M%S"
MAX_ROWID = 2**63 - 1
CHUNK_ROWS = 500  # rows read at a time from a damaged table (bounds the memory used)
_READ_ERRORS = (sqlcipher3.DatabaseError, sqlite3.DatabaseError)


@dataclass(frozen=True)
class TableSalvage:
    table: str
    saved: int
    complete: bool  # every row of the table could be read
    skipped_ranges: int = 0  # stretches of rowids that could not be read


@dataclass
class SalvageResult:
    path: Path
    tables: list[TableSalvage] = field(default_factory=list)
    # Problems of the new file itself (integrity, foreign keys, schema objects that
    # could not be made); empty when it is whole.
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(table.complete for table in self.tables) and not self.problems


def salvaged_name(database: Path, now: datetime) -> Path:
    return database.with_name(f"{database.name}{SALVAGE_SUFFIX}{now.strftime(STAMP_FORMAT)}")


def salvage_database(database: Path, *, key: bytes | None, now: datetime | None = None
                     ) -> SalvageResult:
    """Copy what can be read from ``database`` into a new file beside it; the result
    names the new file and says, per table, how many rows were saved."""
    target = salvaged_name(database, now or datetime.now())
    if target.exists():
        raise KnownError("取り出し先のファイルが既にあります: {path}",
                         hint="少し待ってから、もう一度実行してください。", path=target)
    partial = partial_path(target)
    partial.unlink(missing_ok=True)
    try:
        with _connect(partial, key) as connection:
            damaged = _Damaged(connection, database, key)
            result = _copy_into(damaged, _read_schema(connection, database))
        os.chmod(partial, 0o600)  # the practitioner's records: nobody else's to read
        fsync_file(partial)
        os.replace(partial, target)
        fsync_directory(target.parent)
    except OSError as exc:
        raise KnownError("取り出したファイルを書き込めません: {path} ({reason})"
                         , path=target, reason=exc.strerror or exc) from exc
    finally:
        partial.unlink(missing_ok=True)
    result.path = target
    log.info("salvaged %s into %s: %s", database.name, target.name,
             ", ".join(f"{t.table} {t.saved}" for t in result.tables))
    return result


@contextmanager
def _connect(partial: Path, key: bytes | None) -> Iterator[Any]:
    """The new file, as ``main``: no sync or journal on disk while it is filled (it is
    synced once at the end, and thrown away if anything fails)."""
    connection = sqlcipher3.connect(str(partial), isolation_level=None, uri=True,
                                    check_same_thread=False)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            connection.execute(f"PRAGMA key = {key_literal(key)}")
        connection.execute("PRAGMA journal_mode = MEMORY")
        connection.execute("PRAGMA synchronous = OFF")
        yield connection
    finally:
        connection.close()


def _attach_damaged(connection: Any, database: Path, key: bytes | None) -> None:
    """The damaged file as ``damaged``, read-only: nothing is ever written to it. When
    no write-ahead log holds recent changes it is opened as immutable, which also keeps
    SQLite from leaving ``-wal``/``-shm`` files beside it."""
    wal = database.with_name(database.name + "-wal")
    has_log = wal.exists() and wal.stat().st_size > 0
    uri = f"{database.resolve().as_uri()}?mode=ro" + ("" if has_log else "&immutable=1")
    literal = "''" if key is None else key_literal(key)
    try:
        connection.execute(f"ATTACH DATABASE ? AS damaged KEY {literal}", (uri,))
    except _READ_ERRORS as exc:
        raise _unreadable(database) from exc


class _Damaged:
    """Reads from the attached damaged file. After a page fails its check SQLCipher
    refuses every later read through that attachment, so each failure re-attaches it."""

    def __init__(self, connection: Any, database: Path, key: bytes | None) -> None:
        self.connection = connection
        self.database = database
        self.key = key
        _attach_damaged(connection, database, key)

    def failed(self) -> None:
        self.connection.execute("DETACH DATABASE damaged")
        _attach_damaged(self.connection, self.database, self.key)

    def detach(self) -> None:
        self.connection.execute("DETACH DATABASE damaged")


def _unreadable(database: Path) -> KnownError:
    return KnownError(
        "データベースの構造(先頭部分)が読めないため、取り出せるものがありません: {path}",
        hint="バックアップから復元してください(companion restore)。",
        path=database,
    )


@dataclass(frozen=True)
class _Object:
    kind: str  # table, index, trigger, view
    name: str
    sql: str


def _read_schema(connection: Any, database: Path) -> list[_Object]:
    try:
        rows = connection.execute(
            "SELECT type, name, sql FROM damaged.sqlite_master WHERE sql IS NOT NULL "
            "ORDER BY rowid").fetchall()
    except _READ_ERRORS as exc:
        raise _unreadable(database) from exc
    return [_Object(kind, name, sql) for kind, name, sql in rows]


def _copy_into(damaged: _Damaged, schema: list[_Object]) -> SalvageResult:
    connection = damaged.connection
    result = SalvageResult(path=Path())
    virtual = {o.name for o in schema if o.kind == "table" and _is_virtual(o.sql)}
    tables = [o for o in schema if o.kind == "table" and not o.name.startswith("sqlite_")
              and not _is_shadow(o.name, virtual)]
    for table in tables:
        connection.execute(table.sql)
    for table in tables:
        if table.name in virtual or visit_tally.is_derived_table(table.name):
            continue  # derived: rebuilt below from the saved rows
        result.tables.append(_copy_table(damaged, table.name))
    _copy_sequence(damaged)
    _copy_user_version(damaged)
    damaged.detach()
    for kind in ("index", "view", "trigger"):
        for item in (o for o in schema if o.kind == kind):
            try:
                connection.execute(item.sql)
            except sqlcipher3.DatabaseError as exc:
                result.problems.append(Message("{name} を作成できません({reason})", name=item.name,
                                                       reason=exc))
    if search_index.SEARCH_FTS in virtual:
        _rebuild_search_index(connection)
    result.problems.extend(_check(connection))
    return result


def _is_virtual(sql: str) -> bool:
    return sql.lstrip().upper().startswith("CREATE VIRTUAL TABLE")


def _is_shadow(name: str, virtual: set[str]) -> bool:
    """FTS5 keeps its data in tables named after it; creating it makes them again."""
    return any(name.startswith(f"{table}_") for table in virtual)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _copy_table(damaged: _Damaged, table: str) -> TableSalvage:
    connection = damaged.connection
    name = _quote(table)
    columns = ", ".join(_quote(row[1]) for row in
                        connection.execute(f"PRAGMA main.table_info({name})"))
    try:  # the whole table in one statement (rolled back as one if a page is unreadable)
        cursor = connection.execute(f"INSERT INTO main.{name} (rowid, {columns}) "
                                    f"SELECT rowid, {columns} FROM damaged.{name}")
        return TableSalvage(table, cursor.rowcount, complete=True)
    except _READ_ERRORS:
        damaged.failed()
        connection.execute(f"DELETE FROM main.{name}")
    return _copy_around_damage(damaged, table, columns)


def _copy_around_damage(damaged: _Damaged, table: str, columns: str) -> TableSalvage:
    """In rowid order, a chunk at a time; a chunk that cannot be read is read again row
    by row up to the damage, and the copy jumps over the rowids that cannot be read."""
    connection = damaged.connection
    name = _quote(table)
    select = (f"SELECT rowid, {columns} FROM damaged.{name} WHERE rowid > ? "
              "ORDER BY rowid LIMIT ?")
    insert = (f"INSERT INTO main.{name} (rowid, {columns}) "
              f"VALUES ({', '.join('?' * (columns.count(',') + 2))})")
    after = -MAX_ROWID - 1
    saved = skipped = 0
    limit = CHUNK_ROWS
    while True:
        try:
            rows = connection.execute(select, (after, limit)).fetchall()
        except _READ_ERRORS:
            damaged.failed()
            if limit > 1:
                limit = 1  # read up to the damage one row at a time
                continue
            skipped += 1
            resume = _next_readable(damaged, name, after)
            if resume is None:
                break  # nothing after the damage can be read
            after, limit = resume, CHUNK_ROWS
            continue
        if not rows:
            break
        connection.executemany(insert, rows)
        saved += len(rows)
        after = rows[-1][0]
    log.info("table %s: %d rows saved, %d unreadable stretches skipped", table, saved, skipped)
    return TableSalvage(table, saved, complete=False, skipped_ranges=skipped)


def _readable_after(damaged: _Damaged, name: str, after: int) -> bool:
    try:
        damaged.connection.execute(f"SELECT rowid FROM damaged.{name} WHERE rowid > ? "
                                   "ORDER BY rowid LIMIT 1", (after,)).fetchone()
    except _READ_ERRORS:
        damaged.failed()
        return False
    return True


def _next_readable(damaged: _Damaged, name: str, failed: int) -> int | None:
    """The smallest ``after`` > ``failed`` from which reading succeeds again (the rows
    in between cannot be read), or None when no later rowid can be read."""
    start = max(failed, 0)  # Companion's rowids are positive; negative ones are not probed
    step = 1
    bad = failed
    while True:
        probe = min(start + step, MAX_ROWID)
        if _readable_after(damaged, name, probe):
            break
        bad = probe
        if probe == MAX_ROWID:
            return None
        step *= 2
    good = probe
    while good - bad > 1:  # bisect: reading after ``bad`` fails, after ``good`` works
        middle = (bad + good) // 2
        if _readable_after(damaged, name, middle):
            good = middle
        else:
            bad = middle
    return good


def _copy_sequence(damaged: _Damaged) -> None:
    """AUTOINCREMENT counters, so that no number is handed out twice."""
    connection = damaged.connection
    has_sequence = connection.execute(
        "SELECT 1 FROM main.sqlite_master WHERE name = 'sqlite_sequence'").fetchone()
    if not has_sequence:
        return
    try:
        rows = connection.execute("SELECT name, seq FROM damaged.sqlite_sequence").fetchall()
    except _READ_ERRORS:
        damaged.failed()
        return
    connection.execute("DELETE FROM main.sqlite_sequence")
    connection.executemany("INSERT INTO main.sqlite_sequence (name, seq) VALUES (?, ?)", rows)


def _copy_user_version(damaged: _Damaged) -> None:
    try:
        version = int(damaged.connection.execute("PRAGMA damaged.user_version").fetchone()[0])
    except _READ_ERRORS:
        damaged.failed()
        return
    damaged.connection.execute(f"PRAGMA main.user_version = {version}")


def _rebuild_search_index(connection: Any) -> None:
    engine = sa.create_engine("sqlite://", module=sqlcipher3, creator=lambda: connection,
                              poolclass=StaticPool)
    try:
        with engine.connect() as sa_connection:
            search_index.rebuild(sa_connection)
            visit_tally.rebuild(sa_connection)
    finally:
        engine.dispose(close=False)


def _check(connection: Any) -> list[str]:
    problems: list[str] = [Message("整合性チェック: {line}", line=row[0])
                for row in connection.execute("PRAGMA integrity_check") if row[0] != "ok"]
    missing_parents: dict[tuple[str, str], int] = {}
    for table, _rowid, parent, _fk in connection.execute("PRAGMA foreign_key_check"):
        missing_parents[(table, parent)] = missing_parents.get((table, parent), 0) + 1
    problems.extend(Message("{table} の {count} 行が参照する {parent} の行は取り出せませんでした",
                            table=table, count=count, parent=parent)
                    for (table, parent), count in sorted(missing_parents.items()))
    return problems
