"""The crash dialog: a bug happened. Say so plainly and point to the log file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class CrashDialog(QDialog):
    """Shown for an unexpected exception (a bug); the work saved so far is safe."""

    def __init__(self, *, details: str, log_file: Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Companion — 予期しないエラー"))
        self.setMinimumSize(560, 380)
        self.log_file = log_file
        where = (self.tr("詳しい記録はログファイルに保存しました:\n{path}").format(path=log_file)
                 if log_file else self.tr("ログファイルには書き込めませんでした。"))
        message = QLabel(self.tr(
            "予期しないエラーが発生しました。プログラムの不具合です。\n"
            "保存済みのデータはそのまま残っています。作業を続けられない場合は Companion を"
            "再起動してください。\n\n{where}\n\n"
            "開発者に報告するときは、下の内容(またはログファイル)を添えてください。").format(
                where=where))
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label = message
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("閉じる"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        copy = QPushButton(self.tr("内容をコピー"))
        copy.clicked.connect(self._copy)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        if log_file is not None:
            open_folder = QPushButton(self.tr("ログフォルダを開く"))
            open_folder.clicked.connect(self._open_log_folder)
            buttons.addButton(open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())

    def _open_log_folder(self) -> None:
        if self.log_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_file.parent)))
