"""ui/ops.py: how the window runs work. Results and errors come back on the GUI thread;
slow work without the database runs on the second pool and never holds up a write."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlmodel import Session, select

from companion.db.database import Database, open_database
from companion.db.models import Client
from companion.errors import KnownError
from companion.paths import DataPaths
from companion.ui import ops
from companion.ui.tasks import DbWorker

GUI = threading.main_thread().name


@pytest.fixture
def worker(qtbot: QtBot, db: Database, data_paths: DataPaths) -> Iterator[DbWorker]:
    worker = DbWorker()
    with qtbot.waitCallback() as opened:
        worker.open(lambda: open_database(data_paths), on_done=opened)
    yield worker
    worker.shutdown()


def add_client(*, session: Session, name: str) -> str:
    session.add(Client(name=name))
    session.commit()
    return name


def client_names(*, session: Session) -> list[str]:
    return list(session.exec(select(Client.name)))


def refuse(*, session: Session) -> None:
    raise KnownError("ディスクの空き容量が足りません。")


def where(*_args: Any, **_kwargs: Any) -> str:
    return threading.current_thread().name


def test_each_lane_answers_on_the_gui_thread(qtbot: QtBot, worker: DbWorker) -> None:
    answers: list[tuple[str, Any, str]] = []

    def answered(lane: str) -> Any:
        return lambda value: answers.append((lane, value, threading.current_thread().name))

    changed: list[str] = []
    changed_before_success: list[list[str]] = []
    worker.data_changed.connect(lambda label, _change_set: changed.append(label))

    def written(name: Any) -> None:
        changed_before_success.append(list(changed))
        answered("write")(name)

    with qtbot.waitCallback() as last:
        ops.write(add_client, undo_label="事業者の追加", name="有限会社やまなか酒造") \
            .success(written).run(worker)
        ops.read(client_names).success(answered("read")).run(worker)
        ops.on_database(lambda database: database.paths.root.name) \
            .success(answered("on_database")).run(worker)
        ops.background(where).success(answered("background")).run(worker)
        ops.in_order(where).success(last).run(worker)
    qtbot.waitUntil(lambda: len(answers) == 4)
    assert {lane for lane, _value, _thread in answers} == {
        "write", "read", "on_database", "background"}
    assert {thread for _lane, _value, thread in answers} == {GUI}
    values = {lane: value for lane, value, _thread in answers}
    assert values["write"] == "有限会社やまなか酒造"
    assert values["read"] == ["有限会社やまなか酒造"]
    assert values["background"].startswith("companion-background")
    assert last.args[0].startswith("companion-db")
    assert changed_before_success == [["事業者の追加"]]  # told the window, then succeeded


def test_failures_come_back_on_the_gui_thread_or_to_the_window(
        qtbot: QtBot, worker: DbWorker) -> None:
    failures: list[tuple[type[BaseException], str]] = []

    def failed(error: BaseException) -> None:
        failures.append((type(error), threading.current_thread().name))

    def broken() -> None:
        raise ZeroDivisionError("a bug on the pool")

    with qtbot.waitCallback() as after:
        ops.read(refuse).failure(failed).run(worker)
        ops.background(broken).failure(failed).run(worker)
        ops.in_order(where).success(after).run(worker)
    qtbot.waitUntil(lambda: len(failures) == 2)
    assert sorted(failures, key=str) == sorted(
        [(KnownError, GUI), (ZeroDivisionError, GUI)], key=str)

    shown: list[tuple[str, str]] = []
    worker.known_error_handler = lambda error: shown.append(
        (error.message, threading.current_thread().name))

    def refused_on_the_pool() -> None:
        raise KnownError("キーリングが使えません。")

    ops.background(refused_on_the_pool).run(worker)  # no failure callback: the window's
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [("キーリングが使えません。", GUI)]
    with qtbot.capture_exceptions() as exceptions:
        ops.background(broken).run(worker)
        qtbot.waitUntil(lambda: not worker.busy)
    assert [type(error) for _kind, error, _trace in exceptions] == [ZeroDivisionError]


def test_a_slow_job_on_the_second_pool_does_not_delay_a_write_queued_after_it(
        qtbot: QtBot, worker: DbWorker) -> None:
    started, release = threading.Event(), threading.Event()

    def write_a_report() -> str:
        started.set()
        assert release.wait(timeout=20), "the test never released the report"
        return "report.docx"

    reports: list[str] = []
    report = ops.background(write_a_report).success(reports.append).run(worker)
    assert started.wait(timeout=10)
    try:
        with qtbot.waitCallback(timeout=10_000) as saved:  # while the report still runs
            ops.write(add_client, undo_label="自動保存: 下書き", name="丸福製麺所") \
                .success(saved).run(worker)
        saved.assert_called_with("丸福製麺所")
        assert not report.done and reports == []
        assert worker.busy  # the report keeps the window's busy indicator on
    finally:
        release.set()
    qtbot.waitUntil(lambda: report.done)
    assert reports == ["report.docx"]
    qtbot.waitUntil(lambda: not worker.busy)


def test_a_chain_runs_its_steps_in_order_under_one_job(qtbot: QtBot, worker: DbWorker) -> None:
    steps: list[tuple[str, str]] = []

    def on_pool(names: list[str]) -> str:
        steps.append(("pool", threading.current_thread().name))
        return "・".join(names)

    def record(*, session: Session, name: str) -> str:
        steps.append(("worker", threading.current_thread().name))
        return add_client(session=session, name=name)

    ops.write(add_client, undo_label="事業者の追加", name="やまなか").run(worker)
    with qtbot.waitCallback() as done:
        job = ops.read(client_names) \
            .then(lambda names: ops.background(on_pool, names)) \
            .then(lambda joined: ops.write(record, undo_label="記録", name=joined + "商店")) \
            .success(done).run(worker)
    done.assert_called_with("やまなか商店")
    assert job.done and not job.cancelled
    assert [step for step, _thread in steps] == ["pool", "worker"]
    assert steps[0][1].startswith("companion-background") and steps[1][1].startswith("companion-db")


def test_cancelling_a_chain_stops_it_before_the_next_step(qtbot: QtBot, worker: DbWorker) -> None:
    release = threading.Event()
    later: list[str] = []

    def slow(*, session: Session) -> str:
        assert release.wait(timeout=20)
        return "読んだ"

    job = ops.read(slow).then(lambda _value: ops.background(later.append, "次の手順")) \
        .success(later.append).run(worker)
    job.cancel()
    release.set()
    qtbot.waitUntil(lambda: job.done)
    qtbot.waitUntil(lambda: not worker.busy)
    assert job.cancelled and later == []


def test_closing_skips_queued_display_work_but_writes_the_files_asked_for(
        qtbot: QtBot, worker: DbWorker) -> None:
    release = threading.Event()
    ran: list[str] = []
    entered = threading.Semaphore(0)

    def occupy() -> None:  # keeps one of the pool's threads busy
        entered.release()
        assert release.wait(timeout=20)

    for _thread in range(2):
        ops.background(occupy).run(worker)
    for _thread in range(2):
        assert entered.acquire(timeout=10)
    ops.background(ran.append, "thumbnail").run(worker)  # queued behind them
    ops.background(ran.append, "response.json").keep_on_exit().run(worker)
    worker.background.drop_display_work()  # what the window does first when it closes
    release.set()
    worker.shutdown()  # waits for what runs and what must be written
    assert ran == ["response.json"]
    assert worker.background.closed
    late = ops.background(ran.append, "too late").run(worker)
    assert late.cancelled and late.done and ran == ["response.json"]
