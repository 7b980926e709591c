"""レビュー: send the register to a third-party reviewer, and take their answer back.

1. Export the signed review bundle (.zip) for a period; the key fingerprint is shown
   afterwards, for the reviewer to confirm by phone, and what the checkpoint means in
   plain words (its raw text goes to the clipboard with コピー).
2. The bundles sent are listed, each with whether a response has come back.
3. Import the reviewer's signed response: a reviewer key seen for the first time is
   shown (its fingerprint) and imported only once the user confirms it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from companion.domain.calendar import fiscal_year_bounds, fiscal_year_of
from companion.errors import KnownError
from companion.paths import DataPaths
from companion.settings import Settings
from companion.ui import ops
from companion.ui.formatting import ymd
from companion.ui.models.review_tables import (
    ReceivedFindingModel,
    ReceivedReviewModel,
    SentBundleModel,
)
from companion.ui.tasks import is_autosave
from companion.ui.views.base import Page
from companion.ui.views.disclosure_form import date_edit, day_of
from companion.ui.views.disclosures import action_button, page_action
from companion.ui.widgets.common import (
    EmptyState,
    error_style,
    good_style,
    make_table,
    note,
    page_title,
    set_column_widths,
    stretch_column,
)

if TYPE_CHECKING:
    from companion.services.disclosures import ResponsePreview, ReviewOverview
    from companion.ui.tasks import DbWorker



def grouped(fingerprint: str, *, per_line: int = 8) -> str:
    """ab12 cd34 … in lines of ``per_line`` groups: the whole fingerprint, readable aloud."""
    groups = [fingerprint[i:i + 4] for i in range(0, len(fingerprint), 4)]
    return "\n".join(" ".join(groups[i:i + per_line]) for i in range(0, len(groups), per_line))


def monospace(label: QLabel) -> QLabel:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(max(label.font().pointSizeF(), font.pointSizeF()) * 1.1)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class TrustKeyDialog(QDialog):
    """A reviewer key seen for the first time: confirm its fingerprint before trusting."""

    def __init__(self, preview: ResponsePreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(self.tr("レビュー担当者の鍵の確認"))
        self.setMinimumSize(560, 320)
        who = preview.reviewer_name + (f"({preview.organisation})" if preview.organisation else "")
        intro = note(self.tr(
            "{who}さんの署名付きレビュー結果(所見 {n}件、{day})を初めて受け取りました。"
            "取り込む前に、署名した鍵が本人のものか確かめてください。").format(
                who=who, n=preview.findings, day=ymd(preview.reviewed_on)))
        self.fingerprint_label = monospace(QLabel(grouped(preview.fingerprint)))
        self.fingerprint_label.setObjectName("reviewerFingerprint")
        self.fingerprint_label.setStyleSheet(
            "QLabel#reviewerFingerprint { background: palette(base); border: 1px solid palette(mid);"
            " padding: 8px; }")
        advice = note(self.tr(
            "この指紋が、担当者から電話など別の経路で伝えられたものと一致するときだけ取り込んでください。"
            "一致しないときは取り込まず、担当者に連絡してください。以後、この鍵の署名は確認なしで"
            "取り込みます。"))
        buttons = QDialogButtonBox()
        self.trust_button = buttons.addButton(self.tr("一致を確認して取り込む"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(self.tr("取り込まない"),
                                               QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(self.tr("鍵の指紋(SHA-256):")))
        layout.addWidget(self.fingerprint_label)
        layout.addWidget(advice)
        layout.addStretch(1)
        layout.addWidget(buttons)


def _section(title: str) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title)
    return box, QVBoxLayout(box)


class ReviewsPage(Page):
    exported = Signal(object)  # services.review_bundle.ExportResult
    imported = Signal(str)  # the message shown
    import_failed = Signal(str)
    overview_loaded = Signal()

    def __init__(self, worker: DbWorker, parent: QWidget | None = None, *,
                 paths: DataPaths | None = None, settings: Settings | None = None,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(worker, parent)
        self.paths = paths
        self.settings = settings  # the window's: the practitioner's name for a bundle
        self.today = today
        self.dialog: QWidget | None = None
        self.overview: ReviewOverview | None = None

        ctrl, shift = Qt.Modifier.CTRL, Qt.Modifier.SHIFT
        self.export_action = page_action(self, self.tr("レビューバンドルを書き出す…"),
                                         QKeySequence(ctrl | shift | Qt.Key.Key_S),
                                         self.choose_export_file)
        self.import_action = page_action(self, self.tr("レビュー結果を取り込む…"),
                                         QKeySequence(ctrl | Qt.Key.Key_I), self.choose_response_file)

        first_day = self._fiscal_year_start(today())
        self.from_edit = date_edit(first_day)
        self.to_edit = date_edit(today())
        self.key_label = QLabel(self.tr("署名鍵: 読み込み中…"))
        self.key_label.setWordWrap(True)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label = QLabel()
        self.result_label.setObjectName("exportResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.setVisible(False)
        # What the checkpoint means, in words; its raw text only through コピー.
        self.checkpoint_text = ""
        self.checkpoint_label = QLabel()
        self.checkpoint_label.setWordWrap(True)
        self.checkpoint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_checkpoint_button = QPushButton(self.tr("コピー"))
        self.copy_checkpoint_button.setToolTip(self.tr(
            "チェックポイントの原文をクリップボードにコピーします(レビュー担当者に伝えるとき)"))
        self.copy_checkpoint_button.clicked.connect(self.copy_checkpoint)
        self.checkpoint_row = QWidget()
        checkpoint_layout = QHBoxLayout(self.checkpoint_row)
        checkpoint_layout.setContentsMargins(0, 0, 0, 0)
        checkpoint_layout.addWidget(self.checkpoint_label, 1)
        checkpoint_layout.addWidget(self.copy_checkpoint_button, 0, Qt.AlignmentFlag.AlignTop)
        self.checkpoint_row.setVisible(False)
        export_box, export_layout = _section(self.tr("1. レビューバンドルを書き出す"))
        period = QHBoxLayout()
        period.addWidget(QLabel(self.tr("訪問・案件の期間:")))
        period.addWidget(self.from_edit)
        period.addWidget(QLabel("〜"))
        period.addWidget(self.to_edit)
        period.addSpacing(12)
        period.addWidget(action_button(self.export_action))
        period.addStretch(1)
        export_layout.addWidget(note(self.tr(
            "開示とそのすべての版、注意事項、案件と訪問の要約を、署名付きの .zip にまとめます。"
            "開示は期間にかかわらずすべて含まれます。")))
        export_layout.addLayout(period)
        export_layout.addWidget(self.key_label)
        export_layout.addWidget(self.result_label)
        export_layout.addWidget(self.checkpoint_row)

        self.sent_model = SentBundleModel(self)
        self.sent_table = make_table()
        self.sent_table.setModel(self.sent_model)
        set_column_widths(self.sent_table, {0: 9, 1: 16, 2: 4, 3: 5})
        stretch_column(self.sent_table, 4)
        self.no_sent = EmptyState(self.tr("まだバンドルを書き出していません。"))
        self.sent_stack = QStackedLayout()
        self.sent_stack.addWidget(self.sent_table)
        self.sent_stack.addWidget(self.no_sent)
        sent_box, sent_layout = _section(self.tr("送ったバンドル"))
        sent_layout.addLayout(self.sent_stack)

        self.reviews_model = ReceivedReviewModel(self)
        self.reviews_table = make_table()
        self.reviews_table.setModel(self.reviews_model)
        set_column_widths(self.reviews_table, {0: 6, 1: 8, 2: 10, 3: 12})
        stretch_column(self.reviews_table, 4)
        self.reviews_table.selectionModel().selectionChanged.connect(self._review_chosen)
        self.findings_model = ReceivedFindingModel(self)
        self.findings_table = make_table()
        self.findings_table.setModel(self.findings_model)
        self.findings_table.setWordWrap(True)
        set_column_widths(self.findings_table, {0: 3, 1: 2, 2: 6, 3: 14})
        stretch_column(self.findings_table, 4)
        self.reviews_area = QSplitter(Qt.Orientation.Vertical, self)
        self.reviews_area.addWidget(self.reviews_table)
        self.reviews_area.addWidget(self.findings_table)
        self.reviews_area.setChildrenCollapsible(False)
        self.empty = EmptyState(self.tr(
            "取り込んだレビューはまだありません。\n"
            "バンドルを書き出してレビュー担当者に送り、返ってきた署名付きの応答ファイル(.json)を"
            "「レビュー結果を取り込む」(Ctrl+I)で取り込むと、開示の版ごとの所見がここに表示されます。"))
        self.reviews_stack = QStackedLayout()
        self.reviews_stack.addWidget(self.reviews_area)
        self.reviews_stack.addWidget(self.empty)
        self.reviews_stack.setCurrentWidget(self.empty)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        reviews_box, reviews_layout = _section(self.tr("2. 受け取ったレビュー"))
        import_row = QHBoxLayout()
        import_row.addWidget(action_button(self.import_action))
        import_row.addWidget(self.message_label, 1)
        reviews_layout.addLayout(import_row)
        reviews_layout.addLayout(self.reviews_stack, 1)

        lists = QSplitter(Qt.Orientation.Vertical)
        lists.addWidget(sent_box)
        lists.addWidget(reviews_box)
        lists.setSizes([160, 400])
        lists.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("第三者レビュー")))
        layout.addWidget(note(self.tr(
            "支援先への出資・役員就任・顧問契約などの利益相反を、支援機関や監査役など第三者に確認して"
            "もらいます。担当者はバンドルが改ざんされていないことをオフラインで確かめ、開示の版ごとに"
            "所見(問題なし/管理下で容認/要是正/情報不足)を付けた署名付きの応答を返します。")))
        layout.addWidget(export_box)
        layout.addWidget(lists, 1)
        worker.data_changed.connect(self._data_changed)

    @staticmethod
    def _fiscal_year_start(day: date) -> date:
        return fiscal_year_bounds(fiscal_year_of(day))[0]

    # -- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        from companion.services.disclosures import review_overview

        ops.read(review_overview).success(self._show).run(self.worker)

    def _show(self, overview: Any) -> None:
        from companion.review.keys import short_fingerprint

        self.overview = overview
        if overview.signing_fingerprint:
            self.key_label.setText(self.tr(
                "あなたの署名鍵の指紋: {fp}…(レビュー担当者には電話など別の経路で伝えてください)").format(
                    fp=short_fingerprint(overview.signing_fingerprint)))
        else:
            self.key_label.setText(self.tr("署名鍵は最初の開示または書き出しのときに作られます。"))
        self.sent_model.set_rows(overview.bundles)
        self.sent_stack.setCurrentWidget(self.sent_table if overview.bundles else self.no_sent)
        self.reviews_model.set_rows(overview.reviews)
        self.reviews_stack.setCurrentWidget(self.reviews_area if overview.reviews else self.empty)
        if overview.reviews:
            self.reviews_table.selectRow(0)
        else:
            self.findings_model.set_rows([])
        self.mark_loaded()
        self.overview_loaded.emit()

    def _data_changed(self, label: str, _change_set: object) -> None:
        if is_autosave(label):  # a visit draft's autosave changes nothing shown here
            return
        if self.isVisible():
            self.reload()
        else:
            self._requested = False

    def _review_chosen(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = self.reviews_table.selectionModel().selectedRows()
        review = self.reviews_model.review_at(indexes[0].row()) if indexes else None
        self.findings_model.set_rows(list(review.findings) if review else [])

    # -- exporting -------------------------------------------------------------------------

    def choose_export_file(self) -> None:
        suggested = Path.home() / f"review-bundle-{self.today().isoformat()}.zip"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("レビューバンドルの保存先"), str(suggested),
            self.tr("レビューバンドル (*.zip)"))
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, out: Path) -> None:
        """Export in three steps under one progress dialog: prepare (read and sign) on
        the database worker, write register.docx and the zip and verify it on the second
        pool, record it as sent on the database worker."""
        from companion.services.review_bundle import (
            prepare_review_bundle,
            record_review_bundle,
            write_review_bundle,
        )

        if out.suffix.lower() != ".zip":
            out = out.with_name(out.name + ".zip")
        period_from, period_to = day_of(self.from_edit), day_of(self.to_edit)
        if period_to < period_from:
            self._show_message(self.tr("期間の終わりが始まりより前です。"), error=True)
            self.to_edit.setFocus()
            return
        if self.paths is None or self.settings is None:
            raise RuntimeError("ReviewsPage needs the data paths and settings to export")
        self.export_action.setEnabled(False)
        self._show_message("")
        recorded = self.tr("レビューバンドルの書き出し")
        job = ops.write(prepare_review_bundle, undo_label=self.tr("レビュー用の鍵の作成"), out=out,
                        data_folder=self.paths, period_from=period_from, period_to=period_to,
                        practitioner=self.settings.practitioner(),
                        today=self.today()) \
            .then(lambda prepared: ops.background(write_review_bundle, prepared, verify=True)
                  .keep_on_exit()) \
            .then(lambda written: ops.write(record_review_bundle, undo_label=recorded,
                                            written=written)) \
            .named("export_review_bundle") \
            .success(self._exported).failure(self._export_failed) \
            .with_progress(self, self.tr("レビューバンドルを書き出しています…")) \
            .run(self.worker)
        job.when_done(lambda _job: self.export_action.setEnabled(True))

    def _exported(self, outcome: Any) -> None:
        from companion.review.keys import short_fingerprint

        if outcome.problems:
            text = self.tr("書き出したファイルの検証で問題が見つかりました: {problems}").format(
                problems=" / ".join(outcome.problems))
            self.result_label.setStyleSheet(error_style(self.result_label))
        else:
            text = self.tr(
                "書き出して検証しました(検証OK・{files}ファイル・記録 {size}件): {path}\n"
                "鍵の指紋: {fp}…\n"
                "レビュー担当者に送り、鍵の指紋は電話など別の経路で伝えてください。").format(
                    files=outcome.files, size=outcome.checkpoint.size, path=outcome.path,
                    fp=short_fingerprint(outcome.fingerprint))
            self.result_label.setStyleSheet(good_style(self))
        self.result_label.setText(text)
        self.result_label.setVisible(True)
        self.show_checkpoint(outcome.checkpoint, self.today())
        self.exported.emit(outcome)  # the lists reload on the worker's data_changed

    def show_checkpoint(self, checkpoint: Any, day: date) -> None:
        """「2026年12月3日時点の開示記録(全14件)を確定した印です。…」 and コピー."""
        from companion.domain.calendar import format_date

        wareki = bool(self.settings.get("wareki")) if self.settings is not None else False
        self.checkpoint_text = checkpoint.text()
        self.checkpoint_label.setText(self.tr(
            "チェックポイント: {day}時点の開示記録(全{n}件)を確定した印です。"
            "次回のレビューでこの時点以降の変更だけを確認できます。").format(
                day=format_date(day, wareki=wareki), n=checkpoint.size))
        self.copy_checkpoint_button.setText(self.tr("コピー"))
        self.checkpoint_row.setVisible(True)

    def copy_checkpoint(self) -> None:
        """The checkpoint's raw text to the clipboard (to paste into a mail or a note)."""
        if not self.checkpoint_text:
            return
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.checkpoint_text)
        self.copy_checkpoint_button.setText(self.tr("コピーしました"))

    def _export_failed(self, error: BaseException) -> None:
        if isinstance(error, KnownError):
            self.result_label.setStyleSheet(error_style(self.result_label))
            self.result_label.setText(self.tr("書き出せませんでした: {message}").format(
                message=error.message))
            self.result_label.setVisible(True)
        self.worker.report_error(error)

    # -- importing -------------------------------------------------------------------------

    def choose_response_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("レビュー結果(署名付きの応答)を開く"), str(Path.home()),
            self.tr("レビュー応答 (*.json);;すべてのファイル (*)"))
        if chosen:
            self.import_file(Path(chosen))

    def import_file(self, path: Path) -> None:
        """Check the response first; a first-time reviewer key asks the user."""
        from companion.services.review_import import preview_response_file

        self._show_message(self.tr("{name} を確認しています…").format(name=path.name))
        ops.read(preview_response_file, path=path) \
            .success(self._previewed).failure(self._import_failed).run(self.worker)

    def _previewed(self, preview: Any) -> None:
        if preview.known_key:
            self._import(preview, None)
            return
        dialog = TrustKeyDialog(preview, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._import(preview, preview.fingerprint))
        dialog.rejected.connect(lambda: self._show_message(self.tr(
            "取り込みませんでした(鍵の指紋を確認できなかったため)。"), error=True))
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.open()

    def _import(self, preview: Any, trust: str | None) -> None:
        from companion.services.review_import import import_review

        ops.write(import_review, undo_label=self.tr("レビュー結果の取り込み"),
                  envelope_text=preview.envelope_text, trust_fingerprint=trust) \
            .success(self._imported).failure(self._import_failed).run(self.worker)

    def _imported(self, result: Any) -> None:
        message = self.tr("{reviewer}さんのレビュー結果(所見 {n}件)を取り込みました。").format(
            reviewer=result.reviewer, n=result.findings)
        if result.dispositions:
            message += self.tr("注意事項への判断 {n}件も取り込みました(対応が必要なものはホームに表示します)。"
                               ).format(n=result.dispositions)
        # The register is append-only: the import is an entry of it, and undo refuses it.
        message += self.tr("取り込みは開示の記録(登録簿)に記録されるため、元に戻せません。")
        self._show_message(message)
        self.imported.emit(message)  # the lists reload on the worker's data_changed

    def _import_failed(self, error: BaseException) -> None:
        if not isinstance(error, KnownError):
            self.worker.report_error(error)
            return
        message = self.tr("取り込めませんでした(何も取り込んでいません): {message}").format(
            message=error.message)
        self._show_message(message, error=True)
        self.worker.report_error(error)
        self.import_failed.emit(message)

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message_label.setStyleSheet(error_style(self) if error else good_style(self))
        self.message_label.setText(text)
