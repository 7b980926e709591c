"""The search results belong to no navigation entry: the rail keeps a current row but
shows nothing selected, so tabbing into it leaves the results on screen, and a click
on that row still opens its page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from companion.ui.main_window import MainWindow


def _search(qtbot: QtBot, window: MainWindow, term: str) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_edit.hasFocus()
    window.search_edit.setText(term)
    with qtbot.waitSignal(window.search_results.loaded, timeout=10_000):
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
    assert window.current_page() is window.search_results


def test_tabbing_into_the_rail_keeps_the_search_results(qtbot: QtBot, window: MainWindow) -> None:
    _search(qtbot, window, "販路")
    results = window.search_results
    assert window.nav.currentRow() >= 0  # a current row: focus does not pick ホーム
    assert window.nav.selectedItems() == []  # but none is shown as this page's entry
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    results.table.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(results.table.hasFocus)
    for _press in range(40):
        if window.nav.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
    assert window.nav.hasFocus()
    assert window.current_page() is results and results.isVisible()
    assert not window.home.isVisible()
    assert window.nav.selectedItems() == []

    # Clicking the current row still opens its page (and marks it).
    row = window.nav.currentRow()
    item = window.nav.item(row)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.nav.visualItemRect(item).center())
    assert window.current_page() is window.page(row)
    assert window.nav.selectedItems() == [item]


def test_an_engagement_opened_from_the_results_sits_under_its_entry(
        qtbot: QtBot, window: MainWindow) -> None:
    _search(qtbot, window, "販路")
    results = window.search_results
    row = next(r for r in range(results.proxy.rowCount())
               if results._hit_at(r).kind == "engagement")
    results.table.setFocus()
    results.table.setCurrentIndex(results.proxy.index(row, 0))
    with qtbot.waitSignal(window.detail.loaded, timeout=10_000):
        qtbot.keyClick(results.table, Qt.Key.Key_Return)
    assert window.current_page() is window.detail
    assert window.nav.currentRow() == window.ENGAGEMENTS
    assert window.nav.selectedItems() == [window.nav.item(window.ENGAGEMENTS)]
    window.nav.setFocus(Qt.FocusReason.TabFocusReason)
    assert window.current_page() is window.detail and not window.home.isVisible()
    # Back to the results: the rail's mark goes again.
    window.go_back()
    assert window.current_page() is results
    assert window.nav.selectedItems() == []
