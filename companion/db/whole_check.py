"""The record of the last whole-file check, so a report or an export need not read
every page of ten years of data before each run.

SQLite's quick_check reads every page: about 2 s on the large demo set, ten times that
on five times the data, whatever the command itself reads. ``whole-check.json`` in the
data folder keeps the state of the database file (size and modification time of the
file and of its write-ahead log) when a check last found it whole. A command may trust
that check while the files are still in that state and the check is less than a day old
(damage that leaves the modification time alone, a failing disk, is then found by the
next day's check, by ``companion check`` and by every backup).

Companion's own writes change the files too: the engine carries the record forward
across a commit and across closing the database (``carry_forward``) when the record
matched the files just before, so only a change from outside (another program, a copy,
a damaged sync) makes the next report check the whole file again. Every failure here
(a record unreadable, a write refused) only means the next command checks the whole file.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from companion.atomic import partial_path

RECORD_NAME = "whole-check.json"
VALID_FOR = timedelta(hours=24)

# (database size, database mtime_ns, write-ahead log size, its mtime_ns; -1 without one
# or with an empty one)
FileState = tuple[int, int, int, int]


def record_path(database: Path) -> Path:
    return database.with_name(RECORD_NAME)


def file_state(database: Path) -> FileState | None:
    """The database's files as the record compares them; None when it cannot be read."""
    try:
        main = database.stat()
    except OSError:
        return None
    try:
        wal = database.with_name(database.name + "-wal").stat()
    except FileNotFoundError:
        wal = None
    except OSError:
        return None
    # An empty log is there while any connection is open; it holds nothing.
    log = (wal.st_size, wal.st_mtime_ns) if wal is not None and wal.st_size else (-1, -1)
    return (main.st_size, main.st_mtime_ns, *log)


def _read(database: Path) -> tuple[FileState, datetime] | None:
    try:
        data = json.loads(record_path(database).read_text(encoding="utf-8"))
        state = tuple(int(value) for value in data["state"])
        checked_at = datetime.fromisoformat(data["checked_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if len(state) != 4 or checked_at.tzinfo is None:
        return None
    return (state[0], state[1], state[2], state[3]), checked_at


def _write(database: Path, state: FileState, checked_at: datetime) -> None:
    """Replace the record whole (rename, so a reader never sees half of it); not synced:
    a record lost in a crash only costs the next command a check."""
    path = record_path(database)
    partial = partial_path(path)  # left by a crash: removed at the next start
    with contextlib.suppress(OSError):
        partial.write_text(json.dumps({"state": list(state), "checked_at": checked_at.isoformat()}),
                           encoding="utf-8")
        os.chmod(partial, 0o600)
        os.replace(partial, path)
    with contextlib.suppress(OSError):
        partial.unlink(missing_ok=True)


def _fresh(checked_at: datetime, now: datetime | None) -> bool:
    age = (now or datetime.now(UTC)) - checked_at
    return timedelta(0) <= age <= VALID_FOR


def found_whole(database: Path, *, now: datetime | None = None) -> bool:
    """A check less than a day old found the file whole, and it has not changed since
    except by Companion's own writes."""
    record = _read(database)
    return (record is not None and _fresh(record[1], now)
            and record[0] == file_state(database))


def record_whole(database: Path, checked_from: FileState | None) -> None:
    """A whole-file check that started with the files in ``checked_from`` found nothing
    wrong; recorded only if nothing changed them while it ran."""
    if checked_from is not None and file_state(database) == checked_from:
        _write(database, checked_from, datetime.now(UTC))


def carry_forward(database: Path, before: FileState | None) -> None:
    """Companion itself has just written the files, which were in ``before``: a record
    that held then holds now (its check keeps its age)."""
    record = _read(database)
    if before is None or record is None or record[0] != before or not _fresh(record[1], None):
        return
    after = file_state(database)
    if after is not None and after != before:
        _write(database, after, record[1])


@contextlib.contextmanager
def own_write(database: Path) -> Iterator[None]:
    """Around something of Companion's that changes the files (a commit, closing the last
    connection, which checkpoints the log): the record is carried forward."""
    before = file_state(database)
    try:
        yield
    finally:
        carry_forward(database, before)
