"""ファイル → 取り込み…: the dialog driven as a practitioner does, on a client list in Excel
and a visit log saved as Shift_JIS CSV."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from companion_testing.import_files import add_registered, clients_xlsx, visits_csv
from companion_testing.sample_data import TODAY
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlmodel import select

from companion.db.database import Database, open_database
from companion.db.models import Client, Visit
from companion.paths import DataPaths
from companion.services.session import session_scope
from companion.ui.dialogs.record_import import RecordImportDialog
from companion.ui.main_window import MainWindow
from companion.ui.tasks import DbWorker


@pytest.fixture
def registered_window(qtbot: QtBot, db: Database, data_paths: DataPaths
                      ) -> Iterator[MainWindow]:
    with session_scope(db) as session:
        add_registered(session)
    window = MainWindow(paths=data_paths, worker=DbWorker(), today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.open_data(lambda: open_database(data_paths))
    yield window
    window.close()


def _client_names(db: Database) -> set[str]:
    with session_scope(db, write=False) as session:
        return {client.name for client in session.exec(select(Client))}


def _open_dialog(qtbot: QtBot, window: MainWindow) -> RecordImportDialog:
    window.import_action.trigger()
    dialog = window.findChild(RecordImportDialog)
    assert isinstance(dialog, RecordImportDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _summary(qtbot: QtBot, dialog: RecordImportDialog, text: str) -> None:
    qtbot.waitUntil(lambda: dialog.summary_label.text() == text, timeout=10_000)


def test_clients_from_excel_are_previewed_imported_and_undone_in_one_step(
        qtbot: QtBot, registered_window: MainWindow, db: Database, tmp_path: Path) -> None:
    window = registered_window
    assert window.import_action.shortcut().toString() == "Ctrl+Shift+I"
    dialog = _open_dialog(qtbot, window)
    dialog.load_file(clients_xlsx(tmp_path))
    _summary(qtbot, dialog, "取り込み 2件、重複 3件、不可 2件")
    assert dialog.kind_combo.currentText() == "事業者"
    assert dialog.file_info.text() == "事業者一覧.xlsx(シート「一覧」、7行)"
    # each column with its proposed field; 所在地 is read as an address
    fields = {dialog.mapping_table.item(row, 0).text(): dialog.combos[row].currentText()
              for row in range(dialog.mapping_table.rowCount())}
    assert fields["No."] == "(取り込まない)"
    assert fields["事業者名"] == "名称 *"
    assert fields["所在地"] == "所在地" and fields["創業"] == "創業日"
    # the preview: every row, with what becomes of it
    model = dialog.preview_model
    assert model.rowCount() == 7
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:3] == ["行", "状態", "名称"]
    statuses = [model.index(row, 1).data() for row in range(model.rowCount())]
    assert statuses == ["重複", "取り込む", "取り込む", "重複", "不可", "不可", "重複"]
    problems = [dialog.rejected_list.item(i).text() for i in range(dialog.rejected_list.count())]
    assert problems[:2] == ["8行目 不可: 創業日の日付が読めません: 「R7.13.1」",
                            "9行目 不可: 名称が空です。"]
    assert "4行目 重複: 登録済みの「山田酒造」と同じ事業者です" in problems
    # Enter (an input method's commit) does not import
    qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Return)
    assert dialog.isVisible() and not dialog.busy
    assert _client_names(db) == {"山田酒造", "民宿かわせみ"}

    with qtbot.waitSignal(dialog.imported, timeout=10_000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert imported.args == ["2件を取り込みました(元に戻す: Ctrl+Z)"]
    assert window.statusBar().currentMessage() == "2件を取り込みました(元に戻す: Ctrl+Z)"
    assert _client_names(db) == {"山田酒造", "民宿かわせみ", "合同会社 ひなた農園",
                                 "道の駅 白い森おぐに 加工所"}
    assert window.undo_action.text() == "元に戻す「事業者一覧.xlsx の取り込み」"
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: _client_names(db) == {"山田酒造", "民宿かわせみ"}, timeout=10_000)


def test_a_shift_jis_visit_log_is_mapped_by_hand_and_imported(
        qtbot: QtBot, registered_window: MainWindow, db: Database, tmp_path: Path) -> None:
    dialog = _open_dialog(qtbot, registered_window)
    dialog.load_file(visits_csv(tmp_path))
    _summary(qtbot, dialog, "取り込み 4件、重複 0件、不可 2件")
    assert dialog.kind_combo.currentText() == "訪問記録"
    assert "文字コード Shift_JIS" in dialog.file_info.text()
    problems = [dialog.rejected_list.item(i).text() for i in range(dialog.rejected_list.count())]
    assert problems == ["5行目 不可: 日付が読めません: 「R7.13.1」",
                        "6行目 不可: 事業者「合同会社 ひなた農園」が登録されていません"]
    # without a column for 目的 nothing can be imported, and the dialog says why
    dialog.set_field(3, "")
    qtbot.waitUntil(lambda: dialog.error_text().startswith("「目的」にする列を選んでください。"))
    assert not dialog.import_button.isEnabled()
    # 記録 becomes the purpose instead: the visits are imported with it
    dialog.set_field(4, "purpose")
    _summary(qtbot, dialog, "取り込み 4件、重複 0件、不可 2件")
    assert dialog.error_text() == "" and dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    with session_scope(db, write=False) as session:
        purposes = {visit.purpose for visit in session.exec(select(Visit))}
    assert "蔵を見学。首都圏の酒販店2社と取引があるが、出荷量は横ばい。" in purposes
    assert len(purposes) == 4


def test_a_file_that_cannot_be_read_is_explained_in_the_dialog(
        qtbot: QtBot, registered_window: MainWindow, tmp_path: Path) -> None:
    dialog = _open_dialog(qtbot, registered_window)
    old = tmp_path / "台帳.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(512))
    dialog.load_file(old)
    qtbot.waitUntil(lambda: dialog.error_text() != "")
    assert dialog.error_text().startswith(f"この形式のファイルは取り込めません: {old}")
    assert "Excel ブック(.xlsx)か CSV で保存し直してください" in dialog.error_text()
    assert not dialog.import_button.isEnabled()
    assert dialog.mapping_table.rowCount() == 0


def test_merging_duplicates_fills_the_blanks_of_registered_clients(
        qtbot: QtBot, registered_window: MainWindow, db: Database, tmp_path: Path) -> None:
    dialog = _open_dialog(qtbot, registered_window)
    dialog.load_file(clients_xlsx(tmp_path))
    _summary(qtbot, dialog, "取り込み 2件、重複 3件、不可 2件")
    assert dialog.duplicate_combo.isVisible()
    dialog.duplicate_combo.setCurrentIndex(dialog.duplicate_combo.findText("空欄の項目を補う"))
    merged = ("4行目 重複: 登録済みの「山田酒造」と同じ事業者です"
              "(空欄を補いました: 代表者、連絡先、メモ、従業員数、創業日)")
    qtbot.waitUntil(lambda: merged in [dialog.rejected_list.item(i).text()
                                       for i in range(dialog.rejected_list.count())])
    with qtbot.waitSignal(dialog.imported, timeout=10_000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert imported.args == ["2件を取り込み、2件の空欄を補いました(元に戻す: Ctrl+Z)"]
    with session_scope(db, write=False) as session:
        yamada = session.exec(select(Client).where(Client.name == "山田酒造")).one()
    assert (yamada.representative, yamada.employees) == ("山田 太一", 12)


def test_closing_the_dialog_while_the_file_is_read_leaves_no_error(
        qtbot: QtBot, registered_window: MainWindow, db: Database, tmp_path: Path) -> None:
    dialog = _open_dialog(qtbot, registered_window)
    dialog.load_file(clients_xlsx(tmp_path))
    assert registered_window.worker.background.busy  # the file is being read
    dialog.close()
    qtbot.waitUntil(lambda: registered_window.findChild(RecordImportDialog) is None)
    qtbot.waitUntil(lambda: not registered_window.worker.background.busy, timeout=10_000)
    qtbot.waitUntil(lambda: not registered_window.worker.busy, timeout=10_000)
    assert _client_names(db) == {"山田酒造", "民宿かわせみ"}
