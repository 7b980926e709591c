"""訪問を記録: the visit form, made to log a visit in two minutes in a car park.

It opens prefilled: today, the engagement, a template's note structure with the last
visit's open next actions, and beside it what was agreed last time (tick to mark it
done) and the plan actions falling due. A new visit is a draft from the first
keystroke: the form autosaves it every few seconds and whenever the focus leaves a
field (``save_draft`` on the database worker, with an undo label made by
``tasks.autosave_label`` so autosaves never fill the undo stack). Closing asks whether
to save, keep the draft or discard it; the draft is never dropped silently.

Saving (Ctrl+S, or the button: never Enter, which Japanese input methods use to confirm
a conversion) checks everything in ``services.visits.capture``; a refused field shows its
message next to it and gets the focus, and the draft stays as it was. A saved visit
opens in the same form for amendment; the amendment is autosaved too (a draft beside
the visit, ``save_amendment_draft``) and offered back after a crash, and once saved the
change log keeps every earlier text, shown by 変更履歴.

The form opens with the cursor in 記録 and at a size the screen can hold; its body
scrolls on a small screen (1280x720) while the buttons stay in view.
"""

from __future__ import annotations

import contextlib
import enum
import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from companion.domain.enums import Owner, VisitMode
from companion.errors import KnownError, ValidationError
from companion.ui import ops
from companion.ui.formatting import ymd, ymd_hm
from companion.ui.i18n import vocabulary_label
from companion.ui.models.visit_actions import ActionTableModel
from companion.ui.tasks import autosave_label
from companion.ui.widgets.attachments import AttachmentsWidget, while_alive
from companion.ui.widgets.common import error_colour, error_style

if TYPE_CHECKING:
    from companion.services.visits.capture import AmendmentDraft, VisitDraft, VisitRecord
    from companion.services.visits.form_context import EngagementChoice, VisitContext
    from companion.services.visits.templates import TemplateInfo
    from companion.ui.tasks import DbWorker, Job

AUTOSAVE_MS = 3_000  # while typing, the draft is written at most this long after a change
FOLLOW_UP_DAYS = 30  # default follow-up date after the visit
ACTION_DUE_DAYS = 14  # default due date of a new next action
NO_DATE = QDate(2000, 1, 1)  # the minimum of the due-date editor, shown as なし
PREFERRED_SIZE = QSize(1240, 860)
MINIMUM_SIZE = QSize(760, 480)
FRAME_TOP = 36  # the title bar a window manager adds above the window
FRAME_SIDE = 8  # its border


class FormMode(enum.Enum):
    NEW = "new"  # a visit being logged (a draft after the first autosave)
    DRAFT = "draft"  # a draft reopened (after a crash or a close)
    AMEND = "amend"  # a saved visit being changed


# --- small dialogs with Japanese buttons (see ui/dialogs/message.py for why) --------------

class ChoiceDialog(QDialog):
    """A question with a few named answers; ``choice`` is the key of the one pressed."""

    def __init__(self, *, title: str, text: str, choices: list[tuple[str, str]],
                 default: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumSize(480, 170)  # fixed before it is shown (see MessageDialog)
        self.choice: str | None = None
        self.text_label = QLabel(text)
        self.text_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for key, label in choices:
            button = QPushButton(label)
            button.setAutoDefault(key == default)
            button.setDefault(key == default)
            button.clicked.connect(lambda _checked=False, chosen=key: self._choose(chosen))
            buttons.addWidget(button)
            self.buttons[key] = button
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_label, 1)
        layout.addLayout(buttons)
        self.buttons[default].setFocus()

    def _choose(self, key: str) -> None:
        self.choice = key
        self.accept()


class NameDialog(QDialog):
    """Asks for a short name (a template's)."""

    def __init__(self, *, title: str, label: str, text: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumSize(440, 170)
        self.edit = QLineEdit(text)
        self.edit.setMaxLength(40)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(error_style(self.error_label))
        self.error_label.hide()
        ok = QPushButton(self.tr("保存"))
        ok.setDefault(True)
        ok.clicked.connect(self.accept)
        cancel = QPushButton(self.tr("キャンセル"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(ok)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(label))
        layout.addWidget(self.edit)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    def value(self) -> str:
        return self.edit.text().strip()


# --- delegates of the next-action table --------------------------------------------------

class OwnerDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.addItems([owner.value for owner in Owner])
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor: QWidget, model: Any,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class DueDelegate(QStyledItemDelegate):
    """A date editor whose lowest value means no due date (shown as なし)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QDateEdit(parent)
        editor.setDisplayFormat("yyyy/MM/dd")
        editor.setCalendarPopup(True)
        editor.setMinimumDate(NO_DATE)
        editor.setSpecialValueText(self.tr("なし"))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QDateEdit)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setDate(value if isinstance(value, QDate) and value.isValid() else NO_DATE)

    def setModelData(self, editor: QWidget, model: Any,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QDateEdit)
        value = editor.date()
        model.setData(index, QDate() if value == NO_DATE else value, Qt.ItemDataRole.EditRole)


class PlanDelegate(QStyledItemDelegate):
    """Chooses the plan action a next action moves (or none)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.choices: list[tuple[str, uuid.UUID | None]] = []

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(self.tr("(なし)"), None)
        for label, plan_id in self.choices:
            combo.addItem(label, plan_id)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        current = index.data(Qt.ItemDataRole.EditRole)
        for row in range(editor.count()):
            if editor.itemData(row) == current:
                editor.setCurrentIndex(row)

    def setModelData(self, editor: QWidget, model: Any,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def _plain_text(lines: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    height = edit.fontMetrics().lineSpacing() * lines + 14
    edit.setMinimumHeight(height)
    return edit


def _bold(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setStyleSheet(error_style(label))
    label.hide()
    return label


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class VisitForm(QDialog):
    """The visit form (a window of its own, so the engagement page stays readable)."""

    loaded = Signal()  # the fields show the visit or its prefill
    autosaved = Signal(object)  # uuid.UUID: the draft as typed so far is in the database
    saved = Signal(object)  # VisitSaved: saved or amended for good
    discarded = Signal(object)  # uuid.UUID of the draft thrown away
    follow_up_changed = Signal()  # an earlier next action was marked done (or not)

    def __init__(self, worker: DbWorker, *, today: Callable[[], date] = date.today,
                 engagement_id: uuid.UUID | None = None, visit_id: uuid.UUID | None = None,
                 now: Callable[[], datetime] | None = None, autosave_ms: int = AUTOSAVE_MS,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.today = today
        self.now = now or (lambda: datetime.now().astimezone())
        self.mode = FormMode.NEW if visit_id is None else FormMode.DRAFT
        self.visit_id: uuid.UUID = visit_id or uuid.uuid4()
        self.engagement_id = engagement_id
        self.context: VisitContext | None = None
        self.record: VisitRecord | None = None
        self.is_loaded = False
        self._loading = True  # programmatic changes are not edits
        self._edits = 0
        self._saved_edits = 0
        self._stored = False  # a draft row exists in the database
        self._amendment_stored = False  # an amendment of a saved visit is autosaved
        self._saving: Job | None = None
        self._busy_final = False  # a save for good is on its way
        self._closing_after_save = False
        self._done = False  # saved, discarded or closed: the window may go
        self._applied_notes = ""  # notes exactly as a template put them
        self._applied_purpose = ""
        self._templates: list[TemplateInfo] = []
        self.last_error: ValidationError | None = None
        self._detached = False  # focusChanged no longer connected

        self.setWindowTitle(self.tr("訪問を記録"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._build()
        screen = (parent.screen() if parent is not None else None) or QApplication.primaryScreen()
        if screen is not None:
            self.fit_to(screen.availableGeometry())
        else:  # pragma: no cover - Qt always has a screen
            self.resize(PREFERRED_SIZE)
        self._connect_edits()

        self._timer = QTimer(self)
        self._timer.setInterval(autosave_ms)
        self._timer.timeout.connect(self._autosave_tick)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self._set_enabled(False)
        self.status_label.setText(self.tr("読み込み中…"))
        from companion.services.visit_queries import visit_form_data

        ops.read(visit_form_data, today=today(), engagement_id=engagement_id, visit_id=visit_id) \
            .success(while_alive(self, self._loaded)) \
            .failure(while_alive(self, self._load_failed)).run(worker)

    def fit_to(self, available: QRect) -> None:
        """Open at the preferred size, but never larger than the screen's free area
        (less the window frame); the body scrolls when the screen is small."""
        width = min(PREFERRED_SIZE.width(), available.width() - 2 * FRAME_SIDE)
        height = min(PREFERRED_SIZE.height(), available.height() - FRAME_TOP - FRAME_SIDE)
        self.setMinimumSize(min(MINIMUM_SIZE.width(), width), min(MINIMUM_SIZE.height(), height))
        self.resize(width, height)
        self.move(available.x() + (available.width() - width) // 2,
                  available.y() + FRAME_TOP + (available.height() - FRAME_TOP - FRAME_SIDE
                                               - height) // 2)

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        tr = self.tr
        self._errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}

        # Creation order is the Tab order.
        self.engagement_combo = QComboBox()
        self.engagement_combo.setMinimumContentsLength(24)
        self.engagement_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.template_combo = QComboBox()
        self.template_combo.setToolTip(tr("記録の見出しを入れます。入力済みの文章は消えません。"))
        self.delete_template_button = QPushButton(tr("削除"))
        self.delete_template_button.setToolTip(tr("自分で作ったテンプレートを一覧から外します"))
        self.date_edit = QDateEdit()
        self.date_edit.setDisplayFormat("yyyy/MM/dd")
        self.date_edit.setCalendarPopup(True)
        self.start_edit = QTimeEdit()
        self.start_edit.setDisplayFormat("HH:mm")
        self.end_edit = QTimeEdit()
        self.end_edit.setDisplayFormat("HH:mm")
        self.mode_combo = QComboBox()
        self.mode_combo.addItems([mode.value for mode in VisitMode])
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText(tr("例: 蔵の事務所、商工会の相談室"))
        self.attendees_edit = QLineEdit()
        self.attendees_edit.setPlaceholderText(tr("例: 山中社長、専務、商工会 佐藤"))
        self.purpose_edit = QLineEdit()
        self.purpose_edit.setPlaceholderText(tr("例: 定期訪問、試作品の評価、補助金の申請相談"))
        self.notes_edit = _plain_text(7)
        self.notes_edit.setPlaceholderText(tr("話したこと、見たこと、社長の言葉…"))
        self.strengths_edit = _plain_text(3)
        self.strengths_edit.setPlaceholderText(tr("対話で見つけた強み"))
        self.issues_edit = _plain_text(3)
        self.issues_edit.setPlaceholderText(tr("見えてきた課題"))
        self.decisions_edit = _plain_text(3)
        self.decisions_edit.setPlaceholderText(tr("今日決めたこと"))
        self.action_text_edit = QLineEdit()
        self.action_text_edit.setPlaceholderText(tr("次のアクションを入力して Enter で追加"))
        self.action_owner_combo = QComboBox()
        self.action_owner_combo.addItems([owner.value for owner in Owner])
        self.action_due_edit = QDateEdit()
        self.action_due_edit.setDisplayFormat("yyyy/MM/dd")
        self.action_due_edit.setCalendarPopup(True)
        self.action_due_edit.setMinimumDate(NO_DATE)
        self.action_due_edit.setSpecialValueText(tr("期日なし"))
        self.add_action_button = QPushButton(tr("追加"))
        self.actions_model = ActionTableModel(self)
        self.actions_table = QTableView()
        self.actions_table.setModel(self.actions_model)
        self.actions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.actions_table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                           | QAbstractItemView.EditTrigger.EditKeyPressed
                                           | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.actions_table.setTabKeyNavigation(False)
        self.actions_table.verticalHeader().setVisible(False)
        self.actions_table.verticalHeader().setDefaultSectionSize(
            self.fontMetrics().height() + 10)
        self.actions_table.setItemDelegateForColumn(ActionTableModel.OWNER, OwnerDelegate(self))
        self.actions_table.setItemDelegateForColumn(ActionTableModel.DUE, DueDelegate(self))
        self.plan_delegate = PlanDelegate(self)
        self.actions_table.setItemDelegateForColumn(ActionTableModel.PLAN, self.plan_delegate)
        self.actions_table.setToolTip(tr("F2 で編集、Delete で行を削除、完了はチェック"))
        header = self.actions_table.horizontalHeader()
        unit = self.fontMetrics().horizontalAdvance("国")
        header.setSectionResizeMode(ActionTableModel.TEXT, QHeaderView.ResizeMode.Stretch)
        for column, chars in ((ActionTableModel.OWNER, 4), (ActionTableModel.DUE, 6),
                              (ActionTableModel.PLAN, 12), (ActionTableModel.DONE, 3)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.actions_table.setColumnWidth(column, unit * chars + 20)
        self.actions_table.setMinimumHeight(self.fontMetrics().height() * 5)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.actions_table,
                  self._remove_action, context=Qt.ShortcutContext.WidgetShortcut)
        self.remove_action_button = QPushButton(tr("行を削除"))
        self.follow_up_check = QCheckBox(tr("フォローアップ"))
        self.follow_up_edit = QDateEdit()
        self.follow_up_edit.setDisplayFormat("yyyy/MM/dd")
        self.follow_up_edit.setCalendarPopup(True)
        self.distance_edit = QLineEdit()
        self.distance_edit.setPlaceholderText(tr("例: 12.5"))
        self.distance_edit.setMaximumWidth(unit * 7)

        self.previous_label = QLabel()
        self.previous_label.setWordWrap(True)
        self.open_actions_list = QListWidget()
        self.open_actions_list.setWordWrap(True)
        self.open_actions_list.setToolTip(tr("チェックすると、その場で完了として記録します(Space)"))
        self.plan_list = QListWidget()
        self.plan_list.setWordWrap(True)
        self.add_plan_button = QPushButton(tr("次のアクションに追加"))
        self.add_plan_button.setToolTip(tr("選んだ計画のアクションを、この訪問の次のアクションにします(Enter)"))
        self.attachments = AttachmentsWidget(self.worker)
        self.attachments.prepare = self._before_attach

        self.history_button = QPushButton(tr("変更履歴…"))
        self.history_button.setToolTip(tr("保存した後の修正と、修正前の文章"))
        self.history_button.hide()
        self.save_template_button = QPushButton(tr("テンプレートとして保存…"))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.autosave_label = QLabel()
        self.autosave_label.setStyleSheet("color: palette(mid);")
        self.discard_button = QPushButton(tr("下書きを破棄"))
        self.close_button = QPushButton(tr("閉じる(Esc)"))
        self.save_button = QPushButton(tr("保存(Ctrl+S)"))
        self.save_button.setToolTip(tr("Enter では保存しません(変換の確定に使うため)。Ctrl+S かこのボタンで保存します。"))

        for name, widget in (("engagement", self.engagement_combo), ("date", self.date_edit),
                             ("start", self.start_edit), ("end", self.end_edit),
                             ("mode", self.mode_combo), ("place", self.place_edit),
                             ("attendees", self.attendees_edit), ("purpose", self.purpose_edit),
                             ("notes", self.notes_edit), ("strengths", self.strengths_edit),
                             ("issues", self.issues_edit), ("decisions", self.decisions_edit),
                             ("actions", self.actions_table), ("follow_up", self.follow_up_edit),
                             ("distance", self.distance_edit),
                             ("attachment", self.attachments.view)):
            self._fields[name] = widget

        # -- layout -----------------------------------------------------------------
        self.period_label = QLabel()
        self.period_label.setStyleSheet("color: palette(mid);")
        top = QGridLayout()
        top.addWidget(QLabel(tr("案件")), 0, 0)
        top.addWidget(self.engagement_combo, 0, 1)
        top.addWidget(QLabel(tr("テンプレート")), 0, 2)
        top.addWidget(self.template_combo, 0, 3)
        top.addWidget(self.delete_template_button, 0, 4)
        top.addWidget(self.period_label, 1, 1, 1, 4)
        top.addWidget(self._error("engagement"), 2, 1, 1, 4)
        top.setColumnStretch(1, 3)
        top.setColumnStretch(3, 1)

        when = QHBoxLayout()
        for label, widget in ((tr("日付"), self.date_edit), (tr("開始"), self.start_edit),
                              (tr("終了"), self.end_edit), (tr("方式"), self.mode_combo)):
            when.addWidget(QLabel(label))
            when.addWidget(widget)
            when.addSpacing(8)
        when.addWidget(QLabel(tr("移動距離")))
        when.addWidget(self.distance_edit)
        when.addWidget(QLabel("km"))
        when.addStretch(1)
        when_errors = QVBoxLayout()
        for name in ("date", "start", "end", "mode", "distance"):
            when_errors.addWidget(self._error(name))

        where = QGridLayout()
        where.addWidget(QLabel(tr("場所")), 0, 0)
        where.addWidget(self.place_edit, 0, 1)
        where.addWidget(QLabel(tr("同席者")), 0, 2)
        where.addWidget(self.attendees_edit, 0, 3)
        where.addWidget(self._error("place"), 1, 1)
        where.addWidget(self._error("attendees"), 1, 3)
        where.addWidget(QLabel(tr("目的")), 2, 0)
        where.addWidget(self.purpose_edit, 2, 1, 1, 3)
        where.addWidget(self._error("purpose"), 3, 1, 1, 3)
        where.setColumnStretch(1, 2)
        where.setColumnStretch(3, 3)

        findings = QHBoxLayout()
        for name, label, widget in (("strengths", tr("強み"), self.strengths_edit),
                                    ("issues", tr("課題"), self.issues_edit),
                                    ("decisions", tr("決定事項"), self.decisions_edit)):
            box = QVBoxLayout()
            box.addWidget(_bold(label))
            box.addWidget(widget, 1)
            box.addWidget(self._error(name))
            findings.addLayout(box, 1)

        add_row = QHBoxLayout()
        add_row.addWidget(self.action_text_edit, 1)
        add_row.addWidget(self.action_owner_combo)
        add_row.addWidget(self.action_due_edit)
        add_row.addWidget(self.add_action_button)
        add_row.addWidget(self.remove_action_button)

        follow = QHBoxLayout()
        follow.addWidget(self.follow_up_check)
        follow.addWidget(self.follow_up_edit)
        follow.addWidget(QLabel(tr("(ホームの「対応が必要なフォロー」に出ます)")))
        follow.addStretch(1)

        main = QWidget()
        left = QVBoxLayout(main)
        left.setContentsMargins(0, 0, 6, 0)
        left.setSpacing(4)  # with the scroll area, fits a 1280x720 screen without scrolling
        left.addLayout(top)
        left.addLayout(when)
        left.addLayout(when_errors)
        left.addLayout(where)
        notes_heading = QHBoxLayout()
        notes_heading.addWidget(_bold(tr("記録")))
        notes_heading.addWidget(QLabel(tr("テンプレートの■見出しに沿って書くと、報告書にそのまま使えます")))
        notes_heading.addStretch(1)
        left.addLayout(notes_heading)
        left.addWidget(self.notes_edit, 3)
        left.addWidget(self._error("notes"))
        left.addLayout(findings, 1)
        left.addWidget(_bold(tr("次のアクション")))
        left.addLayout(add_row)
        left.addWidget(self.actions_table, 1)
        left.addWidget(self._error("actions"))
        left.addLayout(follow)
        left.addWidget(self._error("follow_up"))

        side = QWidget()
        right = QVBoxLayout(side)
        right.setContentsMargins(6, 0, 0, 0)
        right.addWidget(_bold(tr("前回の訪問")))
        right.addWidget(self.previous_label)
        right.addWidget(_bold(tr("前回の次のアクション(未完了)")))
        self.open_actions_hint = QLabel(tr("済んだものはチェック(すぐに完了として記録)"))
        self.open_actions_hint.setWordWrap(True)
        self.open_actions_hint.setStyleSheet("color: palette(mid);")
        right.addWidget(self.open_actions_hint)
        right.addWidget(self.open_actions_list, 1)
        right.addWidget(_bold(tr("期限が近い計画のアクション")))
        right.addWidget(self.plan_list, 1)
        right.addWidget(self.add_plan_button)
        right.addWidget(_bold(tr("添付(写真・PDF・表計算)")))
        right.addWidget(self.attachments, 3)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(main)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([880, 340])

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        bottom = QHBoxLayout()
        bottom.addWidget(self.history_button)
        bottom.addWidget(self.save_template_button)
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.autosave_label)
        bottom.addWidget(self.discard_button)
        bottom.addWidget(self.close_button)
        bottom.addWidget(self.save_button)
        # The body scrolls on a small screen (1280x720); the buttons stay in view.
        self.body = QScrollArea()
        self.body.setWidgetResizable(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setWidget(splitter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body, 1)
        layout.addWidget(line)
        layout.addLayout(bottom)

        # -- behaviour ------------------------------------------------------------------
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.discard_button.clicked.connect(self.ask_discard)
        self.save_template_button.clicked.connect(self.ask_template_name)
        self.delete_template_button.clicked.connect(self._delete_template)
        self.history_button.clicked.connect(self.show_history)
        self.add_action_button.clicked.connect(self._add_typed_action)
        self.remove_action_button.clicked.connect(self._remove_action)
        self.add_plan_button.clicked.connect(self._add_plan_action)
        self.plan_list.itemActivated.connect(lambda _item: self._add_plan_action())
        self.open_actions_list.itemChanged.connect(self._open_action_ticked)
        self.engagement_combo.activated.connect(self._engagement_chosen)
        self.engagement_combo.currentTextChanged.connect(self.engagement_combo.setToolTip)
        self.template_combo.activated.connect(self._template_chosen)
        self.template_combo.currentIndexChanged.connect(lambda _i: self._update_template_button())
        self.follow_up_check.toggled.connect(self.follow_up_edit.setEnabled)
        self.date_edit.dateChanged.connect(self._date_changed)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        # Enter confirms an input method's conversion and moves on: no button of the form
        # may take it (a QDialog makes every push button an auto-default one).
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter never saves nor closes the form: Japanese input methods confirm each
        conversion with it. In the next-action field it adds the action; on a button it
        presses it (保存 excepted); in a table of next actions it edits the cell; in
        any other one-line field it moves on to the next field."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or modifiers:
            super().keyPressEvent(event)
            return
        event.accept()
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            return
        if focus is self.action_text_edit:
            if self.action_text_edit.text().strip():
                self._add_typed_action()
            else:
                self.focusNextChild()
        elif isinstance(focus, QPushButton):
            if focus is not self.save_button and focus.isEnabled():
                focus.click()
        elif focus is self.actions_table:
            index = self.actions_table.currentIndex()
            if index.isValid():
                self.actions_table.edit(index)
        elif self.actions_table.isAncestorOf(focus):
            return  # a cell's editor: its delegate commits the value
        elif isinstance(focus, QAbstractItemView | QPlainTextEdit):
            return  # lists act on Enter themselves (itemActivated)
        else:
            self.focusNextChild()

    def _error(self, name: str) -> QLabel:
        label = _error_label()
        self._errors[name] = label
        return label

    def _connect_edits(self) -> None:
        for line in (self.place_edit, self.attendees_edit, self.purpose_edit, self.distance_edit):
            line.textChanged.connect(self._edited)
        for text in (self.notes_edit, self.strengths_edit, self.issues_edit, self.decisions_edit):
            text.textChanged.connect(self._edited)
        for timed in (self.start_edit, self.end_edit):
            timed.timeChanged.connect(self._edited)
        self.date_edit.dateChanged.connect(self._edited)
        self.follow_up_edit.dateChanged.connect(self._edited)
        self.follow_up_check.toggled.connect(self._edited)
        self.mode_combo.currentIndexChanged.connect(self._edited)
        self.engagement_combo.currentIndexChanged.connect(self._edited)
        for signal in (self.actions_model.dataChanged, self.actions_model.rowsInserted,
                       self.actions_model.rowsRemoved):
            signal.connect(self._edited)
        self.attachments.changed.connect(self._attachments_changed)
        # A field's message goes away once the field is changed.
        for name, widget in self._fields.items():
            changed: Any = next((getattr(widget, attr) for attr in (
                "dateTimeChanged", "textChanged", "currentIndexChanged")
                if hasattr(widget, attr)), None)
            if changed is not None:
                changed.connect(lambda *_args, field=name: self._clear_error(field))

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (*self._fields.values(), self.template_combo, self.save_button,
                       self.discard_button, self.action_text_edit, self.add_action_button,
                       self.attachments, self.save_template_button):
            widget.setEnabled(enabled)

    # -- loading -------------------------------------------------------------------------

    def _loaded(self, data: Any) -> None:
        self._loading = True
        try:
            self._fill_choices(data.choices)
            if not data.choices:
                self.status_label.setText(self.tr("案件がまだありません。先に案件を登録してください。"))
                self._show_field_error("engagement", self.tr("記録する案件がありません。"))
                return
            record: VisitRecord | None = data.record
            amendment: AmendmentDraft | None = getattr(data, "amendment", None)
            if record is not None:
                self.record = record
                self.visit_id = record.id  # an amendment's draft opens the visit it amends
                self.mode = FormMode.DRAFT if record.is_draft else FormMode.AMEND
                self._stored = True
                self._fill_record(record)
                if amendment is not None:  # typed before a crash or a close: offered back
                    self._fill_draft(amendment.draft)
                    self._amendment_stored = True
            self._apply_context(data.context, prefill=record is None)
            if record is None:
                self._prefill_new()
            else:
                self._restore_template(record)
        finally:
            self._loading = False
        self._set_enabled(True)
        self._update_mode()
        if amendment is not None:
            self.status_label.setText(self.tr(
                "保存されていない修正を開きました(最終自動保存 {when})。"
                "「修正を保存」で記録に反映し、閉じるときに破棄もできます。").format(
                when=ymd_hm(amendment.saved_at)))
        self.is_loaded = True
        self._timer.start()
        self.focus_notes()
        self.loaded.emit()

    def focus_notes(self) -> None:
        """Put the cursor in 記録, where the visit is written: on the first empty line
        under a template's heading when the notes are still the template's, else at
        the end of what was written."""
        text = self.notes_edit.toPlainText()
        position = len(text)
        if text == self._applied_notes:
            lines = text.split("\n")
            offset = 0
            seen_heading = False
            for line in lines:
                if line.startswith("■"):
                    seen_heading = True
                elif seen_heading and not line.strip():
                    position = offset
                    break
                offset += len(line) + 1
        cursor = self.notes_edit.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.notes_edit.setTextCursor(cursor)
        self.notes_edit.ensureCursorVisible()
        self.notes_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _load_failed(self, error: BaseException) -> None:
        if isinstance(error, KnownError):
            self.status_label.setText(error.message)
            self.status_label.setStyleSheet(error_style(self.status_label))
            self._done = True  # nothing was loaded: nothing to keep
            return
        self.worker.report_error(error)

    def _fill_choices(self, choices: list[EngagementChoice]) -> None:
        self.engagement_combo.clear()
        for choice in choices:
            label = choice.label if choice.status.is_open else f"{choice.label}({choice.status})"
            self.engagement_combo.addItem(label, choice.id)
        self._choices = {choice.id: choice for choice in choices}

    def _select_engagement(self, engagement_id: uuid.UUID) -> None:
        for row in range(self.engagement_combo.count()):
            if self.engagement_combo.itemData(row) == engagement_id:
                self.engagement_combo.setCurrentIndex(row)
                return

    def _fill_record(self, record: VisitRecord) -> None:
        self._fill_draft(record.draft)
        self.attachments.set_visit(record.id, record.attachments)

    def _fill_draft(self, draft: VisitDraft) -> None:
        self._select_engagement(draft.engagement_id)
        start = draft.started_at.astimezone()
        self.date_edit.setDate(_qdate(start.date()))
        self.start_edit.setTime(QTime(start.hour, start.minute))
        if draft.ended_at is not None:
            end = draft.ended_at.astimezone()
            self.end_edit.setTime(QTime(end.hour, end.minute))
        else:
            self.end_edit.setTime(QTime(start.hour, start.minute))
        self.mode_combo.setCurrentText(str(draft.mode))
        self.place_edit.setText(draft.place)
        self.attendees_edit.setText(draft.attendees)
        self.purpose_edit.setText(draft.purpose)
        self.notes_edit.setPlainText(draft.notes)
        self.strengths_edit.setPlainText(draft.strengths)
        self.issues_edit.setPlainText(draft.issues)
        self.decisions_edit.setPlainText(draft.decisions)
        self.follow_up_check.setChecked(draft.follow_up_on is not None)
        self.follow_up_edit.setEnabled(draft.follow_up_on is not None)
        self.follow_up_edit.setDate(_qdate(draft.follow_up_on or start.date()
                                           + timedelta(days=FOLLOW_UP_DAYS)))
        self.distance_edit.setText("" if draft.distance_km is None else f"{draft.distance_km:g}")
        self.actions_model.set_actions(list(draft.actions))

    def _restore_template(self, record: VisitRecord) -> None:
        """A reopened visit shows the template it was started from (found by its
        headings), and a new next action is due two weeks after the visit again."""
        from companion.services.visits.notes import written_text
        from companion.services.visits.templates import template_of

        draft = record.draft
        day = draft.started_at.astimezone().date()
        self.action_due_edit.setDate(_qdate(day + timedelta(days=ACTION_DUE_DAYS)))
        template = template_of(draft.notes, self._templates)
        if template is None:
            self.template_combo.setCurrentIndex(-1)
            return
        self.template_combo.setCurrentIndex(self._templates.index(template))
        if not written_text(draft.notes).strip():  # only the structure: a switch replaces it
            self._applied_notes = draft.notes
        if draft.purpose == template.purpose:
            self._applied_purpose = draft.purpose

    def _prefill_new(self) -> None:
        now = self.now()
        day = self.today()
        self.date_edit.setDate(_qdate(day))
        start = time(now.hour, 0 if now.minute < 30 else 30)
        self.start_edit.setTime(QTime(start.hour, start.minute))
        self.end_edit.setTime(QTime(min(start.hour + 1, 23), start.minute))
        self.follow_up_check.setChecked(True)
        self.follow_up_edit.setDate(_qdate(day + timedelta(days=FOLLOW_UP_DAYS)))
        self.action_due_edit.setDate(_qdate(day + timedelta(days=ACTION_DUE_DAYS)))
        self.attachments.set_visit(self.visit_id, [])
        context = self.context
        if context is not None:
            self.place_edit.setText(context.suggested_place)
            self.attendees_edit.setText(context.suggested_attendees)
            name = "定期訪問" if context.previous_visit_at else "初回面談"
            self._apply_template_named(name)

    def _apply_context(self, context: VisitContext | None, *, prefill: bool) -> None:
        self.context = context
        if context is None:
            return
        engagement = context.engagement
        self.engagement_id = engagement.id
        self._select_engagement(engagement.id)
        end = ymd(engagement.planned_end_on) if engagement.planned_end_on else self.tr("未定")
        self.period_label.setText(self.tr("期間 {start}〜{end}・{status}").format(
            start=ymd(engagement.start_on), end=end, status=engagement.status))
        if context.previous_visit_at is not None:
            self.previous_label.setText(self.tr("{when} {purpose}").format(
                when=ymd_hm(context.previous_visit_at), purpose=context.previous_purpose))
        else:
            self.previous_label.setText(self.tr("この案件の訪問記録はまだありません(初回)。"))
        self.open_actions_list.blockSignals(True)
        self.open_actions_list.clear()
        for action in context.open_actions:
            due = self.tr("・{due}まで").format(due=ymd(action.due_on)) if action.due_on else ""
            item = QListWidgetItem(f"{action.text}({action.owner}{due})")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, action.id)
            self.open_actions_list.addItem(item)
        if not context.open_actions:
            item = QListWidgetItem(self.tr("(ありません)"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.open_actions_list.addItem(item)
        self.open_actions_list.blockSignals(False)
        self.plan_list.clear()
        today = self.today()
        for plan in context.plan_actions_due:
            late = plan.due_on is not None and plan.due_on < today
            state = self.tr("期限超過") if late else self.tr("期限間近")
            item = QListWidgetItem(self.tr("{title}({day}・{owner}・{state})").format(
                title=plan.title, day=ymd(plan.due_on),
                owner=vocabulary_label(Owner, str(plan.owner)), state=state))
            item.setData(Qt.ItemDataRole.UserRole, plan.id)
            self.plan_list.addItem(item)
        self.add_plan_button.setEnabled(bool(context.plan_actions_due))
        self.actions_model.set_plan_choices(list(context.plan_actions))
        self.plan_delegate.choices = [(plan.label, plan.id) for plan in context.plan_actions]
        self._set_templates(list(context.templates))

    def _set_templates(self, templates: list[TemplateInfo]) -> None:
        current = self.template_combo.currentText()
        self._templates = templates
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for template in templates:
            self.template_combo.addItem(template.name if template.builtin
                                        else self.tr("{name}(自作)").format(name=template.name))
        self.template_combo.blockSignals(False)
        names = [t.name for t in templates]
        if current in names:
            self.template_combo.setCurrentIndex(names.index(current))
        self._update_template_button()

    def _update_template_button(self) -> None:
        row = self.template_combo.currentIndex()
        own = 0 <= row < len(self._templates) and not self._templates[row].builtin
        self.delete_template_button.setEnabled(own)

    def _update_mode(self) -> None:
        client = self.record.client_name if self.record else (
            self.context.engagement.client_name if self.context else "")
        titles = {FormMode.NEW: self.tr("訪問を記録"), FormMode.DRAFT: self.tr("訪問を記録(下書き)"),
                  FormMode.AMEND: self.tr("訪問記録の修正")}
        self.setWindowTitle(f"{titles[self.mode]} — {client}" if client else titles[self.mode])
        amend = self.mode is FormMode.AMEND
        self.history_button.setVisible(amend)
        self.discard_button.setVisible(not amend)
        self.save_button.setText(self.tr("修正を保存(Ctrl+S)") if amend else self.tr("保存(Ctrl+S)"))
        self.attachments.undo_label = self.tr("添付ファイルの追加")
        if self.mode is FormMode.DRAFT and self.record is not None:
            self.status_label.setText(self.tr("下書きを開きました(最終自動保存 {when})。").format(
                when=ymd_hm(self.record.updated_at)))
        elif amend and self.record is not None:
            self.status_label.setText(self.tr("保存済みの記録です。修正すると、修正前の文章は変更履歴に残ります。"))
        else:
            self.status_label.setText(self.tr("入力は数秒ごとに下書きとして自動保存されます。"))

    # -- templates ---------------------------------------------------------------------

    def _apply_template_named(self, name: str) -> None:
        for row, template in enumerate(self._templates):
            if template.name == name:
                self.template_combo.setCurrentIndex(row)
                self._apply_template(template)
                return

    def _template_chosen(self, row: int) -> None:
        if 0 <= row < len(self._templates):
            self._apply_template(self._templates[row])

    def _apply_template(self, template: TemplateInfo) -> None:
        from companion.services.visits.templates import merge_notes, template_notes

        opened = self.context.open_actions if self.context else ()
        structure = template_notes(template, opened)
        current = self.notes_edit.toPlainText()
        if not current.strip() or current == self._applied_notes:
            notes = structure
        else:
            notes = merge_notes(current, structure)
        self.notes_edit.setPlainText(notes)
        self._applied_notes = notes
        purpose = self.purpose_edit.text()
        if not purpose.strip() or purpose == self._applied_purpose:
            self.purpose_edit.setText(template.purpose)
            self._applied_purpose = template.purpose
        self.mode_combo.setCurrentText(str(template.mode))

    def ask_template_name(self) -> None:
        dialog = NameDialog(title=self.tr("テンプレートとして保存"),
                            label=self.tr("今の方式・目的・記録の見出しを、次から選べるテンプレートにします。名前:"),
                            text=self.purpose_edit.text().strip()[:40], parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.save_template(dialog.value()))
        dialog.open()

    def save_template(self, name: str) -> None:
        """Save the template, then read the template list again (it shows the new one)."""
        from companion.services.visits.templates import list_templates, save_template

        ops.write(save_template, undo_label=self.tr("テンプレートの保存"), name=name,
                  mode=VisitMode(self.mode_combo.currentText()), purpose=self.purpose_edit.text(),
                  notes=self.notes_edit.toPlainText()) \
            .then(lambda _saved: ops.read(list_templates)) \
            .success(while_alive(self, lambda templates: self._template_saved(name, templates))) \
            .failure(while_alive(self, self._template_failed)).run(self.worker)

    def _template_saved(self, name: str, templates: Any) -> None:
        self._set_templates(list(templates))
        names = [t.name for t in self._templates]
        if name.strip() in names:
            self.template_combo.setCurrentIndex(names.index(name.strip()))
        self.status_label.setText(self.tr("テンプレート「{name}」を保存しました。").format(name=name))

    def _template_failed(self, error: BaseException) -> None:
        if isinstance(error, KnownError):
            self.status_label.setText(error.message)
            self.status_label.setStyleSheet(error_style(self.status_label))
        else:
            self.worker.report_error(error)

    def _delete_template(self) -> None:
        row = self.template_combo.currentIndex()
        if not 0 <= row < len(self._templates) or self._templates[row].id is None:
            return
        from companion.services.visits.templates import archive_template, list_templates

        template = self._templates[row]
        ops.write(archive_template, undo_label=self.tr("テンプレートの削除"),
                  template_id=template.id) \
            .then(lambda _archived: ops.read(list_templates)) \
            .success(while_alive(self, lambda templates: self._set_templates(list(templates)))) \
            .failure(while_alive(self, self._template_failed)).run(self.worker)

    # -- editing -------------------------------------------------------------------------

    def _edited(self, *_args: Any) -> None:
        if self._loading:
            return
        self._edits += 1
        self.status_label.setStyleSheet("")

    @property
    def dirty(self) -> bool:
        return self._edits > self._saved_edits

    def _date_changed(self, value: QDate) -> None:
        if self._loading:
            return
        day = value.toPython()
        assert isinstance(day, date)
        self._clear_error("date")
        if self.follow_up_check.isChecked() and self.follow_up_edit.date() < value:
            self.follow_up_edit.setDate(_qdate(day + timedelta(days=FOLLOW_UP_DAYS)))

    def _engagement_chosen(self, row: int) -> None:
        engagement_id = self.engagement_combo.itemData(row)
        if engagement_id is None or engagement_id == self.engagement_id:
            return
        from companion.services.visits.form_context import visit_form_context

        self.engagement_id = engagement_id
        self._clear_error("engagement")
        ops.read(visit_form_context, engagement_id=engagement_id, today=self.today(),
                 exclude_visit_id=self.visit_id if self._stored else None) \
            .success(while_alive(self, lambda context: self._apply_context(context, prefill=False))) \
            .run(self.worker)

    def _add_typed_action(self) -> None:
        text = self.action_text_edit.text().strip()
        if not text:
            self.action_text_edit.setFocus()
            return
        due = self.action_due_edit.date()
        due_on = None if due == NO_DATE else due.toPython()
        assert due_on is None or isinstance(due_on, date)
        row = self.actions_model.add_action(text=text, owner=Owner(self.action_owner_combo.currentText()),
                                            due_on=due_on)
        self.actions_table.selectRow(row)
        self.action_text_edit.clear()
        self.action_text_edit.setFocus()
        self._clear_error("actions")

    def _remove_action(self) -> None:
        index = self.actions_table.currentIndex()
        if index.isValid():
            self.actions_model.remove_row(index.row())
            self._clear_error("actions")

    def _add_plan_action(self) -> None:
        item = self.plan_list.currentItem()
        if item is None or self.context is None:
            return
        plan_id = item.data(Qt.ItemDataRole.UserRole)
        plan = next((p for p in self.context.plan_actions_due if p.id == plan_id), None)
        if plan is None:
            return
        self.actions_model.add_action(text=plan.title, owner=plan.owner, due_on=plan.due_on,
                                      plan_item_id=plan.id)
        self.status_label.setText(self.tr("「{title}」を次のアクションに追加しました。").format(
            title=plan.title))

    def _open_action_ticked(self, item: QListWidgetItem) -> None:
        action_id = item.data(Qt.ItemDataRole.UserRole)
        if not isinstance(action_id, uuid.UUID):
            return
        from companion.services.visits.follow_ups import mark_follow_up_done

        done = item.checkState() == Qt.CheckState.Checked
        ops.write(mark_follow_up_done,
                  undo_label=self.tr("次のアクションを完了") if done
                  else self.tr("次のアクションを未完了に戻す"),
                  kind="action", ref_id=action_id, done=done) \
            .success(while_alive(self, lambda _changed: self.follow_up_changed.emit())) \
            .run(self.worker)

    def _attachments_changed(self) -> None:
        self._clear_error("attachment")

    def _before_attach(self) -> None:
        """Files attach to the draft row: make sure it exists first (jobs run in order)."""
        if self.mode is not FormMode.AMEND and not self._stored:
            self.save_draft_now(force=True)

    # -- collecting ----------------------------------------------------------------------

    def _moment(self, day: date, moment: QTime) -> datetime:
        clock = moment.toPython()
        assert isinstance(clock, time)
        return datetime.combine(day, clock.replace(second=0, microsecond=0)).astimezone()

    def collect(self, *, strict: bool) -> VisitDraft:
        """The form's content; with ``strict``, what cannot be read raises a
        ValidationError for its field (a draft takes what it can)."""
        from companion.services.visits.capture import VisitDraft, parse_distance

        engagement_id = self.engagement_combo.currentData()
        if not isinstance(engagement_id, uuid.UUID):
            raise ValidationError(self.tr("案件を選んでください。"), field="engagement")
        day = self.date_edit.date().toPython()
        assert isinstance(day, date)
        try:
            distance = parse_distance(self.distance_edit.text())
        except ValidationError:
            if strict:
                raise
            distance = None
        follow = self.follow_up_edit.date().toPython() if self.follow_up_check.isChecked() else None
        assert follow is None or isinstance(follow, date)
        return VisitDraft(
            engagement_id=engagement_id,
            started_at=self._moment(day, self.start_edit.time()),
            ended_at=self._moment(day, self.end_edit.time()),
            mode=VisitMode(self.mode_combo.currentText()),
            place=self.place_edit.text().strip(), attendees=self.attendees_edit.text().strip(),
            purpose=self.purpose_edit.text().strip(), notes=self.notes_edit.toPlainText(),
            strengths=self.strengths_edit.toPlainText(), issues=self.issues_edit.toPlainText(),
            decisions=self.decisions_edit.toPlainText(), follow_up_on=follow,
            distance_km=distance, actions=tuple(self.actions_model.actions()),
        )

    # -- autosave ------------------------------------------------------------------------

    def _autosave_tick(self) -> None:
        if self.dirty:
            self.save_draft_now()

    def _focus_changed(self, old: QWidget | None, _new: QWidget | None) -> None:
        if old is not None and self.dirty and self.isAncestorOf(old):
            self.save_draft_now()

    def save_draft_now(self, *, force: bool = False) -> Job | None:
        """Write the draft as typed (when there is something new, or ``force``)."""
        if self._done or self._busy_final or not self.is_loaded or self.worker.closed:
            return None
        if self._saving is not None and not force:
            return None  # the next tick writes what was typed meanwhile
        if not (self.dirty or force):
            return None
        try:
            draft = self.collect(strict=False)
        except ValidationError:
            return None
        from companion.services.visits.capture import save_amendment_draft, save_draft

        edits = self._edits
        amend = self.mode is FormMode.AMEND
        label = self.tr("訪問記録の修正の下書き") if amend else self.tr("訪問記録の下書き")
        job = ops.write(save_amendment_draft if amend else save_draft,
                        undo_label=autosave_label(label), visit_id=self.visit_id, draft=draft) \
            .success(while_alive(self, lambda _saved: self._autosaved(edits))) \
            .failure(while_alive(self, self._autosave_failed)).run(self.worker)
        self._saving = job
        job.when_done(while_alive(self, self._saving_done))
        return job

    def _saving_done(self, job: Job) -> None:
        if self._saving is job:
            self._saving = None

    def _autosaved(self, edits: int) -> None:
        self._stored = True
        if self.mode is FormMode.AMEND:
            self._amendment_stored = True
        self._saved_edits = max(self._saved_edits, edits)
        if self.mode is FormMode.NEW:
            self.mode = FormMode.DRAFT
            message, style = self.status_label.text(), self.status_label.styleSheet()
            self._update_mode()
            self.status_label.setText(message)  # a message shown stays (a refused save)
            self.status_label.setStyleSheet(style)
        self.autosave_label.setText(self.tr("下書きを自動保存しました({time})").format(
            time=datetime.now().strftime("%H:%M:%S")))
        self.autosaved.emit(self.visit_id)

    def _autosave_failed(self, error: BaseException) -> None:
        if isinstance(error, KnownError):
            self.autosave_label.setText(self.tr("下書きを自動保存できません: {message}").format(
                message=error.message))
            self.autosave_label.setStyleSheet(error_style(self.autosave_label))
        else:
            self.worker.report_error(error)

    # -- saving for good -------------------------------------------------------------------

    def save(self) -> None:
        """Check and save the visit (Ctrl+S); a refused field shows why."""
        if not self.is_loaded or self._busy_final or self._done:
            return
        self._clear_errors()
        try:
            draft = self.collect(strict=True)
        except ValidationError as error:
            self._refused(error)
            return
        self._busy_final = True
        self.save_button.setEnabled(False)
        amend = self.mode is FormMode.AMEND
        from companion.services.visits.capture import amend_visit, finalize_visit

        self.status_label.setText(self.tr("保存しています…"))
        ops.write(amend_visit if amend else finalize_visit,
                  undo_label=self.tr("訪問記録の修正") if amend else self.tr("訪問記録の保存"),
                  visit_id=self.visit_id, draft=draft) \
            .success(while_alive(self, self._saved)) \
            .failure(while_alive(self, self._save_failed)).run(self.worker)

    def _saved(self, result: Any) -> None:
        self._busy_final = False
        self._done = True
        self._timer.stop()
        self._detach()
        self.saved.emit(result)
        self.done(QDialog.DialogCode.Accepted)
        self.close()

    def _save_failed(self, error: BaseException) -> None:
        self._busy_final = False
        self.save_button.setEnabled(True)
        self._closing_after_save = False
        if isinstance(error, ValidationError):
            self._refused(error)
        elif isinstance(error, KnownError):
            self.status_label.setText(error.message)
            self.status_label.setStyleSheet(error_style(self.status_label))
        else:
            self.worker.report_error(error)

    def _refused(self, error: ValidationError) -> None:
        self.last_error = error
        field = error.field if error.field in self._fields else "notes"
        self._show_field_error(field, error.message)
        kept = (self.tr("修正は下書きとして残っています。") if self.mode is FormMode.AMEND
                else self.tr("下書きは残っています。"))
        self.status_label.setText(self.tr("保存できませんでした: {message} {kept}").format(
            message=error.message, kept=kept).strip())
        self.status_label.setStyleSheet(error_style(self.status_label))
        widget = self._fields.get(field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_field_error(self, field: str, message: str) -> None:
        label = self._errors.get(field)
        if label is not None:
            label.setText(message)
            label.show()
        widget = self._fields.get(field)
        if widget is not None:
            widget.setProperty("invalid", True)
            widget.setStyleSheet(f"border: 1px solid {error_colour(widget)};")

    def _clear_error(self, field: str) -> None:
        label = self._errors.get(field)
        if label is not None and label.isVisible():
            label.hide()
            label.clear()
        widget = self._fields.get(field)
        if widget is not None and widget.property("invalid"):
            widget.setProperty("invalid", False)
            widget.setStyleSheet("")

    def _clear_errors(self) -> None:
        for name in self._errors:
            self._clear_error(name)
        self.attachments.show_error("")

    def field_error(self, field: str) -> str:
        """The message shown at a field (empty when none)."""
        label = self._errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    # -- history -------------------------------------------------------------------------

    def show_history(self) -> None:
        from companion.ui.views.visit_timeline import VisitHistoryDialog

        dialog = VisitHistoryDialog(self.worker, self.visit_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # -- closing -------------------------------------------------------------------------

    def _has_content(self) -> bool:
        """Whether closing now could lose or silently keep something typed here."""
        return self._edits > 0 or bool(self.attachments.pending)

    def keep_as_draft(self) -> Job | None:
        """Write what was typed as a draft and let the window close (the worker finishes
        queued writes before it shuts down)."""
        job = self.save_draft_now(force=self.dirty)
        self._done = True
        self._timer.stop()
        return job

    def reject(self) -> None:
        self.request_close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._done:
            self._detach()
            super().closeEvent(event)
            return
        event.ignore()
        self.request_close()

    def request_close(self) -> None:
        """Close, asking first when something typed would otherwise be lost."""
        if self._done or not self.is_loaded:
            self._finish_close()
            return
        if self.mode is FormMode.AMEND:
            if not self.dirty and not self._amendment_stored and self._saving is None:
                self._finish_close()
                return
            choices = [("save", self.tr("修正を保存")), ("draft", self.tr("下書きとして残す")),
                       ("drop", self.tr("修正を破棄して閉じる")), ("cancel", self.tr("キャンセル"))]
            text = self.tr("修正がまだ保存されていません。\n"
                           "下書きとして残すと、次に開いたときに続きから書けます。"
                           "破棄すると、記録は保存済みの内容のままです。")
            default = "draft"
        elif not self._has_content():  # nothing typed in this window: a draft stays as it was
            self._finish_close()
            return
        else:
            choices = [("save", self.tr("保存する")), ("draft", self.tr("下書きとして残す")),
                       ("discard", self.tr("破棄する")), ("cancel", self.tr("キャンセル"))]
            text = self.tr("この訪問記録はまだ保存されていません。\n"
                           "下書きとして残すと、次に開いたときに続きから書けます。")
            default = "draft"
        dialog = ChoiceDialog(title=self.tr("訪問記録を閉じる"), text=text, choices=choices,
                              default=default, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._close_answered(dialog.choice))
        self.close_dialog = dialog
        dialog.open()

    def _close_answered(self, choice: str | None) -> None:
        if choice == "save":
            self.save()
        elif choice == "draft":
            self.keep_as_draft()
            self._finish_close()
        elif choice == "discard":
            self.discard()
        elif choice == "drop":
            self.drop_amendment()

    def ask_discard(self) -> None:
        dialog = ChoiceDialog(title=self.tr("下書きを破棄"),
                              text=self.tr("この下書きを破棄します。入力した内容と添付は記録から外れます。"),
                              choices=[("discard", self.tr("破棄する")), ("cancel", self.tr("キャンセル"))],
                              default="cancel", parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self.discard() if dialog.choice == "discard" else None)
        self.close_dialog = dialog
        dialog.open()

    def drop_amendment(self) -> None:
        """Close without the amendment: the visit stays as saved, its autosaved
        amendment (if any) is thrown away."""
        self._done = True
        self._timer.stop()
        if self._amendment_stored or self._saving is not None:
            from companion.services.visits.capture import discard_amendment_draft

            ops.write(discard_amendment_draft, undo_label=self.tr("修正の下書きの破棄"),
                      visit_id=self.visit_id).run(self.worker)
            self.discarded.emit(self.visit_id)
        self._finish_close()

    def discard(self) -> None:
        self._done = True
        self._timer.stop()
        visit_id = self.visit_id
        if self._stored or self._saving is not None:
            from companion.services.visits.capture import discard_draft

            ops.write(discard_draft, undo_label=self.tr("下書きの破棄"), visit_id=visit_id) \
                .run(self.worker)
        # Jobs run in order: whoever reloads on this signal reads after the discard.
        self.discarded.emit(visit_id)
        self._finish_close()

    def _finish_close(self) -> None:
        self._done = True
        self._timer.stop()
        self._detach()
        self.done(QDialog.DialogCode.Rejected)
        self.close()

    def _detach(self) -> None:
        if self._detached:
            return
        self._detached = True
        app = QApplication.instance()
        if isinstance(app, QApplication):
            with contextlib.suppress(RuntimeError, TypeError):
                app.focusChanged.disconnect(self._focus_changed)
