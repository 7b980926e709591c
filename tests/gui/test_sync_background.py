"""Sync in the background: when the folder changes, after a burst of writes, every five
minutes; one at a time on the database worker while the user types on; a missing folder
and a failure said in the status bar, never by a dialog."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from companion_testing.sync_windows import (
    DESKTOP,
    TIMEOUT,
    close_all,
    make_data_folder,
    open_sync_window,
    paired,
    read,
    set_up,
    settle_sync,
    sync_and_wait,
    sync_panel,
    visible_dialogs,
    write,
)
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlmodel import Session, select

from companion.db.models import Client, Engagement
from companion.errors import KnownError
from companion.services.clients import ClientDraft, create_client
from companion.services.sync.background import SyncOutcome, sync_in_background
from companion.ui.main_window import MainWindow
from companion.ui.sync_watcher import PERIOD_MS
from companion.ui.views.visit_form import VisitForm


def client_names(*, session: Session) -> set[str]:
    return set(session.exec(select(Client.name)))


def add_client(window: MainWindow, qtbot: QtBot, name: str) -> None:
    write(window, qtbot, create_client, draft=ClientDraft(name=name, prefecture="秋田県",
                                                          city="湯沢市"))


@pytest.fixture
def two(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[MainWindow, MainWindow, Path]]:
    desktop, laptop, folder = paired(qtbot, tmp_path)
    yield desktop, laptop, folder
    close_all(desktop, laptop)


@pytest.fixture
def desktop(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[MainWindow, Path]]:
    folder = tmp_path / "NAS" / "Companion同期"
    folder.mkdir(parents=True)
    window = open_sync_window(qtbot, make_data_folder(tmp_path / "desktop", sample=True))
    set_up(qtbot, window, folder, DESKTOP)
    yield window, folder
    close_all(window)


def test_a_change_in_the_sync_folder_is_fetched_without_asking(
        qtbot: QtBot, two: tuple[MainWindow, MainWindow, Path]) -> None:
    desktop, laptop, _folder = two
    # the laptop's folder (and its segments/) are watched on the desktop, not its own
    laptop_id = laptop.sync.status.device_id if laptop.sync.status else ""
    desktop_id = desktop.sync.status.device_id if desktop.sync.status else ""
    qtbot.waitUntil(lambda: any(laptop_id in path for path in desktop.sync.watcher.directories()),
                    timeout=TIMEOUT)
    assert not any(desktop_id in path for path in desktop.sync.watcher.directories())
    desktop.sync.folder_delay.setInterval(50)  # (3 s in use: the engine may still copy)
    before = desktop.sync.last_result
    add_client(laptop, qtbot, "合同会社ゆざわ木工")
    assert sync_and_wait(qtbot, laptop).sent >= 1
    # nobody asks the desktop: its watcher sees the new segment and it syncs
    qtbot.waitUntil(lambda: desktop.sync.last_result is not before
                    and "合同会社ゆざわ木工" in read(desktop, qtbot, client_names), timeout=TIMEOUT)
    assert desktop.sync.last_result is not None and desktop.sync.last_result.received >= 1


def test_a_burst_of_writes_is_sent_after_its_last_write(
        qtbot: QtBot, two: tuple[MainWindow, MainWindow, Path]) -> None:
    desktop, laptop, _folder = two
    syncs: list[Any] = []
    desktop.sync.synced.connect(syncs.append)
    for name in ("株式会社こまち農園", "稲庭うどん 佐藤商店", "湯沢温泉 旅館やまゆり"):
        add_client(desktop, qtbot, name)
        assert desktop.sync.writes_delay.isActive()  # each write starts the wait again
    assert desktop.sync.writes_delay.interval() == 20_000
    # nothing sent yet, and the status bar says what waits
    qtbot.waitUntil(lambda: "未送信 3件" in desktop.sync_status.plain_text(), timeout=TIMEOUT)
    assert not syncs
    desktop.sync.writes_delay.setInterval(0)  # the burst is over: its wait runs out
    desktop.sync.writes_delay.start()
    qtbot.waitUntil(lambda: len(syncs) == 1, timeout=TIMEOUT)
    settle_sync(qtbot, desktop)
    assert syncs[0].sent >= 3
    assert "未送信 0件" in desktop.sync_status.plain_text()
    # the sync's own writes start no new wait (no endless syncing)
    assert not desktop.sync.writes_delay.isActive()
    sync_and_wait(qtbot, laptop)
    assert {"株式会社こまち農園", "稲庭うどん 佐藤商店", "湯沢温泉 旅館やまゆり"} <= read(
        laptop, qtbot, client_names)


def test_every_five_minutes_it_looks_again(
        qtbot: QtBot, desktop: tuple[MainWindow, Path]) -> None:
    window, _folder = desktop
    assert PERIOD_MS == 5 * 60_000
    assert window.sync.periodic.interval() == PERIOD_MS and window.sync.periodic.isActive()
    with qtbot.waitSignal(window.sync.synced, timeout=TIMEOUT):
        window.sync.periodic.timeout.emit()


def test_one_sync_at_a_time_on_the_worker_while_the_user_types(
        qtbot: QtBot, desktop: tuple[MainWindow, Path]) -> None:
    window, _folder = desktop
    gate = threading.Event()
    running: list[int] = []
    peak = [0]

    def held_sync(database: Any) -> SyncOutcome:
        running.append(1)
        peak[0] = max(peak[0], len(running))
        try:
            assert gate.wait(TIMEOUT / 1000)
            return sync_in_background(database)
        finally:
            running.pop()

    window.sync.sync_fn = held_sync
    engagement_id = read(window, qtbot, lambda *, session: session.exec(select(Engagement.id))
                         .first())
    with qtbot.waitSignal(window.visit_commands.form_opened, timeout=TIMEOUT) as opening:
        window.visit_commands.new_visit(engagement_id)
    form = opening.args[0]
    assert isinstance(form, VisitForm)
    qtbot.waitUntil(lambda: form.is_loaded, timeout=TIMEOUT)
    syncs: list[Any] = []
    window.sync.synced.connect(syncs.append)
    assert window.sync.request_sync()
    assert window.sync.request_sync()  # asked again while one runs: once more after it
    qtbot.waitUntil(lambda: bool(running), timeout=TIMEOUT)
    assert "同期中…" in window.sync_status.plain_text()
    # the sync holds the database worker; the window is the user's
    form.activateWindow()
    form.notes_edit.setFocus()
    typed = "試飲会の反応を社長と確認した。来月は首都圏の酒販店を回る。"
    for text in typed.split("。")[:2]:  # as an input method commits each phrase
        commit = QInputMethodEvent()
        commit.setCommitString(text + "。")
        QApplication.sendEvent(form.notes_edit, commit)
    qtbot.keyClicks(form.notes_edit, " 10/3")  # and keys as they are pressed
    assert typed + " 10/3" in form.notes_edit.toPlainText()
    assert running  # all the while the sync held the worker
    gate.set()
    qtbot.waitUntil(lambda: len(syncs) == 2, timeout=TIMEOUT)
    settle_sync(qtbot, window)
    assert peak[0] == 1
    assert "同期中" not in window.sync_status.plain_text()
    form.reject()


def test_a_missing_folder_is_said_quietly_and_tried_again(
        qtbot: QtBot, desktop: tuple[MainWindow, Path], tmp_path: Path) -> None:
    window, folder = desktop
    away = tmp_path / "USB を抜いた"
    folder.rename(away)  # the NAS is off, the USB stick is out
    window.sync.request_sync()
    qtbot.waitUntil(lambda: window.sync.offline, timeout=TIMEOUT)
    settle_sync(qtbot, window)
    assert "同期フォルダが見つかりません" in window.sync_status.plain_text()
    assert str(folder) in window.sync_status.label.toolTip()
    assert not visible_dialogs()
    panel = sync_panel(qtbot, window)
    assert "同期フォルダが見つかりません" in panel.status_error.text()
    away.rename(folder)  # back: the next try (the 5-minute timer) syncs
    with qtbot.waitSignal(window.sync.synced, timeout=TIMEOUT):
        window.sync.periodic.timeout.emit()
    settle_sync(qtbot, window)
    assert not window.sync.offline
    assert "見つかりません" not in window.sync_status.plain_text()
    assert not panel.status_error.isVisible()


def test_a_failure_is_shown_in_the_status_bar_and_on_the_page_never_as_dialogs(
        qtbot: QtBot, desktop: tuple[MainWindow, Path]) -> None:
    window, _folder = desktop

    def refused(_database: Any) -> SyncOutcome:
        raise KnownError("同期フォルダのファイル {name} は改変されているため取り込みません",
                         name="000000000003.cseg")

    window.sync.sync_fn = refused
    for _attempt in range(3):  # every five minutes, the same problem: one line, no storm
        window.sync.request_sync()
        settle_sync(qtbot, window)
    assert "同期できません" in window.sync_status.plain_text()
    assert "000000000003.cseg" in window.sync_status.label.toolTip()
    assert not visible_dialogs()
    panel = sync_panel(qtbot, window)
    assert "改変されているため取り込みません" in panel.status_error.text()
    QApplication.processEvents()
    assert not visible_dialogs()
