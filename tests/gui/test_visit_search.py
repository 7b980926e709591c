"""Finding a visit again: Japanese substrings, grouped by engagement, the words
highlighted, filters for period, mode and sponsor."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlmodel import col, select

from companion.db.database import Database
from companion.db.models import Client, Engagement
from companion.domain.calendar import JST
from companion.domain.enums import VisitMode
from companion.services.session import session_scope
from companion.services.visits.capture import VisitDraft, finalize_visit
from companion.ui.main_window import MainWindow
from companion.ui.models.search_table import SearchHitModel
from companion.ui.views.search_results import highlighted_html


def _engagement(db: Database, client: str) -> uuid.UUID:
    with session_scope(db, write=False) as session:
        return session.exec(select(Engagement.id).join(Client, col(Client.id) == Engagement.client_id)
                            .where(Client.name == client)).one()


def _log(db: Database, engagement_id: uuid.UUID, *, day: datetime, notes: str,
         mode: VisitMode = VisitMode.ON_SITE, purpose: str = "定期訪問") -> uuid.UUID:
    with session_scope(db) as session:
        saved = finalize_visit(session=session, visit_id=uuid.uuid4(), draft=VisitDraft(
            engagement_id=engagement_id, started_at=day, ended_at=day + timedelta(hours=1),
            mode=mode, purpose=purpose, notes=notes))
    return saved.visit_id


def _search(qtbot: QtBot, window: MainWindow, query: str) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_edit.hasFocus()
    window.search_edit.setText(query)
    with qtbot.waitSignal(window.search_results.loaded, timeout=10_000):
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)


def test_a_logged_visit_is_found_by_its_words_and_their_parts(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    minato = _engagement(filled_db, "株式会社みなと水産")
    # 00:30 on 11/15 in Japan is still 11/14 in UTC: the list shows the Japanese day.
    late = datetime(2025, 11, 15, 0, 30, tzinfo=JST)
    visit_id = _log(filled_db, minato, day=late, mode=VisitMode.PHONE,
                    notes="深夜の電話。ふるさと納税の返礼品で販路開拓を試す。")
    results = window.search_results
    for query in ("販路開拓", "開拓"):
        _search(qtbot, window, query)
        hits = [h for h in results.model.rows if h.ref_id == visit_id]
        assert len(hits) == 1, query
        assert f"【{query}】" in hits[0].snippet
    hit_row = next(r for r in range(results.model.rowCount())
                   if results.model.hit_at(r).ref_id == visit_id)
    day = results.model.index(hit_row, SearchHitModel.DATE).data()
    assert day == late.astimezone().strftime("%Y/%m/%d")

    # Grouped by engagement: すべて on top, then each engagement with its count.
    groups = results.group_model
    assert groups.group_at(0).label == "すべての案件"
    assert groups.group_at(0).count == results.model.rowCount()
    minato_row = next(r for r in range(groups.rowCount())
                      if groups.group_at(r).engagement_id == minato)
    results.groups.setCurrentIndex(groups.index(minato_row, 0))
    shown = {results.model.hit_at(results.proxy.mapToSource(results.proxy.index(r, 0)).row())
             .engagement_id for r in range(results.proxy.rowCount())}
    assert shown == {minato}
    assert results.proxy.rowCount() == groups.group_at(minato_row).count

    # The term is drawn bold and coloured, without the 【】 marks.
    page = highlighted_html(hits[0].snippet, ["開拓"])
    assert "<b style='color:#c0392b'>開拓</b>" in page and "【" not in page


def test_filters_narrow_the_search_by_mode_period_and_sponsor(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    minato = _engagement(filled_db, "株式会社みなと水産")
    online = _log(filled_db, minato, day=datetime(2025, 11, 10, 14, tzinfo=JST),
                  mode=VisitMode.ONLINE, notes="オンラインで販路開拓の商談準備。")
    _search(qtbot, window, "販路")
    results = window.search_results
    everything = results.model.rowCount()
    assert everything > 1
    with qtbot.waitSignal(results.loaded, timeout=10_000):
        results.mode_combo.setCurrentIndex(results.mode_combo.findData("オンライン"))
    assert online in [h.ref_id for h in results.model.rows]
    assert {(h.kind, h.mode) for h in results.model.rows} == {("visit", "オンライン")}
    assert results.model.rowCount() < everything
    assert "条件: オンライン" in results.summary_label.text()

    with qtbot.waitSignal(results.loaded, timeout=10_000):
        results.clear_filters()
    assert results.model.rowCount() == everything
    qtbot.waitUntil(lambda: results.sponsor_combo.count() > 1)
    index = next(i for i in range(results.sponsor_combo.count())
                 if results.sponsor_combo.itemText(i).startswith("宮古商工会議所"))
    with qtbot.waitSignal(results.loaded, timeout=10_000):
        results.sponsor_combo.setCurrentIndex(index)
    assert {h.engagement_id for h in results.model.rows} == {minato}

    with qtbot.waitSignal(results.loaded, timeout=10_000):
        results.clear_filters()
    results.from_edit.setDate(QDate(2025, 11, 12))
    results.to_edit.setDate(QDate(2025, 11, 1))
    results.from_check.setChecked(True)
    with qtbot.waitSignal(results.loaded, timeout=10_000):
        results.to_check.setChecked(True)
    assert results.filter_error.text() == "期間の終わりが始まりより前です。"
    assert results.filter_error.isVisibleTo(results)
    with qtbot.waitSignal(results.loaded, timeout=10_000):
        results.to_edit.setDate(QDate(2025, 11, 30))
    assert results.filter_error.isHidden()
    visit_days = [h.when for h in results.model.rows if h.kind == "visit"]
    assert visit_days and all("2025-11-12" <= day <= "2025-11-30" for day in visit_days)
    assert online not in [h.ref_id for h in results.model.rows]  # 11/10: before the period
