"""A visit's attachments as a list: the file name and size, a thumbnail for images
(decrypted into memory when the list is shown), a file icon for the rest."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from companion.ui.models.rows import ROW_ROLE, AnyIndex

if TYPE_CHECKING:
    from companion.services.attachments import AttachmentInfo


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class AttachmentListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AttachmentInfo] = []
        self._thumbnails: dict[uuid.UUID, QIcon] = {}

    def set_attachments(self, attachments: list[AttachmentInfo]) -> None:
        self.beginResetModel()
        self._rows = list(attachments)
        known = {a.id for a in attachments}
        self._thumbnails = {k: v for k, v in self._thumbnails.items() if k in known}
        self.endResetModel()

    def append(self, attachment: AttachmentInfo) -> None:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(attachment)
        self.endInsertRows()

    def remove(self, attachment_id: uuid.UUID) -> None:
        for row, attachment in enumerate(self._rows):
            if attachment.id == attachment_id:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
                return

    def set_thumbnail(self, attachment_id: uuid.UUID, pixmap: QPixmap) -> None:
        self._thumbnails[attachment_id] = QIcon(pixmap)
        for row, attachment in enumerate(self._rows):
            if attachment.id == attachment_id:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def has_thumbnail(self, attachment_id: uuid.UUID) -> bool:
        return attachment_id in self._thumbnails

    def attachment_at(self, row: int) -> AttachmentInfo:
        return self._rows[row]

    @property
    def attachments(self) -> list[AttachmentInfo]:
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        attachment = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{attachment.file_name}\n{size_text(attachment.size_bytes)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{attachment.file_name}({size_text(attachment.size_bytes)}、{attachment.media_type})"
        if role == Qt.ItemDataRole.DecorationRole:
            icon = self._thumbnails.get(attachment.id)
            if icon is not None:
                return icon
            style = QApplication.style()
            return style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        if role == ROW_ROLE:
            return attachment
        return None
