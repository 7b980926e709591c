"""Opening the database of a data folder: checks, engine, migrations."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Connection, Engine

from companion.atomic import PARTIAL_SUFFIX
from companion.db import whole_check
from companion.db.engine import (
    DRIVER_ERRORS,
    IMMEDIATE,
    create_db_engine,
    database_file,
    is_environment_error,
    translate_error,
)
from companion.db.migrate import (
    MigrationResult,
    current_revision,
    head_revision,
    upgrade_to_head,
)
from companion.errors import KnownError, Message
from companion.folder_lock import FolderLock
from companion.paths import DataPaths

log = logging.getLogger("companion.db")


@dataclass
class Database:
    """An open database: its folder, its engine and the key it was opened with."""

    paths: DataPaths
    engine: Engine
    key: bytes | None = None
    migration: MigrationResult | None = None
    # The process's hold on the data folder (set by services.storage; None in tests
    # that open a database directly). Replacing files needs it exclusive.
    folder_lock: FolderLock | None = None

    @property
    def file(self) -> Path:
        return self.paths.database

    def close(self) -> None:
        """Close the engine; the folder lock is released by whoever took it. Closing
        the last connection checkpoints the log into the file: Companion's own write."""
        with whole_check.own_write(self.file):
            self.engine.dispose()


def open_database(paths: DataPaths, *, create: bool = False, key: bytes | None = None,
                  migrate: bool = True) -> Database:
    """Open (and with ``create``, make) the database of a data folder, migrated to head.

    Without ``create`` a missing folder or database is an error and nothing is written,
    so a mistyped ``--data-dir`` never leaves an empty database behind, and a database
    that went missing or empty is never silently replaced by a new one. A damaged
    database is refused before any migration writes to it. ``migrate=False`` opens it as
    it is (``companion check`` looking at a damaged file).
    """
    if create:
        make_data_folder(paths)
    else:
        require_database(paths)
    engine = create_db_engine(paths.database, key=key)
    try:
        migration = None
        if migrate:
            _refuse_damaged_before_migrating(engine, paths)
            migration = upgrade_to_head(engine, backups_dir=paths.backups, key=key)
    except DRIVER_ERRORS as exc:
        engine.dispose()
        if is_damage_error(exc):
            raise damaged_error(paths) from exc
        if not is_environment_error(exc):
            raise
        raise translate_error(exc, paths.database) from exc
    except BaseException:
        engine.dispose()
        raise
    return Database(paths=paths, engine=engine, key=key, migration=migration)


def require_database(paths: DataPaths) -> None:
    """Fail, writing nothing, unless the folder and its database exist.

    Only a folder with neither key file nor database is a first start; a database that
    is missing or empty beside a key file held data once, and is refused with the two
    ways out (restore a backup, or ``check --repair``)."""
    if not paths.root.is_dir():
        raise KnownError(
            "データフォルダが見つかりません: {path}",
            hint="--data-dir の指定を確認するか、companion demo でデータを作成してください。",
            path=paths.root,
        )
    if is_empty_database(paths):
        raise KnownError("データベースが空です(0 バイト): {path}",
                         hint=lost_database_hint(paths), path=paths.database)
    if not paths.database.is_file():
        if paths.recovery_file.exists():
            raise KnownError("データベースがありません: {path}",
                             hint=lost_database_hint(paths), path=paths.database)
        raise KnownError(
            "データベースがありません: {path}",
            hint="アプリを起動するか companion demo で作成してください。",
            path=paths.database,
        )


def is_empty_database(paths: DataPaths) -> bool:
    """The database file is there but holds nothing (0 bytes)."""
    try:
        return paths.database.is_file() and paths.database.stat().st_size == 0
    except OSError:
        return False


def is_lost_database(paths: DataPaths) -> bool:
    """The folder has a key file but its database is missing or empty."""
    return is_empty_database(paths) or (
        paths.recovery_file.exists() and not paths.database.exists())


def recreate_lost_database(paths: DataPaths, *, key: bytes | None) -> Database:
    """``check --repair`` on a folder whose database is missing or empty: a new, empty
    database with the folder's key. What the folder still holds of the old one (a
    write-ahead log) is renamed aside, never deleted."""
    if not is_lost_database(paths):
        raise ValueError(f"{paths.database} is neither missing nor empty")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for suffix in ("", "-wal", "-shm"):
        leftover = paths.database.with_name(paths.database.name + suffix)
        if not leftover.exists():
            continue
        if suffix == "-shm" or leftover.stat().st_size == 0:
            leftover.unlink()  # holds nothing (the -shm index is rebuilt from the log)
        else:
            os.replace(leftover, leftover.with_name(f"{leftover.name}.lost-{stamp}"))
            log.info("kept %s aside as %s.lost-%s", leftover.name, leftover.name, stamp)
    log.info("made a new, empty database in place of the lost %s", paths.database)
    db = open_database(paths, create=True, key=key)
    with contextlib.suppress(OSError):
        os.chmod(paths.database, 0o600)
    return db


def newest_backup(paths: DataPaths) -> Path | None:
    """The most recent file in the backups folder (work files aside), if any."""
    try:
        candidates = [path for path in paths.backups.iterdir()
                      if path.is_file() and not path.name.startswith(".")
                      and not path.name.endswith(PARTIAL_SUFFIX)]
    except OSError:
        return None
    return max(candidates, key=lambda path: (path.stat().st_mtime, path.name), default=None)


def lost_database_hint(paths: DataPaths) -> Message:
    """The two ways out when the database went missing or empty."""
    backup = newest_backup(paths)
    if backup is None:
        return Message("バックアップがあれば companion restore FILE で復元するか、companion check --repair で"
                       "空のデータベースを作り直してください(それまで何も書き込みません)。")
    return Message("companion restore {backup} で最新のバックアップから復元するか、companion check --repair で"
                   "空のデータベースを作り直してください(それまで何も書き込みません)。", backup=backup)


def damaged_hint(paths: DataPaths) -> Message:
    """The two ways out when the database is damaged."""
    backup = newest_backup(paths)
    if backup is None:
        return Message("companion check --repair で読める部分を新しいファイルに取り出すか、"
                       "バックアップがあれば companion restore FILE で復元してください。")
    return Message("companion check --repair で読める部分を新しいファイルに取り出すか、"
                   "companion restore {backup} で最新のバックアップから復元してください。",
                   backup=backup)


def restore_hint(paths: DataPaths) -> Message:
    """The one way out when nothing could be saved from a damaged database."""
    backup = newest_backup(paths)
    if backup is None:
        return Message("バックアップがあれば companion restore FILE で復元してください。")
    return Message("companion restore {backup} で最新のバックアップから復元してください。",
                   backup=backup)


class DamagedDatabase(KnownError):
    """The database file is there, but SQLite cannot read all of it."""


def damaged_error(paths: DataPaths) -> DamagedDatabase:
    return DamagedDatabase("データベースが壊れています: {path}",
                           hint=damaged_hint(paths), path=paths.database)


_DAMAGE_WORDS = ("malformed", "corrupt", "not a database")
# A read that fails, as the driver says it or (a new connection) as a KnownError.
READ_FAILURES: tuple[type[BaseException], ...] = (KnownError, *DRIVER_ERRORS)


def is_damage_error(exc: BaseException) -> bool:
    """A driver error (or a KnownError made from one) that says the file is damaged.

    "not a database" is also what a wrong key gives; callers that have already read
    the file with this key (any query after opening) know it means damage."""
    if isinstance(exc, DamagedDatabase):
        return True
    cause = exc.__cause__ if isinstance(exc, KnownError) else exc
    if cause is None or not isinstance(cause, DRIVER_ERRORS):
        return False
    return any(word in _driver_text(cause).lower() for word in _DAMAGE_WORDS)


@contextlib.contextmanager
def explaining_damage(paths: DataPaths) -> Iterator[None]:
    """Inside, a read that fails because the file is damaged raises "the database is
    damaged" with the ways out (one line), instead of a driver error or "cannot open".
    Only for a database this process has already opened, so the key is known right."""
    try:
        yield
    except DamagedDatabase:
        raise
    except READ_FAILURES as exc:
        if not is_damage_error(exc):
            raise
        raise damaged_error(paths) from exc


def quick_check_problems(engine: Engine, *, limit: int = 10, pages_only: bool = False
                         ) -> list[str]:
    """SQLite's ``quick_check`` of the whole file: empty when it is whole.

    It reads every page (about 4 s for ten years of data), so it runs before exports
    and signatures, not before every list. ``pages_only`` checks every stored table
    and index one by one (the schema first), still reading every page of them, but
    leaves out the virtual tables' own checks: FTS5's compares its whole index with
    the text, half the time of the whole check, and finds no damage the page checks of
    its shadow tables miss (``check`` runs it, and compares the index itself). When it
    finds damage the engine's pooled connections are dropped: SQLCipher fails every
    later read on a connection that met a bad page, even of pages that are whole."""
    database = database_file(engine)
    state = whole_check.file_state(database) if database else None
    problems = _quick_check(engine, limit=limit, pages_only=pages_only, own_connection=False)
    if problems:
        engine.dispose()
    elif database is not None:
        whole_check.record_whole(database, state)
    return problems


class BackgroundQuickCheck:
    """``quick_check_problems(pages_only=True)`` in a thread of its own, on a connection
    of its own (closed after it), while the caller goes on: SQLite checks outside the
    GIL, so on two cores the check costs the caller little of its seconds. The
    caller's connections are left alone, whatever the check finds: its own reads
    fail by themselves on a page that is damaged. ``problems()`` waits for the result
    (and raises what the check raised, a busy file).

    No check runs when the record of the last one (``whole_check``) says the file is
    as a check found it whole less than a day ago; a check that finds nothing is
    recorded."""

    def __init__(self, engine: Engine, *, limit: int = 10) -> None:
        self._problems: list[str] = []
        self._failure: BaseException | None = None
        self._database = database_file(engine)
        self._state = whole_check.file_state(self._database) if self._database else None
        self._thread: threading.Thread | None = None
        if self._database is not None and whole_check.found_whole(self._database):
            return
        self._thread = threading.Thread(target=self._run, args=(engine, limit),
                                        name="quick-check", daemon=True)
        self._thread.start()

    @property
    def ran(self) -> bool:
        """Whether the whole file was read (False: the record vouched for it)."""
        return self._thread is not None

    def _run(self, engine: Engine, limit: int) -> None:
        try:
            self._problems = _quick_check(engine, limit=limit, pages_only=True,
                                          own_connection=True)
        except BaseException as exc:  # raised again on the caller's thread
            self._failure = exc

    def problems(self) -> list[str]:
        if self._thread is None:
            return []
        self._thread.join()
        if self._failure is not None:
            raise self._failure
        if not self._problems and self._database is not None:
            whole_check.record_whole(self._database, self._state)
        return self._problems


def _quick_check(engine: Engine, *, limit: int, pages_only: bool, own_connection: bool
                 ) -> list[str]:
    reading = engine.execution_options(**{IMMEDIATE: False})  # never the write lock
    try:
        with reading.connect() as connection:
            try:
                lines = _check_lines(connection, pages_only=pages_only)
            finally:
                if own_connection:  # never reused (nor, after a bad page, unusable)
                    connection.invalidate()
        problems = summarise_check_lines(lines, limit=limit)
    except DRIVER_ERRORS as exc:
        # The check only reads: any failure but a busy file means the file is unreadable
        # (after one bad page SQLCipher fails later reads with other messages too).
        if any(word in _driver_text(exc).lower() for word in ("locked", "busy")):
            raise
        problems = [Message("読めない部分があります({reason})", reason=_driver_text(exc))]
    except KnownError as exc:
        if not is_damage_error(exc):
            raise
        problems = [exc.message]
    return problems


def _check_lines(connection: Connection, *, pages_only: bool) -> list[str]:
    if not pages_only:
        return [str(row[0]) for row in connection.exec_driver_sql("PRAGMA quick_check")]
    tables = ["sqlite_schema", *(str(row[0]) for row in connection.exec_driver_sql(
        "SELECT name FROM sqlite_schema WHERE type = 'table' "
        "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"))]
    lines = [str(row[0]) for table in tables
             for row in connection.exec_driver_sql(f'PRAGMA quick_check("{table}")')]
    return [line for line in lines if line != "ok"] or ["ok"]


def summarise_check_lines(lines: list[str], *, limit: int = 10) -> list[str]:
    """integrity_check / quick_check output as at most ``limit`` one-line problems."""
    found = [part.strip() for line in lines for part in line.splitlines()
             if part.strip() and part.strip() != "*** in database main ***"]
    if found == ["ok"] or not found:
        return []
    shown = found[:limit]
    if len(found) > limit:
        shown.append(Message("ほか {count} 件", count=len(found) - limit))
    return shown


def _driver_text(exc: BaseException) -> str:
    """The driver's own message, first line only (SQLAlchemy adds the SQL after it)."""
    text = str(getattr(exc, "orig", None) or exc)
    return (text.splitlines() or [""])[0]


def _refuse_damaged_before_migrating(engine: Engine, paths: DataPaths) -> None:
    """A migration writes to the file: never to a damaged one."""
    with engine.connect() as connection:
        revision = current_revision(connection)
        has_tables = connection.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type='table'").scalar_one()
    if revision == head_revision() or not has_tables:
        return
    if quick_check_problems(engine):
        raise damaged_error(paths)


def make_data_folder(paths: DataPaths) -> None:
    try:
        paths.root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KnownError("データフォルダを作成できません: {path} ({reason})", path=paths.root, reason=exc.strerror) from exc
