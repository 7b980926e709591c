"""ホーム: what needs attention today, for a practitioner between two visits.

The follow-up list holds visits' follow-up dates and next actions agreed in visits that
are overdue or due within a week; Space (or Ctrl+Enter) marks the selected one done.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from companion.ui import ops
from companion.ui.formatting import fiscal_year, wareki
from companion.ui.models.follow_ups import FollowUpTableModel
from companion.ui.models.home_tables import QuietEngagementModel
from companion.ui.views.base import Page
from companion.ui.widgets.common import (
    EmptyState,
    error_style,
    make_table,
    page_title,
    set_column_widths,
    stretch_column,
)

if TYPE_CHECKING:
    from companion.services.home import HomeSummary
    from companion.ui.tasks import DbWorker


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
        self._warning = bool(warn and value)
        self._style_value()
        self.detail_label.setText(detail)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._style_value()
        super().changeEvent(event)

    def _style_value(self) -> None:
        """A warning number in a red that reads on light and dark windows alike."""
        style = error_style(self) if getattr(self, "_warning", False) else ""
        if self.value_label.styleSheet() != style:
            self.value_label.setStyleSheet(style)


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
        self.flags_card = Card(self.tr("利益相反の注意事項"))
        cards = QGridLayout()
        for column, card in enumerate((self.active_card, self.visits_card, self.due_card,
                                       self.overdue_card, self.quiet_card, self.flags_card)):
            cards.addWidget(card, 0, column)
            cards.setColumnStretch(column, 1)

        self.follow_model = FollowUpTableModel(self)
        self.follow_table = make_table()
        self.follow_table.setModel(self.follow_model)
        self.follow_table.activated.connect(self._follow_up_activated)
        self.follow_table.setToolTip(self.tr("Space または Ctrl+Enter で完了、Enter で案件を開く"))
        set_column_widths(self.follow_table, {0: 6, 1: 5, 2: 5, 3: 10, 5: 4})
        stretch_column(self.follow_table, FollowUpTableModel.WHAT)
        for keys in (QKeySequence(Qt.Key.Key_Space),
                     QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return),
                     QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Enter)):
            QShortcut(keys, self.follow_table, self.mark_selected_done,
                      context=Qt.ShortcutContext.WidgetShortcut)
        self.done_button = QPushButton(self.tr("完了にする(Space)"))
        self.done_button.setToolTip(self.tr("選んだフォロー・次のアクションを完了にします(Space / Ctrl+Enter)"))
        self.done_button.clicked.connect(self.mark_selected_done)
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self._keep_row: int | None = None
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
        follow_section = self._section(self.tr("対応が必要なフォロー"), self.follow_stack)
        done_row = QHBoxLayout()
        done_row.addWidget(self.done_label, 1)
        done_row.addWidget(self.done_button)
        follow_section.addLayout(done_row)
        lists.addLayout(follow_section, 3)
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
        self._layout = layout
        self.due_actions: Any = None
        self.behind_kpis: Any = None
        self.flag_panel: Any = None

    def _build_cross_engagement_sections(self) -> None:
        """Plan actions due, KPIs behind target and red flags across engagements.

        Built on the first load, after the window has been painted: their modules
        (home_sections.py, widgets/red_flags.py and the models they show) are not
        needed for the first paint, which they would make slower."""
        if self.due_actions is not None:
            return
        from companion.ui.views.home_sections import BehindKpisSection, DueActionsSection
        from companion.ui.widgets.red_flags import RedFlagPanel

        self.due_actions = DueActionsSection(self.worker)
        self.due_actions.open_engagement.connect(self.open_engagement)
        self.behind_kpis = BehindKpisSection(self.worker)
        self.behind_kpis.open_engagement.connect(self.open_engagement)
        plan_lists = QHBoxLayout()
        plan_lists.addWidget(self.due_actions, 1)
        plan_lists.addWidget(self.behind_kpis, 1)
        self._layout.addLayout(plan_lists, 1)
        # The red flags a reviewer would see, each with its reason (details on 開示).
        self.flag_panel = RedFlagPanel(title=self.tr("利益相反の注意事項"), rows=3)
        self.flag_panel.engagement_requested.connect(self.open_engagement)
        self._layout.addWidget(self.flag_panel)

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
        from companion.services.home import home_summary
        from companion.ui.widgets.red_flags import load_red_flags

        self._build_cross_engagement_sections()
        ops.read(home_summary, today=self.today()).success(self._show).run(self.worker)
        self.due_actions.load(self.today())
        self.behind_kpis.load(self.today())

        def show_flags(flags: Any) -> None:
            self.flag_panel.set_flags(flags)
            self.flags_card.set_value(len(flags), self.tr("詳しくは「開示」へ"), warn=True)

        load_red_flags(self.worker, today=self.today(), on_done=show_flags)

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
        self.done_button.setEnabled(bool(self.follow_model.rowCount()))
        if self._keep_row is not None and self.follow_model.rowCount():
            self.follow_table.setCurrentIndex(self.follow_model.index(
                min(self._keep_row, self.follow_model.rowCount() - 1), 0))
        self._keep_row = None
        self.quiet_model.set_rows(summary.quiet)
        self.quiet_stack.setCurrentWidget(self.quiet_table if summary.quiet else self.no_quiet)
        self.mark_loaded()

    def mark_selected_done(self) -> None:
        """Mark the selected follow-up or next action done (one keystroke: Space)."""
        index = self.follow_table.currentIndex()
        if not index.isValid():
            self.done_label.setText(self.tr("完了にするフォローを選んでください。"))
            return
        from companion.services.visits.follow_ups import mark_follow_up_done

        follow_up = self.follow_model.follow_up_at(index.row())
        row = index.row()
        ops.write(mark_follow_up_done, undo_label=self.tr("フォローを完了"), kind=follow_up.kind,
                  ref_id=follow_up.ref_id) \
            .success(lambda _changed: self._marked(follow_up, row)).run(self.worker)

    def _marked(self, follow_up: Any, row: int) -> None:
        from companion.ui.models.follow_ups import what_label

        self.follow_model.remove_follow_up(follow_up)
        self.done_label.setText(self.tr("「{what}」を完了にしました。").format(
            what=what_label(follow_up)))
        remaining = self.follow_model.rowCount()
        if remaining:
            self.follow_table.setCurrentIndex(self.follow_model.index(min(row, remaining - 1), 0))
        self._keep_row = row  # the next one stays selected after the reload
        self.reload()

    def _follow_up_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_engagement.emit(self.follow_model.engagement_id_at(index.row()))

    def _quiet_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_engagement.emit(self.quiet_model.quiet_at(index.row()).engagement_id)
