"""Starting the app: fast first paint, exit codes, the passphrase on first start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from companion.app import (
    EXIT_KNOWN_ERROR,
    EXIT_OK,
    Startup,
    make_excepthook,
    run,
    setup_logging,
    teardown_logging,
)
from companion.errors import KnownError
from companion.paths import DataPaths
from companion.ui.dialogs.crash import CrashDialog
from companion.ui.dialogs.message import MessageDialog
from companion.ui.dialogs.passphrase import PassphraseDialog
from companion.ui.main_window import MainWindow
from companion.ui.tasks import DbWorker

PASSPHRASE = "雪どけの田んぼに水が入る"
HEAVY = ("sqlmodel", "sqlalchemy", "alembic", "sqlcipher3", "keyring", "cryptography", "docx")


def test_the_window_modules_load_no_database_code_before_the_first_paint() -> None:
    code = (
        "import sys, companion.app, companion.ui.main_window\n"
        f"heavy = {HEAVY!r}\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in heavy\n"
        "                or m.startswith(('companion.db', 'companion.services')))\n"
        "print(' '.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""


def test_exit_when_ready_creates_the_encrypted_data_and_exits_0(
        qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPANION_PASSPHRASE", PASSPHRASE)
    folder = tmp_path / "profile"
    assert run(data_dir=str(folder), exit_when_ready=True) == EXIT_OK
    assert not (folder / "companion.db").read_bytes().startswith(b"SQLite format 3")
    assert (folder / "recovery-key.json").is_file()
    assert (folder / "ui.ini").is_file()
    assert "first screen shown" in (folder / "logs" / "companion.log").read_text("utf-8")
    # Again: the key now comes from the keyring.
    monkeypatch.delenv("COMPANION_PASSPHRASE")
    assert run(data_dir=str(folder), exit_when_ready=True) == EXIT_OK


def test_a_known_error_at_start_is_one_line_and_exit_2(
        qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    garbage = b"\x00not a database\x00" * 64
    (folder / "companion.db").write_bytes(garbage)
    assert run(data_dir=str(folder), exit_when_ready=True) == EXIT_KNOWN_ERROR
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("companion: エラー: ")
    assert "recovery-key.json" in lines[0]
    assert (folder / "companion.db").read_bytes() == garbage


def test_without_a_passphrase_exit_when_ready_says_what_is_missing(
        qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COMPANION_PASSPHRASE", "")
    assert run(data_dir=str(tmp_path / "new"), exit_when_ready=True) == EXIT_KNOWN_ERROR
    assert "パスフレーズ" in capsys.readouterr().err


def _dialog(kind: type) -> object:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind)
                 and w.isVisible()), None)


def test_first_start_asks_for_a_new_passphrase_in_a_dialog(
        qtbot: QtBot, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMPANION_PASSPHRASE", raising=False)
    window = MainWindow(paths=data_paths, worker=DbWorker())
    qtbot.addWidget(window)
    startup = Startup(window, data_paths, exit_when_ready=False)
    window.show()
    startup.begin()
    qtbot.waitUntil(lambda: _dialog(PassphraseDialog) is not None, timeout=10_000)
    dialog = _dialog(PassphraseDialog)
    assert isinstance(dialog, PassphraseDialog) and dialog.creating
    dialog.passphrase.setText("みじかい")
    dialog.repeat.setText("みじかい")
    dialog._check()
    assert dialog.isVisible() and "10文字以上" in dialog.error_label.text()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        dialog._check()
    assert data_paths.recovery_file.is_file()
    assert startup.exit_code is None
    window.close()


def test_a_known_error_without_exit_when_ready_is_a_japanese_message(
        qtbot: QtBot, data_paths: DataPaths) -> None:
    window = MainWindow(paths=data_paths, worker=DbWorker())
    qtbot.addWidget(window)
    startup = Startup(window, data_paths, exit_when_ready=False)
    window.show()
    startup._failed(KnownError("データベースが他のプログラムで使用中です。",
                               hint="二重に起動していないか確認してください。"))
    box = _dialog(MessageDialog)
    assert isinstance(box, MessageDialog)
    assert "データを開けませんでした" in box.text_label.text()
    assert "使用中" in box.text_label.text()
    assert "二重に起動" in box.hint_label.text()
    with qtbot.waitSignal(startup.finished) as finished:
        box.close_button.click()
    assert finished.args == [EXIT_KNOWN_ERROR]
    assert startup.exit_code == EXIT_KNOWN_ERROR
    window.close()


def test_a_bug_is_logged_with_its_traceback_and_shown_in_the_crash_dialog(
        qtbot: QtBot, tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "companion.log"
    handler = setup_logging(log_file)
    try:
        hook = make_excepthook(log_file=log_file)
        try:
            raise ZeroDivisionError("division by zero in a report")
        except ZeroDivisionError as error:
            hook(type(error), error, error.__traceback__)
        dialog = _dialog(CrashDialog)
        assert isinstance(dialog, CrashDialog)
        qtbot.addWidget(dialog)
        assert "予期しないエラー" in dialog.message_label.text()
        assert str(log_file) in dialog.message_label.text()
        assert "ZeroDivisionError: division by zero in a report" in dialog.details.toPlainText()
        logged = log_file.read_text("utf-8")
        assert "CRITICAL companion.app" in logged and "Traceback" in logged
    finally:
        teardown_logging(handler)


def test_exit_when_ready_ends_with_2_when_the_first_screen_cannot_load(
        qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def locked(*_args: object, **_kwargs: object) -> None:
        raise KnownError("データベースが他のプログラムで使用中です。")

    monkeypatch.setattr("companion.services.home.home_figures", locked)
    monkeypatch.setenv("COMPANION_PASSPHRASE", PASSPHRASE)
    assert run(data_dir=str(tmp_path / "profile"), exit_when_ready=True) == EXIT_KNOWN_ERROR
    assert capsys.readouterr().err.strip() == "companion: エラー: データベースが他のプログラムで使用中です。"
