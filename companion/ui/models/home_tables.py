"""The two short lists of the ホーム page: follow-ups to do, engagements gone quiet."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from companion.ui.formatting import ymd
from companion.ui.models.rows import Column, RowTableModel

if TYPE_CHECKING:
    from companion.services.home import FollowUp, QuietEngagement


def _tr(text: str) -> str:
    return QCoreApplication.translate("FollowUpModel", text)


class FollowUpModel(RowTableModel):
    """Rows are (FollowUp, today)."""

    context = "FollowUpModel"
    columns = (
        Column("期日", lambda r: ymd(r[0].follow_up_on), lambda r: r[0].follow_up_on.toordinal()),
        Column("状況", lambda r: due_label(r[0].follow_up_on, r[1]),
               lambda r: r[0].follow_up_on.toordinal()),
        Column("事業者", lambda r: r[0].client_name),
        Column("案件", lambda r: r[0].engagement_title),
        Column("訪問の目的", lambda r: r[0].purpose),
    )

    def set_follow_ups(self, follow_ups: list[FollowUp], today: date) -> None:
        self.set_rows([(follow_up, today) for follow_up in follow_ups])

    def engagement_id_at(self, row: int) -> Any:
        return self.row_at(row)[0].engagement_id


def due_label(due: date, today: date) -> str:
    days = (due - today).days
    if days < 0:
        return _tr("{n}日超過").format(n=-days)
    if days == 0:
        return _tr("今日")
    return _tr("あと{n}日").format(n=days)


class QuietEngagementModel(RowTableModel):
    context = "QuietEngagementModel"
    columns = (
        Column("案件", lambda q: q.title),
        Column("事業者", lambda q: q.client_name),
        Column("最終訪問", lambda q: ymd(q.last_visit_at) or _tr("訪問なし"),
               lambda q: q.last_visit_at.timestamp() if q.last_visit_at else -1.0),
    )

    def quiet_at(self, row: int) -> QuietEngagement:
        quiet: QuietEngagement = self.row_at(row)
        return quiet

