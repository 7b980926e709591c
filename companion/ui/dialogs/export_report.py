"""Files for the sponsor, made from an engagement's page: the 実施報告書 (.docx) and
the figures (.xlsx / .csv).

Both dialogs check the output path first (never inside the data folder, a folder that
exists and can be written), then run the same entry points as ``companion report`` and
``companion export-figures``: the report is built on the database worker
(``reports.builder.build_report``) and written on the second pool
(``reports.docx_writer.write_report``) under one cancellable progress dialog; the
figures (``reports.figures.export_figures``) read and write in one step on the database
worker. The file written is shown with ファイルを開く / フォルダを開く (``FileResult``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QStandardPaths, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from companion.domain.calendar import fiscal_year_of, fiscal_years_between
from companion.errors import KnownError
from companion.reports.model import Reporter
from companion.ui import ops
from companion.ui.i18n import fiscal_year_text
from companion.ui.widgets.common import note
from companion.ui.widgets.file_result import FileResult, Opener, error_text, run_export
from companion.ui.widgets.forms import grow_to_show

if TYPE_CHECKING:
    import uuid

    from companion.paths import DataPaths
    from companion.settings import Settings
    from companion.ui.tasks import DbWorker, Job

KNOWN_SUFFIXES = (".docx", ".xlsx", ".csv")
FORBIDDEN_IN_NAMES = str.maketrans({c: "_" for c in '\\/:*?"<>|'})


def documents_folder() -> Path:
    """The user's Documents folder (their home when the system names none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def safe_name(text: str) -> str:
    """Text usable in a file name on Windows, macOS and Linux."""
    return " ".join(text.translate(FORBIDDEN_IN_NAMES).split()) or "_"


def reporter_of(settings: Settings) -> Reporter:
    """報告者 (氏名・所属・資格) as 設定 gives it."""
    return Reporter(name=str(settings.get("practitioner_name")).strip(),
                    organisation=str(settings.get("organisation")).strip(),
                    qualifications=str(settings.get("qualifications")).strip())


def engagement_years(start: date, planned_end: date | None, last_visit: date | None, *,
                     today: date) -> list[int]:
    """The fiscal years an engagement spans (as the report builder counts them): its
    start to its planned end (or today), stretched to its last visit."""
    end = planned_end or max(today, start)
    if last_visit and last_visit > end:
        end = last_visit
    return fiscal_years_between(start, end)


class _ExportDialog(QDialog):
    """What both dialogs share: a form, the output file with 参照…, 作成 and 閉じる,
    and the result box."""

    written = Signal(object)  # the writer's result (ReportResult / FiguresResult)
    failed = Signal(str)  # the message shown

    def __init__(self, *, worker: DbWorker, paths: DataPaths, title: str, action: str,
                 parent: QWidget | None = None, opener: Opener | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.paths = paths
        self.job: Job | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 40)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.out_edit = QLineEdit()
        self.out_edit.textEdited.connect(self._out_edited)
        self.browse_button = QPushButton(self.tr("参照…"))
        self.browse_button.clicked.connect(self.choose_out)
        self._out_chosen = False  # the user picked a file: keep it when the choices change
        self.result_box = FileResult(self, opener=opener)
        self.buttons = QDialogButtonBox()
        self.run_button = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        # No default button: Enter confirms an input-method conversion in 氏名 or 所属, and
        # must neither start a report half typed nor close the dialog (showEvent).
        self.close_button = self.buttons.addButton(self.tr("閉じる"),
                                                   QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)

    def _finish_layout(self, explanation: str, *, left: QWidget | None = None) -> None:
        """The explanation, the form with 保存先, the result and the buttons; with
        ``left``, what goes beside the form (a wide dialog that fits 1280x720)."""
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.browse_button)
        self.form.addRow(self.tr("保存先:"), out_row)
        layout = self._layout = QVBoxLayout(self)
        # Sized when it opens and grown by hand (``_fit``), as FormDialog: a window's size
        # constraints changing while shown is not supported everywhere (offscreen).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.result_box.changed.connect(self._fit)
        layout.addWidget(note(explanation))
        if left is None:
            layout.addLayout(self.form)
            layout.addWidget(self.result_box)
            layout.addStretch(1)
        else:
            columns = QHBoxLayout()
            columns.addWidget(left, 2)
            right = QVBoxLayout()
            right.addLayout(self.form)
            right.addStretch(1)
            columns.addLayout(right, 3)
            layout.addLayout(columns, 1)
            layout.addWidget(self.result_box)
        layout.addWidget(self.buttons)

    def _fit(self) -> None:
        grow_to_show(self, self._layout)

    def showEvent(self, event: QShowEvent) -> None:
        for button in self.findChildren(QPushButton):  # QDialog would make one the default
            button.setAutoDefault(False)
            button.setDefault(False)
        self.resize(self.size().expandedTo(self._layout.sizeHint()))
        super().showEvent(event)

    # -- the output file -------------------------------------------------------------------

    def suffixes(self) -> tuple[str, ...]:
        raise NotImplementedError

    def file_filter(self) -> str:
        raise NotImplementedError

    def suggested_name(self) -> str:
        raise NotImplementedError

    def _out_edited(self, _text: str) -> None:
        self._out_chosen = True

    def suggest_out(self) -> None:
        """The default file (in Documents, named after the choices) until the user
        picks one; a file picked keeps its folder and name, only its type follows."""
        current = self.out_edit.text().strip()
        if self._out_chosen and current:
            path = Path(current)
            if path.suffix.lower() not in self.suffixes():  # .xlsx <-> .csv, or none yet
                name = path.stem if path.suffix.lower() in KNOWN_SUFFIXES else path.name
                self.out_edit.setText(str(path.with_name(name + self.suffixes()[0])))
            return
        self.out_edit.setText(str(documents_folder() / self.suggested_name()))

    def choose_out(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("保存先"), self.out_edit.text(), self.file_filter())
        if chosen:
            self.out_edit.setText(chosen)
            self._out_chosen = True

    def checked_out(self) -> Path | None:
        """The output path, or None after showing why it cannot be written (nothing
        is written then)."""
        from companion.paths import check_output_path
        from companion.reports.output import check_output

        text = self.out_edit.text().strip()
        if not text:
            self._refuse(self.tr("保存先のファイル名を入力してください。"))
            return None
        out = Path(text).expanduser()
        if out.suffix.lower() not in self.suffixes():
            out = out.with_name(out.name + self.suffixes()[0])
        try:
            out = check_output_path(out, self.paths)
            return check_output(out, suffixes=self.suffixes())
        except KnownError as error:
            self._refuse(error_text(error))
            return None

    def _refuse(self, message: str) -> None:
        self.result_box.show_error(message)
        self.out_edit.setFocus()
        self.failed.emit(message)

    # -- running ---------------------------------------------------------------------------

    def run(self) -> None:
        if self.job is not None and not self.job.done:
            return
        out = self.checked_out()
        if out is None:
            return
        self.run_button.setEnabled(False)
        self.job = self.start(out)
        if self.job is None:  # refused before it started; the result box says why
            self.run_button.setEnabled(True)

    def start(self, out: Path) -> Job | None:
        raise NotImplementedError

    def _finished(self, ok: bool) -> None:
        self.run_button.setEnabled(True)
        if not ok and self.result_box.path is None and self.result_box.isVisible():
            self.failed.emit(self.result_box.message_label.text())

    def reject(self) -> None:
        if self.job is not None and not self.job.done:
            self.job.cancel()
        super().reject()


class ReportDialog(_ExportDialog):
    """報告書を作成…: fiscal year or the whole period, template, 報告者 (氏名・所属・資格,
    from 設定 and editable for this report), 報告日, 和暦/西暦 (令和元年度 as an option),
    the visit texts whole or cut, file."""

    STANDARD = "standard"
    CHOOSE = "choose"

    def __init__(self, *, worker: DbWorker, paths: DataPaths, settings: Settings,
                 engagement_id: uuid.UUID, client_name: str, start_on: date,
                 planned_end_on: date | None, last_visit_on: date | None,
                 today: Callable[[], date], parent: QWidget | None = None,
                 opener: Opener | None = None) -> None:
        super().__init__(worker=worker, paths=paths, title=self.tr("報告書を作成"),
                         action=self.tr("作成"), parent=parent, opener=opener)
        self.settings = settings
        self.engagement_id = engagement_id
        self.client_name = client_name
        self.today = today
        use_wareki = bool(settings.get("wareki"))

        self.year_combo = QComboBox()
        years = engagement_years(start_on, planned_end_on, last_visit_on, today=today())
        for year in years:
            self.year_combo.addItem(fiscal_year_text(year, wareki=use_wareki), year)
        self.year_combo.addItem(self.tr("全期間"), None)
        current = fiscal_year_of(today())
        chosen = current if current in years else (years[-1] if years and years[-1] < current
                                                   else None)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(chosen), 0))

        self.template_combo = QComboBox()
        configured = str(settings.get("report_template")).strip()
        if configured:
            self.template_combo.addItem(self.tr("設定の書式: {name}").format(
                name=Path(configured).name), str(Path(configured).expanduser()))
        self.template_combo.addItem(self.tr("標準の書式"), self.STANDARD)
        self.template_combo.addItem(self.tr("ファイルを選ぶ…"), self.CHOOSE)
        self._template_index = 0
        self.template_combo.activated.connect(self._template_activated)

        reporter = reporter_of(settings)
        self.name_edit = QLineEdit(reporter.name)
        self.name_edit.setPlaceholderText(self.tr("例: 佐藤 みのり"))
        self.organisation_edit = QLineEdit(reporter.organisation)
        self.organisation_edit.setPlaceholderText(self.tr("例: ゆざわ-Biz"))
        self.qualifications_edit = QLineEdit(reporter.qualifications)
        self.qualifications_edit.setPlaceholderText(self.tr("例: 中小企業診断士(空欄可)"))
        for edit in (self.name_edit, self.organisation_edit, self.qualifications_edit):
            edit.setToolTip(self.tr("設定の値が入っています。ここで変えた値はこの報告書だけに使います。"))
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy/MM/dd")
        day = today()
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.setToolTip(self.tr("表紙と署名に載る報告日(既定は今日)"))
        self.date_edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000/00/00") + 60)
        self.wareki_radio = QRadioButton(self.tr("和暦(令和7年4月1日)"))
        self.seireki_radio = QRadioButton(self.tr("西暦(2025年4月1日)"))
        calendar = QButtonGroup(self)
        calendar.addButton(self.wareki_radio)
        calendar.addButton(self.seireki_radio)
        (self.wareki_radio if use_wareki else self.seireki_radio).setChecked(True)
        calendar_row = QHBoxLayout()
        calendar_row.addWidget(self.wareki_radio)
        calendar_row.addWidget(self.seireki_radio)
        calendar_row.addStretch(1)
        self.gannen_check = QCheckBox(self.tr("令和元年度と書く"))
        self.gannen_check.setToolTip(self.tr(
            "2019年度を「令和1年度」でなく「令和元年度」と書きます(委託元の様式に合わせるとき)"))
        self.gannen_check.setEnabled(use_wareki)
        self.full_texts_check = QCheckBox(self.tr("訪問記録の全文を載せる"))
        self.full_texts_check.setToolTip(self.tr(
            "訪問の要点と次の行動を切らずに全文で載せます(既定は文の切れ目で短くします)。"
            "非開示の項目は全文でも載りません。"))
        options = QVBoxLayout()
        options.setContentsMargins(0, 0, 0, 0)
        options.addWidget(self.gannen_check)
        options.addWidget(self.full_texts_check)

        self.form.addRow(self.tr("対象:"), self.year_combo)
        self.form.addRow(self.tr("書式:"), self.template_combo)
        self.form.addRow(self.tr("報告者 氏名:"), self.name_edit)
        self.form.addRow(self.tr("所属:"), self.organisation_edit)
        self.form.addRow(self.tr("資格:"), self.qualifications_edit)
        self.form.addRow(self.tr("報告日:"), self.date_edit)
        self.form.addRow(self.tr("日付:"), calendar_row)
        self.form.addRow(self.tr("載せ方:"), options)
        self._finish_layout(self.tr(
            "{client}の実施報告書(Word)を作成します。表紙、支援の概要、行動計画の進み具合、指標の"
            "目標と実績、訪問の記録、利益相反の開示を含みます。").format(client=client_name))
        self.year_combo.currentIndexChanged.connect(lambda _index: self.suggest_out())
        self.wareki_radio.toggled.connect(lambda _checked: self.suggest_out())
        self.wareki_radio.toggled.connect(self.gannen_check.setEnabled)
        self.suggest_out()

    def suffixes(self) -> tuple[str, ...]:
        return (".docx",)

    def file_filter(self) -> str:
        return self.tr("Word 文書 (*.docx)")

    def suggested_name(self) -> str:
        year = self.year_combo.currentData()
        period = (fiscal_year_text(year, wareki=self.wareki_radio.isChecked())
                  if year is not None else self.tr("全期間"))
        return safe_name(self.tr("実施報告書_{client}_{period}").format(
            client=self.client_name, period=period)) + ".docx"

    def _template_activated(self, index: int) -> None:
        if self.template_combo.itemData(index) != self.CHOOSE:
            self._template_index = index
            return
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("報告書の書式(Word)"), str(documents_folder()),
            self.tr("Word 文書・テンプレート (*.docx *.dotx)"))
        if not chosen:
            self.template_combo.setCurrentIndex(self._template_index)
            return
        self.template_combo.insertItem(index, Path(chosen).name, str(Path(chosen)))
        self.template_combo.setItemData(index, chosen, Qt.ItemDataRole.ToolTipRole)
        self.template_combo.setCurrentIndex(index)
        self._template_index = index

    def template(self) -> Path | None:
        data = self.template_combo.currentData()
        return None if data in (self.STANDARD, self.CHOOSE, None) else Path(str(data))

    def reporter(self) -> Reporter:
        """報告者 as the dialog's fields say (設定's values unless changed here)."""
        return Reporter(name=self.name_edit.text().strip(),
                        organisation=self.organisation_edit.text().strip(),
                        qualifications=self.qualifications_edit.text().strip())

    def report_date(self) -> date:
        day = self.date_edit.date()
        return date(day.year(), day.month(), day.day())

    def start(self, out: Path) -> Job:
        from companion.reports.builder import build_report
        from companion.reports.docx_writer import write_report

        template, wareki = self.template(), self.wareki_radio.isChecked()
        reiwa_gannen = wareki and self.gannen_check.isChecked()
        op = ops.read(build_report, engagement_id=self.engagement_id,
                      fiscal_year=self.year_combo.currentData(), reporter=self.reporter(),
                      today=self.report_date(), full_texts=self.full_texts_check.isChecked()) \
            .then(lambda report: ops.background(write_report, report, out, template=template,
                                                wareki=wareki, reiwa_gannen=reiwa_gannen)) \
            .named("write report")

        def done(result: Any) -> tuple[Path, str]:
            self.written.emit(result)
            return result.path, self.tr("報告書を作成しました。")

        return run_export(op, worker=self.worker, parent=self, result=self.result_box,
                          label=self.tr("報告書を作成しています…"), done=done,
                          warnings=lambda result: tuple(result.warnings), finished=self._finished)


class FiguresDialog(_ExportDialog):
    """数値の書き出し…: the sponsor's figures for one fiscal year (or all), as one .xlsx
    workbook or a .zip of CSV files (one per table)."""

    loaded = Signal()  # the sponsors are listed

    def __init__(self, *, worker: DbWorker, paths: DataPaths, sponsor_name: str,
                 years: list[int], today: Callable[[], date], wareki: bool = True,
                 flat_band_percent: float = 3.0,
                 parent: QWidget | None = None, opener: Opener | None = None) -> None:
        super().__init__(worker=worker, paths=paths, title=self.tr("数値の書き出し"),
                         action=self.tr("書き出す"), parent=parent, opener=opener)
        self.today = today
        self.wareki = wareki
        self.flat_band_percent = flat_band_percent
        self.default_sponsor = sponsor_name
        self.sponsor_combo = QComboBox()
        self.sponsor_combo.addItem(self.tr("すべての委託元"), None)
        self.year_combo = QComboBox()
        current = fiscal_year_of(today())
        shown = sorted({*years, *range(current - 4, current + 1)}, reverse=True)
        for year in shown:
            self.year_combo.addItem(fiscal_year_text(year, wareki=wareki), year)
        self.year_combo.addItem(self.tr("全期間"), None)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(current), 0))
        self.xlsx_radio = QRadioButton(self.tr("Excel(.xlsx、すべての表)"))
        self.csv_radio = QRadioButton(self.tr("CSV(.zip、表ごとに1ファイル)"))
        kinds = QButtonGroup(self)
        kinds.addButton(self.xlsx_radio)
        kinds.addButton(self.csv_radio)
        self.xlsx_radio.setChecked(True)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.xlsx_radio)
        kind_row.addWidget(self.csv_radio)
        kind_row.addStretch(1)
        self.form.addRow(self.tr("委託元:"), self.sponsor_combo)
        self.form.addRow(self.tr("年度:"), self.year_combo)
        self.form.addRow(self.tr("形式:"), kind_row)
        self._finish_layout(self.tr(
            "委託元に提出する集計(相談件数、事業者数と延べ訪問数、支援時間、指標など)を書き出します。"
            "Excel は表ごとのシート、CSV は表ごとのファイルを zip にまとめます。"))
        self.sponsor_combo.currentIndexChanged.connect(lambda _index: self.suggest_out())
        self.year_combo.currentIndexChanged.connect(lambda _index: self.suggest_out())
        self.xlsx_radio.toggled.connect(lambda _checked: self.suggest_out())
        self.run_button.setEnabled(False)  # until the sponsors are listed
        self.suggest_out()
        self.load()

    def load(self) -> None:
        from companion.services.clients import list_sponsors
        from companion.ui.widgets.attachments import while_alive

        # Closed before the sponsors arrive (WA_DeleteOnClose): nothing to fill then.
        ops.read(list_sponsors).success(while_alive(self, self._show_sponsors)).run(self.worker)

    def _show_sponsors(self, sponsors: Any) -> None:
        for sponsor in sponsors:
            self.sponsor_combo.addItem(sponsor.name, sponsor.id)
        found = self.sponsor_combo.findText(self.default_sponsor) if self.default_sponsor else -1
        self.sponsor_combo.setCurrentIndex(max(found, 0))
        self.run_button.setEnabled(True)
        self.loaded.emit()

    def suffixes(self) -> tuple[str, ...]:
        return (".xlsx",) if self.xlsx_radio.isChecked() else (".zip",)

    def file_filter(self) -> str:
        return (self.tr("Excel ブック (*.xlsx)") if self.xlsx_radio.isChecked()
                else self.tr("CSV の zip (*.zip)"))

    def suggested_name(self) -> str:
        year = self.year_combo.currentData()
        period = fiscal_year_text(year, wareki=self.wareki) if year is not None else self.tr("全期間")
        sponsor = (self.sponsor_combo.currentText() if self.sponsor_combo.currentData()
                   else self.tr("全委託元"))
        return safe_name(self.tr("実績集計_{sponsor}_{period}").format(
            sponsor=sponsor, period=period)) + self.suffixes()[0]

    def start(self, out: Path) -> Job:
        from companion.reports.figures import export_figures

        op = ops.read(export_figures, out=out, fiscal_year=self.year_combo.currentData(),
                      sponsor_id=self.sponsor_combo.currentData(), today=self.today(),
                      flat_band_percent=self.flat_band_percent) \
            .named("export figures")

        def done(result: Any) -> tuple[Path, str]:
            self.written.emit(result)
            return result.path, self.tr("集計を書き出しました({tables})。").format(
                tables="・".join(result.tables))

        return run_export(op, worker=self.worker, parent=self, result=self.result_box,
                          label=self.tr("集計を書き出しています…"), done=done,
                          warnings=lambda result: tuple(result.warnings), finished=self._finished)
