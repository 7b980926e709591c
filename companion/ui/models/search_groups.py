"""Search hits grouped by engagement: one row per engagement with its number of hits
(most hits first), and ``すべて`` on top; the results page filters its table by the
group chosen."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject

from companion.ui.models.rows import AnyIndex, Column, RowFilterProxy, RowTableModel

if TYPE_CHECKING:
    from companion.services.search import SearchHit


@dataclass(frozen=True)
class SearchGroup:
    engagement_id: uuid.UUID | None  # None: every engagement
    label: str
    client_name: str
    count: int


def _tr(text: str) -> str:
    return QCoreApplication.translate("SearchGroupModel", text)


def group_hits(hits: list[SearchHit]) -> list[SearchGroup]:
    counts = Counter(hit.engagement_id for hit in hits)
    first: dict[uuid.UUID, SearchHit] = {}
    for hit in hits:
        first.setdefault(hit.engagement_id, hit)
    groups = [SearchGroup(engagement_id, first[engagement_id].engagement_title,
                          first[engagement_id].client_name, count)
              for engagement_id, count in counts.items()]
    groups.sort(key=lambda g: (-g.count, g.client_name))
    everything = SearchGroup(None, _tr("すべての案件"), "", len(hits))
    return [everything, *groups] if hits else []


class SearchGroupModel(RowTableModel):
    context = "SearchGroupModel"
    columns = (
        Column("事業者・案件", lambda g: f"{g.client_name} — {g.label}" if g.client_name else g.label),
        Column("件数", lambda g: f"{g.count:,}", lambda g: g.count, numeric=True),
    )

    def group_at(self, row: int) -> SearchGroup:
        group: SearchGroup = self.row_at(row)
        return group


class EngagementHitProxy(RowFilterProxy):
    """Search hits of one engagement (or of all, with None)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engagement_id: uuid.UUID | None = None

    @property
    def engagement_id(self) -> uuid.UUID | None:
        return self._engagement_id

    def set_engagement(self, engagement_id: uuid.UUID | None) -> None:
        if engagement_id != self._engagement_id:
            self._change_filter(lambda: setattr(self, "_engagement_id", engagement_id))

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if self._engagement_id is not None and isinstance(model, RowTableModel):
            hit = model.row_at(source_row)
            if hit.engagement_id != self._engagement_id:
                return False
        return super().filterAcceptsRow(source_row, source_parent)
