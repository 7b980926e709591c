"""A table model over a list of plain rows (the dataclasses services return), and a
sort/filter proxy that sorts by typed keys and filters on the text columns."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a number or text that sorts as the column reads
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the row object itself

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    header: str  # source text, translated in the model's context
    display: Callable[[Any], str]
    sort_key: Callable[[Any], int | float | str] | None = None
    numeric: bool = False  # right-aligned
    searchable: bool = True  # part of the text filter


def normalise(text: str) -> str:
    """For matching: full/half width folded (ＡＢＣ, ｶﾌｪ), case folded."""
    return unicodedata.normalize("NFKC", text).casefold()


class RowTableModel(QAbstractTableModel):
    """Rows of one type, one column per ``Column``; read-only."""

    columns: Sequence[Column] = ()
    context = "RowTableModel"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: Sequence[Any]) -> None:
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    @property
    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.display(row)
        if role == SORT_ROLE:
            return column.sort_key(row) if column.sort_key else normalise(column.display(row))
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (Qt.AlignmentFlag.AlignRight if column.numeric
                          else Qt.AlignmentFlag.AlignLeft)
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.columns)):
            return QCoreApplication.translate(self.context, self.columns[section].header)
        return super().headerData(section, orientation, role)


class RowFilterProxy(QSortFilterProxyModel):
    """Sorts by ``SORT_ROLE``; keeps rows whose text columns contain the filter text
    (case- and width-insensitive) and whose column values match the exact filters."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._needle = ""
        self._exact: dict[int, str] = {}

    def set_text(self, text: str) -> None:
        needle = normalise(text.strip())
        if needle != self._needle:
            self._change_filter(lambda: setattr(self, "_needle", needle))

    def set_exact(self, column: int, value: str | None) -> None:
        """Keep only rows whose column shows ``value`` (None: no condition)."""
        def apply() -> None:
            if value is None:
                self._exact.pop(column, None)
            else:
                self._exact[column] = value
        self._change_filter(apply)

    def _change_filter(self, change: Callable[[], None]) -> None:
        # beginFilterChange/endFilterChange (Qt 6.9) replace the deprecated invalidateFilter.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:  # pragma: no cover - Qt < 6.9
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, RowTableModel):
            return True
        row = model.row_at(source_row)
        for column, value in self._exact.items():
            if model.columns[column].display(row) != value:
                return False
        if not self._needle:
            return True
        return any(
            self._needle in normalise(column.display(row))
            for column in model.columns
            if column.searchable
        )
