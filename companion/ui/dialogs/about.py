"""Companion について: version, data folder, and the libraries underneath."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from companion import __version__
from companion.paths import DataPaths


class AboutDialog(QDialog):
    def __init__(self, paths: DataPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Companion について"))
        self.setMinimumSize(460, 240)
        title = QLabel(f"<h2>Companion {__version__}</h2>")
        body = QLabel(self.tr(
            "伴走支援の記録・計画・利益相反の開示を、オフラインで安全に。<br><br>"
            "データフォルダ: {folder}<br>"
            "Python {python}・Qt {qt}・PySide6 {pyside}").format(
                folder=paths.root, python=platform.python_version(), qt=qVersion(),
                pyside=pyside_version))
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = body
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("閉じる"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(body, 1)
        layout.addWidget(buttons)
