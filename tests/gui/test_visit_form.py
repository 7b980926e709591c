"""Logging a visit as a practitioner does it: keyboard only, prefilled, checked at the
field, amended later with its history kept."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest
import shiboken6
from companion_testing.sample_data import TODAY
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import col, select

from companion.db.database import Database
from companion.db.models import Engagement, PlanItem, Visit, VisitAction
from companion.domain.calendar import JST
from companion.domain.enums import Owner, PlanLevel, PlanStatus, VisitMode
from companion.services.session import session_scope
from companion.services.visits.capture import ActionDraft, VisitDraft, finalize_visit
from companion.services.visits.templates import list_templates
from companion.ui.main_window import MainWindow
from companion.ui.views.visit_form import VisitForm
from companion.ui.views.visit_timeline import VisitHistoryDialog

YAMANAKA = "有限会社やまなか酒造"


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def commit(text: str) -> None:
    """Type as a Japanese input method does: the converted text is committed at once."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(focused(), event)


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
          times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifier)


def type_keys(qtbot: QtBot, text: str) -> None:
    for character in text:
        qtbot.keyClick(focused(), character)


def closed(widget: QWidget) -> bool:
    return not shiboken6.isValid(widget) or not widget.isVisible()


def open_form(qtbot: QtBot, window: MainWindow, **kwargs: object) -> VisitForm:
    with qtbot.waitSignal(window.visit_commands.form_opened) as opening:
        if kwargs.get("visit_id"):
            window.visit_commands.open_visit(kwargs["visit_id"])  # type: ignore[arg-type]
        else:
            window.visit_commands.new_visit(kwargs.get("engagement_id"))  # type: ignore[arg-type]
    form = opening.args[0]
    qtbot.waitUntil(lambda: form.is_loaded, timeout=10_000)
    return form


def engagement_id(db: Database, client: str = YAMANAKA) -> uuid.UUID:
    with session_scope(db, write=False) as session:
        from companion.db.models import Client

        return session.exec(select(Engagement.id).join(Client, col(Client.id) == Engagement.client_id)
                            .where(Client.name == client)).one()


def saved_visits(db: Database, purpose: str) -> list[Visit]:
    with session_scope(db, write=False) as session:
        return list(session.exec(select(Visit).where(Visit.purpose == purpose)).all())


def test_log_a_visit_with_the_keyboard_only(qtbot: QtBot, window: MainWindow,
                                            filled_db: Database) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    # The engagement page is open: Ctrl+N logs a visit for it.
    target = engagement_id(filled_db, "株式会社みなと水産")
    with qtbot.waitSignal(window.detail.loaded):
        window.open_engagement(target)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    with qtbot.waitSignal(window.visit_commands.form_opened) as opening:
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = opening.args[0]
    qtbot.waitUntil(lambda: form.is_loaded, timeout=10_000)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    assert form.engagement_combo.currentData() == target
    assert form.date_edit.date() == QDate(TODAY.year, TODAY.month, TODAY.day)
    assert form.template_combo.currentText() == "定期訪問"  # there was a visit before
    assert "■前回の宿題の確認" in form.notes_edit.toPlainText()
    assert form.place_edit.text() == "加工場"  # where the last on-site visit was
    # The cursor waits in 記録, on the line under the first heading.
    assert focused() is form.notes_edit
    press(qtbot, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    commit("\n百貨店のバイヤーから試食の感想が届いた。化粧箱を地元の紙器店と作る。")
    # Back up to the hour of 開始 (Shift+Tab steps through a time's sections too), then
    # through the fields in order.
    for _ in range(12):
        press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        if (focused() is form.start_edit
                and form.start_edit.currentSection() == QDateTimeEdit.Section.HourSection):
            break
    assert focused() is form.start_edit
    type_keys(qtbot, "1330")  # 開始 13:30
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "1500")  # 終了 15:00
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.mode_combo
    press(qtbot, Qt.Key.Key_Down)  # 訪問 -> オンライン
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.distance_edit
    type_keys(qtbot, "0")
    press(qtbot, Qt.Key.Key_Return)  # Enter moves on (it never saves)
    assert focused() is form.place_edit
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    commit("Zoom(加工場と事務所をつないで)")
    press(qtbot, Qt.Key.Key_Tab)
    commit("港社長、製造担当 佐々木さん")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.purpose_edit
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    commit("EC向け詰め合わせの販路開拓")
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is form.notes_edit
    assert form.isVisible()
    press(qtbot, Qt.Key.Key_Tab)
    commit("水揚げ当日に加工できる鮮度")
    press(qtbot, Qt.Key.Key_Tab)
    commit("冬の定番商品がない")
    press(qtbot, Qt.Key.Key_Tab)
    commit("詰め合わせは3種で始める")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.action_text_edit
    commit("化粧箱の見積もりを2社から取る")
    press(qtbot, Qt.Key.Key_Return)  # added as a next action
    assert form.actions_model.rowCount() == 1
    assert focused() is form.action_text_edit
    with qtbot.waitSignal(form.saved, timeout=10_000) as saving:
        press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saving.args[0].engagement_id == target
    assert closed(form)

    [visit] = saved_visits(filled_db, "EC向け詰め合わせの販路開拓")
    local = visit.started_at.astimezone()
    assert (local.date(), local.hour, local.minute) == (TODAY, 13, 30)
    assert visit.ended_at is not None and visit.ended_at - visit.started_at == timedelta(minutes=90)
    assert visit.mode == VisitMode.ONLINE and visit.distance_km == 0.0
    assert visit.attendees == "港社長、製造担当 佐々木さん"
    assert "化粧箱を地元の紙器店と作る" in visit.notes
    assert (visit.strengths, visit.issues, visit.decisions) == (
        "水揚げ当日に加工できる鮮度", "冬の定番商品がない", "詰め合わせは3種で始める")
    assert visit.follow_up_on == TODAY + timedelta(days=30)
    assert not visit.is_draft
    with session_scope(filled_db, write=False) as session:
        [action] = session.exec(select(VisitAction).where(VisitAction.visit_id == visit.id)).all()
    assert (action.text, action.owner, action.due_on) == (
        "化粧箱の見積もりを2社から取る", Owner.BUSINESS, TODAY + timedelta(days=14))
    # The engagement page shows it at the top of its timeline.
    timeline = window.detail.timeline
    qtbot.waitUntil(lambda: timeline.model.rowCount() > 0
                    and timeline.model.entry_at(0).id == visit.id, timeout=10_000)


def test_end_before_start_is_shown_at_the_field_and_the_draft_is_kept(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    form = open_form(qtbot, window)
    form.start_edit.setTime(QTime(15, 0))
    form.end_edit.setTime(QTime(14, 0))
    form.notes_edit.setPlainText("試作品を3点評価。甘さ控えめが好評。")
    with qtbot.waitSignal(form.autosaved, timeout=10_000):
        form.save()  # refused: the autosave still keeps what was typed
    assert form.field_error("end") == "終了時刻 14:00 が開始時刻 15:00 より前です。"
    assert focused() is form.end_edit
    assert "下書きは残っています" in form.status_label.text()
    assert form.isVisible()
    with session_scope(filled_db, write=False) as session:
        draft = session.get(Visit, form.visit_id)
    assert draft is not None and draft.is_draft and "甘さ控えめ" in draft.notes
    form.end_edit.setTime(QTime(16, 0))
    assert form.field_error("end") == ""  # the message goes once the field is changed


@pytest.mark.parametrize(("setup", "field", "words"), [
    (lambda f: f.date_edit.setDate(QDate(2024, 3, 1)), "date", "案件の開始日 2024/04/01 より前"),
    (lambda f: f.purpose_edit.clear(), "purpose", "目的を入力してください"),
    (lambda f: f.distance_edit.setText("往復40"), "distance", "数字で入力してください"),
    (lambda f: f.follow_up_edit.setDate(QDate(2025, 11, 1)), "follow_up", "訪問日 2025/11/20 より前"),
])
def test_bad_input_gets_a_japanese_message_at_its_field(
        qtbot: QtBot, window: MainWindow, filled_db: Database, setup, field: str,  # type: ignore[no-untyped-def]
        words: str) -> None:
    form = open_form(qtbot, window, engagement_id=engagement_id(filled_db))
    form.notes_edit.setPlainText("販路開拓の進み具合を確認")
    setup(form)
    form.save()
    qtbot.waitUntil(lambda: form.field_error(field) != "", timeout=10_000)
    assert words in form.field_error(field)
    assert focused() is form._fields[field]
    with session_scope(filled_db, write=False) as session:
        saved = session.exec(select(Visit).where(col(Visit.notes) == "販路開拓の進み具合を確認",
                                                 col(Visit.is_draft).is_(False))).all()
    assert saved == []


def test_the_form_offers_last_times_actions_and_the_plan_actions_due(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    target = engagement_id(filled_db)
    with session_scope(filled_db) as session:
        plan = PlanItem(engagement_id=target, level=PlanLevel.ACTION, fiscal_year=2025,
                        title="首都圏の酒販店リストを作る", owner=Owner.SUPPORTER,
                        due_on=TODAY + timedelta(days=5), status=PlanStatus.IN_PROGRESS)
        session.add(plan)
        session.commit()
        open_action = ActionDraft(id=uuid.uuid4(), text="見積書を3社に送る",
                                  due_on=TODAY - timedelta(days=1))
        finalize_visit(session=session, visit_id=uuid.uuid4(), draft=VisitDraft(
            engagement_id=target, started_at=datetime(2025, 11, 19, 10, tzinfo=JST),
            ended_at=datetime(2025, 11, 19, 11, tzinfo=JST), purpose="展示会の振り返り",
            place="蔵の事務所", notes="名刺交換した3社に見積書を送る。", actions=(open_action,)))
    form = open_form(qtbot, window, engagement_id=target)
    assert "・見積書を3社に送る(事業者、11/19まで)" in form.notes_edit.toPlainText()
    item = form.open_actions_list.item(0)
    assert "見積書を3社に送る" in item.text()
    assert "首都圏の酒販店リストを作る" in form.plan_list.item(0).text()
    form.plan_list.setCurrentRow(0)
    form.add_plan_button.click()
    added = form.actions_model.action_at(0)
    assert (added.text, added.owner, added.plan_item_id) == ("首都圏の酒販店リストを作る",
                                                             Owner.SUPPORTER, plan.id)
    # Ticking last time's action marks it done at once.
    with qtbot.waitSignal(form.follow_up_changed, timeout=10_000):
        item.setCheckState(Qt.CheckState.Checked)
    with session_scope(filled_db, write=False) as session:
        done = session.get(VisitAction, open_action.id)
    assert done is not None and done.done_at is not None


def test_templates_prefill_and_users_add_their_own(qtbot: QtBot, window: MainWindow,
                                                   filled_db: Database) -> None:
    form = open_form(qtbot, window, engagement_id=engagement_id(filled_db, "丸福製麺所"))
    assert form.template_combo.currentText() == "初回面談"  # no visit yet
    assert form.notes_edit.toPlainText().startswith("■事業の概要・沿革")
    names = [form.template_combo.itemText(i) for i in range(form.template_combo.count())]
    assert names[:4] == ["初回面談", "定期訪問", "オンライン相談", "補助金申請支援"]
    # Untouched structure is replaced; typed text is kept.
    form.template_combo.setCurrentIndex(3)
    form.template_combo.activated.emit(3)
    assert form.notes_edit.toPlainText().startswith("■対象の補助金")
    assert form.mode_combo.currentText() == "来所"
    assert form.purpose_edit.text() == "補助金の申請支援"
    form.notes_edit.setPlainText("事業再構築の公募要領を読んだ。")
    form.template_combo.activated.emit(2)
    assert form.notes_edit.toPlainText().startswith("事業再構築の公募要領を読んだ。\n\n■参加者・接続")

    form.notes_edit.setPlainText("■試食会の段取り\n\n■値付け\n")
    form.purpose_edit.setText("試食会の準備")
    form.save_template("試食会の準備")
    qtbot.waitUntil(lambda: form.template_combo.currentText() == "試食会の準備(自作)",
                    timeout=10_000)
    assert form.delete_template_button.isEnabled()
    with session_scope(filled_db, write=False) as session:
        assert "試食会の準備" in [t.name for t in list_templates(session=session)]


def test_a_saved_visit_is_amended_and_its_earlier_text_kept(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    target = engagement_id(filled_db)
    with session_scope(filled_db) as session:
        saved = finalize_visit(session=session, visit_id=uuid.uuid4(), draft=VisitDraft(
            engagement_id=target, started_at=datetime(2025, 11, 18, 10, tzinfo=JST),
            ended_at=datetime(2025, 11, 18, 11, 30, tzinfo=JST), purpose="仕込みの見学",
            notes="麹室の温度管理を見学。", decisions="冬季限定酒を試作する"))
    timeline = window.detail.timeline
    with qtbot.waitSignal(timeline.loaded, timeout=20_000):
        window.open_engagement(target)

    def row_of_visit() -> int | None:
        return next((r for r in range(timeline.model.rowCount())
                     if timeline.model.entry_at(r).id == saved.visit_id), None)

    qtbot.waitUntil(lambda: row_of_visit() is not None, timeout=20_000)
    row = row_of_visit()
    assert row is not None
    timeline.view.setCurrentIndex(timeline.model.index(row, 0))
    with qtbot.waitSignal(window.visit_commands.form_opened) as opening:
        timeline.open_button.click()
    form = opening.args[0]
    qtbot.waitUntil(lambda: form.is_loaded, timeout=10_000)
    assert form.windowTitle().startswith("訪問記録の修正")
    assert form.notes_edit.toPlainText() == "麹室の温度管理を見学。"
    assert not form.discard_button.isVisible() and form.history_button.isVisible()
    form.decisions_edit.setPlainText("冬季限定酒は来年に延期")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    qtbot.waitUntil(lambda: (found := row_of_visit()) is not None
                    and timeline.model.entry_at(found).amended_at is not None, timeout=20_000)
    dialog = VisitHistoryDialog(window.worker, saved.visit_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        dialog.show()
    text = dialog.browser.toPlainText()
    assert "修正" in text and "冬季限定酒を試作する" in text and "冬季限定酒は来年に延期" in text
    amendment = dialog.revisions[-1]
    assert amendment.kind == "修正" and amendment.at.date() >= date(2025, 1, 1)
