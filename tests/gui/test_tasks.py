"""The database worker: one thread, results on the GUI thread, errors never lost."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import Session, select

from companion.db.database import Database, open_database
from companion.db.models import Client
from companion.errors import KnownError
from companion.paths import DataPaths
from companion.services.session import session_scope
from companion.ui.tasks import DbWorker, ProgressAfterDelay


@pytest.fixture
def worker(qtbot: QtBot, db: Database, data_paths: DataPaths) -> Iterator[DbWorker]:
    worker = DbWorker()
    with qtbot.waitCallback() as opened:
        worker.open(lambda: open_database(data_paths), on_done=opened)
    yield worker
    worker.shutdown()


def thread_name(*, session: Session) -> str:
    return threading.current_thread().name


def add_client(*, session: Session, name: str) -> str:
    session.add(Client(name=name))
    session.commit()
    return name


def client_names(*, session: Session) -> list[str]:
    return list(session.exec(select(Client.name)))


def refuse(*, session: Session) -> None:
    raise KnownError("ディスクの空き容量が足りません。", hint="空き容量を増やしてください。")


def bug(*, session: Session) -> None:
    raise ZeroDivisionError("a bug")


def test_jobs_run_on_one_worker_thread_and_answer_on_the_gui_thread(
        qtbot: QtBot, worker: DbWorker) -> None:
    answered_on: list[str] = []

    def done(name: Any) -> None:
        answered_on.append(threading.current_thread().name)
        names.append(name)

    names: list[str] = []
    with qtbot.waitCallback() as last:
        worker.submit(thread_name, on_done=done)
        worker.submit(thread_name, on_done=done)
        worker.submit(add_client, write=True, name="有限会社やまなか酒造")
        worker.submit(client_names, on_done=last)
    assert len(set(names)) == 1 and names[0].startswith("companion-db")
    assert answered_on == [threading.main_thread().name] * 2
    last.assert_called_with(["有限会社やまなか酒造"])


def test_known_errors_go_to_the_handler_and_bugs_to_the_excepthook(
        qtbot: QtBot, worker: DbWorker) -> None:
    with qtbot.waitCallback() as on_error:
        worker.submit(refuse, on_error=on_error)
    assert isinstance(on_error.args[0], KnownError)

    shown: list[KnownError] = []
    worker.known_error_handler = shown.append
    with qtbot.waitCallback() as after:
        worker.submit(refuse)
        worker.submit(thread_name, on_done=after)
    assert [error.message for error in shown] == ["ディスクの空き容量が足りません。"]

    with qtbot.capture_exceptions() as exceptions, qtbot.waitCallback() as after:
        worker.submit(bug)
        worker.submit(thread_name, on_done=after)
    assert [type(error) for _kind, error, _trace in exceptions] == [ZeroDivisionError]


def test_a_cancelled_job_drops_its_result(qtbot: QtBot, worker: DbWorker) -> None:
    results: list[Any] = []
    job = worker.submit(thread_name, on_done=results.append)
    job.cancel()
    with qtbot.waitCallback() as after:
        worker.submit(thread_name, on_done=after)
    assert job.done and job.cancelled
    assert results == []


def test_progress_dialog_only_for_slow_jobs_and_cancel_drops_the_result(
        qtbot: QtBot, worker: DbWorker) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.setMinimumSize(400, 300)
    parent.show()

    quick = worker.submit(thread_name)
    quick_progress = ProgressAfterDelay(quick, parent=parent, label="読み込み中…", delay_ms=5_000)
    qtbot.waitUntil(lambda: quick.done)
    assert quick_progress.dialog is None

    release = threading.Event()
    results: list[Any] = []

    def slow(*, session: Session) -> str:
        release.wait(timeout=10)
        return "done"

    job = worker.submit(slow, on_done=results.append)
    progress = ProgressAfterDelay(job, parent=parent, label="集計しています…", delay_ms=20)
    qtbot.waitUntil(lambda: progress.dialog is not None and progress.dialog.isVisible())
    assert progress.dialog is not None
    assert progress.dialog.labelText() == "集計しています…"
    cancel = next(button for button in progress.dialog.findChildren(QPushButton)
                  if button.text() == "キャンセル")
    cancel.click()
    release.set()
    qtbot.waitUntil(lambda: job.done)
    assert job.cancelled and results == []


def test_shutdown_finishes_writes_skips_reads_and_closes(qtbot: QtBot, worker: DbWorker,
                                                        data_paths: DataPaths) -> None:
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []

    def slow(*, session: Session) -> None:
        started.set()
        release.wait(timeout=10)
        ran.append("slow")

    def read(*, session: Session) -> None:
        ran.append("read")

    worker.submit(slow)
    worker.submit(read)
    worker.submit(add_client, write=True, name="丸福製麺所")
    assert started.wait(timeout=10)
    threading.Timer(0.05, release.set).start()  # lets the running job end during shutdown
    worker.shutdown()
    assert ran == ["slow"]
    assert worker.closed
    late = worker.submit(thread_name)
    assert late.cancelled and late.done
    database = open_database(data_paths)
    try:
        with session_scope(database, write=False) as session:
            assert client_names(session=session) == ["丸福製麺所"]
    finally:
        database.close()
