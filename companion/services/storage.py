"""Opening a data folder for use: its lock, its key, encryption, the migrated database.

This is the one way the app and the CLI open their data, so every start goes through
the same checks: the folder exists (unless we may create it), work files that killed
processes left behind are removed, the data key comes from the keyring or the recovery
passphrase, a database left unencrypted by an older version is encrypted in place, and
migrations run after a backup.

Creating a data folder and encrypting a plain database replace files, so they happen
only while this process holds the folder alone (``folder_lock``). A first start that
was killed half-way is recognised by its marker file and started again from scratch;
it can hold no user data yet.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass

from companion.atomic import remove_stale_partials
from companion.db.database import Database, open_database, require_database
from companion.db.encryption import encrypt_plain_database
from companion.errors import KnownError
from companion.folder_lock import Access, FolderLock, prepare_data_folder
from companion.keystore import SecretStore
from companion.paths import DataPaths
from companion.security.data_key import (
    AskPassphrase,
    PassphrasePurpose,
    UnlockedKey,
    create_data_key,
    has_data_key,
    is_plain_sqlite,
    obtain_data_key,
    unlock_data_key,
)

log = logging.getLogger("companion.services")

FIRST_START_MARKER = ".first-start"


@dataclass
class OpenedData:
    db: Database
    key: UnlockedKey


@dataclass(frozen=True)
class KeyringStatus:
    """The keyring in use, and whether it gives this data folder's key (so that no
    passphrase is asked at start)."""

    backend: str
    holds_key: bool | None  # None: the folder has no data key (not encrypted)
    problem: str  # why the keyring could not be read ('' when it could)


class _NotInKeyring(Exception):
    """The keyring could not give the data key (the passphrase would be asked)."""


def _not_in_keyring(_purpose: PassphrasePurpose) -> str:
    raise _NotInKeyring


def keyring_status(paths: DataPaths) -> KeyringStatus:
    """Ask the keyring (slow on some systems, and never on the window's thread)."""
    backend = SecretStore.backend_name()
    if not has_data_key(paths):
        return KeyringStatus(backend, None, "")
    try:
        unlock_data_key(paths, _not_in_keyring)
    except _NotInKeyring:
        return KeyringStatus(backend, False, "")
    except KnownError as exc:
        return KeyringStatus(backend, False, exc.message)
    return KeyringStatus(backend, True, "")


def open_data_folder(paths: DataPaths, *, ask: AskPassphrase, create: bool = False,
                     lock: FolderLock | None = None) -> OpenedData:
    """Open the data folder of ``paths`` (with ``create``, make it on a first start).

    ``lock`` is this process's hold on the folder: held already (the CLI takes it for
    the whole command), or not yet (the window: taken here, SHARED, and kept until the
    window ends). Without one (tests, tools) creation still takes the folder alone."""
    prepare_data_folder(paths, create=create)
    if not create:
        require_database(paths)  # names what is missing; nothing is written
    tidy_data_folder(paths)
    unlocked: UnlockedKey | None = None
    if create and _first_start_needed(paths):
        with _alone(paths, lock):
            if _first_start_needed(paths):  # another process may have done it meanwhile
                unlocked = _first_start(paths, ask)
    require_database(paths)  # a database gone missing or empty is never made anew
    if is_plain_sqlite(paths):
        with _alone(paths, lock):
            unlocked = obtain_data_key(paths, ask)
            if is_plain_sqlite(paths):
                log.info("encrypting the unencrypted database at %s", paths.database)
                encrypt_plain_database(paths.database, unlocked.key)
    if lock is not None and lock.access is None:
        lock.acquire(Access.SHARED)
    unlocked = unlocked or obtain_data_key(paths, ask)
    db = open_database(paths, key=unlocked.key)
    db.folder_lock = lock
    return OpenedData(db=db, key=unlocked)


def tidy_data_folder(paths: DataPaths) -> None:
    """Remove the work files of processes that were killed (never a live one's)."""
    removed = []
    for folder in (paths.root, paths.staging, paths.backups, paths.attachments):
        removed += remove_stale_partials(folder)
    for path in removed:
        log.info("removed %s, left by a process that was stopped", path.name)


def _first_start_needed(paths: DataPaths) -> bool:
    marker = paths.root / FIRST_START_MARKER
    if marker.exists():
        return True  # an earlier first start was stopped before it finished
    return not has_data_key(paths) and not paths.database.exists()


def _first_start(paths: DataPaths, ask: AskPassphrase) -> UnlockedKey:
    """Make the database, then its key file; the marker says a first start is under
    way, so that a kill at any point is undone at the next start."""
    marker = paths.root / FIRST_START_MARKER
    if marker.exists():
        log.warning("a first start was interrupted; starting the data folder again")
        for name in (paths.database.name, paths.database.name + "-wal",
                     paths.database.name + "-shm"):
            (paths.root / name).unlink(missing_ok=True)
        paths.recovery_file.unlink(missing_ok=True)
    marker.touch()
    unlocked = create_data_key(paths, ask)
    open_database(paths, create=True, key=unlocked.key).close()
    marker.unlink()
    with contextlib.suppress(OSError):
        os.chmod(paths.database, 0o600)
    log.info("created the data folder %s", paths.root)
    return unlocked


@contextlib.contextmanager
def _alone(paths: DataPaths, lock: FolderLock | None) -> Iterator[None]:
    """Hold the folder alone for a moment: through ``lock`` (then it is left SHARED, or
    as the caller had it), or a lock of its own when the caller has none."""
    if lock is None:
        with FolderLock(paths, holder="Companion").acquire(Access.EXCLUSIVE):
            yield
        return
    if lock.access is None:
        lock.acquire(Access.EXCLUSIVE)
        try:
            yield
        finally:
            lock.release()
        return
    with lock.exclusive():
        yield
