"""ホーム's kept figures, read by a second process while the window starts.

Read in the window's own process, they wait for the keyring's import (and through it
urllib, email and importlib.metadata) and cryptography's: some 50–80 ms of Python after
the first paint, holding the one interpreter lock the window paints with. A second
process does that on the other core while this one imports Qt and builds the window, so
the figures are there by the first paint (benchmarks/README.md, "Start-up").

The reader is this program started again with ``READER_FLAG``: ``python -m companion``
and the frozen app both begin in ``companion/__main__.py``, which hands it to ``serve``.
It reads the key from the keyring and opens the file as ``home_cache`` does, writes the
opened JSON to its standard output (a pipe only the window's process holds) and ends. It
writes no file and asks for nothing. The window decodes the JSON itself
(``home_cache.decoded``): whatever else a reader prints means "no figures", and a reader
that does not answer in time is ended.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from companion.paths import DataPaths
from companion.services.home_cache import CachedHome, cache_file, decoded, opened_home_cache

log = logging.getLogger("companion.services")

READER_FLAG = "--read-home-cache"
# Long enough for a cold start of a second interpreter on a slow laptop; a keyring that
# waits for the user to unlock it is left to the opening, which asks it again.
WAIT_SECONDS = 5.0


def reader_command(folder: Path) -> list[str]:
    """This program, started as the reader of ``folder``'s kept figures."""
    if getattr(sys, "frozen", False):  # the PyInstaller build: the executable is the app
        return [sys.executable, READER_FLAG, str(folder)]
    return [sys.executable, "-m", "companion", READER_FLAG, str(folder)]


class CachedHomeReader:
    """A reader process started by ``start``; ``result`` waits for its figures (on the
    database worker) and ``close`` ends it if it is still running (when the window
    closes, or gives way to the Companion that already has the folder)."""

    def __init__(self, process: subprocess.Popen[bytes] | None) -> None:
        self._process = process

    @classmethod
    def start(cls, paths: DataPaths) -> CachedHomeReader:
        """Start reading; no process when there is no file to read."""
        if not cache_file(paths).is_file():
            return cls(None)
        try:
            process = subprocess.Popen(
                reader_command(paths.root), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        except OSError as exc:
            log.info("ホーム's cached figures: the reader did not start (%s)", exc)
            return cls(None)
        return cls(process)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def result(self, timeout: float = WAIT_SECONDS) -> CachedHome | None:
        """The figures the reader printed; None when it found none, failed, or did not
        answer within ``timeout`` seconds (it is then ended)."""
        if self._process is None:
            return None
        try:
            opened, _ = self._process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            log.info("ホーム's cached figures: the reader did not answer in %s s", timeout)
            self.close()
            return None
        if self._process.returncode != 0:
            log.info("ホーム's cached figures: the reader ended with %s", self._process.returncode)
            return None
        return decoded(opened)

    def close(self) -> None:
        if self.running:
            assert self._process is not None
            self._process.kill()
            self._process.communicate()


def serve(arguments: list[str]) -> int:
    """The reader process: print the opened JSON of the kept figures of the folder named
    by ``arguments`` (nothing when there are none); exit 0, or 2 for a wrong call."""
    if len(arguments) != 1:
        print(f"usage: companion {READER_FLAG} FOLDER", file=sys.stderr)
        return 2
    opened = opened_home_cache(DataPaths(Path(arguments[0])))
    if opened:
        sys.stdout.buffer.write(opened)
        sys.stdout.flush()
    return 0
