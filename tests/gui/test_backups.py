"""Automatic backups (after changes, at most every N minutes, on close) and restoring
one from 設定, on the real services; the clock is a fake one, nothing waits on time."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from companion_testing.sample_data import TODAY, fill_sample_data
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlmodel import Session, select

from companion.db.database import Database
from companion.db.models import Client
from companion.errors import KnownError
from companion.paths import DataPaths
from companion.services.backups import list_backups
from companion.services.session import session_scope
from companion.services.storage import open_data_folder
from companion.settings import Settings
from companion.ui.backup_scheduler import BackupScheduler, take_backup
from companion.ui.formatting import ymd_hm
from companion.ui.main_window import MainWindow
from companion.ui.tasks import DbWorker
from companion.ui.views.settings import RestoreConfirmDialog, SettingsPage

PASSPHRASE = "雪どけの田んぼに水が入る"
START = datetime(2025, 11, 20, 1, 0, tzinfo=UTC)  # before the real clock: sorts first


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.time = start

    def __call__(self) -> datetime:
        return self.time

    def advance(self, **delta: float) -> None:
        self.time += timedelta(**delta)


def add_client(*, session: Session, name: str) -> str:
    session.add(Client(name=name))
    session.commit()
    return name


def client_names(*, session: Session) -> list[str]:
    return sorted(session.exec(select(Client.name)))


def names_in_backup(path: Path) -> set[str]:
    """The clients in an unencrypted backup file, read with the standard sqlite3."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {row[0] for row in connection.execute("SELECT name FROM client")}
    finally:
        connection.close()


def backup_files(paths: DataPaths) -> list[str]:
    return sorted(info.path.name for info in list_backups(paths))


def change(qtbot: QtBot, window: MainWindow, name: str) -> None:
    """Add a client through the worker, as a page would, and wait until it is reported."""
    with qtbot.waitSignal(window.worker.data_changed, timeout=10_000):
        window.worker.submit(add_client, write=True, name=name, undo_label="事業者の追加")


def settle(qtbot: QtBot, worker: DbWorker) -> None:
    """Wait until every job queued so far has run and answered."""
    with qtbot.waitCallback(timeout=10_000) as answered:
        worker.call(lambda: None, on_done=answered)


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def scheduled(qtbot: QtBot, window: MainWindow, clock: Clock) -> MainWindow:
    window.backups.now = clock
    settle(qtbot, window.worker)  # the newest backup has been looked up (none)
    return window


def test_a_change_is_backed_up_at_once_then_at_most_every_30_minutes_and_on_close(
        qtbot: QtBot, scheduled: MainWindow, clock: Clock, data_paths: DataPaths) -> None:
    window = scheduled
    assert backup_files(data_paths) == []

    with qtbot.waitSignal(window.backups.backup_made, timeout=10_000):
        change(qtbot, window, "一件目の事業者")
    assert backup_files(data_paths) == ["companion-20251120-010000.db"]
    assert "一件目の事業者" in names_in_backup(data_paths.backups / "companion-20251120-010000.db")

    clock.advance(minutes=10)
    change(qtbot, window, "二件目の事業者")
    assert not window.backups.running  # within 30 minutes: no backup yet …
    assert window.backups.timer.isActive()  # … but one is waiting for the interval
    settle(qtbot, window.worker)
    assert backup_files(data_paths) == ["companion-20251120-010000.db"]

    clock.advance(minutes=19)  # 29 minutes after the backup: still not
    window.backups.timer.timeout.emit()
    assert not window.backups.running

    clock.advance(minutes=1)  # 30 minutes: the timer's next look takes it
    with qtbot.waitSignal(window.backups.backup_made, timeout=10_000):
        window.backups.timer.timeout.emit()
    assert backup_files(data_paths)[-1] == "companion-20251120-013000.db"
    assert "二件目の事業者" in names_in_backup(data_paths.backups / "companion-20251120-013000.db")
    assert not window.backups.timer.isActive()  # nothing waits any more

    clock.advance(minutes=5)
    change(qtbot, window, "終了直前の事業者")
    settle(qtbot, window.worker)
    assert len(backup_files(data_paths)) == 2
    window.close()  # the change made 5 minutes after the last backup is not lost
    assert backup_files(data_paths)[-1] == "companion-20251120-013500.db"
    assert "終了直前の事業者" in names_in_backup(data_paths.backups / "companion-20251120-013500.db")
    assert window.worker.closed


def test_closing_without_changes_makes_no_backup(qtbot: QtBot, scheduled: MainWindow,
                                                 data_paths: DataPaths) -> None:
    scheduled.close()
    assert backup_files(data_paths) == []


def test_the_interval_and_the_folder_come_from_the_settings(
        qtbot: QtBot, scheduled: MainWindow, clock: Clock, data_paths: DataPaths,
        tmp_path: Path) -> None:
    window = scheduled
    elsewhere = tmp_path / "usb" / "companion-backups"
    elsewhere.mkdir(parents=True)
    settings = window.settings  # the window's, in memory: what the scheduler asks
    settings.set("backup_interval_minutes", 5)
    settings.set("backup_folder", str(elsewhere))

    with qtbot.waitSignal(window.backups.backup_made, timeout=10_000):
        change(qtbot, window, "一件目の事業者")
    clock.advance(minutes=5)
    with qtbot.waitSignal(window.backups.backup_made, timeout=10_000):
        change(qtbot, window, "五分後の事業者")
    assert sorted(p.name for p in elsewhere.iterdir()) == [
        "companion-20251120-010000.db", "companion-20251120-010500.db"]
    assert not data_paths.backups.exists() or backup_files(data_paths) == []


def test_a_missing_backup_folder_is_a_clear_message_and_is_tried_again(
        qtbot: QtBot, scheduled: MainWindow, clock: Clock, data_paths: DataPaths,
        tmp_path: Path) -> None:
    window = scheduled
    window.settings.set("backup_folder", str(tmp_path / "unplugged"))
    with qtbot.waitSignal(window.backups.backup_failed, timeout=10_000) as failed:
        change(qtbot, window, "一件目の事業者")
    assert "バックアップ先のフォルダがありません" in failed.args[0]
    assert str(tmp_path / "unplugged") in failed.args[0]
    assert "バックアップに失敗しました" in window.statusBar().currentMessage()
    assert not (tmp_path / "unplugged").exists()  # not created on the wrong disk
    assert window.backups.changed and window.backups.timer.isActive()  # waits, then again

    (tmp_path / "unplugged").mkdir()
    clock.advance(minutes=30)
    with qtbot.waitSignal(window.backups.backup_made, timeout=10_000):
        window.backups.timer.timeout.emit()
    assert window.backups.last_error == ""


def test_backup_on_exit_runs_after_queued_writes_before_the_engine_closes(
        qtbot: QtBot, window: MainWindow, data_paths: DataPaths) -> None:
    window.backups.now = Clock(START)
    settle(qtbot, window.worker)
    for number in range(3):  # queued, not yet run, when the window closes
        window.worker.submit(add_client, write=True, name=f"終了時に保存中の事業者{number}")
    window.close()
    (backup,) = list_backups(data_paths)
    assert {f"終了時に保存中の事業者{n}" for n in range(3)} <= names_in_backup(backup.path)


def test_a_backup_that_cannot_be_written_is_a_known_error(db: Database,
                                                          data_paths: DataPaths) -> None:
    data_paths.backups.write_text("a file where the backups folder should be")
    with pytest.raises(KnownError, match="バックアップを作成できません") as raised:
        take_backup(db, paths=data_paths, now=START)
    assert str(data_paths.backups) in raised.value.message


# -- restoring from 設定, on an encrypted data folder --------------------------------------

@pytest.fixture
def encrypted(data_paths: DataPaths) -> DataPaths:
    opened = open_data_folder(data_paths, ask=lambda _purpose: PASSPHRASE, create=True)
    try:
        with session_scope(opened.db) as session:
            fill_sample_data(session, visits=12)
            session.commit()
    finally:
        opened.db.close()
    return data_paths


@pytest.fixture
def encrypted_window(qtbot: QtBot, encrypted: DataPaths) -> Iterator[MainWindow]:
    window = MainWindow(paths=encrypted, worker=DbWorker(), today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.open_data(lambda: open_data_folder(encrypted,
                                                  ask=lambda _purpose: PASSPHRASE).db)
    yield window
    window.close()


def current_clients(qtbot: QtBot, window: MainWindow) -> list[str]:
    with qtbot.waitCallback(timeout=10_000) as answered:
        window.worker.submit(client_names, on_done=answered)
    return answered.args[0]


def visible_dialog(kind: type) -> object:
    return next((widget for widget in QApplication.topLevelWidgets()
                 if isinstance(widget, kind) and widget.isVisible()), None)


def show_settings(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    page = window.settings_page
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        window.show_page(window.SETTINGS)
    qtbot.waitUntil(lambda: page.backup_model.rowCount() == len(list_backups(window.paths)))
    return page


def select_backup(page: SettingsPage, row: int) -> None:
    page.backup_table.selectRow(row)
    assert page.restore_button.isEnabled()


def test_restore_from_the_settings_list_brings_back_the_earlier_data(
        qtbot: QtBot, encrypted_window: MainWindow, clock: Clock) -> None:
    window = encrypted_window
    window.backups.now = clock
    page = show_settings(qtbot, window)
    assert page.backup_model.rowCount() == 0
    assert not page.restore_button.isEnabled()

    with qtbot.waitSignal(window.backups.backup_made, timeout=10_000):
        page.backup_now_button.click()  # 今すぐバックアップ
    qtbot.waitUntil(lambda: page.backup_model.rowCount() == 1)
    assert page.backup_message.text() == f"バックアップを作成しました({ymd_hm(START)})。"
    earlier = current_clients(qtbot, window)
    clock.advance(minutes=5)
    change(qtbot, window, "あとから追加した事業者")
    assert "あとから追加した事業者" in current_clients(qtbot, window)
    settle(qtbot, window.worker)
    assert page.backup_model.rowCount() == 1  # 5 minutes later: not backed up yet

    # The list shows the local time and the size.
    assert page.backup_model.item(0, 0).text() == ymd_hm(START)
    assert page.backup_model.item(0, 1).text().endswith(("KB", "MB"))

    select_backup(page, 0)  # the one taken before the change
    page.restore_button.click()
    dialog = visible_dialog(RestoreConfirmDialog)
    assert isinstance(dialog, RestoreConfirmDialog)
    assert "現在の状態を自動でバックアップ" in dialog.text_label.text()
    dialog.cancel_button.click()  # cancelling changes nothing
    assert "あとから追加した事業者" in current_clients(qtbot, window)

    page.restore_button.click()
    dialog = visible_dialog(RestoreConfirmDialog)
    assert isinstance(dialog, RestoreConfirmDialog)
    with qtbot.waitSignal(window.backups.restored, timeout=20_000) as restored:
        dialog.restore_button.click()
    assert current_clients(qtbot, window) == earlier
    assert "から復元しました" in page.backup_message.text()
    assert "復元前の状態は" in page.backup_message.text()
    assert window.statusBar().currentMessage() == "バックアップから復元しました。"

    # The state before the restore was backed up first: restoring that brings it back.
    safety = restored.args[0].safety_backup
    assert safety is not None
    qtbot.waitUntil(lambda: page.backup_model.rowCount() == 2)
    row = next(r for r, info in enumerate(page.backup_rows) if info.path == safety.path)
    select_backup(page, row)
    page.restore_button.click()
    dialog = visible_dialog(RestoreConfirmDialog)
    assert isinstance(dialog, RestoreConfirmDialog)
    with qtbot.waitSignal(window.backups.restored, timeout=20_000):
        dialog.restore_button.click()
    assert "あとから追加した事業者" in current_clients(qtbot, window)


def test_restore_reloads_the_pages_already_shown(qtbot: QtBot, encrypted_window: MainWindow,
                                                 clock: Clock) -> None:
    window = encrypted_window
    window.backups.now = clock
    page = show_settings(qtbot, window)
    with qtbot.waitSignal(window.backups.backup_made, timeout=10_000):
        page.backup_now_button.click()
    clock.advance(minutes=40)
    change(qtbot, window, "あとから追加した事業者")
    qtbot.waitUntil(lambda: page.backup_model.rowCount() == 2)
    with qtbot.waitSignal(window.home.loaded, timeout=10_000):
        window.home.reload()
    home_total = window.home.summary.engagements_total if window.home.summary else None

    select_backup(page, 1)
    page.restore_button.click()
    dialog = visible_dialog(RestoreConfirmDialog)
    assert isinstance(dialog, RestoreConfirmDialog)
    with qtbot.waitSignal(window.home.loaded, timeout=20_000):  # reloaded after the restore
        dialog.restore_button.click()
    assert window.home.summary is not None
    assert window.home.summary.engagements_total == home_total


def test_after_a_restore_the_settings_are_read_again(qtbot: QtBot,
                                                     encrypted_window: MainWindow,
                                                     clock: Clock) -> None:
    """A restore may replace settings.json (a whole-folder backup carries it): the
    window's one Settings object reads it again then, and only then, and announces what
    changed (the 設定 page shows it)."""
    window = encrypted_window
    window.backups.now = clock
    page = show_settings(qtbot, window)
    window.settings.set("organisation", "湯沢市商工会")
    with qtbot.waitSignal(window.backups.backup_made, timeout=10_000):
        page.backup_now_button.click()
    qtbot.waitUntil(lambda: page.backup_model.rowCount() == 1)
    clock.advance(minutes=5)
    # As restoring a whole-folder backup writes it (services.backups._replace_files):
    window.paths.settings_file.write_text(json.dumps({"organisation": "ゆざわ-Biz"}),
                                          encoding="utf-8")
    assert window.settings.get("organisation") == "湯沢市商工会"  # not read on each use
    changed: list[str] = []
    window.settings_changed.connect(changed.append)

    select_backup(page, 0)
    page.restore_button.click()
    dialog = visible_dialog(RestoreConfirmDialog)
    assert isinstance(dialog, RestoreConfirmDialog)
    with qtbot.waitSignal(window.backups.restored, timeout=20_000):
        dialog.restore_button.click()
    assert window.settings.get("organisation") == "ゆざわ-Biz"
    assert changed == ["organisation"]
    assert page.editors["organisation"].widget.text() == "ゆざわ-Biz"  # type: ignore[attr-defined]


def test_a_backup_of_another_key_is_refused_and_nothing_changes(
        qtbot: QtBot, encrypted_window: MainWindow, tmp_path: Path) -> None:
    window = encrypted_window
    other = DataPaths(tmp_path / "other-laptop")
    opened = open_data_folder(other, ask=lambda _purpose: "別のパソコンの合言葉です", create=True)
    try:
        foreign = take_backup(opened.db, paths=other, now=START)
    finally:
        opened.db.close()
    (window.paths.backups).mkdir(parents=True, exist_ok=True)
    target = window.paths.backups / foreign.path.name
    target.write_bytes(foreign.path.read_bytes())
    before = current_clients(qtbot, window)

    page = show_settings(qtbot, window)
    select_backup(page, 0)
    page.restore_button.click()
    dialog = visible_dialog(RestoreConfirmDialog)
    assert isinstance(dialog, RestoreConfirmDialog)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: page.backup_error.isVisible(), timeout=20_000)
    assert "復元できませんでした" in page.backup_error.text()
    assert "別の鍵" in page.backup_error.text()
    assert current_clients(qtbot, window) == before
    assert page.backup_now_button.isEnabled()


def test_a_scheduler_without_an_open_database_does_nothing_on_exit(qtbot: QtBot,
                                                                   data_paths: DataPaths) -> None:
    worker = DbWorker()
    scheduler = BackupScheduler(worker, paths=data_paths,
                                settings=Settings(data_paths.settings_file))
    assert scheduler.backup_on_exit() is None
    worker.shutdown()


def test_a_rebuilt_window_takes_over_the_schedule(qtbot: QtBot, scheduled: MainWindow,
                                                  clock: Clock, data_paths: DataPaths) -> None:
    """Switching the language rebuilds the window on the same worker: its scheduler
    carries on (the interval still counts from the last backup; a waiting change is
    backed up on close), and the old one no longer reacts."""
    window = scheduled
    with qtbot.waitSignal(window.backups.backup_made, timeout=10_000):
        change(qtbot, window, "一件目の事業者")
    clock.advance(minutes=10)
    change(qtbot, window, "二件目の事業者")  # waits for the interval

    successor = BackupScheduler(window.worker, paths=data_paths, settings=window.settings,
                                now=clock)
    successor.take_over(window.backups)
    assert successor.last_backup == START and successor.changed
    assert successor.timer.isActive() and not window.backups.timer.isActive()

    clock.advance(minutes=5)
    with qtbot.assertNotEmitted(window.backups.backup_made):
        change(qtbot, window, "三件目の事業者")  # still inside the 30 minutes
    assert backup_files(data_paths) == ["companion-20251120-010000.db"]

    assert window.backups.backup_on_exit() is None  # the old one backs nothing up
    successor.backup_on_exit()
    window.worker.shutdown()
    assert backup_files(data_paths)[-1] == "companion-20251120-011500.db"
    assert {"二件目の事業者", "三件目の事業者"} <= names_in_backup(
        data_paths.backups / "companion-20251120-011500.db")


def test_going_back_past_signed_register_entries_needs_the_users_word(
        qtbot: QtBot, encrypted_window: MainWindow, clock: Clock) -> None:
    from companion.services.register import current_signing_key, rotate_signing_key

    window = encrypted_window
    window.backups.now = clock
    with qtbot.waitSignal(window.worker.data_changed, timeout=10_000):
        window.worker.submit(current_signing_key, write=True, undo_label="署名鍵")
    page = show_settings(qtbot, window)
    with qtbot.waitSignal(window.backups.backup_made, timeout=10_000):
        page.backup_now_button.click()
    qtbot.waitUntil(lambda: page.backup_model.rowCount() == 1)
    with qtbot.waitSignal(window.worker.data_changed, timeout=10_000):
        window.worker.submit(rotate_signing_key, write=True, undo_label="署名鍵の更新")

    select_backup(page, 0)
    page.restore_button.click()
    first = visible_dialog(RestoreConfirmDialog)
    assert isinstance(first, RestoreConfirmDialog)
    first.restore_button.click()
    # The backup lacks the key rotation's entry: the user is told, and asked again.
    qtbot.waitUntil(lambda: isinstance(visible_dialog(RestoreConfirmDialog), RestoreConfirmDialog)
                    and visible_dialog(RestoreConfirmDialog) is not first, timeout=20_000)
    confirm = visible_dialog(RestoreConfirmDialog)
    assert isinstance(confirm, RestoreConfirmDialog)
    # The rotation appended the new key's entry and its signature by the old key.
    assert "署名付きの記録(開示と署名鍵)が 2 件失われます" in confirm.text_label.text()
    assert confirm.cancel_button.isDefault()
    confirm.cancel_button.click()  # no: nothing changed
    assert not (window.paths.root / "restore-history.jsonl").exists()

    page.restore_button.click()
    visible_dialog(RestoreConfirmDialog).restore_button.click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: visible_dialog(RestoreConfirmDialog) is not None
                    and "失われます" in visible_dialog(RestoreConfirmDialog).text_label.text(),  # type: ignore[union-attr]
                    timeout=20_000)
    with qtbot.waitSignal(window.backups.restored, timeout=20_000) as restored:
        visible_dialog(RestoreConfirmDialog).restore_button.click()  # type: ignore[union-attr]
    assert restored.args[0].rolled_back == 2
    history = (window.paths.root / "restore-history.jsonl").read_text(encoding="utf-8")
    assert '"rolled_back_entries": 2' in history
