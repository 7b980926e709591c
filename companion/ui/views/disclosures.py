"""開示: the register of the practitioner's interests, its red flags and history.

The register lists the latest version of every disclosure; the red flags the rules
find are above it, and the history of the selected disclosure (every version, and
field by field what each one changed) below. Declaring, amending, ending an interest
and the annual 「今年度は変更なし」 each add versions; nothing is ever deleted.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelection,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QStackedLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.errors import KnownError
from companion.ui import ops
from companion.ui.formatting import fiscal_year, ymd
from companion.ui.models.disclosure_table import (
    DisclosureTableModel,
    VersionRow,
)
from companion.ui.models.rows import RowFilterProxy
from companion.ui.tasks import is_autosave
from companion.ui.views.base import Page
from companion.ui.widgets.common import (
    EmptyState,
    good_style,
    make_table,
    note,
    page_title,
    set_column_widths,
    stretch_column,
)
from companion.ui.widgets.red_flags import RedFlagPanel, flag_rows
from companion.ui.widgets.version_history import VersionHistory

if TYPE_CHECKING:
    from companion.services.disclosures import (
        DisclosureHistory,
        DisclosureLine,
    )
    from companion.ui.tasks import DbWorker
    from companion.ui.views.disclosure_form import Submission

# -- what the services return, as the tables show it -----------------------------------------

def _tr(text: str) -> str:
    return QCoreApplication.translate("DisclosuresPage", text)


def version_rows(history: DisclosureHistory) -> list[VersionRow]:
    from companion.domain.disclosure_diff import changed_labels

    rows = []
    for index, version in enumerate(history.versions):
        changes = history.changes(index)
        if index == 0:
            changed = _tr("(最初の版)")
        else:
            changed = (changed_labels([c for c in changes if c.field != "declared_on"])
                       or _tr("内容の変更なし"))
        findings = "、".join(
            f"{f.finding}({f.reviewer} {ymd(f.reviewed_on)})"
            + ("" if f.hash_matches else _tr("※レビュー後に内容が書き換えられています"))
            for f in version.findings)
        rows.append(VersionRow(version.version, ymd(version.declared_on), version.reason,
                               version.status, changed, findings, tuple(changes),
                               version.version_id.hex))
    return rows


def page_action(widget: QWidget, text: str, shortcut: QKeySequence,
                slot: Callable[[], None]) -> QAction:
    """An action of a page: its shortcut works while the focus is on the page."""
    action = QAction(text, widget)
    action.setShortcut(shortcut)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.setToolTip(f"{text.rstrip('…')}({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
    action.triggered.connect(lambda _checked=False: slot())
    widget.addAction(action)
    return action


def action_button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


def known_error_to(show: Callable[[str, str], None], worker: DbWorker
                   ) -> Callable[[BaseException], None]:
    """An error callback: a refused input back to the dialog, a bug to the crash dialog."""

    def handle(error: BaseException) -> None:
        if isinstance(error, KnownError):
            message = f"{error.message}\n{error.hint}" if error.hint else error.message
            show(message, getattr(error, "field", ""))
        else:
            worker.report_error(error)

    return handle


# -- the page ------------------------------------------------------------------------------------

class DisclosuresPage(Page):
    saved = Signal(str)  # a write succeeded: the message shown
    history_loaded = Signal()

    def __init__(self, worker: DbWorker, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(worker, parent)
        self.today = today
        self.dialog: QWidget | None = None  # the dialog open now (tests reach it here)
        self._selected_id: uuid.UUID | None = None
        self._history_id: uuid.UUID | None = None

        ctrl, shift = Qt.Modifier.CTRL, Qt.Modifier.SHIFT
        # Ctrl+N is the window's 「訪問を記録」; a new disclosure is rarer.
        self.new_action = page_action(self, self.tr("新規開示…"),
                                      QKeySequence(ctrl | shift | Qt.Key.Key_N), self.declare_new)
        self.amend_action = page_action(self, self.tr("変更…"), QKeySequence(ctrl | Qt.Key.Key_E),
                                        self.amend_selected)
        self.end_action = page_action(self, self.tr("関与の終了…"),
                                      QKeySequence(ctrl | shift | Qt.Key.Key_E), self.end_selected)
        self.recertify_action = page_action(self, self.tr("今年度は変更なし…"),
                                            QKeySequence(ctrl | shift | Qt.Key.Key_R),
                                            self.recertify)
        self.recertify_action.setToolTip(self.tr(
            "年次確認: 継続中の開示がすべて前回のままであることを確認し、確認の版を記録します"
            "(Ctrl+Shift+R)"))

        self.model = DisclosureTableModel(self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table(sortable=True)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        set_column_widths(self.table, {0: 2, 1: 1, 2: 4, 3: 10, 4: 5, 5: 3, 6: 5, 7: 5, 8: 5,
                                       9: 5, 11: 4, 12: 3})
        stretch_column(self.table, DisclosureTableModel.MITIGATION)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.amend_selected())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("絞り込み(相手先・種別・役職・管理方法・状態)"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.message_label = QLabel()
        self.message_label.setStyleSheet(good_style(self))
        self.message_label.setWordWrap(True)

        self.flag_panel = RedFlagPanel(rows=4)
        self.flag_panel.engagement_requested.connect(self.open_engagement)
        # With sync, on a device that is not the 記帳端末: requests, 封印待ち (sync_pending.py).
        from companion.ui.views.sync_pending import PendingDisclosuresPanel

        self.pending = PendingDisclosuresPanel(worker)

        self.history = VersionHistory(
            side_by_side=True, bold_title=True,
            title=self.tr("開示を選ぶと、その版の履歴が表示されます。"),
            changes_title=self.tr("変更点(変更前 → 変更後)"))

        self.register_area = QSplitter(Qt.Orientation.Vertical, self)
        self.register_area.addWidget(self.table)
        self.register_area.addWidget(self.history)
        self.register_area.setSizes([300, 260])
        self.register_area.setChildrenCollapsible(False)

        self.empty = EmptyState(self.tr(
            "開示はまだありません。\n支援先への出資・役員就任・顧問契約など、利益相反になりうる関係は"
            "始まる前に開示しておくと、第三者レビューで説明がしやすくなります。\n"
            "「新規開示」(Ctrl+Shift+N)から登録できます。"))
        self.stack = QStackedLayout()
        self.stack.addWidget(self.register_area)
        self.stack.addWidget(self.empty)

        actions = QHBoxLayout()
        for action in (self.new_action, self.amend_action, self.end_action, self.recertify_action):
            actions.addWidget(action_button(action))
        actions.addSpacing(12)
        actions.addWidget(self.filter_edit, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("利益相反の開示")))
        layout.addWidget(note(self.tr(
            "各開示の最新版を番号順に表示します。変更・終了・年次確認はどれも新しい版として追加され、"
            "以前の版も改ざん検知のハッシュ連鎖とともに残ります。")))
        layout.addLayout(actions)
        layout.addWidget(self.message_label)
        layout.addWidget(self.pending)
        layout.addWidget(self.flag_panel)
        layout.addLayout(self.stack, 1)
        self._update_actions()
        worker.data_changed.connect(self._data_changed)

    # -- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        from companion.services.disclosures import register_overview

        ops.read(register_overview, today=self.today()).success(self._show).run(self.worker)
        self.pending.load()

    def _show(self, data: Any) -> None:
        self.model.set_rows(data.lines)
        # by id: a number is display-only, and two devices may issue the same one
        shown = {line.disclosure_id for line in data.lines}
        counts: dict[uuid.UUID, int] = {}
        for numbered in data.flags:
            for disclosure_id in set(numbered.flag.disclosure_ids) & shown:
                counts[disclosure_id] = counts.get(disclosure_id, 0) + 1
        self.model.set_flag_counts(counts)
        self.flag_panel.set_flags(flag_rows(data.flags))
        self.stack.setCurrentWidget(self.register_area if data.lines else self.empty)
        self._select(self._selected_id)
        self._update_actions()
        self.mark_loaded()

    def _data_changed(self, label: str, _change_set: object) -> None:
        """Another screen wrote (a review imported, an undo): show it when next seen.
        A visit draft's autosave changes nothing shown here."""
        if is_autosave(label):
            return
        if self.isVisible():
            self.reload()
        else:
            self._requested = False

    def _select(self, disclosure_id: uuid.UUID | None) -> None:
        rows = range(self.proxy.rowCount())
        target = next((row for row in rows if disclosure_id is not None and
                       self.model.line_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
                       .disclosure_id == disclosure_id), 0 if self.proxy.rowCount() else None)
        if target is None:
            self._history_id = None
            self.history.clear()
            return
        self.table.selectRow(target)
        line = self.selected_line()
        if line is not None and line.disclosure_id == self._history_id:
            self._load_history(line.disclosure_id)  # its versions may have grown

    # -- selection and history ------------------------------------------------------------

    def selected_line(self) -> DisclosureLine | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        source = self.proxy.mapToSource(indexes[0])
        return self.model.line_at(source.row()) if source.isValid() else None

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        line = self.selected_line()
        self._update_actions()
        if line is None:
            return
        self._selected_id = line.disclosure_id
        if line.disclosure_id != self._history_id:
            self._load_history(line.disclosure_id)

    def _load_history(self, disclosure_id: uuid.UUID) -> None:
        from companion.services.disclosures import disclosure_history

        self._history_id = disclosure_id
        ops.read(disclosure_history, disclosure_id=disclosure_id) \
            .success(lambda history: self._show_history(version_rows(history), disclosure_id)) \
            .run(self.worker)

    def _show_history(self, rows: list[VersionRow], disclosure_id: uuid.UUID) -> None:
        if disclosure_id != self._history_id:
            return  # another disclosure was chosen meanwhile
        line = self.selected_line()
        number = line.number if line is not None else "?"
        self.history.set_versions(
            rows, title=self.tr("開示{n}の履歴(全{count}版)").format(n=number, count=len(rows)),
            select=rows[-1].version if rows else None)
        self.history_loaded.emit()

    def select_version(self, version: int) -> None:
        self.history.select_version(version)

    def _update_actions(self) -> None:
        line = self.selected_line()
        self.amend_action.setEnabled(line is not None)
        self.end_action.setEnabled(line is not None and line.status.value != "終了")

    def _context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        for action in (self.new_action, self.amend_action, self.end_action, None,
                       self.recertify_action):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(position))

    # -- writing ---------------------------------------------------------------------------

    def _done(self, message: str, disclosure_id: uuid.UUID | None = None) -> None:
        """A write succeeded; the register reloads on the worker's data_changed (which
        comes first), keeping ``disclosure_id`` selected."""
        if disclosure_id is not None:
            self._selected_id = disclosure_id
        self.message_label.setText(message)
        self.saved.emit(message)

    def declare_new(self) -> None:
        from companion.services.disclosures import disclosure_form

        ops.read(disclosure_form).success(lambda form: self._open_form(form, None)) \
            .run(self.worker)

    def amend_selected(self) -> None:
        from companion.services.disclosures import disclosure_form

        line = self.selected_line()
        if line is None:
            return
        ops.read(disclosure_form, disclosure_id=line.disclosure_id) \
            .success(lambda form: self._open_form(form, line)).run(self.worker)

    def _open_form(self, form: Any, line: DisclosureLine | None) -> None:
        from companion.ui.views.disclosure_form import DisclosureFormDialog

        dialog = DisclosureFormDialog(choices=form.choices, today=self.today(), draft=form.draft,
                                      number=line.number if line else None, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.submitted.connect(lambda submission: self._save_form(dialog, submission, line))
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QWidget) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _save_form(self, dialog: Any, submission: Submission, line: DisclosureLine | None) -> None:
        from companion.services.disclosures import amend, declare

        on_error = known_error_to(dialog.show_error, self.worker)
        if not self.pending.keeper:  # 封印待ち: the 記帳端末 seals it after a sync
            self.pending.record_form(
                dialog, "declare" if line is None else "amend",
                None if line is None else line.disclosure_id, submission.draft,
                submission.reason, done=self._done, on_error=on_error)
            return
        if line is None:
            def declared(disclosure_id: Any) -> None:
                dialog.accept()
                self._done(self.tr("開示を登録しました({counterpart})。").format(
                    counterpart=submission.draft.counterpart_name), disclosure_id)

            ops.write(declare, undo_label=self.tr("開示の登録"), draft=submission.draft) \
                .success(declared).failure(on_error).run(self.worker)
            return

        def amended(_version_id: Any) -> None:
            dialog.accept()
            self._done(self.tr("開示{n}の新しい版を記録しました(理由: {reason})。").format(
                n=line.number, reason=submission.reason), line.disclosure_id)

        ops.write(amend, undo_label=self.tr("開示{n}の変更").format(n=line.number),
                  disclosure_id=line.disclosure_id, draft=submission.draft,
                  reason=submission.reason).success(amended).failure(on_error).run(self.worker)

    def end_selected(self) -> None:
        from companion.ui.views.disclosure_form import EndInterestDialog

        line = self.selected_line()
        if line is None or line.status.value == "終了":
            return
        dialog = EndInterestDialog(line=line, today=self.today(), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))

        def submit(ended_on: date, reason: str) -> None:
            from companion.services.disclosures import end_interest

            if not self.pending.keeper:  # 封印待ち: the 記帳端末 seals it after a sync
                self.pending.record_end(dialog, line.disclosure_id, ended_on, reason,
                                        done=self._done,
                                        on_error=known_error_to(dialog.show_error, self.worker))
                return

            def ended(_version_id: Any) -> None:
                dialog.accept()
                self._done(self.tr("開示{n}の関与の終了を記録しました({day})。").format(
                    n=line.number, day=ymd(ended_on)), line.disclosure_id)

            ops.write(end_interest, undo_label=self.tr("開示{n}の終了").format(n=line.number),
                      disclosure_id=line.disclosure_id, ended_on=ended_on, reason=reason,
                      today=self.today()) \
                .success(ended).failure(known_error_to(dialog.show_error, self.worker)) \
                .run(self.worker)

        dialog.submitted.connect(submit)
        dialog.open()

    def recertify(self) -> None:
        from companion.services.disclosures import recertification_candidates

        ops.read(recertification_candidates, today=self.today()) \
            .success(self._confirm_recertify).run(self.worker)

    def _confirm_recertify(self, lines: Any) -> None:
        from companion.domain.calendar import fiscal_year_of
        from companion.ui.views.disclosure_form import RecertifyDialog

        if not lines:
            self.worker.report_error(KnownError(
                self.tr("今年度に確認が必要な開示はありません。"),
                hint=self.tr("終了した開示と、今年度すでに確認した開示は対象になりません。")))
            return
        dialog = RecertifyDialog(lines=lines, fiscal_year_label=fiscal_year(fiscal_year_of(self.today())),
                                 parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.accepted.connect(lambda: self._run_recertify(dialog.disclosure_ids()))
        dialog.open()

    def _run_recertify(self, disclosure_ids: list[Any]) -> None:
        from companion.services.disclosures import recertify

        if not self.pending.keeper:  # 封印待ち: the 記帳端末 seals them after a sync
            self.pending.record_recertify(disclosure_ids, done=self._done)
            return

        def confirmed(result: Any) -> None:
            numbers = "・".join(str(n) for n in result.numbers)
            self._done(self.tr("年次確認として開示{numbers}の{n}件に「変更なし」の版を記録しました。").format(
                numbers=numbers, n=len(result.numbers)))

        ops.write(recertify, undo_label=self.tr("年次確認"), today=self.today(),
                  disclosure_ids=disclosure_ids).success(confirmed).run(self.worker)
