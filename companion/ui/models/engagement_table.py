"""The engagement list: one row per ``EngagementSummary``, sortable and filterable."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from companion.ui.formatting import ymd
from companion.ui.i18n import enum_label
from companion.ui.models.rows import AnyIndex, Column, RowFilterProxy, RowTableModel

if TYPE_CHECKING:
    from companion.services.engagements import EngagementSummary

NO_DATE = -1  # sorts before every real date


def _day_key(day: date | None) -> int:
    return day.toordinal() if day is not None else NO_DATE


def _moment_key(moment: datetime | None) -> float:
    return moment.timestamp() if moment is not None else float(NO_DATE)


class EngagementTableModel(RowTableModel):
    context = "EngagementTableModel"
    columns = (
        Column("案件名", lambda e: e.title),
        Column("事業者", lambda e: e.client_name),
        Column("委託元", lambda e: e.sponsor_name),
        Column("状態", lambda e: enum_label(e.status)),
        Column("方式", lambda e: enum_label(e.scheme)),
        Column("開始", lambda e: ymd(e.start_on), lambda e: _day_key(e.start_on),
               searchable=False),
        Column("終了予定", lambda e: ymd(e.planned_end_on), lambda e: _day_key(e.planned_end_on),
               searchable=False),
        Column("訪問数", lambda e: f"{e.visit_count:,}", lambda e: e.visit_count, numeric=True,
               searchable=False),
        Column("最終訪問", lambda e: ymd(e.last_visit_at), lambda e: _moment_key(e.last_visit_at),
               searchable=False),
    )

    # Column numbers the views refer to.
    TITLE, CLIENT, SPONSOR, STATUS, SCHEME, START, PLANNED_END, VISITS, LAST_VISIT = range(9)

    def engagement_at(self, row: int) -> EngagementSummary:
        summary: EngagementSummary = self.row_at(row)
        return summary


class EngagementFilterProxy(RowFilterProxy):
    """Text filter over 案件名・事業者・委託元・状態・方式, plus a 状態 filter and a
    chosen set of engagements (ホーム's 60日以上訪問のない案件)."""

    _only: frozenset[Any] | None = None

    def set_only(self, engagement_ids: Iterable[Any] | None) -> None:
        """Only these engagements (None: every engagement)."""
        chosen = None if engagement_ids is None else frozenset(engagement_ids)
        self._change_filter(lambda: setattr(self, "_only", chosen))

    @property
    def only(self) -> frozenset[Any] | None:
        return self._only

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if self._only is not None and isinstance(model, EngagementTableModel) \
                and model.engagement_at(source_row).id not in self._only:
            return False
        return super().filterAcceptsRow(source_row, source_parent)

    def set_status(self, status: str | None) -> None:
        """Only engagements with this 状態 label (None: every status)."""
        self.set_exact(EngagementTableModel.STATUS, status)
