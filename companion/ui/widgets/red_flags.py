"""The red flags the conflict-of-interest rules find, as 開示, ホーム, an engagement's
page and the reviewer's view show them: a heading with the count, then each flag with
its rule and reason; activating one asks for its first engagement.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from companion.ui import ops
from companion.ui.i18n import enum_label
from companion.ui.models.disclosure_table import FlagRow, RedFlagTableModel
from companion.ui.widgets.common import error_style, make_table, set_column_widths, stretch_column

if TYPE_CHECKING:
    from companion.services.disclosures import NumberedFlag
    from companion.ui.tasks import DbWorker


def flag_rows(flags: list[NumberedFlag]) -> list[FlagRow]:
    return [FlagRow(enum_label(numbered.flag.rule), numbered.flag.reason, numbered.numbers,
                    tuple(e.hex for e in numbered.flag.engagement_ids))
            for numbered in flags]


def load_red_flags(worker: DbWorker, *, today: date, on_done: Callable[[list[FlagRow]], None],
                   engagement_id: uuid.UUID | None = None) -> None:
    """Look the red flags up (those naming ``engagement_id`` if given) and hand them, as
    the flag panel shows them, to ``on_done`` (ホーム, an engagement's page)."""
    from companion.services.disclosures import numbered_red_flags

    ops.read(numbered_red_flags, today=today, engagement_id=engagement_id) \
        .success(lambda flags: on_done(flag_rows(flags))).run(worker)

class RedFlagPanel(QWidget):
    """A heading with the count, and each red flag with its rule and reason."""

    engagement_requested = Signal(object)  # uuid.UUID of a flag's first engagement

    def __init__(self, *, title: str = "", empty_text: str = "", rows: int = 4,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("redFlagPanel")
        self._title = title or self.tr("注意事項(規則による判定)")
        self.title_label = QLabel()
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.model = RedFlagTableModel(self)
        self.table = make_table()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        set_column_widths(self.table, {0: 9, 1: 4})
        stretch_column(self.table, 2)
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setMaximumHeight(row_height * rows + self.table.horizontalHeader().sizeHint().height() + 6)
        self.table.activated.connect(self._activated)
        self.empty = QLabel(empty_text or self.tr("規則に当てはまる注意事項はありません。"))
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        self.set_flags([])

    def set_flags(self, flags: list[FlagRow]) -> None:
        self.model.set_rows(flags)
        count = len(flags)
        self.title_label.setText(self.tr("{title} {n}件").format(title=self._title, n=count))
        self.title_label.setStyleSheet(error_style(self) if count else "")
        self.table.setVisible(bool(count))
        self.empty.setVisible(not count)

    def flags(self) -> list[FlagRow]:
        return self.model.rows

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            flag: FlagRow = self.model.row_at(index.row())
            if flag.engagement_ids:
                self.engagement_requested.emit(uuid.UUID(flag.engagement_ids[0]))
