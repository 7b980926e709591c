"""ホーム's follow-up list, most urgent first: what is overdue up to a month and what is
due within a week, by date, then one row for what is overdue longer (folded, with its
count; Enter or a double click opens it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QFont

from companion.domain.enums import Owner
from companion.ui.i18n import vocabulary_label
from companion.ui.models.follow_ups import FollowUpTableModel
from companion.ui.models.rows import AnyIndex, Column

if TYPE_CHECKING:
    from companion.services.home import FollowUp


def _tr(text: str) -> str:
    return QCoreApplication.translate("HomeFollowUpModel", text)


@dataclass(frozen=True)
class OverdueGroup:
    """ホーム's one row for the follow-ups overdue for a long time (folded or not)."""

    count: int
    days: int
    expanded: bool
    kind: str = "group"
    ref_id: None = None


class HomeFollowUpModel(FollowUpTableModel):
    """The follow-ups of ホーム, most urgent first: overdue up to a month and due within
    a week (by date), then one group row for what is overdue longer, which expands."""

    context = "FollowUpTableModel"
    # 担当 in the UI's language (the row carries the stored Japanese value).
    columns = (*FollowUpTableModel.columns[:-1],
               Column("担当", lambda r: vocabulary_label(Owner, r[0].owner) if r[0].owner else ""))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.expanded = False
        self._long: list[FollowUp] = []
        self._long_count = 0
        self._days = 30
        self._today: date | None = None
        self._recent: list[FollowUp] = []

    def set_home(self, *, recent: list[FollowUp], long: list[FollowUp], long_count: int,
                 days: int, today: date) -> None:
        """``recent``: overdue up to ``days`` and due soon; ``long``: overdue longer."""
        self._long, self._long_count, self._days, self._today = long, long_count, days, today
        self._recent = sorted(recent, key=lambda f: f.follow_up_on)
        self.set_rows(self._arranged())

    def _arranged(self) -> list[tuple[Any, date]]:
        assert self._today is not None
        rows: list[tuple[Any, date]] = [(f, self._today) for f in self._recent]
        if self._long_count:
            rows.append((OverdueGroup(self._long_count, self._days, self.expanded), self._today))
            if self.expanded:
                rows += [(f, self._today) for f in self._long]
        return rows

    def set_expanded(self, expanded: bool) -> None:
        if expanded != self.expanded and self._today is not None:
            self.expanded = expanded
            self.set_rows(self._arranged())

    def group_row(self) -> int | None:
        return next((n for n, (row, _today) in enumerate(self._rows)
                     if isinstance(row, OverdueGroup)), None)

    def is_group(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and isinstance(self._rows[row][0], OverdueGroup)

    def engagement_id_at(self, row: int) -> Any:
        return None if self.is_group(row) else super().engagement_id_at(row)

    def remove_follow_up(self, follow_up: FollowUp) -> None:
        def other(f: FollowUp) -> bool:
            return (f.kind, f.ref_id) != (follow_up.kind, follow_up.ref_id)

        self._recent = [f for f in self._recent if other(f)]
        self._long = [f for f in self._long if other(f)]
        super().remove_follow_up(follow_up)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and self.is_group(index.row()):
            group: OverdueGroup = self._rows[index.row()][0]
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                text = _tr("{days}日以上前に期限が過ぎたもの({n}件)").format(
                    days=group.days, n=group.count)
                return ("▼ " if group.expanded else "▶ ") + text
            if role == Qt.ItemDataRole.DisplayRole:
                return ""
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                return _tr("Enter かダブルクリックで開く・閉じる")
            return None
        return super().data(index, role)
