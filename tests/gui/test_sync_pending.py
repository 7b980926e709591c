"""開示 on a computer that does not keep the register: a declaration waits as 「封印待ち」
until the 記帳端末 seals it after a sync; the register stays one chain."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from companion_testing.sync_windows import TIMEOUT, close_all, paired, sync_and_wait
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from companion.ui.main_window import MainWindow
from companion.ui.models.disclosure_table import DisclosureTableModel
from companion.ui.views.disclosure_form import DisclosureFormDialog
from companion.ui.views.disclosures import DisclosuresPage

COUNTERPART = "合同会社しらかみ観光"


@pytest.fixture
def two(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[MainWindow, MainWindow]]:
    desktop, laptop, _folder = paired(qtbot, tmp_path)
    yield desktop, laptop
    close_all(desktop, laptop)


def open_register(qtbot: QtBot, window: MainWindow) -> DisclosuresPage:
    page = window.disclosures
    with qtbot.waitSignal(page.pending.loaded, timeout=TIMEOUT):
        window.show_page(window.DISCLOSURES)
    qtbot.waitUntil(lambda: page.has_data, timeout=TIMEOUT)
    return page


def counterparts(page: DisclosuresPage) -> list[str]:
    return [page.model.index(row, DisclosureTableModel.COUNTERPART).data()
            for row in range(page.model.rowCount())]


def declare(qtbot: QtBot, page: DisclosuresPage) -> str:
    page.new_action.trigger()
    qtbot.waitUntil(lambda: isinstance(page.dialog, DisclosureFormDialog)
                    and page.dialog.isVisible(), timeout=TIMEOUT)
    form = page.dialog
    assert isinstance(form, DisclosureFormDialog)
    form.kind_combo.setCurrentIndex(form.kind_combo.findText("顧問契約"))
    form.other_radio.setChecked(True)
    form.other_edit.setText(COUNTERPART)
    form.amount_edit.setText("三十万円")
    form.role_edit.setText("顧問")
    form.started_edit.setDate(QDate(2025, 10, 1))
    form.mitigation_edit.setPlainText("顧問料は委託事業の報告書に明記し、評価は別の支援者が行う。")
    form.save_button.click()
    assert "金額は円単位の数字" in form.error_label.text()  # a bad input: nothing recorded
    form.amount_edit.setText("360,000")
    with qtbot.waitSignal(page.saved, timeout=TIMEOUT) as saved:
        form.save_button.click()
    message: str = saved.args[0]
    return message


def test_a_declaration_on_the_laptop_waits_until_the_keeper_seals_it(
        qtbot: QtBot, two: tuple[MainWindow, MainWindow]) -> None:
    desktop, laptop = two
    keeper_page = open_register(qtbot, desktop)
    assert keeper_page.pending.keeper and not keeper_page.pending.isVisible()

    page = open_register(qtbot, laptop)
    panel = page.pending
    assert not panel.keeper
    # a computer that is not the keeper says so, before anything waits
    assert panel.isVisible() and not panel.table.isVisible()
    assert "次の同期で記帳端末が登録簿に記載します" in panel.explanation.text()

    message = declare(qtbot, page)
    assert "封印待ち" in message
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=TIMEOUT)
    assert panel.heading.text() == "封印待ち(1件)"
    row = [panel.model.item(0, column).text() for column in range(4)]
    assert row[:3] == ["封印待ち", "新規開示", COUNTERPART]
    assert panel.table.isVisible()
    assert COUNTERPART not in counterparts(page)  # not in the register yet

    sync_and_wait(qtbot, laptop)
    assert sync_and_wait(qtbot, desktop).sealed == 1  # the keeper writes it to the register
    qtbot.waitUntil(lambda: COUNTERPART in counterparts(keeper_page), timeout=TIMEOUT)
    sync_and_wait(qtbot, laptop)
    qtbot.waitUntil(lambda: COUNTERPART in counterparts(page), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=TIMEOUT)
    assert panel.heading.text() == "封印待ち(0件)"
    assert not panel.table.isVisible()


def test_ending_an_interest_on_the_laptop_waits_then_is_sealed(
        qtbot: QtBot, two: tuple[MainWindow, MainWindow]) -> None:
    from companion.ui.views.disclosure_form import EndInterestDialog

    desktop, laptop = two
    keeper_page = open_register(qtbot, desktop)
    declare(qtbot, keeper_page)  # the keeper: straight into the register
    qtbot.waitUntil(lambda: COUNTERPART in counterparts(keeper_page), timeout=TIMEOUT)
    assert not keeper_page.pending.isVisible()
    sync_and_wait(qtbot, desktop)
    sync_and_wait(qtbot, laptop)
    page = open_register(qtbot, laptop)
    qtbot.waitUntil(lambda: counterparts(page) == [COUNTERPART], timeout=TIMEOUT)
    page.table.selectRow(0)
    page.end_action.trigger()
    qtbot.waitUntil(lambda: isinstance(page.dialog, EndInterestDialog)
                    and page.dialog.isVisible(), timeout=TIMEOUT)
    dialog = page.dialog
    assert isinstance(dialog, EndInterestDialog)
    dialog.ended_edit.setDate(QDate(2025, 11, 10))
    dialog.save_button.click()  # no reason: refused in the dialog, nothing recorded
    qtbot.waitUntil(lambda: "理由を入力" in dialog.error_label.text(), timeout=TIMEOUT)
    assert page.pending.model.rowCount() == 0
    dialog.reason_edit.setText("顧問契約を解約したため")
    with qtbot.waitSignal(page.saved, timeout=TIMEOUT) as saved:
        dialog.save_button.click()
    assert "関与の終了を封印待ちにしました" in saved.args[0]
    panel = page.pending
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=TIMEOUT)
    assert [panel.model.item(0, c).text() for c in range(3)] == [
        "封印待ち", "関与の終了", f"開示1 {COUNTERPART}"]
    status = DisclosureTableModel.STATUS
    assert page.model.index(0, status).data() != "終了"  # not in the register yet
    sync_and_wait(qtbot, laptop)
    assert sync_and_wait(qtbot, desktop).sealed == 1
    sync_and_wait(qtbot, laptop)
    qtbot.waitUntil(lambda: page.model.index(0, status).data() == "終了", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=TIMEOUT)
