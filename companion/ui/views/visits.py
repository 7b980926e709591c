"""訪問記録: every visit, newest first, fetched a page at a time as the list scrolls."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedLayout, QVBoxLayout, QWidget

from companion.ui.models.visit_table import LazyVisitTableModel
from companion.ui.tasks import DbWorker
from companion.ui.views.base import Page
from companion.ui.widgets.common import (
    EmptyState,
    make_table,
    page_title,
    set_column_widths,
    stretch_column,
)


class VisitsPage(Page):
    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(worker, parent)
        self.model = LazyVisitTableModel(worker, parent=self)
        self.model.total_changed.connect(self._counted)
        self.model.page_loaded.connect(self._page_loaded)
        self.count_label = QLabel()

        self.table = make_table()
        self.table.setModel(self.model)
        self.table.activated.connect(self._activated)
        set_column_widths(self.table, {0: 8, 1: 5, 2: 12, 4: 12, 5: 9, 6: 6})
        stretch_column(self.table, 3)
        self.empty = EmptyState(self.tr(
            "訪問記録はまだありません。\n訪問・オンライン・電話・来所の相談を記録すると、ここに新しい順に並びます。"))
        self.stack = QStackedLayout()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        heading = QHBoxLayout()
        heading.addWidget(page_title(self.tr("訪問記録")))
        heading.addStretch(1)
        heading.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addLayout(self.stack, 1)

    def load(self) -> None:
        self.model.reload()

    def _counted(self, total: int) -> None:
        self.stack.setCurrentWidget(self.table if total else self.empty)
        self._update_count()
        if total == 0:
            self.mark_loaded()

    def _page_loaded(self, _rows: int) -> None:
        self._update_count()
        if not self.has_data:
            self.mark_loaded()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("全{total}件(読み込み済み {loaded}件)").format(
            total=f"{self.model.total:,}", loaded=f"{self.model.rowCount():,}"))

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_engagement.emit(self.model.visit_at(index.row()).engagement_id)
