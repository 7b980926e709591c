"""The 活動日数台帳 window: the five-year view of 実務従事 points with the renewal
outlook, and the ledger written as Word, Excel and CSV on the background pool."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import openpyxl
from docx import Document
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from companion.db.database import Database
from companion.ui.main_window import MainWindow
from companion.ui.views.ledger import LedgerDialog


def _open_ledger(qtbot: QtBot, window: MainWindow) -> LedgerDialog:
    window.visit_commands.ledger_action.trigger()
    dialog = window.visit_commands.ledger
    assert isinstance(dialog, LedgerDialog)
    if dialog.ledger is None:
        with qtbot.waitSignal(dialog.loaded, timeout=10_000):
            pass
    return dialog


def test_the_five_year_view_shows_points_per_year_and_the_outlook(
        qtbot: QtBot, window: MainWindow) -> None:
    dialog = _open_ledger(qtbot, window)
    ledger = dialog.ledger
    assert ledger is not None and dialog.years == 5
    assert dialog.year_model.rowCount() == 5
    first_year = dialog.year_model.item(0, 0).text()
    assert first_year.startswith("令和3年度")  # 令和7年度 and the four years before it
    totals = [dialog.year_model.item(row, 5).text() for row in range(5)]
    assert totals[-1] == f"{ledger.points} / 30"
    running = [int(text.split(" / ")[0]) for text in totals]
    assert running == sorted(running)  # a running total never goes down
    assert "30ポイントに対し" in dialog.outlook_label.text()
    assert ("遅れています" in dialog.outlook_label.text()) == (not ledger.outlook.on_track)
    assert "15.5833" not in dialog.summary_label.text()
    if os.environ.get("COMPANION_SCREENSHOTS"):
        dialog.resize(1280, 720)
        dialog.grab().save(os.environ["COMPANION_SCREENSHOTS"] + "/ledger_view.png")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.years_box.setValue(1)
    assert dialog.year_model.rowCount() == 1
    dialog.close()


def test_the_ledger_is_written_as_word_excel_and_csv(
        qtbot: QtBot, window: MainWindow, filled_db: Database, tmp_path: Path) -> None:
    dialog = _open_ledger(qtbot, window)
    opened: list[QUrl] = []
    dialog.file_result.opener = opened.append
    for name in ("実務従事.docx", "実務従事.xlsx", "実務従事.csv"):
        out = tmp_path / name
        with qtbot.waitSignal(dialog.exported, timeout=20_000):
            dialog.export_to(out)
        assert out.is_file()
        assert dialog.file_result.path == out
        assert str(out) in dialog.file_result.path_label.text()
    text = "\n".join(p.text for p in Document(str(tmp_path / "実務従事.docx")).paragraphs)
    assert "実務従事の記録" in text and "証明欄" in text
    workbook = openpyxl.load_workbook(tmp_path / "実務従事.xlsx")
    assert workbook.sheetnames == ["5年間の見通し", "事業者別(様式19・20)", "従事した日"]
    raw = (tmp_path / "実務従事.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:6] == ["年度", "事業者", "代表者", "案件", "支援期間", "日付"]
    dialog.file_result.open_folder()
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]

    dialog.export_to(tmp_path / "ない" / "台帳.docx")
    qtbot.waitUntil(lambda: "フォルダがありません" in dialog.file_result.message_label.text(),
                    timeout=10_000)
    inside = filled_db.paths.root / "台帳.xlsx"  # beside the live database: refused
    dialog.export_to(inside)
    qtbot.waitUntil(lambda: "データフォルダの中には書き出せません"
                    in dialog.file_result.message_label.text(), timeout=10_000)
    assert not inside.exists()
    dialog.close()
