"""はじめの設定: a new data folder asks, once, who writes the records; 設定 keeps them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from companion.app import FIRST_START_MARKER, Startup
from companion.paths import DataPaths
from companion.settings import Settings
from companion.ui.dialogs.first_run import FirstRunDialog
from companion.ui.main_window import MainWindow
from companion.ui.tasks import DbWorker

PASSPHRASE = "雪どけの田んぼに水が入る"


def type_text(widget: QWidget, text: str) -> None:
    """Type as a Japanese input method does: the converted text is committed at once."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def start(qtbot: QtBot, paths: DataPaths) -> tuple[MainWindow, Startup]:
    window = MainWindow(paths=paths, worker=DbWorker())
    qtbot.addWidget(window)
    startup = Startup(window, paths, exit_when_ready=False)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=10_000):
        startup.begin()
    return window, startup


def shown_dialog() -> FirstRunDialog | None:
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, FirstRunDialog) and w.isVisible()), None)


@pytest.fixture
def first_start(qtbot: QtBot, data_paths: DataPaths,
                monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[MainWindow, FirstRunDialog]]:
    """A new data folder opened in the window (the passphrase from the environment)."""
    monkeypatch.setenv("COMPANION_PASSPHRASE", PASSPHRASE)
    assert not data_paths.database.exists()
    window, startup = start(qtbot, data_paths)
    qtbot.waitUntil(lambda: shown_dialog() is not None, timeout=10_000)
    dialog = shown_dialog()
    assert dialog is not None and dialog is startup.first_run_dialog
    yield window, dialog
    window.close()


def test_a_new_folder_asks_who_writes_the_records_and_settings_keep_it(
        qtbot: QtBot, first_start: tuple[MainWindow, FirstRunDialog],
        data_paths: DataPaths) -> None:
    window, dialog = first_start
    assert dialog.windowTitle() == "はじめの設定"
    assert dialog.wareki_check.isChecked()  # 和暦 unless told otherwise
    type_text(dialog.name_edit, "佐藤 みのり")
    type_text(dialog.organisation_edit, "ゆざわ-Biz")
    type_text(dialog.qualifications_edit, "中小企業診断士")
    type_text(dialog.sponsor_edit, "湯沢市 産業振興課")
    dialog.wareki_check.setChecked(False)
    with qtbot.waitSignal(dialog.finished):
        dialog.save_button.click()
    assert window.settings.practitioner() == "佐藤 みのり ゆざわ-Biz"
    saved = Settings(data_paths.settings_file)  # on disk, as the next start reads it
    assert (saved.get("practitioner_name"), saved.get("organisation"),
            saved.get("qualifications"), saved.get("default_sponsor"), saved.get("wareki")) == (
        "佐藤 みのり", "ゆざわ-Biz", "中小企業診断士", "湯沢市 産業振興課", False)
    assert not window.use_wareki()  # the window follows at once
    # 設定 shows them, to change later.
    window.show_page(window.SETTINGS)
    page = window.settings_page
    texts = " ".join(w.text() for w in page.findChildren(type(dialog.name_edit)))
    assert "佐藤 みのり" in texts and "湯沢市 産業振興課" in texts


def test_skip_saves_nothing_and_the_next_start_does_not_ask(
        qtbot: QtBot, first_start: tuple[MainWindow, FirstRunDialog],
        data_paths: DataPaths) -> None:
    window, dialog = first_start
    type_text(dialog.name_edit, "佐藤 みのり")
    with qtbot.waitSignal(dialog.finished):
        dialog.skip_button.click()
    assert window.settings.get("practitioner_name") == ""
    window.close()
    again, startup = start(qtbot, data_paths)  # the folder exists now
    assert not startup.first_start
    assert shown_dialog() is None
    again.close()


def test_a_value_too_long_is_refused_at_its_field_and_nothing_is_saved(
        qtbot: QtBot, first_start: tuple[MainWindow, FirstRunDialog]) -> None:
    window, dialog = first_start
    type_text(dialog.name_edit, "佐藤 みのり")
    dialog.sponsor_edit.setText("湯沢市" * 100)
    dialog.save_button.click()
    assert dialog.isVisible() and dialog.error_label.isVisible()
    assert "既定の委託元" in dialog.error_label.text() and "文字以内" in dialog.error_label.text()
    assert dialog.sponsor_edit.hasFocus() or QApplication.focusWidget() is dialog.sponsor_edit
    assert window.settings.get("practitioner_name") == ""  # nothing, not even the name


def test_a_folder_whose_settings_name_the_practitioner_is_not_asked(
        qtbot: QtBot, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPANION_PASSPHRASE", PASSPHRASE)
    data_paths.root.mkdir(parents=True, exist_ok=True)
    Settings(data_paths.settings_file).set("practitioner_name", "佐藤 みのり")
    window, startup = start(qtbot, data_paths)
    assert startup.first_run_dialog is None and shown_dialog() is None
    window.close()


def test_the_marker_is_the_one_storage_writes() -> None:
    from companion.services.storage import FIRST_START_MARKER as STORAGE_MARKER

    assert FIRST_START_MARKER == STORAGE_MARKER


def test_the_default_sponsor_is_chosen_first_in_a_new_engagement(
        qtbot: QtBot, window: MainWindow) -> None:
    """The sample data has 湯沢市 産業振興課; 設定 names it as the default."""
    from companion.ui.views.engagement_editor import EngagementDialog

    window.settings.set("default_sponsor", "湯沢市 産業振興課")
    dialog = window.new_engagement()
    assert isinstance(dialog, EngagementDialog)
    qtbot.waitUntil(lambda: dialog.choices_loaded)
    assert dialog.sponsor_combo.currentText().startswith("湯沢市 産業振興課")
    dialog.reject()
    # A default that is not registered yet is offered as the new sponsor's name.
    window.settings.set("default_sponsor", "由利本荘市 商工観光課")
    dialog = window.new_engagement()
    assert isinstance(dialog, EngagementDialog)
    qtbot.waitUntil(lambda: dialog.choices_loaded)
    assert dialog.sponsor_combo.currentData() is None  # (なし): nothing to choose
    sponsor = dialog.new_sponsor()
    assert sponsor.name_edit.text() == "由利本荘市 商工観光課"
    sponsor.reject()
    dialog.reject()
