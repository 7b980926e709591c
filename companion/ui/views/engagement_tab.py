"""A tab of the engagement page that loads its own data (行動計画, 指標).

It loads when shown, and after any write elsewhere (``DbWorker.data_changed``) it marks
itself stale and reloads once, when visible: several changes in a row cost one reload,
and a hidden tab costs nothing until it is opened. A visit draft's autosave changes
nothing a tab shows.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from companion.ui.tasks import DbWorker, Job, is_autosave


class EngagementTab(QWidget):
    def __init__(self, worker: DbWorker, *, today: Callable[[], date] = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.today = today
        self.engagement_id: uuid.UUID | None = None
        self.has_data = False
        self._stale = False
        self._job: Job | None = None
        self._reload_queued = False
        worker.data_changed.connect(self._data_changed)

    def _start_loading(self, engagement_id: uuid.UUID) -> Job:
        """Submit the job that loads this tab's data (subclasses)."""
        raise NotImplementedError

    def _forget_shown(self) -> None:
        """Drop what belongs to the engagement shown before (subclasses)."""

    def show_engagement(self, engagement_id: uuid.UUID) -> None:
        """Show an engagement's data (loaded now if visible, else when first shown)."""
        if engagement_id == self.engagement_id and (self.has_data or self._job is not None):
            return
        self.engagement_id = engagement_id
        self.has_data = False
        self._forget_shown()
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        if self.engagement_id is None:
            return
        self._stale = False
        if self._job is not None:
            self._job.cancel()
        self._job = self._start_loading(self.engagement_id)

    def _data_changed(self, label: str, _change_set: object) -> None:
        if is_autosave(label) or self.engagement_id is None:
            return
        self._stale = True
        if self.isVisible() and not self._reload_queued:
            self._reload_queued = True
            QTimer.singleShot(0, self._reload_if_stale)

    def _reload_if_stale(self) -> None:
        self._reload_queued = False
        if self._stale:
            self.reload()
