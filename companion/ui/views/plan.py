"""行動計画: an engagement's multi-year plan as a tree, edited from the keyboard.

Fiscal years (令和7年度 …) hold goals -> milestones -> actions. Every edit is one use
case on the database worker (services/plans.py) with an undo label; the window's 編集
menu undoes it. The plan reloads after any change (``DbWorker.data_changed``), keeping
the selection and what was collapsed. Beside the tree: what changed since the plan the
owner agreed to (合意した計画).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedLayout,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from companion.domain.calendar import fiscal_year_of
from companion.domain.enums import Owner, PlanLevel, PlanStatus
from companion.errors import KnownError
from companion.ui import ops
from companion.ui.formatting import wareki as wareki_day
from companion.ui.formatting import ymd
from companion.ui.i18n import enum_label, fiscal_year_text
from companion.ui.models.plan_tree import (
    PROGRESS_ROLE,
    PlanTreeModel,
)
from companion.ui.models.rows import AnyIndex, Column, RowTableModel
from companion.ui.views.engagement_tab import EngagementTab
from companion.ui.widgets.banner import Banner
from companion.ui.widgets.common import (
    EmptyState,
    make_table,
    set_column_widths,
    stretch_column,
)
from companion.ui.widgets.forms import DateField, FormDialog, enum_combo, find_data

if TYPE_CHECKING:
    from companion.services.plans import PlanOverview, PlanRow
    from companion.ui.tasks import DbWorker, Job


class ProgressDelegate(QStyledItemDelegate):
    """Draws the 進捗 column as its percentage with a thin bar beside it."""

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        value = index.data(PROGRESS_ROLE)
        if not isinstance(value, int):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        text = option.text
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect = option.rect.adjusted(6, 0, -6, 0)
        text_width = option.fontMetrics.horizontalAdvance("100%") + 4
        painter.save()
        painter.setPen(option.palette.color(QPalette.ColorRole.Text)
                       if not option.state & QStyle.StateFlag.State_Selected
                       else option.palette.color(QPalette.ColorRole.HighlightedText))
        painter.drawText(rect.adjusted(rect.width() - text_width, 0, 0, 0),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
        bar = QRect(rect.left(), rect.center().y() - 3, max(0, rect.width() - text_width - 4), 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#dfe3e8"))
        painter.drawRoundedRect(bar, 3, 3)
        if value > 0:
            done = QRect(bar.left(), bar.top(), max(6, bar.width() * value // 100), bar.height())
            painter.setBrush(QColor("#2e7d32" if value >= 100 else "#3b7dd8"))
            painter.drawRoundedRect(done, 3, 3)
        painter.restore()


class ConfirmDialog(QDialog):
    """A yes / no question whose safe answer (キャンセル) is the default: Enter keeps."""

    def __init__(self, *, title: str, text: str, hint: str, confirm: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumSize(440, 160)
        self.text_label = QLabel(text)
        self.text_label.setWordWrap(True)
        hint_label = QLabel(hint)
        hint_label.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.confirm_button = buttons.addButton(confirm,
                                                QDialogButtonBox.ButtonRole.DestructiveRole)
        self.cancel_button = buttons.addButton(self.tr("キャンセル"),
                                               QDialogButtonBox.ButtonRole.RejectRole)
        self.confirm_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)
        self.confirm_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_label)
        layout.addWidget(hint_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.cancel_button.setFocus()


class PlanTreeView(QTreeView):
    """The plan tree: Tab / Shift+Tab indent and outdent the current item."""

    indent_requested = Signal()
    outdent_requested = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            control = event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                           | Qt.KeyboardModifier.AltModifier)
            if not control and event.key() == Qt.Key.Key_Backtab:
                self.outdent_requested.emit()
                return True
            if not control and event.key() == Qt.Key.Key_Tab:
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.outdent_requested.emit()
                else:
                    self.indent_requested.emit()
                return True
        return super().event(event)


class PlanChangeModel(RowTableModel):
    """What changed since the agreed plan: rows are (kind, year label, title, detail)."""

    context = "PlanChangeModel"
    columns = (
        Column("変更", lambda r: r[0]),
        Column("項目", lambda r: f"{r[2]}\n{r[1]}  {r[3]}".rstrip()),
    )


class PlanItemDialog(FormDialog):
    """Adding or editing one goal, milestone or action."""

    def __init__(self, worker: DbWorker, *, level: PlanLevel, fiscal_year: int, wareki: bool,
                 row: PlanRow | None = None, engagement_id: uuid.UUID | None = None,
                 parent_id: uuid.UUID | None = None, after_id: uuid.UUID | None = None,
                 today: date | None = None, parent: QWidget | None = None) -> None:
        title = (self.tr("{level}を編集") if row else self.tr("{level}を追加")).format(
            level=enum_label(level))
        super().__init__(worker, title=title, parent=parent)
        self.row = row
        self.level = level
        self.engagement_id = engagement_id
        self.parent_id = parent_id
        self.after_id = after_id
        self.fiscal_year = fiscal_year
        self.today = today or date.today()
        kind = QLabel(f"{enum_label(level)}({fiscal_year_text(fiscal_year, wareki=wareki)})")
        self.form.addRow(self.tr("種類:"), kind)
        self.title_edit = self.add_field("title", self.tr("項目名(必須):"), QPlainTextEdit())
        assert isinstance(self.title_edit, QPlainTextEdit)
        self.title_edit.setTabChangesFocus(True)
        self.title_edit.setFixedHeight(self.fontMetrics().height() * 3)
        self.owner_combo = self.add_field("owner", self.tr("担当:"),
                                          enum_combo(list(Owner), Owner.JOINT))
        self.due_field = self.add_field("due_on", self.tr("期日:"), DateField())
        self.status_combo = self.add_field("status", self.tr("状況:"),
                                           enum_combo(list(PlanStatus), PlanStatus.NOT_STARTED))
        self.progress_spin = QSpinBox()
        self.progress_spin.setRange(0, 100)
        self.progress_spin.setSingleStep(10)
        self.progress_spin.setSuffix("%")
        rolled = row is not None and row.level != PlanLevel.ACTION and row.rollup.actions > 0
        self.add_field("progress", self.tr("進捗:"), self.progress_spin,
                       note=self.tr("下のアクションから自動で集計されます。") if rolled else "")
        self.progress_spin.setEnabled(not rolled)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().height() * 4)
        self.add_field("notes", self.tr("メモ:"), self.notes_edit)
        if row is not None:
            self.title_edit.setPlainText(row.title)
            for combo, value in ((self.owner_combo, row.owner), (self.status_combo, row.status)):
                assert isinstance(combo, QComboBox)
                combo.setCurrentIndex(max(0, find_data(combo, value)))
            self.due_field.set_date(row.due_on)
            self.progress_spin.setValue(row.progress)
            self.notes_edit.setPlainText(row.notes)
        self.title_edit.setFocus()

    def draft(self) -> Any:
        from companion.services.plans import PlanItemDraft

        assert isinstance(self.owner_combo, QComboBox) and isinstance(self.status_combo, QComboBox)
        assert isinstance(self.title_edit, QPlainTextEdit)
        return PlanItemDraft(
            title=self.title_edit.toPlainText(), owner=self.owner_combo.currentData(),
            due_on=self.due_field.value(field="due_on", label=self.tr("期日")),
            status=self.status_combo.currentData(), progress=self.progress_spin.value(),
            notes=self.notes_edit.toPlainText())

    def submit(self) -> None:
        from companion.services.plans import add_plan_item, update_plan_item

        draft = self.draft()
        if self.row is None:
            self.save(add_plan_item, undo_label=self.tr("計画項目を追加"),
                      engagement_id=self.engagement_id, fiscal_year=self.fiscal_year,
                      parent_id=self.parent_id, after_id=self.after_id, draft=draft,
                      today=self.today)
            return
        before = self.row.draft
        changed = {name for name in ("title", "owner", "due_on", "status", "progress", "notes")
                   if getattr(before, name) != getattr(draft, name)}
        label = {frozenset({"due_on"}): self.tr("期日を変更"),
                 frozenset({"status"}): self.tr("状況を変更"),
                 frozenset({"status", "progress"}): self.tr("状況を変更"),
                 frozenset({"title"}): self.tr("項目名を変更")}.get(frozenset(changed),
                                                                   self.tr("計画項目を編集"))
        self.save(update_plan_item, undo_label=label, item_id=self.row.id,
                  draft=draft)


class BaselineDialog(FormDialog):
    """合意した計画として保存: the day it was agreed and a name."""

    def __init__(self, worker: DbWorker, *, engagement_id: uuid.UUID, today: date,
                 wareki: bool, parent: QWidget | None = None) -> None:
        super().__init__(worker, title=self.tr("合意した計画として保存"), parent=parent)
        self.engagement_id = engagement_id
        note = QLabel(self.tr("いまの計画を、事業者と合意した版として日付つきで記録します。"
                              "後から、この版との違い(追加・削除・期日の変更)を確認できます。"))
        note.setWordWrap(True)
        self.form.addRow(note)
        self.agreed_field = self.add_field("agreed_on", self.tr("合意日:"), DateField(optional=False))
        assert isinstance(self.agreed_field, DateField)
        self.agreed_field.set_date(today)
        self.label_edit = QLineEdit(self.tr("{year} 合意版").format(
            year=fiscal_year_text(fiscal_year_of(today), wareki=wareki)))
        self.add_field("label", self.tr("名称:"), self.label_edit)

    def submit(self) -> None:
        from companion.services.plans import save_baseline

        assert isinstance(self.agreed_field, DateField)
        self.save(save_baseline, undo_label=self.tr("合意した計画として保存"),
                  engagement_id=self.engagement_id,
                  agreed_on=self.agreed_field.value(field="agreed_on", label=self.tr("合意日")),
                  label=self.label_edit.text())


class PlanView(EngagementTab):
    """The 行動計画 tab of an engagement."""

    loaded = Signal()

    def __init__(self, worker: DbWorker, *, today: Callable[[], date] = date.today,
                 wareki_source: Callable[[], bool] = lambda: True,
                 parent: QWidget | None = None) -> None:
        super().__init__(worker, today=today, parent=parent)
        self.wareki_source = wareki_source
        self.overview: PlanOverview | None = None
        self._select_after: uuid.UUID | int | None = None
        self._collapsed: set[uuid.UUID | int] = set()
        self._baseline_choice: uuid.UUID | None = None
        self._compare = True
        self._collapse_past = True  # years before this one start folded
        self.active_dialog: FormDialog | None = None  # the last dialog opened (tests, focus)
        self.confirm_box: ConfirmDialog | None = None  # the last question asked (tests)
        self._keep_message = False

        self.model = PlanTreeModel(self)
        self.model.move_requested.connect(self.move_item)
        self.tree = PlanTreeView()
        self.tree.setObjectName("planTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setItemDelegateForColumn(PlanTreeModel.PROGRESS, ProgressDelegate(self.tree))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.indent_requested.connect(self.indent)
        self.tree.outdent_requested.connect(self.outdent)
        self.tree.activated.connect(lambda _index: self.edit_item())
        self.tree.collapsed.connect(lambda index: self._collapsed.add(self._key(index)))
        self.tree.expanded.connect(lambda index: self._collapsed.discard(self._key(index)))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(PlanTreeModel.TITLE, QHeaderView.ResizeMode.Stretch)
        unit = self.fontMetrics().horizontalAdvance("国")
        for column, chars in ((PlanTreeModel.OWNER, 3.5), (PlanTreeModel.DUE, 6),
                              (PlanTreeModel.STATUS, 5.5), (PlanTreeModel.PROGRESS, 5),
                              (PlanTreeModel.CHANGE, 7.5)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.tree.setColumnWidth(column, int(unit * chars) + 20)
        self.tree.selectionModel().currentChanged.connect(lambda *_args: self._update_actions())

        self._build_actions()
        # The tree stays (its year rows are where the first goal goes); the note says how,
        # with a button for the first goal.
        self.empty = QWidget()
        self.empty.setObjectName("planEmpty")
        self.empty_label = EmptyState(self.tr(
            "まだ計画がありません。年度を選んで「項目を追加」(Insert)を押し、その年度の目標から"
            "作りましょう。"))
        self.empty_label.setMargin(6)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.first_goal_button = QPushButton(self.tr("最初の目標を追加"))
        self.first_goal_button.clicked.connect(lambda _checked=False: self.add_item())
        empty_layout = QHBoxLayout(self.empty)
        empty_layout.setContentsMargins(0, 0, 6, 0)
        empty_layout.addWidget(self.empty_label, 1)
        empty_layout.addWidget(self.first_goal_button)
        self.empty.setVisible(False)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self._toolbar())
        left_layout.addWidget(self.empty)
        left_layout.addWidget(self.tree, 1)
        # Messages float over the bottom of the tree: the tree never moves for them.
        self.message = Banner(self.tree)
        self.message.setObjectName("planMessage")

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._diff_panel())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.splitter)
        self._update_actions()

    # -- building ---------------------------------------------------------------------

    def _action(self, text: str, shortcuts: list[QKeySequence], slot: Callable[[], object],
                tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setShortcuts(shortcuts)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        keys = " / ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in shortcuts)
        action.setToolTip(f"{tip or text}({keys})" if keys else (tip or text))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence
        ctrl, shift, alt = Qt.Modifier.CTRL, Qt.Modifier.SHIFT, Qt.Modifier.ALT
        self.add_action = self._action(
            self.tr("項目を追加"), [key(Qt.Key.Key_Insert), key(ctrl | shift | Qt.Key.Key_N)],
            self.add_item, self.tr("選んだ項目の次に、同じ階層の項目を追加"))
        self.add_child_action = self._action(
            self.tr("下位の項目を追加"), [key(ctrl | alt | Qt.Key.Key_N)], self.add_child,
            self.tr("目標の下にマイルストーン、マイルストーンの下にアクションを追加"))
        self.edit_action = self._action(self.tr("編集…"), [key(Qt.Key.Key_F2)], self.edit_item)
        self.done_action = self._action(self.tr("完了にする"), [key(ctrl | Qt.Key.Key_Return)],
                                        self.mark_done)
        self.indent_action = self._action(
            self.tr("字下げ(Tab)"), [key(ctrl | Qt.Key.Key_BracketRight)], self.indent,
            self.tr("上の項目の下位にする(Tab でも可)"))
        self.outdent_action = self._action(
            self.tr("字上げ(Shift+Tab)"), [key(ctrl | Qt.Key.Key_BracketLeft)], self.outdent,
            self.tr("ひとつ上の階層にする(Shift+Tab でも可)"))
        self.up_action = self._action(self.tr("上へ移動"), [key(alt | Qt.Key.Key_Up)],
                                      lambda: self.shift(-1))
        self.down_action = self._action(self.tr("下へ移動"), [key(alt | Qt.Key.Key_Down)],
                                        lambda: self.shift(+1))
        self.copy_next_action = self._action(
            self.tr("翌年度へコピー"), [key(ctrl | shift | Qt.Key.Key_Y)], self.copy_to_next_year,
            self.tr("終わっていないアクションを翌年度の計画にも入れる"))
        self.delete_action = self._action(self.tr("削除"), [key(Qt.Key.Key_Delete)], self.delete_item,
                                          self.tr("項目と下位の項目を削除(元に戻せます)"))
        self.baseline_action = self._action(
            self.tr("合意した計画として保存…"), [key(ctrl | shift | Qt.Key.Key_S)],
            self.save_baseline, self.tr("いまの計画を、事業者と合意した版として記録"))
        self.menu = QMenu(self)
        for action in (self.add_action, self.add_child_action, self.edit_action, None,
                       self.done_action, self.copy_next_action, None, self.indent_action,
                       self.outdent_action, self.up_action, self.down_action, None,
                       self.delete_action, None, self.baseline_action):
            if action is None:
                self.menu.addSeparator()
            else:
                self.menu.addAction(action)

    def _toolbar(self) -> QToolBar:
        """The main edits as buttons; the rest under 操作 (a narrow window folds the
        buttons that do not fit into the toolbar's » menu)."""
        bar = QToolBar()
        bar.setObjectName("planToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.add_action, self.add_child_action, self.edit_action,
                       self.done_action, self.copy_next_action, self.delete_action):
            bar.addAction(action)
        more = QToolButton()
        more.setText(self.tr("操作"))
        more.setToolTip(self.tr("すべての操作とショートカット"))
        more.setMenu(self.menu)
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(more)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addAction(self.baseline_action)
        return bar

    def _diff_panel(self) -> QWidget:
        panel = QWidget()
        heading = QLabel(self.tr("合意した計画との比較"))
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.baseline_combo = QComboBox()
        self.baseline_combo.setMinimumContentsLength(14)
        self.baseline_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.baseline_combo.activated.connect(self._baseline_chosen)
        self.diff_summary = QLabel()
        self.diff_summary.setWordWrap(True)
        self.change_model = PlanChangeModel(self)
        self.change_table = make_table()
        self.change_table.setModel(self.change_model)
        self.change_table.setWordWrap(True)
        set_column_widths(self.change_table, {0: 3})
        stretch_column(self.change_table, 1)
        self.change_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.no_baseline = EmptyState(self.tr(
            "まだ合意した計画がありません。\n事業者と計画を合意したら「合意した計画として保存」"
            "(Ctrl+Shift+S)で記録すると、後から変更点を確認できます。"))
        self.no_baseline.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.diff_stack = QStackedLayout()
        self.diff_stack.addWidget(self.change_table)
        self.diff_stack.addWidget(self.no_baseline)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.baseline_combo)
        layout.addWidget(self.diff_summary)
        layout.addLayout(self.diff_stack, 1)
        panel.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 18)
        return panel

    # -- loading --------------------------------------------------------------------------

    def _forget_shown(self) -> None:
        self.overview = None
        self._collapsed.clear()
        self._collapse_past = True
        self._baseline_choice = None
        self._compare = True

    def _start_loading(self, engagement_id: uuid.UUID) -> Job:
        from companion.services.plans import plan_overview

        return ops.read(plan_overview, engagement_id=engagement_id,
                        baseline_id=self._baseline_choice, compare=self._compare,
                        today=self.today()).success(self._show).run(self.worker)

    def _key(self, index: AnyIndex) -> uuid.UUID | int:
        row = self.model.row_at(index)
        return row.id if row is not None else self.model.year_at(index) or 0

    def _show(self, overview: Any) -> None:
        self._job = None
        if overview.engagement_id != self.engagement_id:
            return
        current = self._select_after
        self._select_after = None
        if current is None:
            index = self.tree.currentIndex()
            current = self._key(index) if index.isValid() else None
        self.overview = overview
        if not self._keep_message:  # a change from elsewhere (an undo): not ours to report
            self.message.hide()
        self._keep_message = False
        if self._collapse_past:
            self._collapse_past = False
            this_year = fiscal_year_of(self.today())
            self._collapsed |= {year for year in overview.fiscal_years if year < this_year}
        self.model.set_overview(overview, wareki=self.wareki_source(), today=self.today())
        self._restore_tree(current)
        self.empty.setVisible(not overview.rows)
        self._show_diff(overview)
        self._update_actions()
        self.has_data = True
        self.loaded.emit()

    def _restore_tree(self, current: uuid.UUID | int | None) -> None:
        def walk(parent: QModelIndex) -> None:
            for number in range(self.model.rowCount(parent)):
                index = self.model.index(number, 0, parent)
                if self.model.rowCount(index):
                    self.tree.setExpanded(index, self._key(index) not in self._collapsed)
                    walk(index)

        walk(QModelIndex())
        target = QModelIndex()
        if isinstance(current, uuid.UUID):
            target = self.model.index_of_item(current)
        elif isinstance(current, int):
            target = self.model.index_of_year(current)
        if not target.isValid() and self.overview and self.overview.fiscal_years:
            year = fiscal_year_of(self.today())
            years = self.overview.fiscal_years
            target = self.model.index_of_year(year if year in years else years[0])
        if target.isValid():
            self.tree.setCurrentIndex(target)
            self.tree.scrollTo(target)

    def _show_diff(self, overview: PlanOverview) -> None:
        wareki = self.wareki_source()
        self.baseline_combo.blockSignals(True)
        self.baseline_combo.clear()
        for info in overview.baselines:
            day = wareki_day(info.agreed_on) if wareki else ymd(info.agreed_on)
            text = f"{day} {info.label}".strip()
            self.baseline_combo.addItem(text, info.id)
        if overview.baselines:
            self.baseline_combo.addItem(self.tr("比較しない"), None)
        chosen = overview.compared_with.id if overview.compared_with else None
        self.baseline_combo.setCurrentIndex(max(0, find_data(self.baseline_combo, chosen)))
        self.baseline_combo.setVisible(bool(overview.baselines))
        self.baseline_combo.blockSignals(False)
        diff = overview.diff
        if diff is None:
            self.change_model.set_rows([])
            self.diff_summary.setText("" if not overview.baselines else
                                      self.tr("合意した計画と比べていません。"))
            self.diff_stack.setCurrentWidget(self.no_baseline if not overview.baselines
                                             else self.change_table)
            return

        def year(fiscal_year: int) -> str:
            return fiscal_year_text(fiscal_year, wareki=wareki)

        rows: list[tuple[str, str, str, str]] = []
        rows += [(self.tr("追加"), year(n.fiscal_year), n.title, ymd(n.due_on)) for n in diff.added]
        rows += [(self.tr("削除"), year(n.fiscal_year), n.title, ymd(n.due_on))
                 for n in diff.removed]
        for change in diff.rescheduled:
            if change.before.fiscal_year != change.after.fiscal_year:
                detail = f"{year(change.before.fiscal_year)} → {year(change.after.fiscal_year)}"
            else:
                detail = (f"{ymd(change.before.due_on) or self.tr('なし')} → "
                          f"{ymd(change.after.due_on) or self.tr('なし')}")
            rows.append((self.tr("期日"), year(change.after.fiscal_year), change.after.title,
                         detail))
        rows += [(self.tr("名称"), year(c.after.fiscal_year), c.after.title,
                  self.tr("旧: {title}").format(title=c.before.title)) for c in diff.renamed]
        self.change_model.set_rows(rows)
        self.change_table.resizeRowsToContents()
        if diff.empty:
            self.diff_summary.setText(self.tr("合意した計画から変わっていません。"))
        else:
            self.diff_summary.setText(self.tr(
                "追加 {added}件・削除 {removed}件・期日の変更 {moved}件・名称の変更 {renamed}件").format(
                added=len(diff.added), removed=len(diff.removed), moved=len(diff.rescheduled),
                renamed=len(diff.renamed)))
        self.diff_stack.setCurrentWidget(self.change_table)

    def _baseline_chosen(self, _number: int) -> None:
        chosen = self.baseline_combo.currentData()
        self._compare = chosen is not None
        self._baseline_choice = chosen
        self.reload()

    # -- what is selected ----------------------------------------------------------------

    def current_row(self) -> PlanRow | None:
        return self.model.row_at(self.tree.currentIndex())

    def current_year(self) -> int | None:
        index = self.tree.currentIndex()
        year = self.model.year_at(index)
        if year is not None:
            return year
        if self.overview and self.overview.fiscal_years:
            today = fiscal_year_of(self.today())
            return today if today in self.overview.fiscal_years else self.overview.fiscal_years[0]
        return None

    def select_item(self, item_id: uuid.UUID) -> None:
        index = self.model.index_of_item(item_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)

    def _update_actions(self) -> None:
        row = self.current_row()
        ready = self.overview is not None
        self.add_action.setEnabled(ready)
        self.add_child_action.setEnabled(ready and (row is None or row.level != PlanLevel.ACTION))
        for action in (self.edit_action, self.delete_action, self.indent_action,
                       self.outdent_action, self.up_action, self.down_action):
            action.setEnabled(row is not None)
        self.done_action.setEnabled(row is not None and row.rollup.status != PlanStatus.DONE
                                    and (row.level == PlanLevel.ACTION or not row.has_children))
        self.copy_next_action.setEnabled(row is not None and row.level == PlanLevel.ACTION
                                         and row.status not in (PlanStatus.DONE,
                                                                PlanStatus.DROPPED))
        self.baseline_action.setEnabled(ready and bool(self.overview and self.overview.rows))

    def _context_menu(self, position: Any) -> None:
        self.menu.popup(self.tree.viewport().mapToGlobal(position))

    # -- messages -------------------------------------------------------------------------

    def say(self, text: str, *, error: bool = False) -> None:
        """A message over the bottom of the tree (and in the window's status bar)."""
        self.message.show_text(text, error=error)
        window = self.window()
        if text and isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, Banner.SHOWN_MS)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, KnownError):
            self.say(error.message + (f" {error.hint}" if error.hint else ""), error=True)
        else:
            self.worker.report_error(error)

    def _run(self, use_case: Callable[..., Any], label: str, *, done: str = "",
             select: Callable[[Any], uuid.UUID | None] | None = None, **kwargs: Any) -> None:
        """Run a write use case of services/plans.py with ``kwargs`` (undoable as
        ``label``), then select what ``select`` picks from its result and say ``done``."""
        self.say("")

        def finished(result: Any) -> None:
            self._keep_message = True  # the reload that follows keeps what is said here
            if select is not None:
                self._select_after = select(result)
                if self._select_after is not None and not self._stale:
                    self.select_item(self._select_after)
            if done:
                self.say(done)

        ops.write(use_case, undo_label=label, **kwargs) \
            .success(finished).failure(self._failed).run(self.worker)

    # -- the edits ------------------------------------------------------------------------

    def _dialog(self, dialog: PlanItemDialog) -> PlanItemDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if dialog.row is None:
            dialog.saved.connect(self._added)
        dialog.open()
        self.active_dialog = dialog
        return dialog

    def _added(self, item_id: Any) -> None:
        self._select_after = item_id
        if not self._stale:
            self.select_item(item_id)

    def add_item(self) -> PlanItemDialog | None:
        """A new item after the current one, on its level (a goal on a year row)."""
        if self.overview is None or self.engagement_id is None:
            return None
        row = self.current_row()
        year = row.fiscal_year if row else self.current_year()
        if year is None:
            return None
        level = row.level if row else PlanLevel.GOAL
        return self._dialog(PlanItemDialog(
            self.worker, level=level, fiscal_year=year, wareki=self.wareki_source(),
            engagement_id=self.engagement_id, parent_id=row.parent_id if row else None,
            after_id=row.id if row else None, today=self.today(), parent=self))

    def add_child(self) -> PlanItemDialog | None:
        if self.overview is None or self.engagement_id is None:
            return None
        row = self.current_row()
        if row is None:
            return self.add_item()
        if row.level == PlanLevel.ACTION:
            self.say(self.tr("アクションの下には項目を追加できません。"), error=True)
            return None
        level = PlanLevel.MILESTONE if row.level == PlanLevel.GOAL else PlanLevel.ACTION
        return self._dialog(PlanItemDialog(
            self.worker, level=level, fiscal_year=row.fiscal_year, wareki=self.wareki_source(),
            engagement_id=self.engagement_id, parent_id=row.id, today=self.today(),
            parent=self))

    def edit_item(self) -> PlanItemDialog | None:
        row = self.current_row()
        if row is None:
            return None
        return self._dialog(PlanItemDialog(
            self.worker, level=row.level, fiscal_year=row.fiscal_year,
            wareki=self.wareki_source(), row=row, today=self.today(), parent=self))

    def mark_done(self) -> None:
        row = self.current_row()
        if row is None or row.status == PlanStatus.DONE:
            return
        if row.level != PlanLevel.ACTION and row.has_children:
            self.say(self.tr("目標やマイルストーンの進み具合は、下のアクションから集計されます。"),
                     error=True)
            return
        from companion.services.plans import set_plan_item_status

        self._run(set_plan_item_status, self.tr("完了にする"), item_id=row.id,
                  status=PlanStatus.DONE)

    def indent(self) -> None:
        from companion.services.plans import indent_plan_item

        row = self.current_row()
        if row is not None:
            self._run(indent_plan_item, self.tr("字下げ"), item_id=row.id)

    def outdent(self) -> None:
        from companion.services.plans import outdent_plan_item

        row = self.current_row()
        if row is not None:
            self._run(outdent_plan_item, self.tr("字上げ"), item_id=row.id)

    def shift(self, delta: int) -> None:
        from companion.services.plans import shift_plan_item

        row = self.current_row()
        if row is not None:
            self._run(shift_plan_item, self.tr("項目を移動"), item_id=row.id, delta=delta)

    def move_item(self, item_id: Any, parent_id: Any, fiscal_year: int, index: int) -> None:
        """A drop on the tree: move the item (and what is below it) there."""
        from companion.services.plans import move_plan_item

        self._select_after = item_id
        self._run(move_plan_item, self.tr("項目を移動"), item_id=item_id, parent_id=parent_id,
                  fiscal_year=fiscal_year, index=None if index < 0 else index,
                  today=self.today())

    def copy_to_next_year(self) -> None:
        row = self.current_row()
        if row is None:
            return
        next_year = fiscal_year_text(row.fiscal_year + 1, wareki=self.wareki_source())
        from companion.services.plans import copy_to_next_fiscal_year

        self._run(copy_to_next_fiscal_year, self.tr("翌年度へコピー"), item_id=row.id,
                  done=self.tr("「{title}」を{year}の計画にコピーしました。").format(
                      title=row.title, year=next_year),
                  select=lambda new_id: new_id)

    def delete_item(self) -> ConfirmDialog | None:
        """Delete the current item; one with items below it is confirmed first (the
        question is returned, open, for tests; キャンセル is its default)."""
        row = self.current_row()
        if row is None:
            return None
        if not row.has_children:
            self._delete(row)
            return None
        below = sum(1 for r in (self.overview.rows if self.overview else ())
                    if self._is_below(r, row))
        box = ConfirmDialog(
            title=self.tr("計画項目の削除"),
            text=self.tr("「{title}」と、その下の{n}件の項目を削除しますか?").format(
                title=row.title, n=below),
            hint=self.tr("削除した後でも「元に戻す」(Ctrl+Z)で戻せます。"),
            confirm=self.tr("削除する"), parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self._delete(row)
            else:
                self.say(self.tr("削除を取りやめました。"))

        box.finished.connect(answered)
        box.open()
        self.confirm_box = box
        return box

    def _is_below(self, candidate: PlanRow, ancestor: PlanRow) -> bool:
        rows = {r.id: r for r in (self.overview.rows if self.overview else ())}
        parent = candidate.parent_id
        while parent is not None:
            if parent == ancestor.id:
                return True
            found = rows.get(parent)
            parent = found.parent_id if found else None
        return False

    def _delete(self, row: PlanRow) -> None:
        self._select_after = row.parent_id or row.fiscal_year
        from companion.services.plans import delete_plan_item

        # The undo label names the item: the window then says 『…』の削除を元に戻しました.
        self._run(delete_plan_item, self.tr("『{title}』の削除").format(title=row.title),
                  item_id=row.id,
                  done=self.tr("「{title}」を削除しました(元に戻す: Ctrl+Z)。").format(
                      title=row.title))

    def save_baseline(self) -> BaselineDialog | None:
        if self.engagement_id is None or not (self.overview and self.overview.rows):
            return None
        dialog = BaselineDialog(self.worker, engagement_id=self.engagement_id, today=self.today(),
                                wareki=self.wareki_source(), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._baseline_saved)
        dialog.open()
        self.active_dialog = dialog
        return dialog

    def _baseline_saved(self, baseline_id: Any) -> None:
        self._baseline_choice = baseline_id
        self._compare = True
        self.say(self.tr("いまの計画を合意した計画として保存しました。"))
