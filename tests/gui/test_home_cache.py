"""Opening the window: ホーム shows the figures the last session kept, says so, and the
fresh ones replace them; a cache that cannot be trusted or written changes nothing."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from companion_testing.sample_data import TODAY, fill_sample_data
from pytestqt.qtbot import QtBot

from companion.db.database import Database
from companion.paths import DataPaths
from companion.services.home_cache import cache_file, cached_home, save_home_cache
from companion.services.session import session_scope
from companion.services.storage import open_data_folder
from companion.services.visits.follow_ups import mark_follow_up_done
from companion.ui.main_window import MainWindow
from companion.ui.tasks import DbWorker

PASSPHRASE = "雪どけの田んぼに水が入る"
CLIENT = "有限会社やまなか酒造"


def open_folder(paths: DataPaths) -> Database:
    """The folder as a desktop start opens it: the data key from the (test) keyring."""
    return open_data_folder(paths, ask=lambda _purpose: PASSPHRASE, create=True).db


@pytest.fixture
def encrypted(data_paths: DataPaths) -> Iterator[DataPaths]:
    """An encrypted data folder with the sample engagements, its key in the keyring:
    one follow-up due within a week (やまなか酒造), one overdue (みなと水産)."""
    database = open_folder(data_paths)
    with session_scope(database) as session:
        fill_sample_data(session)
        session.commit()
    database.close()
    yield data_paths


def start_window(qtbot: QtBot, paths: DataPaths, *,
                 opener: Callable[[], Database] | None = None) -> MainWindow:
    """A window started as app.py starts it: the cached figures asked for first, then
    the database opened (``opener``) on the same worker."""
    window = MainWindow(paths=paths, worker=DbWorker(), today=lambda: TODAY)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.home.load_cached(lambda: cached_home(paths))
    window.open_data(opener or (lambda: open_folder(paths)))
    return window


def close(window: MainWindow) -> None:
    window.close()  # the worker finishes the queued writes (the cache) first


def run_session(qtbot: QtBot, paths: DataPaths) -> None:
    """One whole session: open, show the fresh figures, close (they are kept)."""
    window = start_window(qtbot, paths)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        pass
    close(window)
    assert cache_file(paths).is_file()


def shown(window: MainWindow) -> dict[str, str]:
    home = window.home
    return {"due": home.due_card.value_label.text(), "overdue": home.overdue_card.value_label.text(),
            "active": home.active_card.value_label.text()}


def follow_up_clients(window: MainWindow) -> list[str]:
    model = window.home.follow_model
    return [str(model.index(row, column).data()) for row in range(model.rowCount())
            for column in range(model.columnCount())]


def test_the_last_figures_show_first_marked_and_the_fresh_ones_replace_them(
        qtbot: QtBot, encrypted: DataPaths) -> None:
    run_session(qtbot, encrypted)
    # Between sessions the follow-up due this week is done (another window, the CLI).
    database = open_folder(encrypted)
    with session_scope(database) as session:
        from sqlmodel import col, select

        from companion.db.models import Visit

        visit = session.exec(select(Visit).where(col(Visit.follow_up_on) > TODAY)).one()
        mark_follow_up_done(session=session, kind="visit", ref_id=visit.id)
        session.commit()
    database.close()

    opened = threading.Event()  # the database opens only when the test says so

    def slow_open() -> Database:
        assert opened.wait(10)
        return open_folder(encrypted)

    window = start_window(qtbot, encrypted, opener=slow_open)
    with qtbot.waitSignal(window.home.cached_shown, timeout=10_000):
        pass
    home = window.home
    assert home.showing_cached and home.cached_note.isVisible()
    assert home.cached_note.text().startswith("前回終了時の表示です")
    assert "最新の内容を読み込み中" in home.cached_note.text()
    assert shown(window) == {"due": "1", "overdue": "1", "active": "2"}
    assert any(CLIENT in text for text in follow_up_clients(window))
    assert not home.done_button.isEnabled()  # its rows may be done already
    home.follow_table.setCurrentIndex(home.follow_model.index(0, 0))
    home.mark_selected_done()
    assert "最新の内容を読み込んでいます" in home.done_label.text()
    assert not window.home.has_data  # the window is not "ready" on the last figures

    with qtbot.waitSignal(window.ready, timeout=10_000):
        opened.set()
    assert not home.showing_cached and not home.cached_note.isVisible()
    assert shown(window) == {"due": "0", "overdue": "1", "active": "2"}
    assert not any(CLIENT in text for text in follow_up_clients(window))
    close(window)


def test_the_kept_file_names_no_client_in_the_open(qtbot: QtBot, encrypted: DataPaths) -> None:
    run_session(qtbot, encrypted)
    sealed = cache_file(encrypted).read_bytes()
    for name in (CLIENT, "株式会社みなと水産", "やまなか", "みなと"):
        assert name.encode("utf-8") not in sealed and name.encode("utf-16-le") not in sealed
    assert b"engagement_title" not in sealed and b"client_name" not in sealed


@pytest.mark.parametrize("damage", ["corrupt", "another key"])
def test_a_cache_that_cannot_be_read_is_ignored_and_made_again(
        qtbot: QtBot, encrypted: DataPaths, damage: str) -> None:
    run_session(qtbot, encrypted)
    path = cache_file(encrypted)
    if damage == "corrupt":
        sealed = path.read_bytes()
        path.write_bytes(sealed[:20] + bytes(b ^ 0x55 for b in sealed[20:60]) + sealed[60:])
    else:
        from companion.services.home_types import HomeSummary

        stranger = HomeSummary(today=TODAY, fiscal_year=2025, active_engagements=99,
                               engagements_total=99, visits_this_fiscal_year=0, visits_total=0,
                               due_soon_count=99, overdue_count=99, due_soon=[], overdue=[],
                               quiet=[])
        assert save_home_cache(encrypted, os.urandom(32), stranger)
    damaged = path.read_bytes()
    window = start_window(qtbot, encrypted)
    cached: list[Any] = []
    window.home.cached_shown.connect(lambda: cached.append(shown(window)))
    errors: list[Any] = []
    window.worker.known_error_handler = errors.append
    with qtbot.waitSignal(window.ready, timeout=10_000):
        pass
    assert cached == [] and not window.home.cached_note.isVisible() and errors == []
    assert shown(window) == {"due": "1", "overdue": "1", "active": "2"}
    close(window)
    assert path.read_bytes() != damaged  # kept again, readable at the next start
    window = start_window(qtbot, encrypted)
    with qtbot.waitSignal(window.home.cached_shown, timeout=10_000):
        pass
    close(window)


def test_without_the_key_in_the_keyring_nothing_is_shown_before_the_data(
        qtbot: QtBot, encrypted: DataPaths) -> None:
    import keyring

    from companion.keystore import MemoryKeyring

    run_session(qtbot, encrypted)
    keyring.set_keyring(MemoryKeyring())  # a new keyring: the passphrase opens the folder
    window = start_window(qtbot, encrypted)
    cached: list[bool] = []
    window.home.cached_shown.connect(lambda: cached.append(True))
    with qtbot.waitSignal(window.ready, timeout=10_000):
        pass
    assert cached == [] and shown(window)["due"] == "1"
    close(window)


def test_a_cache_that_cannot_be_written_leaves_the_window_working(
        qtbot: QtBot, encrypted: DataPaths) -> None:
    cache_file(encrypted).mkdir()  # the name is taken: writing it fails
    window = start_window(qtbot, encrypted)
    errors: list[Any] = []
    window.worker.known_error_handler = errors.append
    with qtbot.waitSignal(window.ready, timeout=10_000):
        pass
    assert shown(window) == {"due": "1", "overdue": "1", "active": "2"}
    close(window)
    assert errors == []
    assert cache_file(encrypted).is_dir() and not list(cache_file(encrypted).iterdir())
    assert not [p for p in encrypted.root.iterdir() if p.name.endswith(".partial")]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root writes into a read-only folder")
def test_a_read_only_data_folder_gets_no_cache_and_the_window_still_opens(
        qtbot: QtBot, encrypted: DataPaths) -> None:
    def open_then_protect() -> Database:
        database = open_folder(encrypted)  # its files exist: the database still works
        os.chmod(encrypted.root, 0o500)
        return database

    window = start_window(qtbot, encrypted, opener=open_then_protect)
    errors: list[Any] = []
    window.worker.known_error_handler = errors.append
    try:
        with qtbot.waitSignal(window.ready, timeout=10_000):
            pass
        assert shown(window)["due"] == "1"
        close(window)
        assert errors == [] and not cache_file(encrypted).exists()
    finally:
        os.chmod(encrypted.root, 0o700)


def test_the_start_up_trace_names_the_cached_paint_and_the_fresh_one(
        qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from companion.app import EXIT_OK, run

    monkeypatch.setenv("COMPANION_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("COMPANION_STARTUP_TRACE", "1")
    folder = tmp_path / "profile"
    assert run(data_dir=str(folder), exit_when_ready=True) == EXIT_OK
    first = [line.split()[1] for line in capsys.readouterr().err.splitlines()
             if line.startswith("startup: ")]
    assert first == ["painted", "ready"]  # nothing kept yet
    monkeypatch.delenv("COMPANION_PASSPHRASE")  # the key from the keyring, as on a desktop
    assert run(data_dir=str(folder), exit_when_ready=True) == EXIT_OK
    marks = [line.split() for line in capsys.readouterr().err.splitlines()
             if line.startswith("startup: ")]
    assert [name for _, name, _ in marks] == ["painted", "cached", "ready"]
    times = [float(moment) for _, _, moment in marks]
    assert times == sorted(times)


def test_the_fresh_figures_show_before_the_database_is_opened_the_ordinary_way(
        qtbot: QtBot, encrypted: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    import companion.app as app_module

    opened = threading.Event()  # the ordinary opening waits until the test says so
    ordinary = app_module.open_for_app

    def slow_open(*args: Any, **kwargs: Any) -> Any:
        assert opened.wait(10)
        return ordinary(*args, **kwargs)

    monkeypatch.setattr(app_module, "open_for_app", slow_open)
    window = MainWindow(paths=encrypted, worker=DbWorker(), today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    startup = app_module.Startup(window, encrypted, exit_when_ready=False)
    try:
        with qtbot.waitSignal(window.ready, timeout=10_000):
            startup.begin()
        # Read with the driver alone, under the folder's shared lock: fresh, not cached.
        assert not window.database_open and not window.home.showing_cached
        assert shown(window) == {"due": "1", "overdue": "1", "active": "2"}
        assert startup.folder_lock is not None and startup.folder_lock.access is not None
        with qtbot.waitSignal(window.database_opened, timeout=10_000):
            opened.set()
        assert window.home.due_actions is not None  # the rest follows the opening
        close(window)
    finally:
        opened.set()
        if startup.folder_lock is not None:
            startup.folder_lock.release()
