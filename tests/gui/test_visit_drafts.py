"""Drafts survive anything: a killed process, a closed form, a closed window."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import shiboken6
from companion_testing.sample_data import TODAY, fill_sample_data
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import col, select

from companion.db.database import Database
from companion.db.models import Visit
from companion.paths import DataPaths
from companion.services.session import session_scope
from companion.services.storage import open_data_folder
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


@pytest.mark.slow
def test_text_typed_before_a_kill_is_offered_when_the_app_reopens(
        qtbot: QtBot, data_paths: DataPaths) -> None:
    opened = open_data_folder(data_paths, ask=lambda _p: PASSPHRASE, create=True)
    with session_scope(opened.db) as session:
        fill_sample_data(session, visits=20)
        session.commit()
    opened.db.close()

    with subprocess.Popen(
        [sys.executable, str(WRITER), str(data_paths.root), PASSPHRASE, TYPED],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
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
