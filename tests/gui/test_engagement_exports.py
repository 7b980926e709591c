"""Files for the sponsor from an engagement's page: 報告書を作成… writes the 実施報告書
(.docx) and 数値の書き出し… the figures (.xlsx / .csv), each off the GUI thread, then
shows the file with ファイルを開く / フォルダを開く. A bad destination is refused with
one Japanese message and nothing is written."""

from __future__ import annotations

import csv
import errno
import io
import threading
import zipfile
from datetime import date
from pathlib import Path

import pytest
from companion_testing.sample_data import TODAY
from docx import Document
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import select as sa_select

from companion.db.database import Database
from companion.db.models import Client, Engagement
from companion.reports.figures import CSV_TABLE
from companion.services.session import session_scope
from companion.settings import Settings
from companion.ui import ops
from companion.ui.dialogs import export_report
from companion.ui.dialogs.export_report import FiguresDialog, ReportDialog
from companion.ui.main_window import MainWindow
from companion.ui.widgets.file_result import FileResult, run_export


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr(export_report, "documents_folder", lambda: folder)
    return folder


def open_yamanaka(qtbot: QtBot, window: MainWindow, opened: list[QUrl]) -> None:
    """やまなか酒造 (令和6〜8年度), with the result boxes' opener recording URLs."""
    with qtbot.waitSignal(window.engagements.loaded):
        window.show_page(window.ENGAGEMENTS)
    model = window.engagements.model
    row = next(r for r in range(model.rowCount())
               if model.engagement_at(r).client_name == "有限会社やまなか酒造")
    window.detail.opener = opened.append
    with qtbot.waitSignal(window.detail.loaded):
        window.open_engagement(model.engagement_at(row).id)
    assert window.detail.report_button.isEnabled()


def report_dialog(qtbot: QtBot, window: MainWindow) -> ReportDialog:
    window.detail.report_button.click()
    dialog = window.detail.export_dialog
    assert isinstance(dialog, ReportDialog) and dialog.isVisible()
    return dialog


def set_settings(window: MainWindow) -> Settings:
    settings = window.settings
    settings.set("practitioner_name", "佐藤 みのり")
    settings.set("organisation", "ゆざわ-Biz")
    settings.set("qualifications", "中小企業診断士")
    return settings


def body_text(path: Path) -> str:
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_a_report_for_one_fiscal_year_is_written_and_can_be_opened(
        qtbot: QtBot, window: MainWindow, documents: Path) -> None:
    set_settings(window)
    opened: list[QUrl] = []
    open_yamanaka(qtbot, window, opened)
    dialog = report_dialog(qtbot, window)
    years = [dialog.year_combo.itemText(i) for i in range(dialog.year_combo.count())]
    assert years == ["令和6年度", "令和7年度", "令和8年度", "全期間"]
    assert dialog.year_combo.currentText() == "令和7年度"  # TODAY is 2025-11-20
    assert dialog.template_combo.currentText() == "標準の書式"
    assert dialog.name_edit.text() == "佐藤 みのり"
    assert dialog.organisation_edit.text() == "ゆざわ-Biz"
    assert dialog.qualifications_edit.text() == "中小企業診断士"
    assert dialog.report_date() == TODAY
    assert not dialog.full_texts_check.isChecked() and not dialog.gannen_check.isChecked()
    assert dialog.wareki_radio.isChecked()
    expected = documents / "実施報告書_有限会社やまなか酒造_令和7年度.docx"
    assert dialog.out_edit.text() == str(expected)

    # Enter confirms an input-method conversion in a field: it neither starts nor closes
    dialog.name_edit.setFocus()
    commit = QInputMethodEvent()  # as a Japanese input method types: committed at once
    commit.setCommitString("(代表)")
    QApplication.sendEvent(dialog.name_edit, commit)
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.job is None and not expected.exists()
    dialog.name_edit.setText("佐藤 みのり")

    with qtbot.waitSignal(dialog.written, timeout=20_000):
        dialog.run_button.click()
    assert expected.is_file()
    text = body_text(expected)
    assert "有限会社やまなか酒造" in text and "中小企業診断士 佐藤 みのり（ゆざわ-Biz）" in text
    assert "令和7年度" in text
    assert "記録からの抜粋です" in text  # visit texts cut at a sentence end by default
    result = dialog.result_box
    assert result.isVisible() and str(expected) in result.path_label.text()
    assert "報告書を作成しました" in result.message_label.text()
    result.open_file_button.click()
    result.open_folder_button.click()
    assert opened == [QUrl.fromLocalFile(str(expected)), QUrl.fromLocalFile(str(documents))]


def test_the_reporter_date_and_full_texts_chosen_in_the_dialog_reach_the_report(
        qtbot: QtBot, window: MainWindow, documents: Path) -> None:
    set_settings(window)
    open_yamanaka(qtbot, window, [])
    dialog = report_dialog(qtbot, window)
    # For this report only: another office and no qualification; 設定 stays as it was.
    dialog.organisation_edit.setText("湯沢市商工会")
    dialog.qualifications_edit.clear()
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(10))  # 2025-11-30
    assert dialog.report_date() == date(2025, 11, 30)
    dialog.full_texts_check.setChecked(True)
    with qtbot.waitSignal(dialog.written, timeout=20_000) as written:
        dialog.run_button.click()
    text = body_text(written.args[0].path)
    assert "佐藤 みのり（湯沢市商工会）" in text
    assert "中小企業診断士 佐藤" not in text and "ゆざわ-Biz" not in text
    assert "令和7年11月30日" in text
    assert "要点・次のアクションは記録の全文です" in text  # 訪問記録の全文を載せる
    assert window.settings.get("organisation") == "ゆざわ-Biz"
    assert window.settings.get("qualifications") == "中小企業診断士"


def test_reiwa_gannen_names_fiscal_2019_gannen(
        qtbot: QtBot, window: MainWindow, documents: Path, filled_db: Database) -> None:
    with session_scope(filled_db) as session:
        engagement = next(e for e, c in session.exec(
            sa_select(Engagement, Client).join(Client, Client.id == Engagement.client_id)).all()
            if c.name == "有限会社やまなか酒造")
        engagement.start_on = date(2019, 4, 1)
        session.add(engagement)
        session.commit()
    open_yamanaka(qtbot, window, [])
    dialog = report_dialog(qtbot, window)
    assert dialog.year_combo.itemText(0) == "平成31年度"  # the era of its April
    assert dialog.gannen_check.isEnabled()
    dialog.seireki_radio.setChecked(True)
    assert not dialog.gannen_check.isEnabled()  # 西暦 has no 元年
    dialog.wareki_radio.setChecked(True)
    dialog.gannen_check.setChecked(True)
    dialog.year_combo.setCurrentIndex(dialog.year_combo.findData(None))  # 全期間
    with qtbot.waitSignal(dialog.written, timeout=20_000) as written:
        dialog.run_button.click()
    text = body_text(written.args[0].path)
    assert "令和元年度" in text and "平成31年度" not in text


def test_a_whole_period_report_in_seireki_with_a_chosen_file(
        qtbot: QtBot, window: MainWindow, documents: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window.settings.set("wareki", False)
    open_yamanaka(qtbot, window, [])
    dialog = report_dialog(qtbot, window)
    assert dialog.seireki_radio.isChecked()
    assert dialog.year_combo.itemText(0) == "2024年度"
    dialog.year_combo.setCurrentIndex(dialog.year_combo.findText("全期間"))
    assert dialog.out_edit.text() == str(documents / "実施報告書_有限会社やまなか酒造_全期間.docx")
    chosen = tmp_path / "提出用" / "湯沢市向け報告"
    chosen.parent.mkdir()
    monkeypatch.setattr(export_report.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(chosen), "")))
    dialog.browse_button.click()
    dialog.year_combo.setCurrentIndex(0)  # a chosen file is kept when the choices change
    dialog.year_combo.setCurrentIndex(dialog.year_combo.findText("全期間"))
    out = chosen.with_name("湯沢市向け報告.docx")  # the extension is added
    assert dialog.out_edit.text() == str(out)
    with qtbot.waitSignal(dialog.written, timeout=20_000) as written:
        dialog.run_button.click()
    assert written.args[0].path == out and out.is_file()
    text = body_text(out)
    assert "2024年" in text and "令和6年" not in text


def test_a_report_into_the_data_folder_is_refused_and_nothing_is_written(
        qtbot: QtBot, window: MainWindow, documents: Path) -> None:
    open_yamanaka(qtbot, window, [])
    dialog = report_dialog(qtbot, window)
    inside = window.paths.root / "報告書.docx"
    dialog.out_edit.setText(str(inside))
    with qtbot.waitSignal(dialog.failed) as failed:
        dialog.run_button.click()
    assert "データフォルダの中には書き出せません" in failed.args[0]
    assert dialog.result_box.isVisible() and not dialog.result_box.open_file_button.isVisible()
    assert dialog.result_box.message_label.text() == failed.args[0]
    assert not inside.exists()
    assert dialog.job is None  # nothing was started

    missing = documents / "ない" / "報告書.docx"
    dialog.out_edit.setText(str(missing))
    with qtbot.waitSignal(dialog.failed) as failed:
        dialog.run_button.click()
    assert "保存先のフォルダがありません" in failed.args[0]


def test_a_full_disk_shows_one_message_and_leaves_no_file(
        qtbot: QtBot, window: MainWindow, documents: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from docx.document import Document as DocxDocument

    def full(_self: object, _path: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(DocxDocument, "save", full)
    open_yamanaka(qtbot, window, [])
    dialog = report_dialog(qtbot, window)
    with qtbot.waitSignal(dialog.failed, timeout=20_000) as failed:
        dialog.run_button.click()
    assert failed.args[0].startswith("ディスクの空き容量が足りません")
    assert list(documents.iterdir()) == []
    assert dialog.run_button.isEnabled()


def test_a_template_that_is_not_a_word_file_is_refused(
        qtbot: QtBot, window: MainWindow, documents: Path, tmp_path: Path) -> None:
    bad = tmp_path / "委託元の書式.docx"
    bad.write_text("これは Word ファイルではありません", encoding="utf-8")
    window.settings.set("report_template", str(bad))
    open_yamanaka(qtbot, window, [])
    dialog = report_dialog(qtbot, window)
    assert dialog.template_combo.currentText() == "設定の書式: 委託元の書式.docx"
    with qtbot.waitSignal(dialog.failed, timeout=20_000) as failed:
        dialog.run_button.click()
    assert failed.args[0].startswith("テンプレートが Word 文書")
    assert list(documents.iterdir()) == []
    dialog.template_combo.setCurrentIndex(dialog.template_combo.findText("標準の書式"))
    with qtbot.waitSignal(dialog.written, timeout=20_000):
        dialog.run_button.click()
    assert [p.name for p in documents.iterdir()] == ["実施報告書_有限会社やまなか酒造_令和7年度.docx"]


def test_a_template_chosen_in_the_dialog_is_used(
        qtbot: QtBot, window: MainWindow, documents: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from companion.reports.docx_writer import builtin_template

    sponsors_form = tmp_path / "湯沢市様式.docx"
    sponsors_form.write_bytes(builtin_template().read_bytes())
    open_yamanaka(qtbot, window, [])
    dialog = report_dialog(qtbot, window)
    answers = iter([("", ""), (str(sponsors_form), "")])  # cancelled first, then chosen
    monkeypatch.setattr(export_report.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a, **_k: next(answers)))
    choose = dialog.template_combo.findText("ファイルを選ぶ…")
    dialog.template_combo.setCurrentIndex(choose)
    dialog.template_combo.activated.emit(choose)
    assert dialog.template_combo.currentText() == "標準の書式"  # cancelled: as before
    dialog.template_combo.setCurrentIndex(choose)
    dialog.template_combo.activated.emit(choose)
    assert dialog.template_combo.currentText() == "湯沢市様式.docx"
    assert dialog.template() == sponsors_form
    with qtbot.waitSignal(dialog.written, timeout=20_000) as written:
        dialog.run_button.click()
    assert written.args[0].path.is_file()


def test_cancelling_the_progress_dialog_drops_the_export(qtbot: QtBot, window: MainWindow) -> None:
    """The progress dialog shows while an export runs and its キャンセル drops it."""
    release = threading.Event()
    ended: list[bool] = []

    def slow_export() -> Path:
        release.wait(timeout=30)
        return Path("/never/shown.docx")

    page = QWidget()
    qtbot.addWidget(page)
    page.show()
    box = FileResult(page)
    job = run_export(ops.background(slow_export), worker=window.worker, parent=page, result=box,
                     label="報告書を作成しています…", done=lambda path: (path, "作成しました"),
                     finished=ended.append)

    def progress() -> QProgressDialog | None:
        return next((w for w in page.findChildren(QProgressDialog) if w.isVisible()), None)

    qtbot.waitUntil(lambda: progress() is not None, timeout=10_000)
    shown = progress()
    assert shown is not None and shown.labelText() == "報告書を作成しています…"
    [cancel] = [b for b in shown.findChildren(QPushButton) if b.text() == "キャンセル"]
    cancel.click()
    release.set()
    qtbot.waitUntil(lambda: job.done, timeout=10_000)
    assert job.cancelled and ended == [False]
    assert box.message_label.text() == "書き出しを取りやめました。"
    assert box.path is None and not box.open_file_button.isVisibleTo(page)


def test_figures_for_the_engagements_sponsor_as_xlsx_then_csv(
        qtbot: QtBot, window: MainWindow, documents: Path) -> None:
    opened: list[QUrl] = []
    open_yamanaka(qtbot, window, opened)
    window.detail.figures_button.click()
    dialog = window.detail.export_dialog
    assert isinstance(dialog, FiguresDialog)
    qtbot.waitUntil(lambda: dialog.run_button.isEnabled())
    assert dialog.sponsor_combo.currentText() == "湯沢市 産業振興課"
    assert dialog.sponsor_combo.itemText(0) == "すべての委託元"
    assert dialog.year_combo.currentText() == "令和7年度"
    xlsx = documents / "実績集計_湯沢市 産業振興課_令和7年度.xlsx"
    assert dialog.out_edit.text() == str(xlsx)
    with qtbot.waitSignal(dialog.written, timeout=20_000):
        dialog.run_button.click()
    workbook = load_workbook(xlsx)
    assert CSV_TABLE in workbook.sheetnames
    visits = workbook[CSV_TABLE]
    cells = [str(c.value) for row in visits.iter_rows() for c in row if c.value is not None]
    assert any("やまなか酒造" in c for c in cells)
    assert not any("みなと水産" in c for c in cells)  # another sponsor's engagement
    assert "集計を書き出しました" in dialog.result_box.message_label.text()
    dialog.result_box.open_folder_button.click()
    assert opened == [QUrl.fromLocalFile(str(documents))]

    dialog.csv_radio.setChecked(True)
    csv_zip = documents / "実績集計_湯沢市 産業振興課_令和7年度.zip"
    assert dialog.out_edit.text() == str(csv_zip)
    with qtbot.waitSignal(dialog.written, timeout=20_000) as written:
        dialog.run_button.click()
    assert CSV_TABLE in written.args[0].tables and len(written.args[0].tables) > 1
    with zipfile.ZipFile(csv_zip) as archive:
        [visits_csv] = [n for n in archive.namelist() if CSV_TABLE in n]
        rows = list(csv.reader(io.StringIO(archive.read(visits_csv).decode("utf-8-sig"))))
    assert any("有限会社やまなか酒造" in cell for row in rows for cell in row)


def test_figures_into_the_data_folder_are_refused(
        qtbot: QtBot, window: MainWindow, documents: Path) -> None:
    open_yamanaka(qtbot, window, [])
    window.detail.figures_button.click()
    dialog = window.detail.export_dialog
    assert isinstance(dialog, FiguresDialog)
    qtbot.waitUntil(lambda: dialog.run_button.isEnabled())
    inside = window.paths.root / "集計.xlsx"
    dialog.out_edit.setText(str(inside))
    with qtbot.waitSignal(dialog.failed) as failed:
        dialog.run_button.click()
    assert "データフォルダの中には書き出せません" in failed.args[0]
    assert not inside.exists()


def test_the_result_box_opens_nothing_before_a_file_is_written(qtbot: QtBot) -> None:
    opened: list[QUrl] = []
    page = QWidget()
    qtbot.addWidget(page)
    box = FileResult(page, opener=opened.append)
    assert not box.isVisibleTo(page)
    box.show_error("ディスクの空き容量が足りません")
    assert box.isVisibleTo(page) and not box.open_file_button.isVisibleTo(page)
    box.open_file()
    box.open_folder()
    assert opened == []
