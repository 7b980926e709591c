"""A missing, empty or damaged database as a user meets it on the command line (issue 14).

Each test works on its own copy of one demo folder; damage is random bytes written
over pages of the encrypted file, which SQLCipher then refuses to read.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import sqlcipher3
from companion_testing.cli import PASSPHRASE, companion

from companion.db.engine import key_literal
from companion.security import recovery

pytestmark = pytest.mark.slow

PAGE = 4096


@pytest.fixture
def folder(demo_copy: Path) -> Path:
    return demo_copy


def _key(folder: Path) -> bytes:
    return recovery.unwrap(recovery.load(folder / "recovery-key.json"), PASSPHRASE)


def _root_page(folder: Path, name: str) -> int:
    connection = sqlcipher3.connect(str(folder / "companion.db"))
    try:
        connection.execute(f"PRAGMA key = {key_literal(_key(folder))}")
        return int(connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                                      (name,)).fetchone()[0])
    finally:
        connection.close()


def _damage_page(folder: Path, page: int) -> None:
    with open(folder / "companion.db", "r+b") as handle:
        handle.seek((page - 1) * PAGE + 200)
        handle.write(os.urandom(64))


def _damage_the_middle(folder: Path) -> None:
    """Random bytes over three pages in the middle of the file, as a bad disk would."""
    database = folder / "companion.db"
    middle = database.stat().st_size // 2 // PAGE * PAGE
    with open(database, "r+b") as handle:
        handle.seek(middle)
        handle.write(os.urandom(3 * PAGE))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != ".lock")


# -- missing or empty ------------------------------------------------------------------


def test_a_missing_database_is_refused_by_every_command_and_not_made_again(folder: Path) -> None:
    (folder / "companion.db").unlink()
    backups = folder / "backups"
    backups.mkdir(exist_ok=True)
    (backups / "companion-20261101-120000.db").write_bytes(b"a verified backup")
    before = _files(folder)
    for args in (("list", "visits"), ("check",), ("search", "販路"), ("demo",)):
        line = _one_line(companion(*args, data_dir=folder))
        assert f"データベースがありません: {folder / 'companion.db'}" in line
        assert f"companion restore {backups / 'companion-20261101-120000.db'}" in line
        assert "companion check --repair" in line
    assert _files(folder) == before


def test_an_empty_database_is_refused_and_the_window_does_not_fill_it(folder: Path) -> None:
    (folder / "companion.db").write_bytes(b"")
    line = _one_line(companion("check", data_dir=folder))
    assert "データベースが空です(0 バイト)" in line and "companion check --repair" in line
    window = companion("--exit-when-ready", data_dir=folder)
    assert window.returncode != 0
    assert "データベースが空です" in window.stderr
    assert (folder / "companion.db").stat().st_size == 0


def test_check_repair_makes_a_lost_database_again_when_asked(folder: Path) -> None:
    (folder / "companion.db").write_bytes(b"")
    result = companion("check", "--repair", data_dir=folder)
    assert result.returncode == 0, result.stderr
    assert "空のデータベースを作り直しました" in result.stdout
    assert companion("list", "engagements", data_dir=folder).stdout == ""
    assert companion("check", data_dir=folder).returncode == 0


# -- damaged ---------------------------------------------------------------------------


def test_check_reports_a_damaged_database_in_lines_not_a_traceback(folder: Path) -> None:
    _damage_the_middle(folder)
    before = _digest(folder / "companion.db")
    result = companion("check", data_dir=folder)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    problems = [line for line in result.stderr.splitlines() if line.startswith("問題: ")]
    assert problems and any("整合性チェック" in line for line in problems)
    assert "companion check --repair" in result.stderr.splitlines()[-1]
    assert _digest(folder / "companion.db") == before


def test_check_repair_saves_what_it_can_read_into_a_new_file(folder: Path, tmp_path: Path) -> None:
    _damage_page(folder, _root_page(folder, "changelog"))
    before = _digest(folder / "companion.db")
    result = companion("check", "--repair", data_dir=folder)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "読める部分を新しいファイルに取り出しました" in result.stdout
    assert "  changelog: 0 件(一部読めませんでした)" in result.stdout
    assert "  visit: 150 件" in result.stdout or "  visit: " in result.stdout
    assert "名前を変えて" in result.stdout
    salvaged = [p for p in folder.iterdir() if p.name.startswith("companion.db.salvaged-")]
    assert len(salvaged) == 1
    assert _digest(folder / "companion.db") == before  # never written over
    # switched in as the hint says, it is a working data folder with the same records
    switched = tmp_path / "switched"
    switched.mkdir()
    shutil.copyfile(folder / "recovery-key.json", switched / "recovery-key.json")
    shutil.copyfile(salvaged[0], switched / "companion.db")
    assert companion("check", data_dir=switched).returncode == 0
    original = json.loads(companion("list", "engagements", "--json", data_dir=folder).stdout)
    again = json.loads(companion("list", "engagements", "--json", data_dir=switched).stdout)
    assert again == original


def test_list_and_search_on_a_damaged_database_say_so_in_one_line(folder: Path) -> None:
    _damage_page(folder, _root_page(folder, "visit"))
    for args in (("list", "visits"), ("search", "販路")):
        line = _one_line(companion(*args, data_dir=folder))
        assert f"データベースが壊れています: {folder / 'companion.db'}" in line
        assert "companion check --repair" in line


def test_backup_says_the_database_is_damaged_not_the_backup(folder: Path, tmp_path: Path) -> None:
    _damage_page(folder, _root_page(folder, "visit"))
    for args in (("backup",), ("backup", "--out", str(tmp_path / "carry.zip"))):
        line = _one_line(companion(*args, data_dir=folder))
        assert "データベースが壊れているため、バックアップを作成できません" in line
    assert not (tmp_path / "carry.zip").exists()


def test_review_export_refuses_to_sign_from_a_damaged_database(folder: Path,
                                                               tmp_path: Path) -> None:
    _damage_page(folder, _root_page(folder, "kpiactual"))  # the export never reads it: it
    # would sign a bundle from this file without the check
    bundle = tmp_path / "bundle.zip"
    line = _one_line(companion("review-export", "--out", str(bundle), data_dir=folder))
    assert "レビューバンドルに署名しません" in line
    assert not bundle.exists()


def test_report_warns_first_when_the_database_is_damaged(folder: Path, tmp_path: Path) -> None:
    engagement = json.loads(companion("list", "engagements", "--json", data_dir=folder).stdout)[0]
    _damage_page(folder, _root_page(folder, "changelog"))
    out = tmp_path / "report.docx"
    result = companion("report", engagement["id"], "--out", str(out), data_dir=folder)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("警告: データベースに読めない部分があります")
    assert out.is_file()


def test_the_damage_lines_are_english_when_asked(folder: Path) -> None:
    _damage_page(folder, _root_page(folder, "visit"))
    line = _one_line(companion("list", "visits", data_dir=folder, env={"COMPANION_LANG": "en"}))
    assert line.startswith("companion: error: The database is damaged: ")
    assert "Save what can still be read into a new file with companion check --repair" in line
    (folder / "companion.db").write_bytes(b"")
    line = _one_line(companion("list", "visits", data_dir=folder, env={"COMPANION_LANG": "en"}))
    assert line.startswith("companion: error: The database is empty (0 bytes): ")


def test_a_database_whose_first_page_is_unreadable_is_reported_and_left_alone(
        folder: Path) -> None:
    _damage_page(folder, 1)
    before = _digest(folder / "companion.db")
    for args in (("check",), ("check", "--repair")):
        result = companion(*args, data_dir=folder)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("問題: データベースを開けません")
        assert "companion restore" in result.stderr.splitlines()[-1]
    assert "取り出せるものがありません" in result.stderr
    assert _digest(folder / "companion.db") == before
    assert not [p for p in folder.iterdir() if ".salvaged-" in p.name]


def test_restore_is_the_way_out_of_a_damaged_database_that_still_opens(
        folder: Path, tmp_path: Path) -> None:
    carry = tmp_path / "carry.zip"
    assert companion("backup", "--out", str(carry), data_dir=folder).returncode == 0
    _damage_page(folder, _root_page(folder, "visit"))
    damaged = _digest(folder / "companion.db")
    result = companion("restore", str(carry), data_dir=folder)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and result.stderr == ""
    assert "開けなかったデータベースを移しました" in result.stdout
    kept = next((folder / "backups").glob("replaced-*.db"))
    assert _digest(kept) == damaged  # moved aside as it was, never lost
    assert companion("check", data_dir=folder).returncode == 0
