"""The sync folder's layout, and the only code that writes to it.

::

    <folder>/
      companion-sync.json          plain marker {"format": 1}, written once at set-up
      <device-id>/                 written ONLY by that device
        device.json                its public keys and membership proof
        segments/000000000001.cseg
        snapshots/000000000040.csnap
        blobs/<keyed name>.cblob   attachment contents, once per hash
        keys/000002.json           a new sync key wrapped to each remaining device
        pairing/<offer-id>.json    a one-time pairing offer
        recovery.json              the sync keys for the recovery passphrase

A device writes, renames and deletes only below its own ``<device-id>/`` (``OwnFolder``
refuses anything else), never takes a lock file, and reads other devices' folders by
strict names only: "000001 (1).cseg", "… conflicted copy …", temporary and Office
``~$`` names are not sync files and are ignored.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from companion.atomic import process_is_running, write_error
from companion.errors import KnownError
from companion.services.sync import segments

MARKER = "companion-sync.json"
MARKER_FORMAT = "companion-sync-folder"
MAX_JSON_BYTES = 1024 * 1024
DEVICE_NAME = re.compile(r"[0-9a-f]{32}")
KEYS_NAME = re.compile(r"(\d{6})\.json")
OFFER_NAME = re.compile(r"([0-9a-f]{32})\.json")
BLOB_NAME = re.compile(r"([0-9a-f]{64})\.cblob")


def folder_problem(folder: Path) -> KnownError | None:
    """Why ``folder`` cannot be used as a sync folder now, or None."""
    if folder.exists() and not folder.is_dir():
        return KnownError("同期フォルダの場所にファイルがあります: {path}",
                          hint="フォルダを選んでください。", path=folder)
    if not folder.is_dir():
        return KnownError("同期フォルダが見つかりません: {path}",
                          hint="フォルダが接続されているか(USB・NAS・クラウドの同期アプリ)確かめてください。",
                          path=folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        return KnownError("同期フォルダに書き込めません: {path}",
                          hint="フォルダの権限を確かめてください。", path=folder)
    return None


def require_folder(folder: Path) -> Path:
    problem = folder_problem(folder)
    if problem is not None:
        raise problem
    return folder


def is_sync_folder(folder: Path) -> bool:
    document = read_json(folder / MARKER)
    return document is not None and document.get("format") == MARKER_FORMAT


def make_sync_folder(folder: Path) -> None:
    """Mark an empty (or foreign-free) folder as a sync folder: the only file a device
    writes outside its own folder, once, when sync is first set up."""
    if is_sync_folder(folder):
        return
    segments.write_file(folder / MARKER, (json.dumps(
        {"format": MARKER_FORMAT, "version": 1}, indent=2) + "\n").encode("ascii"))


def read_json(path: Path, *, limit: int = MAX_JSON_BYTES) -> dict[str, Any] | None:
    """A small JSON file of the folder, or None while it is missing, arriving or not
    JSON (a sync engine may hand over half a file)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError:
        return None
    if len(data) > limit:
        return None
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return None
    return document if isinstance(document, dict) else None


def _listing(path: Path) -> list[str]:
    try:
        return sorted(os.listdir(path))
    except OSError:
        return []


def device_ids(folder: Path) -> list[str]:
    """The device folders present (strict names only)."""
    return [name for name in _listing(folder)
            if DEVICE_NAME.fullmatch(name) and (folder / name).is_dir()]


@dataclass(frozen=True)
class DeviceFolder:
    """One device's folder, for reading."""

    root: Path

    @property
    def device(self) -> str:
        return self.root.name

    @property
    def device_file(self) -> Path:
        return self.root / "device.json"

    @property
    def recovery_file(self) -> Path:
        return self.root / "recovery.json"

    @property
    def segments(self) -> Path:
        return self.root / "segments"

    @property
    def snapshots(self) -> Path:
        return self.root / "snapshots"

    @property
    def blobs(self) -> Path:
        return self.root / "blobs"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def pairing(self) -> Path:
        return self.root / "pairing"

    def numbered(self, kind: str) -> list[tuple[int, Path]]:
        """Segment or snapshot files by number (strict names only)."""
        where = self.segments if kind == segments.SEGMENT else self.snapshots
        found = []
        for name in _listing(where):
            number = segments.number_of(kind, name)
            if number is not None:
                found.append((number, where / name))
        return sorted(found)

    def key_files(self) -> list[tuple[int, Path]]:
        return sorted((int(m.group(1)), self.keys / name) for name in _listing(self.keys)
                      if (m := KEYS_NAME.fullmatch(name)))

    def offer_files(self) -> list[tuple[str, Path]]:
        return [(m.group(1), self.pairing / name) for name in _listing(self.pairing)
                if (m := OFFER_NAME.fullmatch(name))]

    def blob_names(self) -> set[str]:
        return {m.group(1) for name in _listing(self.blobs) if (m := BLOB_NAME.fullmatch(name))}

    def blob_file(self, name: str) -> Path:
        return self.blobs / f"{name}.cblob"


def device_folder(folder: Path, device: str) -> DeviceFolder:
    return DeviceFolder(folder / device)


class OwnFolder(DeviceFolder):
    """This device's folder: the one place it writes, renames and deletes."""

    def _inside(self, path: Path) -> Path:
        if self.root.resolve() not in path.resolve().parents:
            raise RuntimeError(f"sync refuses to touch {path}: not in this device's folder")
        return path

    def write(self, path: Path, data: bytes) -> None:
        segments.write_file(self._inside(path), data)

    def write_stream(self, path: Path, produce: Callable[[BinaryIO], object]) -> None:
        """Write ``path`` by ``produce(handle)``, whole or not at all (as ``write``)."""
        segments.write_with(self._inside(path), produce)

    def write_json(self, path: Path, document: dict[str, Any]) -> None:
        self.write(path, (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
                          + "\n").encode("utf-8"))

    def remove(self, path: Path) -> None:
        try:
            self._inside(path).unlink(missing_ok=True)
        except OSError as exc:
            raise write_error(path, exc) from exc

    def make(self) -> None:
        for where in (self.root, self.segments, self.snapshots, self.blobs, self.keys,
                      self.pairing):
            try:
                where.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise write_error(where, exc) from exc

    def remove_stale_temporaries(self) -> None:
        """Temporary files this device left when it was stopped while writing (its
        own folder only; names that start with ``segments.TEMP_PREFIX``)."""
        for where in (self.root, self.segments, self.snapshots, self.blobs, self.keys,
                      self.pairing):
            for name in _listing(where):
                if name.startswith(segments.TEMP_PREFIX):
                    pid = name.rsplit(".", 1)[-1]
                    if pid.isdigit() and not process_is_running(int(pid)):
                        self.remove(where / name)


def own_folder(folder: Path, device: str) -> OwnFolder:
    return OwnFolder(folder / device)
