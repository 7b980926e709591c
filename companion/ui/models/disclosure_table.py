"""The disclosure register: the latest version of every disclosure, by number."""

from __future__ import annotations

from companion.ui.formatting import percent, yen, ymd
from companion.ui.models.rows import Column, RowTableModel


class DisclosureTableModel(RowTableModel):
    context = "DisclosureTableModel"
    columns = (
        Column("番号", lambda d: str(d.number), lambda d: d.number, numeric=True),
        Column("版", lambda d: str(d.version), lambda d: d.version, numeric=True,
               searchable=False),
        Column("種別", lambda d: str(d.kind)),
        Column("相手先", lambda d: d.counterpart_name),
        Column("金額", lambda d: yen(d.amount_yen), lambda d: d.amount_yen or -1, numeric=True,
               searchable=False),
        Column("持分", lambda d: percent(d.share_percent),
               lambda d: d.share_percent if d.share_percent is not None else -1.0, numeric=True,
               searchable=False),
        Column("役職", lambda d: d.role_title),
        Column("開始", lambda d: ymd(d.started_on), lambda d: d.started_on.toordinal(),
               searchable=False),
        Column("終了", lambda d: ymd(d.ended_on),
               lambda d: d.ended_on.toordinal() if d.ended_on else -1, searchable=False),
        Column("開示日", lambda d: ymd(d.declared_on), lambda d: d.declared_on.toordinal(),
               searchable=False),
        Column("管理方法", lambda d: d.mitigation),
        Column("状態", lambda d: str(d.status)),
    )
