"""The 行動計画 tab as a practitioner uses it, from the keyboard: build a three-year
plan, mark actions done and see the roll-up, save the agreed plan, move a date and see
the difference, and undo / redo each step from the 編集 menu."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from companion_testing.sample_data import TODAY
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from companion.ui.main_window import MainWindow
from companion.ui.models.plan_tree import PlanTreeModel
from companion.ui.views.plan import PlanItemDialog, PlanView
from companion.ui.widgets.forms import FormDialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def type_text(widget: QWidget, text: str) -> None:
    """Type as a Japanese input method does: the converted text is committed at once."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def open_plan(qtbot: QtBot, window: MainWindow) -> PlanView:
    """やまなか酒造 (2024/04/01 to 2027/03/31: 令和6, 7 and 8年度), its 行動計画 tab."""
    with qtbot.waitSignal(window.engagements.loaded):
        window.show_page(window.ENGAGEMENTS)
    model = window.engagements.model
    row = next(r for r in range(model.rowCount())
               if model.engagement_at(r).client_name == "有限会社やまなか酒造")
    with qtbot.waitSignal(window.detail.loaded):
        window.open_engagement(model.engagement_at(row).id)
    view = window.detail.plan_view
    with qtbot.waitSignal(view.loaded):
        window.detail.visit_tabs.setCurrentWidget(view)
    activate(qtbot, window)  # shortcuts need the active window and the focus in the plan
    view.tree.setFocus()
    qtbot.waitUntil(view.tree.hasFocus)
    return view


def focus_tree(qtbot: QtBot, view: PlanView) -> None:
    """Back in the window with the focus on the plan (as after closing a dialog)."""
    window = view.window()
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view.tree.setFocus()
    qtbot.waitUntil(view.tree.hasFocus)


def press(qtbot: QtBot, view: PlanView, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key on the tree that changes the plan: wait for the plan to come back."""
    focus_tree(qtbot, view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(view.tree, key, modifier)


def fill_and_save(qtbot: QtBot, view: PlanView, dialog: Any, title: str, *,
                  due: str = "", owner: str = "") -> None:
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.title_edit.setFocus()
    type_text(dialog.title_edit, title)
    if due:
        dialog.due_field.edit.clear()
        qtbot.keyClicks(dialog.due_field.edit, due)
    if owner:
        dialog.owner_combo.setCurrentIndex(dialog.owner_combo.findText(owner))
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return, CTRL)  # Ctrl+Enter saves


def add(qtbot: QtBot, view: PlanView, key: Qt.Key, modifier: Qt.KeyboardModifier, title: str,
        **fields: str) -> None:
    focus_tree(qtbot, view)
    qtbot.keyClick(view.tree, key, modifier)
    dialog = view.active_dialog
    assert isinstance(dialog, PlanItemDialog) and dialog.isVisible()
    fill_and_save(qtbot, view, dialog, title, **fields)


def select(view: PlanView, title: str) -> None:
    row = next(r for r in view.overview.rows if r.title == title)  # type: ignore[union-attr]
    view.select_item(row.id)


def shown(view: PlanView, title: str, column: int) -> str:
    row = next(r for r in view.overview.rows if r.title == title)  # type: ignore[union-attr]
    return str(view.model.index_of_item(row.id, column).data())


def undo(qtbot: QtBot, window: MainWindow, view: PlanView, *, redo: bool = False) -> None:
    focus_tree(qtbot, view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        if redo:
            qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | SHIFT)
        else:
            qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)


@pytest.fixture
def plan(qtbot: QtBot, window: MainWindow) -> PlanView:
    """令和7年度: a goal, two milestones, three actions, built from the keyboard."""
    view = open_plan(qtbot, window)
    assert view.empty.isVisible()
    view.tree.setCurrentIndex(view.model.index_of_year(2025))
    add(qtbot, view, Qt.Key.Key_Insert, Qt.KeyboardModifier.NoModifier,
        "首都圏の取扱店を3店に増やす", due="2026/03/31")
    add(qtbot, view, Qt.Key.Key_N, CTRL | ALT, "試飲会で酒販店とつながる", due="2025/12/20")
    add(qtbot, view, Qt.Key.Key_N, CTRL | ALT, "酒販店リストを作る", due="2025/10/31",
        owner="支援者")
    add(qtbot, view, Qt.Key.Key_Insert, Qt.KeyboardModifier.NoModifier, "試飲会を開く",
        due="2025/11/25", owner="事業者")
    select(view, "試飲会で酒販店とつながる")
    add(qtbot, view, Qt.Key.Key_Insert, Qt.KeyboardModifier.NoModifier,
        "自社サイトで直販を始める", due="2026/03/15")
    add(qtbot, view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | SHIFT,
        "ネットショップを開設する", due="2026/02/27")  # Ctrl+Shift+N: a sibling...
    # ...of the milestone: Tab makes it the milestone's action.
    press(qtbot, view, Qt.Key.Key_Tab)
    return view


def test_a_plan_is_built_from_the_keyboard_with_levels_by_depth(plan: PlanView) -> None:
    assert plan.model.titles() == [
        (0, "首都圏の取扱店を3店に増やす"), (1, "試飲会で酒販店とつながる"),
        (2, "酒販店リストを作る"), (2, "試飲会を開く"), (1, "自社サイトで直販を始める"),
        (2, "ネットショップを開設する")]
    assert shown(plan, "酒販店リストを作る", PlanTreeModel.OWNER) == "支援者"
    assert shown(plan, "試飲会を開く", PlanTreeModel.DUE) == "2025/11/25"
    years = [plan.model.index(r, 0).data() for r in range(plan.model.rowCount())]
    assert years == ["令和6年度", "令和7年度", "令和8年度"]


def test_marking_actions_done_rolls_progress_up_and_undo_takes_it_back(
        qtbot: QtBot, window: MainWindow, plan: PlanView) -> None:
    select(plan, "酒販店リストを作る")
    press(qtbot, plan, Qt.Key.Key_Return, CTRL)
    assert shown(plan, "酒販店リストを作る", PlanTreeModel.STATUS) == "完了"
    assert shown(plan, "試飲会で酒販店とつながる", PlanTreeModel.PROGRESS) == "50%"
    assert shown(plan, "首都圏の取扱店を3店に増やす", PlanTreeModel.PROGRESS) == "33%"
    assert shown(plan, "首都圏の取扱店を3店に増やす", PlanTreeModel.STATUS) == "進行中"
    select(plan, "試飲会を開く")
    press(qtbot, plan, Qt.Key.Key_Return, CTRL)
    assert shown(plan, "試飲会で酒販店とつながる", PlanTreeModel.STATUS) == "完了"
    assert shown(plan, "首都圏の取扱店を3店に増やす", PlanTreeModel.PROGRESS) == "67%"
    assert plan.model.index_of_year(2025).siblingAtColumn(PlanTreeModel.STATUS).data() == "2/3件完了"

    assert window.undo_action.text() == "元に戻す「完了にする」"
    undo(qtbot, window, plan)
    assert shown(plan, "首都圏の取扱店を3店に増やす", PlanTreeModel.PROGRESS) == "33%"
    assert window.redo_action.text() == "やり直し「完了にする」"
    undo(qtbot, window, plan, redo=True)
    assert shown(plan, "首都圏の取扱店を3店に増やす", PlanTreeModel.PROGRESS) == "67%"


def test_the_agreed_plan_then_a_changed_date_shows_the_difference(
        qtbot: QtBot, window: MainWindow, plan: PlanView) -> None:
    assert plan.no_baseline.isVisible()
    focus_tree(qtbot, plan)
    qtbot.keyClick(plan.tree, Qt.Key.Key_S, CTRL | SHIFT)
    dialog = plan.active_dialog
    assert dialog is not None and dialog.windowTitle() == "合意した計画として保存"
    dialog.agreed_field.edit.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.agreed_field.edit, "2025/04/15")  # type: ignore[attr-defined]
    with qtbot.waitSignal(plan.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert plan.diff_summary.text() == "合意した計画から変わっていません。"
    assert plan.baseline_combo.currentText().startswith("令和7年4月15日")

    select(plan, "試飲会を開く")
    focus_tree(qtbot, plan)
    qtbot.keyClick(plan.tree, Qt.Key.Key_F2)
    edit = plan.active_dialog
    assert isinstance(edit, PlanItemDialog) and edit.row is not None
    edit.due_field.edit.clear()
    qtbot.keyClicks(edit.due_field.edit, "2026/01/20")
    with qtbot.waitSignal(plan.loaded, timeout=10_000):
        qtbot.mouseClick(edit.save_button, Qt.MouseButton.LeftButton)
    assert shown(plan, "試飲会を開く", PlanTreeModel.CHANGE) == "期日 11/25 → 1/20"
    assert plan.diff_summary.text() == "追加 0件・削除 0件・期日の変更 1件・名称の変更 0件"
    changes = [plan.change_model.index(0, c).data() for c in range(2)]
    assert changes[0] == "期日" and "2025/11/25 → 2026/01/20" in changes[1]
    assert window.undo_action.text() == "元に戻す「期日を変更」"

    undo(qtbot, window, plan)  # the date
    assert shown(plan, "試飲会を開く", PlanTreeModel.DUE) == "2025/11/25"
    assert plan.diff_summary.text() == "合意した計画から変わっていません。"
    undo(qtbot, window, plan)  # the agreed plan
    assert plan.no_baseline.isVisible()
    undo(qtbot, window, plan, redo=True)
    undo(qtbot, window, plan, redo=True)
    assert shown(plan, "試飲会を開く", PlanTreeModel.CHANGE) == "期日 11/25 → 1/20"


def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(
        qtbot: QtBot, window: MainWindow, plan: PlanView) -> None:
    before = plan.model.titles()
    select(plan, "試飲会を開く")
    focus_tree(qtbot, plan)
    qtbot.keyClick(plan.tree, Qt.Key.Key_F2)
    dialog = plan.active_dialog
    assert isinstance(dialog, FormDialog)
    dialog.due_field.edit.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.due_field.edit, "2027/04/15")  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.error_text("due_on")))
    assert "期日 2027/04/15 は案件の期間(2024/04/01〜2027/03/31)の外です" in dialog.error_text(
        "due_on")
    assert dialog.isVisible()
    dialog.due_field.edit.clear()  # type: ignore[attr-defined]
    type_text(dialog.due_field.edit, "来週の金曜")  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "2025/06/30 の形で入力" in dialog.error_text("due_on")
    dialog.due_field.edit.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.due_field.edit, "2025/13/40")  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text("due_on") == "期日「2025/13/40」は存在しない日付です。"
    dialog.title_edit.clear()  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.field_errors()))
    dialog.reject()
    assert plan.model.titles() == before

    # Moving a goal under its own milestone (a drop) would be a cycle.
    goal = next(r for r in plan.overview.rows if r.level.value == "目標")  # type: ignore[union-attr]
    milestone = next(r for r in plan.overview.rows if r.title == "試飲会で酒販店とつながる")  # type: ignore[union-attr]
    data = plan.model.mimeData([plan.model.index_of_item(goal.id)])
    plan.model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0,
                            plan.model.index_of_item(milestone.id))
    qtbot.waitUntil(lambda: "循環" in plan.message.text())
    assert plan.model.titles() == before


def test_indent_outdent_move_delete_and_carry_over_each_undoable(
        qtbot: QtBot, window: MainWindow, plan: PlanView) -> None:
    original = plan.model.titles()
    select(plan, "試飲会を開く")
    press(qtbot, plan, Qt.Key.Key_Up, ALT)
    assert [t for _, t in plan.model.titles()][2:4] == ["試飲会を開く", "酒販店リストを作る"]
    press(qtbot, plan, Qt.Key.Key_Backtab, SHIFT)
    assert (1, "試飲会を開く") in plan.model.titles()
    press(qtbot, plan, Qt.Key.Key_BracketRight, CTRL)
    assert (2, "試飲会を開く") in plan.model.titles()
    for _ in range(3):
        undo(qtbot, window, plan)
    assert plan.model.titles() == original

    # A drop moves an action to the other milestone.
    action = next(r for r in plan.overview.rows if r.title == "酒販店リストを作る")  # type: ignore[union-attr]
    online = next(r for r in plan.overview.rows if r.title == "自社サイトで直販を始める")  # type: ignore[union-attr]
    with qtbot.waitSignal(plan.loaded, timeout=10_000):
        plan.model.dropMimeData(plan.model.mimeData([plan.model.index_of_item(action.id)]),
                                Qt.DropAction.MoveAction, 0, 0,
                                plan.model.index_of_item(online.id))
    assert [t for _, t in plan.model.titles()][-2:] == ["酒販店リストを作る", "ネットショップを開設する"]
    undo(qtbot, window, plan)
    assert plan.model.titles() == original

    select(plan, "試飲会で酒販店とつながる")
    focus_tree(qtbot, plan)
    qtbot.keyClick(plan.tree, Qt.Key.Key_Delete)  # it has two actions: asked first
    box = plan.confirm_box
    assert box is not None and box.isVisible()
    assert box.confirm_button.text() == "削除する"
    with qtbot.waitSignal(plan.loaded, timeout=10_000):
        box.confirm_button.click()
    assert "試飲会を開く" not in [t for _, t in plan.model.titles()]
    assert "削除しました" in plan.message.text()
    undo(qtbot, window, plan)
    assert plan.model.titles() == original
    assert window.statusBar().currentMessage() == \
        "『試飲会で酒販店とつながる』の削除を元に戻しました。"
    assert not plan.message.isVisible()  # the delete's message is not left behind

    select(plan, "試飲会を開く")
    press(qtbot, plan, Qt.Key.Key_Y, CTRL | SHIFT)
    copied = [r for r in plan.overview.rows if r.fiscal_year == 2026]  # type: ignore[union-attr]
    assert [(r.depth, r.title) for r in copied] == [
        (0, "首都圏の取扱店を3店に増やす"), (1, "試飲会で酒販店とつながる"), (2, "試飲会を開く")]
    assert copied[-1].due_on == date(2026, 11, 25)
    assert plan.current_row() is not None and plan.current_row().id == copied[-1].id  # type: ignore[union-attr]
    undo(qtbot, window, plan)
    assert not [r for r in plan.overview.rows if r.fiscal_year == 2026]  # type: ignore[union-attr]


def test_home_lists_plan_actions_due_this_week(qtbot: QtBot, window: MainWindow,
                                               plan: PlanView) -> None:
    section = window.home.due_actions
    window.show_page(window.HOME)  # ホーム followed every edit of the plan
    model = section.model

    def rows() -> list[tuple[str, str]]:
        return [(model.index(r, 3).data(), model.index(r, 1).data())
                for r in range(model.rowCount())]

    # 酒販店リスト (10/31) is 20 days late; 試飲会 (11/25) is in 5 days; the rest is later.
    qtbot.waitUntil(lambda: rows() == [("酒販店リストを作る", "20日超過"), ("試飲会を開く", "あと5日")])
    assert section.table.isVisible()
    assert "超過 1件・7日以内 1件" in section.heading.text()
    assert date(2025, 11, 20) == TODAY



def test_fiscal_years_follow_the_wareki_setting(qtbot: QtBot, window: MainWindow,
                                                plan: PlanView) -> None:
    window.settings.set("wareki", False)
    with qtbot.waitSignal(plan.loaded, timeout=10_000):
        plan.reload()
    years = [plan.model.index(r, 0).data() for r in range(plan.model.rowCount())]
    assert years == ["2024年度", "2025年度", "2026年度"]


def test_deleting_an_item_with_items_below_asks_first_and_cancel_is_the_default(
        qtbot: QtBot, window: MainWindow, plan: PlanView) -> None:
    original = plan.model.titles()
    select(plan, "首都圏の取扱店を3店に増やす")
    focus_tree(qtbot, plan)
    qtbot.keyClick(plan.tree, Qt.Key.Key_Delete)
    box = plan.confirm_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert "5件" in box.text_label.text()  # two milestones and three actions below the goal
    assert box.cancel_button.isDefault() and box.cancel_button.text() == "キャンセル"
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter answers with the default: nothing deleted
    qtbot.waitUntil(lambda: not box.isVisible())
    assert "取りやめ" in plan.message.text()
    assert plan.model.titles() == original

    # An action with nothing below goes at once.
    select(plan, "酒販店リストを作る")
    press(qtbot, plan, Qt.Key.Key_Delete)
    assert "酒販店リストを作る" not in [t for _, t in plan.model.titles()]


def test_messages_float_over_the_plan_and_never_move_the_tree(
        qtbot: QtBot, window: MainWindow, plan: PlanView) -> None:
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.width() == 1280)
    before = plan.tree.geometry()
    select(plan, "試飲会を開く")
    press(qtbot, plan, Qt.Key.Key_Y, CTRL | SHIFT)  # 翌年度へコピー: says so
    qtbot.waitUntil(plan.message.isVisible)
    assert "令和8年度の計画にコピーしました" in plan.message.text()
    assert plan.tree.geometry() == before
    banner = plan.message.geometry()
    assert plan.tree.geometry().contains(banner)  # over the tree, not above it
    assert "コピーしました" in window.statusBar().currentMessage()
    # Nothing on the page overlaps: the toolbar, the tree and the comparison beside it.
    toolbar = plan.findChild(QWidget, "planToolbar")
    parts = [toolbar, plan.tree, plan.splitter.widget(1)]
    rects = [QRect(w.mapTo(window, QPoint(0, 0)), w.size()) for w in parts]
    for i, first in enumerate(rects):
        assert all(not first.intersects(other) for other in rects[i + 1:])
        assert window.centralWidget().geometry().contains(first)
    qtbot.mouseClick(plan.message, Qt.MouseButton.LeftButton)  # a click puts it away
    assert not plan.message.isVisible()


def test_an_empty_plan_offers_its_first_goal(qtbot: QtBot, window: MainWindow) -> None:
    view = open_plan(qtbot, window)
    assert view.empty.isVisible() and view.first_goal_button.text() == "最初の目標を追加"
    view.tree.setCurrentIndex(view.model.index_of_year(2025))
    view.first_goal_button.click()
    dialog = view.active_dialog
    assert isinstance(dialog, PlanItemDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "目標を追加" and dialog.fiscal_year == 2025
    fill_and_save(qtbot, view, dialog, "首都圏の取扱店を3店に増やす")
    assert view.model.titles() == [(0, "首都圏の取扱店を3店に増やす")]
    assert not view.empty.isVisible()
