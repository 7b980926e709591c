"""活動日数台帳: days and hours spent per client in a fiscal year, from the saved visits.

中小企業診断士 renew with 実務従事 points, and the client's 代表者 certifies the days
(様式19): per client the period, the dates, hours, place and content. This window shows
them per client (open a client to see its visits) and writes them as CSV (UTF-8 with
BOM, so Excel opens it in Japanese), the same file ``companion ledger`` writes.
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
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from companion.domain.calendar import fiscal_year_label, fiscal_year_of
from companion.errors import KnownError
from companion.ui import ops
from companion.ui.formatting import fiscal_year, ymd
from companion.ui.widgets.attachments import while_alive
from companion.ui.widgets.common import error_style, note, page_title

if TYPE_CHECKING:
    from companion.services.visits.ledger import ActivityLedger
    from companion.ui.tasks import DbWorker, Job

YEARS_BACK = 10
COLUMNS = ("事業者 / 日付", "日数・時間", "方式", "場所", "内容・支援期間")


def hours_text(hours: float) -> str:
    """9時間15分 (the CSV keeps decimal hours for spreadsheets)."""
    minutes = round(hours * 60)
    whole, rest = divmod(minutes, 60)
    if not rest:
        return QCoreApplication.translate("LedgerDialog", "{hours}時間").format(hours=whole)
    if whole:
        return QCoreApplication.translate("LedgerDialog", "{hours}時間{minutes}分").format(hours=whole, minutes=rest)
    return QCoreApplication.translate("LedgerDialog", "{minutes}分").format(minutes=rest)


def default_file_name(year: int) -> str:
    return QCoreApplication.translate("LedgerDialog", "活動日数台帳_{year}.csv").format(year=fiscal_year_label(year))


class LedgerDialog(QDialog):
    loaded = Signal()
    exported = Signal(object)  # Path

    def __init__(self, worker: DbWorker, *, today: Callable[[], date] = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.ledger: ActivityLedger | None = None
        self._job: Job | None = None
        self.setWindowTitle(self.tr("活動日数台帳(実務従事の記録)"))
        self.setMinimumSize(760, 480)
        self.resize(1000, 680)
        current = fiscal_year_of(today())
        self.year_combo = QComboBox()
        for year in range(current, current - YEARS_BACK, -1):
            self.year_combo.addItem(fiscal_year(year), year)
        self.year_combo.currentIndexChanged.connect(lambda _i: self.load())
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
        for column, chars in ((0, 22), (1, 10), (2, 6), (3, 10)):
            self.tree.setColumnWidth(column, unit * chars + 20)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.export_button = QPushButton(self.tr("CSV に書き出す…(Ctrl+E)"))
        self.export_button.clicked.connect(self.choose_export_file)
        QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_E), self, self.choose_export_file)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        close = QPushButton(self.tr("閉じる"))
        close.clicked.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(page_title(self.tr("活動日数台帳")))
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("年度")))
        top.addWidget(self.year_combo)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(note(self.tr(
            "保存済みの訪問記録から、事業者ごとの支援日数と時間を集計します(日付は日本時間)。"
            "ポイントの目安は「訪問1日=1、訪問以外の相談5時間=1」で数えたもので、"
            "実務従事として認められるかは支援者が判断してください。")))
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tree, 1)
        layout.addLayout(bottom)
        self.load()

    @property
    def fiscal_year(self) -> int:
        return int(self.year_combo.currentData())

    def load(self) -> None:
        if self._job is not None:
            self._job.cancel()
        self.summary_label.setText(self.tr("集計しています…"))
        from companion.services.visits.ledger import activity_ledger

        self._job = ops.read(activity_ledger, fiscal_year=self.fiscal_year) \
            .success(while_alive(self, self._show)).run(self.worker)

    def _show(self, ledger: Any) -> None:
        self._job = None
        self.ledger = ledger
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
            points = QStandardItem(self.tr("目安 {n}ポイント").format(n=client.points_estimate))
            content = QStandardItem(self.tr("支援期間 {period}・{titles}").format(
                period=period, titles=self.tr("・").join(client.engagements)))
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
        label = fiscal_year(ledger.fiscal_year)
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

    def choose_export_file(self) -> None:
        if self.ledger is None or not self.ledger.clients:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("活動日数台帳を書き出す"), default_file_name(self.fiscal_year),
            self.tr("CSV(Excel で開けます) (*.csv)"))
        if name:
            path = Path(name)
            self.export_to(path if path.suffix.lower() == ".csv" else path.with_suffix(".csv"))

    def export_to(self, path: Path) -> None:
        self.status_label.setStyleSheet("")
        from companion.paths import check_output_path
        from companion.reports.ledger_csv import write_ledger_csv
        from companion.services.visits.ledger import activity_ledger

        self.status_label.setText(self.tr("書き出しています…"))
        fiscal_year = self.fiscal_year
        # Refused inside the data folder (its paths come with the open database); the
        # ledger is read on the database worker, the file written on the second pool.
        ops.on_database(lambda database: check_output_path(path, database.paths)) \
            .then(lambda target: ops.read(activity_ledger, fiscal_year=fiscal_year)
                  .then(lambda ledger: ops.background(write_ledger_csv, ledger, target)
                        .keep_on_exit())) \
            .named("export_ledger") \
            .success(while_alive(self, lambda _written: self._exported(path))) \
            .failure(while_alive(self, self._export_failed)).run(self.worker)

    def _exported(self, path: Path) -> None:
        self.status_label.setText(self.tr("書き出しました: {path}").format(path=path))
        self.exported.emit(path)

    def _export_failed(self, error: BaseException) -> None:
        if isinstance(error, KnownError):
            self.status_label.setText(error.message)
            self.status_label.setStyleSheet(error_style(self))
        else:
            self.worker.report_error(error)
