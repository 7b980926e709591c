"""GUI benchmarks on the app's own widgets, offscreen, over an open database."""

from __future__ import annotations

import statistics
import time
import uuid
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from companion.ui.main_window import MainWindow
from companion.ui.tasks import DbWorker


def _wait(signal: Any, timeout_ms: int = 30_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def _idle(window: MainWindow) -> None:
    """Let earlier jobs (other pages' loads, red flags) finish: measure one page alone."""
    while window.worker.busy:
        _wait(window.worker.busy_changed, 5_000)


def _window(db: Any) -> MainWindow:
    QApplication.instance() or QApplication([])
    worker = DbWorker()
    window = MainWindow(paths=db.paths, worker=worker)
    window.resize(1280, 800)
    window.show()
    window.open_data(lambda: db)
    _wait(window.ready)
    return window


def _close(window: MainWindow) -> None:
    window.worker._db = None  # the benchmark owns the database; keep it open
    window.close()
    window.worker.shutdown()
    window.deleteLater()


def engagement_page_seconds(db: Any, engagement_id: uuid.UUID, runs: int) -> float:
    """From asking for the page to its first paint with the engagement's data."""
    window = _window(db)
    times = []
    try:
        for _ in range(runs):
            _idle(window)
            started = time.perf_counter()
            window.open_engagement(engagement_id)
            _wait(window.detail.loaded)
            window.detail.repaint()
            times.append(time.perf_counter() - started)
            window.go_back()
    finally:
        _close(window)
    return statistics.median(times)


def visit_list_seconds(db: Any) -> tuple[float, int]:
    """Fetch every row of the 訪問記録 list page by page, as scrolling to the end does."""
    window = _window(db)
    try:
        page = window.visits
        model = page.model
        view = page.table
        started = time.perf_counter()
        window.show_page(window.VISITS)
        _wait(model.page_loaded)  # the count, then the first page
        while model.rowCount() < model.total:
            # What the view does when the user drags the scroll bar to the end.
            view.scrollToBottom()
            if model.canFetchMore(view.rootIndex()):
                model.fetchMore(view.rootIndex())
            _wait(model.page_loaded)
        seconds = time.perf_counter() - started
        return seconds, model.rowCount()
    finally:
        _close(window)
