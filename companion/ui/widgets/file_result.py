"""What an export left behind: the file written, with ファイルを開く / フォルダを開く, or
the one clear message of why nothing was written.

Any dialog or page that writes a file for the user (a report, the sponsor's figures,
the activity-days ledger) shows a ``FileResult`` under its form and runs the export
with ``run_export``::

    self.result = FileResult(self)           # hidden until something happened
    layout.addWidget(self.result)
    ...
    run_export(ops.read(export_ledger, fiscal_year=year, out=out),
               worker=self.worker, parent=self, result=self.result,
               label=self.tr("活動日数台帳を書き出しています…"),
               done=lambda ledger: (out, self.tr("活動日数台帳を書き出しました。")))

``run_export`` shows a progress dialog (after ~500 ms, cancellable), and then either
the file with its two buttons or the KnownError's message in red; any other error is a
bug and goes to the crash dialog. The buttons open the file or its folder with the
system's application (``QDesktopServices.openUrl``); tests pass ``opener`` to see the
URL that would be opened without launching anything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from companion.errors import KnownError
from companion.ui.widgets.common import error_style, good_style

if TYPE_CHECKING:
    from companion.ui.ops import Op
    from companion.ui.tasks import DbWorker, Job

T = TypeVar("T")

Opener = Callable[[QUrl], object]


def _open_url(url: QUrl) -> object:
    return QDesktopServices.openUrl(url)


def error_text(error: BaseException) -> str:
    """A KnownError's message and hint, in the UI's language, on one or two lines."""
    from companion.ui.i18n import known_error_texts

    message, hint = known_error_texts(error)
    return f"{message}\n{hint}" if hint else message


class FileResult(QFrame):
    """The outcome of writing one file: hidden until ``show_file``/``show_error``."""

    opened = Signal(QUrl)  # the URL handed to the opener (the file or its folder)
    changed = Signal()  # shown, hidden or its text changed: a dialog may grow to fit it

    def __init__(self, parent: QWidget | None = None, *, opener: Opener | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fileResult")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.opener: Opener = opener or _open_url
        self.path: Path | None = None
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label = QLabel()
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_file_button = QPushButton(self.tr("ファイルを開く"))
        self.open_file_button.clicked.connect(self.open_file)
        self.open_folder_button = QPushButton(self.tr("フォルダを開く"))
        self.open_folder_button.clicked.connect(self.open_folder)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_file_button)
        buttons.addWidget(self.open_folder_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        layout.addWidget(self.path_label)
        layout.addLayout(buttons)
        self.setVisible(False)

    def show_file(self, path: Path, message: str, *, warnings: tuple[str, ...] = ()) -> None:
        """The file written, what it is, and any warnings the writer gave."""
        from companion.i18n import translate

        self.path = Path(path)
        lines = [message, *(self.tr("注意: {warning}").format(warning=translate(w))
                            for w in warnings)]
        self.message_label.setText("\n".join(lines))
        self.message_label.setStyleSheet(good_style(self) if not warnings else "")
        self.path_label.setText(str(self.path))
        self.path_label.setVisible(True)
        self.open_file_button.setVisible(True)
        self.open_folder_button.setVisible(True)
        self.setVisible(True)
        self.changed.emit()

    def show_error(self, message: str) -> None:
        """Why nothing was written (in red), without the buttons."""
        self.path = None
        self.message_label.setText(message)
        self.message_label.setStyleSheet(error_style(self))
        self.path_label.setVisible(False)
        self.open_file_button.setVisible(False)
        self.open_folder_button.setVisible(False)
        self.setVisible(True)
        self.changed.emit()

    def show_note(self, message: str) -> None:
        """A neutral line (書き出しを取りやめました), without the buttons."""
        self.show_error(message)
        self.message_label.setStyleSheet("")

    def clear(self) -> None:
        self.path = None
        self.setVisible(False)
        self.changed.emit()

    def open_file(self) -> None:
        if self.path is not None:
            self._open(QUrl.fromLocalFile(str(self.path)))

    def open_folder(self) -> None:
        if self.path is not None:
            self._open(QUrl.fromLocalFile(str(self.path.parent)))

    def _open(self, url: QUrl) -> None:
        self.opener(url)
        self.opened.emit(url)


def run_export(op: Op[T], *, worker: DbWorker, parent: QWidget, result: FileResult,
               label: str, done: Callable[[T], tuple[Path, str]],
               warnings: Callable[[T], tuple[str, ...]] | None = None,
               finished: Callable[[bool], object] | None = None) -> Job:
    """Run an export op with a cancellable progress dialog over ``parent``; then show
    in ``result`` the file and message ``done(value)`` gives (with ``warnings(value)``),
    or a KnownError's message. ``finished(ok)`` is called last either way (also after a
    cancel, with False): re-enable the button there. Cancelling drops the result; a file
    already being written is still completed."""

    def succeeded(value: T) -> None:
        path, message = done(value)
        result.show_file(path, message, warnings=warnings(value) if warnings else ())
        if finished is not None:
            finished(True)

    def failed(error: BaseException) -> None:
        if isinstance(error, KnownError):
            result.show_error(error_text(error))
        else:
            worker.report_error(error)
        if finished is not None:
            finished(False)

    def ended(job: Any) -> None:  # before succeeded/failed; only a cancel calls neither
        if job.cancelled:
            result.show_note(result.tr("書き出しを取りやめました。"))
            if finished is not None:
                finished(False)

    result.clear()
    job = op.success(succeeded).failure(failed).with_progress(parent, label, cancellable=True) \
        .run(worker)
    job.when_done(ended)
    return job
