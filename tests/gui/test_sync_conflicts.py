"""同期の競合 on ホーム: the same visit text edited on both computers between two syncs
is chosen side by side (こちら / あちら / 両方, Esc decides nothing), a record an edit
brought back after a delete is told; 競合 n件 in the status bar leads there."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from companion_testing.sync_windows import (
    DESKTOP,
    LAPTOP,
    TIMEOUT,
    close_all,
    paired,
    read,
    sync_and_wait,
    write,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlmodel import Session, select

from companion.db.models import Engagement, Visit
from companion.domain.enums import VisitMode
from companion.ui.dialogs.sync_conflict import SyncConflictDialog
from companion.ui.main_window import MainWindow

FIRST = "新商品「雪室熟成」の試飲会について社長と相談した。"
ON_LAPTOP = "収穫祭で試飲会を開く。社長と専務が賛成。"
ON_DESKTOP = "サンプル送付を先に行う。酒販店3店に送る。"


@pytest.fixture
def two(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[MainWindow, MainWindow]]:
    desktop, laptop, _folder = paired(qtbot, tmp_path)
    yield desktop, laptop
    close_all(desktop, laptop)


def new_visit(*, session: Session) -> uuid.UUID:
    from datetime import UTC, datetime

    engagement_id = session.exec(select(Engagement.id)).first()
    visit = Visit(engagement_id=engagement_id, started_at=datetime(2025, 11, 18, 1, 0, tzinfo=UTC),
                  mode=VisitMode.ON_SITE, place="蔵の事務所", attendees="山中社長、専務",
                  purpose="試飲会の相談", notes=FIRST)
    session.add(visit)
    session.commit()
    return visit.id


def set_notes(*, session: Session, visit_id: uuid.UUID, notes: str) -> None:
    visit = session.get(Visit, visit_id)
    assert visit is not None
    visit.notes = notes
    session.commit()


def delete(*, session: Session, visit_id: uuid.UUID) -> None:
    session.delete(session.get(Visit, visit_id))
    session.commit()


def notes_of(*, session: Session, visit_id: uuid.UUID) -> str | None:
    visit = session.get(Visit, visit_id)
    return None if visit is None else visit.notes


def shared_visit(qtbot: QtBot, desktop: MainWindow, laptop: MainWindow) -> uuid.UUID:
    visit_id: uuid.UUID = write(desktop, qtbot, new_visit)
    sync_and_wait(qtbot, desktop)
    sync_and_wait(qtbot, laptop)
    assert read(laptop, qtbot, notes_of, visit_id=visit_id) == FIRST
    return visit_id


def open_conflict(qtbot: QtBot, window: MainWindow) -> SyncConflictDialog:
    section = window.home.sync_conflicts
    dialog = section.open_selected()
    assert isinstance(dialog, SyncConflictDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_text_edited_on_both_is_chosen_side_by_side(
        qtbot: QtBot, two: tuple[MainWindow, MainWindow]) -> None:
    desktop, laptop = two
    visit_id = shared_visit(qtbot, desktop, laptop)
    write(laptop, qtbot, set_notes, visit_id=visit_id, notes=ON_LAPTOP)
    write(desktop, qtbot, set_notes, visit_id=visit_id, notes=ON_DESKTOP)
    sync_and_wait(qtbot, laptop)
    assert sync_and_wait(qtbot, desktop).conflicts == 1
    # the status bar says so, and its link leads to ホーム's list
    qtbot.waitUntil(lambda: "競合 1件" in desktop.sync_status.plain_text(), timeout=TIMEOUT)
    desktop.show_page(desktop.SETTINGS)
    desktop.sync_status.label.linkActivated.emit("conflicts")
    assert desktop.current_page() is desktop.home
    section = desktop.home.sync_conflicts
    qtbot.waitUntil(lambda: section.isVisible() and section.model.rowCount() == 1,
                    timeout=TIMEOUT)
    assert section.heading.text() == "同期の競合(1件)"
    row = [section.model.item(0, column).text() for column in range(4)]
    assert row[0] == "両方で編集" and "訪問記録" in row[1] and row[2] == "記録"

    dialog = open_conflict(qtbot, desktop)
    assert dialog.kept_text.toPlainText() == ON_DESKTOP  # the text in the record now
    assert dialog.other_text.toPlainText() == ON_LAPTOP
    captions = [label.text() for label in dialog.findChildren(QLabel)]
    assert any(DESKTOP in text for text in captions) and any(LAPTOP in text for text in captions)
    assert {b.text() for b in dialog.choice_buttons.values()} == {"こちらを残す", "あちらを残す",
                                                                  "両方を残す"}
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc: nothing decided
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert read(desktop, qtbot, notes_of, visit_id=visit_id) == ON_DESKTOP
    assert section.model.rowCount() == 1

    dialog = open_conflict(qtbot, desktop)
    with qtbot.waitSignal(dialog.resolved, timeout=TIMEOUT):
        dialog.choice_buttons["both"].click()
    assert read(desktop, qtbot, notes_of, visit_id=visit_id) == (
        f"{ON_DESKTOP}\n\n―― 別の端末の記載 ――\n{ON_LAPTOP}")
    qtbot.waitUntil(lambda: not section.isVisible(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "競合 0件" in desktop.sync_status.plain_text(), timeout=TIMEOUT)
    # the choice is an edit: it reaches the laptop with the next syncs
    sync_and_wait(qtbot, desktop)
    sync_and_wait(qtbot, laptop)
    assert read(laptop, qtbot, notes_of, visit_id=visit_id) == (
        f"{ON_DESKTOP}\n\n―― 別の端末の記載 ――\n{ON_LAPTOP}")


@pytest.mark.parametrize(("choice", "kept"), [("kept", ON_DESKTOP), ("other", ON_LAPTOP)])
def test_keep_this_one_or_the_other(qtbot: QtBot, two: tuple[MainWindow, MainWindow],
                                    choice: str, kept: str) -> None:
    desktop, laptop = two
    visit_id = shared_visit(qtbot, desktop, laptop)
    write(laptop, qtbot, set_notes, visit_id=visit_id, notes=ON_LAPTOP)
    write(desktop, qtbot, set_notes, visit_id=visit_id, notes=ON_DESKTOP)
    sync_and_wait(qtbot, laptop)
    sync_and_wait(qtbot, desktop)
    section = desktop.home.sync_conflicts
    qtbot.waitUntil(lambda: section.model.rowCount() == 1, timeout=TIMEOUT)
    dialog = open_conflict(qtbot, desktop)
    with qtbot.waitSignal(dialog.resolved, timeout=TIMEOUT):
        dialog.choice_buttons[choice].click()
    assert read(desktop, qtbot, notes_of, visit_id=visit_id) == kept
    qtbot.waitUntil(lambda: not section.isVisible(), timeout=TIMEOUT)


def test_a_record_an_edit_brought_back_is_told(
        qtbot: QtBot, two: tuple[MainWindow, MainWindow]) -> None:
    desktop, laptop = two
    visit_id = shared_visit(qtbot, desktop, laptop)
    write(desktop, qtbot, delete, visit_id=visit_id)
    write(laptop, qtbot, set_notes, visit_id=visit_id, notes=ON_LAPTOP)  # after the delete
    sync_and_wait(qtbot, desktop)
    sync_and_wait(qtbot, laptop)
    result: Any = sync_and_wait(qtbot, desktop)
    assert result.restored == 1
    assert read(desktop, qtbot, notes_of, visit_id=visit_id) == ON_LAPTOP  # it is back
    section = desktop.home.sync_conflicts
    qtbot.waitUntil(lambda: section.model.rowCount() == 1, timeout=TIMEOUT)
    assert section.model.item(0, 0).text() == "復元"
    dialog = open_conflict(qtbot, desktop)
    assert "削除された記録を、別の端末の編集により復元しました" in " ".join(
        label.text() for label in dialog.findChildren(QLabel))
    assert dialog.choice_buttons["kept"].text() == "確認しました"
    with qtbot.waitSignal(dialog.resolved, timeout=TIMEOUT):
        dialog.choice_buttons["kept"].click()
    qtbot.waitUntil(lambda: not section.isVisible(), timeout=TIMEOUT)
    assert read(desktop, qtbot, notes_of, visit_id=visit_id) == ON_LAPTOP


def test_no_conflicts_no_section(qtbot: QtBot, two: tuple[MainWindow, MainWindow]) -> None:
    desktop, _laptop = two
    desktop.show_page(desktop.HOME)
    qtbot.waitUntil(lambda: desktop.home.has_data, timeout=TIMEOUT)
    section = desktop.home.sync_conflicts
    qtbot.waitUntil(lambda: section.heading.text() == "同期の競合(0件)", timeout=TIMEOUT)
    assert not section.isVisible()
    assert "競合 0件" in desktop.sync_status.plain_text()
