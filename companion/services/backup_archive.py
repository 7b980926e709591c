"""The exported backup file: a zip of the whole data folder, with a manifest of hashes.

Format 2 (written since issue 14), members stored uncompressed (all but the settings
are encrypted already):

- ``companion.db``: the encrypted database (a consistent copy, rollback-journal mode)
- ``recovery-key.json``: the data key wrapped by the recovery passphrase
- ``settings.json``: the folder's settings, when it has any
- ``attachments/ab/abcd…``: the encrypted attachment store, files as stored
- ``backup.json``: the manifest, ``{"format": "companion-backup", "version": 2,
  "generator", "created_at", "schema_revision", "members": [{"name", "size",
  "sha256"}, …]}``, listing every other member exactly once

Format 1 (older exports) held only the database, the key file and a manifest with
``database_sha256``; it is still read.

Reading (``stage``) trusts nothing: the member names must be exactly those the
manifest lists, of the shapes above; counts and sizes are bounded (declared sizes
first, then the bytes actually read); every member's SHA-256 must match. Only then is
anything handed back, staged in a folder the caller owns and removes.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from companion import __version__
from companion.errors import KnownError
from companion.security import recovery
from companion.services.attachments import MAX_ATTACHMENT_BYTES

FORMAT = "companion-backup"
VERSION = 2
MANIFEST = "backup.json"
DATABASE = "companion.db"
RECOVERY = "recovery-key.json"
SETTINGS = "settings.json"
ATTACHMENTS = "attachments"
_BLOB = re.compile(r"attachments/([0-9a-f]{2})/\1[0-9a-f]{62}")
V1_MEMBERS = {DATABASE, RECOVERY, MANIFEST}

MAX_MEMBERS = 200_000
MAX_DATABASE_BYTES = 8 * 1024**3
MAX_BLOB_BYTES = MAX_ATTACHMENT_BYTES + 1024**2  # the encryption adds 16 bytes a MiB
MAX_SETTINGS_BYTES = 1024**2
MAX_MANIFEST_BYTES = 64 * 1024**2
MAX_TOTAL_BYTES = 256 * 1024**3
_BLOCK = 1 << 20


@dataclass(frozen=True)
class StagedBackup:
    """What a backup holds, verified, in the caller's staging folder."""

    version: int  # 0: a plain database file (an automatic backup), else the zip format
    database: Path
    recovery: recovery.RecoveryFile | None = None
    settings: bytes | None = None
    attachments: Path | None = None  # the staged attachment store (format 2)


# -- writing ------------------------------------------------------------------------------

def write(target: Path, *, database: Path, recovery_file: Path, settings_file: Path,
          attachments: Path, schema_revision: str) -> None:
    """Write the zip of format 2 to ``target`` (the caller's partial file)."""
    members = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zip_:
        sources = [(DATABASE, database), (RECOVERY, recovery_file)]
        if settings_file.is_file():
            sources.append((SETTINGS, settings_file))
        sources += list(_stored_blobs(attachments))
        for name, source in sources:
            members.append(_add(zip_, name, source))
        manifest = {
            "format": FORMAT, "version": VERSION, "generator": f"Companion {__version__}",
            "created_at": datetime.now(UTC).isoformat(), "schema_revision": schema_revision,
            "members": members,
        }
        zip_.writestr(MANIFEST, json.dumps(manifest, indent=1))


def _stored_blobs(folder: Path) -> Iterator[tuple[str, Path]]:
    """The attachment store's files (not the partials of a save under way)."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*/*")):
        name = f"{ATTACHMENTS}/{path.parent.name}/{path.name}"
        if _BLOB.fullmatch(name) and path.is_file():
            yield name, path


def _add(zip_: zipfile.ZipFile, name: str, source: Path) -> dict[str, Any]:
    digest, size = hashlib.sha256(), 0
    with open(source, "rb") as plain, zip_.open(name, "w", force_zip64=True) as packed:
        for block in iter(lambda: plain.read(_BLOCK), b""):
            digest.update(block)
            size += len(block)
            packed.write(block)
    return {"name": name, "size": size, "sha256": digest.hexdigest()}


# -- reading ------------------------------------------------------------------------------

def stage(source: Path, folder: Path) -> StagedBackup:
    """Verify the backup ``source`` (a zip, or a plain database file) and stage what it
    holds in ``folder`` (an empty folder of the caller's); KnownError when it is not a
    complete, unaltered Companion backup."""
    if not source.is_file():
        raise KnownError("バックアップファイルがありません: {path}", path=source)
    database = folder / DATABASE
    try:
        if not zipfile.is_zipfile(source):
            if source.stat().st_size > MAX_DATABASE_BYTES:
                raise _too_large(source)
            shutil.copyfile(source, database)
            return StagedBackup(0, database)
        count = declared_entries(source)
        if count > MAX_MEMBERS:  # before zipfile reads a directory of millions of entries
            raise _too_many(source, count)
        with zipfile.ZipFile(source) as zip_:
            return _stage_zip(zip_, source, folder)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError,
            UnicodeDecodeError, RuntimeError, NotImplementedError, RecursionError) as exc:
        raise KnownError("バックアップファイルが壊れています: {name} ({reason})", name=source.name, reason=exc) from exc
    except OSError as exc:
        if exc.filename is not None and Path(exc.filename).is_relative_to(folder):
            raise  # writing the staged copy failed: the disk's problem, not the file's
        raise KnownError("バックアップファイルを読めません: {name} ({reason})", name=source.name, reason=exc) from exc


def _stage_zip(zip_: zipfile.ZipFile, source: Path, folder: Path) -> StagedBackup:
    infos = zip_.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _too_many(source, len(infos))
    members = {info.filename: info for info in infos}
    if len(members) != len(infos) or MANIFEST not in members:
        raise _not_a_backup(source)
    if members[MANIFEST].file_size > MAX_MANIFEST_BYTES:
        raise _too_large(source)
    manifest = json.loads(_read(zip_, members[MANIFEST], source))
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _not_a_backup(source)
    version = manifest.get("version")
    if type(version) is not int:
        raise _not_a_backup(source)
    if version == 1:
        expected = _v1_members(manifest, members, source)
    elif version == VERSION:
        expected = _v2_members(manifest, members, source)
    else:
        raise KnownError("このバックアップの形式は新しすぎます: {name}",
                         hint="Companion を更新してから復元してください。", name=source.name)
    _check_space(folder, sum(size for size, _ in expected.values()))
    settings = wrapped = None
    for name, (size, sha256) in expected.items():
        if name in (RECOVERY, SETTINGS):
            data = _read(zip_, members[name], source)
            _check_hash(hashlib.sha256(data).hexdigest(), sha256, source)
            if name == SETTINGS:
                settings = _checked_settings(data, source)
            else:
                wrapped = recovery.parse(data, name=f"{source.name}/{RECOVERY}")
            continue
        target = folder / name
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with zip_.open(members[name]) as packed, open(target, "xb") as unpacked:
            digest = _copy_bounded(packed, unpacked, size, source)
        _check_hash(digest, sha256, source)
    if wrapped is None:
        raise _not_a_backup(source)
    blobs = folder / ATTACHMENTS if version == VERSION else None
    return StagedBackup(version, folder / DATABASE, wrapped, settings, blobs)


def _v1_members(manifest: dict[str, Any], members: dict[str, zipfile.ZipInfo],
                source: Path) -> dict[str, tuple[int, str | None]]:
    """Format 1: the database's hash in the manifest; the key file is checked by parsing."""
    if set(members) != V1_MEMBERS or not isinstance(manifest.get("database_sha256"), str):
        raise _not_a_backup(source)
    sizes = {name: members[name].file_size for name in (DATABASE, RECOVERY)}
    _check_sizes(sizes, source)
    return {DATABASE: (sizes[DATABASE], manifest["database_sha256"]),
            RECOVERY: (sizes[RECOVERY], None)}


def _v2_members(manifest: dict[str, Any], members: dict[str, zipfile.ZipInfo],
                source: Path) -> dict[str, tuple[int, str | None]]:
    listed = manifest.get("members")
    if not isinstance(listed, list):
        raise _not_a_backup(source)
    expected: dict[str, tuple[int, str | None]] = {}
    for entry in listed:
        if not (isinstance(entry, dict) and isinstance(entry.get("name"), str)
                and type(entry.get("size")) is int and isinstance(entry.get("sha256"), str)):
            raise _not_a_backup(source)
        name = entry["name"]
        if name in expected or not _known_name(name):
            raise _not_a_backup(source)
        if members.get(name) is None or members[name].file_size != entry["size"]:
            raise _altered(source)
        expected[name] = (entry["size"], entry["sha256"])
    if set(members) != set(expected) | {MANIFEST} or not {DATABASE, RECOVERY} <= set(expected):
        raise _not_a_backup(source)
    _check_sizes({name: size for name, (size, _) in expected.items()}, source)
    return expected


def _known_name(name: str) -> bool:
    return name in (DATABASE, RECOVERY, SETTINGS) or _BLOB.fullmatch(name) is not None


def _check_sizes(sizes: dict[str, int], source: Path) -> None:
    limits = {DATABASE: MAX_DATABASE_BYTES, RECOVERY: recovery.MAX_FILE_BYTES,
              SETTINGS: MAX_SETTINGS_BYTES}
    for name, size in sizes.items():
        if not 0 <= size <= limits.get(name, MAX_BLOB_BYTES):
            raise _too_large(source)
    if sum(sizes.values()) > MAX_TOTAL_BYTES:
        raise _too_large(source)


def _check_space(folder: Path, needed: int) -> None:
    if shutil.disk_usage(folder).free < needed:
        raise KnownError("ディスクの空き容量が足りません: {path}",
                         hint="復元には {size:.0f} MB 以上の空きが必要です。", path=folder, size=needed / 1024**2)


def _read(zip_: zipfile.ZipFile, info: zipfile.ZipInfo, source: Path) -> bytes:
    """A small member, never more than it declares."""
    with zip_.open(info) as packed:
        data = packed.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise _altered(source)
    return data


def _copy_bounded(packed: IO[bytes], unpacked: IO[bytes], size: int, source: Path) -> str:
    """Copy a member, counting: one that inflates past its declared size is refused."""
    digest, copied = hashlib.sha256(), 0
    for block in iter(lambda: packed.read(_BLOCK), b""):
        copied += len(block)
        if copied > size:
            raise _too_large(source)
        digest.update(block)
        unpacked.write(block)
    if copied != size:
        raise _altered(source)
    return digest.hexdigest()


def _check_hash(actual: str, expected: str | None, source: Path) -> None:
    if expected is not None and actual != expected:
        raise _altered(source)


def _checked_settings(data: bytes, source: Path) -> bytes:
    if not isinstance(json.loads(data), dict):
        raise _not_a_backup(source)
    return data


def declared_entries(source: Path) -> int:
    """The entry count a zip's end record declares (its ZIP64 record's, when the count
    does not fit), read without parsing the central directory."""
    with open(source, "rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(max(0, size - 22 - 0xFFFF))  # the end record, then a comment
        tail = handle.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0:
            return 0
        count = int.from_bytes(tail[at + 10:at + 12], "little")
        locator = tail[max(0, at - 20):at]
        if count == 0xFFFF and locator.startswith(b"PK\x06\x07"):
            handle.seek(int.from_bytes(locator[8:16], "little"))
            record = handle.read(56)
            if record.startswith(b"PK\x06\x06"):
                count = int.from_bytes(record[32:40], "little")
        return count


def _too_many(source: Path, count: int) -> KnownError:
    return KnownError("バックアップの項目が多すぎます: {name}({count} 件)", name=source.name, count=count)


def _not_a_backup(source: Path) -> KnownError:
    return KnownError("Companion のバックアップ形式ではありません: {name}", name=source.name)


def _altered(source: Path) -> KnownError:
    return KnownError("バックアップの内容が記録と一致しません(改変か破損): {name}", name=source.name)


def _too_large(source: Path) -> KnownError:
    return KnownError("バックアップの中身が大きすぎます: {name}", name=source.name)
