"""開示 on a device that does not keep the register (issue #20, docs/sync.md).

With sync set up, one device, the 記帳端末, writes the signed register. On any other
device, declaring, amending, ending or confirming a disclosure is recorded as a
request (``record_pending``); after a sync the 記帳端末 seals each into the register,
dated the day it was written. ``PendingDisclosuresPanel`` sits on the 開示 page: it
knows whether this device keeps the register (``keeper``), records the page's actions
as requests when it does not, and lists the requests as 「封印待ち」 until they are
sealed (or says why one could not be).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from companion.ui import ops
from companion.ui.formatting import ymd_hm
from companion.ui.widgets.common import make_table, note, set_column_widths, stretch_column

if TYPE_CHECKING:
    from companion.services.sync import PendingLine, PendingOverview
    from companion.ui.tasks import DbWorker




class PendingDisclosuresPanel(QWidget):
    """封印待ち: the requests the 記帳端末 has not sealed yet; hidden when there are none."""

    loaded = Signal()

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.keeper = True  # until the database says otherwise: a single computer keeps it
        self.lines: list[PendingLine] = []
        self.heading = QLabel(self.tr("封印待ち"))
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.explanation = note(self.tr(
            "封印待ち — 次の同期で記帳端末が登録簿に記載します。記載されるまで、上の一覧には"
            "含まれません。"))
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels([self.tr("状態"), self.tr("操作"),
                                              self.tr("内容"), self.tr("書いた日時")])
        self.table = make_table()
        self.table.setObjectName("pendingDisclosures")
        self.table.setModel(self.model)
        set_column_widths(self.table, {0: 8, 1: 6, 3: 9})
        stretch_column(self.table, 2)
        self.table.setMaximumHeight(self.table.fontMetrics().height() * 8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addWidget(self.table)
        self.setVisible(False)

    # -- reading --------------------------------------------------------------------------

    def load(self) -> None:
        from companion.services.sync import pending_overview

        ops.read(pending_overview).named("pending_disclosures").success(self.show_state) \
            .run(self.worker)

    def show_state(self, state: PendingOverview) -> None:
        self.keeper = state.keeper
        self.lines = list(state.lines)
        self.model.setRowCount(0)
        for line in self.lines:
            cells = [QStandardItem(text) for text in (
                self._state_text(line), line.action_label, self._summary(line),
                ymd_hm(line.written_at))]
            for cell in cells:
                cell.setToolTip(cell.text())
            self.model.appendRow(cells)
        waiting = sum(1 for line in self.lines if line.state == "pending")
        self.heading.setText(self.tr("封印待ち({n}件)").format(n=waiting))
        self.table.setVisible(bool(self.lines))
        self.setVisible(bool(self.lines) or not self.keeper)  # on a non-keeper, say so
        self.loaded.emit()

    def _state_text(self, line: PendingLine) -> str:
        if line.state == "refused":
            return self.tr("記載できませんでした: {reason}").format(reason=line.refused)
        return self.tr("封印待ち")

    def _action_text(self, action: str) -> str:
        return {"declare": self.tr("新規開示"), "amend": self.tr("変更"),
                "end": self.tr("関与の終了"), "recertify": self.tr("年次確認")}.get(action, action)

    def _summary(self, line: PendingLine) -> str:
        if line.number is None:
            return line.counterpart_name
        return self.tr("開示{n} {counterpart}").format(n=line.number,
                                                     counterpart=line.counterpart_name)

    # -- recording (on a device that does not keep the register) -------------------------

    def record_form(self, dialog: Any, action: str, disclosure_id: uuid.UUID | None, draft: Any,
                    reason: str, *, done: Callable[[str, uuid.UUID | None], None],
                    on_error: Callable[[BaseException], None]) -> None:
        """新規開示 / 変更 as a request; the form closes when it is recorded."""

        def recorded(_pending_id: Any) -> None:
            dialog.accept()
            done(self._recorded_message(action), disclosure_id)
            self.load()

        from companion.services.sync import record_pending

        ops.write(record_pending, undo_label=self.tr("開示の変更(封印待ち)"), action=action,
                  disclosure_id=disclosure_id, draft=draft, reason=reason) \
            .success(recorded).failure(on_error).run(self.worker)

    def record_end(self, dialog: Any, disclosure_id: uuid.UUID, ended_on: date, reason: str, *,
                   done: Callable[[str, uuid.UUID | None], None],
                   on_error: Callable[[BaseException], None]) -> None:
        def recorded(_pending_id: Any) -> None:
            dialog.accept()
            done(self._recorded_message("end"), disclosure_id)
            self.load()

        from companion.services.sync import record_pending

        ops.write(record_pending, undo_label=self.tr("開示の終了(封印待ち)"), action="end",
                  disclosure_id=disclosure_id, draft=None, ended_on=ended_on, reason=reason) \
            .success(recorded).failure(on_error).run(self.worker)

    def record_recertify(self, disclosure_ids: Sequence[uuid.UUID], *,
                         done: Callable[[str, uuid.UUID | None], None]) -> None:
        def recorded(count: int) -> None:
            done(self.tr("年次確認 {n}件を封印待ちにしました。次の同期で記帳端末が登録簿に記載します。")
                 .format(n=count), None)
            self.load()

        from companion.services.sync import record_pending_recertifications

        ops.write(record_pending_recertifications, undo_label=self.tr("年次確認(封印待ち)"),
                  disclosure_ids=list(disclosure_ids)).success(recorded).run(self.worker)

    def _recorded_message(self, action: str) -> str:
        return self.tr("{action}を封印待ちにしました。次の同期で記帳端末が登録簿に記載します。").format(
            action=self._action_text(action))
