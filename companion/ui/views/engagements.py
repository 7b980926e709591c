"""案件: every engagement, sortable, filterable by text and 状態."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from companion.domain.enums import EngagementStatus
from companion.ui import ops
from companion.ui.i18n import enum_label
from companion.ui.models.engagement_table import EngagementFilterProxy, EngagementTableModel
from companion.ui.views.base import Page
from companion.ui.widgets.common import (
    EmptyState,
    fit_columns,
    make_table,
    page_title,
    set_column_widths,
    stretch_column,
)

if TYPE_CHECKING:
    from companion.ui.tasks import DbWorker


class EngagementsPage(Page):
    new_engagement_requested = Signal()  # 新しい案件 / 最初の案件を登録: the window's dialog

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(worker, parent)
        self.model = EngagementTableModel(self)
        self.proxy = EngagementFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("絞り込み(案件名・事業者・委託元・状態・方式)"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("すべての状態"), None)
        for status in EngagementStatus:
            self.status_combo.addItem(enum_label(status), enum_label(status))  # as the table shows it
        self.status_combo.currentIndexChanged.connect(self._status_chosen)
        self.count_label = QLabel()

        self.table = make_table(sortable=True)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(EngagementTableModel.START, Qt.SortOrder.DescendingOrder)
        self.table.activated.connect(self._activated)
        set_column_widths(self.table, {1: 12, 2: 14, 3: 4, 4: 5, 5: 6, 6: 6, 7: 4, 8: 6})
        stretch_column(self.table, EngagementTableModel.TITLE)
        self.new_button = QPushButton(self.tr("新しい案件…"))
        self.new_button.setToolTip(self.tr("事業者・委託元・期間を入れて案件を登録します(Ctrl+Shift+A)"))
        self.new_button.clicked.connect(lambda _checked=False: self.new_engagement_requested.emit())
        # Engagements chosen elsewhere (ホーム's card): said above the table, with a way out.
        self.only_label = QLabel()
        self.only_clear = QPushButton(self.tr("絞り込みを解除"))
        self.only_clear.clicked.connect(lambda _checked=False: self.show_only(None))
        self.only_label.setVisible(False)
        self.only_clear.setVisible(False)
        self.empty = QWidget()
        empty_layout = QVBoxLayout(self.empty)
        self.empty_label = EmptyState(self.tr(
            "案件はまだありません。\n支援している事業者ごとに、委託元と期間を入れて登録しましょう。"))
        self.first_button = QPushButton(self.tr("最初の案件を登録"))
        self.first_button.clicked.connect(
            lambda _checked=False: self.new_engagement_requested.emit())
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.first_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self.table_stack = QStackedLayout()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty)

        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(QLabel(self.tr("状態:")))
        filters.addWidget(self.status_combo)
        filters.addWidget(self.count_label)
        only_row = QHBoxLayout()
        only_row.addWidget(self.only_label)
        only_row.addWidget(self.only_clear)
        only_row.addStretch(1)
        heading = QHBoxLayout()
        heading.addWidget(page_title(self.tr("案件")))
        heading.addStretch(1)
        heading.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addLayout(filters)
        layout.addLayout(only_row)
        layout.addLayout(self.table_stack, 1)

        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset,
                       self.proxy.layoutChanged):
            signal.connect(self._update_count)

    def load(self) -> None:
        from companion.services.engagements import list_engagements

        ops.read(list_engagements).success(self._show).run(self.worker)

    def _show(self, rows: Any) -> None:
        self.model.set_rows(rows)
        fit_columns(self.table, skip=EngagementTableModel.TITLE)
        self.table_stack.setCurrentWidget(self.table if rows else self.empty)
        self._update_count()
        self.mark_loaded()

    def show_status(self, status: EngagementStatus | None) -> None:
        """Only engagements in this 状態 (None: every one); the other filters cleared."""
        self.show_only(None)
        self.filter_edit.clear()
        self.status_combo.setCurrentIndex(
            0 if status is None else max(0, self.status_combo.findData(enum_label(status))))

    def show_only(self, engagement_ids: list[Any] | None, label: str = "") -> None:
        """Only these engagements, named ``label`` above the table (None: all)."""
        if engagement_ids is not None:
            self.filter_edit.clear()
            self.status_combo.setCurrentIndex(0)
        self.proxy.set_only(engagement_ids)
        self.only_label.setText(self.tr("絞り込み: {what}({n}件)").format(
            what=label, n=len(engagement_ids or ())))
        self.only_label.setVisible(engagement_ids is not None)
        self.only_clear.setVisible(engagement_ids is not None)
        self._update_count()

    def _status_chosen(self, _index: int) -> None:
        self.proxy.set_status(self.status_combo.currentData())

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("{shown} / {total}件").format(
            shown=self.proxy.rowCount(), total=self.model.rowCount()))

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        source = self.proxy.mapToSource(self.proxy.index(index.row(), 0))
        if source.isValid():
            self.open_engagement.emit(self.model.engagement_at(source.row()).id)
