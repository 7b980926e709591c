"""The 訪問記録 list's filter box: Ctrl+F, words from 目的, 記録 or 事業者, Esc clears;
older visits not loaded yet are found too (the list fetches on while it is short)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlmodel import col, func, select

from companion.db.database import Database
from companion.db.models import Client, Engagement, Visit
from companion.domain.calendar import JST
from companion.services.session import session_scope
from companion.services.visits.capture import VisitDraft, finalize_visit
from companion.ui.main_window import MainWindow
from companion.ui.views.visits import VisitsPage


def _engagement(db: Database, client: str) -> uuid.UUID:
    with session_scope(db, write=False) as session:
        return session.exec(select(Engagement.id).join(Client, col(Client.id) == Engagement.client_id)
                            .where(Client.name == client)).one()


def _log(db: Database, engagement_id: uuid.UUID, *, day: datetime, purpose: str,
         notes: str) -> uuid.UUID:
    with session_scope(db) as session:
        return finalize_visit(session=session, visit_id=uuid.uuid4(), draft=VisitDraft(
            engagement_id=engagement_id, started_at=day, ended_at=day + timedelta(hours=1),
            purpose=purpose, notes=notes)).visit_id


def _shown(page: VisitsPage) -> list[uuid.UUID]:
    return [page._visit_at(page.proxy.index(row, 0)).id for row in range(page.proxy.rowCount())]


def _open_list(qtbot: QtBot, window: MainWindow) -> VisitsPage:
    page = window.visits
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        window.show_page(window.VISITS)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return page


def test_the_filter_box_narrows_the_list_by_notes_purpose_and_client(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    minato = _engagement(filled_db, "株式会社みなと水産")
    satoyama = _engagement(filled_db, "合同会社さとやまカフェ")
    # Older than every sample visit: on the second page of the list, not loaded yet.
    old = _log(filled_db, satoyama, day=datetime(2023, 4, 5, 10, tzinfo=JST),
               purpose="初回面談", notes="ふるさと納税の返礼品にジビエカレーを出したい。")
    recent = _log(filled_db, minato, day=datetime(2025, 11, 19, 14, tzinfo=JST),
                  purpose="返礼品の写真撮影", notes="撮影は地元の写真館に頼む。")
    page = _open_list(qtbot, window)
    loaded = [page.model.visit_at(row).id for row in range(page.model.rowCount())]
    assert recent in loaded and old not in loaded  # paged: the old visit is not read yet
    assert page.filter_edit.placeholderText() == "絞り込み…"

    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filter_edit.hasFocus()
    event = QInputMethodEvent()
    event.setCommitString("返礼品")
    QApplication.sendEvent(page.filter_edit, event)
    # 記録 of the old one, 目的 of the recent one; the old one arrives with a later page.
    qtbot.waitUntil(lambda: set(_shown(page)) == {old, recent}, timeout=20_000)
    assert "絞り込み 2件" in page.count_label.text()

    # Enter goes to the first match; Enter there opens that visit.
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Return)
    assert page.table.hasFocus()
    with qtbot.waitSignal(window.visit_commands.form_opened) as opening:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    form = opening.args[0]
    assert form.visit_id == recent  # newest first
    qtbot.waitUntil(lambda: form.is_loaded, timeout=10_000)
    form.close()

    # 事業者: every row left is that client's, all of them once every page is read.
    page.filter_edit.setText("みなと")
    qtbot.waitUntil(lambda: page.model.rowCount() == page.model.total, timeout=20_000)
    assert {page._visit_at(page.proxy.index(r, 0)).client_name
            for r in range(page.proxy.rowCount())} == {"株式会社みなと水産"}
    with session_scope(filled_db, write=False) as session:
        minato_visits = session.exec(select(func.count()).select_from(Visit).where(
            Visit.engagement_id == minato, col(Visit.is_draft).is_(False))).one()
    assert page.proxy.rowCount() == minato_visits

    # Esc clears the filter: the whole list is back.
    page.filter_edit.setFocus()
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Escape)
    assert page.filter_edit.text() == ""
    assert page.proxy.rowCount() == page.model.rowCount()
    assert page.count_label.text().startswith("全")


def test_a_filter_that_matches_nothing_says_so(qtbot: QtBot, window: MainWindow,
                                               filled_db: Database) -> None:
    page = _open_list(qtbot, window)
    page.filter_edit.setText("存在しない言葉")
    qtbot.waitUntil(lambda: page.model.rowCount() == page.model.total, timeout=20_000)
    assert page.proxy.rowCount() == 0
    assert page.count_label.text().startswith("絞り込み 0件")
