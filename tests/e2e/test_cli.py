"""The command line as a user runs it: a subprocess on a data folder of its own."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from companion_testing.cli import companion


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "data"
    result = companion("demo", data_dir=folder)
    assert result.returncode == 0, result.stderr
    return folder


def test_demo_engagements_are_listed_with_their_japanese_names(demo_dir: Path) -> None:
    result = companion("list", "engagements", "--json", data_dir=demo_dir)
    assert result.returncode == 0, result.stderr
    engagements = json.loads(result.stdout)
    assert len(engagements) >= 6
    names = " ".join(e["title"] + e["client_name"] + e["sponsor_name"] for e in engagements)
    assert any(word in names for word in ("商工会", "Biz", "市"))
    assert all(e["title"] and e["client_name"] for e in engagements)


def test_search_finds_the_visits_that_mention_the_term(demo_dir: Path) -> None:
    result = companion("search", "販路", "--json", data_dir=demo_dir)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    visits = [hit for hit in hits if hit["kind"] == "visit"]
    assert visits and all("【販路】" in hit["snippet"] for hit in visits)


def test_visits_of_one_engagement(demo_dir: Path) -> None:
    engagements = json.loads(companion("list", "engagements", "--json", data_dir=demo_dir).stdout)
    busiest = max(engagements, key=lambda e: e["visit_count"])
    result = companion("list", "visits", "--engagement", busiest["id"], "--json", data_dir=demo_dir)
    visits = json.loads(result.stdout)
    assert len(visits) == busiest["visit_count"]
    assert {v["engagement_id"] for v in visits} == {busiest["id"]}


def test_disclosures_are_listed(demo_dir: Path) -> None:
    result = companion("list", "disclosures", data_dir=demo_dir)
    assert result.returncode == 0, result.stderr
    assert "出資" in result.stdout


def test_check_passes_on_demo_data(demo_dir: Path) -> None:
    result = companion("check", data_dir=demo_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK")


def test_window_opens_loads_and_exits_when_ready(demo_dir: Path) -> None:
    result = companion("--exit-when-ready", data_dir=demo_dir)
    assert result.returncode == 0, result.stderr


def test_demo_refuses_a_folder_that_already_has_data(demo_dir: Path) -> None:
    before = companion("list", "engagements", "--json", data_dir=demo_dir).stdout
    result = companion("demo", data_dir=demo_dir)
    assert result.returncode == 2
    assert "既に" in result.stderr
    assert companion("list", "engagements", "--json", data_dir=demo_dir).stdout == before


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_unknown_command_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    line = _one_line_error(companion("frobnicate", data_dir=folder))
    assert "frobnicate" in line
    assert not folder.exists()


def test_missing_data_folder_is_one_line_and_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "typo"
    line = _one_line_error(companion("list", "engagements", data_dir=folder))
    assert "データフォルダが見つかりません" in line
    assert not folder.exists()


def test_data_folder_from_the_environment(demo_dir: Path) -> None:
    result = companion("list", "engagements", env={"COMPANION_DATA_DIR": str(demo_dir)})
    assert result.returncode == 0 and result.stdout.strip()


def test_corrupt_database_is_one_line_and_left_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    garbage = os.urandom(8192)
    (folder / "companion.db").write_bytes(garbage)
    for args in (("list", "visits"), ("check",), ("search", "販路")):
        line = _one_line_error(companion(*args, data_dir=folder))
        assert "データベース" in line
    assert (folder / "companion.db").read_bytes() == garbage
    # Nothing but the folder lock (companion.folder_lock) was added.
    assert sorted(p.name for p in folder.iterdir()) == [".lock", "companion.db"]


def test_malformed_engagement_id_is_a_clear_error(demo_dir: Path) -> None:
    line = _one_line_error(companion("list", "visits", "--engagement", "abc", data_dir=demo_dir))
    assert "案件ID" in line


def test_data_is_encrypted_and_needs_the_passphrase_without_a_keyring(demo_dir: Path) -> None:
    assert b"SQLite format 3" not in (demo_dir / "companion.db").read_bytes()[:16]
    line = _one_line_error(companion("list", "engagements", data_dir=demo_dir,
                                     env={"COMPANION_PASSPHRASE": ""}))
    assert "パスフレーズ" in line
    line = _one_line_error(companion("list", "engagements", data_dir=demo_dir,
                                     env={"COMPANION_PASSPHRASE": "ちがう合言葉をいれてみる"}))
    assert "パスフレーズが違います" in line


def test_backup_and_restore_from_the_command_line(demo_dir: Path, tmp_path: Path) -> None:
    exported = tmp_path / "backup.zip"
    backed_up = companion("backup", "--out", str(exported), data_dir=demo_dir)
    assert backed_up.returncode == 0 and str(exported) in backed_up.stdout
    with zipfile.ZipFile(exported) as archive:  # the whole data, with a manifest of hashes
        manifest = json.loads(archive.read("backup.json"))
        assert manifest["version"] == 2
        assert {m["name"] for m in manifest["members"]} | {"backup.json"} == set(archive.namelist())
    laptop = tmp_path / "laptop"
    result = companion("restore", str(exported), data_dir=laptop)
    assert result.returncode == 0, result.stderr
    assert (laptop / "restore-history.jsonl").is_file()
    original = companion("list", "engagements", "--json", data_dir=demo_dir).stdout
    assert companion("list", "engagements", "--json", data_dir=laptop).stdout == original
    assert companion("check", data_dir=laptop).returncode == 0
    broken = tmp_path / "broken.zip"
    broken.write_bytes(exported.read_bytes()[:5000])
    line = _one_line_error(companion("restore", str(broken), data_dir=laptop))
    assert "バックアップ" in line


def test_demo_on_a_terminal_shows_how_far_it_is_and_a_script_gets_only_the_result(
        tmp_path: Path) -> None:
    import pty
    import sys

    from companion_testing.cli import PASSPHRASE

    controller, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "companion", "demo", "--data-dir", str(tmp_path / "data")],
            stdout=subprocess.PIPE, stderr=terminal, stdin=subprocess.DEVNULL, timeout=120,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "COMPANION_PASSPHRASE": PASSPHRASE,
                 "COMPANION_LANG": "ja"}, check=False)
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal's other end is closed: all is read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert done.returncode == 0
    lines = shown.decode().replace("\r\n", "\n").split("\n")
    progress = [line for line in lines if "デモデータを作成しています…" in line]
    assert progress and progress[-1].rstrip().endswith("100%")
    assert "デモデータを作成しました" in done.stdout.decode()
    quiet = companion("demo", data_dir=tmp_path / "other")  # stderr not a terminal
    assert quiet.returncode == 0 and "作成しています" not in quiet.stderr
