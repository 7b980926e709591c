"""設定 → 同期: starting sync, a wrong folder, the pairing code, joining with it typed
as people type it, removing a device, taking over the register — two data folders
(each its own window) and one sync folder."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from companion_testing.sync_windows import (
    DESKTOP,
    LAPTOP,
    PASSPHRASE,
    TIMEOUT,
    join,
    make_data_folder,
    open_sync_window,
    pairing_code,
    set_up,
    settle_sync,
    sync_and_wait,
    sync_panel,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from companion.ui.dialogs.sync_join import JoinDialog, PairingCodeDialog, normalise_code
from companion.ui.main_window import MainWindow
from companion.ui.views.sync_settings import ConfirmDialog, SyncSettingsPanel

CODE = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")


@pytest.fixture
def desktop(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    window = open_sync_window(qtbot, make_data_folder(tmp_path / "desktop", sample=True))
    yield window
    if shiboken6.isValid(window):
        window.close()


@pytest.fixture
def laptop(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    window = open_sync_window(qtbot, make_data_folder(tmp_path / "laptop", sample=False))
    yield window
    if shiboken6.isValid(window):
        window.close()


@pytest.fixture
def sync_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "OneDrive" / "Companion同期"
    folder.mkdir(parents=True)
    return folder


def grid_texts(panel: SyncSettingsPanel) -> list[str]:
    grid = panel.devices_grid
    texts = []
    for index in range(grid.count()):
        item = grid.itemAt(index)
        widget = item.widget() if item is not None else None
        if isinstance(widget, QLabel):
            texts.append(widget.text())
    return texts


def test_not_set_up_explains_and_refuses_a_file_for_the_folder(
        qtbot: QtBot, desktop: MainWindow, tmp_path: Path) -> None:
    assert desktop.sync_status.plain_text() == "同期していません"
    panel = sync_panel(qtbot, desktop)
    assert panel.pages.currentIndex() == 1  # the set-up form
    assert panel.name_edit.text()  # the host name by default
    a_file = tmp_path / "メモ.txt"
    a_file.write_text("同期フォルダではありません", encoding="utf-8")
    panel.folder_edit.setText(str(a_file))
    panel.start_button.click()
    assert "ファイルです" in panel.folder_error.text() and panel.folder_error.isVisible()
    panel.folder_edit.setText(str(tmp_path / "ありません"))
    panel.start_button.click()
    assert "フォルダが見つかりません" in panel.folder_error.text()
    panel.folder_edit.setText(str(tmp_path))
    panel.name_edit.setText("  ")
    panel.start_button.click()
    assert panel.name_error.text() == "端末名を入力してください。"
    # nothing was set up
    desktop.sync.refresh()
    qtbot.waitUntil(lambda: desktop.sync.status is not None, timeout=TIMEOUT)
    settle_sync(qtbot, desktop)
    assert desktop.sync.status is not None and not desktop.sync.status.configured
    assert not any(tmp_path.glob("*/companion-sync.json"))


def test_a_folder_in_use_by_other_files_is_refused_on_the_page(
        qtbot: QtBot, desktop: MainWindow, sync_folder: Path) -> None:
    (sync_folder / "見積書.xlsx").write_bytes(b"PK")
    panel = sync_panel(qtbot, desktop)
    panel.folder_edit.setText(str(sync_folder))
    panel.name_edit.setText(DESKTOP)
    panel.start_button.click()
    qtbot.waitUntil(lambda: panel.setup_error.isVisible(), timeout=TIMEOUT)
    assert "空のフォルダ" in panel.setup_error.text()
    assert panel.pages.currentIndex() == 1
    assert panel.start_button.isEnabled()


def test_starting_sync_shows_this_device_as_the_register_keeper(
        qtbot: QtBot, desktop: MainWindow, sync_folder: Path) -> None:
    panel = set_up(qtbot, desktop, sync_folder, DESKTOP)
    assert (sync_folder / "companion-sync.json").is_file()
    assert panel.status_folder.text() == str(sync_folder)
    assert "記帳端末" in panel.status_device.text()
    assert DESKTOP in panel.status_keeper.text()
    assert DESKTOP in grid_texts(panel)
    assert not panel.take_register_button.isVisibleTo(panel)  # it keeps the register
    assert not panel.device_buttons  # no other device to remove
    bar = desktop.sync_status.plain_text()
    assert re.search(r"最終同期 \d\d:\d\d・未送信 \d+件・競合 0件", bar), bar


def test_pairing_code_is_shown_large_with_copy_and_its_validity(
        qtbot: QtBot, desktop: MainWindow, sync_folder: Path) -> None:
    panel = set_up(qtbot, desktop, sync_folder, DESKTOP)
    panel.pair_button.click()
    qtbot.waitUntil(lambda: isinstance(panel.dialog, PairingCodeDialog), timeout=TIMEOUT)
    dialog = panel.dialog
    assert isinstance(dialog, PairingCodeDialog)
    assert CODE.match(dialog.code_label.text())
    assert dialog.code_label.font().pointSizeF() > dialog.font().pointSizeF() * 2
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "24 時間有効" in texts
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.code_label.text()
    assert dialog.copied_label.text() == "コピーしました"
    dialog.reject()


def test_code_is_read_as_typed() -> None:
    assert normalise_code("7k3q m9xd2trb-h4ne") == "7K3Q-M9XD-2TRB-H4NE"
    assert normalise_code("７ｋ３ｑ－ｍ９ｘｄ－２ｔｒｂ－ｈ４ｎｅ") == "7K3Q-M9XD-2TRB-H4NE"


def test_join_with_a_lower_case_code_without_hyphens(
        qtbot: QtBot, desktop: MainWindow, laptop: MainWindow, sync_folder: Path) -> None:
    set_up(qtbot, desktop, sync_folder, DESKTOP)
    code = pairing_code(qtbot, desktop)
    panel = join(qtbot, laptop, sync_folder, LAPTOP, code.replace("-", "").lower())
    assert LAPTOP in panel.status_device.text() and "記帳端末" not in panel.status_device.text()
    assert DESKTOP in panel.status_keeper.text()
    assert panel.take_register_button.isVisibleTo(panel)
    assert {DESKTOP, LAPTOP} <= set(grid_texts(panel))
    # the desktop's records are on the laptop now, and its pages show them
    qtbot.waitUntil(lambda: laptop.home.summary is not None
                    and laptop.home.summary.engagements_total == 4, timeout=TIMEOUT)
    # the desktop learns of the laptop at its next sync: a button to remove it
    sync_and_wait(qtbot, desktop)
    desktop_panel = sync_panel(qtbot, desktop)
    assert LAPTOP in grid_texts(desktop_panel)
    assert len(desktop_panel.device_buttons) == 1


def test_a_wrong_code_is_said_in_the_dialog_and_nothing_is_joined(
        qtbot: QtBot, desktop: MainWindow, laptop: MainWindow, sync_folder: Path) -> None:
    set_up(qtbot, desktop, sync_folder, DESKTOP)
    pairing_code(qtbot, desktop)
    panel = sync_panel(qtbot, laptop)
    panel.folder_edit.setText(str(sync_folder))
    panel.name_edit.setText(LAPTOP)
    dialog = panel.open_join("code")
    assert isinstance(dialog, JoinDialog)
    dialog.join_button.click()
    assert dialog.error.text() == "ペアリングコードを入力してください。"
    qtbot.keyClicks(dialog.edit, "2222-3333-4444-5555")
    dialog.join_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible() and dialog.join_button.isEnabled(),
                    timeout=TIMEOUT)
    assert "ペアリングコード" in dialog.error.text()
    assert dialog.isVisible()
    dialog.reject()
    laptop.sync.refresh()
    settle_sync(qtbot, laptop)
    assert laptop.sync.status is not None and not laptop.sync.status.configured


def test_removing_a_device_names_it_and_says_what_follows(
        qtbot: QtBot, desktop: MainWindow, laptop: MainWindow, sync_folder: Path) -> None:
    set_up(qtbot, desktop, sync_folder, DESKTOP)
    join(qtbot, laptop, sync_folder, LAPTOP, pairing_code(qtbot, desktop))
    sync_and_wait(qtbot, desktop)
    panel = sync_panel(qtbot, desktop)
    (button,) = panel.device_buttons.values()
    assert button.text() == "この端末を外す…"
    button.click()
    dialog = panel.dialog
    assert isinstance(dialog, ConfirmDialog)
    text = dialog.text_label.text()
    assert f"「{LAPTOP}」" in text and "新しい同期の鍵" in text and "読めなくなります" in text
    assert dialog.cancel_button.isDefault()  # Enter does not remove it
    dialog.reject()
    assert panel.device_buttons  # cancelled: still there
    next(iter(panel.device_buttons.values())).click()
    confirm = panel.dialog
    assert isinstance(confirm, ConfirmDialog)
    confirm.action_button.click()
    qtbot.waitUntil(lambda: "外しました" in grid_texts(panel), timeout=TIMEOUT)
    assert f"「{LAPTOP}」を外しました" in panel.result_label.text()
    assert not panel.device_buttons


def test_taking_over_the_register_explains_when_and_makes_this_the_keeper(
        qtbot: QtBot, desktop: MainWindow, laptop: MainWindow, sync_folder: Path) -> None:
    set_up(qtbot, desktop, sync_folder, DESKTOP)
    panel = join(qtbot, laptop, sync_folder, LAPTOP, pairing_code(qtbot, desktop))
    panel.take_register_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, ConfirmDialog)
    assert "紛失" in dialog.text_label.text() and DESKTOP in dialog.text_label.text()
    dialog.action_button.click()
    qtbot.waitUntil(lambda: "記帳端末" in panel.status_device.text(), timeout=TIMEOUT)
    settle_sync(qtbot, laptop)
    assert not panel.take_register_button.isVisibleTo(panel)
    # the desktop learns it at its next sync
    sync_and_wait(qtbot, desktop)
    desktop_panel = sync_panel(qtbot, desktop)
    assert LAPTOP in desktop_panel.status_keeper.text()
    assert desktop_panel.take_register_button.isVisibleTo(desktop_panel)


def test_the_page_fits_small_screens_and_every_button_is_reachable_by_tab(
        qtbot: QtBot, desktop: MainWindow, laptop: MainWindow, sync_folder: Path) -> None:
    set_up(qtbot, desktop, sync_folder, DESKTOP)
    join(qtbot, laptop, sync_folder, LAPTOP, pairing_code(qtbot, desktop))
    sync_and_wait(qtbot, desktop)
    for width, height in ((1280, 720), (1366, 768)):
        desktop.resize(width, height)
        panel = sync_panel(qtbot, desktop)
        qtbot.waitUntil(lambda p=panel: p.isVisible())
        for button in panel.findChildren(QPushButton):
            if button.isVisibleTo(panel):
                assert button.focusPolicy() & button.focusPolicy().TabFocus
                right = button.mapTo(desktop, button.rect().bottomRight())
                assert right.x() <= width and right.y() <= height, button.text()


def test_join_with_the_recovery_passphrase_when_no_device_is_at_hand(
        qtbot: QtBot, desktop: MainWindow, laptop: MainWindow, sync_folder: Path) -> None:
    set_up(qtbot, desktop, sync_folder, DESKTOP)
    panel = sync_panel(qtbot, laptop)
    panel.folder_edit.setText(str(sync_folder))
    panel.name_edit.setText(LAPTOP)
    assert panel.join_recovery_button.text() == "復旧用パスフレーズで参加…"
    dialog = panel.open_join("recovery")
    assert isinstance(dialog, JoinDialog)
    assert dialog.edit.echoMode() == dialog.edit.EchoMode.Password
    qtbot.keyClicks(dialog.edit, "wrong passphrase")
    dialog.join_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible() and dialog.join_button.isEnabled(),
                    timeout=TIMEOUT)
    assert "パスフレーズが違います" in dialog.error.text() and dialog.isVisible()
    dialog.edit.clear()
    dialog.edit.insert(PASSPHRASE)  # the desktop's, written on paper when it was set up
    dialog.join_button.click()
    qtbot.waitUntil(lambda: panel.pages.currentIndex() == 2, timeout=TIMEOUT)
    settle_sync(qtbot, laptop)
    assert DESKTOP in panel.status_keeper.text()
    qtbot.waitUntil(lambda: laptop.home.summary is not None
                    and laptop.home.summary.engagements_total == 4, timeout=TIMEOUT)
