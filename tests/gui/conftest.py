"""GUI fixtures: a database with a few realistic engagements, and an open main window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from companion_testing.sample_data import TODAY, fill_sample_data
from pytestqt.qtbot import QtBot

from companion.db.database import Database, open_database
from companion.paths import DataPaths
from companion.services.session import session_scope
from companion.ui.fonts import apply_ui_font
from companion.ui.main_window import MainWindow
from companion.ui.tasks import DbWorker


@pytest.fixture(scope="session", autouse=True)
def japanese_font(qapp: object) -> None:
    from PySide6.QtWidgets import QApplication

    assert isinstance(qapp, QApplication)
    apply_ui_font(qapp)


@pytest.fixture
def filled_db(db: Database) -> Database:
    with session_scope(db) as session:
        fill_sample_data(session)
        session.commit()
    return db


def open_window(qtbot: QtBot, paths: DataPaths) -> MainWindow:
    window = MainWindow(paths=paths, worker=DbWorker(), today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.open_data(lambda: open_database(paths))
    return window


@pytest.fixture
def window(qtbot: QtBot, filled_db: Database, data_paths: DataPaths) -> Iterator[MainWindow]:
    main_window = open_window(qtbot, data_paths)
    yield main_window
    main_window.close()
