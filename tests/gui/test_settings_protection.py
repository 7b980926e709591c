"""設定 → データの保護: the keyring in use (and plainly when there is none), changing the
recovery passphrase, and the review key's fingerprint. Real services, an encrypted
data folder, an in-memory keyring."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from companion_testing.sample_data import TODAY, fill_sample_data
from keyring.backends import fail
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from companion.app import EXIT_OK, run
from companion.errors import KnownError
from companion.keystore import MemoryKeyring
from companion.paths import DataPaths
from companion.review.keys import fingerprint, short_fingerprint
from companion.services.register import current_signing_key
from companion.services.session import session_scope
from companion.services.storage import open_data_folder
from companion.ui.dialogs.change_passphrase import ChangePassphraseDialog
from companion.ui.main_window import MainWindow
from companion.ui.tasks import DbWorker
from companion.ui.views.settings import SettingsPage

OLD = "雪どけの田んぼに水が入る"
NEW = "稲刈りのあとに新米を炊く"


@pytest.fixture
def encrypted(data_paths: DataPaths) -> DataPaths:
    opened = open_data_folder(data_paths, ask=lambda _purpose: OLD, create=True)
    try:
        with session_scope(opened.db) as session:
            fill_sample_data(session, visits=12)
            session.commit()
    finally:
        opened.db.close()
    return data_paths


def open_window(qtbot: QtBot, paths: DataPaths) -> MainWindow:
    window = MainWindow(paths=paths, worker=DbWorker(), today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.open_data(lambda: open_data_folder(paths, ask=lambda _purpose: OLD).db)
    return window


@pytest.fixture
def encrypted_window(qtbot: QtBot, encrypted: DataPaths) -> Iterator[MainWindow]:
    window = open_window(qtbot, encrypted)
    yield window
    window.close()


def show_settings(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    page = window.settings_page
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        window.show_page(window.SETTINGS)
    return page


def test_the_keyring_in_use_is_named_and_holds_the_key(qtbot: QtBot,
                                                       encrypted_window: MainWindow) -> None:
    page = show_settings(qtbot, encrypted_window)
    assert page.keyring_label.text() == "メモリ内(テスト用・保存されません)"
    assert page.keyring_label.toolTip() == "companion.keystore.MemoryKeyring"
    assert page.keyring_state_label.text().startswith(
        "データの鍵は OS のキーリングに保管されています。")
    assert page.passphrase_button.isEnabled()


def test_without_a_keyring_it_says_the_passphrase_is_asked_every_start(
        qtbot: QtBot, encrypted: DataPaths) -> None:
    keyring.set_keyring(fail.Keyring())  # a headless Linux: every call raises
    window = open_window(qtbot, encrypted)  # opened with the passphrase
    try:
        page = show_settings(qtbot, window)
        assert page.keyring_label.text() == "利用できません"
        assert page.keyring_state_label.text() == (
            "この環境では OS のキーリングが使えません。起動のたびに復旧用パスフレーズを入力します。")
    finally:
        window.close()


@pytest.mark.parametrize(("backend", "logged"), [
    (MemoryKeyring, "INFO companion.app [companion-db_0] keyring: companion.keystore.MemoryKeyring"),
    (fail.Keyring, "WARNING companion.app [companion-db_0] keyring: none usable "
                   "(keyring.backends.fail.Keyring); the recovery passphrase is asked at every start"),
])
def test_the_keyring_in_use_is_logged_at_start(
        qapp: QApplication, encrypted: DataPaths, monkeypatch: pytest.MonkeyPatch,
        backend: type, logged: str) -> None:
    keyring.set_keyring(backend())
    monkeypatch.setenv("COMPANION_PASSPHRASE", OLD)
    assert run(data_dir=str(encrypted.root), exit_when_ready=True) == EXIT_OK
    lines = (encrypted.logs / "companion.log").read_text("utf-8").splitlines()
    assert any(logged in line for line in lines)


def visible_dialog() -> ChangePassphraseDialog | None:
    return next((widget for widget in QApplication.topLevelWidgets()
                 if isinstance(widget, ChangePassphraseDialog) and widget.isVisible()), None)


def fill(dialog: ChangePassphraseDialog, current: str, new: str, repeat: str) -> None:
    dialog.current.setText(current)
    dialog.new.setText(new)
    dialog.repeat.setText(repeat)
    dialog.change_button.click()


def test_changing_the_passphrase_then_only_the_new_one_opens_the_data(
        qtbot: QtBot, encrypted_window: MainWindow, encrypted: DataPaths) -> None:
    window = encrypted_window
    page = show_settings(qtbot, window)
    page.passphrase_button.click()  # 復旧用パスフレーズを変更…
    dialog = visible_dialog()
    assert dialog is not None

    fill(dialog, OLD, "みじかい", "みじかい")
    assert dialog.error_label.text() == "新しいパスフレーズは10文字以上にしてください。"
    fill(dialog, OLD, NEW, NEW + "。")
    assert dialog.error_label.text() == "新しいパスフレーズが二つで一致しません。"
    fill(dialog, "まちがえた合言葉です", NEW, NEW)  # checked on the worker
    qtbot.waitUntil(lambda: not dialog.working, timeout=10_000)
    assert dialog.isVisible()
    assert dialog.error_label.text().startswith("現在のパスフレーズが違います。")
    recovery_before = encrypted.recovery_file.read_bytes()

    with qtbot.waitSignal(dialog.finished, timeout=20_000) as finished:
        fill(dialog, OLD, NEW, NEW)
    assert finished.args == [ChangePassphraseDialog.DialogCode.Accepted.value]
    assert visible_dialog() is None
    assert page.saved_label.text().startswith("復旧用パスフレーズを変更しました。")
    assert encrypted.recovery_file.read_bytes() != recovery_before
    window.close()

    # A new laptop (an empty keyring): the new passphrase opens the data, the old fails.
    keyring.set_keyring(MemoryKeyring())
    with pytest.raises(KnownError, match="復旧用パスフレーズが違います"):
        open_data_folder(encrypted, ask=lambda _purpose: OLD)
    opened = open_data_folder(encrypted, ask=lambda _purpose: NEW)
    try:
        with session_scope(opened.db) as session:
            from sqlmodel import select

            from companion.db.models import Engagement

            assert len(list(session.exec(select(Engagement)))) == 4
    finally:
        opened.db.close()


def test_the_review_key_is_made_only_when_asked_and_then_shown(
        qtbot: QtBot, encrypted_window: MainWindow) -> None:
    window = encrypted_window
    page = show_settings(qtbot, window)
    assert page.fingerprint_label.text() == "(まだ作成されていません)"
    assert page.fingerprint_button.isVisible()

    with qtbot.waitSignal(window.worker.data_changed, timeout=10_000):
        page.fingerprint_button.click()  # 表示
    qtbot.waitUntil(lambda: not page.fingerprint_button.isVisible())

    def key_in_force(*, session: Session) -> str:
        return fingerprint(current_signing_key(session=session).public_key())

    with qtbot.waitCallback(timeout=10_000) as answered:
        window.worker.submit(key_in_force, on_done=answered)
    full = answered.args[0]
    assert page.fingerprint_label.text() == short_fingerprint(full)
    assert len(page.fingerprint_label.text().split()) == 8
    assert page.fingerprint_label.toolTip() == full

    with qtbot.waitSignal(page.loaded, timeout=10_000):  # shown at once from now on
        page.reload()
    assert page.fingerprint_label.text() == short_fingerprint(full)
    assert not page.fingerprint_button.isVisible()
