"""The floor for start-up: a bare PySide6 window, painted once, then exit.

Prints ``startup: painted <epoch seconds>`` like Companion does with
COMPANION_STARTUP_TRACE, so both are measured the same way.
"""

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class FirstPaint(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.done = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            print(f"startup: painted {time.time():.6f}", file=sys.stderr)
            QTimer.singleShot(0, QApplication.quit)
        return False


app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("伴走支援"))
window.resize(1280, 800)
FirstPaint(window)
window.show()
sys.exit(app.exec())
