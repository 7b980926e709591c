"""委託元の目標…: a sponsor's own yearly targets, entered in the window."""

from __future__ import annotations

import os
import uuid

from pytestqt.qtbot import QtBot
from sqlmodel import select

from companion.db.database import Database
from companion.db.models import Sponsor, SponsorTarget
from companion.domain.enums import SponsorKind
from companion.domain.sponsor_measures import SponsorMeasure
from companion.services.session import session_scope
from companion.services.sponsor_targets import set_sponsor_target
from companion.ui.dialogs.sponsor_targets import SponsorTargetsDialog
from companion.ui.main_window import MainWindow
from companion.ui.widgets.forms import find_data

M = SponsorMeasure


def _add_sponsors(db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    with session_scope(db) as session:
        ugo = Sponsor(name="羽後町商工会", kind=SponsorKind.SHOKOKAI)
        biz = Sponsor(name="ゆざわ-Biz", kind=SponsorKind.BIZ)
        session.add_all([ugo, biz])
        session.commit()
        set_sponsor_target(session=session, sponsor_id=ugo.id, fiscal_year=2024,
                           measure=M.CONSULTATIONS, target=60)
        return ugo.id, biz.id


def _targets(db: Database) -> set[tuple[uuid.UUID, int, str, int]]:
    with session_scope(db, write=False) as session:
        return {(t.sponsor_id, t.fiscal_year, SponsorMeasure(t.measure).name, t.target)
                for t in session.exec(select(SponsorTarget))}


def _opened(qtbot: QtBot, window: MainWindow) -> SponsorTargetsDialog:
    dialog = window.open_sponsor_targets()
    assert isinstance(dialog, SponsorTargetsDialog)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    return dialog


def _choose(dialog: SponsorTargetsDialog, sponsor: uuid.UUID) -> None:
    dialog.sponsor_combo.setCurrentIndex(find_data(dialog.sponsor_combo, sponsor))


def test_targets_are_entered_per_sponsor_saved_in_one_step_and_undone(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    ugo, biz = _add_sponsors(filled_db)
    dialog = _opened(qtbot, window)
    # TODAY is 2025-11-20: 令和5年度 to 令和8年度, and 令和6年度 has a target already.
    headers = [dialog.table.horizontalHeaderItem(c).text()  # type: ignore[union-attr]
               for c in range(dialog.table.columnCount())]
    assert headers == ["令和5年度", "令和6年度", "令和7年度", "令和8年度"]
    assert dialog.table.verticalHeaderItem(0).text() == "延べ相談件数（件）"
    _choose(dialog, ugo)
    assert dialog.cell_text(M.CONSULTATIONS, 2024) == "60"
    dialog.set_cell(M.CONSULTATIONS, 2025, "１２０")  # full-width digits, as an IME types
    dialog.set_cell(M.BUSINESSES, 2025, "1,200")
    _choose(dialog, biz)
    assert dialog.cell_text(M.CONSULTATIONS, 2025) == ""
    dialog.set_cell(M.STARTUP_SUPPORTS, 2025, "12")
    _choose(dialog, ugo)  # what was typed for the other sponsor stays
    assert dialog.cell_text(M.BUSINESSES, 2025) == "1,200"
    if os.environ.get("COMPANION_SHOT"):  # the picture in docs/sponsor-figures-and-ledger.md
        dialog.resize(960, 560)
        dialog.grab().save(os.environ["COMPANION_SHOT"])

    dialog.set_cell(M.NEW_BUSINESSES, 2025, "三十")
    dialog.save_button.click()
    message = ("羽後町商工会・令和7年度の「新規支援事業者数」の目標は 1〜999,999 の整数で"
               "入力してください（入力: 三十）")
    assert dialog.error_text("targets") == message
    assert (dialog.table.currentRow(), dialog.table.currentColumn()) == (2, 2)
    assert dialog.isVisible()
    dialog.set_cell(M.NEW_BUSINESSES, 2025, "")
    _choose(dialog, biz)
    dialog.set_cell(M.STARTUP_SUPPORTS, 2026, "0")
    _choose(dialog, ugo)
    dialog.save_button.click()
    # A refusal in another sponsor's table shows that sponsor, the cell selected.
    assert dialog.error_text("targets").startswith("ゆざわ-Biz・令和8年度の「創業支援件数」")
    assert dialog.current_sponsor() == biz
    assert (dialog.table.currentRow(), dialog.table.currentColumn()) == (6, 3)
    dialog.set_cell(M.STARTUP_SUPPORTS, 2026, "")
    assert _targets(filled_db) == {(ugo, 2024, "CONSULTATIONS", 60)}  # nothing saved yet

    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    assert _targets(filled_db) == {(ugo, 2024, "CONSULTATIONS", 60),
                                   (ugo, 2025, "CONSULTATIONS", 120),
                                   (ugo, 2025, "BUSINESSES", 1200),
                                   (biz, 2025, "STARTUP_SUPPORTS", 12)}
    qtbot.waitUntil(lambda: window.undo_action.text() == "元に戻す「委託元の目標を保存」",
                    timeout=10_000)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: _targets(filled_db) == {(ugo, 2024, "CONSULTATIONS", 60)},
                    timeout=10_000)


def test_each_target_shows_its_actual_and_is_removed_by_emptying_its_cell(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    ugo, _ = _add_sponsors(filled_db)
    with session_scope(filled_db) as session:
        set_sponsor_target(session=session, sponsor_id=ugo, fiscal_year=2025,
                           measure=M.BUSINESSES, target=10)
    dialog = _opened(qtbot, window)
    _choose(dialog, ugo)
    # 羽後町商工会 commissions no engagement yet: nothing counted. 令和6年度 is over and
    # graded; on 2025-11-20 令和7年度 has run seven whole months and is not.
    qtbot.waitUntil(lambda: bool(dialog.standings), timeout=10_000)
    tip = dialog.table.item(0, 1).toolTip()  # type: ignore[union-attr]
    assert tip == "実績 0件・達成率 0.0%・評価 D"
    assert dialog.table.item(1, 2).toolTip() == "実績 0者（年度途中(7か月)）"  # type: ignore[union-attr]
    assert dialog.table.item(0, 2).toolTip() == ""  # type: ignore[union-attr]  # no target
    dialog.set_cell(M.CONSULTATIONS, 2024, " ")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    assert _targets(filled_db) == {(ugo, 2025, "BUSINESSES", 10)}
