"""``companion sync`` as a user runs it: set up, pair, join, sync, status, remove,
take the register; every error one line with exit code 2."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from companion_testing.cli import companion

pytestmark = pytest.mark.slow


def _ok(*args: str, data_dir: Path) -> str:
    result = companion(*args, data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _error(*args: str, data_dir: Path) -> str:
    result = companion(*args, data_dir=data_dir)
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("companion: エラー: "), result.stderr
    return lines[0]


def _status(data_dir: Path) -> dict[str, object]:
    return json.loads(_ok("sync", "--status", "--json", data_dir=data_dir))  # type: ignore[no-any-return]


def test_two_computers_set_up_pair_join_and_sync_from_the_command_line(tmp_path: Path) -> None:
    desktop, laptop, spare = tmp_path / "desktop", tmp_path / "laptop", tmp_path / "spare"
    folder = tmp_path / "OneDrive" / "Companion同期"
    folder.mkdir(parents=True)
    _ok("demo", data_dir=desktop)
    assert "同期していません" in _ok("sync", "--status", data_dir=desktop)
    out = _ok("sync", "--folder", str(folder), "--name", "事務所のデスクトップ", data_dir=desktop)
    assert "同期を設定しました" in out and "記帳端末" in out
    code_line = _ok("sync", "--pair", data_dir=desktop)
    code = re.search(r"ペアリングコード: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})", code_line)
    assert code is not None
    # a wrong code: one line, exit 2, nothing made
    line = _error("sync", "--folder", str(folder), "--join", "0000-0000-0000-0000", "--name",
                  "訪問用ノート", data_dir=laptop)
    assert "ペアリングコードが違います" in line
    assert not laptop.exists()  # the data folder the join made is gone again
    out = _ok("sync", "--folder", str(folder), "--join", code.group(1).lower().replace("-", " "),
              "--name", "訪問用ノート", data_dir=laptop)
    assert "同期に参加しました" in out
    assert re.search(r"^受信 \d+件$", out, re.MULTILINE), out
    out = _ok("sync", data_dir=desktop)
    for label in ("送信", "受信", "競合"):
        assert re.search(rf"^{label} \d+件$", out, re.MULTILINE), out
    laptop_status = _status(laptop)
    assert laptop_status["configured"] is True and laptop_status["is_register_keeper"] is False
    assert laptop_status["keeper_name"] == "事務所のデスクトップ"
    desktop_list = _ok("list", "engagements", "--json", data_dir=desktop)
    laptop_list = _ok("list", "engagements", "--json", data_dir=laptop)
    assert json.loads(desktop_list) == json.loads(laptop_list)
    # the recovery passphrase (COMPANION_PASSPHRASE) joins a third computer
    out = _ok("sync", "--folder", str(folder), "--recovery", "--name", "予備のノート",
              data_dir=spare)
    assert "同期に参加しました" in out
    # the desktop removes the spare: a new key for the other two
    _ok("sync", data_dir=desktop)
    spare_id = str(_status(spare)["device_id"])
    out = _ok("sync", "--remove-device", spare_id[:8], data_dir=desktop)
    assert "端末を同期から外しました" in out
    assert "外されています" in _error("sync", data_dir=spare)
    _ok("sync", data_dir=desktop)
    _ok("sync", data_dir=laptop)
    # the desktop is lost: the laptop takes the register
    out = _ok("sync", "--take-register", data_dir=laptop)
    assert "記帳端末になりました" in out
    assert _status(laptop)["is_register_keeper"] is True
    _ok("sync", data_dir=desktop)
    assert _status(desktop)["is_register_keeper"] is False


def test_bad_folders_and_options_are_one_line_errors(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _ok("demo", data_dir=data)
    a_file = tmp_path / "OneDrive"
    a_file.write_text("not a folder")
    assert "ファイルがあります" in _error("sync", "--folder", str(a_file), "--name", "事務所",
                                          data_dir=data)
    assert "見つかりません" in _error("sync", "--folder", str(tmp_path / "NAS"), "--name", "事務所",
                                      data_dir=data)
    assert "同期が設定されていません" in _error("sync", data_dir=data)
    assert "--name" in _error("sync", "--folder", str(tmp_path), "--join", "AAAA-BBBB-CCCC-DDDD",
                              data_dir=data)
    assert "16 文字" in _error("sync", "--folder", str(tmp_path), "--join", "AAAA",
                               "--name", "ノート", data_dir=tmp_path / "new")
    assert not (tmp_path / "new").exists()
    english = companion("sync", data_dir=data, env={"COMPANION_LANG": "en"})
    assert english.returncode == 2 and "Sync is not set up." in english.stderr
