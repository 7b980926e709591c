"""Backups: automatic rotating copies, exports to carry away, and restore.

Every backup is taken with SQLite's online backup API (a consistent copy of a live
database), encrypted with the data key like the database itself, turned into a single
self-contained file (rollback journal, so no ``-wal`` ever appears beside it) and
verified (it opens, ``integrity_check`` passes) before it gets its name and before any
older backup is thinned away. A failed or full-disk backup leaves nothing behind.

An exported backup (``companion backup --out FILE``) is the whole data folder in one
zip: database, attachment store, key envelope and settings, with a manifest of hashes
(``backup_archive``). It restores on a new laptop with the recovery passphrase alone.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlcipher3

from companion.atomic import atomic_output, fsync_directory, write_atomically, write_error
from companion.db.copy import copy_database
from companion.db.database import Database, open_database, quick_check_problems
from companion.db.engine import key_literal
from companion.db.migrate import known_revisions
from companion.domain.backup_policy import RetentionPolicy, backups_to_remove
from companion.errors import KnownError, Message
from companion.paths import DataPaths, check_output_path
from companion.security import recovery
from companion.security.data_key import AskPassphrase, PassphrasePurpose, remember_key
from companion.security.file_crypto import decrypt_stream, encrypt_stream
from companion.services import backup_archive
from companion.services.attachments import AttachmentStore
from companion.services.health import check_database

log = logging.getLogger("companion.backups")

NAME_FORMAT = "companion-%Y%m%d-%H%M%S.db"
STAMP_FORMAT = "%Y%m%d-%H%M%S"
RESTORE_HISTORY = "restore-history.jsonl"
DEFAULT_RETENTION = RetentionPolicy()
_SIDECARS = (".partial", "-wal", "-shm", "-journal")  # what SQLite or copy_database adds


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    size_bytes: int


def list_backups(paths: DataPaths) -> list[BackupInfo]:
    """The automatic backups, newest first."""
    found = []
    for path in paths.backups.glob("companion-*.db"):
        try:
            taken = datetime.strptime(path.name, NAME_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            continue
        found.append(BackupInfo(path, taken, path.stat().st_size))
    return sorted(found, key=lambda info: info.taken_at, reverse=True)


def verify_database_file(path: Path, key: bytes | None, *, name: str = "") -> str:
    """Open a database file with the key and check it; returns its schema revision.
    ``name`` is what messages call the file (a staged copy has an internal name)."""
    name = name or path.name
    try:
        connection = sqlcipher3.connect(str(path))
    except sqlcipher3.Error as exc:
        raise KnownError("バックアップを開けません: {name} ({reason})", name=name, reason=exc) from exc
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            connection.execute(f"PRAGMA key = {key_literal(key)}")
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise KnownError("バックアップが壊れています: {name} ({reason})", name=name, reason=result[0])
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlcipher3.DatabaseError as exc:
        raise KnownError(
            "Companion のバックアップとして読めません: {name}",
            hint="壊れているか、別の鍵で暗号化されています。",
         name=name,) from exc
    finally:
        connection.close()
    if revision is None:
        raise KnownError("Companion のバックアップではありません: {name}", name=name)
    return str(revision[0])


def _copy(db: Database, target: Path) -> None:
    """A consistent, self-contained copy of ``db`` at ``target`` (a work file): SQLite's
    "disk is full" becomes the OSError it is, for ``atomic.write_error``."""
    try:
        copy_database(db.engine, target, key=db.key)
        connection = sqlcipher3.connect(str(target))
        try:
            if db.key is not None:
                connection.execute(f"PRAGMA key = {key_literal(db.key)}")
            connection.execute("PRAGMA journal_mode = DELETE").fetchall()
        finally:
            connection.close()
    except sqlcipher3.Error as exc:
        if "full" in str(exc).lower():
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target)) from exc
        raise


def _remove_work_file(path: Path) -> None:
    """A work file and whatever SQLite or ``copy_database`` put beside it."""
    for suffix in ("", *_SIDECARS):
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink(missing_ok=True)


def make_backup(db: Database, *, now: datetime | None = None,
                policy: RetentionPolicy = DEFAULT_RETENTION) -> BackupInfo:
    """Take, verify, then thin the automatic backups. The copy is made under a work
    name beside its final one and renamed only once verified; on any failure (a full
    disk) it is removed with its journal files."""
    taken = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    target = db.paths.backups / taken.strftime(NAME_FORMAT)
    db.paths.backups.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial: Path | None = None
    try:
        with atomic_output(target) as partial:
            _copy(db, partial)
            verify_database_file(partial, db.key, name=target.name)
    finally:
        if partial is not None:
            _remove_work_file(partial)
    info = BackupInfo(target, taken, target.stat().st_size)
    existing = {backup.taken_at: backup.path for backup in list_backups(db.paths)}
    for old in backups_to_remove(existing, now=taken, policy=policy):
        existing[old].unlink(missing_ok=True)
        log.info("removed old backup %s", existing[old].name)
    log.info("backup %s verified", target.name)
    return info


def export_backup(db: Database, out: Path) -> Path:
    """The whole data folder in one file (zip, ``backup_archive``) for another disk or
    a new laptop; written under a work name and renamed when complete. ``out`` may not
    be inside the data folder."""
    out = check_output_path(out, db.paths)
    if not db.paths.recovery_file.is_file():
        raise KnownError("復旧用の鍵ファイルがありません: {path}", path=db.paths.recovery_file)
    staged = db.paths.staging_file("export.db")
    try:
        try:
            _copy(db, staged)
        except OSError as exc:
            raise write_error(staged, exc) from exc
        revision = verify_database_file(staged, db.key, name=backup_archive.DATABASE)
        with atomic_output(out) as partial:
            backup_archive.write(partial, database=staged, recovery_file=db.paths.recovery_file,
                                 settings_file=db.paths.settings_file,
                                 attachments=db.paths.attachments, schema_revision=revision)
    finally:
        _remove_work_file(staged)
    log.info("exported backup %s", out)
    return out


# -- restoring ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_backup: BackupInfo | None
    schema_revision: str
    problems: tuple[str, ...] = ()  # what ``check`` found in the restored data
    rolled_back: int = 0  # register entries of the replaced data that are gone
    set_aside: Path | None = None  # the unreadable database the backup replaced


class RollbackRefused(KnownError):
    """The backup's signed register is shorter than, or differs from, the current one:
    restoring it needs the user's explicit word (``allow_rollback``)."""

    def __init__(self, lost: int, message: str, /, *, hint: str = "", **fields: Any) -> None:
        super().__init__(message, hint=hint, **fields)
        self.lost = lost


@dataclass(frozen=True)
class _Register:
    """The signed register's entry hashes, in order (``logentry``)."""

    hashes: tuple[str, ...]

    @property
    def summary(self) -> dict[str, Any]:
        return {"entries": len(self.hashes), "head": self.hashes[-1] if self.hashes else None}

    def lost_by(self, replacement: _Register) -> int:
        """How many of these entries a replacement that does not extend them drops."""
        common = 0
        for mine, theirs in zip(self.hashes, replacement.hashes, strict=False):
            if mine != theirs:
                break
            common += 1
        return len(self.hashes) - common


def restore_backup(paths: DataPaths, source: Path, *, current: Database | None,
                   current_key: bytes | None, ask: AskPassphrase,
                   close_current: Callable[[], None] = lambda: None,
                   allow_rollback: bool = False) -> RestoreResult:
    """Replace the data folder's data with a verified backup.

    Nothing in the data folder changes until the whole backup has been staged, checked
    (``backup_archive.stage``), decrypted and checked again; then, holding the folder
    alone, the current state is backed up first and the files are replaced: the key
    file (new laptop), the attachments, the settings, last the database (one rename).
    A kill at any point leaves the old database, or the new one, with every attachment
    either needs: the backup's attachments are added to the store, none is removed.
    A backup made with another key (an old laptop's) is re-encrypted with this folder's
    key; a folder with no key yet (a new laptop) adopts the backup's key file. A
    database that could not be opened (``current`` None beside a key) is moved to the
    backups folder as ``replaced-<time>.db``, never overwritten. ``check`` runs on the
    result; its problems come back in the result.

    A backup whose signed register does not extend the current one (shorter, or
    diverging) would silently undo signed entries: it is refused unless
    ``allow_rollback``. Every restore appends one JSON line to ``restore-history.jsonl``
    in the data folder (kept across restores, never exported): ``restored_at``,
    ``source``, ``format`` (0 a plain database file, else the zip format),
    ``schema_revision``, ``register_before`` and ``register_after`` (``entries``,
    ``head`` hash), ``rolled_back_entries``, ``safety_backup`` (the path of the copy of
    the replaced state), ``previous_settings`` (the replaced settings' copy) and
    ``set_aside``; a rollback is also logged as a warning (``companion.backups``).
    """
    source = source.expanduser().resolve()
    adopt = current_key is None
    if adopt and paths.database.exists():
        raise KnownError("鍵のないデータベースが既にあります: {path}",
                         hint="別の空のデータフォルダに復元してください。", path=paths.database)
    folder = paths.staging_file("restore")
    try:
        folder.mkdir(mode=0o700)
        staged = backup_archive.stage(source, folder)
        key = _key_for(staged, current_key, ask)
        revision = verify_database_file(staged.database, key, name=source.name)
        if revision not in known_revisions():
            raise KnownError("このバックアップは新しいバージョンの Companion で作成されています。",
                             hint="Companion を更新してから復元してください。")
        if current_key is not None and key != current_key:
            staged, key = _rekeyed(staged, key, current_key, folder), current_key
        incoming = _Register(tuple(_query(staged.database, key, _REGISTER_SQL)))
        with _alone(current):
            before = _current_register(current)
            lost = before.lost_by(incoming)
            if lost and not allow_rollback:
                raise RollbackRefused(
                    lost,
                    "このバックアップに戻すと署名付きの記録が {lost} 件失われます(現在 {current} 件、バックアップ {backup} 件): {name}",
                    hint="古い記録に戻してよい場合だけ、companion restore --allow-rollback で復元してください。", lost=lost, current=len(before.hashes), backup=len(incoming.hashes), name=source.name)
            safety, damaged = _safety_backup(current)
            close_current()
            set_aside = _set_aside(paths) if not adopt and (current is None or damaged) else None
            previous_settings = _replace_files(paths, staged, key, adopt=adopt, safety=safety)
            record = {
                "restored_at": datetime.now(UTC).isoformat(), "source": str(source),
                "format": staged.version, "schema_revision": revision,
                "register_before": before.summary, "register_after": incoming.summary,
                "rolled_back_entries": lost,
                "safety_backup": str(safety.path) if safety else None,
                "previous_settings": str(previous_settings) if previous_settings else None,
                "set_aside": str(set_aside) if set_aside else None,
            }
            problems = _record(paths, record) + _check(paths, key)
    except OSError as exc:
        raise write_error(Path(exc.filename) if exc.filename else folder, exc) from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if lost:
        log.warning("restore of %s rolled the signed register back by %d entries "
                    "(%s); the state before is in %s", source, lost, record["register_before"],
                    record["safety_backup"])
    log.info("restored %s (format %s, schema %s)", source, staged.version, revision)
    return RestoreResult(source, safety, revision, tuple(problems), lost, set_aside)


def _key_for(staged: backup_archive.StagedBackup, current_key: bytes | None,
             ask: AskPassphrase) -> bytes:
    """The key that opens the staged database: this folder's, or the backup's own
    (unwrapped with the recovery passphrase) when it comes from another key."""
    if staged.recovery is not None and (current_key is None
                                        or not _opens_with(staged.database, current_key)):
        return recovery.unwrap(staged.recovery, ask(PassphrasePurpose.UNLOCK))
    if current_key is None:
        raise KnownError("このバックアップを開く鍵がありません。",
                         hint="書き出したバックアップ(.zip)を指定してください。")
    return current_key


def _opens_with(database: Path, key: bytes) -> bool:
    try:
        _query(database, key, "SELECT count(*) FROM sqlite_master")
    except sqlcipher3.DatabaseError:
        return False
    return True


_REGISTER_SQL = "SELECT entry_hash FROM logentry ORDER BY seq"


def _query(database: Path, key: bytes, sql: str) -> list[Any]:
    """The first column of ``sql`` on a (staged) database file; none when a table it
    reads does not exist yet (an older schema)."""
    connection = sqlcipher3.connect(str(database))
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = {key_literal(key)}")
        return [row[0] for row in connection.execute(sql)]
    except sqlcipher3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise
    finally:
        connection.close()


def _current_register(current: Database | None) -> _Register:
    """The register being replaced; empty when there is none (a new laptop) or it
    cannot be read (the database is damaged: restoring is the way out)."""
    if current is None:
        return _Register(())
    try:
        with current.engine.connect() as connection:
            return _Register(tuple(row[0] for row in connection.exec_driver_sql(_REGISTER_SQL)))
    except sa.exc.DBAPIError as exc:
        log.warning("the current register cannot be read (%s); restoring over it", exc)
        return _Register(())


@contextlib.contextmanager
def _alone(current: Database | None) -> Iterator[None]:
    """Hold the data folder alone while its files are replaced (the window shares it;
    a CLI restore holds it alone already, then this changes nothing)."""
    if current is None or current.folder_lock is None:
        yield
        return
    with current.folder_lock.exclusive():
        yield


def _rekeyed(staged: backup_archive.StagedBackup, old_key: bytes, new_key: bytes,
             folder: Path) -> backup_archive.StagedBackup:
    """The staged backup re-encrypted with this folder's key: database and attachments."""
    connection = sqlcipher3.connect(str(staged.database))
    try:
        connection.execute(f"PRAGMA key = {key_literal(old_key)}")
        connection.execute(f"PRAGMA rekey = {key_literal(new_key)}")
    finally:
        connection.close()
    if staged.attachments is None:
        return staged
    target = folder / "attachments-rekeyed"
    hashes = _query(staged.database, new_key, "SELECT DISTINCT sha256 FROM attachment")
    _reencrypt(hashes, AttachmentStore(staged.attachments, old_key),
               AttachmentStore(target, new_key))
    return replace(staged, attachments=target)


class _Plain:
    """Reads the plaintext of an encrypted file chunk by chunk (for ``encrypt_stream``)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks, self._buffer = chunks, b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        if size < 0:
            size = len(self._buffer)
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data


def _reencrypt(hashes: list[str], old: AttachmentStore, new: AttachmentStore) -> None:
    """Copy each attachment from one key's store to another's, never in plain text.
    One that cannot be decrypted is left out: ``check`` reports it after the restore."""
    for sha256 in hashes:
        source, target = old.blob_path(sha256), new.blob_path(sha256)
        if not source.is_file():
            continue
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            with open(source, "rb") as sealed, open(target, "wb") as resealed:
                plain = _Plain(decrypt_stream(old._content_key, sealed))
                encrypt_stream(new._content_key, plain, resealed)  # type: ignore[arg-type]
        except KnownError as exc:
            target.unlink(missing_ok=True)
            log.warning("attachment %s not restored: %s", sha256[:12], exc.message)


def _safety_backup(current: Database | None) -> tuple[BackupInfo | None, bool]:
    """Back up the current state before it is replaced; (None, True) when it is too
    damaged to copy (then the file itself is moved aside, never lost)."""
    if current is None:
        return None, False
    try:
        return make_backup(current), False
    except KnownError:
        if not quick_check_problems(current.engine):
            raise
        log.info("the current database is damaged; it is moved aside instead of copied")
        return None, True


def _set_aside(paths: DataPaths) -> Path | None:
    """Move a database that could not be opened (and its WAL) into the backups folder."""
    if not paths.database.exists():
        return None
    paths.backups.mkdir(mode=0o700, parents=True, exist_ok=True)
    aside = paths.backups / f"replaced-{datetime.now(UTC).strftime(STAMP_FORMAT)}.db"
    for suffix in ("", "-wal", "-shm"):
        moving = paths.database.with_name(paths.database.name + suffix)
        if moving.exists():
            os.replace(moving, aside.with_name(aside.name + suffix))
    log.info("moved the unreadable database %s to %s", paths.database, aside)
    return aside


def _replace_files(paths: DataPaths, staged: backup_archive.StagedBackup, key: bytes, *,
                   adopt: bool, safety: BackupInfo | None) -> Path | None:
    """Put the staged backup in place; returns where the replaced settings were kept."""
    if adopt:
        assert staged.recovery is not None
        recovery.save(staged.recovery, paths.recovery_file)
        remember_key(staged.recovery.key_id, key)
    if staged.attachments is not None:
        _add_to_store(staged.attachments, paths.attachments)
    kept = None
    if staged.settings is not None:
        if paths.settings_file.is_file() and paths.settings_file.read_bytes() != staged.settings:
            folder = safety.path.parent if safety else paths.backups
            kept = folder / f"settings-{datetime.now(UTC).strftime(STAMP_FORMAT)}.json"
            write_atomically(kept, paths.settings_file.read_bytes())
        write_atomically(paths.settings_file, staged.settings)
    for suffix in ("-wal", "-shm"):
        paths.database.with_name(paths.database.name + suffix).unlink(missing_ok=True)
    os.replace(staged.database, paths.database)
    fsync_directory(paths.root)
    return kept


def _add_to_store(staged: Path, store: Path) -> None:
    """Move the staged attachment files into the store, each with one rename; a file of
    the same name is the same content (names are keyed hashes) and is replaced."""
    touched = set()
    for blob in sorted(staged.glob("*/*")):
        target = store / blob.parent.name / blob.name
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.replace(blob, target)
        touched.add(target.parent)
    for folder in touched:
        fsync_directory(folder)
    fsync_directory(store)


def _record(paths: DataPaths, record: dict[str, Any]) -> list[str]:
    """Append the restore to the history file; a failure to do so is a problem to show."""
    history = paths.root / RESTORE_HISTORY
    line = json.dumps(record, ensure_ascii=False).encode() + b"\n"
    try:
        previous = history.read_bytes() if history.is_file() else b""
        write_atomically(history, previous + line)
    except (OSError, KnownError) as exc:
        log.error("cannot record the restore in %s: %s (%s)", history, exc, record)
        return [Message("復元の記録を書き込めません: {path}", path=history)]
    return []


def _check(paths: DataPaths, key: bytes) -> list[str]:
    """``companion check`` on the restored data."""
    try:
        db = open_database(paths, key=key)
    except KnownError as exc:
        return [exc.message]
    try:
        return check_database(db).problems
    finally:
        db.close()
