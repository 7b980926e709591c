"""Drafts survive anything: a killed process, a closed form, a closed window."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import uuid
from datetime import datetime
from pathlib import Path

import pytest
import shiboken6
from companion_testing.sample_data import TODAY, fill_sample_data
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import col, select

from companion.db.database import Database
from companion.db.models import Client, Engagement, Visit
from companion.domain.calendar import JST
from companion.paths import DataPaths
from companion.services.session import session_scope
from companion.services.storage import open_data_folder
from companion.services.visits.capture import VisitDraft, finalize_visit, list_drafts
from companion.ui.main_window import MainWindow
from companion.ui.tasks import DbWorker
from companion.ui.views.visit_form import ChoiceDialog, VisitForm
from companion.ui.views.visits import DraftOfferDialog

WRITER = Path(__file__).with_name("visit_draft_writer.py")
PASSPHRASE = "峠の茶屋で書いた記録"
TYPED = ("■今日の相談内容\n道の駅での試飲会について。販路開拓の第一歩として週末に実施する。\n"
         "社長「蔵の裏山の湧き水の話をもっと前に出したい」\n")


def _drafts(db: Database) -> list[Visit]:
    with session_scope(db, write=False) as session:
        return list(session.exec(select(Visit).where(col(Visit.is_draft).is_(True))).all())


def _open_window(qtbot: QtBot, paths: DataPaths, opener) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(paths=paths, worker=DbWorker(), today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=15_000):
        window.open_data(opener)
    return window


def _type_and_kill(data_paths: DataPaths, text: str, visit_id: uuid.UUID | None = None) -> None:
    """Type ``text`` in a visit form of another process (a new visit, or an amendment
    of ``visit_id``), wait for its autosave, then kill the process."""
    arguments = [sys.executable, str(WRITER), str(data_paths.root), PASSPHRASE, text]
    if visit_id is not None:
        arguments.append(str(visit_id))
    with subprocess.Popen(
        arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        text=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    ) as process:
        watchdog = threading.Timer(60, process.kill)  # never hang the test run
        watchdog.start()
        try:
            assert process.stdout is not None
            line = process.stdout.readline().strip()
            assert line == "saved", process.stderr.read() if process.stderr else ""
            process.send_signal(signal.SIGKILL)  # no close, no flush, no goodbye
            assert process.wait() == -signal.SIGKILL
        finally:
            watchdog.cancel()


@pytest.mark.slow
def test_text_typed_before_a_kill_is_offered_when_the_app_reopens(
        qtbot: QtBot, data_paths: DataPaths) -> None:
    opened = open_data_folder(data_paths, ask=lambda _p: PASSPHRASE, create=True)
    with session_scope(opened.db) as session:
        fill_sample_data(session, visits=20)
        session.commit()
    opened.db.close()
    _type_and_kill(data_paths, TYPED)

    window = _open_window(qtbot, data_paths, lambda: open_data_folder(
        data_paths, ask=lambda _p: PASSPHRASE).db)
    qtbot.waitUntil(lambda: _visible(DraftOfferDialog) is not None, timeout=10_000)
    offer = _visible(DraftOfferDialog)
    assert isinstance(offer, DraftOfferDialog)
    assert "下書きが1件あります" in offer.text_label.text()
    assert "有限会社やまなか酒造" in offer.list.item(0).text()  # visited last: chosen first
    commands = window.visit_commands
    with qtbot.waitSignal(commands.form_opened) as opening:
        offer.open_button.click()
    form = opening.args[0]
    assert isinstance(form, VisitForm)
    qtbot.waitUntil(lambda: form.is_loaded, timeout=10_000)
    assert TYPED in form.notes_edit.toPlainText()
    assert form.windowTitle().startswith("訪問を記録(下書き)")
    form.purpose_edit.setText("試飲会の相談")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    window.close()
    reopened = open_data_folder(data_paths, ask=lambda _p: PASSPHRASE)
    try:
        assert _drafts(reopened.db) == []
        with session_scope(reopened.db, write=False) as session:
            saved = session.exec(select(Visit).where(Visit.purpose == "試飲会の相談")).one()
        assert TYPED in saved.notes
    finally:
        reopened.db.close()


def closed(widget: QWidget) -> bool:
    """Closed (a form deletes itself when it closes)."""
    return not shiboken6.isValid(widget) or not widget.isVisible()


def _visible(kind: type) -> object | None:
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, kind) and w.isVisible()), None)


def _new_form(qtbot: QtBot, window: MainWindow) -> VisitForm:
    with qtbot.waitSignal(window.visit_commands.form_opened) as opening:
        window.visit_commands.new_visit_action.trigger()
    form = opening.args[0]
    qtbot.waitUntil(lambda: form.is_loaded, timeout=10_000)
    return form


def test_closing_the_form_asks_and_keeps_the_draft(qtbot: QtBot, window: MainWindow,
                                                   filled_db: Database) -> None:
    form = _new_form(qtbot, window)
    form.notes_edit.setPlainText("商談会の出展申込書を一緒に確認した。")
    form.close_button.click()
    dialog = form.close_dialog
    assert isinstance(dialog, ChoiceDialog)
    assert "まだ保存されていません" in dialog.text_label.text()
    assert dialog.buttons["draft"].isDefault()
    dialog.buttons["draft"].click()
    qtbot.waitUntil(lambda: len(_drafts(filled_db)) == 1, timeout=10_000)
    assert _drafts(filled_db)[0].notes == "商談会の出展申込書を一緒に確認した。"
    assert closed(form)

    # The 訪問記録 page says so, and offers it again.
    page = window.visits
    with qtbot.waitSignal(page.loaded):
        window.show_page(window.VISITS)
    qtbot.waitUntil(lambda: page.drafts_box.isVisibleTo(page))
    assert "下書きが1件あります" in page.drafts_label.text()
    page.drafts_button.click()
    qtbot.waitUntil(lambda: _visible(DraftOfferDialog) is not None)
    offer = _visible(DraftOfferDialog)
    assert isinstance(offer, DraftOfferDialog)
    with qtbot.waitSignal(window.visit_commands.form_opened) as opening:
        offer.open_button.click()
    again = opening.args[0]
    qtbot.waitUntil(lambda: again.is_loaded, timeout=10_000)
    assert again.notes_edit.toPlainText() == "商談会の出展申込書を一緒に確認した。"
    # Closing a reopened draft untouched asks nothing: it stays a draft.
    again.close_button.click()
    assert closed(again)
    assert len(_drafts(filled_db)) == 1


def test_discarding_asks_and_removes_the_draft(qtbot: QtBot, window: MainWindow,
                                               filled_db: Database) -> None:
    form = _new_form(qtbot, window)
    form.notes_edit.setPlainText("書きかけ")
    with qtbot.waitSignal(form.autosaved, timeout=10_000):
        form.save_draft_now()
    assert len(_drafts(filled_db)) == 1
    form.discard_button.click()
    dialog = form.close_dialog
    assert dialog.buttons["cancel"].isDefault()  # discarding is never the default
    with qtbot.waitSignal(form.discarded, timeout=10_000):
        dialog.buttons["discard"].click()
    qtbot.waitUntil(lambda: _drafts(filled_db) == [], timeout=10_000)


def test_closing_the_window_keeps_every_open_draft(qtbot: QtBot, window: MainWindow,
                                                   filled_db: Database) -> None:
    form = _new_form(qtbot, window)
    form.notes_edit.setPlainText("窓を閉じても残るはずの記録")
    window.close()  # no question: the draft is written before the database closes
    notes = [visit.notes for visit in _drafts(filled_db)]
    assert notes == ["窓を閉じても残るはずの記録"]


def test_a_new_form_closed_untouched_leaves_nothing(qtbot: QtBot, window: MainWindow,
                                                    filled_db: Database) -> None:
    form = _new_form(qtbot, window)
    assert "■事業の概要" in form.notes_edit.toPlainText() or "■前回" in form.notes_edit.toPlainText()
    form.close_button.click()
    assert closed(form)
    assert _drafts(filled_db) == []


@pytest.mark.slow
def test_an_amendment_typed_before_a_kill_is_offered_back(
        qtbot: QtBot, data_paths: DataPaths) -> None:
    opened = open_data_folder(data_paths, ask=lambda _p: PASSPHRASE, create=True)
    with session_scope(opened.db) as session:
        [yamanaka, *_rest] = fill_sample_data(session, visits=20)
        session.commit()
        saved = finalize_visit(session=session, visit_id=uuid.uuid4(), draft=VisitDraft(
            engagement_id=yamanaka.id, started_at=datetime(2025, 11, 18, 10, tzinfo=JST),
            ended_at=datetime(2025, 11, 18, 11, tzinfo=JST), purpose="仕込みの見学",
            notes="麹室の温度管理を見学。\n"))
    opened.db.close()
    added = "杜氏から、来季は麹の量を一割増やすと聞いた。\n"
    _type_and_kill(data_paths, added, saved.visit_id)

    window = _open_window(qtbot, data_paths, lambda: open_data_folder(
        data_paths, ask=lambda _p: PASSPHRASE).db)
    qtbot.waitUntil(lambda: _visible(DraftOfferDialog) is not None, timeout=10_000)
    offer = _visible(DraftOfferDialog)
    assert isinstance(offer, DraftOfferDialog)
    assert "下書きが1件あります" in offer.text_label.text()
    assert "仕込みの見学(2025/11/18の訪問の修正" in offer.list.item(0).text()
    assert "来季は麹の量を一割増やす" in offer.list.item(0).text()
    with qtbot.waitSignal(window.visit_commands.form_opened) as opening:
        offer.open_button.click()
    form = opening.args[0]
    qtbot.waitUntil(lambda: form.is_loaded, timeout=10_000)
    assert form.visit_id == saved.visit_id
    assert form.windowTitle().startswith("訪問記録の修正")
    assert form.notes_edit.toPlainText() == "麹室の温度管理を見学。\n" + added
    assert "保存されていない修正" in form.status_label.text()
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    window.close()
    reopened = open_data_folder(data_paths, ask=lambda _p: PASSPHRASE)
    try:
        assert _drafts(reopened.db) == []
        with session_scope(reopened.db, write=False) as session:
            visit = session.get(Visit, saved.visit_id)
            assert visit is not None and not visit.is_draft
            assert visit.notes == "麹室の温度管理を見学。\n" + added
    finally:
        reopened.db.close()


def test_an_amendment_is_autosaved_and_closing_can_drop_it(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    with session_scope(filled_db) as session:
        engagement_id = session.exec(
            select(Engagement.id).join(Client, col(Client.id) == Engagement.client_id)
            .where(Client.name == "有限会社やまなか酒造")).one()
        saved = finalize_visit(session=session, visit_id=uuid.uuid4(), draft=VisitDraft(
            engagement_id=engagement_id, started_at=datetime(2025, 11, 18, 10, tzinfo=JST),
            purpose="売上の振り返り", notes="10月の売上は前年比112%。"))
    with qtbot.waitSignal(window.visit_commands.form_opened) as opening:
        window.visit_commands.open_visit(saved.visit_id)
    form = opening.args[0]
    qtbot.waitUntil(lambda: form.is_loaded, timeout=10_000)
    form.notes_edit.setPlainText("10月の売上は前年比112%。贈答用が伸びた。")
    with qtbot.waitSignal(form.autosaved, timeout=10_000):
        form.save_draft_now()
    with session_scope(filled_db, write=False) as session:
        visit = session.get(Visit, saved.visit_id)
        assert visit is not None and visit.notes == "10月の売上は前年比112%。"  # not yet
        offered = list_drafts(session=session)
    [line] = [d for d in offered if d.amends == saved.visit_id]
    assert line.excerpt == "10月の売上は前年比112%。贈答用が伸びた。"

    form.close_button.click()
    dialog = form.close_dialog
    assert isinstance(dialog, ChoiceDialog)
    assert set(dialog.buttons) == {"save", "draft", "drop", "cancel"}
    assert dialog.buttons["draft"].isDefault()
    with qtbot.waitSignal(form.discarded, timeout=10_000):
        dialog.buttons["drop"].click()
    qtbot.waitUntil(lambda: _drafts(filled_db) == [], timeout=10_000)
    with session_scope(filled_db, write=False) as session:
        visit = session.get(Visit, saved.visit_id)
        assert visit is not None and visit.notes == "10月の売上は前年比112%。"


def test_draft_excerpts_show_what_was_written_not_the_template(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    form = _new_form(qtbot, window)
    notes = form.notes_edit.toPlainText()
    assert notes.startswith("■")
    form.notes_edit.setPlainText(notes.replace(
        "■今日の相談内容\n", "■今日の相談内容\n【現状】\n【課題】冬の仕込み人員が足りない。\n", 1))
    with qtbot.waitSignal(form.autosaved, timeout=10_000):
        form.save_draft_now()
    with session_scope(filled_db, write=False) as session:
        [line] = list_drafts(session=session)
    assert line.excerpt == "冬の仕込み人員が足りない。"
    form.keep_as_draft()
    form.close()
    window.visit_commands.offer_drafts()
    qtbot.waitUntil(lambda: _visible(DraftOfferDialog) is not None, timeout=10_000)
    offer = _visible(DraftOfferDialog)
    assert isinstance(offer, DraftOfferDialog)
    shown = offer.list.item(0).text()
    assert shown.endswith("\n冬の仕込み人員が足りない。") and "■" not in shown
