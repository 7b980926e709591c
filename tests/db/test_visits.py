"""Visits as the practitioner logs them: drafts, checks, amendments and their history,
follow-ups, templates, attachments, search and the activity-days ledger."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from companion_testing.factories import add_engagement, add_visit
from sqlmodel import Session, col, func, select

from companion import cli
from companion.db.database import Database
from companion.db.models import (
    Attachment,
    ChangeLog,
    Engagement,
    PlanItem,
    Visit,
    VisitAction,
    VisitTemplate,
)
from companion.domain.calendar import JST
from companion.domain.enums import Owner, PlanLevel, PlanStatus, VisitMode
from companion.errors import KnownError, ValidationError
from companion.paths import DataPaths
from companion.reports.ledger_csv import LEDGER_COLUMNS, LEDGER_SUMMARY_COLUMNS, write_ledger_csv
from companion.services import attachments as attachment_service
from companion.services.attachments import (
    add_visit_attachment,
    attachment_content,
    clean_temp_folder,
    export_attachment,
    temp_folder,
    visit_attachments,
)
from companion.services.engagements import list_visits
from companion.services.home import home_summary
from companion.services.search import search, sponsor_choices
from companion.services.session import last_change_set, session_scope
from companion.services.storage import open_data_folder
from companion.services.visits.capture import (
    ActionDraft,
    VisitDraft,
    VisitSaved,
    amend_visit,
    discard_draft,
    finalize_visit,
    list_drafts,
    load_visit,
    parse_distance,
    save_draft,
)
from companion.services.visits.follow_ups import mark_follow_up_done
from companion.services.visits.form_context import visit_form_context
from companion.services.visits.ledger import activity_ledger
from companion.services.visits.templates import (
    BUILTIN_TEMPLATES,
    archive_template,
    list_templates,
    merge_notes,
    save_template,
    template_notes,
)
from companion.services.visits.timeline import engagement_timeline, visit_history

NOTES = ("■今日の相談内容\n首都圏の酒販店への販路開拓について、試飲会の結果を共有した。\n"
         "■次回までに\n見積書を3社に送る。")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=JST)


def _draft(engagement_id: uuid.UUID, **changes: object) -> VisitDraft:
    values: dict[str, object] = dict(
        engagement_id=engagement_id, started_at=_at(date(2025, 6, 12), 10),
        ended_at=_at(date(2025, 6, 12), 11, 30), mode=VisitMode.ON_SITE, place="蔵の事務所",
        attendees="山中社長、専務", purpose="定期訪問", notes=NOTES,
        strengths="杜氏の技術と地元米へのこだわり", issues="首都圏での認知が低い",
        decisions="試飲会を11月に東京で開く", follow_up_on=date(2025, 7, 10), distance_km=42.5,
    )
    values.update(changes)
    return VisitDraft(**values)  # type: ignore[arg-type]


@pytest.fixture
def engagement_id(db: Database) -> uuid.UUID:
    with session_scope(db) as session:
        engagement = add_engagement(session)
        session.commit()
        return engagement.id


def _visit(db: Database, visit_id: uuid.UUID) -> Visit | None:
    with session_scope(db, write=False) as session:
        return session.get(Visit, visit_id)


# --- drafts and saving -------------------------------------------------------------------

def test_autosaved_draft_keeps_everything_typed_and_logs_only_changes(
        db: Database, engagement_id: uuid.UUID) -> None:
    visit_id = uuid.uuid4()
    action = ActionDraft(id=uuid.uuid4(), text="見積書を3社に送る", owner=Owner.BUSINESS,
                         due_on=date(2025, 6, 30))
    with session_scope(db) as session:
        save_draft(session=session, visit_id=visit_id,
                   draft=_draft(engagement_id, notes="販路開", actions=(action,)))
    with session_scope(db) as session:
        save_draft(session=session, visit_id=visit_id,
                   draft=_draft(engagement_id, notes=NOTES, actions=(action,)))
    with session_scope(db) as session:  # an autosave of an unchanged form writes nothing
        save_draft(session=session, visit_id=visit_id,
                   draft=_draft(engagement_id, notes=NOTES, actions=(action,)))
        assert last_change_set(session) is None
    with session_scope(db, write=False) as session:
        record = load_visit(session=session, visit_id=visit_id)
        assert record.is_draft
        assert record.draft.notes == NOTES
        assert [a.text for a in record.draft.actions] == ["見積書を3社に送る"]
        drafts = list_drafts(session=session)
        assert [d.id for d in drafts] == [visit_id]
        assert drafts[0].client_name == "有限会社やまなか酒造"
        # a draft is in no list, count or search
        assert list_visits(session=session) == []
        assert search(session=session, query="販路開拓", kinds=("visit",)) == []


def test_a_draft_saves_even_what_a_visit_may_not_hold(db: Database,
                                                      engagement_id: uuid.UUID) -> None:
    """End before start, no purpose: kept as typed, refused only when saved."""
    day = date(2025, 6, 12)
    draft = _draft(engagement_id, purpose="", ended_at=_at(day, 9), notes="途中まで")
    with session_scope(db) as session:
        save_draft(session=session, visit_id=(visit_id := uuid.uuid4()), draft=draft)
    with session_scope(db) as session, pytest.raises(ValidationError) as refused:
        finalize_visit(session=session, visit_id=visit_id, draft=draft, tz=JST)
    assert refused.value.field == "end"
    assert "終了時刻 09:00 が開始時刻 10:00 より前です" in refused.value.message
    stored = _visit(db, visit_id)
    assert stored is not None and stored.is_draft and stored.notes == "途中まで"


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"started_at": _at(date(2025, 3, 31), 10), "ended_at": None}, "date", "開始日 2025/04/01 より前"),
    ({"started_at": _at(date(2028, 4, 3), 10), "ended_at": None}, "date", "終了予定日 2028/03/31"),
    ({"ended_at": _at(date(2025, 6, 12), 9, 45)}, "end", "開始時刻 10:00 より前"),
    ({"ended_at": _at(date(2025, 6, 14), 9)}, "end", "24時間を超えて"),
    ({"purpose": "  "}, "purpose", "目的を入力"),
    ({"place": "蔵" * 201}, "place", "場所が長すぎます"),
    ({"follow_up_on": date(2025, 6, 1)}, "follow_up", "訪問日 2025/06/12 より前"),
    ({"distance_km": -3.0}, "distance", "0〜2,000 km"),
    ({"actions": (ActionDraft(id=uuid.uuid4(), text="", due_on=date(2025, 7, 1)),)},
     "actions", "1行目の内容が空"),
])
def test_bad_input_is_refused_at_its_field_and_changes_nothing(
        db: Database, engagement_id: uuid.UUID, changes: dict[str, object], field: str,
        words: str) -> None:
    visit_id = uuid.uuid4()
    with session_scope(db) as session:
        save_draft(session=session, visit_id=visit_id, draft=_draft(engagement_id))
    with session_scope(db) as session:
        before = session.exec(select(func.count()).select_from(ChangeLog)).one()
        with pytest.raises(ValidationError) as refused:
            finalize_visit(session=session, visit_id=visit_id,
                           draft=_draft(engagement_id, **changes), tz=JST)
        assert session.exec(select(func.count()).select_from(ChangeLog)).one() == before
    assert refused.value.field == field
    assert words in refused.value.message
    stored = _visit(db, visit_id)
    assert stored is not None and stored.is_draft and stored.notes == NOTES


def test_a_next_action_may_only_move_a_plan_action_of_its_engagement(
        db: Database, engagement_id: uuid.UUID) -> None:
    with session_scope(db) as session:
        other = add_engagement(session, client_name="株式会社みなと水産", title="EC販路の立ち上げ")
        foreign = PlanItem(engagement_id=other.id, level=PlanLevel.ACTION, fiscal_year=2025,
                           title="ECサイトの開設", owner=Owner.BUSINESS,
                           status=PlanStatus.NOT_STARTED)
        session.add(foreign)
        session.commit()
        draft = _draft(engagement_id, actions=(
            ActionDraft(id=uuid.uuid4(), text="ECの準備", plan_item_id=foreign.id),))
        with pytest.raises(ValidationError, match="計画の項目がこの案件にありません") as refused:
            finalize_visit(session=session, visit_id=uuid.uuid4(), draft=draft, tz=JST)
    assert refused.value.field == "actions"


def test_finalized_visit_is_listed_and_found_and_its_empty_actions_dropped(
        db: Database, engagement_id: uuid.UUID) -> None:
    visit_id = uuid.uuid4()
    actions = (ActionDraft(id=uuid.uuid4(), text="見積書を3社に送る", owner=Owner.BUSINESS,
                           due_on=date(2025, 6, 30)),
               ActionDraft(id=uuid.uuid4(), text="  "))
    with session_scope(db) as session:
        save_draft(session=session, visit_id=visit_id,
                   draft=_draft(engagement_id, actions=actions))
    with session_scope(db) as session:
        saved = finalize_visit(session=session, visit_id=visit_id,
                               draft=_draft(engagement_id, actions=actions), tz=JST)
    assert saved == VisitSaved(visit_id, engagement_id, is_draft=False)
    with session_scope(db, write=False) as session:
        assert [line.id for line in list_visits(session=session)] == [visit_id]
        assert session.exec(select(VisitAction.text)).all() == ["見積書を3社に送る"]
        for term in ("販路開拓", "開拓"):
            hits = search(session=session, query=term, kinds=("visit",))
            assert [h.ref_id for h in hits] == [visit_id]
            assert f"【{term}】" in hits[0].snippet
        assert list_drafts(session=session) == []
    with session_scope(db) as session, pytest.raises(KnownError, match="既に保存されています"):
        save_draft(session=session, visit_id=visit_id, draft=_draft(engagement_id))


def test_an_amendment_keeps_the_earlier_text_with_the_time_of_the_change(
        db: Database, engagement_id: uuid.UUID) -> None:
    visit_id = uuid.uuid4()
    keep = ActionDraft(id=uuid.uuid4(), text="見積書を3社に送る", due_on=date(2025, 6, 30))
    with session_scope(db) as session:
        save_draft(session=session, visit_id=visit_id, draft=_draft(engagement_id))
        save_draft(session=session, visit_id=visit_id,
                   draft=_draft(engagement_id, notes=NOTES + "\n追記", actions=(keep,)))
    with session_scope(db) as session:
        finalize_visit(session=session, visit_id=visit_id,
                       draft=_draft(engagement_id, actions=(keep,)), tz=JST)
    amended = _draft(engagement_id, decisions="試飲会は12月に延期",
                     actions=(ActionDraft(id=keep.id, text="見積書を5社に送る",
                                          due_on=date(2025, 6, 30)),))
    before_amend = datetime.now(UTC)
    with session_scope(db) as session:
        amend_visit(session=session, visit_id=visit_id, draft=amended, tz=JST)
    with session_scope(db, write=False) as session:
        history = visit_history(session=session, visit_id=visit_id, tz=JST)
        timeline = engagement_timeline(session=session, engagement_id=engagement_id)
    assert [r.kind for r in history] == ["下書き", "確定", "修正"]
    amendment = history[-1]
    assert amendment.at >= before_amend
    changes = {c.label: (c.before, c.after) for c in amendment.changes}
    assert changes["決定事項"] == ("試飲会を11月に東京で開く", "試飲会は12月に延期")
    assert changes["次のアクションの内容"] == ("見積書を3社に送る", "見積書を5社に送る")
    assert timeline[0].amended_at == amendment.at
    assert timeline[0].decisions == "試飲会は12月に延期"


def test_amending_is_checked_like_saving(db: Database, engagement_id: uuid.UUID) -> None:
    with session_scope(db) as session:
        saved = finalize_visit(session=session, visit_id=uuid.uuid4(),
                               draft=_draft(engagement_id), tz=JST)
        with pytest.raises(ValidationError) as refused:
            amend_visit(session=session, visit_id=saved.visit_id,
                        draft=_draft(engagement_id, ended_at=_at(date(2025, 6, 12), 8)),
                        tz=JST)
    assert refused.value.field == "end"
    stored = _visit(db, saved.visit_id)
    assert stored is not None and stored.ended_at == _at(date(2025, 6, 12), 11, 30)


def test_discarding_a_draft_removes_it_and_its_actions(db: Database,
                                                       engagement_id: uuid.UUID) -> None:
    visit_id = uuid.uuid4()
    with session_scope(db) as session:
        save_draft(session=session, visit_id=visit_id, draft=_draft(
            engagement_id, actions=(ActionDraft(id=uuid.uuid4(), text="試作品を送る"),)))
        discard_draft(session=session, visit_id=visit_id)
        assert session.get(Visit, visit_id) is None
        assert session.exec(select(VisitAction)).all() == []
        saved = finalize_visit(session=session, visit_id=uuid.uuid4(),
                               draft=_draft(engagement_id), tz=JST)
        with pytest.raises(KnownError, match="破棄できません"):
            discard_draft(session=session, visit_id=saved.visit_id)


# --- follow-ups ----------------------------------------------------------------------------

def test_next_actions_and_follow_ups_feed_home_and_are_marked_done(
        db: Database, engagement_id: uuid.UUID) -> None:
    today = date(2025, 7, 8)
    action = ActionDraft(id=uuid.uuid4(), text="見積書を3社に送る", owner=Owner.BUSINESS,
                         due_on=date(2025, 7, 1))
    with session_scope(db) as session:
        saved = finalize_visit(session=session, visit_id=uuid.uuid4(), tz=JST,
                               draft=_draft(engagement_id, actions=(action,)))
        summary = home_summary(session=session, today=today)
        assert summary.overdue_count == 1 and summary.due_soon_count == 1
        assert summary.overdue[0].kind == "action"
        assert summary.overdue[0].text == "見積書を3社に送る"
        assert summary.overdue[0].ref_id == action.id
        assert summary.due_soon[0].kind == "visit"
        assert summary.due_soon[0].ref_id == saved.visit_id
        mark_follow_up_done(session=session, kind="action", ref_id=action.id)
        mark_follow_up_done(session=session, kind="visit", ref_id=saved.visit_id)
        summary = home_summary(session=session, today=today)
        assert (summary.overdue_count, summary.due_soon_count) == (0, 0)
        done = session.get(VisitAction, action.id)
        assert done is not None and done.done_at is not None
        first_done = done.done_at
        mark_follow_up_done(session=session, kind="action", ref_id=action.id)
        assert session.get(VisitAction, action.id).done_at == first_done  # type: ignore[union-attr]
        mark_follow_up_done(session=session, kind="action", ref_id=action.id, done=False)
        assert home_summary(session=session, today=today).overdue_count == 1


def test_the_form_is_prefilled_with_open_actions_and_plan_actions_due(
        db: Database, engagement_id: uuid.UUID) -> None:
    today = date(2025, 7, 8)
    with session_scope(db) as session:
        plan = PlanItem(engagement_id=engagement_id, level=PlanLevel.ACTION, fiscal_year=2025,
                        title="首都圏の酒販店リストを作る", owner=Owner.SUPPORTER,
                        due_on=date(2025, 7, 20), status=PlanStatus.IN_PROGRESS)
        later = PlanItem(engagement_id=engagement_id, level=PlanLevel.ACTION, fiscal_year=2025,
                         title="秋の試飲会", owner=Owner.JOINT, due_on=date(2025, 10, 1),
                         status=PlanStatus.NOT_STARTED)
        session.add_all([plan, later])
        session.commit()
        open_one = ActionDraft(id=uuid.uuid4(), text="見積書を3社に送る", due_on=date(2025, 7, 1),
                               plan_item_id=plan.id)
        done_one = ActionDraft(id=uuid.uuid4(), text="名刺を整理する", done=True)
        finalize_visit(session=session, visit_id=uuid.uuid4(), tz=JST,
                       draft=_draft(engagement_id, actions=(open_one, done_one)))
        context = visit_form_context(session=session, engagement_id=engagement_id,
                                     today=today)
    assert [a.text for a in context.open_actions] == ["見積書を3社に送る"]
    assert [p.title for p in context.plan_actions_due] == ["首都圏の酒販店リストを作る"]
    assert {p.title for p in context.plan_actions} == {"首都圏の酒販店リストを作る", "秋の試飲会"}
    assert context.suggested_place == "蔵の事務所"
    assert [t.name for t in context.templates][:4] == ["初回面談", "定期訪問", "オンライン相談",
                                                       "補助金申請支援"]
    regular = context.templates[1]
    notes = template_notes(regular, context.open_actions)
    assert "■前回の宿題の確認\n・見積書を3社に送る(事業者、7/1まで)\n" in notes


# --- templates ------------------------------------------------------------------------------

def test_users_add_their_own_templates(db: Database) -> None:
    with session_scope(db) as session:
        own = save_template(session=session, name="商談会の準備", mode=VisitMode.ONLINE,
                            purpose="商談会の準備", notes="■出展商品\n\n■商談シート\n")
        assert [t.name for t in list_templates(session=session)][-1] == "商談会の準備"
        with pytest.raises(ValidationError, match="標準のテンプレート"):
            save_template(session=session, name="定期訪問", mode=VisitMode.ON_SITE,
                          purpose="", notes="■x")
        with pytest.raises(ValidationError, match="名前を入力"):
            save_template(session=session, name=" ", mode=VisitMode.ON_SITE,
                          purpose="", notes="■x")
        assert own.id is not None
        archive_template(session=session, template_id=own.id)
        assert "商談会の準備" not in [t.name for t in list_templates(session=session)]
        again = save_template(session=session, name="商談会の準備", mode=VisitMode.ONLINE,
                              purpose="商談会", notes="■出展商品\n")
        assert again.id == own.id
        assert session.exec(select(func.count()).select_from(VisitTemplate)).one() == 1


def test_merging_a_template_never_loses_typed_text() -> None:
    template = BUILTIN_TEMPLATES[0]
    assert merge_notes("", template.notes) == template.notes
    merged = merge_notes("社長は不在、専務と面談。", template.notes)
    assert merged.startswith("社長は不在、専務と面談。\n\n■事業の概要")
    assert merge_notes(merged, template.notes) == merged


def test_distance_is_read_as_people_type_it() -> None:
    assert parse_distance("１２．５") == 12.5
    assert parse_distance("42km") == 42.0
    assert parse_distance("  ") is None
    with pytest.raises(ValidationError, match="数字で入力") as refused:
        parse_distance("往復40")
    assert refused.value.field == "distance"


# --- search ----------------------------------------------------------------------------------

def test_search_filters_by_dates_mode_and_sponsor_and_shows_the_local_day(
        db: Database, engagement_id: uuid.UUID) -> None:
    with session_scope(db) as session:
        other = add_engagement(session, client_name="株式会社みなと水産", title="加工品の新商品開発")
        # 01:00 in Japan on 6/13 is still 6/12 in UTC
        late = finalize_visit(session=session, visit_id=uuid.uuid4(), tz=JST, draft=_draft(
            engagement_id, started_at=_at(date(2025, 6, 13), 1), ended_at=None,
            notes="深夜の電話。販路開拓の相談。", mode=VisitMode.PHONE, follow_up_on=None))
        online = finalize_visit(session=session, visit_id=uuid.uuid4(), tz=JST, draft=_draft(
            other.id, started_at=_at(date(2025, 9, 1), 14), ended_at=None,
            notes="ECの販路開拓。", mode=VisitMode.ONLINE, follow_up_on=None))
        hits = search(session=session, query="販路開拓", tz=JST)
        assert {h.ref_id for h in hits if h.kind == "visit"} == {late.visit_id, online.visit_id}
        assert next(h for h in hits if h.ref_id == late.visit_id).when == "2025-06-13"
        by_mode = search(session=session, query="販路開拓", mode=VisitMode.ONLINE, tz=JST)
        assert [h.ref_id for h in by_mode] == [online.visit_id]
        assert by_mode[0].mode == "オンライン"
        in_june = search(session=session, query="開拓", date_from=date(2025, 6, 13),
                         date_to=date(2025, 6, 30), tz=JST, kinds=("visit",))
        assert [h.ref_id for h in in_june] == [late.visit_id]
        before_13th = search(session=session, query="開拓", date_to=date(2025, 6, 12), tz=JST,
                             kinds=("visit",))
        assert before_13th == []
        sponsors = sponsor_choices(session=session)
        engagement = session.get(Engagement, engagement_id)
        assert engagement is not None and engagement.sponsor_id in {s.id for s in sponsors}
        by_sponsor = search(session=session, query="販路開拓", sponsor_id=engagement.sponsor_id)
        assert {h.engagement_id for h in by_sponsor} == {engagement_id}
        with pytest.raises(ValidationError, match="終わりが始まりより前") as refused:
            search(session=session, query="販路", date_from=date(2025, 7, 1),
                   date_to=date(2025, 6, 1))
        assert refused.value.field == "date_to"


# --- ledger ------------------------------------------------------------------------------------

def test_activity_ledger_counts_days_and_hours_per_client_in_japan_time(
        db: Database, engagement_id: uuid.UUID, tmp_path: Path) -> None:
    with session_scope(db) as session:
        other = add_engagement(session, client_name="株式会社みなと水産", title="加工品の新商品開発")
        session.commit()
        plan = [  # engagement, day, start, end, mode
            (engagement_id, date(2025, 4, 1), (0, 30), (2, 30), VisitMode.ON_SITE),  # 00:30 JST
            (engagement_id, date(2025, 6, 12), (10, 0), (11, 30), VisitMode.ON_SITE),
            (engagement_id, date(2025, 6, 12), (15, 0), (16, 0), VisitMode.PHONE),
            (engagement_id, date(2026, 3, 31), (13, 0), (16, 0), VisitMode.AT_CENTRE),
            (engagement_id, date(2026, 4, 1), (10, 0), (12, 0), VisitMode.ON_SITE),  # next year
            (other.id, date(2025, 9, 1), (9, 0), (12, 0), VisitMode.AT_CENTRE),
            (other.id, date(2025, 9, 8), (9, 0), (12, 0), VisitMode.AT_CENTRE),
        ]
        for engagement, day, start, end, mode in plan:
            finalize_visit(session=session, visit_id=uuid.uuid4(), tz=JST, draft=_draft(
                engagement, started_at=_at(day, *start), ended_at=_at(day, *end), mode=mode,
                follow_up_on=None, decisions="■試飲会を東京で開く\n詳細は後日"))
        save_draft(session=session, visit_id=uuid.uuid4(), draft=_draft(
            engagement_id, started_at=_at(date(2025, 5, 1), 10)))  # drafts never count
        ledger = activity_ledger(session=session, fiscal_year=2025)
    by_name = {c.client_name: c for c in ledger.clients}
    assert set(by_name) == {"有限会社やまなか酒造", "株式会社みなと水産"}
    yamanaka, minato = by_name["有限会社やまなか酒造"], by_name["株式会社みなと水産"]
    assert [e.day for e in yamanaka.entries] == [date(2025, 4, 1), date(2025, 6, 12),
                                                 date(2025, 6, 12), date(2026, 3, 31)]
    assert yamanaka.days == 3 and yamanaka.on_site_days == 2
    assert yamanaka.hours == pytest.approx(2 + 1.5 + 1 + 3)
    assert yamanaka.points_estimate == 2  # 2 on-site days; 3 h at the centre is under 5 h
    assert minato.days == 2 and minato.hours == 6 and minato.points_estimate == 1
    assert yamanaka.period_start == date(2025, 4, 1) and yamanaka.period_end == date(2026, 3, 31)
    assert yamanaka.entries[1].content == "定期訪問: 試飲会を東京で開く"

    out = write_ledger_csv(ledger, tmp_path / "実務従事_令和7年度.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads it as Japanese
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == list(LEDGER_COLUMNS)
    first_row = next(row for row in rows if row[1] == "有限会社やまなか酒造")
    assert first_row[:10] == ["令和7年度", "有限会社やまなか酒造", "山中 健一",
                            "首都圏への販路開拓と蔵元ブランドの再構築", "2025/04/01〜2026/03/31",
                            "2025/04/01", "火", "00:30", "02:30", "2"]
    summary_at = rows.index(list(LEDGER_SUMMARY_COLUMNS))
    totals = {row[0]: row for row in rows[summary_at + 1:]}
    assert totals["有限会社やまなか酒造"] == ["有限会社やまなか酒造", "山中 健一",
                                              "2025/04/01〜2026/03/31", "3", "2", "7.5", "4", "2"]
    assert len(rows) == 1 + 6 + 1 + 1 + 2  # header, visits, blank, header, totals
    with pytest.raises(KnownError, match=r"\.csv"):
        write_ledger_csv(ledger, tmp_path / "ledger.xlsx")
    with pytest.raises(KnownError, match="フォルダがありません"):
        write_ledger_csv(ledger, tmp_path / "ない" / "ledger.csv")


def test_ledger_command_writes_the_csv(db: Database, engagement_id: uuid.UUID, tmp_path: Path,
                                       data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    with session_scope(db) as session:
        finalize_visit(session=session, visit_id=uuid.uuid4(), tz=JST,
                       draft=_draft(engagement_id))
    db.close()
    # The CLI encrypts the plain test database in place; it asks for a passphrase.
    monkeypatch.setenv("COMPANION_PASSPHRASE", "台帳のための長い合言葉")
    out = tmp_path / "実務従事.csv"
    code = cli.main(["--data-dir", str(data_paths.root), "ledger", "--fiscal-year", "2025",
                     "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "活動日数台帳を書き出しました" in printed.out
    assert "有限会社やまなか酒造\t1日\t1.5時間" in printed.out
    assert "有限会社やまなか酒造" in out.read_text(encoding="utf-8-sig")
    code = cli.main(["--data-dir", str(data_paths.root), "ledger", "--fiscal-year", "2025",
                     "--out", str(tmp_path / "ledger.txt")])
    assert code == 2
    assert "拡張子は .docx / .xlsx / .csv" in capsys.readouterr().err


# --- attachments -----------------------------------------------------------------------------

PASSPHRASE = "りんご畑の見える事務所"


@pytest.fixture
def opened(data_paths: DataPaths):  # type: ignore[no-untyped-def]
    opened = open_data_folder(data_paths, ask=lambda _p: PASSPHRASE, create=True)
    yield opened
    opened.db.close()


def _draft_visit(session: Session) -> uuid.UUID:
    engagement = add_engagement(session)
    session.commit()
    visit_id = uuid.uuid4()
    save_draft(session=session, visit_id=visit_id, draft=_draft(engagement.id))
    return visit_id


@pytest.mark.parametrize("name", ["試作品の写真.jpg", "صورة المنتج.png", "фото_склада.jpg",
                                  "見積書(第2版)🍶.pdf", "売上表 2025.xlsx"])
def test_files_named_in_any_script_are_attached_once_and_open_with_their_name(
        opened, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / name
    source.write_bytes("新しい羊羹のパッケージ案".encode() * 4000)
    with session_scope(opened.db) as session:
        visit_id = _draft_visit(session)
        first = add_visit_attachment(session=session, database=opened.db,
                                     visit_id=visit_id, source=source)
        second = add_visit_attachment(session=session, database=opened.db,
                                      visit_id=visit_id, source=source)
        assert [a.file_name for a in visit_attachments(session=session,
                                                       visit_id=visit_id)] == [name, name]
        opened_copy = export_attachment(session=session, database=opened.db,
                                        attachment_id=second.id)
        content = attachment_content(session=session, database=opened.db,
                                     attachment_id=first.id)
    blobs = [p for p in opened.db.paths.attachments.rglob("*") if p.is_file()]
    assert len(blobs) == 1 and first.sha256 == second.sha256
    assert opened_copy.name == name.replace("/", "_")
    assert opened_copy.is_relative_to(opened.db.paths.root / "tmp")
    assert opened_copy.read_bytes() == source.read_bytes() == content


def test_a_decomposed_mac_file_name_is_stored_composed(opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import unicodedata

    source = tmp_path / unicodedata.normalize("NFD", "ガイドブック.pdf")
    source.write_bytes(b"%PDF-1.7 test")
    with session_scope(opened.db) as session:
        visit_id = _draft_visit(session)
        info = add_visit_attachment(session=session, database=opened.db,
                                    visit_id=visit_id, source=source)
    assert info.file_name == "ガイドブック.pdf" and len(info.file_name) == 10


def test_missing_unreadable_or_huge_files_are_refused_and_the_draft_kept(
        opened, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    with session_scope(opened.db) as session:
        visit_id = _draft_visit(session)
        with pytest.raises(ValidationError, match="見つかりません") as missing:
            add_visit_attachment(session=session, database=opened.db, visit_id=visit_id,
                                 source=tmp_path / "ない写真.jpg")
        assert missing.value.field == "attachment"
        with pytest.raises(ValidationError, match="ファイルではありません"):
            add_visit_attachment(session=session, database=opened.db, visit_id=visit_id,
                                 source=tmp_path)
        big = tmp_path / "動画.mp4"
        big.write_bytes(bytes(2048))
        monkeypatch.setattr(attachment_service, "MAX_ATTACHMENT_BYTES", 1024)
        with pytest.raises(ValidationError, match="上限 200 MB"):
            add_visit_attachment(session=session, database=opened.db, visit_id=visit_id,
                                 source=big)
        assert session.exec(select(Attachment)).all() == []
        stored = session.get(Visit, visit_id)
        assert stored is not None and stored.is_draft and stored.notes == NOTES


def test_old_decrypted_copies_are_cleaned_up(opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import os

    folder = temp_folder(opened.db)
    old = folder / "abc" / "古い見積書.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF")
    os.utime(old.parent, (0, 0))
    fresh = folder / "def" / "新しい見積書.pdf"
    fresh.parent.mkdir(parents=True)
    fresh.write_bytes(b"%PDF")
    assert clean_temp_folder(folder) == 1
    assert not old.exists() and fresh.exists()


def test_visits_in_no_engagement_are_refused(db: Database) -> None:
    with session_scope(db) as session, pytest.raises(ValidationError) as refused:
        finalize_visit(session=session, visit_id=uuid.uuid4(), tz=JST,
                       draft=_draft(uuid.uuid4()))
    assert refused.value.field == "engagement"
    with session_scope(db, write=False) as session:
        assert session.exec(select(func.count()).select_from(Visit)).one() == 0
        assert session.exec(select(col(Visit.id))).all() == []


def test_existing_visits_of_other_code_show_in_the_timeline(db: Database) -> None:
    with session_scope(db) as session:
        engagement = add_engagement(session)
        add_visit(session, engagement, notes="杜氏と面談", day=date(2025, 5, 1))
        add_visit(session, engagement, notes="試飲会の振り返り", day=date(2025, 6, 1))
        session.commit()
        timeline = engagement_timeline(session=session, engagement_id=engagement.id)
    assert [t.notes for t in timeline] == ["試飲会の振り返り", "杜氏と面談"]
    assert all(t.amended_at is None for t in timeline)
