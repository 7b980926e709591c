"""Closing the window while the exit backup runs: a progress dialog says so, the window
never sits frozen and blank, and it closes once the backup is written."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressDialog
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from companion.db.models import Client
from companion.paths import DataPaths
from companion.services.backups import list_backups
from companion.ui import backup_scheduler, ops
from companion.ui.main_window import MainWindow

START = datetime(2025, 11, 20, 1, 0, tzinfo=UTC)


def add_client(*, session: Session, name: str) -> str:
    session.add(Client(name=name))
    session.commit()
    return name


def names_in_backup(path: Path) -> set[str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {row[0] for row in connection.execute("SELECT name FROM client")}
    finally:
        connection.close()


def change(qtbot: QtBot, window: MainWindow, name: str) -> None:
    with qtbot.waitSignal(window.worker.data_changed, timeout=10_000):
        ops.write(add_client, undo_label="事業者の追加", name=name).run(window.worker)


def test_the_exit_backup_shows_a_progress_dialog_and_the_window_closes_after_it(
        qtbot: QtBot, window: MainWindow, data_paths: DataPaths,
        monkeypatch: pytest.MonkeyPatch) -> None:
    now = [START]
    window.backups.now = lambda: now[0]
    with qtbot.waitSignal(window.backups.backup_made, timeout=10_000):
        change(qtbot, window, "一件目の事業者")  # the first change is backed up at once
    now[0] += timedelta(minutes=5)
    change(qtbot, window, "終了直前の事業者")  # within the interval: waits for the exit

    entered, release = threading.Event(), threading.Event()
    take_backup = backup_scheduler.take_backup

    def slow_backup(database: Any, *, paths: DataPaths, now: datetime) -> Any:
        entered.set()
        assert release.wait(timeout=20), "the progress dialog never showed"
        return take_backup(database, paths=paths, now=now)

    monkeypatch.setattr(backup_scheduler, "take_backup", slow_backup)
    shown: list[tuple[str, bool, bool]] = []

    def look_for_the_dialog() -> None:  # runs in the window's wait, while it closes
        dialogs = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
        if dialogs and entered.is_set():
            shown.append((dialogs[0].labelText(), window.isVisible(), window.worker.closed))
            release.set()
        else:
            QTimer.singleShot(20, look_for_the_dialog)

    QTimer.singleShot(0, look_for_the_dialog)
    window.close()  # returns when the backup is written and the workers have stopped
    release.set()
    assert shown == [("終了する前にデータをバックアップしています…", True, False)]
    assert not window.isVisible() and window.worker.closed
    assert not any(d.isVisible() for d in window.findChildren(QProgressDialog))
    newest = list_backups(data_paths)[0]
    assert "終了直前の事業者" in names_in_backup(newest.path)
