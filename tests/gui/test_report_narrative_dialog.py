"""報告書の所見: the practitioner's texts for the report, edited in the window."""

from __future__ import annotations

import os

from companion_testing.sample_data import TODAY
from pytestqt.qtbot import QtBot
from sqlmodel import select

from companion.db.database import Database
from companion.db.models import Client, Engagement
from companion.services.report_narratives import (
    TEXT_LIMIT,
    NarrativeText,
    get_narrative,
    save_narrative,
)
from companion.services.session import session_scope
from companion.ui.dialogs.report_narrative import ReportNarrativeDialog, open_report_narrative
from companion.ui.main_window import MainWindow


def _yamanaka(db: Database) -> Engagement:
    with session_scope(db, write=False) as session:
        return session.exec(select(Engagement).join(Client, Client.id == Engagement.client_id)
                            .where(Client.name.contains("やまなか"))).one()  # type: ignore[attr-defined]


def _opened(qtbot: QtBot, window: MainWindow, engagement: Engagement,
            fiscal_year: int) -> ReportNarrativeDialog:
    dialog = open_report_narrative(window, worker=window.worker, engagement_id=engagement.id,
                                   fiscal_year=fiscal_year, today=lambda: TODAY)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    return dialog


def test_texts_are_saved_per_year_and_last_years_are_offered(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    engagement = _yamanaka(filled_db)
    with session_scope(filled_db) as session:
        save_narrative(session=session, engagement_id=engagement.id, fiscal_year=2024,
                       text=NarrativeText("前年度の成果。", "令和7年度は販路を広げる。",
                                          "社長が月次の数字を自分で確認するようになった。"),
                       today=TODAY)
    dialog = _opened(qtbot, window, engagement, 2025)
    # Nothing written for 2025 yet: the summary from the records is shown as the draft.
    assert dialog.achievements.toPlainText() == ""
    assert "伴走支援を実施しました" in dialog.achievements.placeholderText()
    assert dialog.previous_button.text() == "令和6年度の文章を使う"
    if os.environ.get("COMPANION_SHOT"):
        dialog.resize(1280, 720)
        dialog.grab().save(os.environ["COMPANION_SHOT"])
    dialog.use_draft()
    assert "伴走支援を実施しました" in dialog.achievements.toPlainText()
    dialog.use_previous()  # fills only the empty boxes
    assert dialog.next_year_policy.toPlainText() == "令和7年度は販路を広げる。"
    assert "伴走支援を実施しました" in dialog.achievements.toPlainText()
    dialog.self_running.setPlainText("専務が試飲会の段取りを一人で組んだ。")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    with session_scope(filled_db, write=False) as session:
        saved = get_narrative(session=session, engagement_id=engagement.id, fiscal_year=2025)
    assert saved.saved and saved.text.self_running == "専務が試飲会の段取りを一人で組んだ。"
    assert saved.text.next_year_policy == "令和7年度は販路を広げる。"
    assert saved.previous_year == 2024


def test_a_text_too_long_is_refused_at_its_box_and_nothing_is_saved(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    engagement = _yamanaka(filled_db)
    dialog = _opened(qtbot, window, engagement, 2025)
    dialog.achievements.setPlainText("販路開拓の記録。" * (TEXT_LIMIT // 8 + 1))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(dialog.error_text("achievements")), timeout=10_000)
    assert "長すぎます" in dialog.error_text("achievements")
    assert dialog.isVisible()
    with session_scope(filled_db, write=False) as session:
        assert not get_narrative(session=session, engagement_id=engagement.id,
                                 fiscal_year=2025).saved
