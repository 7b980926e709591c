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

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QToolBar,
    QWidget,
)

from companion.errors import KnownError
from companion.paths import DataPaths
from companion.ui.tasks import DbWorker
from companion.ui.views.base import Page
from companion.ui.views.home import HomePage

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

    HOME, ENGAGEMENTS, VISITS, DISCLOSURES, REVIEWS, SETTINGS, DETAIL, SEARCH = range(8)
    NAV_ROWS = 6

    def __init__(self, *, paths: DataPaths, worker: DbWorker,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.worker = worker
        self.database_open = False
        self._ready_sent = False
        self._history: list[QWidget] = []
        self.setWindowTitle(self.tr("Companion — 伴走支援"))
        # An explicit minimum keeps the layout from resizing the top-level window's
        # constraints after it is shown (and is the smallest size that stays readable).
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(DEFAULT_SIZE)

        # Only the first screen is built before the first paint; every other page (and
        # its module) when it is first shown.
        self._pages: dict[int, Page] = {}
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

        self._ui_settings = QSettings(str(paths.root / UI_SETTINGS_FILE),
                                      QSettings.Format.IniFormat)
        self._restore_window_state()
        self.nav.setCurrentRow(self.HOME)

    # -- pages, built when first needed ------------------------------------------------

    def _add_page(self, key: int, page: Page) -> Page:
        self._pages[key] = page
        self.stack.addWidget(page)
        page.open_engagement.connect(self.open_engagement)
        return page

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
            page = VisitsPage(self.worker)
        elif key == self.DISCLOSURES:
            from companion.ui.views.disclosures import DisclosuresPage
            page = DisclosuresPage(self.worker)
        elif key == self.REVIEWS:
            from companion.ui.views.reviews import ReviewsPage
            page = ReviewsPage(self.worker)
        elif key == self.SETTINGS:
            from companion.ui.views.settings import SettingsPage
            page = SettingsPage(self.worker, paths=self.paths, log_file=log_file_of(self.paths))
        elif key == self.DETAIL:
            from companion.ui.views.engagement_detail import EngagementDetailPage
            detail = EngagementDetailPage(self.worker)
            detail.back_requested.connect(self.go_back)
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
        self.reload_action = QAction(self.tr("再読み込み"), self)
        self.reload_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.reload_action.triggered.connect(self.reload_current)
        file_menu.addAction(self.reload_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("終了"), self)
        quit_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

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

        help_menu = self.menuBar().addMenu(self.tr("ヘルプ(&H)"))
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
        self.database_opened.emit()
        current = self.stack.currentWidget()
        if isinstance(current, Page):
            current.ensure_loaded()
        self.home.ensure_loaded()

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
        self.back_action.setEnabled(bool(self._history))
        if self.database_open and isinstance(page, Page):
            page.ensure_loaded()

    def _sync_nav(self, page: QWidget) -> None:
        """Mark the page in the rail; search results belong to no entry (an engagement's
        page stays under the entry it was opened from)."""
        key = self._key_of(page)
        if key is not None and key < self.NAV_ROWS:
            row = key
        elif key == self.SEARCH:
            row = -1
        else:
            return
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(row)
        self.nav.blockSignals(False)

    def current_page(self) -> QWidget:
        return self.stack.currentWidget()

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

        box = MessageDialog(title=self.tr("Companion"), text=error.message, hint=error.hint,
                            parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def show_about(self) -> None:
        from companion.ui.dialogs.about import AboutDialog

        dialog = AboutDialog(self.paths, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

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
        self.save_window_state()
        self.worker.shutdown()
        log.info("window closed")
        super().closeEvent(event)
