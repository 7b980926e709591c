"""開示: the register of the practitioner's interests, its red flags and history.

The register lists the latest version of every disclosure; the red flags the rules
find are above it, and the history of the selected disclosure (every version, and
field by field what each one changed) below. Declaring, amending, ending an interest
and the annual 「今年度は変更なし」 each add versions; nothing is ever deleted.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
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
from companion.ui.formatting import fiscal_year, ymd
from companion.ui.models.disclosure_table import (
    ChangeTableModel,
    DisclosureTableModel,
    FlagRow,
    RedFlagTableModel,
    VersionRow,
    VersionTableModel,
)
from companion.ui.models.rows import RowFilterProxy
from companion.ui.tasks import is_autosave
from companion.ui.views.base import Page
from companion.ui.widgets.common import (
    EmptyState,
    make_table,
    note,
    page_title,
    set_column_widths,
    stretch_column,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from companion.domain.red_flags import RedFlag
    from companion.services.disclosures import (
        DisclosureDraft,
        DisclosureHistory,
        DisclosureLine,
        FormChoices,
    )
    from companion.ui.tasks import DbWorker
    from companion.ui.views.disclosure_form import Submission

MESSAGE_STYLE = "color: #1e8449;"


# -- on the database worker ----------------------------------------------------------------

@dataclass(frozen=True)
class RegisterData:
    lines: list[DisclosureLine]
    flags: list[FlagRow]


def flag_rows(flags: list[RedFlag], numbers: dict[uuid.UUID, int]) -> list[FlagRow]:
    return [FlagRow(str(flag.rule), flag.reason,
                    tuple(sorted(numbers[d] for d in flag.disclosure_ids if d in numbers)),
                    tuple(e.hex for e in flag.engagement_ids))
            for flag in flags]


def load_register(*, session: Session, today: date) -> RegisterData:
    from companion.services.disclosures import list_disclosures
    from companion.services.red_flags import compute_red_flags

    lines = list_disclosures(session=session)
    numbers = {line.disclosure_id: line.number for line in lines}
    return RegisterData(lines, flag_rows(compute_red_flags(session=session, today=today), numbers))


def load_red_flags(*, session: Session, today: date,
                   engagement_id: uuid.UUID | None = None) -> list[FlagRow]:
    """The red flags, or those whose engagements include ``engagement_id``."""
    from companion.services.disclosures import list_disclosures
    from companion.services.red_flags import compute_red_flags

    numbers = {line.disclosure_id: line.number for line in list_disclosures(session=session)}
    flags = compute_red_flags(session=session, today=today)
    if engagement_id is not None:
        flags = [flag for flag in flags if engagement_id in flag.engagement_ids]
    return flag_rows(flags, numbers)


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


def load_history(*, session: Session, disclosure_id: uuid.UUID) -> list[VersionRow]:
    from companion.services.disclosures import disclosure_history

    return version_rows(disclosure_history(session=session, disclosure_id=disclosure_id))


def load_form(*, session: Session, disclosure_id: uuid.UUID | None = None
              ) -> tuple[FormChoices, DisclosureDraft | None]:
    from companion.services.disclosures import current_draft, form_choices

    draft = current_draft(session=session, disclosure_id=disclosure_id) if disclosure_id else None
    return form_choices(session=session), draft


def load_recertification(*, session: Session, today: date) -> list[DisclosureLine]:
    from companion.services.disclosures import recertification_candidates

    return recertification_candidates(session=session, today=today)


# -- the red flags, shown here, on an engagement's page and on ホーム ------------------------

class RedFlagPanel(QWidget):
    """A heading with the count, and each red flag with its rule and reason."""

    engagement_requested = Signal(object)  # uuid.UUID of a flag's first engagement

    def __init__(self, *, title: str = "", empty_text: str = "", rows: int = 4,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("redFlagPanel")
        self._title = title or self.tr("注意事項(規則による判定)")
        self.title_label = QLabel()
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.model = RedFlagTableModel(self)
        self.table = make_table()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        set_column_widths(self.table, {0: 9, 1: 4})
        stretch_column(self.table, 2)
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setMaximumHeight(row_height * rows + self.table.horizontalHeader().sizeHint().height() + 6)
        self.table.activated.connect(self._activated)
        self.empty = QLabel(empty_text or self.tr("規則に当てはまる注意事項はありません。"))
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        self.set_flags([])

    def set_flags(self, flags: list[FlagRow]) -> None:
        self.model.set_rows(flags)
        count = len(flags)
        self.title_label.setText(self.tr("{title} {n}件").format(title=self._title, n=count))
        self.title_label.setStyleSheet("color: #a93226;" if count else "")
        self.table.setVisible(bool(count))
        self.empty.setVisible(not count)

    def flags(self) -> list[FlagRow]:
        return self.model.rows

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            flag: FlagRow = self.model.row_at(index.row())
            if flag.engagement_ids:
                self.engagement_requested.emit(uuid.UUID(flag.engagement_ids[0]))


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
        self.message_label.setStyleSheet(MESSAGE_STYLE)
        self.message_label.setWordWrap(True)

        self.flag_panel = RedFlagPanel(rows=4)
        self.flag_panel.engagement_requested.connect(self.open_engagement)

        self.history_title = QLabel(self.tr("開示を選ぶと、その版の履歴が表示されます。"))
        bold = self.history_title.font()
        bold.setBold(True)
        self.history_title.setFont(bold)
        self.versions_model = VersionTableModel(self)
        self.versions_table = make_table()
        self.versions_table.setModel(self.versions_model)
        set_column_widths(self.versions_table, {0: 2, 1: 6, 2: 12, 3: 4, 4: 8})
        stretch_column(self.versions_table, 5)
        self.versions_table.selectionModel().selectionChanged.connect(self._version_chosen)
        self.changes_model = ChangeTableModel(self)
        self.changes_table = make_table()
        self.changes_table.setModel(self.changes_model)
        self.changes_table.setWordWrap(True)
        set_column_widths(self.changes_table, {0: 6, 1: 14})
        stretch_column(self.changes_table, 2)
        self.changes_title = QLabel(self.tr("変更点(変更前 → 変更後)"))
        history_lists = QSplitter(Qt.Orientation.Horizontal)
        history_lists.addWidget(self.versions_table)
        changes = QWidget()
        changes_layout = QVBoxLayout(changes)
        changes_layout.setContentsMargins(0, 0, 0, 0)
        changes_layout.addWidget(self.changes_title)
        changes_layout.addWidget(self.changes_table, 1)
        history_lists.addWidget(changes)
        history_lists.setSizes([560, 520])
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.setContentsMargins(0, 4, 0, 0)
        history_layout.addWidget(self.history_title)
        history_layout.addWidget(history_lists, 1)

        self.register_area = QSplitter(Qt.Orientation.Vertical, self)
        self.register_area.addWidget(self.table)
        self.register_area.addWidget(history)
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
        layout.addWidget(self.flag_panel)
        layout.addLayout(self.stack, 1)
        self._update_actions()
        worker.data_changed.connect(self._data_changed)

    # -- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        self.worker.submit(load_register, today=self.today(), on_done=self._show)

    def _show(self, data: Any) -> None:
        self.model.set_rows(data.lines)
        by_number = {line.number: line.disclosure_id for line in data.lines}
        counts: dict[uuid.UUID, int] = {}
        for flag in data.flags:
            for number in flag.numbers:
                if number in by_number:
                    counts[by_number[number]] = counts.get(by_number[number], 0) + 1
        self.model.set_flag_counts(counts)
        self.flag_panel.set_flags(data.flags)
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
            self.versions_model.set_rows([])
            self.changes_model.set_rows([])
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
        self._history_id = disclosure_id
        self.worker.submit(load_history, disclosure_id=disclosure_id,
                           on_done=lambda rows: self._show_history(rows, disclosure_id))

    def _show_history(self, rows: list[VersionRow], disclosure_id: uuid.UUID) -> None:
        if disclosure_id != self._history_id:
            return  # another disclosure was chosen meanwhile
        line = self.selected_line()
        number = line.number if line is not None else "?"
        self.history_title.setText(self.tr("開示{n}の履歴(全{count}版)").format(n=number, count=len(rows)))
        self.versions_model.set_rows(rows)
        if rows:
            self.versions_table.selectRow(len(rows) - 1)
        self.history_loaded.emit()

    def _version_chosen(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = self.versions_table.selectionModel().selectedRows()
        if not indexes:
            self.changes_model.set_rows([])
            return
        version = self.versions_model.version_at(indexes[0].row())
        self.changes_title.setText(
            self.tr("第{v}版の内容") .format(v=version.version) if version.version == 1
            else self.tr("第{v}版の変更点(第{p}版 → 第{v}版)").format(v=version.version,
                                                                 p=version.version - 1))
        self.changes_model.set_changes(version.changes)

    def select_version(self, version: int) -> None:
        for row in range(self.versions_model.rowCount()):
            if self.versions_model.version_at(row).version == version:
                self.versions_table.selectRow(row)

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
        self.worker.submit(load_form, on_done=lambda data: self._open_form(data, None))

    def amend_selected(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        self.worker.submit(load_form, disclosure_id=line.disclosure_id,
                           on_done=lambda data: self._open_form(data, line))

    def _open_form(self, data: Any, line: DisclosureLine | None) -> None:
        from companion.ui.views.disclosure_form import DisclosureFormDialog

        choices, draft = data
        dialog = DisclosureFormDialog(choices=choices, today=self.today(), draft=draft,
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
        if line is None:
            def declared(disclosure_id: Any) -> None:
                dialog.accept()
                self._done(self.tr("開示を登録しました({counterpart})。").format(
                    counterpart=submission.draft.counterpart_name), disclosure_id)

            self.worker.submit(declare, draft=submission.draft, write=True,
                               undo_label=self.tr("開示の登録"), on_done=declared,
                               on_error=on_error)
            return

        def amended(_version_id: Any) -> None:
            dialog.accept()
            self._done(self.tr("開示{n}の新しい版を記録しました(理由: {reason})。").format(
                n=line.number, reason=submission.reason), line.disclosure_id)

        self.worker.submit(amend, disclosure_id=line.disclosure_id, draft=submission.draft,
                           reason=submission.reason, write=True,
                           undo_label=self.tr("開示{n}の変更").format(n=line.number),
                           on_done=amended, on_error=on_error)

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

            def ended(_version_id: Any) -> None:
                dialog.accept()
                self._done(self.tr("開示{n}の関与の終了を記録しました({day})。").format(
                    n=line.number, day=ymd(ended_on)), line.disclosure_id)

            self.worker.submit(end_interest, disclosure_id=line.disclosure_id, ended_on=ended_on,
                               reason=reason, today=self.today(), write=True,
                               undo_label=self.tr("開示{n}の終了").format(n=line.number),
                               on_done=ended, on_error=known_error_to(dialog.show_error, self.worker))

        dialog.submitted.connect(submit)
        dialog.open()

    def recertify(self) -> None:
        self.worker.submit(load_recertification, today=self.today(), on_done=self._confirm_recertify)

    def _confirm_recertify(self, lines: Any) -> None:
        from companion.domain.fiscal import fiscal_year_of
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

        def confirmed(result: Any) -> None:
            numbers = "・".join(str(n) for n in result.numbers)
            self._done(self.tr("年次確認として開示{numbers}の{n}件に「変更なし」の版を記録しました。").format(
                numbers=numbers, n=len(result.numbers)))

        self.worker.submit(recertify, today=self.today(), disclosure_ids=disclosure_ids,
                           write=True, undo_label=self.tr("年次確認"), on_done=confirmed)
