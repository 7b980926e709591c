"""Creating, editing and archiving an engagement (and its client) from the window, with
refusals shown at their fields and every step undoable from the 編集 menu."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from companion.ui.main_window import MainWindow
from companion.ui.views.engagement_editor import ClientDialog, EngagementDialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def type_text(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def activate(qtbot: QtBot, widget: Any) -> None:
    if QApplication.activeWindow() is not widget:
        widget.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def engagement_titles(window: MainWindow) -> list[str]:
    model = window.engagements.model
    return [model.engagement_at(r).title for r in range(model.rowCount())]


def test_a_new_engagement_with_a_new_client_checked_field_by_field(
        qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.engagements.loaded):
        window.show_page(window.ENGAGEMENTS)
    activate(qtbot, window)
    assert window.new_engagement_action.shortcut().toString() == "Ctrl+Shift+A"
    qtbot.keyClick(window, Qt.Key.Key_A, CTRL | SHIFT)
    dialog = window.findChild(EngagementDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.choices_loaded)
    assert dialog.client_combo.findText("有限会社やまなか酒造") > 0
    activate(qtbot, dialog)

    # A new client named like one already registered asks first.
    qtbot.mouseClick(dialog.new_client_button, Qt.MouseButton.LeftButton)
    client = dialog.findChild(ClientDialog)
    assert client is not None
    activate(qtbot, client)
    type_text(client.name_edit, "みなと水産")
    qtbot.mouseClick(client.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(client.error_text("name")))
    assert "同じ名前の事業者「株式会社みなと水産」がすでに登録されています" in client.error_text("name")
    assert client.save_button.text() == "同名で登録"
    client.name_edit.clear()
    type_text(client.name_edit, "合同会社ゆざわ農園")
    type_text(client.industry_edit, "農業(いちご)")
    type_text(client.employees_edit, "三人")
    qtbot.mouseClick(client.save_button, Qt.MouseButton.LeftButton)
    assert client.error_text("employees").startswith("従業員数は整数で入力してください")
    client.employees_edit.clear()
    qtbot.keyClicks(client.employees_edit, "3")
    with qtbot.waitSignal(client.saved, timeout=10_000):
        qtbot.mouseClick(client.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.client_combo.currentText() == "合同会社ゆざわ農園")

    activate(qtbot, dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.error_text("title")))
    assert dialog.error_text("title") == "案件名を入力してください。"
    type_text(dialog.title_edit, "いちご狩りの予約を通年の直販につなげる")
    dialog.start_field.edit.clear()
    qtbot.keyClicks(dialog.start_field.edit, "2025/12/01")
    qtbot.keyClicks(dialog.end_field.edit, "R7.3.31")  # 令和7年3月31日: before the start
    assert dialog.end_field.reading.text().startswith("令和7年3月31日")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.error_text("planned_end_on")))
    assert dialog.error_text("planned_end_on") == "終了予定日は開始日より後の日付にしてください。"
    assert dialog.isVisible()
    dialog.end_field.edit.clear()
    type_text(dialog.end_field.edit, "令和10年3月31日")
    dialog.issue_edit.setFocus()
    type_text(dialog.issue_edit, "冬の来園が途切れ、予約客との関係が一度きりで終わっている。")
    with qtbot.waitSignal(window.detail.loaded, timeout=10_000):
        qtbot.keyClick(dialog.issue_edit, Qt.Key.Key_Return, CTRL)

    detail = window.detail
    assert window.current_page() is detail
    assert detail.title_label.text() == "いちご狩りの予約を通年の直販につなげる"
    assert detail.client_label.text().startswith("合同会社ゆざわ農園 (農業(いちご))")
    assert "2025/12/01" in detail.period_label.text() and "2028/03/31" in detail.period_label.text()
    assert detail.issue_label.text().startswith("冬の来園が途切れ")
    qtbot.waitUntil(lambda: "いちご狩りの予約を通年の直販につなげる" in engagement_titles(window))

    # Undo the engagement, then the client; redo both.
    activate(qtbot, window)
    assert window.undo_action.text() == "元に戻す「案件を作成」"
    with qtbot.waitSignal(window.engagements.loaded, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert "いちご狩りの予約を通年の直販につなげる" not in engagement_titles(window)
    assert window.undo_action.text() == "元に戻す「事業者を登録」"
    with qtbot.waitSignal(window.engagements.loaded, timeout=10_000):
        window.redo_action.trigger()
    assert "いちご狩りの予約を通年の直販につなげる" in engagement_titles(window)


def test_edit_and_archive_an_engagement_from_its_page(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.engagements.loaded):
        window.show_page(window.ENGAGEMENTS)
    model = window.engagements.model
    row = next(r for r in range(model.rowCount())
               if model.engagement_at(r).client_name == "株式会社みなと水産")
    detail = window.detail
    with qtbot.waitSignal(detail.loaded):
        window.open_engagement(model.engagement_at(row).id)
    activate(qtbot, window)
    detail.title_label.setFocus()
    detail.setFocus()
    qtbot.keyClick(detail, Qt.Key.Key_E, CTRL)
    dialog = detail.editing.dialog
    assert isinstance(dialog, EngagementDialog)
    qtbot.waitUntil(lambda: dialog.title_edit.text() == "加工品の新商品開発とEC販路の立ち上げ")
    assert dialog.client_combo.currentText() == "株式会社みなと水産"
    assert dialog.sponsor_combo.currentText().startswith("宮古商工会議所")
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findText("自走化"))
    with qtbot.waitSignal(detail.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert detail.status_label.text() == "自走化"

    with qtbot.waitSignal(detail.loaded, timeout=10_000):
        detail.editing.archive_action.trigger()
    assert detail.editing.archived_label.isVisible()
    assert detail.editing.archive_action.text() == "アーカイブを解除"
    qtbot.waitUntil(lambda: "加工品の新商品開発とEC販路の立ち上げ" not in engagement_titles(window))

    activate(qtbot, window)
    assert window.undo_action.text() == "元に戻す「案件をアーカイブ」"
    with qtbot.waitSignal(detail.loaded, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert not detail.editing.archived_label.isVisible()
    with qtbot.waitSignal(detail.loaded, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert detail.status_label.text() == "進行中"
    assert window.redo_action.text() == "やり直し「案件を編集」"
