"""指標: an engagement's KPIs — target against actual over the fiscal years as a chart
and as a table (the same numbers, from the report builder, so the screen and the Word
report agree), targets typed per year and actuals per month, quarter or year.

Every entry is one use case on the database worker (services/kpis.py) with an undo
label. A value that is not a number is refused at its cell before anything is sent.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedLayout,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.domain.calendar import fiscal_year_of
from companion.domain.enums import Granularity, KpiAggregation, KpiDirection
from companion.errors import KnownError
from companion.ui import ops
from companion.ui.i18n import enum_label, fiscal_year_text
from companion.ui.models.kpi_table import (
    KpiPeriodModel,
    KpiYearModel,
    YearLine,
    number_text,
)
from companion.ui.views.engagement_tab import EngagementTab
from companion.ui.widgets.banner import Banner
from companion.ui.widgets.chart import KpiChart, chart_code_loaded, load_chart_code
from companion.ui.widgets.common import (
    EmptyState,
    set_column_widths,
)
from companion.ui.widgets.forms import DateField, FormDialog, enum_combo, find_data

if TYPE_CHECKING:
    from companion.reports.kpi_board import KpiBoard
    from companion.reports.model import KpiSeries
    from companion.services.kpis import KpiInfo
    from companion.ui.tasks import DbWorker, Job

# What the form offers (services/kpis.py SUGGESTIONS, repeated here so the form opens
# without the database layer): name, unit, direction, aggregation.
# Names and units are offered in the UI's language (translated in context KpiDialog).
SUGGESTED = (
    (QT_TRANSLATE_NOOP("KpiDialog", "売上高"), QT_TRANSLATE_NOOP("KpiDialog", "千円"),
     KpiDirection.HIGHER_IS_BETTER, KpiAggregation.SUM),
    (QT_TRANSLATE_NOOP("KpiDialog", "粗利"), QT_TRANSLATE_NOOP("KpiDialog", "千円"),
     KpiDirection.HIGHER_IS_BETTER, KpiAggregation.SUM),
    (QT_TRANSLATE_NOOP("KpiDialog", "客数"), QT_TRANSLATE_NOOP("KpiDialog", "人"),
     KpiDirection.HIGHER_IS_BETTER, KpiAggregation.SUM),
    (QT_TRANSLATE_NOOP("KpiDialog", "従業員数"), QT_TRANSLATE_NOOP("KpiDialog", "人"),
     KpiDirection.HIGHER_IS_BETTER, KpiAggregation.LATEST),
)


def _suggestion(text: object) -> str:
    return QCoreApplication.translate("KpiDialog", str(text))



class EntryTable(QTableView):
    """A table whose Delete key clears the current cell (the entry is then removed)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if (event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and index.isValid()
                and self.state() != QAbstractItemView.State.EditingState
                and index.flags() & Qt.ItemFlag.ItemIsEditable):
            self.model().setData(index, "", Qt.ItemDataRole.EditRole)
            return
        super().keyPressEvent(event)


def _entry_table() -> EntryTable:
    table = EntryTable()
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                          | QAbstractItemView.EditTrigger.EditKeyPressed
                          | QAbstractItemView.EditTrigger.AnyKeyPressed)
    table.setAlternatingRowColors(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
    return table


class KpiDialog(FormDialog):
    """Adding or editing an indicator: 売上高, 粗利, 客数, 従業員数 offered first."""

    def __init__(self, worker: DbWorker, *, engagement_id: uuid.UUID | None = None,
                 kpi: KpiInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(worker, title=self.tr("指標を編集") if kpi else self.tr("指標を追加"),
                         parent=parent)
        self.engagement_id = engagement_id
        self.kpi = kpi
        self.name_combo = QComboBox()
        self.name_combo.setEditable(True)
        self.name_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for name, *_rest in SUGGESTED:
            self.name_combo.addItem(_suggestion(name))
        self.name_combo.setCurrentIndex(-1)
        name_line = self.name_combo.lineEdit()
        if name_line is not None:
            name_line.setPlaceholderText(self.tr("例: 売上高(一覧から選ぶか入力)"))
        self.name_combo.textActivated.connect(self._suggested)
        self.add_field("name", self.tr("指標名(必須):"), self.name_combo)
        self.unit_edit = QLineEdit()
        self.unit_edit.setPlaceholderText(self.tr("例: 千円、人、件、%"))
        self.add_field("unit", self.tr("単位:"), self.unit_edit)
        self.direction_combo = enum_combo(list(KpiDirection), KpiDirection.HIGHER_IS_BETTER)
        self.add_field("direction", self.tr("評価の向き:"), self.direction_combo)
        self.aggregation_combo = enum_combo(list(KpiAggregation), KpiAggregation.SUM)
        self.add_field("aggregation", self.tr("年度の集計:"), self.aggregation_combo,
                       note=self.tr("売上高・客数は合計、従業員数などの人数や店舗数は期末値、"
                                    "率や単価は平均。"))
        self.baseline_edit = QLineEdit()
        self.baseline_edit.setPlaceholderText(self.tr("支援開始時点の値(例: 48,000)"))
        self.add_field("baseline", self.tr("基準値:"), self.baseline_edit)
        self.baseline_field = DateField()
        self.add_field("baseline_on", self.tr("基準日:"), self.baseline_field)
        if kpi is not None:
            self.name_combo.setEditText(kpi.name)
            self.unit_edit.setText(kpi.unit)
            self.direction_combo.setCurrentIndex(find_data(self.direction_combo, kpi.direction))
            self.aggregation_combo.setCurrentIndex(find_data(self.aggregation_combo, kpi.aggregation))
            self.baseline_edit.setText(number_text(kpi.baseline))
            self.baseline_field.set_date(kpi.baseline_on)
        self.name_combo.setFocus()

    def _suggested(self, name: str) -> None:
        for suggested, unit, direction, aggregation in SUGGESTED:
            if _suggestion(suggested) == name:
                self.unit_edit.setText(_suggestion(unit))
                self.direction_combo.setCurrentIndex(find_data(self.direction_combo, direction))
                self.aggregation_combo.setCurrentIndex(
                    find_data(self.aggregation_combo, aggregation))

    def submit(self) -> None:
        from companion.services.kpis import KpiDraft, add_kpi, update_kpi

        draft = KpiDraft(
            name=self.name_combo.currentText(), unit=self.unit_edit.text(),
            direction=self.direction_combo.currentData(),
            aggregation=self.aggregation_combo.currentData(),
            baseline=self.baseline_edit.text(),
            baseline_on=self.baseline_field.value(field="baseline_on", label=self.tr("基準日")))
        if self.kpi is None:
            self.save(add_kpi, undo_label=self.tr("指標を追加"),
                      engagement_id=self.engagement_id, draft=draft)
        else:
            self.save(update_kpi, undo_label=self.tr("指標を編集"),
                      kpi_id=self.kpi.id, draft=draft)


class KpiView(EngagementTab):
    """The 指標 tab of an engagement."""

    loaded = Signal()

    def __init__(self, worker: DbWorker, *, today: Callable[[], date] = date.today,
                 wareki_source: Callable[[], bool] = lambda: True,
                 parent: QWidget | None = None) -> None:
        super().__init__(worker, today=today, parent=parent)
        self.wareki_source = wareki_source
        self.board: KpiBoard | None = None  # what is shown
        self.active_dialog: FormDialog | None = None
        self._select_after: uuid.UUID | None = None
        self._drawn: tuple[Any, ...] | None = None
        self._entry_year: int | None = None

        self._build_actions()
        self.kpi_combo = QComboBox()
        self.kpi_combo.setObjectName("kpiChoice")
        self.kpi_combo.setMinimumContentsLength(12)
        self.kpi_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kpi_combo.currentIndexChanged.connect(lambda _i: self._show_selected())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("指標:")))
        top.addWidget(self.kpi_combo)
        for action in (self.add_action, self.edit_action, self.delete_action):
            button = QToolButton()
            button.setDefaultAction(action)
            top.addWidget(button)
        self.menu = QMenu(self)
        for entry in (self.add_action, self.edit_action, self.delete_action, None,
                      self.targets_action, self.actuals_action):
            if entry is None:
                self.menu.addSeparator()
            else:
                self.menu.addAction(entry)
        more = QToolButton()
        more.setText(self.tr("操作"))
        more.setToolTip(self.tr("すべての操作とショートカット"))
        more.setMenu(self.menu)
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        top.addWidget(more)
        top.addWidget(self.summary, 1)

        self.chart = KpiChart()
        self.year_model = KpiYearModel(self)
        self.year_model.entered.connect(self._target_entered)
        self.year_model.rejected.connect(lambda _year, text: self.say(text, error=True))
        self.year_table = _entry_table()
        self.year_table.setObjectName("kpiYears")
        self.year_table.setModel(self.year_model)
        self.year_table.verticalHeader().setVisible(False)
        set_column_widths(self.year_table, {0: 7, 1: 5, 2: 5, 3: 3, 4: 2})
        self.year_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.year_table.horizontalHeader().setStretchLastSection(True)

        self.entry_year_combo = QComboBox()
        self.entry_year_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.entry_year_combo.activated.connect(lambda _i: self._entry_year_chosen())
        self.granularity_combo = QComboBox()
        for granularity, label in ((Granularity.MONTH, self.tr("月次")),
                                   (Granularity.QUARTER, self.tr("四半期")),
                                   (Granularity.YEAR, self.tr("年度計"))):
            self.granularity_combo.addItem(label, granularity)
        self.granularity_combo.activated.connect(lambda _i: self._fill_periods())
        self.period_model = KpiPeriodModel(self)
        self.period_model.entered.connect(self._actual_entered)
        self.period_model.rejected.connect(lambda _p, text: self.say(text, error=True))
        self.period_table = _entry_table()
        self.period_table.setObjectName("kpiPeriods")
        self.period_table.setModel(self.period_model)
        self.period_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.period_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.period_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.period_table.setFixedHeight(self.period_table.fontMetrics().height() * 2 + 28)
        entry_row = QHBoxLayout()
        heading = QLabel(self.tr("実績の入力"))
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        entry_row.addWidget(heading)
        entry_row.addWidget(self.entry_year_combo)
        entry_row.addWidget(self.granularity_combo)
        hint = QLabel(self.tr("セルを選んで数値を入力し Enter(Tab で次の期間、Delete で消去)。"))
        hint.setStyleSheet("color: palette(placeholder-text);")
        entry_row.addWidget(hint, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.year_table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(splitter, 1)
        body_layout.addLayout(entry_row)
        body_layout.addWidget(self.period_table)
        # Messages float over the bottom of the chart and the table: nothing moves.
        self.message = Banner(splitter)
        self.message.setObjectName("kpiMessage")
        self.empty = EmptyState(self.tr(
            "指標がまだありません。「指標を追加」(Insert)で売上高・粗利・客数・従業員数などを登録し、"
            "年度ごとの目標と月々の実績を入力しましょう。"))
        self.stack = QStackedLayout()
        self.stack.addWidget(body)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addLayout(self.stack, 1)
        self._update_actions()

    def _build_actions(self) -> None:
        key = QKeySequence
        ctrl, shift = Qt.Modifier.CTRL, Qt.Modifier.SHIFT

        def action(text: str, shortcuts: list[QKeySequence], slot: Callable[[], object]) -> QAction:
            made = QAction(text, self)
            made.setShortcuts(shortcuts)
            made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            keys = " / ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in shortcuts)
            made.setToolTip(f"{text}({keys})")
            made.triggered.connect(lambda _checked=False: slot())
            self.addAction(made)
            return made

        self.add_action = action(self.tr("指標を追加"),
                                 [key(Qt.Key.Key_Insert), key(ctrl | shift | Qt.Key.Key_N)],
                                 self.add_kpi)
        self.edit_action = action(self.tr("編集…"), [key(ctrl | shift | Qt.Key.Key_E)],
                                  self.edit_kpi)
        self.delete_action = action(self.tr("削除"), [key(ctrl | Qt.Key.Key_Delete)],
                                    self.delete_kpi)
        self.targets_action = action(self.tr("年度の目標を入力"), [key(ctrl | shift | Qt.Key.Key_T)],
                                     lambda: self._focus_table(self.year_table, KpiYearModel.TARGET))
        self.actuals_action = action(self.tr("実績を入力"), [key(ctrl | shift | Qt.Key.Key_J)],
                                     lambda: self._focus_table(self.period_table, 0))

    # -- loading ------------------------------------------------------------------------

    def _forget_shown(self) -> None:
        self.board = None
        self._drawn = None
        self._entry_year = None

    def _start_loading(self, engagement_id: uuid.UUID) -> Job:
        from companion.reports.kpi_board import kpi_board

        read = ops.read(kpi_board, engagement_id=engagement_id, today=self.today())
        load = read
        if not chart_code_loaded():  # matplotlib's first import, on the second pool
            load = ops.background(load_chart_code).then(lambda _none: read)
        return load.success(self._show).run(self.worker)

    def _show(self, screen: Any) -> None:
        self._job = None
        if screen.overview.engagement_id != self.engagement_id:
            return
        self.board = screen
        wanted = self._select_after or self.kpi_combo.currentData()
        self._select_after = None
        self.kpi_combo.blockSignals(True)
        self.kpi_combo.clear()
        for kpi in screen.overview.kpis:
            self.kpi_combo.addItem(f"{kpi.name}({kpi.unit})" if kpi.unit else kpi.name, kpi.id)
        self.kpi_combo.setCurrentIndex(max(0, find_data(self.kpi_combo, wanted)))
        self.kpi_combo.blockSignals(False)
        self.stack.setCurrentIndex(0 if screen.overview.kpis else 1)
        self._show_selected()
        self._update_actions()
        self.has_data = True
        self.loaded.emit()

    # -- one KPI --------------------------------------------------------------------------

    def current_kpi(self) -> KpiInfo | None:
        if self.board is None:
            return None
        kpi_id = self.kpi_combo.currentData()
        return next((k for k in self.board.overview.kpis if k.id == kpi_id), None)

    def series_of(self, kpi: KpiInfo) -> KpiSeries:
        """The chart's series for a KPI: the builder's, or empty years when it has none."""
        from companion.reports.model import KpiPoint, KpiSeries

        assert self.board is not None
        found = self.board.series.get(kpi.name)
        if found is not None:
            return found
        years = self.board.overview.fiscal_years
        return KpiSeries(name=kpi.name, unit=kpi.unit, baseline=kpi.baseline,
                         points=tuple(KpiPoint(year, None, None) for year in years))

    def _show_selected(self) -> None:
        kpi = self.current_kpi()
        self._update_actions()
        if kpi is None or self.board is None:
            self.summary.clear()
            return
        wareki = self.wareki_source()
        overview = self.board.overview
        rows = self.board.rows.get(kpi.name, {})
        years = sorted(set(overview.fiscal_years) | set(kpi.targets))
        series = self.series_of(kpi)
        # A year in progress as the chart draws it (a hatched bar): a sum over part of it.
        partial = {p.fiscal_year for p in series.points if not p.complete and p.actual is not None}
        lines = [YearLine(year, kpi.targets.get(year), rows.get(year),
                          year in overview.fiscal_years,
                          kpi.figure(year).months if year in partial else 0) for year in years]
        self.year_model.set_lines(lines, unit=kpi.unit, wareki=wareki)
        self.year_table.resizeRowsToContents()  # a year in progress takes two lines
        baseline = (self.tr("基準値 {value}{unit}").format(value=number_text(kpi.baseline),
                                                          unit=kpi.unit)
                    if kpi.baseline is not None else self.tr("基準値 未設定"))
        self.summary.setText(self.tr("{direction}・年度の集計 {aggregation}・{baseline}").format(
            direction=enum_label(kpi.direction), aggregation=enum_label(kpi.aggregation),
            baseline=baseline))
        drawn = (series, wareki)
        if drawn != self._drawn:
            self.chart.set_series([series], wareki=wareki)
            self._drawn = drawn
        self._fill_entry_years(kpi)

    def _fill_entry_years(self, kpi: KpiInfo) -> None:
        assert self.board is not None
        years = list(self.board.overview.fiscal_years)
        wareki = self.wareki_source()
        current = fiscal_year_of(self.today())
        if self._entry_year not in years:
            self._entry_year = current if current in years else (
                max((y for y in years if y <= current), default=years[0]))
        self.entry_year_combo.blockSignals(True)
        self.entry_year_combo.clear()
        for year in years:
            self.entry_year_combo.addItem(fiscal_year_text(year, wareki=wareki), year)
        self.entry_year_combo.setCurrentIndex(find_data(self.entry_year_combo, self._entry_year))
        self.entry_year_combo.blockSignals(False)
        self._fill_periods(kpi)

    def _entry_year_chosen(self) -> None:
        self._entry_year = self.entry_year_combo.currentData()
        self._fill_periods()

    def _fill_periods(self, kpi: KpiInfo | None = None) -> None:
        from companion.services.kpis import periods_of_year

        kpi = kpi or self.current_kpi()
        year = self._entry_year
        if kpi is None or year is None:
            return
        granularity = self.granularity_combo.currentData()
        periods = periods_of_year(year, granularity)
        same = (self.period_model.periods == periods and self.period_model.name == kpi.name
                and self.period_model.granularity == granularity)
        current = self.period_table.currentIndex()
        column = current.column() if same and current.isValid() else None
        self.period_model.set_periods(kpi, periods, granularity, self.today())
        table = self.period_table  # exactly the header and the one row
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + table.rowHeight(0)
                             + 2 * table.frameWidth())
        if column is not None:
            self.period_table.setCurrentIndex(self.period_model.index(0, column))

    # -- entries ------------------------------------------------------------------------------

    def _focus_table(self, table: QTableView, column: int) -> None:
        """Put the cursor in a table of entries (the current year's row or month)."""
        model = table.model()
        if model is None or not model.rowCount():
            return
        index = model.index(0, column)
        if model is self.year_model and self._entry_year in [
                line.fiscal_year for line in self.year_model.lines]:
            index = model.index(self.year_model.row_of_year(self._entry_year), column)
        elif model is self.period_model:
            today = self.today()
            editable = [c for c, period in enumerate(self.period_model.periods) if period <= today]
            index = model.index(0, editable[-1] if editable else 0)
        table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        table.setCurrentIndex(index)

    def say(self, text: str, *, error: bool = False) -> None:
        """A message over the chart and table (and in the window's status bar)."""
        self.message.show_text(text, error=error)
        window = self.window()
        if text and isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, Banner.SHOWN_MS)

    def _target_entered(self, fiscal_year: int, text: str) -> None:
        kpi = self.current_kpi()
        if kpi is None:
            return
        self.say("")

        def failed(error: BaseException) -> None:
            if isinstance(error, KnownError):
                self.year_model.errors[fiscal_year] = error.message
                self.say(error.message, error=True)
                self.reload()
            else:
                self.worker.report_error(error)

        from companion.services.kpis import set_kpi_target

        ops.write(set_kpi_target, undo_label=self.tr("目標値を入力"), kpi_id=kpi.id,
                  fiscal_year=fiscal_year, value=text).failure(failed).run(self.worker)

    def _actual_entered(self, period: date, text: str) -> None:
        kpi = self.current_kpi()
        if kpi is None:
            return
        self.say("")
        granularity = self.period_model.granularity

        def failed(error: BaseException) -> None:
            if isinstance(error, KnownError):
                self.say(error.message, error=True)
                self.period_model.errors[period] = error.message
                self.reload()
            else:
                self.worker.report_error(error)

        from companion.services.kpis import set_kpi_actual

        ops.write(set_kpi_actual, undo_label=self.tr("実績を入力"), kpi_id=kpi.id,
                  period_start=period, granularity=granularity, value=text,
                  today=self.today()).failure(failed).run(self.worker)

    # -- the indicators ----------------------------------------------------------------------

    def _update_actions(self) -> None:
        self.add_action.setEnabled(self.board is not None)
        self.edit_action.setEnabled(self.current_kpi() is not None)
        self.delete_action.setEnabled(self.current_kpi() is not None)
        self.targets_action.setEnabled(self.current_kpi() is not None)
        self.actuals_action.setEnabled(self.current_kpi() is not None)

    def _dialog(self, dialog: KpiDialog) -> KpiDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.open()
        self.active_dialog = dialog
        return dialog

    def _saved(self, kpi_id: Any) -> None:
        if isinstance(kpi_id, uuid.UUID):
            self._select_after = kpi_id

    def add_kpi(self) -> KpiDialog | None:
        if self.engagement_id is None or self.board is None:
            return None
        return self._dialog(KpiDialog(self.worker, engagement_id=self.engagement_id, parent=self))

    def edit_kpi(self) -> KpiDialog | None:
        kpi = self.current_kpi()
        if kpi is None:
            return None
        return self._dialog(KpiDialog(self.worker, kpi=kpi, parent=self))

    def delete_kpi(self) -> None:
        kpi = self.current_kpi()
        if kpi is None:
            return
        from companion.services.kpis import delete_kpi

        ops.write(delete_kpi, undo_label=self.tr("指標を削除"), kpi_id=kpi.id) \
            .failure(self._failed).run(self.worker)
        self.say(self.tr("指標「{name}」を削除しました(元に戻す: Ctrl+Z)。").format(name=kpi.name))

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, KnownError):
            self.say(error.message, error=True)
        else:
            self.worker.report_error(error)
