"""A writer killed at random moments loses nothing whose commit returned."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from sqlmodel import col, select

from companion.db.models import Visit
from companion.paths import DataPaths
from companion.services.health import check_database
from companion.services.session import session_scope
from companion.services.storage import open_data_folder

WRITER = Path(__file__).with_name("crash_writer.py")
PASSPHRASE = "停電にも負けない記録帳"
RUNS = 20


def _run_and_kill(folder: Path, delay: float) -> list[str]:
    """Start the writer, kill it ``delay`` seconds after it is ready; the ids it printed."""
    with subprocess.Popen(
        [sys.executable, str(WRITER), str(folder), PASSPHRASE, "1000"],
        stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(process.stdout or []))
        reader.start()
        timer = threading.Timer(delay, lambda: process.send_signal(signal.SIGKILL))
        timer.start()
        process.wait()
        timer.cancel()
        reader.join()
    return [line.strip() for line in lines if line.strip()]


@pytest.mark.slow
def test_every_committed_record_survives_sigkill(data_paths: DataPaths) -> None:
    keyring.set_keyring(fail.Keyring())  # the child has no keyring either
    rng = random.Random(20261123)
    committed: set[str] = set()
    for _ in range(RUNS):
        committed |= set(_run_and_kill(data_paths.root, rng.uniform(0.0, 0.4)))
        opened = open_data_folder(data_paths, ask=lambda _purpose: PASSPHRASE)
        try:
            report = check_database(opened.db)
            assert report.ok, report.problems
            with session_scope(opened.db, write=False) as session:
                stored = {v.hex for v in session.exec(select(col(Visit.id))).all()}
        finally:
            opened.db.close()
        missing = committed - stored
        assert not missing, f"{len(missing)} committed visits lost"
    assert len(committed) > RUNS  # the writer did get work done between kills
