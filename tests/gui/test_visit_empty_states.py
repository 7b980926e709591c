"""Empty visit lists offer 訪問を記録 (the form Ctrl+N opens), and ホーム's 今年度の訪問
card opens the 訪問記録 list filtered to this fiscal year."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from companion_testing.sample_data import TODAY
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlmodel import col, select

from companion.db.database import Database, open_database
from companion.db.models import Client, Engagement
from companion.paths import DataPaths
from companion.services.session import session_scope
from companion.services.visits.capture import VisitDraft, finalize_visit
from companion.ui.main_window import MainWindow
from companion.ui.tasks import DbWorker
from companion.ui.views.visits import visit_fiscal_year


@pytest.fixture
def empty_window(qtbot: QtBot, db: Database, data_paths: DataPaths) -> Iterator[MainWindow]:
    """The window over a data folder with nothing recorded yet."""
    window = MainWindow(paths=data_paths, worker=DbWorker(), today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.open_data(lambda: open_database(data_paths))
    yield window
    window.close()


def _engagement(db: Database, client: str) -> uuid.UUID:
    with session_scope(db, write=False) as session:
        return session.exec(select(Engagement.id).join(Client, col(Client.id) == Engagement.client_id)
                            .where(Client.name == client)).one()


def test_an_empty_visit_list_offers_to_record_the_first_visit(
        qtbot: QtBot, empty_window: MainWindow) -> None:
    window = empty_window
    page = window.visits
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        window.show_page(window.VISITS)
    assert page.stack.currentWidget() is page.empty
    assert page.empty_label.isVisible() and "訪問記録はまだありません" in page.empty_label.text()
    assert page.first_visit_button.isVisible() and page.first_visit_button.text() == "訪問を記録"
    assert "コマンド" not in page.empty_label.text()
    if os.environ.get("COMPANION_SHOT"):
        window.grab().save(os.environ["COMPANION_SHOT"])
    with qtbot.waitSignal(window.visit_commands.form_opened, timeout=10_000) as opened:
        qtbot.mouseClick(page.first_visit_button, Qt.MouseButton.LeftButton)
    form = opened.args[0]
    assert form.isVisible() and form in window.visit_commands.forms
    form.close()


def test_an_engagement_without_visits_offers_a_visit_for_it(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    marufuku = _engagement(filled_db, "丸福製麺所")
    with qtbot.waitSignal(window.detail.timeline.loaded, timeout=10_000):
        window.open_engagement(marufuku)
    timeline = window.detail.timeline
    assert window.detail.visit_tabs.currentWidget() is timeline
    assert timeline.stack.currentWidget() is timeline.empty
    assert timeline.first_visit_button.isVisible()
    with qtbot.waitSignal(window.visit_commands.form_opened, timeout=10_000) as opened:
        qtbot.mouseClick(timeline.first_visit_button, Qt.MouseButton.LeftButton)
    form = opened.args[0]
    assert form.engagement_id == marufuku  # the form is for this engagement
    form.close()

    # An engagement with visits shows them, not the button.
    with qtbot.waitSignal(timeline.loaded, timeout=10_000):
        window.open_engagement(_engagement(filled_db, "有限会社やまなか酒造"))
    assert timeline.stack.currentWidget() is timeline.view
    assert not timeline.first_visit_button.isVisible()


def test_the_this_years_visits_card_opens_the_list_of_this_fiscal_year(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    yamanaka = _engagement(filled_db, "有限会社やまなか酒造")
    # The last evening of 令和6年度 and the first morning of 令和7年度 (on this computer's
    # clock, as the list shows days and ホーム counts them).
    with session_scope(filled_db) as session:
        for day, purpose in ((datetime(2025, 3, 31, 22, 0).astimezone(), "年度末の振り返り"),
                             (datetime(2025, 4, 1, 8, 0).astimezone(), "新年度の計画づくり")):
            finalize_visit(session=session, visit_id=uuid.uuid4(), draft=VisitDraft(
                engagement_id=yamanaka, started_at=day, ended_at=day + timedelta(minutes=50),
                purpose=purpose, notes="首都圏の酒販店向けの見積もりを確認した。"))
    home = window.home
    with qtbot.waitSignal(home.loaded, timeout=10_000):
        home.load()
    summary = home.summary
    assert summary is not None
    this_year = summary.visits_this_fiscal_year

    page = window.visits
    qtbot.mouseClick(home.visits_card, Qt.MouseButton.LeftButton)
    assert window.current_page() is page
    assert page.year_combo.currentText() == "令和7年度"
    qtbot.waitUntil(lambda: page.model.total > 0 and page.proxy.rowCount() == this_year,
                    timeout=10_000)
    shown = [page._visit_at(page.proxy.index(r, 0)) for r in range(page.proxy.rowCount())]
    assert {visit_fiscal_year(v) for v in shown} == {2025}
    assert "新年度の計画づくり" in {v.purpose for v in shown}
    assert "年度末の振り返り" not in {v.purpose for v in shown}
    assert page.count_label.text().startswith(f"絞り込み {this_year:,}件(全")
    assert this_year < page.model.total

    # The words filter and the year together; then every year again.
    page.filter_edit.setText("計画づくり")
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 1)
    page.filter_edit.clear()
    page.show_fiscal_year(None)
    assert page.year_combo.currentText() == "すべての年度"
    qtbot.waitUntil(lambda: page.proxy.rowCount() == page.model.rowCount())
    page.show_fiscal_year(2024)
    qtbot.waitUntil(lambda: any(page._visit_at(page.proxy.index(r, 0)).purpose == "年度末の振り返り"
                                for r in range(page.proxy.rowCount())), timeout=10_000)
