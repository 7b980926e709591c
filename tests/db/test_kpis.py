"""KPIs on a real database: typed numbers, targets only for covered fiscal years,
actuals per period, yearly figures by aggregation, undo, and ホーム's KPIs behind target."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from companion_testing.factories import add_engagement
from sqlmodel import select

from companion.db.database import Database
from companion.db.models import Kpi, KpiActual, KpiTarget
from companion.domain.enums import Granularity, KpiAggregation, KpiDirection
from companion.errors import ValidationError
from companion.services.kpis import (
    SUGGESTIONS,
    ActualInfo,
    KpiDraft,
    add_kpi,
    delete_kpi,
    kpi_overview,
    kpis_behind_target,
    parse_number,
    period_start_of,
    periods_of_year,
    set_kpi_actual,
    set_kpi_target,
    update_kpi,
    year_figure,
)
from companion.services.session import last_change_set, session_scope
from companion.services.undo import undo_change_set

TODAY = date(2025, 11, 20)


def run(db: Database, use_case: Callable[..., Any], **kwargs: Any) -> tuple[Any, uuid.UUID | None]:
    with session_scope(db) as session:
        result = use_case(session=session, **kwargs)
        return result, last_change_set(session)


def undo(db: Database, change_set: uuid.UUID | None) -> uuid.UUID:
    assert change_set is not None
    with session_scope(db) as session:
        return undo_change_set(session=session, change_set=change_set)


@pytest.fixture
def engagement_id(db: Database) -> uuid.UUID:
    with session_scope(db) as session:
        engagement = add_engagement(session)  # 令和7年度 to 令和9年度
        session.commit()
        return engagement.id


@pytest.fixture
def sales(db: Database, engagement_id: uuid.UUID) -> uuid.UUID:
    kpi_id, _ = run(db, add_kpi, engagement_id=engagement_id,
                    draft=KpiDraft(name="売上高", unit="千円", baseline="48,000"))
    return kpi_id  # type: ignore[no-any-return]


@pytest.mark.parametrize(("text", "value"), [
    ("1,250", 1250.0), ("１２．５", 12.5), ("△300", -300.0), ("▲1,000", -1000.0),
    ("1.2万", 12000.0), (" 48000 ", 48000.0), ("", None), (None, None), (3, 3.0)])
def test_numbers_as_practitioners_type_them(text: Any, value: float | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "12円", "1.2.3", "--5", "万"])
def test_text_that_is_not_a_number_names_the_field(text: str) -> None:
    with pytest.raises(ValidationError, match="数値で入力してください") as raised:
        parse_number(text, field="target", label="目標値")
    assert raised.value.field == "target"
    assert f"「{text}」" in raised.value.message


def test_periods_of_a_fiscal_year() -> None:
    assert periods_of_year(2025, Granularity.QUARTER) == [
        date(2025, 4, 1), date(2025, 7, 1), date(2025, 10, 1), date(2026, 1, 1)]
    assert periods_of_year(2025, Granularity.MONTH)[-1] == date(2026, 3, 1)
    assert period_start_of(date(2026, 2, 14), Granularity.QUARTER) == date(2026, 1, 1)
    assert period_start_of(date(2025, 8, 31), Granularity.QUARTER) == date(2025, 7, 1)
    assert period_start_of(date(2026, 2, 14), Granularity.YEAR) == date(2025, 4, 1)


def test_the_yearly_figure_follows_the_aggregation() -> None:
    months = [ActualInfo(date(2025, m, 1), Granularity.MONTH, float(m)) for m in (4, 5, 6)]
    assert year_figure(months, 2025, KpiAggregation.SUM).value == 15
    assert year_figure(months, 2025, KpiAggregation.SUM).basis == "月次3か月の合計"
    assert year_figure(months, 2025, KpiAggregation.AVERAGE).value == 5
    latest = year_figure(months, 2025, KpiAggregation.LATEST)
    assert (latest.value, latest.basis, latest.complete) == (6, "直近値(6月)", False)
    yearly = [*months, ActualInfo(date(2025, 4, 1), Granularity.YEAR, 100.0)]
    assert year_figure(yearly, 2025, KpiAggregation.SUM).value == 100
    assert year_figure(months, 2026, KpiAggregation.SUM).value is None


def test_targets_and_actuals_are_saved_from_typed_text_and_can_be_cleared(
        db: Database, engagement_id: uuid.UUID, sales: uuid.UUID) -> None:
    run(db, set_kpi_target, kpi_id=sales, fiscal_year=2025, value="52,000")
    run(db, set_kpi_target, kpi_id=sales, fiscal_year=2026, value="５６０００")
    run(db, set_kpi_actual, kpi_id=sales, period_start=date(2025, 4, 15),
        granularity=Granularity.MONTH, value="4,100", today=TODAY)
    run(db, set_kpi_actual, kpi_id=sales, period_start=date(2025, 5, 1),
        granularity=Granularity.MONTH, value="3,900", today=TODAY)
    with session_scope(db, write=False) as session:
        overview = kpi_overview(session=session, engagement_id=engagement_id, today=TODAY)
    kpi = overview.kpi(sales)
    assert kpi.baseline == 48000
    assert kpi.targets == {2025: 52000.0, 2026: 56000.0}
    assert kpi.actual_of(date(2025, 4, 1), Granularity.MONTH) == 4100
    assert kpi.figure(2025).value == 8000
    assert overview.fiscal_years == (2025, 2026, 2027)
    run(db, set_kpi_target, kpi_id=sales, fiscal_year=2026, value="")
    with session_scope(db, write=False) as session:
        assert kpi_overview(session=session, engagement_id=engagement_id).kpi(
            sales).targets == {2025: 52000.0}


def test_bad_kpi_input_is_refused_at_its_field_and_nothing_is_saved(
        db: Database, engagement_id: uuid.UUID, sales: uuid.UUID) -> None:
    run(db, set_kpi_target, kpi_id=sales, fiscal_year=2025, value="52000")
    cases: list[tuple[Callable[..., Any], dict[str, Any], str, str]] = [
        (set_kpi_target, {"kpi_id": sales, "fiscal_year": 2025, "value": "五万二千"},
         "target", "数値で入力"),
        (set_kpi_target, {"kpi_id": sales, "fiscal_year": 2029, "value": "60000"},
         "fiscal_year", "令和11年度はこの案件の期間"),
        (set_kpi_actual, {"kpi_id": sales, "period_start": date(2025, 6, 1),
                          "granularity": Granularity.MONTH, "value": "abc", "today": TODAY},
         "value", "売上高の実績は数値で"),
        (set_kpi_actual, {"kpi_id": sales, "period_start": date(2025, 12, 1),
                          "granularity": Granularity.MONTH, "value": "4000", "today": TODAY},
         "period", "まだ始まって"),
        (set_kpi_actual, {"kpi_id": sales, "period_start": date(2024, 12, 1),
                          "granularity": Granularity.MONTH, "value": "4000", "today": TODAY},
         "period", "期間"),
        (add_kpi, {"engagement_id": engagement_id, "draft": KpiDraft(name="売上高")},
         "name", "すでに指標「売上高」"),
        (add_kpi, {"engagement_id": engagement_id, "draft": KpiDraft(name=" ")},
         "name", "指標名を入力"),
        (add_kpi, {"engagement_id": engagement_id,
                   "draft": KpiDraft(name="客数", baseline="たくさん")}, "baseline", "基準値は数値"),
    ]
    for use_case, kwargs, field, message in cases:
        with session_scope(db) as session, pytest.raises(ValidationError, match=message) as raised:
            use_case(session=session, **kwargs)
        assert raised.value.field == field, message
    with session_scope(db, write=False) as session:
        assert [t.value for t in session.exec(select(KpiTarget))] == [52000.0]
        assert session.exec(select(KpiActual)).all() == []
        assert len(session.exec(select(Kpi)).all()) == 1


def test_kpi_edits_are_undone_and_redone(db: Database, engagement_id: uuid.UUID,
                                         sales: uuid.UUID) -> None:
    _, target = run(db, set_kpi_target, kpi_id=sales, fiscal_year=2025, value="52000")
    _, changed = run(db, set_kpi_target, kpi_id=sales, fiscal_year=2025, value="54000")
    _, renamed = run(db, update_kpi, kpi_id=sales, draft=KpiDraft(
        name="売上高(税抜)", unit="千円", aggregation=KpiAggregation.SUM, baseline=48000))
    run(db, set_kpi_actual, kpi_id=sales, period_start=date(2025, 4, 1),
        granularity=Granularity.MONTH, value=4100, today=TODAY)
    _, deleted = run(db, delete_kpi, kpi_id=sales)
    with session_scope(db, write=False) as session:
        assert session.exec(select(Kpi)).all() == []
    undo(db, deleted)
    undo(db, renamed)
    redo_change = undo(db, changed)
    with session_scope(db, write=False) as session:
        kpi = kpi_overview(session=session, engagement_id=engagement_id).kpi(sales)
    assert kpi.name == "売上高" and kpi.targets == {2025: 52000.0} and len(kpi.actuals) == 1
    undo(db, redo_change)
    with session_scope(db, write=False) as session:
        assert kpi_overview(session=session, engagement_id=engagement_id).kpi(
            sales).targets == {2025: 54000.0}
    assert target is not None


def test_suggestions_include_the_usual_four() -> None:
    assert [s.name for s in SUGGESTIONS] == ["売上高", "粗利", "客数", "従業員数"]
    assert next(s for s in SUGGESTIONS if s.name == "従業員数").aggregation == KpiAggregation.LATEST


def test_home_lists_kpis_behind_target_with_the_target_pro_rated_for_part_of_the_year(
        db: Database, engagement_id: uuid.UUID, sales: uuid.UUID) -> None:
    staff, _ = run(db, add_kpi, engagement_id=engagement_id, draft=KpiDraft(
        name="従業員数", unit="人", aggregation=KpiAggregation.LATEST, baseline=8))
    loss, _ = run(db, add_kpi, engagement_id=engagement_id, draft=KpiDraft(
        name="廃棄ロス", unit="千円", direction=KpiDirection.LOWER_IS_BETTER))
    run(db, set_kpi_target, kpi_id=sales, fiscal_year=2025, value=60000)
    run(db, set_kpi_target, kpi_id=staff, fiscal_year=2025, value=10)
    run(db, set_kpi_target, kpi_id=loss, fiscal_year=2025, value=1200)
    for month in range(4, 11):  # April to October: 7 months of 4,000 = 28,000
        day = date(2025, month, 1)
        run(db, set_kpi_actual, kpi_id=sales, period_start=day, granularity=Granularity.MONTH,
            value=4000, today=TODAY)
        run(db, set_kpi_actual, kpi_id=staff, period_start=day, granularity=Granularity.MONTH,
            value=10, today=TODAY)
        run(db, set_kpi_actual, kpi_id=loss, period_start=day, granularity=Granularity.MONTH,
            value=100, today=TODAY)  # 700 against 1,200 * 7/12 = 700: on target
    with session_scope(db, write=False) as session:
        behind = kpis_behind_target(session=session, today=TODAY)
    assert [(b.name, b.fiscal_year) for b in behind] == [("売上高", 2025)]
    assert behind[0].target == pytest.approx(35000)  # 60,000 * 7 / 12
    assert behind[0].actual == 28000
    assert behind[0].achievement == pytest.approx(0.8)
    assert behind[0].basis == "月次7か月の合計"
