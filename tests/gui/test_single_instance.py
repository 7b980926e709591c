"""One Companion per data folder: a second start brings the first window forward, a
check run says the folder is in use, and a crash leaves nothing that blocks the next
start."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from companion.app import EXIT_KNOWN_ERROR, run
from companion.paths import DataPaths
from companion.ui.main_window import MainWindow
from companion.ui.single_instance import (
    LOCK_FILE_NAME,
    Claim,
    SingleInstance,
    bring_forward,
    server_name,
)
from companion.ui.tasks import DbWorker

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def first(qapp: QApplication, data_paths: DataPaths) -> Iterator[SingleInstance]:
    instance = SingleInstance(data_paths)
    assert instance.claim() is Claim.FIRST
    assert instance.owns_folder
    yield instance
    instance.release()


# The offscreen platform of the tests cannot raise a window; it says so.
RAISE_UNSUPPORTED = pytest.mark.qt_log_ignore("This plugin does not support raise")


@RAISE_UNSUPPORTED
def test_a_second_start_asks_the_first_window_to_come_forward(
        qtbot: QtBot, first: SingleInstance, data_paths: DataPaths) -> None:
    window = MainWindow(paths=data_paths, worker=DbWorker())
    qtbot.addWidget(window)
    first.activated.connect(lambda: bring_forward(window))
    window.showMinimized()
    assert window.isMinimized()

    second = SingleInstance(data_paths)
    with qtbot.waitSignal(first.activated, timeout=5_000):
        assert second.claim() is Claim.RUNNING
    assert not second.owns_folder
    assert not window.isMinimized() and window.isVisible()
    window.close()


def test_another_data_folder_is_not_affected(first: SingleInstance, tmp_path: Path) -> None:
    other = SingleInstance(DataPaths(tmp_path / "another-profile"))
    try:
        assert other.claim() is Claim.FIRST
    finally:
        other.release()
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")


def test_after_the_first_one_closes_the_folder_is_free_again(first: SingleInstance,
                                                             data_paths: DataPaths) -> None:
    first.release()
    again = SingleInstance(data_paths)
    try:
        assert again.claim() is Claim.FIRST
    finally:
        again.release()


def test_a_check_run_exits_2_with_one_line_and_leaves_the_first_window_alone(
        qtbot: QtBot, first: SingleInstance, data_paths: DataPaths,
        capsys: pytest.CaptureFixture[str]) -> None:
    with qtbot.assertNotEmitted(first.activated, wait=200):
        assert run(data_dir=str(data_paths.root), exit_when_ready=True) == EXIT_KNOWN_ERROR
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [f"companion: エラー: このデータフォルダは別の Companion で使用中です: "
                     f"{data_paths.root}"]
    assert not data_paths.database.exists()  # the database was never opened


def test_a_lock_held_by_a_process_that_does_not_answer_is_in_use(
        qapp: QApplication, data_paths: DataPaths) -> None:
    data_paths.root.mkdir(parents=True)
    held = QLockFile(str(data_paths.root / LOCK_FILE_NAME))  # alive, but not listening
    assert held.tryLock(0)
    try:
        assert SingleInstance(data_paths).claim() is Claim.IN_USE
    finally:
        held.unlock()


HOLDER = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QCoreApplication
    from companion.paths import DataPaths
    from companion.ui.single_instance import SingleInstance
    app = QCoreApplication([])
    instance = SingleInstance(DataPaths(__import__("pathlib").Path(sys.argv[1])))
    print(instance.claim().value, flush=True)
    sys.stdin.read()  # hold the folder until the test ends or kills this process
""")


@pytest.mark.slow
def test_another_process_is_refused_and_a_crashed_one_leaves_nothing_behind(
        qapp: QApplication, data_paths: DataPaths) -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    with subprocess.Popen([sys.executable, "-c", HOLDER, str(data_paths.root)],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                          env=environment) as holder:
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline().strip() == Claim.FIRST.value

            # The real command line, started a second time on the same folder.
            second = subprocess.run(
                [sys.executable, "-m", "companion", "--data-dir", str(data_paths.root),
                 "--exit-when-ready"],
                capture_output=True, text=True, env=environment, timeout=120, check=False)
            assert second.returncode == EXIT_KNOWN_ERROR
            assert second.stderr.strip().splitlines() == [
                f"companion: エラー: このデータフォルダは別の Companion で使用中です: "
                f"{data_paths.root}"]
            assert SingleInstance(data_paths).claim(forward=False) is Claim.RUNNING
        finally:
            holder.kill()  # a crash: the lock file and the socket stay behind

    assert (data_paths.root / LOCK_FILE_NAME).exists()
    after_crash = SingleInstance(data_paths)
    try:
        assert after_crash.claim() is Claim.FIRST
        assert after_crash.owns_folder
        third = SingleInstance(data_paths)
        assert third.claim(forward=False) is Claim.RUNNING  # listening again
    finally:
        after_crash.release()


@RAISE_UNSUPPORTED
def test_bringing_forward_shows_a_hidden_window(qtbot: QtBot,
                                                                 data_paths: DataPaths) -> None:
    window = MainWindow(paths=data_paths, worker=DbWorker())
    qtbot.addWidget(window)
    bring_forward(window)
    assert window.isVisible()
    assert not (window.windowState() & Qt.WindowState.WindowMinimized)
    window.close()


def test_a_folder_held_by_a_process_that_does_not_answer_is_explained(
        qtbot: QtBot, data_paths: DataPaths) -> None:
    """No window to bring forward: a message names the holder and how to free a lock
    copied from another computer; the database is never opened."""
    from PySide6.QtCore import QTimer

    from companion.ui.dialogs.message import MessageDialog

    data_paths.root.mkdir(parents=True)
    held = QLockFile(str(data_paths.root / LOCK_FILE_NAME))
    assert held.tryLock(0)
    shown: list[tuple[str, str]] = []

    def answer() -> None:
        box = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MessageDialog) and w.isVisible())
        shown.append((box.text_label.text(), box.hint_label.text()))
        box.close_button.click()

    QTimer.singleShot(0, answer)
    try:
        assert run(data_dir=str(data_paths.root)) == EXIT_KNOWN_ERROR
    finally:
        held.unlock()
    ((text, hint),) = shown
    assert text == f"このデータフォルダは別の Companion で使用中です: {data_paths.root}"
    assert f"(pid {os.getpid()})" in hint
    assert str(data_paths.root / LOCK_FILE_NAME) in hint and "削除すると開けます" in hint
    assert not data_paths.database.exists()
