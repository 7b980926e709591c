"""Follow-ups and next actions on ホーム, marked done with one keystroke; the activity-days
ledger shown and written as CSV."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import shiboken6
from companion_testing.sample_data import TODAY
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlmodel import col, select

from companion.db.database import Database
from companion.db.models import Client, Engagement, Visit, VisitAction
from companion.domain.calendar import JST
from companion.domain.enums import Owner
from companion.services.session import session_scope
from companion.services.visits.capture import ActionDraft, VisitDraft, finalize_visit
from companion.ui.main_window import MainWindow
from companion.ui.models.follow_ups import FollowUpTableModel
from companion.ui.views.ledger import LedgerDialog


def _yamanaka(db: Database) -> uuid.UUID:
    with session_scope(db, write=False) as session:
        return session.exec(select(Engagement.id).join(Client, col(Client.id) == Engagement.client_id)
                            .where(Client.name == "有限会社やまなか酒造")).one()


def _column(window: MainWindow, column: int) -> list[str]:
    model = window.home.follow_model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_a_next_action_is_marked_done_from_home_with_space(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    action = ActionDraft(id=uuid.uuid4(), text="見積書を3社に送る", owner=Owner.BUSINESS,
                         due_on=TODAY - timedelta(days=2))
    with session_scope(filled_db) as session:
        finalize_visit(session=session, visit_id=uuid.uuid4(), draft=VisitDraft(
            engagement_id=_yamanaka(filled_db), started_at=datetime(2025, 11, 10, 10, tzinfo=JST),
            purpose="展示会の振り返り", notes="名刺交換した酒販店に見積書を送る。",
            actions=(action,)))
    home = window.home
    with qtbot.waitSignal(home.loaded, timeout=10_000):
        window.reload_current()
    assert home.overdue_card.value_label.text() == "2"  # the sample's follow-up and this action
    whats = _column(window, FollowUpTableModel.WHAT)
    assert "見積書を3社に送る" in whats
    assert "Space" in home.done_button.text()
    row = whats.index("見積書を3社に送る")
    assert _column(window, FollowUpTableModel.KIND)[row] == "アクション"
    assert _column(window, FollowUpTableModel.STATE)[row] == "2日超過"

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    home.follow_table.setFocus()
    home.follow_table.setCurrentIndex(home.follow_model.index(row, 0))
    with qtbot.waitSignal(home.loaded, timeout=10_000), \
            qtbot.waitSignal(window.worker.data_changed, timeout=10_000):
        qtbot.keyClick(home.follow_table, Qt.Key.Key_Space)
    assert "見積書を3社に送る" not in _column(window, FollowUpTableModel.WHAT)
    assert home.overdue_card.value_label.text() == "1"
    assert "「見積書を3社に送る」を完了にしました" in home.done_label.text()
    with session_scope(filled_db, write=False) as session:
        done = session.get(VisitAction, action.id)
    assert done is not None and done.done_at is not None

    # Ctrl+Enter does the same for a visit's follow-up date.
    home.follow_table.setCurrentIndex(home.follow_model.index(0, 0))
    follow_up = home.follow_model.follow_up_at(0)
    with qtbot.waitSignal(home.loaded, timeout=10_000), \
            qtbot.waitSignal(window.worker.data_changed, timeout=10_000) as changed:
        qtbot.keyClick(home.follow_table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert changed.args[0] == "フォローを完了"  # one use case, offered for undo
    with session_scope(filled_db, write=False) as session:
        visit = session.get(Visit, follow_up.visit_id)
    assert visit is not None and visit.follow_up_done_at is not None


def test_the_ledger_shows_days_per_client_and_writes_csv(
        qtbot: QtBot, window: MainWindow, filled_db: Database, tmp_path: Path) -> None:
    window.visit_commands.ledger_action.trigger()
    dialog = window.visit_commands.ledger
    assert isinstance(dialog, LedgerDialog)
    if dialog.ledger is None:
        with qtbot.waitSignal(dialog.loaded, timeout=10_000):
            pass
    assert dialog.year_combo.currentText() == "令和7年度(2025年度)"
    clients = [dialog.model.item(row, 0).text() for row in range(dialog.model.rowCount())]
    assert any(text.startswith("有限会社やまなか酒造") for text in clients)
    assert "事業者 3件" in dialog.summary_label.text()
    out = tmp_path / "活動日数台帳.csv"
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        dialog.export_to(out)
    assert str(out) in dialog.file_result.path_label.text()
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[0][:6] == ["年度", "事業者", "代表者", "案件", "支援期間", "日付"]
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.year_combo.setCurrentIndex(dialog.year_combo.count() - 1)  # ten years ago
    assert "保存済みの訪問記録はありません" in dialog.summary_label.text()
    assert not dialog.export_button.isEnabled()
    dialog.export_to(tmp_path / "ない" / "台帳.csv")
    qtbot.waitUntil(lambda: "フォルダがありません" in dialog.file_result.message_label.text(),
                    timeout=10_000)
    inside = filled_db.paths.root / "台帳.csv"  # beside the live database: refused
    dialog.export_to(inside)
    qtbot.waitUntil(lambda: "データフォルダの中には書き出せません"
                    in dialog.file_result.message_label.text(), timeout=10_000)
    assert not inside.exists()
    dialog.close()
    assert shiboken6.isValid(window)
