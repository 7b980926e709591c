"""Two processes on one data folder, in random interleavings (issue 14).

Each round starts two of: the window, ``demo``, ``backup``, ``restore``, ``rotate-key``,
``review-export`` and a writer saving visits, on one folder (a copy of demo data, or
sometimes an empty folder), the second a random moment after the first. Each must
either succeed or refuse with one clear line; afterwards ``check`` passes and every
visit the writer saw committed is there — unless a restore that succeeded afterwards
took the folder back to its backup, and then none of them is (never some).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from companion_testing.cli import PASSPHRASE, companion

pytestmark = pytest.mark.slow

ROUNDS = 20
OPERATIONS = ("window", "demo", "backup", "restore", "rotate-key", "review-export", "write")
WRITER = Path(__file__).with_name("folder_writer.py")


@dataclass
class Outcome:
    operation: str
    code: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("interleavings")
    folder = root / "data"
    assert companion("demo", data_dir=folder).returncode == 0
    backup = root / "backup.zip"
    made = companion("backup", "--out", str(backup), data_dir=folder)
    assert made.returncode == 0, made.stderr
    return folder, backup


def _argv(operation: str, folder: Path, out: Path, backup: Path) -> list[str]:
    data = ["--data-dir", str(folder)]
    command = {
        "window": ["--exit-when-ready"],
        "demo": ["demo"],
        "backup": ["backup", "--out", str(out / "backup.zip")],
        "restore": ["restore", str(backup)],
        "rotate-key": ["rotate-key"],
        "review-export": ["review-export", "--out", str(out / "bundle.zip")],
    }.get(operation)
    if command is None:  # the writer
        return [sys.executable, str(WRITER), str(folder), PASSPHRASE, "5"]
    return [sys.executable, "-m", "companion", *command, *data]


def _run_pair(first: str, second: str, delay: float, folder: Path, out: Path,
              backup: Path) -> list[Outcome]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COMPANION_PASSPHRASE": PASSPHRASE}
    processes = []
    for index, operation in enumerate((first, second)):
        if index:
            time.sleep(delay)
        own_out = out / f"{index}-{operation}"
        own_out.mkdir(parents=True)
        processes.append((operation, subprocess.Popen(
            _argv(operation, folder, own_out, backup), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=environment)))
    outcomes = []
    for operation, process in processes:
        stdout, stderr = process.communicate(timeout=180)
        outcomes.append(Outcome(operation, process.returncode, stdout, stderr))
    return outcomes


def _visit_ids(folder: Path) -> set[str]:
    listed = companion("list", "visits", "--json", data_dir=folder)
    assert listed.returncode == 0, listed.stderr
    return {str(visit["id"]) for visit in json.loads(listed.stdout)}


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_two_processes_on_one_folder_lose_nothing(
        template: tuple[Path, Path], tmp_path: Path, round_number: int) -> None:
    chooser = random.Random(1400 + round_number)
    starts_empty = chooser.random() < 0.25
    # On an empty folder the first process is a first start (window or demo): two
    # processes creating one folder is where data used to be destroyed.
    first = chooser.choice(("window", "demo") if starts_empty else OPERATIONS)
    second = chooser.choice(OPERATIONS)
    delay = chooser.uniform(0.0, 1.5)
    folder = tmp_path / "data"
    if not starts_empty:
        shutil.copytree(template[0], folder, ignore=shutil.ignore_patterns(".lock"))
    outcomes = _run_pair(first, second, delay, folder, tmp_path / "out", template[1])
    story = [(o.operation, o.code, o.stderr.strip()[-300:]) for o in outcomes]

    for outcome in outcomes:
        assert outcome.code in (0, 2), story
        assert "Traceback" not in outcome.stderr, story
        if outcome.code == 2:
            assert len(outcome.stderr.strip().splitlines()) == 1, story

    if not (folder / "companion.db").exists():
        assert starts_empty, story  # nothing made a folder that had no data: nothing to check
        return
    checked = companion("check", data_dir=folder)
    assert checked.returncode == 0, (story, checked.stdout, checked.stderr)
    present = _visit_ids(folder)
    restored = any(o.operation == "restore" and o.code == 0 for o in outcomes)
    for outcome in outcomes:
        if outcome.operation == "write" and outcome.code == 0:
            written = set(outcome.stdout.split())
            assert len(written) == 5, story
            assert written <= present or (restored and not written & present), story
