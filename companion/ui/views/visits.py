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

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
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

from companion.ui import ops
from companion.ui.formatting import ymd, ymd_hm
from companion.ui.models.visit_table import LazyVisitTableModel
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


class VisitsPage(Page):
    record_visit = Signal(object)  # uuid.UUID of an engagement, or None
    open_visit = Signal(object)  # uuid.UUID of a visit
    drafts_requested = Signal()

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(worker, parent)
        self.drafts: list[DraftLine] = []
        self.model = LazyVisitTableModel(worker, parent=self)
        self.model.total_changed.connect(self._counted)
        self.model.page_loaded.connect(self._page_loaded)
        self.count_label = QLabel()

        self.table = make_table()
        self.table.setModel(self.model)
        self.table.activated.connect(self._activated)
        self.table.setToolTip(self.tr("Enter またはダブルクリックで訪問記録を開く"))
        set_column_widths(self.table, {0: 8, 1: 5, 2: 12, 4: 12, 5: 9, 6: 6})
        stretch_column(self.table, 3)
        self.empty = EmptyState(self.tr(
            "訪問記録はまだありません。\n訪問・オンライン・電話・来所の相談を記録すると、ここに新しい順に並びます。\n"
            "「訪問を記録」(Ctrl+N)で始めましょう。"))
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
        if not self.has_data:
            self.mark_loaded()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("全{total}件(読み込み済み {loaded}件)").format(
            total=f"{self.model.total:,}", loaded=f"{self.model.rowCount():,}"))

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_visit.emit(self.model.visit_at(index.row()).id)

    def _open_engagement(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_engagement.emit(self.model.visit_at(index.row()).engagement_id)


class DraftOfferDialog(QDialog):
    """Drafts left unsaved (a crash, a closed window): open them to go on writing."""

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
            label = self.tr("{client} — {purpose}({day}、最終自動保存 {saved})\n{excerpt}").format(
                client=draft.client_name, purpose=draft.purpose or self.tr("目的なし"),
                day=ymd(draft.started_at), saved=ymd_hm(draft.saved_at), excerpt=draft.excerpt)
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
        for form in self.forms:
            if form.visit_id == visit_id:
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
        waiting = [draft for draft in drafts if draft.id not in open_ids]
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
