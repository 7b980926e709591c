"""検索結果: hits of the toolbar search, newest first; a hit opens its engagement."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QLabel, QStackedLayout, QVBoxLayout, QWidget

from companion.errors import KnownError
from companion.ui.models.rows import RowFilterProxy
from companion.ui.models.search_table import SearchHitModel
from companion.ui.views.base import Page
from companion.ui.widgets.common import EmptyState, make_table, page_title, set_column_widths

if TYPE_CHECKING:
    from sqlmodel import Session

    from companion.services.search import SearchHit
    from companion.ui.tasks import DbWorker, Job

SEARCH_LIMIT = 200


def run_search(*, session: Session, query: str) -> list[SearchHit]:
    from companion.services.search import search

    return search(session=session, query=query, limit=SEARCH_LIMIT)


class SearchResultsPage(Page):
    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(worker, parent)
        self.query = ""
        self._job: Job | None = None
        self.model = SearchHitModel(self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.summary_label = QLabel()
        self.table = make_table(sortable=True)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(SearchHitModel.DATE, Qt.SortOrder.DescendingOrder)
        self.table.activated.connect(self._activated)
        set_column_widths(self.table, {0: 4, 1: 6, 2: 11, 3: 14, 4: 9})
        self.empty = EmptyState()
        self.stack = QStackedLayout()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("検索結果")))
        layout.addWidget(self.summary_label)
        layout.addLayout(self.stack, 1)

    def search(self, query: str) -> None:
        if self._job is not None:
            self._job.cancel()
        self.query = query.strip()
        self.has_data = False
        self.summary_label.setText(self.tr("「{query}」を検索しています…").format(query=self.query))
        self._job = self.worker.submit(run_search, query=self.query, on_done=self._show,
                                       on_error=self._failed)

    def load(self) -> None:
        if self.query:
            self.search(self.query)

    def _show(self, hits: Any) -> None:
        self._job = None
        self.model.set_rows(hits)
        more = self.tr("(新しい順に最大{limit}件)").format(limit=SEARCH_LIMIT) \
            if len(hits) >= SEARCH_LIMIT else ""
        self.summary_label.setText(self.tr("「{query}」: {count}件{more}").format(
            query=self.query, count=len(hits), more=more))
        self.empty.setText(self.tr(
            "「{query}」を含む訪問記録・案件・計画は見つかりませんでした。\n"
            "語を短くするか、別の言い方で試してください(空白で区切るとすべてを含むものを探します)。"
        ).format(query=self.query))
        self.stack.setCurrentWidget(self.table if hits else self.empty)
        self.mark_loaded()

    def _failed(self, error: BaseException) -> None:
        self._job = None
        if not isinstance(error, KnownError):
            self.worker.report_error(error)
            return
        self.model.set_rows([])
        self.summary_label.setText(str(error))
        self.empty.setText(str(error))
        self.stack.setCurrentWidget(self.empty)
        self.mark_loaded()

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        source = self.proxy.mapToSource(self.proxy.index(index.row(), 0))
        if source.isValid():
            self.open_engagement.emit(self.model.hit_at(source.row()).engagement_id)
