"""What a sponsor reads in the 実施報告書: part-year figures never stated as final, the
practitioner's own texts, the visit log (対応者, 要点, 【非開示】), and the COI section."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from companion_testing.report_factories import (
    ACHIEVEMENTS,
    POLICY,
    TODAY,
    ReportFixture,
    add_disclosure,
    add_narrative,
    add_part_year_kpis,
    add_report_engagement,
)
from sqlmodel import select

from companion.db.database import Database
from companion.db.models import Engagement, PlanItem, Visit, VisitAction
from companion.domain.enums import (
    DisclosureKind,
    Granularity,
    KpiAggregation,
    Owner,
    PlanLevel,
    PlanStatus,
    VisitMode,
)
from companion.domain.kpi import YearActual, year_standing
from companion.errors import ValidationError
from companion.reports.builder import build_report, cut_at_sentence, disclosable
from companion.reports.model import Reporter
from companion.services.report_narratives import (
    TEXT_LIMIT,
    NarrativeText,
    get_narrative,
    save_narrative,
)
from companion.services.session import session_scope

IN_PROGRESS = date(2026, 11, 30)  # 令和8年度, eight months in
NOTES = ("製造計画の見直しを専務と確認した。冬季の仕込み量を一割増やす。原料米は地元の農家から"
         "契約で確保する。瓶詰めは外注を検討し、県内の二社から見積もりを取る。ラベルの刷新は"
         "来年度に回す。首都圏の展示会への出展は、試飲会の結果を見てから決める。"
         "冬の新酒の発表会は蔵の直売所で開き、地元の飲食店にも案内を出す。")


@pytest.fixture
def part_year(db: Database) -> ReportFixture:
    with session_scope(db) as writing:
        fixture = add_report_engagement(writing)
        add_part_year_kpis(writing, fixture.engagement, 2026, months=8)
    return fixture


# --- part-year figures ----------------------------------------------------------------

def test_a_year_in_progress_is_never_graded_nor_stated_as_achieved(
        part_year: ReportFixture, db: Database) -> None:
    with session_scope(db, write=False) as session:
        report = build_report(session=session, engagement_id=part_year.engagement.id,
                              fiscal_year=2026, today=IN_PROGRESS)
    rows = {row.name: row for row in report.kpis}
    for name in ("粗利", "廃棄ロス"):
        row = rows[name]
        assert (row.final, row.note, row.grade, row.achievement) == (
            False, "年度途中(8か月)", "", None), name
    # 廃棄ロス is lower-is-better: 760 against 1,200 would read as 157.9% and an A.
    assert rows["廃棄ロス"].actual == 760
    summary = report.outcomes
    assert "粗利の実績は年度途中(8か月)で94,240千円です" in summary
    assert "廃棄ロスの実績は年度途中(8か月)で760千円です" in summary
    assert "達成率" not in "".join(line for line in summary.splitlines() if "粗利" in line
                                   or "廃棄ロス" in line)
    # the 年度実績 recorded for 売上高 is final and graded as usual (29 / 36 = 80.6%)
    assert (rows["売上高"].final, rows["売上高"].grade) == (True, "B")
    assert report.cover.in_progress


def test_a_past_year_with_months_missing_is_not_graded_either(
        part_year: ReportFixture, db: Database) -> None:
    with session_scope(db, write=False) as session:
        report = build_report(session=session, engagement_id=part_year.engagement.id,
                              fiscal_year=2026, today=date(2027, 6, 1))
    waste = next(row for row in report.kpis if row.name == "廃棄ロス")
    assert (waste.final, waste.note, waste.grade) == (False, "8か月分のみ", "")
    assert not report.cover.in_progress


def test_year_standing_is_the_one_rule() -> None:
    eight = YearActual(760, Granularity.MONTH, 8, 8, date(2026, 11, 1))
    running = year_standing(eight, 2026, KpiAggregation.SUM, today=IN_PROGRESS)
    assert (running.final, running.note) == (False, "年度途中(8か月)")
    # a level KPI (latest value) is final once the year is over
    latest = year_standing(eight, 2026, KpiAggregation.LATEST, today=date(2027, 3, 31))
    assert latest.final
    whole = YearActual(1, Granularity.YEAR, 1, 12, date(2026, 4, 1))
    assert year_standing(whole, 2026, KpiAggregation.SUM, today=IN_PROGRESS).final


# --- wording --------------------------------------------------------------------------

def test_no_action_in_progress_is_said_in_words(db: Database) -> None:
    with session_scope(db) as writing:
        fixture = add_report_engagement(writing)
        for item in writing.exec(select(PlanItem).where(PlanItem.level == PlanLevel.ACTION)):
            item.status = PlanStatus.DONE
        writing.commit()
    with session_scope(db, write=False) as session:
        report = build_report(session=session, engagement_id=fixture.engagement.id,
                              fiscal_year=2025, today=TODAY)
    line = next(x for x in report.outcomes.splitlines() if x.startswith("行動計画"))
    assert line == "行動計画のアクション3件のうち、3件が完了、進行中のアクションはありません。"
    assert "0件" not in report.outcomes


# --- the practitioner's texts -----------------------------------------------------------

def test_the_years_texts_are_in_the_report_and_the_whole_engagement_takes_the_last(
        filled: ReportFixture, db: Database) -> None:
    with session_scope(db) as writing:
        add_narrative(writing, filled.engagement.id, 2025)
    with session_scope(db, write=False) as session:
        year = build_report(session=session, engagement_id=filled.engagement.id,
                            fiscal_year=2025, today=TODAY)
        other_year = build_report(session=session, engagement_id=filled.engagement.id,
                                  fiscal_year=2026, today=date(2027, 3, 31))
        whole = build_report(session=session, engagement_id=filled.engagement.id, today=TODAY)
    assert (year.narrative.achievements, year.narrative.next_year_policy) == (ACHIEVEMENTS, POLICY)
    assert other_year.narrative.empty
    assert whole.narrative.fiscal_year == 2025 and whole.narrative.achievements == ACHIEVEMENTS


def test_saving_texts_checks_them_and_keeps_one_row_per_year(
        filled: ReportFixture, db: Database) -> None:
    engagement_id = filled.engagement.id
    with session_scope(db) as writing:
        first = save_narrative(session=writing, engagement_id=engagement_id, fiscal_year=2025,
                               text=NarrativeText("成果。\r\n課題。  ", "", ""), today=TODAY)
        again = save_narrative(session=writing, engagement_id=engagement_id, fiscal_year=2025,
                               text=NarrativeText("成果。\n課題。", "", ""), today=TODAY)
        assert first.changed and not again.changed  # the same text, cleaned: no change
        with pytest.raises(ValidationError, match="長すぎます") as too_long:
            save_narrative(session=writing, engagement_id=engagement_id, fiscal_year=2025,
                           text=NarrativeText("", "あ" * (TEXT_LIMIT + 1), ""), today=TODAY)
        assert too_long.value.field == "next_year_policy"
        with pytest.raises(ValidationError, match="期間外") as outside:
            save_narrative(session=writing, engagement_id=engagement_id, fiscal_year=2031,
                           text=NarrativeText("成果。", "", ""), today=TODAY)
        assert outside.value.field == "fiscal_year"
    with session_scope(db, write=False) as session:
        stored = get_narrative(session=session, engagement_id=engagement_id, fiscal_year=2025)
        later = get_narrative(session=session, engagement_id=engagement_id, fiscal_year=2026)
    assert stored.text == NarrativeText("成果。\n課題。", "", "")
    assert later.previous_year == 2025 and later.previous == stored.text and not later.saved
    with session_scope(db) as writing:
        cleared = save_narrative(session=writing, engagement_id=engagement_id, fiscal_year=2025,
                                 text=NarrativeText("", " ", "\n"), today=TODAY)
    assert cleared.deleted
    with session_scope(db, write=False) as session:
        assert not get_narrative(session=session, engagement_id=engagement_id,
                                 fiscal_year=2025).saved


def test_a_saved_text_is_in_the_change_log_and_undo_takes_it_back(
        filled: ReportFixture, db: Database) -> None:
    from companion.db.models import ChangeLog
    from companion.services.undo import undo_change_set

    with session_scope(db) as writing:
        save_narrative(session=writing, engagement_id=filled.engagement.id, fiscal_year=2025,
                       text=NarrativeText("成果。", "方針。", "自走化。"), today=TODAY)
    with session_scope(db) as writing:
        entry = writing.exec(select(ChangeLog).where(ChangeLog.entity == "reportnarrative")).one()
        assert '"self_running": "自走化。"' in (entry.after or "")
        undo_change_set(session=writing, change_set=entry.change_set)
    with session_scope(db, write=False) as session:
        assert not get_narrative(session=session, engagement_id=filled.engagement.id,
                                 fiscal_year=2025).saved


# --- the visit log --------------------------------------------------------------------

def test_sentences_are_cut_whole_and_private_lines_stay_out() -> None:
    text = "試飲会の結果を共有した。首都圏の酒販店三社に提案する。価格帯は次回決める。"
    assert cut_at_sentence(text, 30) == "試飲会の結果を共有した。首都圏の酒販店三社に提案する。…"
    assert cut_at_sentence(text, 5) == "試飲会の結果を共有した。…"  # never mid-sentence
    assert cut_at_sentence(text, 100) == text
    assert disclosable("【非開示】相続の相談があった。\n販路の打合せ。\n  【非開示】借入の件") == "販路の打合せ。"


def test_the_visit_log_shows_attendees_and_never_a_private_line(db: Database) -> None:
    with session_scope(db) as writing:
        fixture = add_report_engagement(writing, visits_per_year=0)
        visit = Visit(engagement_id=fixture.engagement.id,
                      started_at=datetime(2025, 6, 10, 1, 0, tzinfo=UTC),
                      ended_at=datetime(2025, 6, 10, 3, 0, tzinfo=UTC), mode=VisitMode.ON_SITE,
                      place="蔵の事務所", attendees="山中社長、専務（同席: 湯沢市 佐々木）",
                      purpose="事業承継の相談",
                      notes="【非開示】社長の親族間で相続の話があり、承継の時期が変わりうる。\n"
                            + NOTES,
                      issues="【非開示】金融機関への返済条件の変更を検討中。")
        writing.add(visit)
        writing.add(VisitAction(visit_id=visit.id, text="【非開示】顧問税理士に相続の相談",
                                owner=Owner.BUSINESS))
        writing.add(VisitAction(visit_id=visit.id, text="仕込み計画の修正案を作る",
                                owner=Owner.SUPPORTER))
        writing.commit()
    with session_scope(db, write=False) as session:
        short = build_report(session=session, engagement_id=fixture.engagement.id,
                             fiscal_year=2025, today=TODAY)
        full = build_report(session=session, engagement_id=fixture.engagement.id,
                            fiscal_year=2025, today=TODAY, full_texts=True)
    (row,) = short.visits
    assert row.attendees == "山中社長、専務（同席: 湯沢市 佐々木）"
    (point,) = row.key_points
    assert point.endswith("。…") and NOTES.startswith(point[:-1]) and len(point) <= 121
    assert row.next_actions == ("仕込み計画の修正案を作る（支援者）",)
    (whole,) = full.visits
    assert whole.key_points == (NOTES,)
    for report in (short, full):
        texts = " ".join(t for v in report.visits for t in (*v.key_points, *v.next_actions))
        assert "相続" not in texts and "返済" not in texts and "【非開示】" not in texts


# --- conflicts of interest --------------------------------------------------------------

def test_an_interest_declared_in_the_period_is_listed_with_the_fees_it_pays(
        db: Database) -> None:
    with session_scope(db) as writing:
        fixture = add_report_engagement(writing, with_disclosure=False)
        engagement = writing.get(Engagement, fixture.engagement.id)
        assert engagement is not None
        engagement.fee_terms = "市の委託料（年額）と、新規取引先の売上に応じた成果報酬"
        # ended before the year, but declared during it: the sponsor must see it
        add_disclosure(writing, engagement=fixture.engagement, client=None,
                       kind=DisclosureKind.REVENUE_SHARE, counterpart="有限会社やまなか酒造",
                       started_on=date(2024, 4, 1), ended_on=date(2025, 3, 31))
        writing.commit()
        number_declared_late = 1
    with session_scope(db, write=False) as session:
        report = build_report(session=session, engagement_id=fixture.engagement.id,
                              fiscal_year=2025, today=TODAY, reporter=Reporter(
                                  "佐藤 美咲", "ゆざわ-Biz", "中小企業診断士"))
    assert [d.number for d in report.disclosures] == []  # declared 2024-04-01: not in 2025
    assert report.cover.practitioner == "中小企業診断士 佐藤 美咲（ゆざわ-Biz）"
    with session_scope(db) as writing:
        add_disclosure(writing, engagement=fixture.engagement, client=None,
                       kind=DisclosureKind.ADVISORY, started_on=date(2024, 4, 1),
                       ended_on=date(2025, 2, 28))
        writing.commit()
    # The factory declares on the day an interest starts; this one was declared late,
    # in 令和7年度 (the register is append-only: the row is changed here by hand).
    with session_scope(db) as writing:
        writing.connection().exec_driver_sql(
            "UPDATE disclosureversion SET declared_on = '2025-05-12' WHERE disclosure_id = "
            "(SELECT id FROM disclosure WHERE number = 2)")
        writing.commit()
    with session_scope(db, write=False) as session:
        report = build_report(session=session, engagement_id=fixture.engagement.id,
                              fiscal_year=2025, today=TODAY)
    assert [d.number for d in report.disclosures] == [number_declared_late + 1]
    fees = [(f.kind, f.paid_by) for f in report.fees]
    assert fees[0] == ("委託料・成果報酬", "湯沢市 産業振興課")
    assert ("顧問料", "有限会社やまなか酒造") in fees
