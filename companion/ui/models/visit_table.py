"""Visits as a table: a fixed list (an engagement's recent visits), or every visit,
newest first, fetched from the database a page at a time as the view scrolls."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, Signal

from companion.domain.enums import VisitMode
from companion.ui.formatting import ymd, ymd_hm
from companion.ui.i18n import vocabulary_label
from companion.ui.models.rows import AnyIndex, Column, RowTableModel

if TYPE_CHECKING:
    from sqlmodel import Session

    from companion.services.engagements import VisitLine
    from companion.ui.tasks import DbWorker, Job

PAGE_SIZE = 200


class VisitTableModel(RowTableModel):
    context = "VisitTableModel"
    columns = (
        Column("日時", lambda v: ymd_hm(v.started_at), lambda v: v.started_at.timestamp(),
               searchable=False),
        Column("方式", lambda v: vocabulary_label(VisitMode, v.mode)),
        Column("事業者", lambda v: v.client_name),
        Column("案件", lambda v: v.engagement_title),
        Column("目的", lambda v: v.purpose),
        Column("場所", lambda v: v.place),
        Column("フォロー予定", lambda v: ymd(v.follow_up_on),
               lambda v: v.follow_up_on.toordinal() if v.follow_up_on else -1,
               searchable=False),
    )

    def visit_at(self, row: int) -> VisitLine:
        visit: VisitLine = self.row_at(row)
        return visit


def _count_visits(*, session: Session) -> int:
    from companion.services.engagements import count_visits

    return count_visits(session=session)


def _visit_page(*, session: Session, limit: int, after: VisitLine | None) -> list[VisitLine]:
    from companion.services.engagements import list_visits

    return list_visits(session=session, limit=limit, after=after)


class LazyVisitTableModel(VisitTableModel):
    """Every visit, newest first; rows arrive ``page_size`` at a time via fetchMore."""

    total_changed = Signal(int)
    page_loaded = Signal(int)  # rows now loaded

    def __init__(self, worker: DbWorker, *, page_size: int = PAGE_SIZE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._page_size = page_size
        self._total = 0
        self._generation = 0  # a reload makes answers to older requests stale
        self._fetching: Job | None = None

    @property
    def total(self) -> int:
        return self._total

    def reload(self) -> None:
        """Count the visits again and start from the first page."""
        self._generation += 1
        generation = self._generation
        if self._fetching is not None:
            self._fetching.cancel()
            self._fetching = None
        self.set_rows([])
        self._worker.submit(_count_visits, job_name="count_visits",
                            on_done=lambda total: self._counted(generation, total))

    def _counted(self, generation: int, total: Any) -> None:
        if generation != self._generation:
            return
        self._total = int(total)
        self.total_changed.emit(self._total)
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def canFetchMore(self, parent: AnyIndex) -> bool:
        if parent.isValid():
            return False
        return self._fetching is None and self.rowCount() < self._total

    def fetchMore(self, parent: AnyIndex) -> None:
        if not self.canFetchMore(parent):
            return
        generation = self._generation
        self._fetching = self._worker.submit(
            _visit_page, job_name="list_visits", limit=self._page_size,
            after=self.row_at(self.rowCount() - 1) if self.rowCount() else None,
            on_done=lambda rows: self._page_arrived(generation, rows),
            on_error=lambda error: self._page_failed(generation, error),
        )

    def _page_arrived(self, generation: int, rows: Any) -> None:
        if generation != self._generation:
            return
        self._fetching = None
        self.append_rows(rows)
        if not rows:  # fewer visits than counted (deleted meanwhile): stop asking
            self._total = self.rowCount()
        self.page_loaded.emit(self.rowCount())

    def _page_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._fetching = None
            self._total = self.rowCount()
        self._worker.report_error(error)
