"""A visit's attachments: drop files here or pick them, see thumbnails, open, remove.

Files go through ``services.attachments.add_visit_attachment`` (encrypted, stored once by
SHA-256) on the database worker, which hands the use case the open Database
(``ops.write(...).with_database()``). A thumbnail's stored copy is found on the database
worker (``services.attachment_previews``), then decrypted into memory and scaled on the
second pool, so photos never hold up an autosave; opening one decrypts a copy into the
data folder's ``tmp`` area and asks the OS to open it with its default application.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QKeySequence,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.errors import KnownError, ValidationError
from companion.ui import ops
from companion.ui.models.attachment_list import AttachmentListModel
from companion.ui.widgets.common import error_style

if TYPE_CHECKING:
    from companion.services.attachment_previews import PreviewSource
    from companion.services.attachments import AttachmentInfo
    from companion.ui.tasks import DbWorker

THUMBNAIL_PX = 88


def thumbnail_image(source: PreviewSource | None, size: int) -> QImage | None:
    """On the second pool: decrypt an image into memory and scale it (QImage works off
    the GUI thread); None when there is nothing to show."""
    if source is None:
        return None
    image = QImage.fromData(source.read())
    if image.isNull():
        return None
    return image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)


def while_alive(owner: QObject, callback: Callable[..., Any]) -> Callable[..., None]:
    """A job callback that does nothing once ``owner`` (a closed window deleted on close)
    is gone: the job's write still happens, only its display is skipped."""

    def call(*args: Any) -> None:
        if shiboken6.isValid(owner):
            callback(*args)

    return call


def local_files(urls: list[QUrl]) -> list[Path]:
    return [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]


class AttachmentView(QListView):
    """The list of attachments, which also takes files dropped on it."""

    files_dropped = Signal(list)  # list[Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_files(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if local_files(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event.mimeData().urls())
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)
        else:
            event.ignore()


class AttachmentsWidget(QWidget):
    """Attachments of one visit (or draft). ``prepare`` is called before a file is
    attached, so the form can save its draft first (the worker runs jobs in order)."""

    changed = Signal()  # a file was attached or removed
    opened = Signal(object)  # Path of the decrypted copy handed to the OS

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.visit_id: uuid.UUID | None = None
        self.prepare: Callable[[], None] | None = None
        self.undo_label = self.tr("添付ファイルの追加")
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self.pending = 0
        self.model = AttachmentListModel(self)
        self.view = AttachmentView()
        self.view.setModel(self.model)
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setFlow(QListView.Flow.LeftToRight)
        self.view.setWrapping(True)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setIconSize(QSize(THUMBNAIL_PX, THUMBNAIL_PX))
        unit = self.fontMetrics().horizontalAdvance("国")
        self.view.setGridSize(QSize(max(THUMBNAIL_PX, unit * 8) + 16,
                                    THUMBNAIL_PX + self.fontMetrics().height() * 3 + 16))
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.view.setMinimumHeight(THUMBNAIL_PX + self.fontMetrics().height() * 3 + 24)
        self.view.setToolTip(self.tr("写真・PDF・表計算などをここにドロップ。Enter で開く、Delete で外す"))
        self.view.files_dropped.connect(self.add_files)
        self.view.activated.connect(self._activated)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view, self.remove_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)

        self.add_button = QPushButton(self.tr("ファイルを追加…"))
        self.add_button.setToolTip(self.tr("写真・PDF・表計算などを添付します(ドラッグ&ドロップでも追加できます)"))
        self.add_button.clicked.connect(self.choose_files)
        self.open_button = QPushButton(self.tr("開く"))
        self.open_button.setToolTip(self.tr("選んだファイルを既定のアプリで開きます(Enter)"))
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton(self.tr("外す"))
        self.remove_button.setToolTip(self.tr("選んだファイルをこの記録から外します(Delete)"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.hint_label = QLabel(self.tr("ここにファイルをドロップ"))
        self.hint_label.setStyleSheet("color: palette(mid);")
        self.error_label = QLabel()
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(error_style(self))
        self.error_label.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.hint_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        self.setAcceptDrops(True)
        self._update_buttons()
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

    # -- drops on the whole widget (the buttons' row too) --------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.view.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.view.dropEvent(event)

    # -- showing ----------------------------------------------------------------------

    def set_visit(self, visit_id: uuid.UUID | None,
                  attachments: list[AttachmentInfo] | tuple[AttachmentInfo, ...] = ()) -> None:
        self.visit_id = visit_id
        self.model.set_attachments(list(attachments))
        self._update_buttons()
        for attachment in attachments:
            self._request_thumbnail(attachment)

    def _update_buttons(self) -> None:
        selected = bool(self.view.selectionModel().selectedIndexes())
        self.open_button.setEnabled(selected)
        self.remove_button.setEnabled(selected)
        self.hint_label.setVisible(self.model.rowCount() == 0)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def _request_thumbnail(self, attachment: AttachmentInfo) -> None:
        if not attachment.is_image or self.model.has_thumbnail(attachment.id):
            return
        from companion.services.attachment_previews import preview_source

        ops.read(preview_source, attachment_id=attachment.id).with_database() \
            .then(lambda source: ops.background(thumbnail_image, source, THUMBNAIL_PX)) \
            .named("attachment_thumbnail") \
            .success(while_alive(self, lambda image: self._thumbnail_ready(attachment.id, image))) \
            .failure(while_alive(self, self._thumbnail_failed)).run(self.worker)

    def _thumbnail_ready(self, attachment_id: uuid.UUID, image: Any) -> None:
        if isinstance(image, QImage) and not image.isNull():
            self.model.set_thumbnail(attachment_id, QPixmap.fromImage(image))

    def _thumbnail_failed(self, error: BaseException) -> None:
        if isinstance(error, KnownError):  # a missing or damaged copy: the file icon stays
            self.show_error(error.message)
        else:
            self.worker.report_error(error)

    # -- adding -------------------------------------------------------------------------

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("添付するファイルを選ぶ"), "",
                                                self.tr(
            "写真・PDF・表計算 (*.jpg *.jpeg *.png *.gif *.heic *.webp *.pdf *.xlsx *.xls *.csv"
            " *.docx *.doc *.pptx);;すべてのファイル (*)"))
        if names:
            self.add_files([Path(name) for name in names])

    def add_files(self, files: list[Path]) -> None:
        """Attach files (dropped or chosen); each bad one gets its own message."""
        from companion.services.attachments import add_visit_attachment

        if not files:
            return
        self.show_error("")
        if self.prepare is not None:
            self.prepare()
        if self.visit_id is None:
            self.show_error(self.tr("記録の準備ができていません。少し待ってからもう一度追加してください。"))
            return
        for source in files:
            self.pending += 1
            ops.write(add_visit_attachment, undo_label=self.undo_label, visit_id=self.visit_id,
                      source=source).with_database() \
                .success(while_alive(self, self._attached)) \
                .failure(while_alive(self, self._attach_failed)).run(self.worker)

    def _attached(self, attachment: Any) -> None:
        self.pending -= 1
        self.model.append(attachment)
        self._update_buttons()
        self._request_thumbnail(attachment)
        self.changed.emit()

    def _attach_failed(self, error: BaseException) -> None:
        self.pending -= 1
        if isinstance(error, ValidationError | KnownError):
            previous = self.error_label.text() if self.error_label.isVisible() else ""
            self.show_error("\n".join(part for part in (previous, error.message) if part))
        else:
            self.worker.report_error(error)

    # -- opening and removing -------------------------------------------------------------

    def _selected(self) -> AttachmentInfo | None:
        indexes = self.view.selectionModel().selectedIndexes()
        if not indexes:
            current = self.view.currentIndex()
            return self.model.attachment_at(current.row()) if current.isValid() else None
        return self.model.attachment_at(indexes[0].row())

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_attachment(self.model.attachment_at(index.row()))

    def open_selected(self) -> None:
        attachment = self._selected()
        if attachment is not None:
            self.open_attachment(attachment)

    def open_attachment(self, attachment: AttachmentInfo) -> None:
        self.show_error("")
        from companion.services.attachments import export_attachment

        ops.read(export_attachment, attachment_id=attachment.id).with_database() \
            .named("open_attachment").success(while_alive(self, self._exported)) \
            .failure(while_alive(self, self._open_failed)).run(self.worker)

    def _exported(self, path: Any) -> None:
        if not self.open_url(QUrl.fromLocalFile(str(path))):
            self.show_error(self.tr("既定のアプリで開けませんでした: {path}").format(path=path))
        self.opened.emit(path)

    def _open_failed(self, error: BaseException) -> None:
        if isinstance(error, KnownError):
            self.show_error(error.message)
        else:
            self.worker.report_error(error)

    def remove_selected(self) -> None:
        attachment = self._selected()
        if attachment is None:
            return
        from companion.services.attachments import remove_attachment

        ops.write(remove_attachment, undo_label=self.tr("添付ファイルを外す"),
                  attachment_id=attachment.id) \
            .success(while_alive(self, lambda _none: self._removed(attachment.id))) \
            .run(self.worker)

    def _removed(self, attachment_id: uuid.UUID) -> None:
        self.model.remove(attachment_id)
        self._update_buttons()
        self.changed.emit()
