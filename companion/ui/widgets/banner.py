"""A message that floats over the bottom of a widget (a tree, a chart and its table):
shown without moving anything, gone on a click or after a while; a refusal stays until
the next message or a click."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from companion.ui.widgets.common import error_style


class Banner(QLabel):
    """A message floating over the bottom of another widget (the plan tree): shown
    without moving anything, gone on a click or after a while."""

    SHOWN_MS = 12_000

    def __init__(self, anchor: QWidget) -> None:
        super().__init__(anchor.parentWidget())
        self.anchor = anchor
        self.setWordWrap(True)
        self.setMargin(8)
        self.setAutoFillBackground(True)
        self.setFrameShape(QLabel.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("クリックで閉じる"))
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        anchor.installEventFilter(self)

    def show_text(self, text: str, *, error: bool) -> None:
        self.setText(text)
        style = error_style(self) if error else ""
        self.setStyleSheet("QLabel { background: palette(tool-tip-base); border: 1px solid"
                           " palette(mid); border-radius: 4px; " + style + " }")
        if not text:
            self.hide()
            return
        self._place()
        self.show()
        self.raise_()
        if not error:  # a refusal stays until the next edit or a click
            self._timer.start(self.SHOWN_MS)
        else:
            self._timer.stop()

    def _place(self) -> None:
        area = self.anchor.geometry()
        width = max(120, area.width() - 24)
        height = self.heightForWidth(width) if self.hasHeightForWidth() else self.sizeHint().height()
        self.setGeometry(area.left() + 12, area.bottom() - height - 12, width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.anchor and event.type() in (QEvent.Type.Resize, QEvent.Type.Move) \
                and self.isVisible():
            self._place()
        return False

    def mousePressEvent(self, event: Any) -> None:
        self.hide()
        super().mousePressEvent(event)
