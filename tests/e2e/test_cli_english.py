"""The command line in English: COMPANION_LANG, the language setting, or the locale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from companion.settings import Settings

PASSPHRASE = "ゆざわの川沿いで朝を待つ"
LANGUAGE_VARIABLES = ("COMPANION_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def companion(*args: str, **language: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m companion`` with only the language variables given."""
    environment = {key: value for key, value in os.environ.items()
                   if key not in LANGUAGE_VARIABLES}
    environment.update({"QT_QPA_PLATFORM": "offscreen", "COMPANION_PASSPHRASE": PASSPHRASE,
                        **language})
    return subprocess.run([sys.executable, "-m", "companion", *args], capture_output=True,
                          text=True, timeout=120, env=environment, stdin=subprocess.DEVNULL,
                          check=False)


def test_companion_lang_en_makes_the_error_line_english() -> None:
    result = companion("list", "engagements", "--data-dir", "/nonexistent",
                       COMPANION_LANG="en", LANG="ja_JP.UTF-8")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "companion: error: The data folder was not found: /nonexistent "
        "Check the --data-dir option, or create data with companion demo."]


@pytest.mark.parametrize(("locale", "prefix"), [
    ("en_US.UTF-8", "companion: error: The data folder was not found"),
    ("ja_JP.UTF-8", "companion: エラー: データフォルダが見つかりません"),
    ("C.UTF-8", "companion: エラー: データフォルダが見つかりません"),  # no language named
])
def test_without_companion_lang_the_locale_decides(locale: str, prefix: str) -> None:
    result = companion("list", "engagements", "--data-dir", "/nonexistent", LANG=locale)
    assert result.returncode == 2
    assert result.stderr.startswith(prefix), result.stderr


def test_a_usage_error_is_english_too() -> None:
    result = companion("list", "nothing", COMPANION_LANG="en")
    assert result.returncode == 2
    assert result.stderr.startswith("companion: error: argument what: invalid choice")
    assert result.stderr.rstrip().endswith("(companion --help shows how to use it)")


@pytest.mark.slow
def test_the_data_folders_language_setting_beats_the_locale(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    made = companion("demo", "--data-dir", str(folder), COMPANION_LANG="en")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"Demo data created: {folder}")

    Settings(folder / "settings.json").set("language", "en")
    backup = companion("backup", "--data-dir", str(folder), LANG="ja_JP.UTF-8")
    assert backup.returncode == 0, backup.stderr
    assert backup.stdout.startswith("Backup created: ")

    Settings(folder / "settings.json").set("language", "ja")
    again = companion("backup", "--data-dir", str(folder), LANG="en_US.UTF-8")
    assert again.stdout.startswith("バックアップを作成しました: ")


@pytest.mark.slow
def test_the_window_says_why_it_cannot_open_in_english(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "companion.db").write_bytes(b"\x00not a database\x00" * 64)
    result = companion("--exit-when-ready", "--data-dir", str(folder), COMPANION_LANG="en")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("companion: error: The key file of the encrypted database "
                                "is missing: "), result.stderr
    assert "recovery-key.json" in lines[-1]
