"""An engagement's visits as a timeline (newest first): one card per visit, painted by
``ui.views.visit_timeline.TimelineDelegate`` from the ``TimelineEntry`` in ``ROW_ROLE``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QObject, Qt

from companion.domain.enums import VisitMode
from companion.ui.formatting import ymd_hm
from companion.ui.i18n import vocabulary_label
from companion.ui.models.rows import ROW_ROLE, AnyIndex

if TYPE_CHECKING:
    from companion.services.visits.timeline import TimelineEntry


def _tr(text: str) -> str:
    return QCoreApplication.translate("VisitTimelineModel", text)


def open_action_count(entry: TimelineEntry) -> int:
    return sum(1 for action in entry.actions if action.done_at is None)


def summary_text(entry: TimelineEntry) -> str:
    """One line a screen reader (and a test) can read: when, how, what."""
    parts = [ymd_hm(entry.started_at), vocabulary_label(VisitMode, str(entry.mode)), entry.purpose]
    if entry.actions:
        parts.append(_tr("次のアクション{n}件").format(n=len(entry.actions)))
    if entry.amended_at is not None:
        parts.append(_tr("修正あり"))
    return _tr("・").join(part for part in parts if part)


class VisitTimelineModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TimelineEntry] = []

    def set_entries(self, entries: list[TimelineEntry]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self.endResetModel()

    def entry_at(self, row: int) -> TimelineEntry:
        return self._rows[row]

    @property
    def entries(self) -> list[TimelineEntry]:
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return summary_text(entry)
        if role == ROW_ROLE:
            return entry
        return None
