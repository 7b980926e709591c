"""Reviewer mode: a practitioner's review bundle, opened read-only, and the answer.

The reviewer (第三者) opens the bundle with ファイル > レビューバンドルを開く… (Ctrl+O);
no practitioner database is needed. Verification runs off the GUI thread and its
result is shown first: 検証OK, or each problem. Then the register (the latest version
of each disclosure, or every version), the history of the chosen disclosure with what
each version changed, and the red flags the bundle carries. Continuity with the last
bundle this reviewer saw from the same practitioner is checked too.

The reviewer records a finding per disclosure version and exports a response signed
with their own key (services/reviewer.py keeps it in the keyring and, wrapped by a
passphrase, in the data folder). Findings are saved as they are typed, as a draft of
this bundle in the reviewer's data folder, and come back when it is opened again;
closing with findings no response carries yet asks first. Disclosures are known by
their id (``disclosure_id``): their number is per device and only shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from companion.domain.enums import Finding
from companion.domain.red_flags import Disposition
from companion.errors import KnownError, ValidationError
from companion.paths import DataPaths
from companion.ui import ops
from companion.ui.dialogs.passphrase import PassphraseDialog
from companion.ui.models.disclosure_table import VersionRow
from companion.ui.models.review_tables import (
    BundleFlagModel,
    BundleRegisterModel,
    BundleTableModel,
    ymd_text,
)
from companion.ui.views.disclosure_form import date_edit, day_of
from companion.ui.views.reviews import grouped, monospace
from companion.ui.widgets.common import (
    error_style,
    fit_columns,
    good_style,
    make_table,
    note,
    set_column_widths,
    stretch_column,
)

if TYPE_CHECKING:
    from companion.services.dispositions import DispositionInput
    from companion.services.reviewer import (
        BundleDisclosure,
        BundleFlag,
        BundleVersion,
        FindingDraft,
        OpenedBundle,
        ReviewDraft,
        TypedFinding,
    )
from companion.ui.tasks import DbWorker, Job
from companion.ui.widgets.version_history import VersionHistory

OK_STYLE = ("QLabel#verificationBanner { background: #e9f7ef; color: #145a32; border: 1px solid"
            " #82e0aa; border-radius: 4px; padding: 8px; font-weight: bold; }")
NG_STYLE = ("QLabel#verificationBanner { background: #fdecea; color: #922b21; border: 1px solid"
            " #f1948a; border-radius: 4px; padding: 8px; font-weight: bold; }")
WAIT_STYLE = ("QLabel#verificationBanner { background: palette(base); border: 1px solid"
              " palette(mid); border-radius: 4px; padding: 8px; }")


DRAFT_SAVE_DELAY_MS = 400  # after the last key press, the draft is written
MAX_NAMED = 8  # disclosures named in the warning before 「ほか n 件」
NO_DUE_DATE = QDate(2000, 1, 1)  # the due-date field's 「(期限を選んでください)」


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewerWindow", text)


def ask(box: QMessageBox) -> QAbstractButton | None:
    """Show a question and return the button clicked (tests replace this to answer)."""
    box.exec()
    return box.clickedButton()


def version_name(version: BundleVersion) -> str:
    """開示3 第2版(本荘精工株式会社)"""
    counterpart = version.text("counterpart_name")
    name = _tr("開示{n} 第{v}版").format(n=version.number, v=version.version)
    return f"{name}({counterpart})" if counterpart else name


def local_time(iso: str) -> str:
    """2026/11/20 09:51 on this computer's clock, from the manifest's ISO timestamp."""
    from datetime import datetime

    from companion.ui.formatting import ymd_hm

    try:
        return ymd_hm(datetime.fromisoformat(iso))
    except ValueError:
        return iso


def choose_and_open_bundle(parent: QWidget, *, worker: DbWorker, paths: DataPaths,
                           today: Callable[[], date]) -> ReviewerWindow | None:
    """Ask for a bundle file and open it in a reviewer window of its own."""
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, _tr("レビューバンドルを開く"), str(Path.home()),
        _tr("レビューバンドル (*.zip);;すべてのファイル (*)"))
    if not chosen:
        return None
    window = ReviewerWindow(worker=worker, paths=paths, today=today, parent=parent)
    window.show()
    window.open_bundle(Path(chosen))
    return window


class ReviewerKeyDialog(PassphraseDialog):
    """The passphrase of the reviewer's signing key: chosen once, asked when the OS
    keyring cannot give the key."""

    def __init__(self, *, create: bool, error: str = "", parent: QWidget | None = None) -> None:
        from companion.security.recovery import MIN_PASSPHRASE_LENGTH

        if create:
            text = QCoreApplication.translate("ReviewerKeyDialog",
                "応答に署名するあなた専用の鍵を作ります。鍵はこのパソコンのキーリングと、パスフレーズで"
                "暗号化したファイル(データフォルダの reviewer-key.json)に保管されます。別のパソコンで"
                "同じ鍵を使うときや、キーリングが使えないときにこのパスフレーズが必要です"
                "({n}文字以上、日本語も使えます)。").format(n=MIN_PASSPHRASE_LENGTH)
        else:
            text = QCoreApplication.translate("ReviewerKeyDialog",
                                              "レビュー用の署名鍵のパスフレーズを入力してください。")
        super().__init__(
            create=create, error=error, parent=parent, explanation=text,
            title=QCoreApplication.translate("ReviewerKeyDialog", "レビュー用の署名鍵"),
            accept_label=(QCoreApplication.translate("ReviewerKeyDialog", "鍵を作って署名")
                          if create else QCoreApplication.translate("ReviewerKeyDialog", "署名")))
        self.setMinimumSize(520, 240)


class ReviewerWindow(QMainWindow):
    opened = Signal()  # the bundle (or its problems) is shown
    response_written = Signal(object)  # services.reviewer.ResponseWritten
    draft_saved = Signal()
    export_failed = Signal(str)

    def __init__(self, *, worker: DbWorker, paths: DataPaths, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.worker = worker
        self.paths = paths
        self.today = today
        self.bundle: OpenedBundle | None = None
        self.findings: dict[str, FindingDraft] = {}  # version id -> recorded finding
        self.typed: dict[str, TypedFinding] = {}  # version id -> typed, not recorded
        self.sent: dict[str, FindingDraft] = {}  # what the last response written said
        self._exporting: dict[str, FindingDraft] = {}
        self.dispositions: dict[str, DispositionInput] = {}  # flag id -> recorded disposition
        self.sent_dispositions: dict[str, DispositionInput] = {}  # in the last response
        self._exporting_dispositions: dict[str, DispositionInput] = {}
        self.draft_key = ""
        self._showing = False  # filling the finding fields: not the reviewer typing
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(DRAFT_SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_draft)
        self.dialog: QDialog | None = None
        self._passphrase: str | None = None
        self._job: Job | None = None
        self._export_job: Job | None = None
        self.setWindowTitle(self.tr("レビューバンドル — Companion(レビュー担当者)"))
        # An explicit minimum: the layout never changes the window's constraints after it
        # is shown (what it shows grows and shrinks with the bundle).
        self.setMinimumSize(900, 640)
        self.resize(1280, 860)

        self.banner = QLabel(self.tr("バンドルを検証しています…"))
        self.banner.setObjectName("verificationBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(WAIT_STYLE)
        self.problem_list = QListWidget()
        self.problem_list.setVisible(False)
        self.problem_list.setMaximumHeight(self.fontMetrics().height() * 7)
        self.continuity_label = QLabel()
        self.continuity_label.setWordWrap(True)
        self.continuity_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.practitioner_label = self._value()
        self.key_label = monospace(self._value())
        self.period_label = self._value()
        self.records_label = self._value()
        info = QGridLayout()
        for row, column, caption, value in (
                (0, 0, self.tr("支援者:"), self.practitioner_label),
                (0, 2, self.tr("鍵の指紋:"), self.key_label),
                (1, 0, self.tr("期間・作成:"), self.period_label),
                (1, 2, self.tr("記録:"), self.records_label)):
            info.addWidget(QLabel(caption), row, column, Qt.AlignmentFlag.AlignRight)
            info.addWidget(value, row, column + 1)
        info.setColumnStretch(1, 1)
        info.setColumnStretch(3, 1)

        # the register and the reviewer's findings
        self.all_versions_check = QCheckBox(self.tr("過去の版も表示"))
        self.all_versions_check.toggled.connect(self._fill_register)
        self.progress_label = QLabel()
        self.register_model = BundleRegisterModel(self)
        self.register_table = make_table()
        self.register_table.setModel(self.register_model)
        set_column_widths(self.register_table, {0: 3, 1: 2, 2: 5, 3: 11, 4: 8, 5: 5, 6: 6, 7: 6,
                                                9: 4, 10: 6})
        stretch_column(self.register_table, 8)
        self.register_table.selectionModel().selectionChanged.connect(self._version_selected)

        self.history = VersionHistory(side_by_side=False)

        self.finding_box = QGroupBox(self.tr("所見"))
        self.finding_title = QLabel(self.tr("版を選んでください。"))
        self.finding_combo = QComboBox()
        self.finding_combo.addItem(self.tr("(選んでください)"), None)
        for finding in Finding:
            self.finding_combo.addItem(finding.value, finding.value)
        self.conditions_edit = QLineEdit()
        self.conditions_edit.setPlaceholderText(self.tr("管理下で容認の条件(例: 年1回、出資先の評価を別の支援者が行う)"))
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setPlaceholderText(self.tr("コメント(要是正・情報不足では必須)"))
        self.finding_error = QLabel()
        self.finding_error.setWordWrap(True)
        self.finding_error.setStyleSheet(error_style(self.finding_error))
        self.finding_error.setVisible(False)
        self.record_button = QPushButton(self.tr("所見を記録(Ctrl+Enter)"))
        self.record_button.clicked.connect(self.record_finding)
        QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return), self.finding_box,
                  self.record_finding, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        finding_form = QFormLayout()
        finding_form.addRow(self.tr("所見:"), self.finding_combo)
        finding_form.addRow(self.tr("条件:"), self.conditions_edit)
        finding_form.addRow(self.tr("コメント:"), self.comment_edit)
        finding_layout = QVBoxLayout(self.finding_box)
        finding_layout.addWidget(self.finding_title)
        finding_layout.addLayout(finding_form, 1)
        finding_layout.addWidget(self.finding_error)
        finding_layout.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignRight)
        self.finding_combo.currentIndexChanged.connect(lambda _index: self._typed())
        self.conditions_edit.textEdited.connect(lambda _text: self._typed())
        self.comment_edit.textChanged.connect(self._typed)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.history)
        lower.addWidget(self.finding_box)
        lower.setSizes([760, 440])
        register_area = QSplitter(Qt.Orientation.Vertical)
        register_area.addWidget(self.register_table)
        register_area.addWidget(lower)
        register_area.setSizes([230, 400])
        register_area.setChildrenCollapsible(False)
        register_tab = QWidget()
        register_layout = QVBoxLayout(register_tab)
        top = QHBoxLayout()
        top.addWidget(self.all_versions_check)
        top.addStretch(1)
        top.addWidget(self.progress_label)
        register_layout.addLayout(top)
        register_layout.addWidget(register_area, 1)

        flags_tab = self._build_flags_tab()

        # the engagements and visit summaries the bundle holds (engagements.csv,
        # visits-summary.csv): what the disclosures are weighed against
        self.engagements_model = BundleTableModel(self, hidden=("案件ID",))
        self.engagements_table = make_table()
        self.engagements_table.setModel(self.engagements_model)
        self.visits_model = BundleTableModel(self, hidden=("案件ID",))
        self.visits_table = make_table()
        self.visits_table.setModel(self.visits_model)
        self.engagements_heading = QLabel(self.tr("案件"))
        self.visits_heading = QLabel(self.tr("訪問の要約(期間内)"))
        summary_tab = QWidget()
        summary_layout = QVBoxLayout(summary_tab)
        summary_layout.addWidget(note(self.tr(
            "バンドルに含まれる案件と、期間内の訪問の件数・時間です。開示された出資・役員就任などと、"
            "支援している案件や報酬の関係を確かめるのに使ってください。")))
        summary_split = QSplitter(Qt.Orientation.Vertical)
        for heading, table in ((self.engagements_heading, self.engagements_table),
                               (self.visits_heading, self.visits_table)):
            part = QWidget()
            part_layout = QVBoxLayout(part)
            part_layout.setContentsMargins(0, 0, 0, 0)
            part_layout.addWidget(heading)
            part_layout.addWidget(table, 1)
            summary_split.addWidget(part)
        summary_split.setChildrenCollapsible(False)
        summary_layout.addWidget(summary_split, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(register_tab, self.tr("開示と所見"))
        self.tabs.addTab(flags_tab, self.tr("注意事項"))
        self.tabs.addTab(summary_tab, self.tr("案件と訪問"))

        # the response
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("例: 高橋 誠(中小企業診断士)"))
        self.organisation_edit = QLineEdit()
        self.organisation_edit.setPlaceholderText(self.tr("例: みちのく経営研究所"))
        self.overall_edit = QLineEdit()
        self.overall_edit.setPlaceholderText(self.tr("全体のコメント(任意)"))
        self.overall_edit.textEdited.connect(lambda _text: self._schedule_save())
        self.own_key_label = QLabel()
        self.own_key_label.setWordWrap(True)
        self.export_button = QPushButton(self.tr("署名して応答を書き出す…(Ctrl+S)"))
        self.export_button.clicked.connect(self.choose_response_file)
        response_box = QGroupBox(self.tr("応答"))
        response_form = QGridLayout(response_box)
        response_form.addWidget(QLabel(self.tr("担当者:")), 0, 0, Qt.AlignmentFlag.AlignRight)
        response_form.addWidget(self.name_edit, 0, 1)
        response_form.addWidget(QLabel(self.tr("所属:")), 0, 2, Qt.AlignmentFlag.AlignRight)
        response_form.addWidget(self.organisation_edit, 0, 3)
        response_form.addWidget(self.own_key_label, 0, 4)
        response_form.addWidget(QLabel(self.tr("全体のコメント:")), 1, 0, Qt.AlignmentFlag.AlignRight)
        response_form.addWidget(self.overall_edit, 1, 1, 1, 3)
        response_form.addWidget(self.export_button, 1, 4, Qt.AlignmentFlag.AlignRight)
        response_form.setColumnStretch(1, 2)
        response_form.setColumnStretch(3, 2)
        response_form.setColumnStretch(4, 2)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.unreadable_note = note(self.tr(
            "支援者に連絡して、バンドルを書き出し直して送ってもらってください。メールの添付サイズの制限や"
            "USB メモリの取り外しで、ファイルが途中で切れることがあります。"))
        self.unreadable_note.setVisible(False)
        # what the bundle holds: hidden when it cannot be read at all
        self.content = QWidget()
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(info)
        content_layout.addWidget(self.tabs, 1)
        content_layout.addWidget(response_box)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addWidget(self.problem_list)
        layout.addWidget(self.unreadable_note)
        layout.addWidget(self.continuity_label)
        layout.addWidget(self.content, 1)
        layout.addStretch(0)
        layout.addWidget(self.status_label)
        self.setCentralWidget(central)
        self._build_menu()
        self._set_enabled(False)

    def _build_flags_tab(self) -> QWidget:
        """The red flags the bundle carries, and per flag the reviewer's disposition:
        問題なし, 要対応 (with a management plan: 担当, 対応, 期限) or 要説明 (the question)."""
        self.flags_heading = QLabel()
        font = self.flags_heading.font()
        font.setBold(True)
        self.flags_heading.setFont(font)
        self.flag_model = BundleFlagModel(self)
        self.flag_table = make_table()
        self.flag_table.setModel(self.flag_model)
        self.flag_table.setWordWrap(True)
        set_column_widths(self.flag_table, {0: 9, 1: 4, 3: 13})
        stretch_column(self.flag_table, 2)
        self.flag_table.selectionModel().selectionChanged.connect(self._flag_selected)
        self.flags_progress = QLabel()

        self.disposition_box = QGroupBox(self.tr("注意事項への判断"))
        self.disposition_title = QLabel(self.tr("注意事項を選んでください。"))
        self.disposition_title.setWordWrap(True)
        self.disposition_combo = QComboBox()
        self.disposition_combo.addItem(self.tr("(選んでください)"), None)
        for disposition in Disposition:
            self.disposition_combo.addItem(disposition.value, disposition.value)
        self.owner_edit = QLineEdit()
        self.owner_edit.setPlaceholderText(self.tr("例: 佐藤 みのり(支援者本人)"))
        self.action_edit = QLineEdit()
        self.action_edit.setPlaceholderText(self.tr("例: 成果報酬の算定根拠を委託元に書面で報告する"))
        self.due_edit = date_edit(self.today())
        self.due_edit.setMinimumDate(NO_DUE_DATE)
        self.due_edit.setSpecialValueText(self.tr("(期限を選んでください)"))
        self.due_edit.setDate(NO_DUE_DATE)
        self.question_label = QLabel(self.tr("コメント:"))
        self.question_edit = QPlainTextEdit()
        self.question_edit.setTabChangesFocus(True)
        self.question_edit.setPlaceholderText(self.tr("要説明では、支援者に説明を求める事項(必須)"))
        self.disposition_error = QLabel()
        self.disposition_error.setWordWrap(True)
        self.disposition_error.setStyleSheet(error_style(self.disposition_error))
        self.disposition_error.setVisible(False)
        self.disposition_button = QPushButton(self.tr("判断を記録(Ctrl+Enter)"))
        self.disposition_button.clicked.connect(self.record_disposition)
        QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return), self.disposition_box,
                  self.record_disposition, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.question_edit.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        # the management plan (要対応 only): its fields are enabled with 要対応
        self.plan_fields: tuple[QWidget, ...] = (self.owner_edit, self.action_edit, self.due_edit)
        self.plan_labels = (QLabel(self.tr("担当:")), QLabel(self.tr("対応:")), QLabel(self.tr("期限:")))
        form = QFormLayout()
        form.addRow(self.tr("判断:"), self.disposition_combo)
        for label, edit in zip(self.plan_labels, self.plan_fields, strict=True):
            label.setBuddy(edit)
            form.addRow(label, edit)
        form.addRow(self.question_label, self.question_edit)
        self.question_label.setBuddy(self.question_edit)
        box_layout = QVBoxLayout(self.disposition_box)
        box_layout.addWidget(self.disposition_title)
        box_layout.addLayout(form, 1)
        box_layout.addWidget(self.disposition_error)
        box_layout.addWidget(self.disposition_button, 0, Qt.AlignmentFlag.AlignRight)
        self.disposition_combo.currentIndexChanged.connect(lambda _index: self._disposition_kind())
        self._disposition_kind()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        heading.addWidget(self.flags_heading)
        heading.addStretch(1)
        heading.addWidget(self.flags_progress)
        left_layout.addLayout(heading)
        left_layout.addWidget(self.flag_table, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.disposition_box)
        split.setSizes([760, 440])
        split.setChildrenCollapsible(False)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(note(self.tr(
            "支援者のアプリが規則で判定した注意事項です(入力されたものではありません)。"
            "それぞれの理由を確かめ、注意事項ごとに判断を記録してください。判断は応答に署名して含まれ、"
            "要対応・要説明は支援者のホームに対応が済むまで表示されます。")))
        layout.addWidget(split, 1)
        return tab

    @staticmethod
    def _value() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("ファイル(&F)"))
        open_action = QAction(self.tr("別のレビューバンドルを開く…"), self)
        open_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        open_action.triggered.connect(lambda: choose_and_open_bundle(
            self.parentWidget() or self, worker=self.worker, paths=self.paths, today=self.today))
        self.export_action = QAction(self.tr("署名して応答を書き出す…"), self)
        self.export_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.export_action.triggered.connect(self.choose_response_file)
        close_action = QAction(self.tr("閉じる"), self)
        close_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
        close_action.triggered.connect(self.close)
        for action in (open_action, self.export_action, None, close_action):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)

    def _set_enabled(self, enabled: bool) -> None:
        self.tabs.setEnabled(enabled)
        self.finding_box.setEnabled(enabled)
        can_answer = enabled and self.bundle is not None and self.bundle.ok
        self.export_button.setEnabled(can_answer)
        self.export_action.setEnabled(can_answer)
        flag = self._selected_flag()
        self.disposition_box.setEnabled(can_answer and flag is not None and bool(flag.id))

    # -- opening ---------------------------------------------------------------------------

    def open_bundle(self, path: Path) -> None:
        if self._job is not None:
            self._job.cancel()
        self.setWindowTitle(self.tr("{name} — レビュー(Companion)").format(name=path.name))
        self.banner.setText(self.tr("{name} を検証しています…").format(name=path.name))
        self.banner.setStyleSheet(WAIT_STYLE)
        from companion.services.reviewer import open_for_review

        self._job = ops.background(open_for_review, path=path, paths=self.paths,
                                   today=self.today()) \
            .named("open review bundle").success(self._show_bundle) \
            .failure(self._open_failed).run(self.worker)

    def _open_failed(self, error: BaseException) -> None:
        self._job = None
        if not isinstance(error, KnownError):
            self.worker.report_error(error)
            return
        self.banner.setText(self.tr("検証NG — バンドルを開けません: {message}").format(
            message=error.message))
        self.banner.setStyleSheet(NG_STYLE)
        self.opened.emit()

    def _show_bundle(self, result: Any) -> None:
        from companion.review.keys import short_fingerprint

        self._job = None
        bundle, name, organisation = result.bundle, result.reviewer_name, result.organisation
        own_key = result.own_fingerprint
        self.bundle = bundle
        self._save_timer.stop()
        self.findings, self.typed, self.sent = {}, {}, {}
        self.draft_key = ""
        self.problem_list.clear()
        self.problem_list.addItems(bundle.problems)
        self.problem_list.setVisible(bool(bundle.problems))
        size = bundle.checkpoint.size if bundle.checkpoint else 0
        if bundle.ok:
            self.banner.setText(self.tr(
                "検証OK — {file} は完全で、すべてのファイルのハッシュ、支援者の署名、記録 {n} 件の"
                "ハッシュチェーンが正しいことを確認しました。").format(file=bundle.path.name, n=size))
            self.banner.setStyleSheet(OK_STYLE)
        elif bundle.readable:
            self.banner.setText(self.tr(
                "検証NG — {file} に問題が {n} 件見つかりました。以下の内容は信頼できません。"
                "支援者に確認し、送り直してもらってください。").format(
                    file=bundle.path.name, n=len(bundle.problems)))
            self.banner.setStyleSheet(NG_STYLE)
        else:
            self.banner.setText(self.tr(
                "検証NG — {file} はレビューバンドルとして読めません。何も表示していません。").format(
                    file=bundle.path.name))
            self.banner.setStyleSheet(NG_STYLE)
        self._show_continuity(bundle)
        self.content.setVisible(bundle.readable)
        self.unreadable_note.setVisible(not bundle.readable)
        if bundle.readable:
            self.practitioner_label.setText(bundle.practitioner_name or self.tr("(氏名の記載なし)"))
            self.key_label.setText(short_fingerprint(bundle.practitioner_fingerprint) + " …"
                                   if bundle.practitioner_fingerprint else "")
            self.key_label.setToolTip(grouped(bundle.practitioner_fingerprint))
            self.period_label.setText(self.tr("{start} 〜 {end}・作成 {created}").format(
                start=ymd_text(bundle.period[0]), end=ymd_text(bundle.period[1]),
                created=local_time(bundle.created_at)))
            self.records_label.setText(self.tr(
                "記録 {n} 件・開示 {d} 件・注意事項 {f} 件・規則の版 {rules}・過去のレビュー応答 {r} 件").format(
                    n=size, d=len(bundle.disclosures), f=len(bundle.flags), rules=bundle.rules_version,
                    r=bundle.earlier_reviews))
        if name and not self.name_edit.text():
            self.name_edit.setText(name)
        if organisation and not self.organisation_edit.text():
            self.organisation_edit.setText(organisation)
        self.own_key_label.setText(
            self.tr("あなたの署名鍵: {fp} …").format(fp=short_fingerprint(own_key)) if own_key
            else self.tr("あなたの署名鍵は、最初に応答を書き出すときに作ります。"))
        self.dispositions, self.sent_dispositions = {}, {}
        self._show_summaries(bundle)
        if bundle.ok:
            from companion.services.reviewer import draft_key

            self.draft_key = draft_key(bundle)
            self._restore(result.draft)
        self._fill_flags()
        self._set_enabled(bundle.readable)
        self._fill_register()
        self.opened.emit()

    def _show_summaries(self, bundle: OpenedBundle) -> None:
        self.engagements_model.set_table(bundle.engagements.columns, bundle.engagements.rows)
        self.visits_model.set_table(bundle.visit_summaries.columns, bundle.visit_summaries.rows)
        self.engagements_heading.setText(self.tr("案件({n}件)").format(
            n=len(bundle.engagements.rows)))
        self.visits_heading.setText(self.tr("訪問の要約(期間内、{n}件の案件)").format(
            n=len(bundle.visit_summaries.rows)))
        self.tabs.setTabText(2, self.tr("案件と訪問({n})").format(n=len(bundle.engagements.rows)))
        # The long text takes the width left: the fee terms, and the engagement's title.
        for table, model, long_text in ((self.engagements_table, self.engagements_model, "報酬条件"),
                                        (self.visits_table, self.visits_model, "案件名")):
            if model.columnCount():
                headers = [model.headerData(c, Qt.Orientation.Horizontal)
                           for c in range(model.columnCount())]
                wide = headers.index(long_text) if long_text in headers else 0
                fit_columns(table, skip=wide, max_chars=18)
                stretch_column(table, wide)

    def _restore(self, draft: ReviewDraft | None) -> None:
        """Bring back the reviewer's work on this bundle (its versions only)."""
        bundle = self.bundle
        if draft is None or bundle is None:
            return
        known = {v.version_id for d in bundle.disclosures for v in d.versions}
        self.findings = {k: f for k, f in draft.findings.items() if k in known}
        self.typed = {k: t for k, t in draft.typed.items() if k in known}
        self.sent = {k: f for k, f in draft.sent.items() if k in known}
        flags = {f.id for f in bundle.flags if f.id}
        self.dispositions = {k: d for k, d in draft.dispositions.items() if k in flags}
        self.sent_dispositions = {k: d for k, d in draft.sent_dispositions.items() if k in flags}
        if draft.comment and not self.overall_edit.text():
            self.overall_edit.setText(draft.comment)
        self.status_label.setStyleSheet("")
        if self.unsent():
            if self.dispositions:
                self.status_label.setText(self.tr(
                    "前回の作業を戻しました(記録済みの所見 {n}件・入力途中 {t}件・注意事項への判断 {d}件)。"
                    ).format(n=len(self.findings), t=len(self.typed), d=len(self.dispositions)))
            else:
                self.status_label.setText(self.tr(
                    "前回の作業を戻しました(記録済みの所見 {n}件・入力途中 {t}件)。").format(
                        n=len(self.findings), t=len(self.typed)))
        elif self.findings:
            self.status_label.setText(self.tr(
                "前回書き出した応答の所見 {n}件を表示しています。").format(n=len(self.findings)))

    def _show_continuity(self, bundle: OpenedBundle) -> None:
        continuity = bundle.continuity
        if continuity is None:
            self.continuity_label.setText("")
            return
        lines = [continuity.message, *continuity.problems]
        if continuity.status == "problem":
            lines.insert(0, self.tr("連続性の警告:"))
            self.continuity_label.setStyleSheet(error_style(self.continuity_label))
        else:
            lines.insert(0, self.tr("連続性:"))
            self.continuity_label.setStyleSheet(good_style(self.continuity_label) if continuity.status != "first" else "")
        self.continuity_label.setText(" ".join(lines[:1]) + " " + "\n".join(lines[1:]))

    def _fill_register(self, _checked: bool = False) -> None:
        bundle = self.bundle
        if bundle is None:
            return
        rows = ([v for d in bundle.disclosures for v in d.versions]
                if self.all_versions_check.isChecked() else [d.latest for d in bundle.disclosures])
        selected = self._selected_version()
        self.register_model.set_rows(rows)
        for version_id, draft in self.findings.items():
            self.register_model.set_finding(version_id, draft.finding.value)
        target = next((n for n, v in enumerate(rows) if selected and v.version_id == selected.version_id), 0)
        if rows:
            self.register_table.selectRow(target)
        self._update_progress()

    def _update_progress(self) -> None:
        bundle = self.bundle
        if bundle is None:
            return
        latest = [d.latest.version_id for d in bundle.disclosures]
        done = sum(1 for version_id in latest if version_id in self.findings)
        self.progress_label.setText(self.tr("最新版の所見: {done} / {total}件(全体 {all}件記録)").format(
            done=done, total=len(latest), all=len(self.findings)))

    # -- a version, its history and its finding ---------------------------------------------

    def _selected_version(self) -> Any:
        indexes = self.register_table.selectionModel().selectedRows()
        return self.register_model.version_at(indexes[0].row()) if indexes else None

    def _disclosure_of(self, disclosure_id: str) -> BundleDisclosure | None:
        return self.bundle.disclosure(disclosure_id) if self.bundle else None

    def _version_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        version = self._selected_version()
        if version is None:
            return
        disclosure = self._disclosure_of(version.disclosure_id)
        if disclosure is not None:
            self._show_history(disclosure, version.version)
        self.finding_title.setText(self.tr("開示{n} 第{v}版({counterpart})への所見").format(
            n=version.number, v=version.version, counterpart=version.text("counterpart_name")))
        typed = self.typed.get(version.version_id)
        draft = self.findings.get(version.version_id)
        if typed is not None:
            finding, conditions, comment = typed.finding, typed.conditions, typed.comment
        elif draft is not None:
            finding, conditions, comment = draft.finding.value, draft.conditions, draft.comment
        else:
            finding, conditions, comment = "", "", ""
        self._showing = True
        try:
            self.finding_combo.setCurrentIndex(max(self.finding_combo.findData(finding), 0)
                                               if finding else 0)
            self.conditions_edit.setText(conditions)
            self.comment_edit.setPlainText(comment)
        finally:
            self._showing = False
        self.finding_error.setVisible(False)

    def _typed(self) -> None:
        """The reviewer changed the finding fields: keep what they typed for the version
        (until it is recorded) and save the draft shortly."""
        version = self._selected_version()
        if self._showing or version is None:
            return
        from companion.services.reviewer import TypedFinding

        typed = TypedFinding(version.version_id, str(self.finding_combo.currentData() or ""),
                             self.conditions_edit.text(), self.comment_edit.toPlainText())
        recorded = self.findings.get(version.version_id)
        same = (recorded is not None and typed.finding == recorded.finding.value
                and typed.conditions.strip() == recorded.conditions
                and typed.comment.strip() == recorded.comment)
        empty = recorded is None and not (typed.finding or typed.conditions or typed.comment)
        if same or empty:
            self.typed.pop(version.version_id, None)
        else:
            self.typed[version.version_id] = typed
        self._schedule_save()

    def _show_history(self, disclosure: BundleDisclosure, chosen: int) -> None:
        from companion.domain.disclosure_diff import changed_labels, diff_versions
        from companion.ui.formatting import ymd

        names = dict(self.bundle.names) if self.bundle else {}
        for version in disclosure.versions:  # the bundle names clients only by their name
            client = version.content.get("counterpart_client_id")
            if client:
                names.setdefault(str(client), version.text("counterpart_name"))
        rows = []
        previous = None
        for version in disclosure.versions:
            changes = diff_versions(previous, version.content, names=names)
            if previous is None:
                changed = self.tr("(最初の版)")
            else:
                changed = (changed_labels([c for c in changes if c.field != "declared_on"])
                           or self.tr("内容の変更なし"))
            draft = self.findings.get(version.version_id)
            declared = version.text("declared_on")
            rows.append(VersionRow(version.version, ymd(date.fromisoformat(declared)) if declared else "",
                                   version.text("reason"), version.text("status"), changed,
                                   draft.finding.value if draft else "", tuple(changes),
                                   version.version_id))
            previous = version.content
        self.history.set_versions(rows, title=self.tr("開示{n}の履歴(全{count}版)").format(
            n=disclosure.number, count=len(rows)), select=chosen)

    def select_disclosure(self, disclosure_id: str, version: int | None = None) -> None:
        """Select a disclosure (its latest version shown, or ``version``) by its id."""
        for row in range(self.register_model.rowCount()):
            item = self.register_model.version_at(row)
            if item.disclosure_id == disclosure_id and (version is None or item.version == version):
                self.register_table.selectRow(row)
                return

    def record_finding(self) -> None:
        """Keep the finding for the selected version (checked as the response will be)."""
        from companion.services.reviewer import FindingDraft, check_finding

        version = self._selected_version()
        chosen = self.finding_combo.currentData()
        if version is None:
            return
        if not chosen:
            self._finding_error(self.tr("所見を選んでください。"))
            self.finding_combo.setFocus()
            return
        finding = Finding(chosen)
        draft = FindingDraft(version.version_id, finding, self.conditions_edit.text().strip(),
                             self.comment_edit.toPlainText().strip())
        try:
            check_finding(draft)
        except ValidationError as error:
            self._finding_error(error.message)
            (self.conditions_edit if error.field == "conditions" else self.comment_edit).setFocus()
            return
        self.finding_error.setVisible(False)
        self.findings[version.version_id] = draft
        self.typed.pop(version.version_id, None)
        self._schedule_save()
        self.register_model.set_finding(version.version_id, finding.value)
        self.history.versions_model.set_finding(version.version_id, finding.value)
        self._update_progress()
        self.status_label.setStyleSheet(good_style(self.status_label))
        self.status_label.setText(self.tr("開示{n} 第{v}版に「{finding}」を記録しました。").format(
            n=version.number, v=version.version, finding=finding.value))
        self._select_next_unreviewed(version.version_id)

    def _select_next_unreviewed(self, after: str) -> None:
        rows = [self.register_model.version_at(r) for r in range(self.register_model.rowCount())]
        start = next((n for n, v in enumerate(rows) if v.version_id == after), -1) + 1
        for row in list(range(start, len(rows))) + list(range(0, start)):
            if rows[row].version_id not in self.findings:
                self.register_table.selectRow(row)
                return

    def _finding_error(self, message: str) -> None:
        self.finding_error.setText(message)
        self.finding_error.setVisible(True)

    # -- the red flags and the reviewer's dispositions ---------------------------------------

    def _fill_flags(self) -> None:
        bundle = self.bundle
        flags = bundle.flags if bundle is not None else []
        self.flag_model.set_rows(flags)
        self.flag_model.clear_dispositions()
        for flag_id, item in self.dispositions.items():
            self.flag_model.set_disposition(flag_id, self._disposition_text(item))
        self.flags_heading.setText(self.tr("バンドルに記載された注意事項 {n}件").format(n=len(flags)))
        self.tabs.setTabText(1, self.tr("注意事項({n})").format(n=len(flags)))
        self._update_flags_progress()
        if flags:
            self.flag_table.selectRow(0)
        else:
            self._show_disposition(None)

    def _disposition_text(self, item: DispositionInput) -> str:
        from companion.ui.formatting import ymd

        if item.disposition is Disposition.ACTION and item.due_on is not None:
            return self.tr("{d}(期限 {due})").format(d=item.disposition.value, due=ymd(item.due_on))
        return item.disposition.value

    def _update_flags_progress(self) -> None:
        bundle = self.bundle
        judged = [f for f in (bundle.flags if bundle else []) if f.id]
        done = sum(1 for f in judged if f.id in self.dispositions)
        self.flags_progress.setText(self.tr("判断済み: {done} / {total}件").format(
            done=done, total=len(judged)))

    def _selected_flag(self) -> BundleFlag | None:
        indexes = self.flag_table.selectionModel().selectedRows()
        return self.flag_model.flag_at(indexes[0].row()) if indexes else None

    def select_flag(self, flag_id: str) -> None:
        for row in range(self.flag_model.rowCount()):
            if self.flag_model.flag_at(row).id == flag_id:
                self.flag_table.selectRow(row)
                return

    def _flag_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_disposition(self._selected_flag())

    def _show_disposition(self, flag: BundleFlag | None) -> None:
        """Fill the disposition fields with what is recorded for ``flag`` (or empty)."""
        self.disposition_error.setVisible(False)
        item = self.dispositions.get(flag.id) if flag is not None and flag.id else None
        self.disposition_combo.setCurrentIndex(
            max(self.disposition_combo.findData(item.disposition.value), 0) if item else 0)
        self.owner_edit.setText(item.owner if item else "")
        self.action_edit.setText(item.action if item else "")
        due = item.due_on if item is not None else None
        self.due_edit.setDate(QDate(due.year, due.month, due.day) if due else NO_DUE_DATE)
        self.question_edit.setPlainText(item.comment if item else "")
        usable = flag is not None and bool(flag.id) and self.bundle is not None and self.bundle.ok
        self.disposition_box.setEnabled(usable)
        if flag is None:
            self.disposition_title.setText(self.tr("注意事項を選んでください。"))
        elif not flag.id:
            self.disposition_title.setText(self.tr(
                "この注意事項には識別子がありません(以前の版のアプリで書き出したバンドル)。判断は"
                "記録できません。関係する開示の所見に反映してください。"))
        else:
            self.disposition_title.setText(self.tr("【{rule}】{reason}").format(
                rule=flag.rule, reason=flag.reason))

    def _disposition_kind(self) -> None:
        """The plan is for 要対応 only; the text is the question for 要説明."""
        chosen = self.disposition_combo.currentData()
        self.disposition_error.setVisible(False)
        for widget in (*self.plan_labels, *self.plan_fields):
            widget.setEnabled(chosen == Disposition.ACTION.value)
        self.question_label.setText(self.tr("説明を求める事項:") if chosen == Disposition.EXPLAIN.value
                                    else self.tr("コメント:"))

    def _disposition_error(self, message: str, field: QWidget) -> None:
        self.disposition_error.setText(message)
        self.disposition_error.setVisible(True)
        field.setFocus()

    def record_disposition(self) -> None:
        """Keep the disposition of the selected flag, each required field checked at the
        field with a message saying what is missing."""
        from companion.services.dispositions import DispositionInput, disposition_records
        from companion.services.reviewer import flag_map

        flag = self._selected_flag()
        bundle = self.bundle
        if flag is None or not flag.id or bundle is None:
            return
        chosen = self.disposition_combo.currentData()
        if not chosen:
            self._disposition_error(self.tr("判断(問題なし・要対応・要説明)を選んでください。"),
                                    self.disposition_combo)
            return
        disposition = Disposition(chosen)
        owner, action = self.owner_edit.text().strip(), self.action_edit.text().strip()
        due = None if self.due_edit.date() == NO_DUE_DATE else day_of(self.due_edit)
        comment = self.question_edit.toPlainText().strip()
        if disposition is Disposition.ACTION:
            if not owner:
                self._disposition_error(self.tr("要対応には、対応の担当(誰が対応するか)を入力してください。"),
                                        self.owner_edit)
                return
            if not action:
                self._disposition_error(self.tr("要対応には、対応(何をするか)を入力してください。"),
                                        self.action_edit)
                return
            if due is None:
                self._disposition_error(self.tr("要対応には、対応の期限を選んでください。"), self.due_edit)
                return
            if due < self.today():
                self._disposition_error(self.tr("期限が今日より前です。今日以降の日付を選んでください。"),
                                        self.due_edit)
                return
        else:
            owner, action, due = "", "", None
        if disposition is Disposition.EXPLAIN and not comment:
            self._disposition_error(self.tr("要説明には、支援者に説明を求める事項を入力してください。"),
                                    self.question_edit)
            return
        item = DispositionInput(flag.id, disposition, rule=flag.rule, reason=flag.reason,
                                owner=owner, action=action, due_on=due, comment=comment)
        try:
            disposition_records(flag_map(bundle), [item])
        except ValidationError as error:
            self._disposition_error(error.message, self.question_edit
                                    if error.field == "comment" else self.action_edit)
            return
        self.disposition_error.setVisible(False)
        self.dispositions[flag.id] = item
        self.flag_model.set_disposition(flag.id, self._disposition_text(item))
        self._update_flags_progress()
        self._schedule_save()
        self.status_label.setStyleSheet(good_style(self.status_label))
        self.status_label.setText(self.tr("注意事項【{rule}】に「{d}」を記録しました。").format(
            rule=flag.rule, d=disposition.value))
        rows = [self.flag_model.flag_at(r) for r in range(self.flag_model.rowCount())]
        start = next((n for n, f in enumerate(rows) if f.id == flag.id), -1) + 1
        for row in list(range(start, len(rows))) + list(range(0, start)):
            if rows[row].id and rows[row].id not in self.dispositions:
                self.flag_table.selectRow(row)
                return

    # -- the response -------------------------------------------------------------------------

    def choose_response_file(self) -> None:
        from companion.services.reviewer import new_response_name

        bundle = self.bundle
        if bundle is None or not bundle.ok:
            return
        if not self._confirm_missing():
            return
        suggested = bundle.path.parent / new_response_name(bundle, self.today())
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("応答の保存先"), str(suggested), self.tr("レビュー応答 (*.json)"))
        if chosen:
            self.export_response(Path(chosen))

    def missing_findings(self) -> list[BundleVersion]:
        """The latest version of each disclosure that has no finding recorded."""
        bundle = self.bundle
        if bundle is None:
            return []
        return [d.latest for d in bundle.disclosures if d.latest.version_id not in self.findings]

    def _confirm_missing(self) -> bool:
        """Warn, naming them, when some disclosures have no finding yet; True to go on."""
        missing = self.missing_findings()
        if not missing or not self.findings:  # none at all: write_response says so
            return True
        names = [version_name(v) for v in missing[:MAX_NAMED]]
        if len(missing) > MAX_NAMED:
            names.append(self.tr("ほか {n}件").format(n=len(missing) - MAX_NAMED))
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("所見のない開示があります"),
                          self.tr("次の開示にはまだ所見がありません:\n{names}\n\n"
                                  "このまま応答を書き出しますか?").format(names="\n".join(names)),
                          QMessageBox.StandardButton.NoButton, self)
        go_on = box.addButton(self.tr("このまま書き出す"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("キャンセル"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        return ask(box) is go_on

    def export_response(self, out: Path) -> None:
        from companion.services.dispositions import disposition_records
        from companion.services.reviewer import flag_map, write_response

        bundle = self.bundle
        if bundle is None:
            return
        if not out.name.endswith(".json"):
            out = out.with_name(out.name + ".json")
        self._exporting = dict(self.findings)  # what the response carries
        self._exporting_dispositions = dict(self.dispositions)
        try:
            records = disposition_records(flag_map(bundle), list(self.dispositions.values()))
        except ValidationError as error:  # each was checked when recorded: a stale draft
            self.status_label.setStyleSheet(error_style(self.status_label))
            self.status_label.setText(self.tr("応答を書き出せませんでした: {message}").format(
                message=error.message))
            self.tabs.setCurrentIndex(1)
            return
        arguments: dict[str, Any] = dict(
            paths=self.paths, bundle=bundle, findings=list(self._exporting.values()),
            reviewer_name=self.name_edit.text(), organisation=self.organisation_edit.text(),
            comment=self.overall_edit.text(), out=out, passphrase=self._passphrase,
            reviewed_on=self.today(), dispositions=records)
        self.export_button.setEnabled(False)
        self.status_label.setStyleSheet("")
        self.status_label.setText(self.tr("署名しています…"))
        self._export_job = ops.background(write_response, **arguments) \
            .named("write review response").keep_on_exit().success(self._written) \
            .failure(lambda error: self._write_failed(error, out)).run(self.worker)

    def _written(self, written: Any) -> None:
        from companion.review.keys import short_fingerprint

        self.export_button.setEnabled(True)
        self.status_label.setStyleSheet(good_style(self.status_label))
        self.status_label.setText(self.tr(
            "応答を書き出しました(所見 {n}件・注意事項への判断 {d}件): {path}\n"
            "このファイルを支援者に送ってください。"
            "あなたの鍵の指紋 {fp} … は電話など別の経路で伝えてください。").format(
                n=written.findings, d=written.dispositions, path=written.path,
                fp=short_fingerprint(written.fingerprint)))
        self.own_key_label.setText(self.tr("あなたの署名鍵: {fp} …").format(
            fp=short_fingerprint(written.fingerprint)))
        self.sent = self._exporting
        self.sent_dispositions = self._exporting_dispositions
        self.save_draft()
        self.response_written.emit(written)

    def _write_failed(self, error: BaseException, out: Path) -> None:
        from companion.services.reviewer import ReviewerPassphraseNeeded

        self.export_button.setEnabled(bool(self.bundle and self.bundle.ok))
        if isinstance(error, ReviewerPassphraseNeeded):
            self._passphrase = None
            self._ask_passphrase(error, out)
            return
        if not isinstance(error, KnownError):
            self.worker.report_error(error)
            return
        self.status_label.setStyleSheet(error_style(self.status_label))
        self.status_label.setText(self.tr("応答を書き出せませんでした: {message}").format(
            message=error.message))
        if isinstance(error, ValidationError) and error.field in ("reviewer_name",):
            self.name_edit.setFocus()
        self.export_failed.emit(error.message)

    def _ask_passphrase(self, error: Any, out: Path) -> None:
        dialog = ReviewerKeyDialog(create=error.create, error=error.message if error.wrong else "",
                                   parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog

        def answered(result: int) -> None:
            self.dialog = None
            if result == QDialog.DialogCode.Accepted:
                self._passphrase = dialog.value()
                self.export_response(out)
            else:
                self.status_label.setText(self.tr("書き出しを取りやめました。"))

        dialog.finished.connect(answered)
        dialog.open()

    # -- the draft ----------------------------------------------------------------------------

    def unsent(self) -> list[str]:
        """Version ids whose finding (recorded or typed) no response written carries."""
        return self._draft().unsent() if self.draft_key else []

    def _draft(self) -> ReviewDraft:
        from companion.services.reviewer import ReviewDraft

        return ReviewDraft(bundle_name=self.bundle.path.name if self.bundle else "",
                           findings=dict(self.findings), typed=dict(self.typed),
                           comment=self.overall_edit.text(), sent=dict(self.sent),
                           dispositions=dict(self.dispositions),
                           sent_dispositions=dict(self.sent_dispositions))

    def _schedule_save(self) -> None:
        if self.draft_key:
            self._save_timer.start()

    def save_draft(self) -> None:
        """Write the draft now (in order with the saves before it)."""
        from datetime import datetime

        from companion.services.reviewer import save_draft

        self._save_timer.stop()
        if not self.draft_key:
            return
        status = self.status_label

        def failed(error: BaseException) -> None:
            if not isinstance(error, KnownError):
                self.worker.report_error(error)
                return
            if isValid(status):  # else the window is gone; the error is logged
                status.setStyleSheet(error_style(status))
                status.setText(_tr("所見の下書きを保存できませんでした: {message}").format(
                    message=error.message))

        ops.in_order(save_draft, paths=self.paths, key=self.draft_key, draft=self._draft(),
                     saved_at=datetime.now().astimezone().isoformat(timespec="seconds")) \
            .named("save review draft").success(lambda _none: self._saved()) \
            .failure(failed).run(self.worker)

    def _saved(self) -> None:
        if isValid(self):  # the window may have closed while the draft was written
            self.draft_saved.emit()

    def _confirm_close(self) -> bool:
        unsent = self.unsent()
        if not unsent:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("応答を書き出していない所見"),
                          self.tr("まだ応答として書き出していない所見が {n}件あります。\n"
                                  "所見は下書きとして保存されていて、このバンドルをもう一度開くと"
                                  "戻ります。閉じますか?").format(n=len(unsent)),
                          QMessageBox.StandardButton.NoButton, self)
        close = box.addButton(self.tr("閉じる"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("キャンセル"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        return ask(box) is close

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._confirm_close():
            event.ignore()
            return
        if self._save_timer.isActive():
            self.save_draft()
        for job in (self._job, self._export_job):
            if job is not None:
                job.cancel()  # a response already being written is still written
        self._passphrase = None
        super().closeEvent(event)
