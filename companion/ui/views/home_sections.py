"""ホーム's lists across engagements: the plan actions due (``DueActionsSection``) and
the KPIs behind target (``BehindKpisSection``). Each reads its rows with one use case on
the database worker and asks for an engagement's page when a row is activated. The red
flags beside them are ``companion.ui.widgets.red_flags.RedFlagPanel``, shared with 開示.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import QLabel, QStackedLayout, QVBoxLayout, QWidget

from companion.ui import ops
from companion.ui.models.kpi_table import BehindKpiModel
from companion.ui.models.plan_tree import DueActionModel
from companion.ui.widgets.common import EmptyState, make_table, set_column_widths, stretch_column

if TYPE_CHECKING:
    from companion.services.plans import DueActions
    from companion.ui.tasks import DbWorker


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
        self.model.set_actions(due.items, due.today)
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
