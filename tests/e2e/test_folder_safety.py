"""The data folder survives careless use: two starts at once, outputs aimed at it,
commands while another holds it, killed writers, loose permissions (issue 14)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from companion_testing.cli import PASSPHRASE, companion

from companion.folder_lock import Access, FolderLock
from companion.paths import DataPaths
from companion.security.data_key import KeyFileExists, PassphrasePurpose, create_data_key
from companion.services.storage import FIRST_START_MARKER, open_data_folder

pytestmark = pytest.mark.slow


@pytest.fixture
def demo_dir(demo_copy: Path) -> Path:
    return demo_copy


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _start(*args: str, data_dir: Path) -> subprocess.Popen[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COMPANION_PASSPHRASE": PASSPHRASE}
    return subprocess.Popen([sys.executable, "-m", "companion", *args, "--data-dir", str(data_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=environment, stdin=subprocess.DEVNULL)


def test_two_first_starts_at_once_leave_one_working_folder(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    runs = [_start("demo", data_dir=folder) for _ in range(2)]
    outcomes = [(run.returncode, err) for run in runs
                for _out, err in [run.communicate(timeout=120)]]
    assert sorted(code for code, _ in outcomes) == [0, 2], outcomes
    refused = next(err for code, err in outcomes if code == 2)
    assert "Traceback" not in refused
    assert companion("check", data_dir=folder).returncode == 0
    listed = companion("list", "engagements", data_dir=folder)
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 8


def test_a_window_waiting_at_the_first_passphrase_does_not_destroy_a_folder_made_meanwhile(
        tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")

    def waiting_at_the_dialog(_purpose: PassphrasePurpose) -> str:
        raise KeyboardInterrupt  # the window asks the user and tries again later

    with pytest.raises(KeyboardInterrupt):
        open_data_folder(paths, ask=waiting_at_the_dialog, create=True)
    assert companion("demo", data_dir=paths.root).returncode == 0
    key_file = paths.recovery_file.read_bytes()

    def typed_a_new_passphrase(_purpose: PassphrasePurpose) -> str:
        return "ウィンドウで決めた別の合言葉です"

    with pytest.raises(Exception, match="パスフレーズが違います"):
        open_data_folder(paths, ask=typed_a_new_passphrase, create=True)
    assert paths.recovery_file.read_bytes() == key_file
    assert companion("check", data_dir=paths.root).returncode == 0


def test_a_key_file_is_never_overwritten(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    paths.recovery_file.write_text("{}", encoding="utf-8")
    with pytest.raises(KeyFileExists):
        create_data_key(paths, lambda _purpose: "新しい合言葉を十文字以上")
    assert paths.recovery_file.read_text(encoding="utf-8") == "{}"


def test_a_first_start_killed_half_way_is_started_again(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    paths.root.mkdir()
    (paths.root / FIRST_START_MARKER).touch()
    paths.recovery_file.write_text("half-written", encoding="utf-8")
    opened = open_data_folder(paths, ask=lambda _purpose: PASSPHRASE, create=True)
    opened.db.close()
    assert not (paths.root / FIRST_START_MARKER).exists()
    assert companion("check", data_dir=paths.root).returncode == 0


@pytest.mark.parametrize("command", [
    ("backup", "--out", "{data}/companion.db"),
    ("review-export", "--out", "{data}/recovery-key.json"),
    ("ledger", "--out", "{data}/backups/ledger.csv"),
    ("export-figures", "--out", "{data}/figures.xlsx"),
])
def test_outputs_never_land_in_the_data_folder(demo_dir: Path, command: tuple[str, ...]) -> None:
    before = {path: path.read_bytes() for path in demo_dir.rglob("*")
              if path.is_file() and ".lock" not in path.parts}
    args = [part.format(data=demo_dir) for part in command]
    line = _one_line(companion(*args, data_dir=demo_dir))
    assert "データフォルダの中には書き出せません" in line
    after = {path: path.read_bytes() for path in demo_dir.rglob("*")
             if path.is_file() and ".lock" not in path.parts}
    assert after == before


def test_a_command_that_replaces_files_waits_for_the_folder_then_names_its_holder(
        demo_dir: Path) -> None:
    with FolderLock(DataPaths(demo_dir), holder="ウィンドウ").acquire(Access.SHARED):
        line = _one_line(companion("rotate-key", data_dir=demo_dir))
        assert "データフォルダは使用中です" in line and "ウィンドウ" in line
        # Ordinary commands share the folder with the window.
        assert companion("list", "engagements", data_dir=demo_dir).returncode == 0
    assert companion("rotate-key", data_dir=demo_dir).returncode == 0


def test_the_window_is_refused_while_a_command_has_the_folder_alone(demo_dir: Path) -> None:
    with FolderLock(DataPaths(demo_dir), holder="companion restore").acquire(Access.EXCLUSIVE):
        result = companion("--exit-when-ready", data_dir=demo_dir)
    assert result.returncode == 2
    assert "companion restore" in result.stderr and "Traceback" not in result.stderr


def test_everything_written_is_the_users_alone(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert companion("review-export", "--out", str(out / "bundle.zip"),
                     data_dir=demo_dir).returncode == 0
    assert companion("ledger", "--out", str(out / "ledger.csv"), data_dir=demo_dir).returncode == 0
    assert companion("backup", data_dir=demo_dir).returncode == 0
    fresh = tmp_path / "fresh"
    assert companion("demo", data_dir=fresh).returncode == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700
    written = [*fresh.rglob("*"), *out.iterdir(), *(demo_dir / "backups").iterdir()]
    for path in written:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"


def test_work_files_of_killed_processes_are_removed_at_the_next_start(demo_dir: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid = int(dead.stdout)
    staging = demo_dir / ".staging"
    staging.mkdir(exist_ok=True)
    left = [staging / f"restore.db.{dead_pid}.partial", demo_dir / f"companion.db.{dead_pid}.partial",
            demo_dir / "backups" / f"companion-20261201-000000.db.{dead_pid}.partial"]
    left.append(demo_dir / "backups" / f"companion-20261201-000000.db.{dead_pid}.partial-journal")
    alive = staging / f"export.db.{os.getpid()}.partial"
    for path in [*left, alive]:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"\0" * 1024)
    staged_attachments = staging / f"restore.{dead_pid}.partial"
    (staged_attachments / "ab").mkdir(parents=True)
    (staged_attachments / "ab" / "cd").write_bytes(b"\0" * 1024)
    left.append(staged_attachments)
    assert companion("list", "engagements", data_dir=demo_dir).returncode == 0
    assert not any(path.exists() for path in left)
    assert alive.exists()  # a running process's work file is left alone


def test_a_closed_pipe_ends_quietly(demo_dir: Path) -> None:
    environment = {**os.environ, "COMPANION_PASSPHRASE": PASSPHRASE}
    run = subprocess.run(
        f"'{sys.executable}' -m companion list engagements --data-dir '{demo_dir}' | head -c 1",
        shell=True, capture_output=True, text=True, env=environment, check=False)
    assert "Traceback" not in run.stderr and "BrokenPipe" not in run.stderr


def test_a_file_where_the_data_folder_belongs_is_one_line(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("メモ", encoding="utf-8")
    for args in (("list", "engagements"), ("demo",), ("restore", str(tmp_path / "x.zip"))):
        line = _one_line(companion(*args, data_dir=not_a_folder))
        assert "データフォルダの場所にファイルがあります" in line
    assert not_a_folder.read_text(encoding="utf-8") == "メモ"


def test_restore_and_rotate_key_wait_for_the_open_window(demo_dir: Path, tmp_path: Path) -> None:
    carry = tmp_path / "carry.zip"
    assert companion("backup", "--out", str(carry), data_dir=demo_dir).returncode == 0
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COMPANION_PASSPHRASE": PASSPHRASE,
                   "COMPANION_STARTUP_TRACE": "1"}
    window = subprocess.Popen([sys.executable, "-m", "companion", "--data-dir", str(demo_dir)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env=environment, stdin=subprocess.DEVNULL)
    try:
        assert window.stderr is not None
        for line in window.stderr:  # the window has opened the data and shown it
            if line.startswith("startup: ready"):
                break
        for command in (("restore", str(carry)), ("rotate-key",)):
            line = _one_line(companion(*command, data_dir=demo_dir))
            assert "データフォルダは使用中です" in line and "ウィンドウ" in line
        assert not (demo_dir / "restore-history.jsonl").exists()  # nothing was restored
        assert companion("search", "販路", data_dir=demo_dir).returncode == 0  # reads share
    finally:
        window.terminate()
        window.communicate(timeout=30)
    assert companion("restore", str(carry), data_dir=demo_dir).returncode == 0


def test_without_a_display_the_window_says_so_in_one_line(tmp_path: Path) -> None:
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "companion", "--data-dir", str(tmp_path / "d")],
                            capture_output=True, text=True, env=environment, timeout=60,
                            stdin=subprocess.DEVNULL, check=False)
    line = _one_line(result)
    assert "画面(ディスプレイ)がない" in line
    assert not (tmp_path / "d").exists()
