"""Reviewer mode: a practitioner's review bundle, opened read-only, and the answer.

The reviewer (第三者) opens the bundle with ファイル > レビューバンドルを開く… (Ctrl+O);
no practitioner database is needed. Verification runs off the GUI thread and its
result is shown first: 検証OK, or each problem. Then the register (the latest version
of each disclosure, or every version), the history of the chosen disclosure with what
each version changed, and the red flags the bundle carries. Continuity with the last
bundle this reviewer saw from the same practitioner is checked too.

The reviewer records a finding per disclosure version and exports a response signed
with their own key (services/reviewer.py keeps it in the keyring and, wrapped by a
passphrase, in the data folder).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
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
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from companion.domain.enums import Finding
from companion.errors import KnownError, ValidationError
from companion.paths import DataPaths
from companion.ui import ops
from companion.ui.dialogs.passphrase import PassphraseDialog
from companion.ui.models.disclosure_table import (
    FlagRow,
    VersionRow,
)
from companion.ui.models.review_tables import BundleRegisterModel, ymd_text
from companion.ui.views.reviews import grouped, monospace
from companion.ui.widgets.common import (
    error_style,
    good_style,
    make_table,
    note,
    set_column_widths,
    stretch_column,
)
from companion.ui.widgets.red_flags import RedFlagPanel

if TYPE_CHECKING:
    from companion.services.reviewer import BundleDisclosure, FindingDraft, OpenedBundle
from companion.ui.tasks import DbWorker, Job
from companion.ui.widgets.version_history import VersionHistory

OK_STYLE = ("QLabel#verificationBanner { background: #e9f7ef; color: #145a32; border: 1px solid"
            " #82e0aa; border-radius: 4px; padding: 8px; font-weight: bold; }")
NG_STYLE = ("QLabel#verificationBanner { background: #fdecea; color: #922b21; border: 1px solid"
            " #f1948a; border-radius: 4px; padding: 8px; font-weight: bold; }")
WAIT_STYLE = ("QLabel#verificationBanner { background: palette(base); border: 1px solid"
              " palette(mid); border-radius: 4px; padding: 8px; }")


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewerWindow", text)


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
        self.findings: dict[str, FindingDraft] = {}
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

        self.flag_panel = RedFlagPanel(title=self.tr("バンドルに記載された注意事項"), rows=12)
        flags_tab = QWidget()
        flags_layout = QVBoxLayout(flags_tab)
        flags_layout.addWidget(note(self.tr(
            "支援者のアプリが規則で判定した注意事項です(入力されたものではありません)。"
            "それぞれの理由を確かめ、関係する開示の所見に反映してください。")))
        flags_layout.addWidget(self.flag_panel)
        flags_layout.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.addTab(register_tab, self.tr("開示と所見"))
        self.tabs.addTab(flags_tab, self.tr("注意事項"))

        # the response
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("例: 高橋 誠(中小企業診断士)"))
        self.organisation_edit = QLineEdit()
        self.organisation_edit.setPlaceholderText(self.tr("例: みちのく経営研究所"))
        self.overall_edit = QLineEdit()
        self.overall_edit.setPlaceholderText(self.tr("全体のコメント(任意)"))
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
        self.findings = {}
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
        flags = [FlagRow(f.rule, f.reason, f.disclosures, f.engagement_ids) for f in bundle.flags]
        self.flag_panel.set_flags(flags)
        self.tabs.setTabText(1, self.tr("注意事項({n})").format(n=len(flags)))
        self._set_enabled(bundle.readable)
        self._fill_register()
        self.opened.emit()

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

    def _disclosure_of(self, number: int) -> BundleDisclosure | None:
        bundle = self.bundle
        return next((d for d in bundle.disclosures if d.number == number), None) if bundle else None

    def _version_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        version = self._selected_version()
        if version is None:
            return
        disclosure = self._disclosure_of(version.number)
        if disclosure is not None:
            self._show_history(disclosure, version.version)
        self.finding_title.setText(self.tr("開示{n} 第{v}版({counterpart})への所見").format(
            n=version.number, v=version.version, counterpart=version.text("counterpart_name")))
        draft = self.findings.get(version.version_id)
        self.finding_combo.setCurrentIndex(
            self.finding_combo.findData(draft.finding.value) if draft else 0)
        self.conditions_edit.setText(draft.conditions if draft else "")
        self.comment_edit.setPlainText(draft.comment if draft else "")
        self.finding_error.setVisible(False)

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

    def select_disclosure(self, number: int, version: int | None = None) -> None:
        for row in range(self.register_model.rowCount()):
            item = self.register_model.version_at(row)
            if item.number == number and (version is None or item.version == version):
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

    # -- the response -------------------------------------------------------------------------

    def choose_response_file(self) -> None:
        from companion.services.reviewer import new_response_name

        bundle = self.bundle
        if bundle is None or not bundle.ok:
            return
        suggested = bundle.path.parent / new_response_name(bundle, self.today())
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("応答の保存先"), str(suggested), self.tr("レビュー応答 (*.json)"))
        if chosen:
            self.export_response(Path(chosen))

    def export_response(self, out: Path) -> None:
        from companion.services.reviewer import write_response

        bundle = self.bundle
        if bundle is None:
            return
        if not out.name.endswith(".json"):
            out = out.with_name(out.name + ".json")
        arguments: dict[str, Any] = dict(
            paths=self.paths, bundle=bundle, findings=list(self.findings.values()),
            reviewer_name=self.name_edit.text(), organisation=self.organisation_edit.text(),
            comment=self.overall_edit.text(), out=out, passphrase=self._passphrase,
            reviewed_on=self.today())
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
            "応答を書き出しました(所見 {n}件): {path}\nこのファイルを支援者に送ってください。"
            "あなたの鍵の指紋 {fp} … は電話など別の経路で伝えてください。").format(
                n=written.findings, path=written.path, fp=short_fingerprint(written.fingerprint)))
        self.own_key_label.setText(self.tr("あなたの署名鍵: {fp} …").format(
            fp=short_fingerprint(written.fingerprint)))
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

    def closeEvent(self, event: QCloseEvent) -> None:
        for job in (self._job, self._export_job):
            if job is not None:
                job.cancel()  # a response already being written is still written
        self._passphrase = None
        super().closeEvent(event)
