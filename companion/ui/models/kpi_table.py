"""KPI tables: one indicator's fiscal years (target against actual, the numbers the
chart draws), the actuals of one fiscal year entered period by period, and ホーム's
KPIs behind target.

The two editable models never write: an entry is checked as a number at once (a bad
one marks its cell and says why) and handed to the view (``entered``), which runs the
use case; the reloaded KPI then replaces the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from companion.domain.enums import Granularity
from companion.errors import ValidationError
from companion.ui.i18n import fiscal_year_text
from companion.ui.models.rows import AnyIndex, Column, RowTableModel

if TYPE_CHECKING:
    from companion.reports.model import KpiRow
    from companion.services.kpis import BehindKpi, KpiInfo

ERROR_BACKGROUND = "#fde7e6"
FUTURE_FOREGROUND = "#9aa0a6"


def _tr(text: str) -> str:
    return QCoreApplication.translate("KpiTables", text)


def number_text(value: float | None) -> str:
    """12,345 / 12,345.6 / 0.35: separators, decimals only when they carry meaning."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{value:,.0f}"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def percent_text(ratio: float | None) -> str:
    return "" if ratio is None else f"{ratio * 100:.1f}%"


def _check(text: str, label: str) -> float | None:
    """The typed value as a number (ValidationError when it is not one)."""
    from companion.services.kpis import parse_number

    return parse_number(text, field="value", label=label)


@dataclass(frozen=True)
class YearLine:
    fiscal_year: int
    target: float | None
    row: KpiRow | None  # the report builder's figures for that year (None: no data)
    covered: bool  # the engagement covers the year
    partial_months: int = 0  # a sum over part of the year: the months it counts (as the chart)

    def year_text(self, *, wareki: bool) -> str:
        """令和7年度, or 令和7年度 and 年度途中(8か月) below it while the year's sum is partial."""
        label = fiscal_year_text(self.fiscal_year, wareki=wareki)
        if not self.partial_months:
            return label
        return _tr("{year}\n年度途中({n}か月)").format(year=label, n=self.partial_months)


class KpiYearModel(QAbstractTableModel):
    """One indicator by fiscal year: 年度, 目標 (editable), 実績, 達成率, 評価, 根拠."""

    YEAR, TARGET, ACTUAL, ACHIEVEMENT, GRADE, BASIS = range(6)
    HEADERS = ("年度", "目標", "実績", "達成率", "評価", "実績の根拠")
    entered = Signal(int, str)  # fiscal year, the text typed (checked as a number)
    rejected = Signal(int, str)  # fiscal year, why the entry was refused

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines: list[YearLine] = []
        self.unit = ""
        self.wareki = True
        self.errors: dict[int, str] = {}

    def set_lines(self, lines: list[YearLine], *, unit: str, wareki: bool) -> None:
        """Show these years. The same years again (a reload after an entry) update the
        cells in place: an open editor and a refused entry's mark stay."""
        same = [line.fiscal_year for line in lines] == [line.fiscal_year for line in self.lines]
        if same and lines:
            self.lines, self.unit, self.wareki = lines, unit, wareki
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(lines) - 1, len(self.HEADERS) - 1))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
            return
        self.beginResetModel()
        self.lines, self.unit, self.wareki = lines, unit, wareki
        self.errors = {}
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        header = _tr(self.HEADERS[section])
        if section in (self.TARGET, self.ACTUAL) and self.unit:
            return f"{header}({self.unit})"
        return header

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and index.column() == self.TARGET and self.lines[index.row()].covered:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        column = index.column()
        row = line.row
        if role == Qt.ItemDataRole.EditRole and column == self.TARGET:
            return number_text(line.target)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (self.TARGET, self.ACTUAL, self.ACHIEVEMENT):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column == self.TARGET and \
                line.fiscal_year in self.errors:
            return QBrush(QColor(ERROR_BACKGROUND))
        if role == Qt.ItemDataRole.ForegroundRole and not line.covered:
            return QBrush(QColor(FUTURE_FOREGROUND))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.TARGET and line.fiscal_year in self.errors:
                return self.errors[line.fiscal_year]
            if column == self.TARGET and line.covered:
                return _tr("ダブルクリックか F2 で目標を入力(空欄で消去)")
            if not line.covered:
                return _tr("案件の期間外の年度です")
            if column == self.YEAR and line.partial_months:
                return _tr("実績は{n}か月分の合計です。年度の目標とは比べられないため、"
                           "評価はしていません(グラフの斜線の棒)。").format(n=line.partial_months)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.YEAR:
            return line.year_text(wareki=self.wareki)
        if column == self.TARGET:
            return number_text(line.target)
        if row is None:
            return ""
        if column == self.ACTUAL:
            return number_text(row.actual)
        if column == self.ACHIEVEMENT:
            return percent_text(row.achievement)
        if column == self.GRADE:
            return row.grade
        if column == self.BASIS:
            return row.basis
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() != self.TARGET:
            return False
        line = self.lines[index.row()]
        text = str(value)
        try:
            number = _check(text, _tr("目標値"))
        except ValidationError as error:
            self.errors[line.fiscal_year] = error.message
            self.dataChanged.emit(index, index)
            self.rejected.emit(line.fiscal_year, error.message)
            return False
        self.errors.pop(line.fiscal_year, None)
        if number == line.target:
            self.dataChanged.emit(index, index)
            return True
        self.lines[index.row()] = YearLine(line.fiscal_year, number, line.row, line.covered,
                                           line.partial_months)
        self.dataChanged.emit(index, index)
        self.entered.emit(line.fiscal_year, text)
        return True

    def row_of_year(self, fiscal_year: int) -> int:
        return next(i for i, line in enumerate(self.lines) if line.fiscal_year == fiscal_year)


class KpiPeriodModel(QAbstractTableModel):
    """The actuals of one fiscal year, one column per month, quarter or the year; one
    row. Periods that have not begun are read-only."""

    entered = Signal(object, str)  # period start, the text typed
    rejected = Signal(object, str)  # period start, why

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.periods: list[date] = []
        self.values: dict[date, float] = {}
        self.granularity = Granularity.MONTH
        self.today = date.today()
        self.name = ""
        self.errors: dict[date, str] = {}

    def set_periods(self, kpi: KpiInfo | None, periods: list[date], granularity: Granularity,
                    today: date) -> None:
        values = {} if kpi is None else {
            p: v for p in periods if (v := kpi.actual_of(p, granularity)) is not None}
        name = kpi.name if kpi else ""
        if (periods and periods == self.periods and granularity == self.granularity
                and name == self.name):  # a reload: update in place, keep marks and editors
            self.values, self.today = values, today
            self.dataChanged.emit(self.index(0, 0), self.index(0, len(periods) - 1))
            return
        self.beginResetModel()
        self.periods, self.granularity, self.today = periods, granularity, today
        self.name = name
        self.values = values
        self.errors = {}
        self.endResetModel()

    def label(self, period: date) -> str:
        from companion.services.kpis import period_label

        return period_label(period, self.granularity)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self.periods else 1

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.periods)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return _tr("実績")
        if 0 <= section < len(self.periods):
            return self.label(self.periods[section])
        return None

    def _future(self, period: date) -> bool:
        return period > self.today

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and not self._future(self.periods[index.column()]):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        period = self.periods[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return number_text(self.values.get(period))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and period in self.errors:
            return QBrush(QColor(ERROR_BACKGROUND))
        if role == Qt.ItemDataRole.BackgroundRole and self._future(period):
            return QBrush(QColor("#f3f4f6"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if period in self.errors:
                return self.errors[period]
            if self._future(period):
                return _tr("まだ始まっていない期間です")
            return _tr("{period}の実績(空欄で消去)").format(period=self.label(period))
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        period = self.periods[index.column()]
        text = str(value)
        try:
            number = _check(text, _tr("{name}の{period}の実績").format(
                name=self.name, period=self.label(period)))
        except ValidationError as error:
            self.errors[period] = error.message
            self.dataChanged.emit(index, index)
            self.rejected.emit(period, error.message)
            return False
        self.errors.pop(period, None)
        if number == self.values.get(period):
            self.dataChanged.emit(index, index)
            return True
        if number is None:
            self.values.pop(period, None)
        else:
            self.values[period] = number
        self.dataChanged.emit(index, index)
        self.entered.emit(period, text)
        return True


def _rounded(value: float) -> str:
    """A figure for a glance: whole numbers from 100 up, one decimal below."""
    return number_text(round(value) if abs(value) >= 100 else round(value, 1))


class BehindKpiModel(RowTableModel):
    """ホーム: KPIs behind target, worst first."""

    context = "BehindKpiModel"
    columns = (
        Column("事業者", lambda b: b.client_name),
        Column("指標", lambda b: b.name),
        Column("年度", lambda b: fiscal_year_text(b.fiscal_year)),
        Column("目標", lambda b: f"{_rounded(b.target)}{b.unit}", lambda b: b.target,
               numeric=True),
        Column("実績", lambda b: f"{_rounded(b.actual)}{b.unit}", lambda b: b.actual,
               numeric=True),
        Column("達成率", lambda b: percent_text(b.achievement), lambda b: b.achievement,
               numeric=True),
    )

    def kpi_at(self, row: int) -> BehindKpi:
        behind: BehindKpi = self.row_at(row)
        return behind
