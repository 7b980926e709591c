"""What every page of the main window shares: loading through the worker, once."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from companion.ui.tasks import DbWorker


class Page(QWidget):
    """A page of the main window. Its data is loaded on the database worker the first
    time it is shown (``ensure_loaded``) and again on ``reload``."""

    loaded = Signal()  # the page shows its data
    open_engagement = Signal(object)  # uuid.UUID of an engagement to open

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.has_data = False
        self._requested = False

    def ensure_loaded(self) -> None:
        if not self._requested:
            self.reload()

    def reload(self) -> None:
        self._requested = True
        self.load()

    def load(self) -> None:
        """Submit the page's read job(s); call ``mark_loaded`` when the data is shown."""
        self.mark_loaded()

    def mark_loaded(self) -> None:
        self.has_data = True
        self.loaded.emit()
