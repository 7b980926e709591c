"""ホーム's kept figures read by a second process while the window starts (issue 19): the
window started as a user starts it shows them before its fresh figures; the reader gives
exactly what was kept, and nothing when there is nothing it may read; a reader that does
not answer is ended and the window goes on without it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from companion_testing.cli import companion, file_keyring_env

import companion.__main__ as main_module
from companion.paths import DataPaths
from companion.services import home_cache_reader
from companion.services.home_cache import cache_file, load_home_cache
from companion.services.home_cache_reader import READER_FLAG, CachedHomeReader


def _trace(folder: Path, env: dict[str, str]) -> list[str]:
    """The names of the window's start-up trace lines, in order (app.py StartupTrace)."""
    result = companion("--exit-when-ready", data_dir=folder,
                       env={**env, "COMPANION_STARTUP_TRACE": "1"})
    assert result.returncode == 0, result.stderr
    return [line.split()[1] for line in result.stderr.splitlines() if line.startswith("startup: ")]


@pytest.fixture
def kept(demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataPaths:
    """The demo folder after one window session: its key in the (file) keyring, which
    this process's children see too, and ホーム's figures kept."""
    env = file_keyring_env(tmp_path / "keyring.json")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    paths = DataPaths(demo_copy.resolve())
    assert not cache_file(paths).exists()
    assert "cached" not in _trace(demo_copy, env)  # nothing kept yet: the fresh figures
    assert cache_file(paths).is_file()
    return paths


def _data_key(keyring_file: Path) -> bytes:
    (stored,) = json.loads(keyring_file.read_text()).values()
    return bytes.fromhex(stored)


def test_the_window_shows_the_kept_figures_before_the_fresh_ones(
        kept: DataPaths, tmp_path: Path) -> None:
    trace = _trace(kept.root, file_keyring_env(tmp_path / "keyring.json"))
    assert trace.index("painted") < trace.index("cached") < trace.index("ready")


def test_the_reader_gives_exactly_the_figures_kept(kept: DataPaths, tmp_path: Path) -> None:
    reader = CachedHomeReader.start(kept)
    cached = reader.result()
    assert cached is not None
    assert cached == load_home_cache(kept, _data_key(tmp_path / "keyring.json"))
    assert cached.summary.engagements_total > 0 and cached.summary.due_soon + cached.summary.overdue
    assert not reader.running


def test_without_the_key_in_the_keyring_the_reader_gives_nothing(
        kept: DataPaths, tmp_path: Path) -> None:
    (tmp_path / "keyring.json").write_text("{}")
    before = cache_file(kept).read_bytes()
    assert CachedHomeReader.start(kept).result() is None
    assert cache_file(kept).read_bytes() == before


def test_an_altered_file_gives_nothing(kept: DataPaths) -> None:
    sealed = bytearray(cache_file(kept).read_bytes())
    sealed[-5] ^= 0x01
    cache_file(kept).write_bytes(bytes(sealed))
    assert CachedHomeReader.start(kept).result() is None


def test_without_a_kept_file_no_reader_is_started(tmp_path: Path) -> None:
    reader = CachedHomeReader.start(DataPaths(tmp_path / "new"))
    assert not reader.running and reader.result() is None


def test_a_reader_that_does_not_answer_is_ended(
        kept: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(home_cache_reader, "reader_command",
                        lambda _folder: [sys.executable, "-c", "import time; time.sleep(60)"])
    reader = CachedHomeReader.start(kept)
    assert reader.running
    assert reader.result(timeout=0.5) is None
    assert not reader.running


def test_closing_ends_a_reader_still_running(
        kept: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(home_cache_reader, "reader_command",
                        lambda _folder: [sys.executable, "-c", "import time; time.sleep(60)"])
    reader = CachedHomeReader.start(kept)
    reader.close()
    assert not reader.running


def test_the_reader_is_started_by_the_flag_main_knows() -> None:
    assert main_module.READER_FLAG == READER_FLAG
    wrong = subprocess.run([sys.executable, "-m", "companion", READER_FLAG], capture_output=True,
                           text=True, stdin=subprocess.DEVNULL, check=False)
    assert wrong.returncode == 2 and READER_FLAG in wrong.stderr and wrong.stdout == ""
