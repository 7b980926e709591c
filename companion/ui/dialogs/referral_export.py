"""案件 → 引き継ぎパッケージを作成…: one engagement for another centre's practitioner
(docs/referral.md).

The user picks what goes (the plan, the KPIs, the files, every visit, chosen visits or
none), records the business owner's consent (date, scope, how) and the recipient: the
contact card they exported, or a passphrase given by phone. The package is made by
``services.referrals.export_referral`` on the database worker (one write: the
engagement records when and to whom it was referred); the file is shown with
ファイルを開く / フォルダを開く (``FileResult``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from companion.errors import KnownError
from companion.ui import ops
from companion.ui.dialogs.export_report import _ExportDialog, documents_folder, safe_name
from companion.ui.formatting import ymd, ymd_hm
from companion.ui.widgets.attachments import while_alive
from companion.ui.widgets.common import error_style, note
from companion.ui.widgets.file_result import Opener, error_text, run_export
from companion.ui.widgets.forms import DateField

if TYPE_CHECKING:
    import uuid

    from companion.paths import DataPaths
    from companion.settings import Settings
    from companion.ui.tasks import DbWorker, Job

SUFFIX = ".companion-referral"
CARD_SUFFIX = ".companion-card"


def short_fingerprint(value: str) -> str:
    return " ".join(value[i:i + 4] for i in range(0, 32, 4))


class ReferralExportDialog(_ExportDialog):
    """引き継ぎパッケージを作成: what goes, the consent, the recipient, the file."""

    loaded = Signal()  # the engagement's visits are listed
    card_read = Signal(str)  # the card's holder, or the message why it cannot be used

    def __init__(self, *, worker: DbWorker, paths: DataPaths, settings: Settings,
                 engagement_id: uuid.UUID, client_name: str, today: Callable[[], date],
                 parent: QWidget | None = None, opener: Opener | None = None) -> None:
        super().__init__(worker=worker, paths=paths, title=self.tr("引き継ぎパッケージを作成"),
                         action=self.tr("作成"), parent=parent, opener=opener)
        self.settings = settings
        self.engagement_id = engagement_id
        self.client_name = client_name
        self.today = today
        self.card: Any = None  # the ContactCard read from the chosen file

        # -- what goes ---------------------------------------------------------------------
        self.plan_check = QCheckBox(self.tr("行動計画"))
        self.kpi_check = QCheckBox(self.tr("指標(目標と実績)"))
        self.attachments_check = QCheckBox(self.tr("添付ファイル"))
        for check in (self.plan_check, self.kpi_check, self.attachments_check):
            check.setChecked(True)
        self.all_visits_radio = QRadioButton(self.tr("すべての訪問記録"))
        self.chosen_visits_radio = QRadioButton(self.tr("選んだ訪問記録だけ"))
        self.no_visits_radio = QRadioButton(self.tr("訪問記録を含めない"))
        visits_group = QButtonGroup(self)
        for radio in (self.all_visits_radio, self.chosen_visits_radio, self.no_visits_radio):
            visits_group.addButton(radio)
        self.all_visits_radio.setChecked(True)
        self.visit_list = QListWidget()
        self.visit_list.setEnabled(False)
        self.visit_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.visit_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.visit_list.setMinimumHeight(self.fontMetrics().height() * 8)
        self.chosen_visits_radio.toggled.connect(self.visit_list.setEnabled)
        what = QGroupBox(self.tr("含めるもの"))
        what_layout = QVBoxLayout(what)
        what_layout.addWidget(note(self.tr("事業者と案件(本質的課題を含む)は必ず含めます。")))
        for check in (self.plan_check, self.kpi_check, self.attachments_check):
            what_layout.addWidget(check)
        for radio in (self.all_visits_radio, self.chosen_visits_radio, self.no_visits_radio):
            what_layout.addWidget(radio)
        what_layout.addWidget(self.visit_list, 1)
        what_layout.addWidget(note(self.tr(
            "利益相反の開示・注意事項・第三者レビュー・署名付きの記録、報酬条件、委託元、"
            "【非開示】の行は含めません。")))

        # -- the consent -------------------------------------------------------------------
        self.consent_date = DateField(optional=False)
        self.consent_date.set_date(today())
        self.consent_scope = QLineEdit()
        self.consent_scope.setPlaceholderText(self.tr("例: 支援の経過と計画をゆざわ-Bizへ引き継ぐこと"))
        self.consent_how = QComboBox()
        self.consent_how.setEditable(True)
        self.consent_how.addItems([self.tr("口頭"), self.tr("書面"), self.tr("メール")])
        self.consent_how.setCurrentIndex(-1)
        how_edit = self.consent_how.lineEdit()
        if how_edit is not None:
            how_edit.setPlaceholderText(self.tr("口頭・書面・メールなど"))

        # -- the recipient -----------------------------------------------------------------
        self.card_radio = QRadioButton(self.tr("相手の連絡先カード"))
        self.passphrase_radio = QRadioButton(self.tr("パスフレーズ(電話などで伝える)"))
        recipient_group = QButtonGroup(self)
        recipient_group.addButton(self.card_radio)
        recipient_group.addButton(self.passphrase_radio)
        self.card_radio.setChecked(True)
        self.card_edit = QLineEdit()
        self.card_edit.setPlaceholderText(self.tr("相手が「連絡先カードを書き出す」で作ったファイル"))
        self.card_edit.editingFinished.connect(self._card_path_changed)
        self.card_button = QPushButton(self.tr("カードを選ぶ…"))
        self.card_button.clicked.connect(self.choose_card)
        self.card_label = QLabel()
        self.card_label.setToolTip(self.tr(
            "相手に電話などで鍵の指紋を読み上げてもらい、一致することを確かめてください。"))
        self.card_label.setWordWrap(True)
        self.card_label.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 4)
        self.card_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText(self.tr("10文字以上"))
        self.passphrase_again = QLineEdit()
        self.passphrase_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_again.setPlaceholderText(self.tr("もう一度"))
        card_row = QHBoxLayout()
        card_row.addWidget(self.card_edit, 1)
        card_row.addWidget(self.card_button)
        passphrase_row = QHBoxLayout()
        passphrase_row.addWidget(self.passphrase_edit)
        passphrase_row.addWidget(self.passphrase_again)
        self.card_radio.toggled.connect(self._recipient_changed)
        self._recipient_changed(True)

        name = str(settings.get("practitioner_name")).strip()
        organisation = str(settings.get("organisation")).strip()
        sender = f"{name}({organisation})" if name and organisation else name
        self.sender_label = QLabel(sender or self.tr("(設定 → 氏名 が空です)"))
        self.form.addRow(self.tr("送り主:"), self.sender_label)
        self.form.addRow(self.tr("同意を得た日:"), self.consent_date)
        self.form.addRow(self.tr("同意の範囲:"), self.consent_scope)
        self.form.addRow(self.tr("同意の方法:"), self.consent_how)
        self.form.addRow(self.tr("宛先:"), self.card_radio)
        self.form.addRow("", card_row)
        self.form.addRow("", self.card_label)
        self.form.addRow("", self.passphrase_radio)
        self.form.addRow("", passphrase_row)
        self._finish_layout(self.tr(
            "{client}の案件を、別のセンター・支援者に引き継ぐファイルを作ります。相手の連絡先カード"
            "(またはパスフレーズ)で暗号化し、あなたの鍵で署名します。事業者の同意を記録してください。"
        ).format(client=client_name), left=what)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 62)
        self.suggest_out()
        self.run_button.setEnabled(False)  # until the visits are listed
        self.load()

    # -- the engagement's visits ---------------------------------------------------------------

    def load(self) -> None:
        from companion.services.referrals import referral_source

        ops.read(referral_source, engagement_id=self.engagement_id) \
            .success(while_alive(self, self._show_source)).run(self.worker)

    def _show_source(self, source: Any) -> None:
        self.plan_check.setText(self.tr("行動計画({n}項目)").format(n=source.plan_items))
        self.kpi_check.setText(self.tr("指標(目標と実績、{n}件)").format(n=source.kpis))
        files = source.attachments + sum(visit.attachments for visit in source.visits)
        self.attachments_check.setText(self.tr("添付ファイル({n}件)").format(n=files))
        self.all_visits_radio.setText(self.tr("すべての訪問記録({n}件)").format(n=len(source.visits)))
        self.visit_list.clear()
        for visit in reversed(source.visits):  # newest first, as the engagement's page
            purpose = visit.purpose.splitlines()[0] if visit.purpose else ""
            text = f"{ymd(visit.started_at)}  {purpose}"
            if visit.attachments:
                text += self.tr("  (添付 {n})").format(n=visit.attachments)
            item = QListWidgetItem(text)
            item.setToolTip(visit.purpose)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, visit.id)
            self.visit_list.addItem(item)
        if source.sent:
            last = source.sent[-1]
            who = last.recipient or self.tr("パスフレーズ")
            self.result_box.show_note(self.tr("この案件は {when} に {who} へ引き継ぎパッケージを作成済みです。")
                                      .format(when=ymd_hm(last.referred_at), who=who))
        self.run_button.setEnabled(True)
        self.loaded.emit()

    def chosen_visit_ids(self) -> tuple[Any, ...] | None:
        if self.all_visits_radio.isChecked():
            return None
        if self.no_visits_radio.isChecked():
            return ()
        return tuple(self.visit_list.item(row).data(Qt.ItemDataRole.UserRole)
                     for row in range(self.visit_list.count())
                     if self.visit_list.item(row).checkState() == Qt.CheckState.Checked)

    # -- the recipient ---------------------------------------------------------------------------

    def _recipient_changed(self, by_card: bool) -> None:
        for widget in (self.card_edit, self.card_button, self.card_label):
            widget.setEnabled(by_card)
        for widget in (self.passphrase_edit, self.passphrase_again):
            widget.setEnabled(not by_card)

    def choose_card(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("相手の連絡先カード"), str(documents_folder()),
            self.tr("連絡先カード (*{suffix});;すべてのファイル (*)").format(suffix=CARD_SUFFIX))
        if chosen:
            self.card_edit.setText(chosen)
            self._card_path_changed()

    def _card_path_changed(self) -> None:
        from companion.services.referrals import read_contact_card

        text = self.card_edit.text().strip()
        self.card = None
        self.card_label.setText("")
        if not text:
            return
        ops.background(read_contact_card, Path(text).expanduser()) \
            .success(while_alive(self, self._show_card)) \
            .failure(while_alive(self, self._card_refused)).run(self.worker)

    def _show_card(self, card: Any) -> None:
        self.card = card
        self.card_label.setStyleSheet("")
        self.card_label.setText(self.tr("{who}\n鍵の指紋 {fingerprint}").format(
            who=card.label, fingerprint=short_fingerprint(card.identity_fingerprint)))
        self.card_read.emit(card.label)

    def _card_refused(self, error: BaseException) -> None:
        if not isinstance(error, KnownError):
            self.worker.report_error(error)
            return
        self.card_label.setStyleSheet(error_style(self))
        self.card_label.setText(error_text(error))
        self.card_read.emit(error_text(error))

    # -- the output file -------------------------------------------------------------------------

    def suffixes(self) -> tuple[str, ...]:
        return (SUFFIX,)

    def file_filter(self) -> str:
        return self.tr("引き継ぎパッケージ (*{suffix})").format(suffix=SUFFIX)

    def suggested_name(self) -> str:
        return safe_name(self.tr("引き継ぎ_{client}_{day}").format(
            client=self.client_name, day=self.today().strftime("%Y%m%d"))) + SUFFIX

    # -- running ---------------------------------------------------------------------------------

    def start(self, out: Path) -> Job | None:
        from companion.services.referrals import Consent, ReferralChoice, export_referral

        try:
            given_on = self.consent_date.value(field="consent_date", label=self.tr("同意を得た日"))
        except KnownError as error:
            self._refuse(error_text(error))
            return None
        passphrase = None
        if self.card_radio.isChecked():
            if self.card is None:
                self._refuse(self.tr("相手の連絡先カードを選んでください(読み込めたカードだけ使えます)。"))
                return None
        else:
            passphrase = self.passphrase_edit.text()
            if passphrase != self.passphrase_again.text():
                self._refuse(self.tr("二つのパスフレーズが一致しません。"))
                return None
        visit_ids = self.chosen_visit_ids()
        if visit_ids == () and self.chosen_visits_radio.isChecked():
            self._refuse(self.tr("含める訪問記録にチェックを付けてください(含めないときは「訪問記録を含めない」)。"))
            return None
        choice = ReferralChoice(visit_ids=visit_ids, attachments=self.attachments_check.isChecked(),
                                kpis=self.kpi_check.isChecked(), plan=self.plan_check.isChecked())
        consent = Consent(given_on=given_on, scope=self.consent_scope.text(),
                          how=self.consent_how.currentText())
        op = ops.write(export_referral, undo_label=self.tr("引き継ぎパッケージの作成"),
                       engagement_id=self.engagement_id, choice=choice, consent=consent, out=out,
                       sender_name=str(self.settings.get("practitioner_name")),
                       sender_organisation=str(self.settings.get("organisation")),
                       recipient=self.card if passphrase is None else None,
                       passphrase=passphrase, today=self.today()) \
            .with_database().named("export referral")

        def done(result: Any) -> tuple[Path, str]:
            self.written.emit(result)
            who = result.recipient or self.tr("パスフレーズを知っている人")
            message = self.tr("引き継ぎパッケージを作成しました(宛先: {who}、訪問記録 {visits}件・添付 {files}件)。"
                              ).format(who=who, visits=result.included.visits,
                                       files=result.included.attachments)
            if result.by_passphrase:
                message += "\n" + self.tr("パスフレーズはファイルとは別に、電話などで伝えてください。")
            return result.path, message

        return run_export(op, worker=self.worker, parent=self, result=self.result_box,
                          label=self.tr("引き継ぎパッケージを作成しています…"), done=done,
                          finished=self._finished)

