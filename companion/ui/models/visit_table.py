"""Visits as a table: a fixed list (an engagement's recent visits), or every visit,
newest first, fetched from the database a page at a time as the view scrolls; and the
訪問記録 list's filter (目的, 記録, 事業者, 案件)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QSortFilterProxyModel, Signal

from companion.domain.enums import VisitMode
from companion.ui import ops
from companion.ui.formatting import ymd, ymd_hm
from companion.ui.i18n import vocabulary_label
from companion.ui.models.rows import AnyIndex, Column, RowTableModel, normalise

if TYPE_CHECKING:
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
        from companion.services.engagements import count_visits

        self.set_rows([])
        ops.read(count_visits).success(lambda total: self._counted(generation, total)) \
            .run(self._worker)

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
        from companion.services.visit_queries import list_visit_lines

        generation = self._generation
        self._fetching = ops.read(
            list_visit_lines, limit=self._page_size,
            after=self.row_at(self.rowCount() - 1) if self.rowCount() else None) \
            .success(lambda rows: self._page_arrived(generation, rows)) \
            .failure(lambda error: self._page_failed(generation, error)).run(self._worker)

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


class VisitFilterProxy(QSortFilterProxyModel):
    """Keeps the visits whose 目的, 記録 (notes), 事業者 or 案件 contain every word
    typed (case- and width-insensitive; words split by spaces, full-width too)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self._words)

    def set_text(self, text: str) -> None:
        words = tuple(normalise(word) for word in text.replace("\u3000", " ").split())
        if words == self._words:
            return
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self._words = words
            self.endFilterChange()
        else:  # pragma: no cover - Qt < 6.9
            self._words = words
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        if not isinstance(model, RowTableModel):
            return True
        visit = model.row_at(source_row)
        haystack = normalise("\n".join((visit.purpose, getattr(visit, "notes", ""),
                                        visit.client_name, visit.engagement_title)))
        return all(word in haystack for word in self._words)
