"""ホーム's lists across engagements: the plan actions due (``DueActionsSection``) and
the KPIs behind target (``BehindKpisSection``). Each reads its rows with one use case on
the database worker and asks for an engagement's page when a row is activated. The red
flags beside them are ``companion.ui.widgets.red_flags.RedFlagPanel``, shared with 開示.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from companion.ui import ops
from companion.ui.models.kpi_table import BehindKpiModel
from companion.ui.models.plan_tree import DueActionModel
from companion.ui.widgets.common import EmptyState, make_table, set_column_widths, stretch_column

if TYPE_CHECKING:
    from companion.services.plans import DueActions
    from companion.ui.tasks import DbWorker


RECENT_DAYS = 30  # overdue up to this long sits with this week's, by date


def most_urgent_first(actions: Sequence[Any], today: date) -> tuple[Any, ...]:
    """This month's overdue and this week's due, by date; then what has been overdue
    longer, most recently due first (an action forgotten for a year goes last)."""
    recent = sorted((a for a in actions if (today - a.due_on).days <= RECENT_DAYS),
                    key=lambda a: a.due_on)
    older = sorted((a for a in actions if (today - a.due_on).days > RECENT_DAYS),
                   key=lambda a: a.due_on, reverse=True)
    return (*recent, *older)


class _TableSection(QWidget):
    """A bold heading over a table, or over a line saying the table is empty."""

    open_engagement = Signal(object)
    loaded = Signal()

    def __init__(self, worker: DbWorker, *, heading: str, empty: str, model: Any, name: str,
                 widths: dict[int, int], stretch: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.heading = QLabel(heading)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.model = model
        self.table = make_table()
        self.table.setObjectName(name)
        self.table.setModel(self.model)
        self.table.activated.connect(self._activated)
        set_column_widths(self.table, widths)
        stretch_column(self.table, stretch)
        self.empty = EmptyState(empty)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(self.stack, 1)

    def _show_rows(self, heading: str, has_rows: bool) -> None:
        self.heading.setText(heading)
        self.stack.setCurrentWidget(self.table if has_rows else self.empty)
        self.loaded.emit()

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_engagement.emit(self._engagement_at(index.row()))

    def _engagement_at(self, row: int) -> Any:
        raise NotImplementedError


class DueActionsSection(_TableSection):
    """ホーム: unfinished plan actions overdue or due within a week."""

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(worker, heading=self.tr("期限が近い・過ぎた計画のアクション"),
                         empty=self.tr("期限切れ・7日以内の計画のアクションはありません。"),
                         model=DueActionModel(), name="dueActions",
                         widths={0: 6, 1: 5, 2: 10, 4: 3}, stretch=3, parent=parent)
        self.model.setParent(self)
        self.due: DueActions | None = None

    def load(self, today: date) -> None:
        from companion.services.plans import plan_actions_due

        ops.read(plan_actions_due, today=today).success(self._show).run(self.worker)

    def _show(self, due: Any) -> None:
        self.due = due
        self.model.set_actions(most_urgent_first(due.items, due.today), due.today)
        self._show_rows(self.tr(
            "期限が近い・過ぎた計画のアクション(超過 {overdue}件・7日以内 {soon}件)").format(
            overdue=due.overdue_count, soon=due.due_soon_count), bool(due.items))

    def _engagement_at(self, row: int) -> Any:
        return self.model.action_at(row).engagement_id


class BehindKpisSection(_TableSection):
    """ホーム: KPIs of open engagements behind their target, worst first."""

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(worker, heading=self.tr("目標に届いていない指標"),
                         empty=self.tr("目標を下回っている指標はありません。"),
                         model=BehindKpiModel(), name="behindKpis",
                         widths={1: 6, 2: 5, 3: 6, 4: 6, 5: 4}, stretch=0, parent=parent)
        self.model.setParent(self)

    def load(self, today: date) -> None:
        from companion.services.kpis import kpis_behind_target

        ops.read(kpis_behind_target, today=today).success(self._show).run(self.worker)

    def _show(self, behind: Any) -> None:
        self.model.set_rows(behind)
        self._show_rows(self.tr("目標に届いていない指標({n}件)").format(n=len(behind)),
                        bool(behind))

    def _engagement_at(self, row: int) -> Any:
        return self.model.kpi_at(row).engagement_id


class OpenDispositionsSection(QWidget):
    """ホーム: what reviewers asked for (要対応 with its plan, 要説明) and is not yet
    resolved, by due date; 「対応を記録…」 records how the selected one was resolved,
    and the next review bundle carries it."""

    loaded = Signal()
    COLUMNS = ("判断", "注意事項", "管理計画・説明を求める事項", "期限", "レビュー")

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.today = date.today()
        self.items: list[Any] = []
        self.heading = QLabel(self.tr("レビューで求められた対応"))
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.model = QStandardItemModel(0, len(self.COLUMNS), self)
        self.model.setHorizontalHeaderLabels([
            self.tr("判断"), self.tr("注意事項"), self.tr("管理計画・説明を求める事項"),
            self.tr("期限"), self.tr("レビュー")])
        self.table = make_table()
        self.table.setObjectName("openDispositions")
        self.table.setModel(self.model)
        set_column_widths(self.table, {0: 4, 1: 24, 3: 11, 4: 11})
        stretch_column(self.table, 2)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.resolve_selected())
        self.resolve_button = QPushButton(self.tr("対応を記録…"))
        self.resolve_button.setObjectName("resolveDisposition")
        self.resolve_button.setEnabled(False)
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.empty = EmptyState(self.tr("レビューで求められた対応はすべて記録済みです。"))
        self.stack = QStackedLayout()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.resolve_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(self.stack, 1)

    def load(self, today: date) -> None:
        from companion.services.dispositions import list_dispositions

        self.today = today
        ops.read(list_dispositions, open_only=True).success(self._show).run(self.worker)

    def _show(self, items: Any) -> None:
        self.items = list(items)
        self.model.setRowCount(0)
        for item in self.items:
            plan = (self.tr("担当: {owner} / {action}").format(owner=item.owner, action=item.action)
                    if item.action else item.comment)
            due = item.due_on.isoformat() if item.due_on else ""
            cells = [QStandardItem(text) for text in (
                item.disposition.value, f"{item.rule}: {item.reason}", plan, due,
                f"{item.reviewed_on.isoformat()} {item.reviewer}")]
            for cell in cells:
                cell.setToolTip(cell.text())
            if item.overdue(self.today):
                cells[3].setText(self.tr("{due}(期限切れ)").format(due=due))
                cells[3].setForeground(QBrush(QColor("#b3261e")))
            self.model.appendRow(cells)
        self.heading.setText(self.tr("レビューで求められた対応(未対応 {n}件)").format(n=len(self.items)))
        self.stack.setCurrentWidget(self.table if self.items else self.empty)
        self.setVisible(bool(self.items))  # ホーム has no room for an empty section
        self._selection_changed()
        self.loaded.emit()

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows and rows[0].row() < len(self.items) else None

    def _selection_changed(self, *_args: object) -> None:
        self.resolve_button.setEnabled(self.selected() is not None)

    def resolve_selected(self) -> None:
        from companion.services.dispositions import resolve_disposition

        item = self.selected()
        if item is None:
            return
        text, accepted = QInputDialog.getMultiLineText(
            self, self.tr("対応を記録"),
            self.tr("「{rule}」について、何をしたか、どう説明したかを記入してください。\n"
                    "次のレビューバンドルに記載されます。").format(rule=item.rule))
        if not accepted:
            return
        ops.write(resolve_disposition, undo_label=self.tr("レビューへの対応の記録"),
                  disposition_id=item.id, resolution=text, today=self.today) \
            .success(lambda _line: self.load(self.today)).run(self.worker)


class SyncConflictsSection(QWidget):
    """ホーム: 同期の競合 — texts both devices edited and records an edit brought back
    after a delete (issue #20); 「選ぶ…」 (or Enter) opens the side-by-side choice
    (dialogs/sync_conflict.py). Shown only while there are some."""

    loaded = Signal()

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.items: list[Any] = []
        self.dialog: QWidget | None = None
        self.heading = QLabel(self.tr("同期の競合"))
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels([self.tr("種類"), self.tr("記録"), self.tr("項目"),
                                              self.tr("同期した日時")])
        self.table = make_table()
        self.table.setObjectName("syncConflicts")
        self.table.setModel(self.model)
        set_column_widths(self.table, {0: 6, 2: 6, 3: 9})
        stretch_column(self.table, 1)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.choose_button = QPushButton(self.tr("選ぶ…"))
        self.choose_button.setObjectName("chooseSyncConflict")
        self.choose_button.clicked.connect(self.open_selected)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.setVisible(False)

    def load(self) -> None:
        from companion.services.sync import list_conflicts

        ops.read(list_conflicts).named("sync_conflicts").success(self._show).run(self.worker)

    def _show(self, items: Any) -> None:
        from companion.ui.dialogs.sync_conflict import kind_label
        from companion.ui.formatting import ymd_hm

        self.items = list(items)
        self.model.setRowCount(0)
        for item in self.items:
            cells = [QStandardItem(text) for text in (
                kind_label(item.kind), item.label,
                item.field_label if item.kind != "restored" else "",
                ymd_hm(item.raised_at))]
            for cell in cells:
                cell.setToolTip(cell.text())
            self.model.appendRow(cells)
        self.heading.setText(self.tr("同期の競合({n}件)").format(n=len(self.items)))
        self.setVisible(bool(self.items))
        if self.items and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.choose_button.setEnabled(bool(self.items))
        self.loaded.emit()

    def focus_list(self) -> None:
        """競合 n件 in the status bar: the list, its first row chosen."""
        if self.items:
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.model.index(0, 0))

    def open_selected(self) -> QWidget | None:
        from companion.ui.dialogs.sync_conflict import open_conflict

        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.items):
            return None
        dialog = open_conflict(self.worker, self.items[index.row()], self)
        dialog.resolved.connect(lambda _choice: self.load())
        self.dialog = dialog
        return dialog
