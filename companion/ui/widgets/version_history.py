"""A record's history: every version in a table (when, why, its status, what it changed,
the reviewers' findings) and, for the chosen version, field by field what it changed
(変更前 → 変更後). 開示 shows the register's history with it, the reviewer's view the
bundle's; each page fills it with ``VersionRow``s and sets the title.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from companion.ui.models.disclosure_table import ChangeTableModel, VersionRow, VersionTableModel
from companion.ui.widgets.common import make_table, set_column_widths, stretch_column


class VersionHistory(QWidget):
    """The versions above (``side_by_side``: beside) the changes of the chosen one."""

    version_chosen = Signal(object)  # the VersionRow chosen, or None

    def __init__(self, *, side_by_side: bool, title: str = "", changes_title: str = "",
                 bold_title: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("versionHistory")
        self.title = QLabel(title)
        if bold_title:
            bold = self.title.font()
            bold.setBold(True)
            self.title.setFont(bold)
        self.versions_model = VersionTableModel(self)
        self.versions_table = make_table()
        self.versions_table.setModel(self.versions_model)
        set_column_widths(self.versions_table,
                          {0: 2, 1: 6, 2: 12, 3: 4, 4: 8} if side_by_side
                          else {0: 2, 1: 6, 2: 10, 3: 4, 4: 7})
        stretch_column(self.versions_table, 5)
        self.versions_table.selectionModel().selectionChanged.connect(self._chosen)
        self.changes_model = ChangeTableModel(self)
        self.changes_table = make_table()
        self.changes_table.setModel(self.changes_model)
        self.changes_table.setWordWrap(True)
        set_column_widths(self.changes_table, {0: 6, 1: 14 if side_by_side else 12})
        stretch_column(self.changes_table, 2)
        self.changes_title = QLabel(changes_title)

        layout = QVBoxLayout(self)
        if side_by_side:
            layout.setContentsMargins(0, 4, 0, 0)
            lists = QSplitter(Qt.Orientation.Horizontal)
            lists.addWidget(self.versions_table)
            changes = QWidget()
            changes_layout = QVBoxLayout(changes)
            changes_layout.setContentsMargins(0, 0, 0, 0)
            changes_layout.addWidget(self.changes_title)
            changes_layout.addWidget(self.changes_table, 1)
            lists.addWidget(changes)
            lists.setSizes([560, 520])
            layout.addWidget(self.title)
            layout.addWidget(lists, 1)
        else:
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(self.title)
            layout.addWidget(self.versions_table, 2)
            layout.addWidget(self.changes_title)
            layout.addWidget(self.changes_table, 3)

    def set_versions(self, rows: list[VersionRow], *, title: str,
                     select: int | None = None) -> None:
        """Show ``rows`` (oldest first) under ``title`` and choose version ``select``."""
        self.title.setText(title)
        self.versions_model.set_rows(rows)
        if select is not None:
            self.select_version(select)

    def select_version(self, version: int) -> None:
        for row in range(self.versions_model.rowCount()):
            if self.versions_model.version_at(row).version == version:
                self.versions_table.selectRow(row)

    def clear(self) -> None:
        self.versions_model.set_rows([])
        self.changes_model.set_rows([])

    def _chosen(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = self.versions_table.selectionModel().selectedRows()
        if not indexes:
            self.changes_model.set_rows([])
            self.version_chosen.emit(None)
            return
        version = self.versions_model.version_at(indexes[0].row())
        self.changes_title.setText(
            self.tr("第{v}版の内容").format(v=version.version) if version.version == 1
            else self.tr("第{v}版の変更点(第{p}版 → 第{v}版)").format(v=version.version,
                                                                 p=version.version - 1))
        self.changes_model.set_changes(version.changes)
        self.version_chosen.emit(version)
