"""A section that folds to one line: its heading stays as a button (▼ open / ▶ folded),
the rest hides, and whatever the layout holds below it gets the height.

For the engagement page: the header (事業者, 委託元, 期間 …) and 本質的課題 fold so that
the 行動計画 and 指標 tabs get the screen on a 1280x720 display. A one-line summary
(``set_summary``) stands beside the heading while folded.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget


class Fold(QWidget):
    """``content`` under a heading button that folds it away (and back)."""

    folded_changed = Signal(bool)

    def __init__(self, title: str, content: QWidget, *, folded: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self.button = QToolButton()
        self.button.setText(title)
        self.button.setCheckable(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setAutoRaise(True)
        self.button.toggled.connect(lambda checked: self.set_folded(not checked))
        self.summary = QLabel()
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.summary.setStyleSheet("color: palette(placeholder-text);")
        heading = QHBoxLayout()
        heading.setContentsMargins(0, 0, 0, 0)
        heading.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        heading.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(heading)
        layout.addWidget(content)
        self._folded = not folded  # so that set_folded below applies
        self.set_folded(folded)

    @property
    def folded(self) -> bool:
        return self._folded

    def set_folded(self, folded: bool) -> None:
        if folded == self._folded:
            return
        self._folded = folded
        self.content.setVisible(not folded)
        self.summary.setVisible(folded)
        self.button.blockSignals(True)
        self.button.setChecked(not folded)
        self.button.blockSignals(False)
        self.button.setArrowType(Qt.ArrowType.RightArrow if folded else Qt.ArrowType.DownArrow)
        self.button.setToolTip(self.tr("開く") if folded else self.tr("たたむ"))
        self.folded_changed.emit(folded)

    def set_summary(self, text: str) -> None:
        """What the folded section says in one line (the full text in its tooltip)."""
        self.summary.setText(text)
        self.summary.setToolTip(text)
