"""Finding a visit again: Japanese substrings, grouped by engagement, the words
highlighted, filters for period, mode and sponsor; a visit hit opens the visit to read
with the words marked; the engagement opened from search sits under 案件."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

import shiboken6
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QHeaderView, QTextBrowser
from pytestqt.qtbot import QtBot
from sqlmodel import col, select

from companion.db.database import Database
from companion.db.models import Client, Engagement
from companion.domain.calendar import JST
from companion.domain.enums import VisitMode
from companion.services.search import SearchHit
from companion.services.session import session_scope
from companion.services.visits.capture import VisitDraft, finalize_visit
from companion.ui.main_window import MainWindow
from companion.ui.models.search_table import SearchHitModel
from companion.ui.views.search_results import HIGHLIGHT, SearchResultsPage, highlighted_html
from companion.ui.views.visit_timeline import VisitReadDialog


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


def _row_of(results: SearchResultsPage, wanted: Callable[[SearchHit], bool]) -> int:
    return next(r for r in range(results.proxy.rowCount())
                if (hit := results._hit_at(r)) is not None and wanted(hit))


def _marked_words(browser: QTextBrowser) -> list[str]:
    """The words the read view draws bold in the highlight colour."""
    marked = []
    block = browser.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            style = fragment.charFormat()
            if (style.fontWeight() >= QFont.Weight.Bold
                    and style.foreground().color().name() == HIGHLIGHT):
                marked.append(fragment.text())
            iterator += 1
        block = block.next()
    return marked


def test_enter_on_a_visit_hit_opens_the_visit_with_the_words_marked(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    minato = _engagement(filled_db, "株式会社みなと水産")
    visit_id = _log(filled_db, minato, day=datetime(2025, 11, 14, 10, tzinfo=JST),
                    purpose="冬の詰め合わせの相談",
                    notes="ふるさと納税の返礼品で販路開拓を試す。\n冷凍便の送料を調べる。")
    _search(qtbot, window, "返礼品 冷凍便")
    results = window.search_results
    row = _row_of(results, lambda hit: hit.ref_id == visit_id)
    results.table.setFocus()
    results.table.setCurrentIndex(results.proxy.index(row, 0))
    qtbot.keyClick(results.table, Qt.Key.Key_Return)
    dialog = results.read_dialog
    assert isinstance(dialog, VisitReadDialog)
    qtbot.waitUntil(lambda: dialog.record is not None, timeout=10_000)
    assert dialog.isVisible()
    text = dialog.browser.toPlainText()
    assert "冬の詰め合わせの相談" in text and "冷凍便の送料を調べる。" in text
    assert "株式会社みなと水産" in dialog.windowTitle()
    assert sorted(set(_marked_words(dialog.browser))) == ["冷凍便", "返礼品"]
    assert window.stack.currentWidget() is results  # the list stays where it was

    # 修正… opens the visit in the form, to amend.
    with qtbot.waitSignal(window.visit_commands.form_opened) as opening:
        dialog.amend_button.click()
    form = opening.args[0]
    qtbot.waitUntil(lambda: form.is_loaded, timeout=10_000)
    assert form.visit_id == visit_id and form.windowTitle().startswith("訪問記録の修正")
    form.close()

    # A double click opens it too.
    rect = results.table.visualRect(results.proxy.index(row, SearchHitModel.SNIPPET))
    qtbot.mouseClick(results.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(results.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    again = results.read_dialog
    assert isinstance(again, VisitReadDialog) and shiboken6.isValid(again) and again.isVisible()
    qtbot.waitUntil(lambda: again.record is not None, timeout=10_000)
    assert again.visit_id == visit_id
    again.close()


def test_long_headings_end_in_an_ellipsis_and_the_excerpt_takes_the_width(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    minato = _engagement(filled_db, "株式会社みなと水産")
    purpose = "首都圏の百貨店バイヤー向け試食会と冬季限定の詰め合わせ商品の販路開拓についての相談"
    _log(filled_db, minato, day=datetime(2025, 11, 14, 10, tzinfo=JST), purpose=purpose,
         notes="試食会の段取りを決めた。")
    window.resize(1280, 720)
    _search(qtbot, window, "試食会")
    results = window.search_results
    table = results.table
    header = table.horizontalHeader()
    last = SearchHitModel.SNIPPET
    assert last == results.proxy.columnCount() - 1
    assert header.sectionResizeMode(last) == QHeaderView.ResizeMode.Stretch
    qtbot.waitUntil(lambda: header.sectionViewportPosition(last) + header.sectionSize(last)
                    == table.viewport().width())
    assert header.sectionSize(last) > header.sectionSize(SearchHitModel.TITLE)

    row = _row_of(results, lambda hit: hit.title == purpose)
    index = results.proxy.index(row, SearchHitModel.TITLE)
    width = table.visualRect(index).width() - 8
    shown = results.highlighter.shown_text(str(index.data()), table.font(), width)
    assert shown.endswith("…") and purpose.startswith(shown[:-1])
    assert QFontMetrics(table.font()).horizontalAdvance(shown) <= width
    short = results.highlighter.shown_text("試食会", table.font(), width)
    assert short == "試食会"


def test_the_first_engagement_opened_from_search_sits_under_its_entry(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    _search(qtbot, window, "販路")
    results = window.search_results
    assert window.nav.selectedItems() == []  # search results belong to no entry
    row = _row_of(results, lambda hit: hit.kind == "engagement")
    engagement_id = results._hit_at(row).engagement_id
    results.table.setFocus()
    results.table.setCurrentIndex(results.proxy.index(row, 0))
    with qtbot.waitSignal(window.detail.loaded, timeout=10_000):
        qtbot.keyClick(results.table, Qt.Key.Key_Return)
    assert window.detail.engagement_id == engagement_id
    assert window.stack.currentWidget() is window.detail
    assert window.nav.currentRow() == window.ENGAGEMENTS
    assert not window.home.isVisible()
    # The rail taking the focus (Tab, a click elsewhere) does not switch to ホーム.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.nav.setFocus(Qt.FocusReason.TabFocusReason)
    assert window.stack.currentWidget() is window.detail
    assert window.nav.currentRow() == window.ENGAGEMENTS
    assert not window.home.isVisible()
