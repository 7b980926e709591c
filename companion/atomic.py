"""Writing files so that a crash leaves either the old file or the new one.

Every file Companion writes goes first to a partial file beside its target, named with
the writing process's id (``report.docx.1234.partial``), is synced, then renamed over
the target. A process killed half-way leaves only such a partial; the next start
removes the partials of processes that no longer run (``remove_stale_partials``), and
never those of a process still writing.

A full disk or a failed write raises a KnownError that names the file, after the
partial has been removed, so nothing large is left behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from companion.errors import KnownError

PARTIAL_SUFFIX = ".partial"
# "<name>.<pid>.partial", and the journal files SQLite keeps beside a partial database.
_PARTIAL_NAME = re.compile(r"\.(\d+)\.partial(-wal|-shm|-journal)?$")


def fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable; not supported (nor needed) on Windows.
    with contextlib.suppress(OSError):
        handle = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def partial_path(path: Path) -> Path:
    """Where ``path`` is written before it is complete (this process's own name)."""
    return path.with_name(f"{path.name}.{os.getpid()}{PARTIAL_SUFFIX}")


def fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def write_error(path: Path, exc: OSError) -> KnownError:
    """What a failed write means to the user: a full disk, or the file's own reason."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return KnownError("ディスクの空き容量が足りません: {path}",
                          hint="空き容量を増やしてから、もう一度実行してください。途中のファイルは削除しました。", path=path)
    if isinstance(exc, PermissionError) and path.exists():
        return KnownError("{name} に書き込めません。",
                          hint="ほかのアプリで開いている場合は閉じてから、もう一度実行してください。", name=path.name)
    return KnownError("ファイルを書き込めません: {path} ({reason})", path=path, reason=exc.strerror or exc)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a partial path to write ``path`` to; on success it is synced and renamed
    into place, on any failure it is removed and ``path`` is left as it was."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(path.parent, exc) from exc
    partial = partial_path(path)
    try:
        yield partial
        fsync_file(partial)
        os.replace(partial, path)
        fsync_directory(path.parent)
    except OSError as exc:
        raise write_error(path, exc) from exc
    finally:
        partial.unlink(missing_ok=True)


def write_atomically(path: Path, data: bytes) -> None:
    with atomic_output(path) as partial, open(partial, "wb") as handle:
        handle.write(data)


def create_exclusively(path: Path, data: bytes) -> None:
    """Write a new file whole, or raise FileExistsError if ``path`` exists: the
    complete partial is hard-linked to its name (an atomic create-if-absent), so two
    processes can never both believe they made it, and neither overwrites the other."""
    partial = partial_path(path)
    try:
        with open(partial, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(partial, path)
        fsync_directory(path.parent)
    except FileExistsError:
        raise
    except OSError as exc:
        raise write_error(path, exc) from exc
    finally:
        partial.unlink(missing_ok=True)


def process_is_running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # it exists but is not ours, or we cannot tell: leave its files alone
    return True


def remove_stale_partials(folder: Path) -> list[Path]:
    """Remove the partial files (and staged folders) in ``folder`` left by processes
    that no longer run; a running process's work is never touched."""
    removed: list[Path] = []
    try:
        candidates = list(folder.glob(f"*{PARTIAL_SUFFIX}*"))
    except OSError:
        return removed
    for candidate in candidates:
        match = _PARTIAL_NAME.search(candidate.name)
        if match is None or process_is_running(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            if candidate.is_dir() and not candidate.is_symlink():
                shutil.rmtree(candidate)
            else:
                candidate.unlink()
            removed.append(candidate)
    return removed
