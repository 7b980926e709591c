"""ホーム: what needs attention today, for a practitioner between two visits.

The follow-up list holds visits' follow-up dates and next actions agreed in visits that
are overdue or due within a week, most urgent first: what is overdue for more than a
month is folded into one row with its count (Enter opens it). Space (or Ctrl+Enter)
marks the selected one done. Each counter card opens the list it counts, filtered.

At start the page shows the figures the last session kept (``load_cached``), marked as
such, while the database opens; the fresh figures replace them (``load``) and are kept
for the next start. The lists across engagements below (plan actions, KPIs, reviewers'
requests, red flags) load after the fresh figures are shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from companion.errors import KnownError
from companion.ui import ops
from companion.ui.formatting import fiscal_year, wareki
from companion.ui.models.follow_ups import FollowUpTableModel
from companion.ui.models.home_follow_ups import HomeFollowUpModel
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
    from companion.services.home_cache import CachedHome
    from companion.services.home_types import HomeSummary
    from companion.ui.tasks import DbWorker

log = logging.getLogger("companion.ui")


class Card(QFrame):
    """A number and what it counts; a click (or Enter / Space on it) opens that list."""

    clicked = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None, *, opens: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet("QFrame#card { background: palette(base); border: 1px solid palette(mid);"
                           " border-radius: 6px; } QFrame#card:focus { border: 2px solid"
                           " palette(highlight); }")
        if opens:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.setToolTip(opens)
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

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)

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
    # What a counter card opens: (list, filter) — ("engagements", "active" | "quiet"),
    # ("visits", "this_year"), ("disclosures", "flags"); the window shows that page.
    list_requested = Signal(str, str)
    new_engagement_requested = Signal()  # 最初の案件を登録
    record_visit = Signal(object)  # 訪問を記録 (None: the form asks which engagement)
    cached_shown = Signal()  # the last session's figures are shown (``load_cached``)

    FOLLOW_ALL, FOLLOW_OVERDUE, FOLLOW_SOON = "all", "overdue", "soon"

    def __init__(self, worker: DbWorker, *, today: Callable[[], date] = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(worker, parent)
        self.today = today
        self.summary: HomeSummary | None = None
        # The figures shown are the last session's (``load_cached``) until ``load`` has
        # shown fresh ones; ``_kept``: the last figures handed to the cache.
        self.showing_cached = False
        self._kept: HomeSummary | None = None
        self._sections_wanted = False
        self._first_read: list[Callable[[], object]] | None = []  # None: it has finished
        self.date_label = QLabel()
        self.cached_note = QLabel()
        self.cached_note.setObjectName("cachedNote")
        self.cached_note.setStyleSheet("QLabel#cachedNote { color: palette(placeholder-text); }")
        self.cached_note.setVisible(False)
        self.active_card = Card(self.tr("進行中の案件"), opens=self.tr("進行中の案件の一覧を開く"))
        self.visits_card = Card(self.tr("今年度の訪問"), opens=self.tr("訪問記録の一覧を開く"))
        self.due_card = Card(self.tr("7日以内のフォロー"),
                             opens=self.tr("7日以内のフォローだけを表示"))
        self.overdue_card = Card(self.tr("期限を過ぎたフォロー"),
                                 opens=self.tr("期限を過ぎたフォローだけを表示"))
        self.quiet_card = Card(self.tr("60日以上訪問のない案件"),
                               opens=self.tr("これらの案件を案件一覧で開く"))
        self.flags_card = Card(self.tr("利益相反の注意事項"), opens=self.tr("「開示」を開く"))
        self.active_card.clicked.connect(lambda: self.list_requested.emit("engagements", "active"))
        self.visits_card.clicked.connect(lambda: self.list_requested.emit("visits", "this_year"))
        self.due_card.clicked.connect(lambda: self.show_follow_ups(self.FOLLOW_SOON))
        self.overdue_card.clicked.connect(lambda: self.show_follow_ups(self.FOLLOW_OVERDUE))
        self.quiet_card.clicked.connect(lambda: self.list_requested.emit("engagements", "quiet"))
        self.flags_card.clicked.connect(lambda: self.list_requested.emit("disclosures", "flags"))
        cards = QGridLayout()
        for column, card in enumerate((self.active_card, self.visits_card, self.due_card,
                                       self.overdue_card, self.quiet_card, self.flags_card)):
            cards.addWidget(card, 0, column)
            cards.setColumnStretch(column, 1)

        self.follow_model = HomeFollowUpModel(self)
        self.follow_model.modelReset.connect(self._span_group)
        self.follow_model.rowsRemoved.connect(self._span_group)
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
        # すべて / 期限切れ / 7日以内: what the follow-up list shows (the cards choose too).
        self.follow_filter = self.FOLLOW_ALL
        self.filter_buttons = QButtonGroup(self)
        filter_row = QHBoxLayout()
        for key, text in ((self.FOLLOW_ALL, self.tr("すべて")),
                          (self.FOLLOW_OVERDUE, self.tr("期限切れ")),
                          (self.FOLLOW_SOON, self.tr("7日以内"))):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setChecked(key == self.FOLLOW_ALL)
            button.setProperty("filter", key)
            button.setFlat(True)
            button.clicked.connect(lambda _checked=False, k=key: self.show_follow_ups(k))
            self.filter_buttons.addButton(button)
            filter_row.addWidget(button)
        filter_row.addStretch(1)
        self.no_follow = QWidget()
        no_follow_layout = QVBoxLayout(self.no_follow)
        self.no_follow_label = EmptyState(self.tr("期限切れ・7日以内のフォローはありません。"))
        self.record_button = QPushButton(self.tr("訪問を記録"))
        self.record_button.setToolTip(self.tr("今日の訪問・相談を記録します(Ctrl+N)"))
        self.record_button.clicked.connect(lambda _checked=False: self.record_visit.emit(None))
        no_follow_layout.addStretch(1)
        no_follow_layout.addWidget(self.no_follow_label)
        no_follow_layout.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignHCenter)
        no_follow_layout.addStretch(1)
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
        follow_section = self._section(self.tr("対応が必要なフォロー"), self.follow_stack,
                                       extra=filter_row)
        done_row = QHBoxLayout()
        done_row.addWidget(self.done_label, 1)
        done_row.addWidget(self.done_button)
        follow_section.addLayout(done_row)
        lists.addLayout(follow_section, 3)
        lists.addLayout(self._section(self.tr("しばらく訪問していない進行中の案件"),
                                      self.quiet_stack), 2)
        heading = QHBoxLayout()
        heading.addWidget(page_title(self.tr("ホーム")))
        heading.addSpacing(12)
        heading.addWidget(self.cached_note)  # beside the title: nothing moves when it goes
        heading.addStretch(1)
        heading.addWidget(self.date_label)
        # A new data folder: no engagement yet. Say what to do first, with the button.
        self.welcome = QFrame()
        self.welcome.setObjectName("welcome")
        self.welcome.setStyleSheet("QFrame#welcome { background: palette(base);"
                                   " border: 1px solid palette(mid); border-radius: 6px; }")
        welcome_text = QLabel(self.tr(
            "ようこそ。まず支援している案件(事業者・委託元・期間)を登録しましょう。"
            "登録した案件ごとに訪問を記録し、計画と指標を管理できます。"))
        welcome_text.setWordWrap(True)
        self.first_engagement_button = QPushButton(self.tr("最初の案件を登録"))
        self.first_engagement_button.clicked.connect(
            lambda _checked=False: self.new_engagement_requested.emit())
        welcome_layout = QHBoxLayout(self.welcome)
        welcome_layout.addWidget(welcome_text, 1)
        welcome_layout.addWidget(self.first_engagement_button)
        self.welcome.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.welcome)
        layout.addLayout(cards)
        layout.addSpacing(8)
        layout.addLayout(lists, 3)  # the follow-ups get the most room
        self._layout = layout
        self.due_actions: Any = None
        self.behind_kpis: Any = None
        self.open_dispositions: Any = None
        self.sync_conflicts: Any = None
        self.flag_panel: Any = None

    def _build_cross_engagement_sections(self) -> None:
        """Plan actions due, KPIs behind target and red flags across engagements.

        Built on the first load, after the window has been painted: their modules
        (home_sections.py, widgets/red_flags.py and the models they show) are not
        needed for the first paint, which they would make slower."""
        if self.due_actions is not None:
            return
        from companion.ui.views.home_sections import (
            BehindKpisSection,
            DueActionsSection,
            OpenDispositionsSection,
            SyncConflictsSection,
        )
        from companion.ui.widgets.red_flags import RedFlagPanel

        self.due_actions = DueActionsSection(self.worker)
        self.due_actions.open_engagement.connect(self.open_engagement)
        self.behind_kpis = BehindKpisSection(self.worker)
        self.behind_kpis.open_engagement.connect(self.open_engagement)
        plan_lists = QHBoxLayout()
        plan_lists.addWidget(self.due_actions, 1)
        plan_lists.addWidget(self.behind_kpis, 1)
        self._layout.addLayout(plan_lists, 2)
        # What a reviewer asked to be done or explained, until it is (shown only then).
        self.open_dispositions = OpenDispositionsSection(self.worker)
        self.open_dispositions.hide()
        self._layout.addWidget(self.open_dispositions, 1)
        # Texts both synced devices edited, records brought back (shown only then).
        self.sync_conflicts = SyncConflictsSection(self.worker)
        self._layout.addWidget(self.sync_conflicts, 1)
        # The red flags a reviewer would see, each with its reason (details on 開示).
        self.flag_panel = RedFlagPanel(title=self.tr("利益相反の注意事項"), rows=3)
        self.flag_panel.engagement_requested.connect(self.open_engagement)
        self._layout.addWidget(self.flag_panel)

    def show_sync_conflicts(self) -> None:
        """The 同期の競合 list, with the focus on it (競合 n件 in the status bar)."""
        if self.sync_conflicts is None:
            self.ensure_loaded()
            return
        self.sync_conflicts.focus_list()

    def _section(self, title: str, body: QStackedLayout, *,
                 extra: QHBoxLayout | None = None) -> QVBoxLayout:
        label = QLabel(title)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        section = QVBoxLayout()
        if extra is not None:
            extra.insertWidget(0, label)
            extra.insertSpacing(1, 12)
            section.addLayout(extra)
        else:
            section.addWidget(label)
        section.addLayout(body, 1)
        return section

    def load_cached(self, read: Callable[[], CachedHome | None], *,
                    then: Callable[[], object] | None = None) -> None:
        """Before the database opens: show the figures the last session kept, as ``read``
        gives them on the database worker (None: nothing is shown); then, once they are
        painted (or there were none), ``then``."""
        def shown(cached: CachedHome | None) -> None:
            self._show_cached(cached)
            if then is not None:
                then()

        def failed(error: BaseException) -> None:
            log.warning("ホーム's cached figures: %r", error)
            if then is not None:
                then()

        ops.in_order(read).success(shown).failure(failed).run(self.worker)

    def _show_cached(self, cached: CachedHome | None) -> None:
        if cached is None or self.has_data:  # the fresh figures came first: keep them
            return
        self.showing_cached = True
        saved = cached.saved_at.astimezone()
        self.cached_note.setText(self.tr(
            "前回終了時の表示です({month}月{day}日 {time}時点) — 最新の内容を読み込み中…").format(
            month=saved.month, day=saved.day, time=saved.strftime("%H:%M")))
        self.cached_note.setVisible(True)
        self._fill(cached.summary)  # 完了にする waits: its rows may be done already
        self.cached_shown.emit()
        self.repaint()  # now: the opening's work on this thread comes next

    def load_early(self, read: Callable[[], HomeSummary | None]) -> None:
        """Before the database is opened the ordinary way: the fresh figures as ``read``
        gives them on the database worker (the folder read with the driver alone),
        shown as ``load`` shows them; None (it cannot be read so) leaves them to ``load``."""
        ops.in_order(read).named("home_early").success(self._show_early) \
            .failure(self._early_failed).run(self.worker)

    def _show_early(self, summary: HomeSummary | None) -> None:
        if summary is not None and not self.has_data:
            self._show(summary)

    def _early_failed(self, error: BaseException) -> None:
        if isinstance(error, KnownError):  # the opening that follows says what is wrong
            log.info("ホーム's early read: %s", error)
        else:
            self.worker.report_error(error)

    def load(self) -> None:
        # Read without a Session: the ORM and the model classes are not imported for it
        # (services/home.py), so ホーム's figures do not wait for them at start.
        from companion.services.home import home_figures

        self._build_cross_engagement_sections()
        ops.on_database(home_figures, today=self.today()).success(self._show) \
            .failure(self._fresh_failed).run(self.worker)
        if self.has_data:  # a reload: the lists with the figures, as they changed together
            self._load_sections()
        else:  # the first load: the lists after ホーム's own figures have been shown
            self._sections_wanted = True

    def after_first_read(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once ホーム's first fresh read has been shown (or has failed),
        on a later turn of the event loop: what follows the opening of the database and
        imports its code on this thread (backups, sync) does not hold the figures back."""
        if self._first_read is None:
            callback()
        else:
            self._first_read.append(callback)

    def _first_read_done(self) -> None:
        waiting, self._first_read = self._first_read, None
        if waiting is not None:
            self.repaint()  # the figures first: the callbacks' work would delay the paint
        for callback in waiting or []:
            QTimer.singleShot(0, callback)

    def _fresh_failed(self, error: BaseException) -> None:
        self.worker.report_error(error)
        self._first_read_done()
        self._load_sections_later()

    def _load_sections_later(self) -> None:
        if self._sections_wanted:
            self._sections_wanted = False
            # After this event: the fresh figures are painted before the lists' code
            # is imported and their queries queued.
            QTimer.singleShot(0, self._load_sections)

    def _load_sections(self) -> None:
        from companion.ui.widgets.red_flags import load_red_flags

        self.due_actions.load(self.today())
        self.behind_kpis.load(self.today())
        self.open_dispositions.load(self.today())
        self.sync_conflicts.load()

        def show_flags(flags: Any) -> None:
            self.flag_panel.set_flags(flags)
            self.flags_card.set_value(len(flags), self.tr("詳しくは「開示」へ"), warn=True)

        load_red_flags(self.worker, today=self.today(), on_done=show_flags)

    def _show(self, summary: HomeSummary) -> None:
        self.showing_cached = False
        self.cached_note.setVisible(False)
        self._fill(summary)
        self.mark_loaded()
        if summary != self._kept:  # kept for the next start (on the worker, in order)
            from companion.services.home_cache import keep_home

            self._kept = summary
            # Queued after the opening (an early read comes before it); if that fails,
            # nothing is kept and the opening's own error is what the user reads.
            ops.on_database(keep_home, summary=summary) \
                .failure(lambda error: log.info("ホーム's figures not kept: %s", error)) \
                .run(self.worker)
        self._first_read_done()
        self._load_sections_later()

    def _fill(self, summary: HomeSummary) -> None:
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
        first_day = summary.engagements_total == 0
        self.welcome.setVisible(first_day)
        self.record_button.setVisible(not first_day)  # a visit needs an engagement first
        self.no_quiet.setText(self.tr("進行中の案件はまだありません。") if not summary.active_engagements
                              else self.tr("進行中の案件はどれも60日以内に訪問しています。"))
        self._fill_follow_ups()
        if self._keep_row is not None and self.follow_model.rowCount():
            self.follow_table.setCurrentIndex(self.follow_model.index(
                min(self._keep_row, self.follow_model.rowCount() - 1), 0))
        self._keep_row = None
        self.quiet_model.set_rows(summary.quiet)
        self.quiet_stack.setCurrentWidget(self.quiet_table if summary.quiet else self.no_quiet)

    # -- the follow-up list --------------------------------------------------------------

    def _fill_follow_ups(self) -> None:
        """The summary's follow-ups as the filter asks: overdue up to a month and due
        this week by date, then what is overdue longer in one group."""
        summary = self.summary
        if summary is None:
            return
        long = [f for f in summary.overdue if summary.is_long_overdue(f)]
        recent = [f for f in summary.overdue if not summary.is_long_overdue(f)]
        if self.follow_filter == self.FOLLOW_OVERDUE:
            soon: list[Any] = []
        else:
            soon = list(summary.due_soon)
        if self.follow_filter == self.FOLLOW_SOON:
            recent, long, long_count = [], [], 0
        else:
            long_count = summary.long_overdue_count
        if self.follow_filter == self.FOLLOW_OVERDUE:
            self.follow_model.expanded = True  # asked for what is overdue: all of it
        from companion.services.home_types import LONG_OVERDUE_DAYS

        self.follow_model.set_home(recent=recent + soon, long=long, long_count=long_count,
                                   days=LONG_OVERDUE_DAYS, today=summary.today)
        has_rows = bool(self.follow_model.rowCount())
        self.follow_stack.setCurrentWidget(self.follow_table if has_rows else self.no_follow)
        self.no_follow_label.setText(
            self.tr("期限切れ・7日以内のフォローはありません。")
            if self.follow_filter == self.FOLLOW_ALL
            else self.tr("期限を過ぎたフォローはありません。")
            if self.follow_filter == self.FOLLOW_OVERDUE
            else self.tr("7日以内のフォローはありません。"))
        self.done_button.setEnabled(has_rows and not self.showing_cached)

    def show_follow_ups(self, which: str) -> None:
        """Show all follow-ups, only the overdue or only those due within a week (the
        cards choose this), with the focus on the list."""
        self.follow_filter = which
        if which == self.FOLLOW_ALL:
            self.follow_model.expanded = False  # the long-overdue group folded again
        for button in self.filter_buttons.buttons():
            button.setChecked(button.property("filter") == which)
        self._fill_follow_ups()
        if self.follow_model.rowCount():
            self.follow_table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.follow_table.setCurrentIndex(self.follow_model.index(0, 0))

    def _span_group(self, *_args: Any) -> None:
        self.follow_table.clearSpans()
        row = self.follow_model.group_row()
        if row is not None:
            self.follow_table.setSpan(row, 0, 1, self.follow_model.columnCount())

    def toggle_long_overdue(self) -> None:
        """Open or fold the group of follow-ups overdue for more than a month."""
        self.follow_model.set_expanded(not self.follow_model.expanded)
        row = self.follow_model.group_row()
        if row is not None:
            self.follow_table.setCurrentIndex(self.follow_model.index(row, 0))

    def mark_selected_done(self) -> None:
        """Mark the selected follow-up or next action done (one keystroke: Space)."""
        index = self.follow_table.currentIndex()
        if self.showing_cached:
            self.done_label.setText(self.tr("最新の内容を読み込んでいます。表示が変わってから完了にしてください。"))
            return
        if not index.isValid():
            self.done_label.setText(self.tr("完了にするフォローを選んでください。"))
            return
        if self.follow_model.is_group(index.row()):
            self.toggle_long_overdue()
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
        if not index.isValid():
            return
        if self.follow_model.is_group(index.row()):
            self.toggle_long_overdue()
        else:
            self.open_engagement.emit(self.follow_model.engagement_id_at(index.row()))

    def _quiet_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_engagement.emit(self.quiet_model.quiet_at(index.row()).engagement_id)
