"""Search hits as a table: kind, date, client, engagement, the snippet with 【term】."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from companion.ui.formatting import iso_day, ymd
from companion.ui.models.rows import Column, RowTableModel

if TYPE_CHECKING:
    from companion.services.search import SearchHit

KIND_LABELS = {"visit": "訪問記録", "engagement": "案件", "plan": "計画"}


def kind_label(kind: str) -> str:
    return QCoreApplication.translate("SearchHitModel", KIND_LABELS.get(kind, kind))


def _day(hit: SearchHit) -> str:
    day = iso_day(hit.when)
    return ymd(day) if day else hit.when


class SearchHitModel(RowTableModel):
    context = "SearchHitModel"
    columns = (
        Column("種別", lambda h: kind_label(h.kind)),
        Column("日付", _day, lambda h: h.when, searchable=False),
        Column("事業者", lambda h: h.client_name),
        Column("案件", lambda h: h.engagement_title),
        Column("見出し", lambda h: h.title),
        Column("抜粋", lambda h: h.snippet),
    )
    KIND, DATE, CLIENT, ENGAGEMENT, TITLE, SNIPPET = range(6)

    def hit_at(self, row: int) -> SearchHit:
        hit: SearchHit = self.row_at(row)
        return hit
