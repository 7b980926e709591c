"""開示: the register of the practitioner's interests (latest version of each)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStackedLayout, QVBoxLayout, QWidget

from companion.ui.models.disclosure_table import DisclosureTableModel
from companion.ui.models.rows import RowFilterProxy
from companion.ui.views.base import Page
from companion.ui.widgets.common import (
    EmptyState,
    make_table,
    note,
    page_title,
    set_column_widths,
    stretch_column,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from companion.services.disclosures import DisclosureLine
    from companion.ui.tasks import DbWorker


def load_disclosures(*, session: Session) -> list[DisclosureLine]:
    from companion.services.disclosures import list_disclosures

    return list_disclosures(session=session)


class DisclosuresPage(Page):
    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(worker, parent)
        self.model = DisclosureTableModel(self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table(sortable=True)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        set_column_widths(self.table, {0: 3, 1: 2, 2: 5, 3: 12, 4: 7, 5: 4, 6: 6, 7: 6, 8: 6,
                                       9: 6, 11: 5})
        stretch_column(self.table, 10)
        self.empty = EmptyState(self.tr(
            "開示はまだありません。\n支援先への出資・役員就任・顧問契約など、利益相反になりうる関係は"
            "始まる前に開示しておくと、第三者レビューで説明がしやすくなります。"))
        self.stack = QStackedLayout()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("利益相反の開示")))
        layout.addWidget(note(self.tr(
            "各開示の最新版を番号順に表示します。修正は新しい版として追加され、以前の版も改ざん検知の"
            "ハッシュ連鎖とともに残ります。")))
        layout.addLayout(self.stack, 1)

    def load(self) -> None:
        self.worker.submit(load_disclosures, on_done=self._show)

    def _show(self, rows: Any) -> None:
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        self.mark_loaded()
