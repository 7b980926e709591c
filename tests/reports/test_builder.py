"""The report model read from the database: what the Word writer will print."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from companion_testing.report_factories import (
    TODAY,
    ReportFixture,
    add_disclosure,
    add_report_engagement,
)
from sqlmodel import Session, col, select

from companion.db.database import Database
from companion.db.models import KpiActual, Visit
from companion.domain.calendar import JST
from companion.domain.enums import (
    DisclosureStatus,
    Granularity,
    KpiAggregation,
    KpiDirection,
    PlanLevel,
    PlanStatus,
    VisitMode,
)
from companion.errors import KnownError, NotFoundError
from companion.reports.builder import (
    achievement_of,
    build_report,
    fiscal_year_actual,
    grade_of,
)
from companion.reports.formatting import format_percent
from companion.services.session import session_scope


def test_one_fiscal_year_holds_that_years_finished_visits_in_order(
        filled: ReportFixture, session: Session) -> None:
    report = build_report(session=session, engagement_id=filled.engagement.id, fiscal_year=2025,
                          today=TODAY)
    stored = [v for v in session.exec(select(Visit).where(col(Visit.is_draft).is_(False)))
              if date(2025, 4, 1) <= v.started_at.astimezone(JST).date() <= date(2026, 3, 31)]
    assert len(report.visits) == filled.visit_count_by_year[2025] == len(stored)
    assert [v.started_at for v in report.visits] == sorted(v.started_at for v in report.visits)
    assert all(v.place != "下書き" for v in report.visits)
    assert report.cover.period_start == date(2025, 4, 1)
    assert report.cover.period_end == date(2026, 3, 31)
    assert report.fiscal_years == (2025,)
    first = report.visits[0]
    assert first.started_at.hour == 10 and first.started_at.utcoffset() is not None
    assert first.hours == pytest.approx(1.5)
    assert first.next_actions == ("酒販店への見本送付（事業者 4/17）",)
    assert first.key_points[0].startswith("強み：")


def test_visit_summary_counts_modes_hours_and_distance(filled: ReportFixture,
                                                      session: Session) -> None:
    summary = build_report(session=session, engagement_id=filled.engagement.id,
                           fiscal_year=2025, today=TODAY).visit_summary
    counts = {m.mode: m.count for m in summary.by_mode}
    assert counts == {VisitMode.ON_SITE: 6, VisitMode.ONLINE: 2, VisitMode.PHONE: 2,
                      VisitMode.AT_CENTRE: 2}
    assert summary.count == 12
    assert summary.hours == pytest.approx(6 * 1.5 + 6 * 1.0)
    assert summary.distance_km == pytest.approx(6 * 42.5)


def test_plan_is_a_tree_per_fiscal_year_with_rolled_up_progress(filled: ReportFixture,
                                                                session: Session) -> None:
    report = build_report(session=session, engagement_id=filled.engagement.id, today=TODAY)
    assert [year.fiscal_year for year in report.plan] == [2025, 2026]
    rows = report.plan[0].rows
    assert [(r.level, r.depth) for r in rows] == [
        (PlanLevel.GOAL, 0), (PlanLevel.MILESTONE, 1), (PlanLevel.ACTION, 2),
        (PlanLevel.ACTION, 2), (PlanLevel.ACTION, 2)]
    assert rows[0].progress == 50  # (100 + 50 + 0) / 3
    assert report.plan[0].count(PlanStatus.DONE) == 1
    assert report.plan[0].total() == 3


def test_kpis_compare_target_and_actual(filled: ReportFixture, session: Session) -> None:
    report = build_report(session=session, engagement_id=filled.engagement.id, fiscal_year=2025,
                          today=TODAY)
    sales, staff = report.kpis
    assert (sales.name, sales.target, sales.actual) == ("売上高", 32_000_000, 32_400_000)
    assert sales.basis == "月次12か月の合計"
    assert sales.achievement == pytest.approx(32_400_000 / 32_000_000)
    assert sales.grade == "A"
    assert (staff.actual, staff.basis, staff.grade) == (9, "直近値（12月）", "A")
    series = {s.name: s for s in report.kpi_series}
    assert [p.fiscal_year for p in series["売上高"].points] == [2025]


def test_whole_engagement_covers_every_year(filled: ReportFixture, session: Session) -> None:
    report = build_report(session=session, engagement_id=filled.engagement.id,
                          today=date(2027, 3, 31))
    assert len(report.visits) == sum(filled.visit_count_by_year.values())
    yearly = [row for row in report.kpis if row.name == "売上高"]
    assert [(r.fiscal_year, r.actual, r.basis, r.grade) for r in yearly] == [
        (2025, 32_400_000, "月次12か月の合計", "A"), (2026, 29_000_000, "年度実績", "B")]  # 29 / 36 = 80.6%
    assert [p.fiscal_year for p in report.kpi_series[0].points] == [2025, 2026]
    assert report.cover.fiscal_year is None


def test_generated_outcomes_and_the_users_own(filled: ReportFixture, session: Session) -> None:
    generated = build_report(session=session, engagement_id=filled.engagement.id,
                             fiscal_year=2025, today=TODAY)
    assert generated.outcomes_generated
    lines = generated.outcomes.splitlines()
    assert lines[0].startswith("訪問6回・オンライン2回・電話2回・来所2回、計12回")
    assert any("売上高は目標32,000,000円に対し、実績32,400,000円" in line for line in lines)
    edited = build_report(session=session, engagement_id=filled.engagement.id, fiscal_year=2025,
                          outcomes="新商品の販路が三社に広がった。\n雇用が一名増えた。", today=TODAY)
    assert not edited.outcomes_generated
    assert edited.outcomes == "新商品の販路が三社に広がった。\n雇用が一名増えた。"


def test_disclosures_that_touch_the_engagement(db: Database) -> None:
    with session_scope(db) as writing:
        fixture = add_report_engagement(writing, with_disclosure=False)
        other = add_report_engagement(writing, client_name="株式会社みずほ食品",
                                      with_disclosure=False)
        # linked, amended twice: only the latest version shows
        add_disclosure(writing, engagement=fixture.engagement, client=None,
                       counterpart="有限会社やまなか酒造", versions=3)
        # an interest in the client itself, not linked: still touches the engagement
        add_disclosure(writing, engagement=None, client=fixture.client,
                       counterpart="有限会社やまなか酒造")
        # another engagement's interest; a draft; one that ended before the period
        add_disclosure(writing, engagement=other.engagement, client=other.client,
                       counterpart="株式会社みずほ食品")
        add_disclosure(writing, engagement=fixture.engagement, client=None,
                       status=DisclosureStatus.DRAFT)
        add_disclosure(writing, engagement=fixture.engagement, client=None,
                       started_on=date(2020, 4, 1), ended_on=date(2024, 3, 31))
        writing.commit()
        engagement_id = fixture.engagement.id
    with session_scope(db, write=False) as session:
        report = build_report(session=session, engagement_id=engagement_id, fiscal_year=2025,
                              today=TODAY)
    assert [(d.number, d.version) for d in report.disclosures] == [(1, 3), (2, 1)]
    assert report.disclosures[0].amount_yen == 900_000


def test_no_disclosures_is_an_empty_list(db: Database) -> None:
    with session_scope(db) as writing:
        engagement_id = add_report_engagement(writing, with_disclosure=False).engagement.id
    with session_scope(db, write=False) as session:
        report = build_report(session=session, engagement_id=engagement_id, today=TODAY)
    assert report.disclosures == ()


def test_an_unknown_engagement_is_a_clear_error(filled: ReportFixture, session: Session) -> None:
    with pytest.raises(NotFoundError, match="案件が見つかりません"):
        build_report(session=session, engagement_id=uuid.uuid4(), today=TODAY)


@pytest.mark.parametrize("year", [2024, 2028, 1999])
def test_a_fiscal_year_outside_the_engagement_is_a_clear_error(
        filled: ReportFixture, session: Session, year: int) -> None:
    with pytest.raises(KnownError, match=f"{year}年度はこの案件の期間外です"):
        build_report(session=session, engagement_id=filled.engagement.id, fiscal_year=year,
                     today=TODAY)


def _actual(month: date, value: float, granularity: Granularity = Granularity.MONTH) -> KpiActual:
    return KpiActual(kpi_id=uuid.uuid4(), period_start=month, granularity=granularity, value=value)


def test_fiscal_year_actual_sums_flows_averages_ratios_and_takes_levels() -> None:
    months = [_actual(date(2025, m, 1), 10.0 + m) for m in (4, 5, 6)]
    assert fiscal_year_actual(months, 2025, aggregation=KpiAggregation.SUM) == (
        45.0, "月次3か月の合計", False)
    assert fiscal_year_actual(months, 2025, aggregation=KpiAggregation.AVERAGE)[0] == pytest.approx(15.0)
    assert fiscal_year_actual(months, 2025, aggregation=KpiAggregation.LATEST)[:2] == (16.0, "直近値（6月）")
    quarters = [_actual(date(2025, m, 1), 100.0, Granularity.QUARTER) for m in (4, 7, 10)]
    quarters.append(_actual(date(2026, 1, 1), 100.0, Granularity.QUARTER))
    assert fiscal_year_actual(quarters, 2025, aggregation=KpiAggregation.SUM) == (
        400.0, "四半期4期の合計", True)
    yearly = [*months, _actual(date(2025, 4, 1), 999.0, Granularity.YEAR)]
    assert fiscal_year_actual(yearly, 2025, aggregation=KpiAggregation.SUM) == (999.0, "年度実績", True)
    assert fiscal_year_actual(months, 2026, aggregation=KpiAggregation.SUM) == (None, "", False)


def test_achievement_and_grades() -> None:
    assert achievement_of(100, 80, KpiDirection.HIGHER_IS_BETTER) == pytest.approx(0.8)
    assert achievement_of(80, 100, KpiDirection.LOWER_IS_BETTER) == pytest.approx(0.8)
    assert achievement_of(None, 100, KpiDirection.HIGHER_IS_BETTER) is None
    assert [grade_of(x) for x in (1.0, 0.99, 0.8, 0.79, 0.3, 0.29, None)] == [
        "A", "B", "B", "C", "C", "D", ""]
    # graded from the percentage as printed: 79.96% is shown as 80.0% and is a B
    assert format_percent(0.7996) == "80.0%" and grade_of(0.7996) == "B"
    assert format_percent(0.99951) == "100.0%" and grade_of(0.99951) == "A"
    assert format_percent(0.29949) == "29.9%" and grade_of(0.29949) == "D"
