"""ホーム: what needs attention today, for a practitioner between two visits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from companion.ui.formatting import fiscal_year, wareki
from companion.ui.models.home_tables import FollowUpModel, QuietEngagementModel
from companion.ui.views.base import Page
from companion.ui.widgets.common import (
    EmptyState,
    make_table,
    page_title,
    set_column_widths,
    stretch_column,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from companion.services.home import HomeSummary
    from companion.ui.tasks import DbWorker


def load_home(*, session: Session, today: date) -> HomeSummary:
    from companion.services.home import home_summary

    return home_summary(session=session, today=today)


class Card(QFrame):
    """A number and what it counts."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet("QFrame#card { background: palette(base); border: 1px solid palette(mid);"
                           " border-radius: 6px; }")
        self.value_label = QLabel("–")
        font = QFont(self.value_label.font())
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.value_label.setFont(font)
        self.caption_label = QLabel(caption)
        self.caption_label.setWordWrap(True)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.detail_label)
        layout.addStretch(1)

    def set_value(self, value: int, detail: str = "", *, warn: bool = False) -> None:
        self.value_label.setText(f"{value:,}")
        self.value_label.setStyleSheet("color: #c0392b;" if warn and value else "")
        self.detail_label.setText(detail)


class HomePage(Page):
    def __init__(self, worker: DbWorker, *, today: Callable[[], date] = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(worker, parent)
        self.today = today
        self.summary: HomeSummary | None = None
        self.date_label = QLabel()
        self.active_card = Card(self.tr("進行中の案件"))
        self.visits_card = Card(self.tr("今年度の訪問"))
        self.due_card = Card(self.tr("7日以内のフォロー"))
        self.overdue_card = Card(self.tr("期限を過ぎたフォロー"))
        self.quiet_card = Card(self.tr("60日以上訪問のない案件"))
        cards = QGridLayout()
        for column, card in enumerate((self.active_card, self.visits_card, self.due_card,
                                       self.overdue_card, self.quiet_card)):
            cards.addWidget(card, 0, column)
            cards.setColumnStretch(column, 1)

        self.follow_model = FollowUpModel(self)
        self.follow_table = make_table()
        self.follow_table.setModel(self.follow_model)
        self.follow_table.activated.connect(self._follow_up_activated)
        set_column_widths(self.follow_table, {0: 6, 1: 5, 2: 11, 4: 9})
        stretch_column(self.follow_table, 3)
        self.no_follow = EmptyState(self.tr("期限切れ・7日以内のフォローはありません。"))
        self.follow_stack = QStackedLayout()
        self.follow_stack.addWidget(self.follow_table)
        self.follow_stack.addWidget(self.no_follow)

        self.quiet_model = QuietEngagementModel(self)
        self.quiet_table = make_table()
        self.quiet_table.setModel(self.quiet_model)
        self.quiet_table.activated.connect(self._quiet_activated)
        set_column_widths(self.quiet_table, {1: 10, 2: 6})
        stretch_column(self.quiet_table, 0)
        self.no_quiet = EmptyState(self.tr("進行中の案件はどれも60日以内に訪問しています。"))
        self.quiet_stack = QStackedLayout()
        self.quiet_stack.addWidget(self.quiet_table)
        self.quiet_stack.addWidget(self.no_quiet)

        lists = QHBoxLayout()
        lists.addLayout(self._section(self.tr("対応が必要なフォロー"), self.follow_stack), 3)
        lists.addLayout(self._section(self.tr("しばらく訪問していない進行中の案件"),
                                      self.quiet_stack), 2)
        heading = QHBoxLayout()
        heading.addWidget(page_title(self.tr("ホーム")))
        heading.addStretch(1)
        heading.addWidget(self.date_label)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addLayout(cards)
        layout.addSpacing(8)
        layout.addLayout(lists, 1)

    def _section(self, title: str, body: QStackedLayout) -> QVBoxLayout:
        label = QLabel(title)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        section = QVBoxLayout()
        section.addWidget(label)
        section.addLayout(body, 1)
        return section

    def load(self) -> None:
        self.worker.submit(load_home, today=self.today(), on_done=self._show)

    def _show(self, summary: Any) -> None:
        self.summary = summary
        self.date_label.setText(self.tr("今日: {day}・{year}").format(
            day=wareki(summary.today), year=fiscal_year(summary.fiscal_year)))
        self.active_card.set_value(summary.active_engagements, self.tr("全{total}件中").format(
            total=summary.engagements_total))
        self.visits_card.set_value(summary.visits_this_fiscal_year,
                                   fiscal_year(summary.fiscal_year))
        self.due_card.set_value(summary.due_soon_count)
        self.overdue_card.set_value(summary.overdue_count, warn=True)
        self.quiet_card.set_value(len(summary.quiet), warn=True)
        self.follow_model.set_follow_ups(summary.overdue + summary.due_soon, summary.today)
        self.follow_stack.setCurrentWidget(
            self.follow_table if self.follow_model.rowCount() else self.no_follow)
        self.quiet_model.set_rows(summary.quiet)
        self.quiet_stack.setCurrentWidget(self.quiet_table if summary.quiet else self.no_quiet)
        self.mark_loaded()

    def _follow_up_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_engagement.emit(self.follow_model.engagement_id_at(index.row()))

    def _quiet_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_engagement.emit(self.quiet_model.quiet_at(index.row()).engagement_id)
