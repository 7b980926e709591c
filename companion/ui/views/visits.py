"""訪問記録: every visit, newest first, fetched a page at a time as the list scrolls;
and ``VisitCommands``, the window's visit commands (訪問を記録 Ctrl+N, 下書きを開く,
活動日数台帳) with the offer of unsaved drafts at start-up.

The main window owns one ``VisitCommands``: it adds the 記録 menu, connects the pages
that ask for a visit form (``record_visit``, ``open_visit``, ``drafts_requested``
signals), opens the forms, reloads the pages after a visit is saved, and before the
window closes writes every open form's draft (no question asked then: a draft kept is
never lost).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMenuBar,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from companion.domain.calendar import fiscal_year_of, local_day
from companion.ui import ops
from companion.ui.formatting import ymd, ymd_hm
from companion.ui.i18n import fiscal_year_text
from companion.ui.models.rows import AnyIndex
from companion.ui.models.visit_table import LazyVisitTableModel, VisitFilterProxy
from companion.ui.tasks import DbWorker
from companion.ui.views.base import Page
from companion.ui.widgets.common import (
    EmptyState,
    InfoBox,
    make_table,
    page_title,
    set_column_widths,
    stretch_column,
)

if TYPE_CHECKING:
    from companion.services.visits.capture import DraftLine
    from companion.ui.views.visit_form import VisitForm

YEARS_OFFERED = 10  # this fiscal year and the nine before it in the 年度 box


def visit_fiscal_year(visit: Any) -> int:
    """The fiscal year of a visit's day on this computer's clock, as the list shows the
    day and ホーム counts 今年度の訪問 (a visit at 23:30 on 31 March is in the year
    ending then)."""
    return fiscal_year_of(local_day(visit.started_at))


class VisitYearFilterProxy(VisitFilterProxy):
    """The words of ``VisitFilterProxy`` and, when set, one fiscal year."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fiscal_year: int | None = None

    @property
    def active(self) -> bool:
        return super().active or self.fiscal_year is not None

    @property
    def words_active(self) -> bool:
        return super().active

    def set_fiscal_year(self, fiscal_year: int | None) -> None:
        if fiscal_year == self.fiscal_year:
            return
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self.fiscal_year = fiscal_year
            self.endFilterChange()
        else:  # pragma: no cover - Qt < 6.9
            self.fiscal_year = fiscal_year
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if self.fiscal_year is not None:
            model = self.sourceModel()
            if (isinstance(model, LazyVisitTableModel)
                    and visit_fiscal_year(model.visit_at(source_row)) != self.fiscal_year):
                return False
        return super().filterAcceptsRow(source_row, source_parent)


class VisitsPage(Page):
    record_visit = Signal(object)  # uuid.UUID of an engagement, or None
    open_visit = Signal(object)  # uuid.UUID of a visit
    drafts_requested = Signal()

    def __init__(self, worker: DbWorker, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(worker, parent)
        self.today = today
        self.drafts: list[DraftLine] = []
        self.model = LazyVisitTableModel(worker, parent=self)
        self.model.total_changed.connect(self._counted)
        self.model.page_loaded.connect(self._page_loaded)
        self.count_label = QLabel()

        self.proxy = VisitYearFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        # 年度: ホーム's 今年度の訪問 card opens the list with this year chosen.
        self.year_combo = QComboBox()
        self.year_combo.setToolTip(self.tr("訪問した日の年度で一覧を絞り込みます"))
        self.year_combo.addItem(self.tr("すべての年度"), None)
        current = fiscal_year_of(today())
        for year in range(current, current - YEARS_OFFERED, -1):
            self.year_combo.addItem(fiscal_year_text(year), year)
        self.year_combo.currentIndexChanged.connect(self._year_changed)
        self.filter_edit = FilterEdit()
        self.filter_edit.setPlaceholderText(self.tr("絞り込み…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip(self.tr(
            "目的・記録・事業者・案件に含む語で一覧を絞り込みます(Ctrl+F、Esc で解除)"))
        self.filter_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 16)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.filter_edit.returnPressed.connect(self._focus_first_match)

        self.table = make_table()
        self.table.setModel(self.proxy)
        self.table.activated.connect(self._activated)
        self.table.setToolTip(self.tr("Enter またはダブルクリックで訪問記録を開く"))
        set_column_widths(self.table, {0: 8, 1: 5, 2: 12, 4: 12, 5: 9, 6: 6})
        stretch_column(self.table, 3)
        # No visits at all: what the list is for, and the button that starts the first.
        self.empty = QWidget()
        self.empty_label = EmptyState(self.tr(
            "訪問記録はまだありません。\n訪問・オンライン・電話・来所の相談を記録すると、ここに新しい順に並びます。"))
        self.first_visit_button = QPushButton(self.tr("訪問を記録"))
        self.first_visit_button.setToolTip(self.tr("訪問・相談を記録します(Ctrl+N)"))
        self.first_visit_button.clicked.connect(lambda _checked=False: self.record_visit.emit(None))
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.first_visit_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.record_button = QPushButton(self.tr("訪問を記録(Ctrl+N)"))
        self.record_button.clicked.connect(lambda: self.record_visit.emit(None))
        self.engagement_button = QPushButton(self.tr("案件を開く"))
        self.engagement_button.setToolTip(self.tr("選んだ訪問記録の案件のページを開きます"))
        self.engagement_button.clicked.connect(self._open_engagement)

        self.drafts_box = InfoBox()
        self.drafts_label = QLabel()
        self.drafts_label.setWordWrap(True)
        self.drafts_button = QPushButton(self.tr("下書きを開く…"))
        self.drafts_button.clicked.connect(self.drafts_requested)
        drafts_layout = QHBoxLayout(self.drafts_box)
        drafts_layout.addWidget(self.drafts_label, 1)
        drafts_layout.addWidget(self.drafts_button)
        self.drafts_box.hide()

        heading = QHBoxLayout()
        heading.addWidget(page_title(self.tr("訪問記録")))
        heading.addStretch(1)
        heading.addWidget(self.year_combo)
        heading.addWidget(self.filter_edit)
        heading.addWidget(self.count_label)
        heading.addWidget(self.engagement_button)
        heading.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.drafts_box)
        layout.addLayout(self.stack, 1)

    def load(self) -> None:
        from companion.services.visits.capture import list_drafts

        self.model.reload()
        ops.read(list_drafts).success(self._show_drafts).run(self.worker)

    def _show_drafts(self, drafts: Any) -> None:
        self.drafts = list(drafts)
        self.drafts_box.setVisible(bool(self.drafts))
        if self.drafts:
            newest = self.drafts[0]
            self.drafts_label.setText(self.tr(
                "保存されていない下書きが{n}件あります(最新: {client}「{purpose}」、{when} に自動保存)。").format(
                n=len(self.drafts), client=newest.client_name,
                purpose=newest.purpose or self.tr("目的なし"), when=ymd_hm(newest.saved_at)))

    def _counted(self, total: int) -> None:
        self.stack.setCurrentWidget(self.table if total else self.empty)
        self._update_count()
        if total == 0:
            self.mark_loaded()

    def _page_loaded(self, _rows: int) -> None:
        self._update_count()
        self._fetch_for_filter()
        if not self.has_data:
            self.mark_loaded()

    def _update_count(self) -> None:
        total, loaded = f"{self.model.total:,}", f"{self.model.rowCount():,}"
        if self.proxy.active:
            shown = f"{self.proxy.rowCount():,}"
            if self.model.rowCount() >= self.model.total or self._year_read():
                self.count_label.setText(self.tr("絞り込み {shown}件(全{total}件から)").format(
                    shown=shown, total=total))
            else:
                text = self.tr("絞り込み {shown}件(全{total}件のうち {loaded}件を確認済み)")
                self.count_label.setText(text.format(shown=shown, total=total, loaded=loaded))
        else:
            self.count_label.setText(self.tr("全{total}件(読み込み済み {loaded}件)").format(
                total=total, loaded=loaded))

    # -- filter ---------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        """Ctrl+F in this page focuses its filter box (the window's search box when the
        filter box has the focus already)."""
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.matches(QKeySequence.StandardKey.Find)
                and not self.filter_edit.hasFocus()):
            event.accept()
            return True
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.matches(QKeySequence.StandardKey.Find)):
            self.focus_filter()
            return True
        return super().event(event)

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()
        self._fetch_for_filter()

    def _fetch_for_filter(self) -> None:
        """While a filter is set, the older visits are read on, a page at a time, so
        the filter looks at every visit (not only the pages scrolled to); a year alone
        stops once the list reaches the visits before it."""
        if (self.proxy.active and not self._year_read()
                and self.model.canFetchMore(QModelIndex())):
            self.model.fetchMore(QModelIndex())

    def _year_read(self) -> bool:
        """Only a year is chosen and the visits loaded reach back before it (the list is
        newest first): every visit of the year is in the list."""
        year = self.proxy.fiscal_year
        rows = self.model.rowCount()
        return (year is not None and not self.proxy.words_active and rows > 0
                and visit_fiscal_year(self.model.visit_at(rows - 1)) < year)

    def show_fiscal_year(self, fiscal_year: int | None) -> None:
        """Show the visits of one fiscal year (None: every year)."""
        index = self.year_combo.findData(fiscal_year)
        if index < 0 and fiscal_year is not None:  # an older year than the box offers
            self.year_combo.addItem(fiscal_year_text(fiscal_year), fiscal_year)
            index = self.year_combo.count() - 1
        self.year_combo.setCurrentIndex(max(index, 0))

    def _year_changed(self, _index: int) -> None:
        self.proxy.set_fiscal_year(self.year_combo.currentData())
        self._update_count()
        self._fetch_for_filter()

    def _focus_first_match(self) -> None:
        if self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _visit_at(self, index: QModelIndex | QPersistentModelIndex) -> Any:
        source = self.proxy.mapToSource(self.proxy.index(index.row(), 0))
        return self.model.visit_at(source.row()) if source.isValid() else None

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        visit = self._visit_at(index) if index.isValid() else None
        if visit is not None:
            self.open_visit.emit(visit.id)

    def _open_engagement(self) -> None:
        index = self.table.currentIndex()
        visit = self._visit_at(index) if index.isValid() else None
        if visit is not None:
            self.open_engagement.emit(visit.engagement_id)


class FilterEdit(QLineEdit):
    """A filter box that Esc clears (and a second Esc leaves to the page)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


class DraftOfferDialog(QDialog):
    """Drafts left unsaved (a crash, a closed window): open them to go on writing. An
    amendment of a saved visit not saved yet is one of them (it opens that visit)."""

    open_drafts = Signal(list)  # list[uuid.UUID]

    def __init__(self, drafts: list[DraftLine], *, at_start: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("訪問記録の下書き"))
        self.setMinimumSize(560, 320)
        self.drafts = drafts
        if at_start:
            text = self.tr("保存されていない訪問記録の下書きが{n}件あります。"
                           "前回は保存する前に終了しました。最後の自動保存までの内容が残っています。")
        else:
            text = self.tr("保存されていない訪問記録の下書きが{n}件あります。")
        self.text_label = QLabel(text.format(n=len(drafts)))
        self.text_label.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        for draft in drafts:
            if draft.amends is not None:
                text = self.tr("{client} — {purpose}({day}の訪問の修正、最終自動保存 {saved})\n{excerpt}")
            else:
                text = self.tr("{client} — {purpose}({day}、最終自動保存 {saved})\n{excerpt}")
            label = text.format(
                client=draft.client_name, purpose=draft.purpose or self.tr("目的なし"),
                day=ymd(draft.started_at), saved=ymd_hm(draft.saved_at),
                excerpt=draft.excerpt or self.tr("(記録はまだ書かれていません)"))
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, draft.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self._open())
        self.open_button = QPushButton(self.tr("開いて続きを書く"))
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._open)
        self.later_button = QPushButton(self.tr("あとで"))
        self.later_button.setToolTip(self.tr("下書きは残ります(訪問記録のページや 記録 メニューから開けます)"))
        self.later_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_label)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def _open(self) -> None:
        chosen = [item.data(Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()]
        if not chosen and self.list.currentItem() is not None:
            chosen = [self.list.currentItem().data(Qt.ItemDataRole.UserRole)]
        self.accept()
        self.open_drafts.emit(chosen)


class VisitCommands(QObject):
    """The window's visit commands and the visit forms it opened."""

    visit_saved = Signal(object)  # VisitSaved
    form_opened = Signal(object)  # VisitForm
    drafts_offered = Signal(object)  # DraftOfferDialog

    def __init__(self, window: QMainWindow, worker: DbWorker, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(window)
        self.window = window
        self.worker = worker
        self.today = today
        self.forms: list[VisitForm] = []
        self.database_open = False
        self._offered_at_start = False
        self.new_visit_action = QAction(self.tr("訪問を記録…"), window)
        self.new_visit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.new_visit_action.setToolTip(self.tr("今日の訪問・相談を記録します(開いている案件が選ばれます)"))
        self.new_visit_action.triggered.connect(lambda _checked=False: self.new_visit())
        self.drafts_action = QAction(self.tr("下書きを開く…"), window)
        self.drafts_action.triggered.connect(lambda _checked=False: self.offer_drafts())
        self.ledger_action = QAction(self.tr("活動日数台帳(実務従事)…"), window)
        self.ledger_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT
                                                    | Qt.Key.Key_L))
        self.ledger_action.triggered.connect(lambda _checked=False: self.show_ledger())
        self.ledger: QDialog | None = None
        for action in (self.new_visit_action, self.drafts_action, self.ledger_action):
            action.setEnabled(False)

    # -- wiring -----------------------------------------------------------------------

    def add_menu(self, menu_bar: QMenuBar) -> QMenu:
        menu = menu_bar.addMenu(self.tr("記録(&R)"))
        menu.addAction(self.new_visit_action)
        menu.addAction(self.drafts_action)
        menu.addSeparator()
        menu.addAction(self.ledger_action)
        return menu

    def attach_page(self, page: QWidget) -> None:
        """Connect a page's requests for visit forms (pages without them are left be)."""
        record = getattr(page, "record_visit", None)
        if record is not None:
            record.connect(self.new_visit)
        opener = getattr(page, "open_visit", None)
        if opener is not None:
            opener.connect(self.open_visit)
        drafts = getattr(page, "drafts_requested", None)
        if drafts is not None:
            drafts.connect(self.offer_drafts)

    def database_ready(self) -> None:
        self.database_open = True
        for action in (self.new_visit_action, self.drafts_action, self.ledger_action):
            action.setEnabled(True)
        if not self._offered_at_start:
            self._offered_at_start = True
            self.offer_drafts(at_start=True)

    # -- forms --------------------------------------------------------------------------

    def current_engagement_id(self) -> uuid.UUID | None:
        current = getattr(self.window, "current_page", None)
        page = current() if callable(current) else None
        engagement_id = getattr(page, "engagement_id", None)
        return engagement_id if isinstance(engagement_id, uuid.UUID) else None

    def new_visit(self, engagement_id: uuid.UUID | None = None) -> VisitForm | None:
        """Open the form for a new visit (of the engagement shown, if any)."""
        if not self.database_open:
            return None
        from companion.ui.views.visit_form import VisitForm

        form = VisitForm(self.worker, today=self.today,
                         engagement_id=engagement_id or self.current_engagement_id(),
                         parent=self.window)
        return self._show(form)

    def open_visit(self, visit_id: uuid.UUID) -> VisitForm | None:
        """Open a draft to go on writing, or a saved visit to read and amend."""
        if not self.database_open:
            return None
        from companion.services.visits.capture import amendment_draft_id

        for form in self.forms:  # already open (a draft of an amendment: its visit's form)
            if visit_id in (form.visit_id, amendment_draft_id(form.visit_id)):
                form.raise_()
                form.activateWindow()
                return form
        from companion.ui.views.visit_form import VisitForm

        return self._show(VisitForm(self.worker, today=self.today, visit_id=visit_id,
                                    parent=self.window))

    def _show(self, form: VisitForm) -> VisitForm:
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self._saved)
        form.discarded.connect(lambda _visit_id: self.refresh())
        form.follow_up_changed.connect(self.refresh)
        form.finished.connect(lambda _result: self._forget(form))
        self.forms.append(form)
        form.show()
        self.form_opened.emit(form)
        return form

    def _forget(self, form: VisitForm) -> None:
        if form in self.forms:
            self.forms.remove(form)

    def _saved(self, saved: Any) -> None:
        self.visit_saved.emit(saved)
        self.refresh()
        status = getattr(self.window, "statusBar", None)
        if callable(status):
            status().showMessage(self.tr("訪問記録を保存しました。"), 5000)

    def refresh(self) -> None:
        """Reload the pages that show data (a visit or follow-up changed)."""
        stack = getattr(self.window, "stack", None)
        if stack is None:
            return
        for index in range(stack.count()):
            page = stack.widget(index)
            if isinstance(page, Page) and page.has_data:
                page.reload()

    def keep_open_drafts(self) -> None:
        """Before the window closes: every open form writes its draft, unasked."""
        for form in list(self.forms):
            form.keep_as_draft()

    # -- drafts and the ledger ----------------------------------------------------------------

    def offer_drafts(self, *, at_start: bool = False) -> None:
        from companion.services.visits.capture import list_drafts

        if not self.database_open:
            return
        ops.read(list_drafts).success(lambda drafts: self._offer(drafts, at_start=at_start)) \
            .run(self.worker)

    def _offer(self, drafts: Any, *, at_start: bool) -> None:
        open_ids = {form.visit_id for form in self.forms}
        waiting = [draft for draft in drafts
                   if draft.id not in open_ids and draft.amends not in open_ids]
        status = getattr(self.window, "statusBar", None)
        if not waiting:
            if not at_start and callable(status):
                status().showMessage(self.tr("保存されていない下書きはありません。"), 5000)
            return
        dialog = DraftOfferDialog(waiting, at_start=at_start, parent=self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_drafts.connect(lambda ids: [self.open_visit(i) for i in ids])
        dialog.open()
        self.drafts_offered.emit(dialog)

    def show_ledger(self) -> None:
        if not self.database_open:
            return
        from companion.ui.views.ledger import LedgerDialog

        if self.ledger is not None and self.ledger.isVisible():
            self.ledger.raise_()
            return
        ledger = LedgerDialog(self.worker, today=self.today, parent=self.window)
        ledger.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ledger.destroyed.connect(lambda _obj=None: setattr(self, "ledger", None))
        self.ledger = ledger
        ledger.show()
