"""One lock per data folder, taken by every command and by the window.

Ordinary work shares the folder: the window, searches, lists, reports, backups and
review exports may run side by side, because SQLite itself serialises their individual
saves. Work that creates or replaces the folder's files needs it alone (EXCLUSIVE):
first-time creation, ``demo``, ``restore``, ``rotate-key``, ``import-all`` and
``check --repair``. A process that cannot have the folder in time gets one line naming
who holds it.

The lock is filelock's ``ReadWriteLock`` (a SQLite transaction on a file of its own):
the operating system releases it when a process dies, so a crash never leaves the
folder locked. Beside it, each holder leaves a note (its process id and what it does)
so that a refusal can say who has the folder; notes of dead processes are ignored.
"""

from __future__ import annotations

import contextlib
import enum
import json
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import filelock

from companion.atomic import process_is_running
from companion.errors import KnownError
from companion.paths import DataPaths

log = logging.getLogger("companion.lock")

LOCK_NAME = "folder.lock"
# How long a command waits for the folder before it gives up with a message.
COMMAND_TIMEOUT_S = 5.0


class Access(enum.Enum):
    SHARED = "shared"
    EXCLUSIVE = "exclusive"


class FolderBusy(KnownError):
    """Another process holds the data folder in a way that excludes this one."""


def prepare_data_folder(paths: DataPaths, *, create: bool) -> bool:
    """Make sure the folder can hold a lock; returns False when it does not exist and
    may not be created (the caller then says the folder is missing, writing nothing)."""
    if paths.root.exists() and not paths.root.is_dir():
        raise KnownError("データフォルダの場所にファイルがあります: {path}",
                         hint="--data-dir にはフォルダを指定してください。", path=paths.root)
    if not paths.root.is_dir():
        if not create:
            return False
        try:
            paths.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise KnownError("データフォルダを作成できません: {path} ({reason})", path=paths.root, reason=exc.strerror) from exc
    with contextlib.suppress(OSError):
        paths.root.chmod(0o700)  # the practitioner's records: nobody else's to read
    return True


class FolderLock:
    """This process's hold on one data folder (at most one mode at a time)."""

    def __init__(self, paths: DataPaths, *, holder: str) -> None:
        self.paths = paths
        self.holder = holder  # what this process is, for others' messages: "companion demo"
        self.access: Access | None = None
        self._lock: filelock.ReadWriteLock | None = None

    @property
    def note_file(self) -> Path:
        return self.paths.lock_dir / f"holder-{os.getpid()}.json"

    def acquire(self, access: Access, *, timeout: float = COMMAND_TIMEOUT_S) -> FolderLock:
        if self.access is not None:
            raise RuntimeError(f"the folder lock is already held ({self.access.value})")
        try:
            self.paths.lock_dir.mkdir(mode=0o700, exist_ok=True)
        except OSError as exc:
            raise KnownError("データフォルダに書き込めません: {path} ({reason})",
                             hint="フォルダの書き込み権限と空き容量を確認してください。", path=self.paths.root, reason=exc.strerror) from exc
        lock = filelock.ReadWriteLock(self.paths.lock_dir / LOCK_NAME, is_singleton=False)
        try:
            if access is Access.EXCLUSIVE:
                lock.acquire_write(timeout=timeout)
            else:
                lock.acquire_read(timeout=timeout)
        except filelock.Timeout:
            lock.close()
            raise self._busy() from None
        self._lock, self.access = lock, access
        self._write_note()
        log.info("holding %s %s", self.paths.root, access.value)
        return self

    def release(self) -> None:
        if self._lock is None:
            return
        with contextlib.suppress(OSError):
            self.note_file.unlink(missing_ok=True)
        # force: the window takes the lock on its database thread and may let go of it
        # from another one at shutdown.
        self._lock.release(force=True)
        self._lock.close()
        self._lock, self.access = None, None

    def __enter__(self) -> FolderLock:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.release()

    @contextlib.contextmanager
    def exclusive(self, *, timeout: float = COMMAND_TIMEOUT_S) -> Iterator[None]:
        """Hold the folder alone for a while (the window restoring a backup), then
        share it again. Already exclusive: nothing changes."""
        if self.access is Access.EXCLUSIVE:
            yield
            return
        self.release()
        try:
            self.acquire(Access.EXCLUSIVE, timeout=timeout)
        except KnownError:
            self.acquire(Access.SHARED, timeout=timeout)
            raise
        try:
            yield
        finally:
            self.release()
            self.acquire(Access.SHARED, timeout=timeout)

    def _write_note(self) -> None:
        note = {"pid": os.getpid(), "what": self.holder, "access": self.access.value
                if self.access else "", "since": time.strftime("%Y-%m-%d %H:%M:%S")}
        with contextlib.suppress(OSError):  # only a courtesy to others' messages
            self.note_file.write_text(json.dumps(note, ensure_ascii=False), encoding="utf-8")

    def holders(self) -> list[str]:
        """Who else holds the folder now, as the user would recognise them."""
        found = []
        for note_file in sorted(self.paths.lock_dir.glob("holder-*.json")):
            try:
                note = json.loads(note_file.read_text(encoding="utf-8"))
                pid = int(note["pid"])
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if pid == os.getpid() or not process_is_running(pid):
                continue
            found.append(f"{note.get('what', '?')}(pid {pid}、{note.get('since', '')}から)")
        return found

    def _busy(self) -> FolderBusy:
        holders = "、".join(self.holders()) or "別の Companion"
        return FolderBusy("データフォルダは使用中です: {path}(使用中: {holders})",
                          hint="その処理が終わるか、ウィンドウを閉じてから、もう一度実行してください。", path=self.paths.root, holders=holders)
