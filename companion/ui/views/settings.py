"""設定: where the data lives and how it is protected (read-only for now)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from companion.paths import DataPaths
from companion.ui.views.base import Page
from companion.ui.widgets.common import note, page_title

if TYPE_CHECKING:
    from sqlmodel import Session

    from companion.services.home import StorageInfo
    from companion.ui.tasks import DbWorker


@dataclass(frozen=True)
class SettingsInfo:
    storage: StorageInfo
    keyring_backend: str


def load_settings_info(*, session: Session) -> SettingsInfo:
    """On the worker: the schema revision, counts, and the keyring in use."""
    from companion.keystore import SecretStore
    from companion.services.home import storage_info

    return SettingsInfo(storage=storage_info(session=session),
                        keyring_backend=SecretStore.backend_name())


def _value() -> QLabel:
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class SettingsPage(Page):
    def __init__(self, worker: DbWorker, *, paths: DataPaths, log_file: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(worker, parent)
        self.paths = paths
        self.log_file = log_file
        self.folder_label = _value()
        self.folder_label.setText(str(paths.root))
        self.database_label = _value()
        self.database_label.setText(str(paths.database))
        self.revision_label = _value()
        self.keyring_label = _value()
        self.counts_label = _value()
        self.log_label = _value()
        self.log_label.setText(str(log_file))
        for label in (self.revision_label, self.keyring_label, self.counts_label):
            label.setText(self.tr("読み込み中…"))

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("データフォルダ:"), self.folder_label)
        form.addRow(self.tr("データベース:"), self.database_label)
        form.addRow(self.tr("スキーマ改訂:"), self.revision_label)
        form.addRow(self.tr("件数:"), self.counts_label)
        form.addRow(self.tr("キーリング:"), self.keyring_label)
        form.addRow(self.tr("ログファイル:"), self.log_label)

        open_folder = QPushButton(self.tr("データフォルダを開く"))
        open_folder.clicked.connect(self._open_folder)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("設定")))
        layout.addLayout(form)
        layout.addWidget(note(self.tr(
            "データベースは暗号化して保存されます。鍵は OS のキーリングに保管され、キーリングが使えない"
            "ときは起動のたびに復旧用パスフレーズを入力します。データフォルダを丸ごとバックアップすれば、"
            "別のパソコンでもパスフレーズで開けます。")))
        layout.addWidget(open_folder, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def load(self) -> None:
        self.worker.submit(load_settings_info, on_done=self._show)

    def _show(self, info: Any) -> None:
        self.revision_label.setText(info.storage.schema_revision or self.tr("(未設定)"))
        self.counts_label.setText(self.tr("案件 {engagements}件・訪問記録 {visits}件").format(
            engagements=f"{info.storage.engagements:,}", visits=f"{info.storage.visits:,}"))
        self.keyring_label.setText(info.keyring_backend)
        self.mark_loaded()

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.root)))
