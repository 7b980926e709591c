"""Two computers in one test: encrypted data folders of their own, a window on each, and
one sync folder between them (tests/gui/test_sync_*.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from companion.db.database import Database
from companion.paths import DataPaths
from companion.services.session import session_scope
from companion.services.storage import open_data_folder
from companion.ui.main_window import MainWindow
from companion.ui.tasks import DbWorker
from companion.ui.views.sync_settings import SyncSettingsPanel
from companion_testing.sample_data import TODAY, fill_sample_data

PASSPHRASE = "雪どけの田んぼに水が入る"
LAPTOP, DESKTOP = "ノートPC", "事務所のPC"
TIMEOUT = 30_000


def ask(_purpose: object) -> str:
    return PASSPHRASE


def make_data_folder(root: Path, *, sample: bool) -> DataPaths:
    """A new encrypted data folder (sync needs the data key), with the GUI tests'
    sample engagements and a few visits if ``sample``."""
    paths = DataPaths(root)
    opened = open_data_folder(paths, ask=ask, create=True)
    try:
        if sample:
            with session_scope(opened.db) as session:
                fill_sample_data(session, visits=12)
                session.commit()
    finally:
        opened.db.close()
    return paths


def open_database_of(paths: DataPaths) -> Database:
    return open_data_folder(paths, ask=ask).db


def open_sync_window(qtbot: QtBot, paths: DataPaths) -> MainWindow:
    window = MainWindow(paths=paths, worker=DbWorker(), today=lambda: TODAY)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.open_data(lambda: open_database_of(paths))
    # the sync status has been read (whether sync is set up or not)
    qtbot.waitUntil(lambda: window.sync.status is not None, timeout=TIMEOUT)
    return window


def sync_panel(qtbot: QtBot, window: MainWindow) -> SyncSettingsPanel:
    """設定 → 同期, shown."""
    window.show_sync_settings()
    panel = window.settings_page.sync_panel
    qtbot.waitUntil(lambda: panel.pages.currentIndex() != 0, timeout=TIMEOUT)
    return panel


def set_up(qtbot: QtBot, window: MainWindow, folder: Path, name: str) -> SyncSettingsPanel:
    """この端末で同期を始める, as a user does it, and wait until the status shows."""
    panel = sync_panel(qtbot, window)
    panel.folder_edit.setText(str(folder))
    panel.name_edit.setText(name)
    panel.start_button.click()
    qtbot.waitUntil(lambda: panel.pages.currentIndex() == 2, timeout=TIMEOUT)
    settle_sync(qtbot, window)
    return panel


def pairing_code(qtbot: QtBot, window: MainWindow) -> str:
    """ペアリングコードを表示… on ``window``; the code shown (the dialog is closed)."""
    from companion.ui.dialogs.sync_join import PairingCodeDialog

    panel = sync_panel(qtbot, window)
    panel.pair_button.click()
    qtbot.waitUntil(lambda: isinstance(panel.dialog, PairingCodeDialog), timeout=TIMEOUT)
    dialog = panel.dialog
    assert isinstance(dialog, PairingCodeDialog)
    code = dialog.code
    dialog.reject()
    return code


def join(qtbot: QtBot, window: MainWindow, folder: Path, name: str, code: str) -> SyncSettingsPanel:
    """ペアリングコードで参加… with ``code`` typed as given."""
    from companion.ui.dialogs.sync_join import JoinDialog

    panel = sync_panel(qtbot, window)
    panel.folder_edit.setText(str(folder))
    panel.name_edit.setText(name)
    dialog = panel.open_join("code")
    assert isinstance(dialog, JoinDialog)
    qtbot.keyClicks(dialog.edit, code)
    dialog.join_button.click()
    qtbot.waitUntil(lambda: panel.pages.currentIndex() == 2, timeout=TIMEOUT)
    settle_sync(qtbot, window)
    return panel


def settle_sync(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until no sync runs nor is asked for, and every job queued has answered."""
    qtbot.waitUntil(lambda: not window.sync.running, timeout=TIMEOUT)
    with qtbot.waitCallback(timeout=TIMEOUT) as answered:
        window.worker.call(lambda: None, on_done=answered)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=TIMEOUT)


def sync_and_wait(qtbot: QtBot, window: MainWindow) -> Any:
    """今すぐ同期 and the SyncResult it gave."""
    with qtbot.waitSignal(window.sync.synced, timeout=TIMEOUT) as synced:
        assert window.sync.sync_now()
    settle_sync(qtbot, window)
    return synced.args[0]


def visible_dialogs() -> list[QDialog]:
    return [widget for widget in QApplication.topLevelWidgets()
            if isinstance(widget, QDialog) and widget.isVisible()]


def read(window: MainWindow, qtbot: QtBot, fn: Callable[..., Any], **kwargs: Any) -> Any:
    """A read use case on ``window``'s worker, waited for."""
    with qtbot.waitCallback(timeout=TIMEOUT) as answered:
        window.worker.submit(fn, on_done=answered, **kwargs)
    return answered.args[0]


def write(window: MainWindow, qtbot: QtBot, fn: Callable[..., Any], **kwargs: Any) -> Any:
    """A write use case on ``window``'s worker, as a page would run it."""
    with qtbot.waitCallback(timeout=TIMEOUT) as answered:
        window.worker.submit(fn, on_done=answered, write=True, undo_label="テスト", **kwargs)
    return answered.args[0]



def paired(qtbot: QtBot, root: Path) -> tuple[MainWindow, MainWindow, Path]:
    """The desktop (sample data, the register keeper) and the laptop (joined with a
    pairing code), each with its window, syncing through ``root``/OneDrive/Companion同期."""
    folder = root / "OneDrive" / "Companion同期"
    folder.mkdir(parents=True)
    desktop = open_sync_window(qtbot, make_data_folder(root / "desktop", sample=True))
    laptop = open_sync_window(qtbot, make_data_folder(root / "laptop", sample=False))
    set_up(qtbot, desktop, folder, DESKTOP)
    join(qtbot, laptop, folder, LAPTOP, pairing_code(qtbot, desktop))
    sync_and_wait(qtbot, desktop)  # the desktop knows the laptop
    return desktop, laptop, folder


def close_all(*windows: MainWindow) -> None:
    import shiboken6

    for window in windows:
        if shiboken6.isValid(window):
            window.close()
