"""設定: every declared setting has an editor, is saved at once, and comes back;
values that cannot be used are refused with the reason, and nothing is saved."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from companion.paths import DataPaths, resource
from companion.settings import DECLARED, Settings
from companion.ui.i18n import language_in_force
from companion.ui.main_window import MainWindow, log_file_of
from companion.ui.views.settings import SettingsPage

TEMPLATE = resource("templates", "report-template.docx")


def saved(paths: DataPaths) -> dict[str, Any]:
    return json.loads(paths.settings_file.read_text(encoding="utf-8"))


def show_settings(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    page = window.settings_page
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        window.show_page(window.SETTINGS)
    return page


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Select what is there, type over it and press Enter, as a user would (Japanese is
    committed the way an input method does it)."""
    edit.setFocus()
    edit.selectAll()
    if text:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(edit, event)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def type_number(qtbot: QtBot, box: QSpinBox, text: str) -> None:
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def editor(page: SettingsPage, key: str) -> QWidget:
    return page.editors[key].widget


def test_every_declared_setting_has_the_editor_for_its_kind(qtbot: QtBot,
                                                             window: MainWindow) -> None:
    page = show_settings(qtbot, window)
    expected = {str: QLineEdit, bool: QCheckBox, int: QSpinBox}
    assert set(page.editors) == {setting.key for setting in DECLARED}
    for setting in DECLARED:
        widget = editor(page, setting.key)
        kind = QComboBox if setting.choices else expected[setting.kind]
        assert isinstance(widget, kind), setting.key
        assert widget.toolTip() == setting.description
        has_picker = page.editors[setting.key].picker is not None
        assert has_picker == (setting.key in {"report_template", "backup_folder"}), setting.key
    combo = editor(page, "language")
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "自動(OS に合わせる)", "日本語", "English"]


def test_each_kind_is_saved_on_change_and_shown_again_on_reopening(
        qtbot: QtBot, window: MainWindow, data_paths: DataPaths, tmp_path: Path) -> None:
    page = show_settings(qtbot, window)
    usb = tmp_path / "USB メモリ" / "バックアップ"
    usb.mkdir(parents=True)

    name = editor(page, "practitioner_name")
    assert isinstance(name, QLineEdit)
    type_into(qtbot, name, "佐藤 花子")
    assert saved(data_paths)["practitioner_name"] == "佐藤 花子"
    assert page.saved_label.text() == "「氏名」を保存しました。"

    wareki = editor(page, "wareki")
    assert isinstance(wareki, QCheckBox) and wareki.isChecked()  # the default
    wareki.click()
    assert saved(data_paths)["wareki"] is False

    language = editor(page, "language")
    assert isinstance(language, QComboBox)
    in_force = language_in_force()  # choosing it explicitly switches nothing
    with qtbot.waitSignal(page.language_chosen) as chosen:  # the window's set_language
        language.setCurrentIndex(language.findData(in_force))
    assert chosen.args == [in_force]
    assert saved(data_paths)["language"] == in_force

    interval = editor(page, "backup_interval_minutes")
    assert isinstance(interval, QSpinBox) and interval.value() == 30
    type_number(qtbot, interval, "45")
    assert saved(data_paths)["backup_interval_minutes"] == 45
    assert window.backups.interval().total_seconds() == 45 * 60  # used at once

    template = editor(page, "report_template")
    assert isinstance(template, QLineEdit)
    page.editors["report_template"].picker.click()  # 参照…
    dialog = page.file_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.selectFile(str(TEMPLATE))
    dialog.accept()
    assert template.text() == str(TEMPLATE)
    assert saved(data_paths)["report_template"] == str(TEMPLATE)

    folder = editor(page, "backup_folder")
    assert isinstance(folder, QLineEdit)
    type_into(qtbot, folder, str(usb))
    assert saved(data_paths)["backup_folder"] == str(usb)
    assert str(usb) in page.backup_status.text()  # the backups section follows

    reopened = SettingsPage(window.worker, paths=data_paths,
                            settings=Settings(data_paths.settings_file),  # read afresh
                            log_file=log_file_of(data_paths), backups=window.backups)
    qtbot.addWidget(reopened)
    assert editor(reopened, "practitioner_name").text() == "佐藤 花子"  # type: ignore[attr-defined]
    assert editor(reopened, "wareki").isChecked() is False  # type: ignore[attr-defined]
    assert editor(reopened, "language").currentData() == in_force  # type: ignore[attr-defined]
    assert editor(reopened, "backup_interval_minutes").value() == 45  # type: ignore[attr-defined]
    assert editor(reopened, "report_template").text() == str(TEMPLATE)  # type: ignore[attr-defined]
    assert editor(reopened, "backup_folder").text() == str(usb)  # type: ignore[attr-defined]
    assert Settings(data_paths.settings_file).get("organisation") == ""  # untouched: default


@pytest.mark.parametrize("typed", ["0", "1441"])
def test_a_bad_number_is_refused_with_the_range_and_not_saved(
        qtbot: QtBot, window: MainWindow, data_paths: DataPaths, typed: str) -> None:
    page = show_settings(qtbot, window)
    interval = editor(page, "backup_interval_minutes")
    assert isinstance(interval, QSpinBox)
    type_number(qtbot, interval, "20")
    type_number(qtbot, interval, typed)
    error = page.editors["backup_interval_minutes"].error
    assert error.isVisible()
    assert error.text() == f"「{typed}」は使えません。1〜1440 の整数を入力してください。"
    assert interval.value() == 20
    assert saved(data_paths)["backup_interval_minutes"] == 20
    type_number(qtbot, interval, "25")  # a good value clears the message
    assert not error.isVisible()
    assert saved(data_paths)["backup_interval_minutes"] == 25


def test_paths_that_do_not_work_are_refused_and_kept_on_screen(
        qtbot: QtBot, window: MainWindow, data_paths: DataPaths, tmp_path: Path) -> None:
    page = show_settings(qtbot, window)
    template = editor(page, "report_template")
    assert isinstance(template, QLineEdit)
    error = page.editors["report_template"].error

    notes = tmp_path / "メモ.txt"
    notes.write_text("not a Word file", encoding="utf-8")
    type_into(qtbot, template, str(notes))
    assert error.text() == "Word 文書(.docx)を指定してください。"
    missing = tmp_path / "ない.docx"
    type_into(qtbot, template, str(missing))
    assert error.text() == f"ファイルが見つかりません: {missing}"
    assert template.text() == str(missing)  # what was typed stays, to be corrected
    assert not data_paths.settings_file.exists()  # nothing was saved

    folder = editor(page, "backup_folder")
    assert isinstance(folder, QLineEdit)
    type_into(qtbot, folder, str(tmp_path / "外したUSB"))
    assert page.editors["backup_folder"].error.text() == (
        f"フォルダが見つかりません: {tmp_path / '外したUSB'}")
    assert not data_paths.settings_file.exists()

    type_into(qtbot, template, "")  # empty: the standard template again
    assert not error.isVisible()


def test_an_unwritable_settings_file_is_a_message_not_a_crash(
        qtbot: QtBot, window: MainWindow, data_paths: DataPaths) -> None:
    page = show_settings(qtbot, window)
    data_paths.settings_file.mkdir()  # a folder where the file should be: cannot write
    name = editor(page, "organisation")
    assert isinstance(name, QLineEdit)
    type_into(qtbot, name, "湯沢市 ゆざわ-Biz")
    message = page.editors["organisation"].error.text()
    assert message.startswith("設定を保存できません: ")
    assert str(data_paths.settings_file) in message


def test_a_change_on_the_page_reaches_the_window_without_reading_the_file_again(
        qtbot: QtBot, window: MainWindow, data_paths: DataPaths,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """One Settings object for the window: the page, the backup scheduler and the
    window's own reads share it, and each change is announced once."""
    page = show_settings(qtbot, window)
    assert page.settings is window.settings is window.backups.settings
    reads: list[Path] = []
    read_text = Path.read_text

    def counting(self: Path, *args: Any, **kwargs: Any) -> str:
        if self == data_paths.settings_file:
            reads.append(self)
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counting)
    changed: list[str] = []
    window.settings_changed.connect(changed.append)

    interval = editor(page, "backup_interval_minutes")
    assert isinstance(interval, QSpinBox)
    type_number(qtbot, interval, "45")
    assert changed == ["backup_interval_minutes"]
    for _ in range(3):  # as each timer tick asks
        window.backups.timer.timeout.emit()
        assert window.backups.interval().total_seconds() == 45 * 60
    assert "45 分ごと" in page.backup_status.text()

    wareki = editor(page, "wareki")
    assert isinstance(wareki, QCheckBox) and window.use_wareki()
    wareki.click()
    assert changed == ["backup_interval_minutes", "wareki"]
    assert window.use_wareki() is False
    assert reads == []
    assert saved(data_paths) == {"backup_interval_minutes": 45, "wareki": False}


def test_a_change_made_elsewhere_is_shown_on_the_page(qtbot: QtBot,
                                                      window: MainWindow) -> None:
    page = show_settings(qtbot, window)
    window.settings.set("organisation", "ゆざわ-Biz")
    window.settings.set("backup_interval_minutes", 90)
    assert editor(page, "organisation").text() == "ゆざわ-Biz"  # type: ignore[attr-defined]
    assert editor(page, "backup_interval_minutes").value() == 90  # type: ignore[attr-defined]
    assert page.saved_label.text() == ""  # shown, not saved again from the page


def test_an_int_out_of_its_bounds_is_refused_by_the_settings_too(window: MainWindow) -> None:
    from companion.errors import KnownError

    with pytest.raises(KnownError, match="1〜1440 の範囲"):
        window.settings.set("backup_interval_minutes", 0)
    assert window.backups.interval().total_seconds() == 30 * 60
