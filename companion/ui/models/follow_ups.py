"""The follow-ups of the ホーム page: visits' follow-up dates and next actions not done
yet, overdue first. A row can be taken out when it is marked done."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QModelIndex

from companion.ui.formatting import ymd
from companion.ui.models.home_tables import due_label
from companion.ui.models.rows import Column, RowTableModel

if TYPE_CHECKING:
    from companion.services.home import FollowUp


def _tr(text: str) -> str:
    return QCoreApplication.translate("FollowUpTableModel", text)


def kind_label(follow_up: FollowUp) -> str:
    return _tr("アクション") if follow_up.kind == "action" else _tr("フォロー")


def what_label(follow_up: FollowUp) -> str:
    if follow_up.kind == "action":
        return follow_up.text
    return _tr("訪問のフォローアップ({purpose})").format(purpose=follow_up.purpose or _tr("目的なし"))


class FollowUpTableModel(RowTableModel):
    """Rows are (FollowUp, today)."""

    context = "FollowUpTableModel"
    columns = (
        Column("期日", lambda r: ymd(r[0].follow_up_on), lambda r: r[0].follow_up_on.toordinal()),
        Column("状況", lambda r: due_label(r[0].follow_up_on, r[1]),
               lambda r: r[0].follow_up_on.toordinal()),
        Column("種類", lambda r: kind_label(r[0])),
        Column("事業者", lambda r: r[0].client_name),
        Column("内容", lambda r: what_label(r[0])),
        Column("担当", lambda r: r[0].owner),
    )
    DUE, STATE, KIND, CLIENT, WHAT, OWNER = range(6)

    def set_follow_ups(self, follow_ups: list[FollowUp], today: date) -> None:
        self.set_rows([(follow_up, today) for follow_up in follow_ups])

    def follow_up_at(self, row: int) -> FollowUp:
        follow_up: FollowUp = self.row_at(row)[0]
        return follow_up

    def engagement_id_at(self, row: int) -> uuid.UUID:
        return self.follow_up_at(row).engagement_id

    def remove_follow_up(self, follow_up: FollowUp) -> None:
        rows = self.rows
        for number, (candidate, _today) in enumerate(rows):
            if candidate.kind == follow_up.kind and candidate.ref_id == follow_up.ref_id:
                self.beginRemoveRows(QModelIndex(), number, number)
                self._rows.pop(number)
                self.endRemoveRows()
                return
