"""活動日数台帳: the 実務従事 record over five fiscal years, from the saved visits.

中小企業診断士 renew with 30 実務従事 points in five years, and each client's 代表者
certifies the days (様式19/20). This window shows the five-year view (points per fiscal
year, the running total against 30 and whether the renewal is on track) and, per client,
the days worked (open a client to see its visits). It writes the ledger as Word (the
form to hand in), Excel or CSV, the same files ``companion ledger`` writes: the ledger is
read on the database worker, the file written on the background pool with a progress
dialog, and the result shown with ファイルを開く / フォルダを開く.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from companion.domain.calendar import fiscal_year_of
from companion.domain.practice_points import RENEWAL_POINTS, RENEWAL_YEARS
from companion.ui import ops
from companion.ui.formatting import fiscal_year, ymd
from companion.ui.i18n import fiscal_year_text
from companion.ui.widgets.attachments import while_alive
from companion.ui.widgets.common import error_style, good_style, note, page_title
from companion.ui.widgets.file_result import FileResult, run_export

if TYPE_CHECKING:
    from companion.services.visits.ledger import ActivityLedger
    from companion.settings import Settings
    from companion.ui.tasks import DbWorker, Job

YEARS_BACK = 10
MAX_YEARS = 10
COLUMNS = ("事業者 / 日付", "日数・時間", "方式 / 訪問日数", "場所 / ポイント", "内容・支援期間")
YEAR_COLUMNS = ("年度", "事業者数", "訪問日数", "訪問以外の時間", "ポイント", "累計")
FORMATS = (".docx", ".xlsx", ".csv")


def hours_text(hours: float) -> str:
    """15.6時間: hours with one decimal, as the ledger prints them (never 15.5833)."""
    number = f"{hours:.1f}".removesuffix(".0")
    return QCoreApplication.translate("LedgerDialog", "{hours}時間").format(hours=number)


def default_file_name(year: int, suffix: str = ".docx") -> str:
    return QCoreApplication.translate("LedgerDialog", "実務従事の記録_{year}").format(
        year=fiscal_year_text(year)) + suffix


class LedgerDialog(QDialog):
    loaded = Signal()
    exported = Signal(object)  # Path

    def __init__(self, worker: DbWorker, *, today: Callable[[], date] = date.today,
                 settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.today = today
        # The window's settings (氏名, 登録番号, 和暦) go on the Word and Excel forms.
        self.settings: Settings | None = settings or getattr(parent, "settings", None)
        self.ledger: ActivityLedger | None = None
        self._job: Job | None = None
        self.setWindowTitle(self.tr("活動日数台帳(実務従事の記録)"))
        self.setMinimumSize(760, 520)
        self.resize(1040, 720)
        current = fiscal_year_of(today())
        self.year_combo = QComboBox()
        for year in range(current, current - YEARS_BACK, -1):
            self.year_combo.addItem(fiscal_year(year), year)
        self.year_combo.setToolTip(self.tr("この年度までを集計します"))
        self.year_combo.currentIndexChanged.connect(lambda _i: self.load())
        self.years_box = QSpinBox()
        self.years_box.setRange(1, MAX_YEARS)
        self.years_box.setValue(RENEWAL_YEARS)
        self.years_box.setSuffix(self.tr(" 年度分"))
        self.years_box.setKeyboardTracking(False)
        self.years_box.valueChanged.connect(lambda _v: self.load())

        self.outlook_label = QLabel()
        self.outlook_label.setObjectName("ledgerOutlook")
        self.outlook_label.setWordWrap(True)
        font = self.outlook_label.font()
        font.setBold(True)
        self.outlook_label.setFont(font)
        self.year_model = QStandardItemModel(self)
        self.year_model.setHorizontalHeaderLabels(
            [QCoreApplication.translate("LedgerDialog", c) for c in YEAR_COLUMNS])
        self.year_table = QTableView()
        self.year_table.setModel(self.year_model)
        self.year_table.verticalHeader().setVisible(False)
        self.year_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.year_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.year_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        row_height = self.year_table.verticalHeader().defaultSectionSize()
        self.year_table.setFixedHeight(row_height * (RENEWAL_YEARS + 1) + 8)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels([QCoreApplication.translate("LedgerDialog", COLUMNS[i])
                                              for i in range(len(COLUMNS))])
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        unit = self.fontMetrics().horizontalAdvance("国")
        for column, chars in ((0, 22), (1, 12), (2, 8), (3, 10)):
            self.tree.setColumnWidth(column, unit * chars + 20)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.export_button = QPushButton(self.tr("書き出す…(Ctrl+E)"))
        self.export_button.setToolTip(self.tr("Word(提出用の様式)、Excel、CSV に書き出します"))
        self.export_button.clicked.connect(self.choose_export_file)
        QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_E), self, self.choose_export_file)
        self.file_result = FileResult(self)
        close = QPushButton(self.tr("閉じる"))
        close.clicked.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(page_title(self.tr("活動日数台帳")))
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("最後の年度")))
        top.addWidget(self.year_combo)
        top.addWidget(QLabel(self.tr("さかのぼる期間")))
        top.addWidget(self.years_box)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(note(self.tr(
            "保存済みの訪問記録から、実務従事のポイントを事業者ごとに数えます(日付は日本時間)。"
            "訪問して助言した日は1日1ポイント、窓口・オンライン・電話の相談は合計5時間で1ポイント"
            "(短い電話は1日になりません)。実務従事として認められるかは支援者が判断してください。")))
        layout.addWidget(self.outlook_label)
        layout.addWidget(self.year_table)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.file_result)
        layout.addLayout(bottom)
        self.load()

    @property
    def fiscal_year(self) -> int:
        return int(self.year_combo.currentData())

    @property
    def years(self) -> int:
        return int(self.years_box.value())

    def load(self) -> None:
        if self._job is not None:
            self._job.cancel()
        self.summary_label.setText(self.tr("集計しています…"))
        from companion.services.visits.ledger import activity_ledger

        self._job = ops.read(activity_ledger, fiscal_year=self.fiscal_year, years=self.years,
                             today=self.today()) \
            .success(while_alive(self, self._show)).run(self.worker)

    def _period(self, ledger: ActivityLedger) -> str:
        years = ledger.fiscal_years
        if len(years) == 1:
            return fiscal_year(years[0])
        return self.tr("{first}〜{last}").format(first=fiscal_year_text(years[0]),
                                                last=fiscal_year_text(years[-1]))

    def _show(self, ledger: Any) -> None:
        self._job = None
        self.ledger = ledger
        self._show_years(ledger)
        self.model.removeRows(0, self.model.rowCount())
        for client in ledger.clients:
            period = f"{ymd(client.period_start)}〜{ymd(client.period_end)}"
            parent = QStandardItem(self.tr("{name}(代表 {rep})").format(
                name=client.client_name, rep=client.representative or "—"))
            font = parent.font()
            font.setBold(True)
            parent.setFont(font)
            days = QStandardItem(self.tr("{days}日・{hours}").format(
                days=client.days, hours=hours_text(client.hours)))
            on_site = QStandardItem(self.tr("訪問{n}日").format(n=client.on_site_days))
            points = QStandardItem(self.tr("{n}ポイント").format(n=client.points_estimate))
            content = QStandardItem(self.tr("支援期間 {period}・{titles}").format(
                period=period, titles=self.tr("・").join(client.engagements)))
            content.setToolTip(self.tr("中小企業者: {check}").format(check=client.sme.text))
            for entry in client.entries:
                end = f"–{entry.ended_at:%H:%M}" if entry.ended_at else ""
                parent.appendRow([
                    QStandardItem(f"{ymd(entry.day)} {entry.started_at:%H:%M}{end}"),
                    QStandardItem(hours_text(entry.hours)),
                    QStandardItem(str(entry.mode)),
                    QStandardItem(entry.place),
                    QStandardItem(entry.content),
                ])
            self.model.appendRow([parent, days, on_site, points, content])
        label = self._period(ledger)
        if ledger.clients:
            self.summary_label.setText(self.tr(
                "{year}: 事業者 {clients}件・延べ {days}日・{hours}").format(
                year=label, clients=len(ledger.clients), days=ledger.days,
                hours=hours_text(ledger.hours)))
        else:
            self.summary_label.setText(self.tr("{year}の保存済みの訪問記録はありません。").format(
                year=label))
        self.export_button.setEnabled(bool(ledger.clients))
        self.loaded.emit()

    def _show_years(self, ledger: ActivityLedger) -> None:
        self.year_model.removeRows(0, self.year_model.rowCount())
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for tally in ledger.yearly:
            cells = [QStandardItem(fiscal_year(tally.fiscal_year)),
                     QStandardItem(self.tr("{n}者").format(n=tally.clients)),
                     QStandardItem(self.tr("{n}日").format(n=tally.on_site_days)),
                     QStandardItem(hours_text(tally.other_hours)),
                     QStandardItem(str(tally.points)),
                     QStandardItem(self.tr("{total} / {needed}").format(
                         total=tally.running_total, needed=RENEWAL_POINTS))]
            for cell in cells[1:]:
                cell.setTextAlignment(right)
            self.year_model.appendRow(cells)
        row_height = self.year_table.verticalHeader().defaultSectionSize()
        header = self.year_table.horizontalHeader().sizeHint().height()
        self.year_table.setFixedHeight(row_height * len(ledger.yearly) + header + 4)
        outlook = ledger.outlook
        self.outlook_label.setText(self.tr("実務従事ポイント({period}): {summary}").format(
            period=self._period(ledger), summary=outlook.summary()))
        self.outlook_label.setStyleSheet(good_style(self) if outlook.on_track
                                         else error_style(self))

    def choose_export_file(self) -> None:
        if self.ledger is None or not self.ledger.clients:
            return
        filters = [self.tr("Word(提出用の様式) (*.docx)"), self.tr("Excel ブック (*.xlsx)"),
                   self.tr("CSV(Excel で開けます) (*.csv)")]
        name, chosen = QFileDialog.getSaveFileName(
            self, self.tr("実務従事の記録を書き出す"), default_file_name(self.fiscal_year),
            ";;".join(filters))
        if name:
            path = Path(name)
            if path.suffix.lower() not in FORMATS:
                suffix = FORMATS[filters.index(chosen)] if chosen in filters else FORMATS[0]
                path = path.with_name(path.name + suffix)
            self.export_to(path)

    def export_to(self, path: Path) -> Job:
        from companion.paths import check_output_path
        from companion.reports.ledger_docx import Practitioner
        from companion.reports.ledger_files import write_ledger
        from companion.services.visits.ledger import activity_ledger

        settings = self.settings
        practitioner = Practitioner(
            name=str(settings.get("practitioner_name")) if settings else "",
            number=str(settings.get("shindanshi_number")) if settings else "")
        wareki = bool(settings.get("wareki")) if settings else True
        fiscal_year, years, today = self.fiscal_year, self.years, self.today()
        self.export_button.setEnabled(False)
        # Refused inside the data folder (its paths come with the open database); the
        # ledger is read on the database worker, the file written on the second pool.
        op = ops.on_database(lambda database: check_output_path(path, database.paths)) \
            .then(lambda target: ops.read(activity_ledger, fiscal_year=fiscal_year, years=years,
                                          today=today)
                  .then(lambda ledger: ops.background(
                      write_ledger, ledger, target, practitioner=practitioner, wareki=wareki)
                      .keep_on_exit())) \
            .named("export_ledger")

        def done(written: Any) -> tuple[Path, str]:
            self.exported.emit(Path(written))
            return Path(written), self.tr("実務従事の記録を書き出しました。")

        return run_export(op, worker=self.worker, parent=self, result=self.file_result,
                          label=self.tr("実務従事の記録を書き出しています…"), done=done,
                          finished=while_alive(self, lambda _ok: self.export_button.setEnabled(
                              bool(self.ledger and self.ledger.clients))))
