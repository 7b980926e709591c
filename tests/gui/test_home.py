"""ホーム as a practitioner reads it in the morning: the most urgent first, what has been
overdue for months folded into one line, and each counter card opening its list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from companion_testing.demo_folders import DEMO_DAY
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton
from pytestqt.qtbot import QtBot

from companion.db.database import Database, open_database
from companion.paths import DataPaths
from companion.ui.main_window import MainWindow
from companion.ui.models.follow_ups import FollowUpTableModel
from companion.ui.models.home_follow_ups import OverdueGroup
from companion.ui.tasks import DbWorker


def open_on(qtbot: QtBot, paths: DataPaths) -> MainWindow:
    window = MainWindow(paths=paths, worker=DbWorker(), today=lambda: DEMO_DAY)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.open_data(lambda: open_database(paths))
    return window


@pytest.fixture
def demo_window(qtbot: QtBot, demo_db: Database, data_paths: DataPaths) -> Iterator[MainWindow]:
    """The small demo (one practitioner, 2026-11-20) on ホーム."""
    window = open_on(qtbot, data_paths)
    qtbot.waitUntil(lambda: window.home.summary is not None)
    yield window
    window.close()


@pytest.fixture
def empty_window(qtbot: QtBot, db: Database, data_paths: DataPaths) -> Iterator[MainWindow]:
    """A new data folder: nothing registered yet."""
    window = open_on(qtbot, data_paths)
    yield window
    window.close()


def activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def rows(window: MainWindow) -> list[object]:
    model = window.home.follow_model
    return [model.row_at(r)[0] for r in range(model.rowCount())]


def test_the_most_urgent_come_first_and_months_overdue_fold_into_one_row(
        qtbot: QtBot, demo_window: MainWindow) -> None:
    home = demo_window.home
    summary = home.summary
    assert summary is not None and summary.long_overdue_count >= 1
    shown = rows(demo_window)
    group_at = home.follow_model.group_row()
    assert group_at == len(shown) - 1  # folded, last
    group = shown[group_at]
    assert isinstance(group, OverdueGroup) and group.count == summary.long_overdue_count
    label = home.follow_model.index(group_at, 0).data()
    assert label == f"▶ 30日以上前に期限が過ぎたもの({summary.long_overdue_count}件)"
    assert home.follow_table.columnSpan(group_at, 0) == home.follow_model.columnCount()
    # Above it: this week's and this month's, by date; nothing overdue for months.
    above = shown[:group_at]
    assert above and all(DEMO_DAY - f.follow_up_on <= timedelta(days=30)  # type: ignore[attr-defined]
                         for f in above)
    assert [f.follow_up_on for f in above] == sorted(f.follow_up_on for f in above)  # type: ignore[attr-defined]
    due_this_week = [f for f in above if f.follow_up_on >= DEMO_DAY]  # type: ignore[attr-defined]
    assert due_this_week, "the demo has follow-ups due this week"

    # Enter on the group opens it: the long-overdue rows appear below it; Enter folds again.
    activate(qtbot, demo_window)
    home.follow_table.setFocus()
    home.follow_table.setCurrentIndex(home.follow_model.index(group_at, 0))
    qtbot.keyClick(home.follow_table, Qt.Key.Key_Return)
    opened = rows(demo_window)
    assert len(opened) == len(shown) + summary.long_overdue_count
    assert home.follow_model.index(group_at, 0).data().startswith("▼ ")
    assert all(DEMO_DAY - f.follow_up_on > timedelta(days=30)  # type: ignore[attr-defined]
               for f in opened[group_at + 1:])
    assert demo_window.current_page() is home  # the group opens no engagement
    qtbot.keyClick(home.follow_table, Qt.Key.Key_Return)
    assert len(rows(demo_window)) == len(shown)

    # Space on a follow-up still marks it done; on the group it only opens it.
    home.follow_table.setCurrentIndex(home.follow_model.index(group_at, 0))
    qtbot.keyClick(home.follow_table, Qt.Key.Key_Space)
    assert home.follow_model.expanded
    assert home.overdue_card.value_label.text() == str(summary.overdue_count)


def click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))  # type: ignore[arg-type]


def test_each_counter_card_opens_its_list_filtered(qtbot: QtBot, demo_window: MainWindow) -> None:
    window, home = demo_window, demo_window.home
    summary = home.summary
    assert summary is not None

    # 期限を過ぎたフォロー: only the overdue, the long ones opened too.
    activate(qtbot, window)
    click(qtbot, home.overdue_card)
    follow_ups = [r for r in rows(window) if not isinstance(r, OverdueGroup)]
    assert len(follow_ups) == summary.overdue_count
    assert all(f.follow_up_on < DEMO_DAY for f in follow_ups)  # type: ignore[attr-defined]
    assert home.follow_table.hasFocus() and home.follow_table.currentIndex().row() == 0
    # 7日以内のフォロー: only what is due this week.
    click(qtbot, home.due_card)
    assert len(rows(window)) == summary.due_soon_count
    assert all(f.follow_up_on >= DEMO_DAY for f in rows(window))  # type: ignore[attr-defined]
    states = [home.follow_model.index(r, FollowUpTableModel.STATE).data()
              for r in range(home.follow_model.rowCount())]
    assert not [s for s in states if "超過" in s]
    home.show_follow_ups(home.FOLLOW_ALL)

    # 進行中の案件: the 案件 list, 状態 = 進行中.
    with qtbot.waitSignal(window.engagements.loaded, timeout=10_000):
        click(qtbot, home.active_card)
    page = window.engagements
    assert window.current_page() is page
    assert page.status_combo.currentText() == "進行中"
    assert page.proxy.rowCount() == summary.active_engagements
    # 60日以上訪問のない案件: the list narrowed to them, named, with a way back.
    window.show_page(window.HOME)
    click(qtbot, home.quiet_card)
    assert window.current_page() is page
    assert page.proxy.rowCount() == len(summary.quiet)
    assert page.only_label.isVisible() and "60日以上訪問のない" in page.only_label.text()
    page.only_clear.click()
    assert page.proxy.rowCount() == page.model.rowCount() and not page.only_label.isVisible()
    # 今年度の訪問 and 利益相反の注意事項 open 訪問記録 and 開示.
    window.show_page(window.HOME)
    click(qtbot, home.visits_card)
    assert window.current_page() is window.visits
    window.show_page(window.HOME)
    click(qtbot, home.flags_card)
    assert window.current_page() is window.disclosures


def open_dialog(qtbot: QtBot, window: MainWindow, button: QPushButton) -> QDialog:
    button.click()
    qtbot.waitUntil(lambda: any(isinstance(w, QDialog) and w.isVisible()
                                and w.windowTitle() == "新しい案件"
                                for w in QApplication.topLevelWidgets()))
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, QDialog) and w.windowTitle() == "新しい案件")
    assert isinstance(dialog, QDialog)
    return dialog


def test_a_new_data_folder_offers_the_first_engagement_and_a_visit(
        qtbot: QtBot, empty_window: MainWindow) -> None:
    window, home = empty_window, empty_window.home
    qtbot.waitUntil(lambda: home.summary is not None)
    assert home.welcome.isVisible()
    assert home.first_engagement_button.text() == "最初の案件を登録"
    dialog = open_dialog(qtbot, window, home.first_engagement_button)
    dialog.reject()
    # No follow-ups yet: the list says so and offers to record a visit.
    assert home.no_follow.isVisible() and home.record_button.text() == "訪問を記録"
    assert not home.record_button.isVisible()  # a visit needs an engagement first
    # 案件: an empty list with the same button, and 新しい案件 always there.
    with qtbot.waitSignal(window.engagements.loaded, timeout=10_000):
        window.show_page(window.ENGAGEMENTS)
    page = window.engagements
    assert page.first_button.isVisible() and page.first_button.text() == "最初の案件を登録"
    assert "companion" not in page.empty_label.text()
    open_dialog(qtbot, window, page.first_button).reject()
    assert page.new_button.isVisible() and page.new_button.text() == "新しい案件…"
    open_dialog(qtbot, window, page.new_button).reject()


def test_home_has_no_welcome_once_there_is_an_engagement(
        qtbot: QtBot, demo_window: MainWindow) -> None:
    home = demo_window.home
    assert not home.welcome.isVisible()
    assert demo_window.engagements.new_button.text() == "新しい案件…"
    # Nothing due this week in a filter: the empty list offers to record a visit.
    home.show_follow_ups(home.FOLLOW_SOON)
    assert home.follow_model.rowCount()  # the demo has some; empty the model as if none
    home.follow_model.set_rows([])
    home.follow_stack.setCurrentWidget(home.no_follow)
    assert home.record_button.isVisible()
    with qtbot.waitSignal(demo_window.visit_commands.form_opened, timeout=10_000) as opened:
        home.record_button.click()
    form = opened.args[0]
    assert form.isVisible()
    form.close()
