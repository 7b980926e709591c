"""ファイル → 引き継ぎパッケージを取り込む… and ファイル → 連絡先カードを書き出す…
(docs/referral.md).

Importing shows, before anything is written: the sender (name, 所属 and key
fingerprint, the signature checked), what the package holds and what was withheld,
and the client it will join; 取り込む then makes a new engagement
(``services.referrals.import_referral``, one write, undoable). A package changed by
one byte, meant for someone else, or imported before is refused with its message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.errors import KnownError
from companion.ui import ops
from companion.ui.dialogs.export_report import _ExportDialog, documents_folder, safe_name
from companion.ui.dialogs.referral_export import CARD_SUFFIX, SUFFIX, short_fingerprint
from companion.ui.formatting import ymd, ymd_hm
from companion.ui.widgets.attachments import while_alive
from companion.ui.widgets.common import error_style, good_style, note
from companion.ui.widgets.file_result import Opener, error_text, run_export
from companion.ui.widgets.forms import grow_to_show

if TYPE_CHECKING:
    from companion.paths import DataPaths
    from companion.settings import Settings
    from companion.ui.tasks import DbWorker, Job


class ReferralImportDialog(QDialog):
    """引き継ぎパッケージを取り込む: the file, the sender, the preview, then 取り込む."""

    inspected = Signal(object)  # PackageInfo: the signature is good
    previewed = Signal(object)  # ReferralPreview
    imported = Signal(object)  # ReferralImported
    failed = Signal(str)  # the message shown

    def __init__(self, worker: DbWorker, *, today: Callable[[], date] = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.today = today
        self.info: Any = None
        self.preview: Any = None
        self.job: Job | None = None
        self.setWindowTitle(self.tr("引き継ぎパッケージを取り込む"))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 52)

        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText(self.tr("送り主から届いたファイル(*{suffix})").format(suffix=SUFFIX))
        self.file_edit.editingFinished.connect(self._file_changed)
        self.browse_button = QPushButton(self.tr("参照…"))
        self.browse_button.clicked.connect(self.choose_file)
        self.sender_label = QLabel()
        self.sender_label.setWordWrap(True)
        self.sender_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText(self.tr("送り主から電話などで聞いたパスフレーズ"))
        self.passphrase_edit.returnPressed.connect(self.open_package)
        self.open_button = QPushButton(self.tr("開く"))
        self.open_button.clicked.connect(self.open_package)
        self.passphrase_row = QWidget()
        passphrase_layout = QHBoxLayout(self.passphrase_row)
        passphrase_layout.setContentsMargins(0, 0, 0, 0)
        passphrase_layout.addWidget(self.passphrase_edit, 1)
        passphrase_layout.addWidget(self.open_button)
        self.passphrase_row.setVisible(False)
        self.contents_view = QPlainTextEdit()
        self.contents_view.setReadOnly(True)
        self.contents_view.setPlaceholderText(self.tr("ファイルを選ぶと、中身と含まれないものがここに表示されます。"))
        self.contents_view.setMinimumHeight(self.fontMetrics().height() * 16)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setVisible(False)

        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("ファイル:"), file_row)
        form.addRow(self.tr("送り主:"), self.sender_label)
        form.addRow(self.tr("パスフレーズ:"), self.passphrase_row)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(self.tr("取り込む"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.close_button = self.buttons.addButton(self.tr("閉じる"),
                                                   QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout = self._layout = QVBoxLayout(self)
        # Sized when it opens and grown by hand, as the export dialogs: a window's size
        # constraints changing while shown is not supported everywhere (offscreen).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(note(self.tr(
            "別のセンター・支援者から届いた引き継ぎパッケージを、新しい案件として取り込みます。"
            "取り込む前に、送り主の署名と鍵の指紋、中身、含まれないものを確かめてください。")))
        layout.addLayout(form)
        layout.addWidget(self.contents_view, 1)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        # the passphrase row's label follows the row
        self._passphrase_label = form.labelForField(self.passphrase_row)
        if self._passphrase_label is not None:
            self._passphrase_label.setVisible(False)

    def showEvent(self, event: QShowEvent) -> None:
        for button in self.findChildren(QPushButton):  # Enter confirms an IME conversion
            button.setAutoDefault(False)
            button.setDefault(False)
        self.resize(self.size().expandedTo(self._layout.sizeHint()))
        super().showEvent(event)

    # -- the file and its sender -------------------------------------------------------------

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("引き継ぎパッケージ"), str(documents_folder()),
            self.tr("引き継ぎパッケージ (*{suffix});;すべてのファイル (*)").format(suffix=SUFFIX))
        if chosen:
            self.file_edit.setText(chosen)
            self._file_changed()

    def set_file(self, path: Path) -> None:
        """Look at ``path`` (again, if it is the one shown: it may have been imported since)."""
        self.info = None
        self.file_edit.setText(str(path))
        self._file_changed()

    def _reset(self) -> None:
        self.info = self.preview = None
        self.import_button.setEnabled(False)
        self.sender_label.setText("")
        self.sender_label.setStyleSheet("")
        self.contents_view.clear()
        self.message_label.setVisible(False)
        self.passphrase_row.setVisible(False)
        if self._passphrase_label is not None:
            self._passphrase_label.setVisible(False)

    def _file_changed(self) -> None:
        from companion.services.referrals import inspect_package

        text = self.file_edit.text().strip()
        if self.info is not None and str(self.info.path) == text:
            return
        self._reset()
        if not text:
            return
        ops.background(inspect_package, Path(text).expanduser()) \
            .success(while_alive(self, self._show_sender)) \
            .failure(while_alive(self, self._refused)).run(self.worker)

    def _show_sender(self, info: Any) -> None:
        self.info = info
        self.sender_label.setStyleSheet(good_style(self))
        self.sender_label.setText(self.tr(
            "{sender}\n鍵の指紋 {fingerprint}(署名を確認しました。作成 {when})\n"
            "送り主に電話などで指紋を読み上げてもらい、一致することを確かめてください。").format(
            sender=info.sender.label, fingerprint=short_fingerprint(info.sender.fingerprint),
            when=ymd_hm(info.made_at)))
        self.inspected.emit(info)
        if info.needs_passphrase:
            self.passphrase_row.setVisible(True)
            if self._passphrase_label is not None:
                self._passphrase_label.setVisible(True)
            self.passphrase_edit.setFocus()
            return
        self.open_package()

    def open_package(self) -> None:
        from companion.services.referrals import preview_referral

        if self.info is None:
            return
        passphrase = self.passphrase_edit.text() if self.info.needs_passphrase else None
        if self.info.needs_passphrase and not passphrase:
            self._show_message(self.tr("パスフレーズを入力してください。"), error=True)
            return
        self.open_button.setEnabled(False)
        ops.read(preview_referral, path=self.info.path, passphrase=passphrase) \
            .success(while_alive(self, self._show_preview)) \
            .failure(while_alive(self, self._refused)).run(self.worker)

    def _show_preview(self, preview: Any) -> None:
        self.open_button.setEnabled(True)
        self.preview = preview
        self.contents_view.setPlainText("\n".join(self.preview_lines(preview)))
        if preview.already_imported_at is not None:
            self._show_message(self.tr("このパッケージは {when} に取り込み済みです(案件「{title}」)。"
                                       "同じパッケージを二度は取り込みません。").format(
                when=ymd_hm(preview.already_imported_at), title=preview.already_imported_as),
                error=True)
        else:
            self.message_label.setVisible(False)
            self.import_button.setEnabled(True)
        self.previewed.emit(preview)

    def preview_lines(self, preview: Any) -> list[str]:
        included, withheld = preview.included, preview.withheld
        client = (self.tr("登録済みの「{name}」に結び付けます").format(name=preview.matched_client)
                  if preview.matched_client else self.tr("新しい事業者として登録します"))
        consent = preview.consent
        lines = [
            self.tr("案件: {title}").format(title=preview.engagement_title),
            self.tr("事業者: {name} {place}({what})").format(
                name=preview.client_name, place=preview.client_place, what=client),
            self.tr("事業者の同意: {day} {how} — {scope}").format(
                day=ymd(consent.given_on), how=consent.how, scope=consent.scope),
            "",
            self.tr("含まれるもの: 訪問記録 {visits}件、添付ファイル {files}件、行動計画 {plan}項目、指標 {kpis}件")
            .format(visits=included.visits, files=included.attachments, plan=included.plan_items,
                    kpis=included.kpis),
            self.tr("含まれないもの(送り主の手元に残ったもの):"),
        ]
        for count, template in ((withheld.visits, self.tr("選ばれなかった訪問記録 {n}件")),
                                (withheld.drafts, self.tr("下書きの訪問記録 {n}件")),
                                (withheld.attachments, self.tr("添付ファイル {n}件")),
                                (withheld.plan_items, self.tr("行動計画 {n}項目")),
                                (withheld.plan_baselines, self.tr("合意した計画の記録 {n}件")),
                                (withheld.kpis, self.tr("指標 {n}件")),
                                (withheld.report_narratives, self.tr("報告書の所見 {n}件")),
                                (withheld.private_lines, self.tr("【非開示】の行 {n}行"))):
            if count:
                lines.append("  ・" + template.format(n=count))
        if withheld.fee_terms:
            lines.append("  ・" + self.tr("報酬条件"))
        if withheld.sponsor:
            lines.append("  ・" + self.tr("委託元"))
        lines.append("  ・" + self.tr("利益相反の開示・注意事項・第三者レビュー・署名付きの記録(一切含まれません)"))
        if preview.visit_lines:
            lines += ["", self.tr("訪問記録:")] + [f"  {line}" for line in preview.visit_lines]
        return lines

    def _refused(self, error: BaseException) -> None:
        self.open_button.setEnabled(True)
        if not isinstance(error, KnownError):
            self.worker.report_error(error)
            return
        self.import_button.setEnabled(False)
        self._show_message(error_text(error), error=True)

    def _show_message(self, text: str, *, error: bool) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet(error_style(self) if error else good_style(self))
        self.message_label.setVisible(True)
        grow_to_show(self, self._layout)
        if error:
            self.failed.emit(text)

    # -- importing -------------------------------------------------------------------------------

    def run_import(self) -> None:
        from companion.services.referrals import import_referral

        if self.preview is None or (self.job is not None and not self.job.done):
            return
        passphrase = self.passphrase_edit.text() if self.info.needs_passphrase else None
        self.import_button.setEnabled(False)
        self.job = ops.write(import_referral, undo_label=self.tr("引き継ぎパッケージの取り込み"),
                             path=self.info.path, passphrase=passphrase, today=self.today()) \
            .with_database().named("import referral") \
            .success(while_alive(self, self._imported)) \
            .failure(while_alive(self, self._refused)) \
            .with_progress(self, self.tr("引き継ぎパッケージを取り込んでいます…"), cancellable=False) \
            .run(self.worker)

    def _imported(self, result: Any) -> None:
        client = (self.tr("事業者「{name}」を新しく登録しました。") if result.new_client
                  else self.tr("登録済みの事業者「{name}」に結び付けました。")).format(name=result.client_name)
        self._show_message(self.tr("新しい案件「{title}」として取り込みました。{client}"
                                   "(引き継ぎ元: {sender})").format(
            title=result.title, client=client, sender=result.sender.label), error=False)
        self.imported.emit(result)


class ContactCardDialog(_ExportDialog):
    """連絡先カードを書き出す: the practitioner's name, 所属 and public keys, signed."""

    def __init__(self, *, worker: DbWorker, paths: DataPaths, settings: Settings,
                 parent: QWidget | None = None, opener: Opener | None = None) -> None:
        super().__init__(worker=worker, paths=paths, title=self.tr("連絡先カードを書き出す"),
                         action=self.tr("書き出す"), parent=parent, opener=opener)
        self.settings = settings
        self.name = str(settings.get("practitioner_name")).strip()
        self.organisation = str(settings.get("organisation")).strip()
        self.form.addRow(self.tr("氏名:"), QLabel(self.name or self.tr("(空です: 設定 → 氏名 に入力してください)")))
        self.form.addRow(self.tr("所属:"), QLabel(self.organisation or self.tr("(なし)")))
        self._finish_layout(self.tr(
            "案件を引き継いでもらうとき、相手の支援者にこのカードを渡します(メールやUSBメモリで)。"
            "カードには氏名・所属と公開鍵だけが入り、秘密の情報は入りません。相手はこのカード宛てに"
            "暗号化した引き継ぎパッケージを作り、あなたの Companion だけが開けます。"))
        self.suggest_out()

    def suffixes(self) -> tuple[str, ...]:
        return (CARD_SUFFIX,)

    def file_filter(self) -> str:
        return self.tr("連絡先カード (*{suffix})").format(suffix=CARD_SUFFIX)

    def suggested_name(self) -> str:
        return safe_name(self.tr("連絡先カード_{name}").format(name=self.name or self.tr("支援者"))) \
            + CARD_SUFFIX

    def start(self, out: Path) -> Job:
        from companion.services.referrals import write_contact_card

        op = ops.write(write_contact_card, undo_label=self.tr("連絡先カードの書き出し"), out=out,
                       name=self.name, organisation=self.organisation).named("write contact card")

        def done(result: Any) -> tuple[Path, str]:
            self.written.emit(result)
            return result.path, self.tr(
                "連絡先カードを書き出しました。鍵の指紋: {fingerprint}\n"
                "相手が受け取ったら、電話などでこの指紋を読み上げて確かめてもらってください。").format(
                fingerprint=short_fingerprint(result.card.identity_fingerprint))

        return run_export(op, worker=self.worker, parent=self, result=self.result_box,
                          label=self.tr("連絡先カードを書き出しています…"), done=done,
                          finished=self._finished)
