"""In English the window names fiscal years FY2025, not 令和7年度: the report and figures
dialogs, the activity-days ledger, and the KPI chart's x axis (given the window's label)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from companion.reports.charts import kpi_figure
from companion.reports.model import KpiPoint, KpiSeries
from companion.ui.dialogs import export_report
from companion.ui.dialogs.export_report import FiguresDialog, ReportDialog
from companion.ui.i18n import ENGLISH, LANGUAGE_PROPERTY, fiscal_year_text, language_in_force
from companion.ui.main_window import MainWindow
from companion.ui.views.ledger import LedgerDialog, default_file_name


@pytest.fixture
def english(qapp: QCoreApplication) -> Iterator[None]:
    """English in force, as ``install_translator`` leaves it (the year labels read only
    this; the .qm files are not needed for them)."""
    before = qapp.property(LANGUAGE_PROPERTY)
    qapp.setProperty(LANGUAGE_PROPERTY, ENGLISH)
    assert language_in_force() == ENGLISH
    yield
    qapp.setProperty(LANGUAGE_PROPERTY, before)


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr(export_report, "documents_folder", lambda: folder)
    return folder


def _yamanaka(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.engagements.loaded):
        window.show_page(window.ENGAGEMENTS)
    model = window.engagements.model
    row = next(r for r in range(model.rowCount())
               if model.engagement_at(r).client_name == "有限会社やまなか酒造")
    with qtbot.waitSignal(window.detail.loaded, timeout=10_000):
        window.open_engagement(model.engagement_at(row).id)


def test_the_report_and_figures_dialogs_name_years_in_english(
        qtbot: QtBot, window: MainWindow, documents: Path, english: None) -> None:
    _yamanaka(qtbot, window)
    window.detail.report_button.click()
    report = window.detail.export_dialog
    assert isinstance(report, ReportDialog)
    years = [report.year_combo.itemText(i) for i in range(report.year_combo.count() - 1)]
    assert years == ["FY2024", "FY2025", "FY2026"]
    assert report.out_edit.text().endswith("_FY2025.docx")
    assert "令和" not in report.out_edit.text()
    report.close()

    window.detail.figures_button.click()
    figures = window.detail.export_dialog
    assert isinstance(figures, FiguresDialog)
    assert figures.year_combo.currentText() == "FY2025"
    assert all("令和" not in figures.year_combo.itemText(i)
               for i in range(figures.year_combo.count()))
    figures.close()


def test_the_ledger_names_its_period_and_file_in_english(
        qtbot: QtBot, window: MainWindow, english: None) -> None:
    assert default_file_name(2025, ".xlsx").endswith("FY2025.xlsx")
    window.visit_commands.ledger_action.trigger()
    dialog = window.visit_commands.ledger
    assert isinstance(dialog, LedgerDialog)
    qtbot.waitUntil(lambda: dialog.ledger is not None, timeout=10_000)
    assert dialog.ledger is not None
    assert dialog._period(dialog.ledger) == "FY2021〜FY2025"  # five years to 令和7年度
    assert "令和" not in dialog.summary_label.text()
    dialog.close()


def test_the_kpi_chart_takes_the_windows_year_labels(english: None) -> None:
    series = KpiSeries(name="売上高", unit="千円", baseline=28_000.0, points=(
        KpiPoint(2024, 30_000.0, 29_100.0), KpiPoint(2025, 32_000.0, 17_714.0, complete=False)))
    figure = kpi_figure([series], year_label=fiscal_year_text)
    figure.canvas.draw()
    labels = [tick.get_text() for tick in figure.axes[0].get_xticklabels()]
    assert labels == ["FY2024", "FY2025"]
    # The report (no label given) keeps 和暦 / 西暦.
    report_figure = kpi_figure([series], wareki=True)
    assert [t.get_text() for t in report_figure.axes[0].get_xticklabels()] == [
        "令和6年度", "令和7年度"]
    seireki = kpi_figure([series], wareki=False)
    assert [t.get_text() for t in seireki.axes[0].get_xticklabels()] == ["2024年度", "2025年度"]
