"""Reading an engagement's KPIs: each indicator with its targets per fiscal year and its
actuals, the yearly figure its aggregation makes of them, and the listing of
``companion list kpis``. The one query of the KPI screen and ホーム
(``services.kpis``) and of the command line's listing on the lean path."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from companion.db.reads import (
    Connection,
    day_of,
    id_parameter,
    placeholders,
    rows,
    uuid_of,
)
from companion.domain.calendar import fiscal_year_label, fiscal_year_of
from companion.domain.enums import Granularity, KpiAggregation, KpiDirection
from companion.domain.kpi import achievement, year_actual
from companion.domain.plan import covered_fiscal_years
from companion.errors import EngagementNotFound


def period_label(period_start: date, granularity: Granularity) -> str:
    """4月 / 第1四半期 / 令和7年度."""
    if granularity == Granularity.MONTH:
        return f"{period_start.month}月"
    if granularity == Granularity.QUARTER:
        return f"第{(period_start.month - 4) % 12 // 3 + 1}四半期"
    return fiscal_year_label(fiscal_year_of(period_start))


@dataclass(frozen=True)
class ActualInfo:
    period_start: date
    granularity: Granularity
    value: float


@dataclass(frozen=True)
class YearFigure:
    """A fiscal year's actual as the KPI's aggregation makes it."""

    value: float | None
    months: int  # how many months the recorded periods cover (12: the whole year)
    basis: str  # 年度実績 / 月次7か月の合計 / 四半期2期の平均 / 直近値(9月)

    @property
    def complete(self) -> bool:
        return self.months >= 12


def year_figure(actuals: Iterable[ActualInfo], fiscal_year: int,
                aggregation: KpiAggregation) -> YearFigure:
    """The actual of a fiscal year (companion.domain.kpi), with its basis for the screen."""
    figure = year_actual(actuals, fiscal_year, aggregation)
    if figure.source is None or figure.last is None:
        return YearFigure(None, 0, "")
    if figure.source == Granularity.YEAR:
        return YearFigure(figure.value, 12, "年度実績")
    if aggregation == KpiAggregation.LATEST:
        return YearFigure(figure.value, figure.months,
                          f"直近値({period_label(figure.last, figure.source)})")
    label = (f"四半期{figure.periods}期" if figure.source == Granularity.QUARTER
             else f"月次{figure.periods}か月")
    how = "平均" if aggregation == KpiAggregation.AVERAGE else "合計"
    return YearFigure(figure.value, figure.months, f"{label}の{how}")


@dataclass(frozen=True)
class KpiDraft:
    name: str
    unit: str = ""
    direction: KpiDirection = KpiDirection.HIGHER_IS_BETTER
    aggregation: KpiAggregation = KpiAggregation.SUM
    baseline: str | float | None = None
    baseline_on: date | None = None


@dataclass(frozen=True)
class KpiInfo:
    id: uuid.UUID
    name: str
    unit: str
    direction: KpiDirection
    aggregation: KpiAggregation
    baseline: float | None
    baseline_on: date | None
    position: int
    targets: dict[int, float]
    actuals: tuple[ActualInfo, ...]

    def figure(self, fiscal_year: int) -> YearFigure:
        return year_figure(self.actuals, fiscal_year, self.aggregation)

    def actual_of(self, period_start: date, granularity: Granularity) -> float | None:
        return next((a.value for a in self.actuals
                     if a.period_start == period_start and a.granularity == granularity), None)

    @property
    def draft(self) -> KpiDraft:
        return KpiDraft(name=self.name, unit=self.unit, direction=self.direction,
                        aggregation=self.aggregation, baseline=self.baseline,
                        baseline_on=self.baseline_on)


@dataclass(frozen=True)
class KpiOverview:
    engagement_id: uuid.UUID
    engagement_title: str
    start_on: date
    planned_end_on: date | None
    fiscal_years: tuple[int, ...]  # covered by the engagement
    kpis: tuple[KpiInfo, ...]

    def kpi(self, kpi_id: uuid.UUID) -> KpiInfo:
        return next(k for k in self.kpis if k.id == kpi_id)


def kpi_infos(connection: Connection, kpi_ids: Sequence[uuid.UUID]) -> list[KpiInfo]:
    """These KPIs (in the order of ``kpi_ids``) with their targets and actuals."""
    if not kpi_ids:
        return []
    ids = [id_parameter(kpi_id) for kpi_id in kpi_ids]
    listed = placeholders(ids)
    kpis = {uuid_of(kpi_id): row for kpi_id, *row in rows(connection, f"""
        SELECT id, name, unit, direction, aggregation, baseline, baseline_on, position
        FROM kpi WHERE id IN ({listed})""", ids)}
    targets: dict[uuid.UUID, dict[int, float]] = defaultdict(dict)
    for kpi_id, fiscal_year, value in rows(connection, f"""
            SELECT kpi_id, fiscal_year, value FROM kpitarget WHERE kpi_id IN ({listed})""", ids):
        targets[uuid_of(kpi_id)][fiscal_year] = value
    actuals: dict[uuid.UUID, list[ActualInfo]] = defaultdict(list)
    for kpi_id, period_start, granularity, value in rows(connection, f"""
            SELECT kpi_id, period_start, granularity, value FROM kpiactual
            WHERE kpi_id IN ({listed}) ORDER BY period_start""", ids):
        actuals[uuid_of(kpi_id)].append(ActualInfo(date.fromisoformat(period_start),
                                                   Granularity[granularity], value))
    infos = []
    for kpi_id in kpi_ids:
        name, unit, direction, aggregation, baseline, baseline_on, position = kpis[kpi_id]
        infos.append(KpiInfo(
            id=kpi_id, name=name, unit=unit, direction=KpiDirection[direction],
            aggregation=KpiAggregation[aggregation], baseline=baseline,
            baseline_on=day_of(baseline_on), position=position,
            targets=dict(sorted(targets[kpi_id].items())), actuals=tuple(actuals[kpi_id])))
    return infos


def kpi_overview_of(connection: Connection, engagement_id: uuid.UUID, *,
                    today: date | None = None) -> KpiOverview:
    """The engagement's KPIs by position and name, and the fiscal years it covers."""
    found = rows(connection, "SELECT title, start_on, planned_end_on FROM engagement "
                             "WHERE id = ?", (id_parameter(engagement_id),))
    if not found:
        raise EngagementNotFound(engagement_id)
    title, start_text, end_text = found[0]
    start_on, planned_end_on = date.fromisoformat(start_text), day_of(end_text)
    kpi_ids = [uuid_of(kpi_id) for (kpi_id,) in rows(
        connection, "SELECT id FROM kpi WHERE engagement_id = ? ORDER BY position, name",
        (id_parameter(engagement_id),))]
    years = covered_fiscal_years(start_on, planned_end_on, today=today or date.today())
    return KpiOverview(engagement_id=engagement_id, engagement_title=title,
                       start_on=start_on, planned_end_on=planned_end_on,
                       fiscal_years=tuple(years), kpis=tuple(kpi_infos(connection, kpi_ids)))


@dataclass(frozen=True)
class KpiYearLine:
    fiscal_year: int
    fiscal_year_label: str
    target: float | None
    actual: float | None
    basis: str  # how the actual was made (月次7か月の合計 ...)
    months: int  # months the actual covers (12: the whole year)
    achievement: float | None  # 1.0 = 100 %


@dataclass(frozen=True)
class KpiListRow:
    """One KPI for ``companion list kpis``: its settings, its years and its entries."""

    id: uuid.UUID
    name: str
    unit: str
    direction: KpiDirection
    aggregation: KpiAggregation
    baseline: float | None
    baseline_on: date | None
    years: tuple[KpiYearLine, ...]
    actuals: tuple[ActualInfo, ...]


def kpi_list_rows(connection: Connection, *, engagement_id: uuid.UUID,
                  today: date | None = None) -> list[KpiListRow]:
    """Each KPI with its target and actual per fiscal year (those the engagement covers
    and any with a target); an engagement that does not exist is an error."""
    overview = kpi_overview_of(connection, engagement_id, today=today)
    rows = []
    for kpi in overview.kpis:
        years = sorted(set(overview.fiscal_years) | set(kpi.targets))
        lines = []
        for year in years:
            figure = kpi.figure(year)
            target = kpi.targets.get(year)
            lines.append(KpiYearLine(
                fiscal_year=year, fiscal_year_label=fiscal_year_label(year), target=target,
                actual=figure.value, basis=figure.basis, months=figure.months,
                achievement=achievement(target, figure.value, kpi.direction)))
        rows.append(KpiListRow(id=kpi.id, name=kpi.name, unit=kpi.unit, direction=kpi.direction,
                               aggregation=kpi.aggregation, baseline=kpi.baseline,
                               baseline_on=kpi.baseline_on, years=tuple(lines),
                               actuals=kpi.actuals))
    return rows
