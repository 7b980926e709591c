"""The main window: a navigation rail, the pages, a search box, menus, a status bar.

The window is shown before the database is open (``open_data`` opens it on the
worker); pages load their data the first time they are shown after that. Geometry and
state are kept in ``ui.ini`` inside the data folder, so a second profile (or a test)
keeps its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QToolBar,
    QWidget,
)

from companion.errors import KnownError
from companion.paths import DataPaths
from companion.settings import Settings
from companion.ui import ops
from companion.ui.backup_scheduler import BackupScheduler
from companion.ui.sync_watcher import BackgroundSync, SyncStatusBar
from companion.ui.tasks import DbWorker
from companion.ui.views.base import Page
from companion.ui.views.home import HomePage
from companion.ui.views.visits import VisitCommands

if TYPE_CHECKING:
    import uuid

    from companion.ui.views.disclosures import DisclosuresPage
    from companion.ui.views.engagement_detail import EngagementDetailPage
    from companion.ui.views.engagements import EngagementsPage
    from companion.ui.views.reviews import ReviewsPage
    from companion.ui.views.search_results import SearchResultsPage
    from companion.ui.views.settings import SettingsPage
    from companion.ui.views.visits import VisitsPage

log = logging.getLogger("companion.ui")

UI_SETTINGS_FILE = "ui.ini"
LOG_FILE_NAME = "companion.log"
HISTORY_LIMIT = 50
MINIMUM_SIZE = QSize(760, 520)
DEFAULT_SIZE = QSize(1280, 800)


def log_file_of(paths: DataPaths) -> Path:
    return paths.logs / LOG_FILE_NAME


class MainWindow(QMainWindow):
    """Companion's one window."""

    ready = Signal()  # the first screen (ホーム) shows its data
    database_opened = Signal()
    replaced = Signal(object)  # the MainWindow that took this one's place (set_language)
    settings_changed = Signal(str)  # a setting's key; its value is in ``settings``

    HOME, ENGAGEMENTS, VISITS, DISCLOSURES, REVIEWS, SETTINGS, DETAIL, SEARCH = range(8)
    NAV_ROWS = 6

    def __init__(self, *, paths: DataPaths, worker: DbWorker, settings: Settings | None = None,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.worker = worker
        self.today = today
        # The data folder's settings, in memory: made once (app.py hands over the one it
        # read the language from; a rebuilt window gets its predecessor's) and handed to
        # whoever reads a setting. Each change reaches ``settings_changed``.
        self.settings = settings if settings is not None else Settings(paths.settings_file)
        self._unsubscribe_settings = self.settings.subscribe(self._relay_setting)
        self.settings_changed.connect(self._setting_changed)
        # Automatic backups after changes and on close (its clock: ``backups.now``).
        self.backups = BackupScheduler(worker, paths=paths, settings=self.settings, parent=self)
        self.settings_changed.connect(self.backups.setting_changed)
        self.backups.restored.connect(self._reload_after_restore)
        self.backups.backup_failed.connect(lambda message: self.statusBar().showMessage(
            self.tr("バックアップに失敗しました: {error}").format(error=message), 15_000))
        self.database_opened.connect(self.backups.start)
        # Sync through a shared folder (issue #20): in the background, in the status bar.
        self.sync = BackgroundSync(worker, parent=self)
        self.sync.data_arrived.connect(self._reload_after_sync)
        self.database_opened.connect(self.sync.start)
        self.database_open = False
        self._ready_sent = False
        self._history: list[QWidget] = []
        # Undo / redo (編集 menu): every write's change set, held below the UI
        # (services/undo.py UndoStack, made when the first edit arrives).
        self._undo_stack: Any = None
        self._replaying = False  # an undo or redo is running on the worker
        self._waiting_to_close = False  # closeEvent waits for the exit backup
        self._refresh_queued = False
        self.setWindowTitle(self.tr("Companion — 伴走支援"))
        # An explicit minimum keeps the layout from resizing the top-level window's
        # constraints after it is shown (and is the smallest size that stays readable).
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(DEFAULT_SIZE)

        # Only the first screen is built before the first paint; every other page (and
        # its module) when it is first shown.
        self._pages: dict[int, Page] = {}
        # 訪問を記録 (Ctrl+N), drafts, the ledger; connects the pages that open visit forms.
        self.visit_commands = VisitCommands(self, worker, today=today)
        self.stack = QStackedWidget()
        self.home = HomePage(worker, today=today)
        self._add_page(self.HOME, self.home)
        self.home.loaded.connect(self._home_loaded)
        nav_labels = [self.tr("ホーム"), self.tr("案件"), self.tr("訪問記録"), self.tr("開示"),
                      self.tr("レビュー"), self.tr("設定")]

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(self.fontMetrics().horizontalAdvance("国") * 7 + 40)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(2)
        self.nav.setStyleSheet("QListWidget#navigation { border: none; background: palette(window); }"
                               " QListWidget#navigation::item { padding: 8px 6px; }")
        icons = [QStyle.StandardPixmap.SP_DirHomeIcon, QStyle.StandardPixmap.SP_FileDialogListView,
                 QStyle.StandardPixmap.SP_FileDialogDetailedView,
                 QStyle.StandardPixmap.SP_MessageBoxInformation,
                 QStyle.StandardPixmap.SP_DialogApplyButton,
                 QStyle.StandardPixmap.SP_FileDialogInfoView]
        for label, icon in zip(nav_labels, icons, strict=True):
            QListWidgetItem(self.style().standardIcon(icon), label, self.nav)
        self.nav.currentRowChanged.connect(self._nav_row_changed)
        # The current row (unselected under the search results) still opens its page.
        self.nav.itemClicked.connect(lambda item: self._nav_row_changed(self.nav.row(item)))
        self.nav.itemActivated.connect(lambda item: self._nav_row_changed(self.nav.row(item)))

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_toolbar()
        self._build_menus(nav_labels)
        self._build_status_bar()
        worker.busy_changed.connect(self._busy_changed)
        worker.known_error_handler = self.show_known_error
        worker.data_changed.connect(self._data_changed)

        self._ui_settings = QSettings(str(paths.root / UI_SETTINGS_FILE),
                                      QSettings.Format.IniFormat)
        self._restore_window_state()
        self.nav.setCurrentRow(self.HOME)

    # -- pages, built when first needed ------------------------------------------------

    def _add_page(self, key: int, page: Page) -> Page:
        self._pages[key] = page
        self.stack.addWidget(page)
        page.open_engagement.connect(self.open_engagement)
        self.visit_commands.attach_page(page)
        new_engagement = getattr(page, "new_engagement_requested", None)  # empty states
        if new_engagement is not None:
            new_engagement.connect(self.new_engagement)
        lists = getattr(page, "list_requested", None)  # ホーム's counter cards
        if lists is not None:
            lists.connect(self.open_list)
        return page

    def open_list(self, kind: str, which: str) -> None:
        """Show a list filtered as a ホーム card asks: ("engagements", "active" | "quiet"),
        ("visits", ...), ("disclosures", ...)."""
        if kind == "engagements":
            from companion.domain.enums import EngagementStatus

            self.show_page(self.ENGAGEMENTS)
            summary = self.home.summary
            if which == "quiet" and summary is not None:
                self.engagements.show_only([q.engagement_id for q in summary.quiet],
                                           self.tr("60日以上訪問のない進行中の案件"))
            else:
                self.engagements.show_status(EngagementStatus.ACTIVE)
        elif kind == "visits":
            from companion.domain.calendar import fiscal_year_of

            self.show_page(self.VISITS)
            self.visits.show_fiscal_year(fiscal_year_of(self.today()) if which == "this_year"
                                         else None)
        elif kind == "disclosures":
            self.show_page(self.DISCLOSURES)

    def page(self, key: int) -> Page:
        """The page for a navigation row (HOME … SETTINGS) or DETAIL / SEARCH."""
        existing = self._pages.get(key)
        if existing is not None:
            return existing
        page: Page
        if key == self.ENGAGEMENTS:
            from companion.ui.views.engagements import EngagementsPage
            page = EngagementsPage(self.worker)
        elif key == self.VISITS:
            from companion.ui.views.visits import VisitsPage
            page = VisitsPage(self.worker, today=self.today)
        elif key == self.DISCLOSURES:
            from companion.ui.views.disclosures import DisclosuresPage
            page = DisclosuresPage(self.worker, today=self.today)
        elif key == self.REVIEWS:
            from companion.ui.views.reviews import ReviewsPage
            page = ReviewsPage(self.worker, paths=self.paths, settings=self.settings,
                               today=self.today)
        elif key == self.SETTINGS:
            from companion.ui.views.settings import SettingsPage
            settings_page = SettingsPage(self.worker, paths=self.paths, settings=self.settings,
                                         log_file=log_file_of(self.paths), backups=self.backups,
                                         sync=self.sync)
            settings_page.language_chosen.connect(self.set_language)
            self.settings_changed.connect(settings_page.show_setting)
            page = settings_page
        elif key == self.DETAIL:
            from companion.ui.views.engagement_detail import EngagementDetailPage
            detail = EngagementDetailPage(self.worker, today=self.today, paths=self.paths,
                                         settings=self.settings)
            detail.back_requested.connect(self.go_back)
            detail.loaded.connect(self._update_title)
            detail.wareki_source = self.use_wareki
            page = detail
        elif key == self.SEARCH:
            from companion.ui.views.search_results import SearchResultsPage
            page = SearchResultsPage(self.worker)
        else:
            raise KeyError(key)
        return self._add_page(key, page)

    @property
    def engagements(self) -> EngagementsPage:
        return self.page(self.ENGAGEMENTS)  # type: ignore[return-value]

    @property
    def visits(self) -> VisitsPage:
        return self.page(self.VISITS)  # type: ignore[return-value]

    @property
    def disclosures(self) -> DisclosuresPage:
        return self.page(self.DISCLOSURES)  # type: ignore[return-value]

    @property
    def reviews(self) -> ReviewsPage:
        return self.page(self.REVIEWS)  # type: ignore[return-value]

    @property
    def settings_page(self) -> SettingsPage:
        return self.page(self.SETTINGS)  # type: ignore[return-value]

    @property
    def detail(self) -> EngagementDetailPage:
        return self.page(self.DETAIL)  # type: ignore[return-value]

    @property
    def search_results(self) -> SearchResultsPage:
        return self.page(self.SEARCH)  # type: ignore[return-value]

    def _key_of(self, page: QWidget) -> int | None:
        return next((key for key, known in self._pages.items() if known is page), None)

    # -- building -------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("メインツールバー"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchBox")
        self.search_edit.setPlaceholderText(self.tr("検索(Ctrl+F)…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 20)
        self.search_edit.setToolTip(self.tr(
            "訪問記録・案件・計画を全文検索します。空白で区切った語はすべて含むものを探します。"))
        self.search_edit.returnPressed.connect(self.run_search)
        toolbar.addWidget(self.search_edit)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    def _build_menus(self, nav_labels: list[str]) -> None:
        file_menu = self.menuBar().addMenu(self.tr("ファイル(&F)"))
        self.new_engagement_action = QAction(self.tr("新しい案件…"), self)
        self.new_engagement_action.setShortcut(
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_A))
        self.new_engagement_action.triggered.connect(lambda _checked=False: self.new_engagement())
        self.new_client_action = QAction(self.tr("新しい事業者…"), self)
        self.new_client_action.triggered.connect(lambda _checked=False: self.new_client())
        self.new_sponsor_action = QAction(self.tr("新しい委託元…"), self)
        self.new_sponsor_action.triggered.connect(lambda _checked=False: self.new_sponsor())
        for action in (self.new_engagement_action, self.new_client_action,
                       self.new_sponsor_action):
            file_menu.addAction(action)
        self.sponsor_targets_action = QAction(self.tr("委託元の目標…"), self)
        self.sponsor_targets_action.setToolTip(
            self.tr("委託元が年度ごとに決めた目標（延べ相談件数など）を入力する"))
        self.sponsor_targets_action.triggered.connect(
            lambda _checked=False: self.open_sponsor_targets())
        file_menu.addAction(self.sponsor_targets_action)
        file_menu.addSeparator()
        self.import_action = QAction(self.tr("取り込み…"), self)
        self.import_action.setShortcut(
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_I))
        self.import_action.setToolTip(self.tr("Excel・CSV の事業者一覧や訪問記録を取り込む"))
        self.import_action.triggered.connect(lambda _checked=False: self.import_records())
        file_menu.addAction(self.import_action)
        # 案件の引き継ぎ (docs/referral.md): a package from another centre, and the card to
        # hand out so that one can be made for this practitioner.
        self.import_referral_action = QAction(self.tr("引き継ぎパッケージを取り込む…"), self)
        self.import_referral_action.setToolTip(
            self.tr("別のセンター・支援者から届いた案件を、新しい案件として取り込む"))
        self.import_referral_action.triggered.connect(lambda _checked=False: self.import_referral())
        file_menu.addAction(self.import_referral_action)
        self.contact_card_action = QAction(self.tr("連絡先カードを書き出す…"), self)
        self.contact_card_action.setToolTip(
            self.tr("引き継ぎパッケージを受け取るためのカード(氏名・所属・公開鍵)を書き出す"))
        self.contact_card_action.triggered.connect(
            lambda _checked=False: self.export_contact_card())
        file_menu.addAction(self.contact_card_action)
        file_menu.addSeparator()
        self.reload_action = QAction(self.tr("再読み込み"), self)
        self.reload_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.reload_action.triggered.connect(self.reload_current)
        file_menu.addAction(self.reload_action)
        self.open_bundle_action = QAction(self.tr("レビューバンドルを開く…"), self)
        self.open_bundle_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.open_bundle_action.triggered.connect(self.open_review_bundle)
        file_menu.addAction(self.open_bundle_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("終了"), self)
        quit_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu(self.tr("編集(&E)"))
        self.undo_action = QAction(self.tr("元に戻す"), self)
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.triggered.connect(lambda _checked=False: self.undo())
        self.redo_action = QAction(self.tr("やり直し"), self)
        self.redo_action.setShortcuts([
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_Z),
            QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Y)])
        self.redo_action.triggered.connect(lambda _checked=False: self.redo())
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        self._update_undo_actions()

        self.visit_commands.add_menu(self.menuBar())

        view_menu = self.menuBar().addMenu(self.tr("表示(&V)"))
        self.page_actions: list[QAction] = []
        for number, label in enumerate(nav_labels):
            action = QAction(label, self)
            action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key(Qt.Key.Key_1 + number)))
            action.triggered.connect(lambda _checked=False, row=number: self.show_page(row))
            view_menu.addAction(action)
            self.page_actions.append(action)
        view_menu.addSeparator()
        find_action = QAction(self.tr("検索"), self)
        find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        find_action.triggered.connect(self.focus_search)
        view_menu.addAction(find_action)
        self.back_action = QAction(self.tr("戻る"), self)
        self.back_action.setShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left))
        self.back_action.triggered.connect(self.go_back)
        self.back_action.setEnabled(False)
        view_menu.addAction(self.back_action)
        view_menu.addSeparator()
        self._build_language_menu(view_menu)

        help_menu = self.menuBar().addMenu(self.tr("ヘルプ(&H)"))
        from companion.ui.dialogs.help import GETTING_STARTED, REVIEW_BUNDLE, VISITS

        self.help_actions: dict[str, QAction] = {}
        for topic, label in ((GETTING_STARTED, self.tr("はじめに")),
                             (VISITS, self.tr("訪問を記録する")),
                             (REVIEW_BUNDLE, self.tr("第三者レビュー用バンドル"))):
            action = QAction(label, self)
            action.triggered.connect(lambda _checked=False, t=topic: self.show_help(t))
            help_menu.addAction(action)
            self.help_actions[topic] = action
        self.help_actions[GETTING_STARTED].setShortcut(
            QKeySequence(QKeySequence.StandardKey.HelpContents))
        help_menu.addSeparator()
        about_action = QAction(self.tr("Companion について"), self)
        about_action.setMenuRole(QAction.MenuRole.AboutRole)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    def _build_status_bar(self) -> None:
        self.loading_label = QLabel(self.tr("読み込み中…"))
        self.counts_label = QLabel()
        self.folder_label = QLabel(self.tr("データフォルダ: {folder}").format(folder=self.paths.root))
        self.folder_label.setToolTip(str(self.paths.database))
        bar = self.statusBar()
        bar.addWidget(self.loading_label)
        self.sync_status = SyncStatusBar(self.sync)
        self.sync_status.conflicts_requested.connect(self.show_sync_conflicts)
        self.sync_status.settings_requested.connect(self.show_sync_settings)
        bar.addPermanentWidget(self.sync_status)
        bar.addPermanentWidget(self.counts_label)
        bar.addPermanentWidget(self.folder_label)

    # -- opening the data -------------------------------------------------------------

    def open_data(self, opener: Callable[[], Any], *,
                  on_error: Callable[[BaseException], None] | None = None) -> None:
        """Open the database on the worker with ``opener()``, then load the pages."""
        self.loading_label.setText(self.tr("データを開いています…"))
        self.worker.open(opener, on_done=self._database_ready, on_error=on_error)

    def _database_ready(self, _database: Any) -> None:
        self.database_open = True
        self.loading_label.setText(self.tr("読み込み中…"))
        current = self.stack.currentWidget()
        if isinstance(current, Page):
            current.ensure_loaded()
        self.home.ensure_loaded()
        # What follows the opening (backups, sync, drafts left by a crash) imports its
        # code on this thread and queues reads: after ホーム's figures, not before them.
        self.home.after_first_read(self.database_opened.emit)
        self.home.after_first_read(self.visit_commands.database_ready)

    def _home_loaded(self) -> None:
        summary = self.home.summary
        if summary is not None:
            self.counts_label.setText(self.tr("案件 {engagements}件・訪問記録 {visits}件").format(
                engagements=f"{summary.engagements_total:,}", visits=f"{summary.visits_total:,}"))
        if not self._ready_sent:
            self._ready_sent = True
            log.info("first screen shown")
            self.ready.emit()

    # -- navigation -------------------------------------------------------------------

    def show_page(self, row: int) -> None:
        """Show one of the navigation pages (0 = ホーム … 5 = 設定)."""
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # -> _nav_row_changed
        else:
            self._go_to(self.page(row))

    def _nav_row_changed(self, row: int) -> None:
        if 0 <= row < self.NAV_ROWS:
            self._go_to(self.page(row))

    def _go_to(self, page: QWidget, *, remember: bool = True) -> None:
        current = self.stack.currentWidget()
        if current is page:
            return
        if remember and current is not None:
            self._history = [*self._history, current][-HISTORY_LIMIT:]
        self.stack.setCurrentWidget(page)
        self._sync_nav(page)
        self._update_title()
        self.back_action.setEnabled(bool(self._history))
        if self.database_open and isinstance(page, Page):
            page.ensure_loaded()

    def _sync_nav(self, page: QWidget) -> None:
        """Mark the page in the rail; search results belong to no entry: the rail keeps
        its current row (a rail without one would jump to ホーム when it got the focus)
        but shows it unselected, and a click on it still opens its page. An engagement's
        page stays under the entry it was opened from, or under 案件 when opened from
        the search."""
        key = self._key_of(page)
        if key is not None and key < self.NAV_ROWS:
            row = key
        elif key == self.SEARCH:
            self.nav.blockSignals(True)
            if self.nav.currentRow() < 0:
                self.nav.setCurrentRow(self.HOME)
            self.nav.clearSelection()
            self.nav.blockSignals(False)
            return
        elif key == self.DETAIL and not self.nav.selectedItems():
            row = self.ENGAGEMENTS
        else:
            return
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(row)
        self.nav.item(row).setSelected(True)
        self.nav.blockSignals(False)

    def current_page(self) -> QWidget:
        page = self.stack.currentWidget()
        assert page is not None  # the stack holds every page from the start
        return page

    def go_back(self) -> None:
        if not self._history:
            return
        *self._history, previous = self._history
        self._go_to(previous, remember=False)

    def open_engagement(self, engagement_id: uuid.UUID) -> None:
        self.detail.show_engagement(engagement_id)
        self._go_to(self.detail)

    def reload_current(self) -> None:
        page = self.stack.currentWidget()
        if self.database_open and isinstance(page, Page):
            page.reload()

    # -- search -------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def run_search(self) -> None:
        query = self.search_edit.text().strip()
        if not query:
            self.statusBar().showMessage(self.tr("検索語を入力してください。"), 4000)
            return
        if not self.database_open:
            self.statusBar().showMessage(self.tr("データを開いてから検索してください。"), 4000)
            return
        self.search_results.search(query)
        self._go_to(self.search_results)

    # -- messages ------------------------------------------------------------------------

    def _busy_changed(self, busy: bool) -> None:
        self.loading_label.setVisible(busy)

    def show_known_error(self, error: KnownError) -> None:
        """A problem the user can act on: a message that does not block the window."""
        from companion.ui.dialogs.message import MessageDialog
        from companion.ui.i18n import known_error_texts

        message, hint = known_error_texts(error)
        box = MessageDialog(title=self.tr("Companion"), text=message, hint=hint, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def open_review_bundle(self) -> None:
        """Reviewer mode: read and answer a practitioner's bundle (no database needed)."""
        from companion.ui.views.reviewer_mode import choose_and_open_bundle

        choose_and_open_bundle(self, worker=self.worker, paths=self.paths, today=self.today)

    # -- engagements, clients, sponsors (engagement_editor.py) ---------------------------

    def use_wareki(self) -> bool:
        """設定「和暦で表示」: fiscal years as 令和7年度 (or 2025年度)."""
        return bool(self.settings.get("wareki"))

    # -- settings ------------------------------------------------------------------------

    def _relay_setting(self, key: str, _value: object) -> None:
        """``Settings`` calls this (no Qt below the window); it becomes a signal."""
        if not shiboken6.isValid(self):  # deleted without being told: stop listening
            self._unsubscribe_settings()
            return
        self.settings_changed.emit(key)

    def _setting_changed(self, key: str) -> None:
        if key == "language":
            self._check_language_action(str(self.settings.get("language")))
        elif key == "wareki":  # fiscal years are shown on the engagement's page
            detail = self._pages.get(self.DETAIL)
            if detail is not None and detail.has_data:
                detail.reload()

    def new_engagement(self) -> QWidget | None:
        if not self.database_open:
            self.statusBar().showMessage(self.tr("データを開いてから操作してください。"), 4000)
            return None
        from companion.ui.views.engagement_editor import EngagementDialog

        dialog = EngagementDialog(self.worker, today=self.today, parent=self,
                                  default_sponsor=str(self.settings.get("default_sponsor")))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.open_engagement)
        dialog.open()
        return dialog

    def new_client(self) -> QWidget | None:
        if not self.database_open:
            return None
        from companion.ui.views.engagement_editor import ClientDialog

        dialog = ClientDialog(self.worker, today=self.today, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def new_sponsor(self) -> QWidget | None:
        if not self.database_open:
            return None
        from companion.ui.views.engagement_editor import SponsorDialog

        dialog = SponsorDialog(self.worker, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_sponsor_targets(self) -> QWidget | None:
        """ファイル → 委託元の目標…: the sponsors' own yearly targets, in one undo step."""
        if not self.database_open:
            self.statusBar().showMessage(self.tr("データを開いてから操作してください。"), 4000)
            return None
        from companion.ui.dialogs.sponsor_targets import open_sponsor_targets

        dialog = open_sponsor_targets(
            self, worker=self.worker, today=self.today, wareki=self.use_wareki(),
            flat_band_percent=float(self.settings.get("flat_band_percent")))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return dialog

    def import_records(self) -> QWidget | None:
        """ファイル → 取り込み…: clients or visit logs from Excel or CSV, in one undo step."""
        if not self.database_open:
            self.statusBar().showMessage(self.tr("データを開いてから操作してください。"), 4000)
            return None
        from companion.ui.dialogs.record_import import RecordImportDialog

        dialog = RecordImportDialog(self.worker, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda message: self.statusBar().showMessage(message, 15_000))
        dialog.open()
        return dialog

    def import_referral(self) -> QWidget | None:
        """ファイル → 引き継ぎパッケージを取り込む…: a case from another centre, previewed
        (sender, contents, what was withheld), then a new engagement in one undo step."""
        if not self.database_open:
            self.statusBar().showMessage(self.tr("データを開いてから操作してください。"), 4000)
            return None
        from companion.ui.dialogs.referral_import import ReferralImportDialog

        dialog = ReferralImportDialog(self.worker, today=self.today, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda result: self.open_engagement(result.engagement_id))
        dialog.open()
        return dialog

    def export_contact_card(self) -> QWidget | None:
        """ファイル → 連絡先カードを書き出す…: the card another centre makes packages to."""
        if not self.database_open:
            self.statusBar().showMessage(self.tr("データを開いてから操作してください。"), 4000)
            return None
        from companion.ui.dialogs.referral_import import ContactCardDialog

        dialog = ContactCardDialog(worker=self.worker, paths=self.paths, settings=self.settings,
                                   parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- undo / redo ---------------------------------------------------------------------

    @property
    def undo_stack(self) -> Any:
        """The UndoStack (services/undo.py), imported once the data is open."""
        if self._undo_stack is None:
            from companion.services.undo import UndoStack

            self._undo_stack = UndoStack()
        return self._undo_stack

    def _data_changed(self, label: str, change_set: object) -> None:
        """A write finished: remember it for undo (not an autosave, not an undo itself),
        and refresh the lists that show engagements."""
        from companion.ui.tasks import is_autosave

        if is_autosave(label):
            return
        if not self._replaying:
            self.undo_stack.record(label, change_set)
            self._update_undo_actions()
        if not self._refresh_queued:
            self._refresh_queued = True
            QTimer.singleShot(0, self._refresh_lists)

    def _refresh_lists(self) -> None:
        self._refresh_queued = False
        for key in (self.HOME, self.ENGAGEMENTS):
            page = self._pages.get(key)
            if page is not None and page.has_data:
                page.reload()

    def _update_undo_actions(self) -> None:
        stack = self._undo_stack
        undo = stack.next_undo() if stack is not None else None
        redo = stack.next_redo() if stack is not None else None
        self.undo_action.setText(self.tr("元に戻す「{label}」").format(label=undo[0]) if undo
                                 else self.tr("元に戻す"))
        self.redo_action.setText(self.tr("やり直し「{label}」").format(label=redo[0]) if redo
                                 else self.tr("やり直し"))
        self.undo_action.setEnabled(undo is not None and not self._replaying)
        self.redo_action.setEnabled(redo is not None and not self._replaying)

    def undo(self) -> None:
        """Revert the last edit (Ctrl+Z) on the worker; it can then be redone."""
        self._replay(redo=False)

    def redo(self) -> None:
        """Apply again what was just undone (Ctrl+Shift+Z)."""
        self._replay(redo=True)

    def _replay(self, *, redo: bool) -> None:
        if self._replaying or self._undo_stack is None:
            return
        item = self.undo_stack.next_redo() if redo else self.undo_stack.next_undo()
        if item is None:
            return
        label, change_set = item
        self._replaying = True
        self._update_undo_actions()
        # A label naming its item (『…』の削除) reads as the object; others are quoted.
        what = label if label.startswith("『") else self.tr("「{label}」").format(label=label)
        done = (self.tr("{what}をやり直しました。") if redo
                else self.tr("{what}を元に戻しました。")).format(what=what)

        def finished(revert: Any) -> None:
            if redo:
                self.undo_stack.redone(revert)
            else:
                self.undo_stack.undone(revert)
            # The revert writes through the change log by hand, so the worker reports no
            # change: say it here, for the pages to reload and a backup to follow.
            self.worker.data_changed.emit(label, revert)
            self._replaying = False
            self._update_undo_actions()
            self.statusBar().showMessage(done, 6000)

        def failed(error: BaseException) -> None:
            self._replaying = False
            if isinstance(error, KnownError):
                items = self.undo_stack.redo_items if redo else self.undo_stack.undo_items
                items.pop()  # it cannot be replayed: leave it off the stack
                self.show_known_error(error)
            else:
                self.worker.report_error(error)
            self._update_undo_actions()

        from companion.services.undo import undo_change_set

        ops.write(undo_change_set, undo_label=label, change_set=change_set) \
            .success(finished).failure(failed).run(self.worker)

    def show_about(self) -> None:
        from companion.ui.dialogs.about import AboutDialog

        dialog = AboutDialog(self.paths, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_help(self, topic: str) -> None:
        """The guide (one dialog, not modal: it can stay open beside the window)."""
        from companion.ui.dialogs.help import HelpDialog

        dialog = getattr(self, "help_dialog", None)
        if not isinstance(dialog, HelpDialog):
            dialog = HelpDialog(topic, self)
            dialog.destroyed.connect(lambda _obj=None: setattr(self, "help_dialog", None))
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.help_dialog = dialog
        dialog.show_topic(topic)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _update_title(self) -> None:
        """「案件名 — Companion」 while an engagement's page is shown."""
        page = self.stack.currentWidget()
        detail = self._pages.get(self.DETAIL)
        showing = detail is not None and page is detail and detail.has_data
        shown = getattr(detail, "detail", None) if showing else None
        if shown is not None:
            self.setWindowTitle(self.tr("{title} — Companion").format(title=shown.summary.title))
        else:
            self.setWindowTitle(self.tr("Companion — 伴走支援"))

    def show_sync_conflicts(self) -> None:
        """競合 n件 in the status bar: ホーム's 同期の競合 list."""
        self.show_page(self.HOME)
        self.home.show_sync_conflicts()

    def show_sync_settings(self) -> None:
        """同期していません in the status bar: 設定 → 同期."""
        self.show_page(self.SETTINGS)
        self.settings_page.show_sync()

    def _reload_after_sync(self) -> None:
        """A sync brought records from another device (or sealed some): what is shown
        and what was shown may be old."""
        current = self.stack.currentWidget()
        for page in self._pages.values():
            if page is current or page.has_data:
                page.reload()

    def _reload_after_restore(self, _result: object) -> None:
        """A backup replaced the database (and settings.json): every page shown so far
        shows old data."""
        self.statusBar().showMessage(self.tr("バックアップから復元しました。"), 15_000)
        self.settings.reload()  # tells settings_changed what the restored file changed
        current = self.stack.currentWidget()
        for page in self._pages.values():
            if page is current or page.has_data:
                page.reload()

    # -- language ------------------------------------------------------------------------

    def _build_language_menu(self, view_menu: QMenu) -> None:
        """表示 > 言語: OS に合わせる / 日本語 / English (each language in its own name)."""
        from companion.ui.i18n import LANGUAGE_NAMES

        menu = view_menu.addMenu(self.tr("言語(&L)"))
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, label in (("auto", self.tr("OS に合わせる")), *LANGUAGE_NAMES.items()):
            action = QAction(label, group)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            menu.addAction(action)
            self.language_actions[code] = action
        self._check_language_action(str(self.settings.get("language")))

    def _check_language_action(self, code: str) -> None:
        action = self.language_actions.get(code)
        if action is not None:
            action.setChecked(True)

    def set_language(self, code: str) -> None:
        """Speak ``code`` (ja, en or auto) from now on: save it as the ``language``
        setting, install the translators, and rebuild the window if the language in
        force changed (the 設定 page and 表示 > 言語 both call this).

        The window is rebuilt rather than retranslated: a new MainWindow on the same
        worker and open database takes this one's place (``replaced`` tells app.py),
        showing the same page, and this one is deleted. Every page, menu and dialog sets
        its text once, in its constructor, with ``self.tr``; rebuilding asks nothing of
        them, where ``changeEvent(LanguageChange)``/``retranslateUi`` would need every
        widget to set again every string it ever set, and each one forgotten would stay
        in the old language. It costs what reopening the window costs: the pages'
        filters and scroll positions; open visit forms are first kept as drafts (and
        offered again, as at start-up). It waits until no job is running, so no result
        reaches a page that is gone; before the data is open, until it is.
        """
        from companion.ui.i18n import (
            LANGUAGE_NAMES,
            install_translator,
            language_in_force,
            resolve_ui_language,
        )

        if code not in ("auto", "ja", "en"):
            raise ValueError(f"unknown language {code!r}")
        try:
            self.settings.set("language", code)
        except KnownError as error:  # not saved, but switched for this session
            self.show_known_error(error)
        before = language_in_force()
        app = QCoreApplication.instance()
        assert app is not None
        in_force = install_translator(app, code)
        self._check_language_action(code)
        wanted = resolve_ui_language(code)
        if in_force != wanted:  # its translation is not part of this build
            self.show_known_error(KnownError(
                "{language}の表示はこの版に含まれていないため、日本語で表示します。",
                hint="翻訳ファイル companion_{code}.qm が見つかりません。",
                language=LANGUAGE_NAMES.get(wanted, wanted), code=wanted))
        if in_force == before or self.worker.closed or getattr(self, "_replacing", False):
            return
        self._replacing = True
        log.info("language switched to %s: rebuilding the window", in_force)
        if not self.database_open:
            self.database_opened.connect(lambda: QTimer.singleShot(0, self._replace_when_idle))
            return
        self.visit_commands.keep_open_drafts()
        self._replace_when_idle()

    def _replace_when_idle(self) -> None:
        if self.worker.busy:
            self.worker.busy_changed.connect(self._worker_busy_changed)
        else:
            self._replace()

    def _worker_busy_changed(self, busy: bool) -> None:
        # Emitted before the last job's result is handed over: look again afterwards.
        if not busy:
            QTimer.singleShot(0, self._replace_if_idle)

    def _replace_if_idle(self) -> None:
        if self.worker.busy or not self._replacing:
            return
        self.worker.busy_changed.disconnect(self._worker_busy_changed)
        self._replace()

    def _replace(self) -> MainWindow:
        """Build the successor in the language now in force and hand over to it."""
        self._replacing = False
        self.save_window_state()  # the successor restores geometry and toolbars from it
        key = self._key_of(self.current_page())
        detail = self._pages.get(self.DETAIL)
        successor = MainWindow(paths=self.paths, worker=self.worker, settings=self.settings,
                               today=self.today)
        successor._continue_from(self, key=key, query=self.search_edit.text(),
                                 engagement_id=getattr(detail, "engagement_id", None))
        if self.isVisible():
            successor.show()
        self.replaced.emit(successor)
        self.hide()  # not close(): that would shut the worker down
        self._unsubscribe_settings()  # the successor listens from now on
        self.deleteLater()
        return successor

    def _continue_from(self, previous: MainWindow, *, key: int | None, query: str,
                       engagement_id: uuid.UUID | None) -> None:
        # When the last backup was, whether a change waits for one, what is backed up.
        self.backups.take_over(previous.backups)
        self.sync.take_over(previous.sync)
        self._ready_sent = previous._ready_sent
        if previous.database_open:
            self._database_ready(None)  # as when it was opened: load, resume backups
        if key is not None and key < self.NAV_ROWS:
            self.show_page(key)
        elif key == self.DETAIL and engagement_id is not None:
            self.open_engagement(engagement_id)
        elif key == self.SEARCH and query.strip():
            self.search_edit.setText(query)
            self.run_search()

    # -- window state ----------------------------------------------------------------------

    def _restore_window_state(self) -> None:
        geometry = self._ui_settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self._ui_settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def save_window_state(self) -> None:
        self._ui_settings.setValue("window/geometry", self.saveGeometry())
        self._ui_settings.setValue("window/state", self.saveState())
        self._ui_settings.sync()
        if self._ui_settings.status() != QSettings.Status.NoError:
            log.warning("could not save the window state to %s", self._ui_settings.fileName())

    def closeEvent(self, event: QCloseEvent) -> None:
        from companion.ui.tasks import all_of, wait_with_progress

        if self._waiting_to_close:  # closed again while the exit backup runs: it shows
            event.ignore()
            return
        # An open reviewer window may hold findings not yet sent: it asks, and may refuse.
        for child in self.findChildren(QMainWindow):
            if child.isVisible() and not child.close():
                event.ignore()
                return
        self.save_window_state()
        self.visit_commands.keep_open_drafts()  # open visit forms keep what was typed
        # The exit backup is queued after the writes, before the engine closes. The
        # window waits for it (and for files the second pool is still writing; queued
        # thumbnails are dropped) with a progress dialog, never frozen and blank; then
        # the workers stop.
        pending: list[Any] = []
        if not self.worker.closed:
            self.worker.background.drop_display_work()
            pending = self.worker.background.pending_jobs()
        closing = all_of([self.backups.backup_on_exit(), *pending], name="closing")
        self._waiting_to_close = True
        try:
            wait_with_progress(closing, parent=self,
                               label=self.tr("終了する前にデータをバックアップしています…"))
        finally:
            self._waiting_to_close = False
        self.sync.stop()
        self.worker.shutdown()
        log.info("window closed")
        super().closeEvent(event)
