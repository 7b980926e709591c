"""The 指標 tab: add 売上高, type targets and monthly actuals, read the chart's bars (the
report's own Figure) and the table beside it, refuse what is not a number, undo."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView
from pytestqt.qtbot import QtBot

from companion.ui.main_window import MainWindow
from companion.ui.models.kpi_table import KpiYearModel
from companion.ui.views.kpis import KpiDialog, KpiView

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def activate(qtbot: QtBot, widget: Any) -> None:
    if QApplication.activeWindow() is not widget:
        widget.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def open_kpis(qtbot: QtBot, window: MainWindow) -> KpiView:
    """やまなか酒造 (令和6〜8年度), its 指標 tab."""
    with qtbot.waitSignal(window.engagements.loaded):
        window.show_page(window.ENGAGEMENTS)
    model = window.engagements.model
    row = next(r for r in range(model.rowCount())
               if model.engagement_at(r).client_name == "有限会社やまなか酒造")
    with qtbot.waitSignal(window.detail.loaded):
        window.open_engagement(model.engagement_at(row).id)
    view = window.detail.kpi_view
    with qtbot.waitSignal(view.loaded):
        window.detail.visit_tabs.setCurrentWidget(view)
    activate(qtbot, window)
    return view


def enter(qtbot: QtBot, view: KpiView, table: QTableView, row: int, column: int,
          text: str, *, saved: bool = True) -> None:
    """Select a cell, type a value into its editor and press Enter."""
    index = table.model().index(row, column)
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    editor.setText(text)
    if saved:
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            qtbot.keyClick(editor, Qt.Key.Key_Return)
    else:  # refused: the entry is handed over (queued) and marked, nothing is sent
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        model: Any = table.model()
        qtbot.waitUntil(lambda: bool(model.errors))


def bars(view: KpiView) -> tuple[list[float], list[float]]:
    """Heights of the target and actual bars of the chart on screen (NaN: no bar)."""
    figure = view.chart.figure
    assert figure is not None
    axes = figure.axes[0]
    targets, actuals = axes.containers[0], axes.containers[1]
    return ([round(p.get_height(), 1) for p in targets],
            [round(p.get_height(), 1) for p in actuals])


def undo(qtbot: QtBot, window: MainWindow, view: KpiView, *, redo: bool = False) -> None:
    activate(qtbot, window)
    view.kpi_combo.setFocus()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | SHIFT if redo else CTRL)


@pytest.fixture
def sales(qtbot: QtBot, window: MainWindow) -> KpiView:
    """売上高 (千円), baseline 48,000, chosen from the suggestions."""
    view = open_kpis(qtbot, window)
    assert view.empty.isVisible()
    view.kpi_combo.setFocus()
    qtbot.keyClick(view.kpi_combo, Qt.Key.Key_Insert)
    dialog = view.active_dialog
    assert isinstance(dialog, KpiDialog)
    activate(qtbot, dialog)
    assert [dialog.name_combo.itemText(i) for i in range(dialog.name_combo.count())] == [
        "売上高", "粗利", "客数", "従業員数"]
    dialog.name_combo.setFocus()
    qtbot.keyClick(dialog.name_combo, Qt.Key.Key_Down)  # 売上高: its unit and aggregation follow
    assert dialog.name_combo.currentText() == "売上高"
    assert dialog.unit_edit.text() == "千円"
    assert dialog.aggregation_combo.currentText() == "合計"
    qtbot.keyClicks(dialog.baseline_edit, "48,000")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(dialog.baseline_edit, Qt.Key.Key_Return, CTRL)
    activate(qtbot, window)
    return view


def test_targets_and_actuals_make_the_chart_and_the_table(
        qtbot: QtBot, window: MainWindow, sales: KpiView) -> None:
    view = sales
    assert view.kpi_combo.currentText() == "売上高(千円)"
    years = [view.year_model.index(r, 0).data() for r in range(view.year_model.rowCount())]
    assert years == ["令和6年度", "令和7年度", "令和8年度"]
    enter(qtbot, view, view.year_table, 1, KpiYearModel.TARGET, "52,000")
    enter(qtbot, view, view.year_table, 2, KpiYearModel.TARGET, "５６０００")  # full width
    # 令和7年度 actuals, April to June, typed in the month row.
    assert view.entry_year_combo.currentText() == "令和7年度"
    for column, value in enumerate(("4,100", "3,900", "4,300")):
        enter(qtbot, view, view.period_table, 0, column, value)
    assert view.period_model.index(0, 1).data() == "3,900"

    assert bars(view)[0][1:] == [52000.0, 56000.0]
    assert bars(view)[1][1] == 12300.0  # 4,100 + 3,900 + 4,300 (part of the year)
    baseline = view.chart.figure.axes[0].get_lines()[0]  # type: ignore[union-attr]
    assert list(baseline.get_ydata()) == [48000.0, 48000.0]
    row = view.year_model.row_of_year(2025)
    table = [view.year_model.index(row, c).data() for c in range(6)]
    # The year in progress says so, with the months counted, as the chart's hatched bar.
    # (A part-year sum is not compared with the year's target: no 達成率, no 評価.)
    assert table == ["令和7年度\n年度途中(3か月)", "52,000", "12,300", "", "",
                     "月次3か月の合計"]
    assert "3か月分" in view.year_model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert view.year_model.index(0, 0).data() == "令和6年度"  # nothing recorded: no mark
    assert view.year_model.headerData(1, Qt.Orientation.Horizontal) == "目標(千円)"

    # Undo the last actual, then the target: the chart follows each time.
    assert window.undo_action.text() == "元に戻す「実績を入力」"
    undo(qtbot, window, view)
    assert bars(view)[1][1] == 8000.0
    for _ in range(3):
        undo(qtbot, window, view)
    assert bars(view)[0][2] != bars(view)[0][2]  # NaN: 令和8年度 has no target any more
    undo(qtbot, window, view, redo=True)
    assert bars(view)[0][2] == 56000.0


def test_values_that_are_not_numbers_are_refused_at_their_cell(
        qtbot: QtBot, window: MainWindow, sales: KpiView) -> None:
    view = sales
    enter(qtbot, view, view.year_table, 1, KpiYearModel.TARGET, "52000")
    enter(qtbot, view, view.year_table, 1, KpiYearModel.TARGET, "五万二千", saved=False)
    index = view.year_model.index(1, KpiYearModel.TARGET)
    assert "目標値は数値で入力してください" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert "「五万二千」は数値として読めません" in view.message.text()
    assert index.data() == "52,000"  # nothing changed
    enter(qtbot, view, view.period_table, 0, 0, "abc", saved=False)
    cell = view.period_model.index(0, 0)
    assert "売上高の4月の実績は数値で" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert cell.data() == ""
    # December 2025 has not begun (today is 2025/11/20): its cell is read-only.
    december = view.period_model.index(0, 8)
    assert view.period_model.headerData(8, Qt.Orientation.Horizontal) == "12月"
    assert not december.flags() & Qt.ItemFlag.ItemIsEditable
    assert bars(view)[1][1] != bars(view)[1][1]  # still no actual for 令和7年度


def test_quarterly_actuals_and_the_kpi_behind_target_on_home(
        qtbot: QtBot, window: MainWindow, sales: KpiView) -> None:
    view = sales
    enter(qtbot, view, view.year_table, 1, KpiYearModel.TARGET, "60,000")
    view.granularity_combo.setCurrentIndex(view.granularity_combo.findText("四半期"))
    view.granularity_combo.activated.emit(view.granularity_combo.currentIndex())
    assert [view.period_model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(view.period_model.columnCount())] == [
        "第1四半期", "第2四半期", "第3四半期", "第4四半期"]
    enter(qtbot, view, view.period_table, 0, 0, "12,000")
    enter(qtbot, view, view.period_table, 0, 1, "12,000")
    assert bars(view)[1][1] == 24000.0
    behind = window.home.behind_kpis
    qtbot.waitUntil(lambda: behind.model.rowCount() == 1)
    line = [behind.model.index(0, c).data() for c in range(6)]
    # Half a year recorded: 24,000 against 30,000 (60,000 * 6/12).
    assert line == ["有限会社やまなか酒造", "売上高", "令和7年度", "30,000千円", "24,000千円", "80.0%"]


def _no_overlap(widgets: list[Any], top: Any) -> None:
    """The widgets' rectangles in ``top``'s coordinates do not intersect."""
    from PySide6.QtCore import QPoint, QRect

    rects = [QRect(w.mapTo(top, QPoint(0, 0)), w.size()) for w in widgets]
    for i, first in enumerate(rects):
        for second in rects[i + 1:]:
            assert not first.intersects(second), (first, second)


def test_at_1280x720_the_chart_keeps_its_height_and_axis_beside_the_table(
        qtbot: QtBot, window: MainWindow, sales: KpiView) -> None:
    from companion.ui.widgets.chart import MINIMUM_HEIGHT

    view = sales
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.width() == 1280 and window.height() == 720)
    enter(qtbot, view, view.year_table, 1, KpiYearModel.TARGET, "52,000")
    enter(qtbot, view, view.period_table, 0, 0, "4,100")
    qtbot.waitUntil(lambda: view.chart.canvas is not None and view.chart.canvas.isVisible())
    canvas = view.chart.canvas
    assert canvas.height() >= MINIMUM_HEIGHT and view.chart.height() >= MINIMUM_HEIGHT
    _no_overlap([view.chart, view.year_table, view.period_table, view.kpi_combo], window)
    for widget in (view.chart, view.year_table, view.period_table):
        bottom = widget.mapTo(window, widget.rect().bottomLeft()).y()
        assert bottom <= window.centralWidget().geometry().bottom()  # nothing cut off below
    # The axis is drawn inside the canvas: its tick labels (the years) are on screen.
    canvas.draw()
    axes = canvas.figure.axes[0]
    renderer = canvas.get_renderer()
    box = axes.get_tightbbox(renderer)
    assert box.y0 >= -1 and box.y1 <= canvas.figure.bbox.height + 1
    labels = [t.get_text() for t in axes.get_xticklabels()]
    assert labels == ["令和6年度", "令和7年度", "令和8年度"]
    # A refusal is said over the chart and table: neither moves nor shrinks.
    before = [w.geometry() for w in (view.chart, view.year_table, view.period_table)]
    enter(qtbot, view, view.period_table, 0, 1, "たくさん", saved=False)
    qtbot.waitUntil(view.message.isVisible)
    assert "数値として読めません" in view.message.text()
    assert [w.geometry() for w in (view.chart, view.year_table, view.period_table)] == before
    assert "数値として読めません" in window.statusBar().currentMessage()
