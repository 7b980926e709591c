"""A plain message for problems the user can act on (KnownError), in Japanese.

A dialog of our own rather than QMessageBox: its buttons are Japanese without loading
Qt's translations, and its size is fixed before it is shown (QMessageBox resizes the
window after showing it, which some platforms cannot follow).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QStyle,
    QVBoxLayout,
    QWidget,
)


class MessageDialog(QDialog):
    def __init__(self, *, title: str, text: str, hint: str = "", error: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumSize(440, 170)
        icon = QLabel()
        pixmap = (QStyle.StandardPixmap.SP_MessageBoxCritical if error
                  else QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(self.style().standardIcon(pixmap).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text_label = QLabel(text)
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint_label = QLabel(hint)
        self.hint_label.setWordWrap(True)
        self.hint_label.setVisible(bool(hint))
        self.hint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        texts = QVBoxLayout()
        texts.addWidget(self.text_label)
        texts.addWidget(self.hint_label)
        texts.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(icon)
        body.addLayout(texts, 1)
        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton(self.tr("閉じる"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
