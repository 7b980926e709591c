"""Backups: automatic rotating copies, exports to carry away, and restore.

Every backup is taken with SQLite's online backup API (a consistent copy of a live
database), encrypted with the data key like the database itself, and verified (it
opens, ``integrity_check`` passes) before any older backup is thinned away.

An exported backup (``companion backup --out FILE``) is a zip of the encrypted database,
the recovery copy of its key and a small manifest, so it can be restored on a new
laptop with the recovery passphrase alone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3

from companion import __version__
from companion.atomic import fsync_directory
from companion.db.copy import copy_database
from companion.db.database import Database
from companion.db.engine import key_literal
from companion.db.migrate import known_revisions
from companion.domain.backup_policy import RetentionPolicy, backups_to_remove
from companion.errors import KnownError
from companion.paths import DataPaths
from companion.security import recovery
from companion.security.data_key import AskPassphrase, PassphrasePurpose, remember_key

log = logging.getLogger("companion.backups")

NAME_FORMAT = "companion-%Y%m%d-%H%M%S.db"
EXPORT_FORMAT = "companion-backup"
EXPORT_MEMBERS = {"companion.db", "recovery-key.json", "backup.json"}
MAX_DATABASE_BYTES = 8 * 1024**3
MAX_SMALL_MEMBER_BYTES = 64 * 1024
DEFAULT_RETENTION = RetentionPolicy()


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
        raise KnownError(f"バックアップを開けません: {name} ({exc})") from exc
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            connection.execute(f"PRAGMA key = {key_literal(key)}")
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise KnownError(f"バックアップが壊れています: {name} ({result[0]})")
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlcipher3.DatabaseError as exc:
        raise KnownError(
            f"Companion のバックアップとして読めません: {name}",
            hint="壊れているか、別の鍵で暗号化されています。",
        ) from exc
    finally:
        connection.close()
    if revision is None:
        raise KnownError(f"Companion のバックアップではありません: {name}")
    return str(revision[0])


def make_backup(db: Database, *, now: datetime | None = None,
                policy: RetentionPolicy = DEFAULT_RETENTION) -> BackupInfo:
    """Take, verify, then thin the automatic backups."""
    taken = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    target = db.paths.backups / taken.strftime(NAME_FORMAT)
    copy_database(db.engine, target, key=db.key)
    try:
        verify_database_file(target, db.key)
    except KnownError:
        target.unlink(missing_ok=True)
        raise
    info = BackupInfo(target, taken, target.stat().st_size)
    existing = {backup.taken_at: backup.path for backup in list_backups(db.paths)}
    for old in backups_to_remove(existing, now=taken, policy=policy):
        existing[old].unlink(missing_ok=True)
        log.info("removed old backup %s", existing[old].name)
    log.info("backup %s verified", target.name)
    return info


def export_backup(db: Database, out: Path) -> Path:
    """A self-contained backup file (zip) for another disk or a new laptop."""
    out = out.expanduser().resolve()
    if not out.parent.is_dir():
        raise KnownError(f"保存先のフォルダがありません: {out.parent}")
    staging = db.paths.root / ".export-staging.db"
    copy_database(db.engine, staging, key=db.key)
    partial = out.with_name(out.name + ".partial")
    try:
        revision = verify_database_file(staging, db.key)
        manifest = {
            "format": EXPORT_FORMAT, "version": 1, "generator": f"Companion {__version__}",
            "created_at": datetime.now(UTC).isoformat(), "schema_revision": revision,
            "database_sha256": _sha256(staging),
        }
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.write(staging, "companion.db")
            archive.write(db.paths.recovery_file, "recovery-key.json")
            archive.writestr("backup.json", json.dumps(manifest, indent=2))
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, out)
        fsync_directory(out.parent)
    except OSError as exc:
        raise KnownError(f"バックアップを書き出せません: {out} ({exc.strerror})") from exc
    finally:
        staging.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class _Candidate:
    database: Path  # a staged copy inside the data folder
    recovery: recovery.RecoveryFile | None  # from an exported backup


def _stage(source: Path, staging: Path) -> _Candidate:
    """Copy what a backup file holds into ``staging``, refusing anything odd."""
    if not source.is_file():
        raise KnownError(f"バックアップファイルがありません: {source}")
    if not zipfile.is_zipfile(source):
        shutil.copyfile(source, staging)
        return _Candidate(staging, None)
    try:
        with zipfile.ZipFile(source) as archive:
            members = {info.filename: info for info in archive.infolist()}
            if set(members) != EXPORT_MEMBERS or len(archive.infolist()) != len(EXPORT_MEMBERS):
                raise KnownError(f"Companion のバックアップ形式ではありません: {source.name}")
            if members["companion.db"].file_size > MAX_DATABASE_BYTES or any(
                members[name].file_size > MAX_SMALL_MEMBER_BYTES
                for name in ("recovery-key.json", "backup.json")
            ):
                raise KnownError(f"バックアップの中身が大きすぎます: {source.name}")
            manifest = json.loads(archive.read("backup.json"))
            if not isinstance(manifest, dict) or manifest.get("format") != EXPORT_FORMAT:
                raise KnownError(f"Companion のバックアップ形式ではありません: {source.name}")
            with archive.open("companion.db") as packed, open(staging, "wb") as unpacked:
                shutil.copyfileobj(packed, unpacked, 1 << 20)
            recovery_path = staging.with_suffix(".recovery.json")
            recovery_path.write_bytes(archive.read("recovery-key.json"))
            try:
                wrapped = recovery.load(recovery_path)
            finally:
                recovery_path.unlink(missing_ok=True)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError,
            UnicodeDecodeError) as exc:
        raise KnownError(f"バックアップファイルが壊れています: {source.name} ({exc})") from exc
    except OSError as exc:
        raise KnownError(f"バックアップファイルを読めません: {source.name} ({exc})") from exc
    if _sha256(staging) != manifest.get("database_sha256"):
        raise KnownError(f"バックアップの内容が記録と一致しません(改変か破損): {source.name}")
    return _Candidate(staging, wrapped)


def _rekey(database: Path, old_key: bytes, new_key: bytes) -> None:
    connection = sqlcipher3.connect(str(database))
    try:
        connection.execute(f"PRAGMA key = {key_literal(old_key)}")
        connection.execute(f"PRAGMA rekey = {key_literal(new_key)}")
    finally:
        connection.close()


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_backup: BackupInfo | None
    schema_revision: str


def restore_backup(paths: DataPaths, source: Path, *, current: Database | None,
                   current_key: bytes | None, ask: AskPassphrase,
                   close_current: Callable[[], None] = lambda: None) -> RestoreResult:
    """Replace the data folder's database with a verified backup.

    Nothing in the data folder changes until the backup has been staged, decrypted and
    checked; the current state is backed up first. A backup made with another key (an
    old laptop's) is re-encrypted with this folder's key; a folder with no key yet
    (a new laptop) adopts the backup's recovery file and passphrase.
    """
    source = source.expanduser().resolve()
    staging = paths.root / ".restore-staging.db"
    staging.unlink(missing_ok=True)
    adopt = current_key is None
    if adopt and paths.database.exists():
        raise KnownError(f"鍵のないデータベースが既にあります: {paths.database}",
                         hint="別の空のデータフォルダに復元してください。")
    try:
        candidate = _stage(source, staging)
        key = current_key
        if candidate.recovery is not None and (adopt or not _opens_with(staging, current_key)):
            key = recovery.unwrap(candidate.recovery, ask(PassphrasePurpose.UNLOCK))
        if key is None:
            raise KnownError("このバックアップを開く鍵がありません。",
                             hint="書き出したバックアップ(.zip)を指定してください。")
        revision = verify_database_file(staging, key, name=source.name)
        if revision not in known_revisions():
            raise KnownError("このバックアップは新しいバージョンの Companion で作成されています。",
                             hint="Companion を更新してから復元してください。")
        if current_key is not None and key != current_key:
            _rekey(staging, key, current_key)
        safety = make_backup(current) if current is not None else None
        close_current()
        if adopt:
            assert candidate.recovery is not None
            recovery.save(candidate.recovery, paths.recovery_file)
            remember_key(candidate.recovery.key_id, key)
        for suffix in ("-wal", "-shm"):
            paths.database.with_name(paths.database.name + suffix).unlink(missing_ok=True)
        os.replace(staging, paths.database)
        fsync_directory(paths.root)
    finally:
        staging.unlink(missing_ok=True)
    log.info("restored %s (schema %s)", source, revision)
    return RestoreResult(source, safety, revision)


def _opens_with(database: Path, key: bytes | None) -> bool:
    try:
        verify_database_file(database, key)
    except KnownError:
        return False
    return True
